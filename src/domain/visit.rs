//! Visits (the calendar) and their open-door evaluations, DESIGN §1.1.
//!
//! Lifecycle: planned → done | cancelled; a planned visit may be
//! rescheduled; a planned visit whose date has passed is overdue.

use super::validate::{self as v, Use};
use super::{FieldError, Id, Problem, StepError};
use crate::config::categories::{Categories, SetId};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Where a visit stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum VisitStatus {
    Planned,
    Done {
        outcome: String,
        people_reached: u32,
    },
    Cancelled {
        reason: String,
    },
}

impl VisitStatus {
    /// The stored name of the state.
    pub fn name(&self) -> &'static str {
        match self {
            VisitStatus::Planned => "planned",
            VisitStatus::Done { .. } => "done",
            VisitStatus::Cancelled { .. } => "cancelled",
        }
    }
}

/// A planned or completed outreach engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub duration_min: Option<u32>,
    /// The person, household or organisation visited.
    pub target_id: Option<Id>,
    /// Free-text place when there is no directory target (a market, a road).
    pub place: String,
    /// Officers who go; at least one.
    pub officers: Vec<Id>,
    /// Purpose keys; at least one.
    pub purposes: Vec<String>,
    /// Form key (ordinary, or one of the six consultations).
    pub form: String,
    /// What to bring and why: the mission.
    pub mission: String,
    pub status: VisitStatus,
}

impl Visit {
    /// A planned visit with the given essentials; other fields empty.
    pub fn planned(date: NaiveDate, officers: Vec<Id>, purposes: Vec<String>, form: &str) -> Visit {
        Visit {
            date,
            time: None,
            duration_min: None,
            target_id: None,
            place: String::new(),
            officers,
            purposes,
            form: form.to_string(),
            mission: String::new(),
            status: VisitStatus::Planned,
        }
    }

    /// Validates and normalises every field; `old` on an edit.
    pub fn validated(&self, cats: &Categories, old: Option<&Visit>) -> Result<Visit, FieldError> {
        v::plausible_date("date", self.date)?;
        if let Some(d) = self.duration_min {
            v::range("duration", i64::from(d), 1, 24 * 60)?;
        }
        if self.target_id.is_none() && self.place.trim().is_empty() {
            return Err(FieldError::new("target", Problem::Required));
        }
        v::distinct_ids("officers", &self.officers, true)?;
        let old_purposes = old.map(|o| o.purposes.as_slice()).unwrap_or_default();
        v::categories(
            cats,
            SetId::Purpose,
            "purposes",
            &self.purposes,
            old_purposes,
            true,
        )?;
        let form_use = match old {
            Some(o) if o.form == self.form => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::Form, "form", &self.form, form_use)?;
        let status = match &self.status {
            VisitStatus::Planned => VisitStatus::Planned,
            VisitStatus::Done {
                outcome,
                people_reached,
            } => done(outcome, *people_reached)?,
            VisitStatus::Cancelled { reason } => cancelled(reason)?,
        };
        // Stored link tables come back in key order; normalise so a
        // record reads back exactly as saved.
        let mut officers = self.officers.clone();
        officers.sort_unstable();
        let mut purposes = self.purposes.clone();
        purposes.sort();
        Ok(Visit {
            officers,
            purposes,
            place: v::line("place", &self.place, false)?,
            mission: v::text("mission", &self.mission, false)?,
            status,
            ..self.clone()
        })
    }

    /// A planned visit whose date has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == VisitStatus::Planned && self.date < today
    }

    /// Whether this visit counts as a care visit to `person`.
    pub fn is_care_visit_to(&self, person: Id) -> bool {
        self.target_id == Some(person) && self.purposes.iter().any(|p| p == CARE)
    }
}

/// The purpose key the care list depends on.
pub const CARE: &str = "care";
/// The purpose key a mediation session's visit carries.
pub const MEDIATION: &str = "mediation";

fn done(outcome: &str, people_reached: u32) -> Result<VisitStatus, FieldError> {
    v::range("people_reached", i64::from(people_reached), 0, 100_000)?;
    Ok(VisitStatus::Done {
        outcome: v::text("outcome", outcome, true)?,
        people_reached,
    })
}

fn cancelled(reason: &str) -> Result<VisitStatus, FieldError> {
    Ok(VisitStatus::Cancelled {
        reason: v::text("reason", reason, true)?,
    })
}

/// A lifecycle step on a visit.
#[derive(Debug, Clone, PartialEq)]
pub enum VisitStep {
    Complete {
        outcome: String,
        people_reached: u32,
    },
    Cancel {
        reason: String,
    },
    Reschedule {
        date: NaiveDate,
        time: Option<NaiveTime>,
    },
}

impl VisitStep {
    /// The step's name, as it appears in the audit.
    pub fn name(&self) -> &'static str {
        match self {
            VisitStep::Complete { .. } => "complete",
            VisitStep::Cancel { .. } => "cancel",
            VisitStep::Reschedule { .. } => "reschedule",
        }
    }
}

/// Applies a step: only a planned visit can be completed, cancelled or
/// rescheduled.
pub fn apply(visit: &Visit, step: &VisitStep) -> Result<Visit, StepError> {
    if visit.status != VisitStatus::Planned {
        return Err(StepError::NotAllowed {
            step: step.name(),
            state: visit.status.name(),
        });
    }
    let mut next = visit.clone();
    match step {
        VisitStep::Complete {
            outcome,
            people_reached,
        } => {
            next.status = done(outcome, *people_reached)?;
        }
        VisitStep::Cancel { reason } => next.status = cancelled(reason)?,
        VisitStep::Reschedule { date, time } => {
            v::plausible_date("date", *date)?;
            next.date = *date;
            next.time = *time;
        }
    }
    Ok(next)
}

/// One open-door evaluation (开门评警) given at a done visit: a rating per
/// aspect on the satisfaction scale, and comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Evaluation {
    /// Who gave it; empty when they preferred not to say.
    pub respondent: String,
    /// (aspect key, rating key) pairs.
    pub ratings: Vec<(String, String)>,
    pub comments: String,
}

impl Evaluation {
    /// Validates an evaluation for `visit`, which must be done.
    pub fn validated(&self, cats: &Categories, visit: &Visit) -> Result<Evaluation, StepError> {
        if !matches!(visit.status, VisitStatus::Done { .. }) {
            return Err(StepError::Rule(
                "an open-door evaluation needs a done visit",
            ));
        }
        if self.ratings.is_empty() {
            return Err(FieldError::new("ratings", Problem::Required).into());
        }
        for (i, (aspect, rating)) in self.ratings.iter().enumerate() {
            if self.ratings[..i].iter().any(|(a, _)| a == aspect) {
                return Err(FieldError::new("ratings", Problem::Duplicate(aspect.clone())).into());
            }
            v::category(cats, SetId::Aspect, "ratings", aspect, Use::New)?;
            v::category(cats, SetId::Rating, "ratings", rating, Use::New)?;
        }
        Ok(Evaluation {
            respondent: v::line("respondent", &self.respondent, false)?,
            ratings: self.ratings.clone(),
            comments: v::text("comments", &self.comments, false)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn visit() -> Visit {
        let mut v = Visit::planned(
            d("2026-11-20"),
            vec![1, 2],
            vec!["warmth".into()],
            "ordinary",
        );
        v.target_id = Some(7);
        v
    }

    #[test]
    fn planned_visit_validates() {
        assert!(visit().validated(&Categories::shipped(), None).is_ok());
    }

    #[test]
    fn visit_fields_are_checked() {
        let cats = Categories::shipped();
        let check = |f: fn(&mut Visit), field: &str| {
            let mut v = visit();
            f(&mut v);
            assert_eq!(v.validated(&cats, None).unwrap_err().field, field);
        };
        check(|v| v.officers.clear(), "officers");
        check(|v| v.officers = vec![1, 1], "officers");
        check(|v| v.purposes.clear(), "purposes");
        check(|v| v.purposes = vec!["bribes".into()], "purposes");
        check(|v| v.form = "party".into(), "form");
        check(|v| v.target_id = None, "target");
        check(|v| v.duration_min = Some(0), "duration");
        check(|v| v.date = d("1990-01-01"), "date");
        check(|v| v.mission = "\x07".into(), "mission");
        check(
            |v| {
                v.status = VisitStatus::Done {
                    outcome: " ".into(),
                    people_reached: 1,
                }
            },
            "outcome",
        );
    }

    #[test]
    fn planned_visit_completes_cancels_and_reschedules() {
        let v = visit();
        let done = apply(
            &v,
            &VisitStep::Complete {
                outcome: "送米面油".into(),
                people_reached: 3,
            },
        );
        assert_eq!(done.unwrap().status.name(), "done");
        let c = apply(
            &v,
            &VisitStep::Cancel {
                reason: "暴雨".into(),
            },
        )
        .unwrap();
        assert_eq!(
            c.status,
            VisitStatus::Cancelled {
                reason: "暴雨".into()
            }
        );
        let r = apply(
            &v,
            &VisitStep::Reschedule {
                date: d("2026-12-01"),
                time: None,
            },
        )
        .unwrap();
        assert_eq!((r.date, r.status.name()), (d("2026-12-01"), "planned"));
    }

    #[test]
    fn done_and_cancelled_visits_refuse_every_step() {
        let done = apply(
            &visit(),
            &VisitStep::Complete {
                outcome: "ok".into(),
                people_reached: 1,
            },
        )
        .unwrap();
        let cancelled = apply(&visit(), &VisitStep::Cancel { reason: "r".into() }).unwrap();
        let steps = [
            VisitStep::Complete {
                outcome: "x".into(),
                people_reached: 1,
            },
            VisitStep::Cancel { reason: "x".into() },
            VisitStep::Reschedule {
                date: d("2026-12-01"),
                time: None,
            },
        ];
        for v in [&done, &cancelled] {
            for s in &steps {
                assert!(
                    matches!(apply(v, s), Err(StepError::NotAllowed { .. })),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn completing_needs_an_outcome_and_cancelling_a_reason() {
        let e = apply(
            &visit(),
            &VisitStep::Complete {
                outcome: "".into(),
                people_reached: 0,
            },
        );
        assert!(matches!(
            e,
            Err(StepError::Field(FieldError {
                field: "outcome",
                ..
            }))
        ));
        let e = apply(
            &visit(),
            &VisitStep::Cancel {
                reason: "  ".into(),
            },
        );
        assert!(matches!(
            e,
            Err(StepError::Field(FieldError {
                field: "reason",
                ..
            }))
        ));
    }

    #[test]
    fn overdue_is_planned_and_past() {
        let v = visit();
        assert!(v.is_overdue(d("2026-11-21")));
        assert!(!v.is_overdue(d("2026-11-20")));
        let done = apply(
            &v,
            &VisitStep::Complete {
                outcome: "ok".into(),
                people_reached: 1,
            },
        );
        assert!(!done.unwrap().is_overdue(d("2026-12-21")));
    }

    #[test]
    fn evaluation_needs_done_visit_and_valid_ratings() {
        let cats = Categories::shipped();
        let eval = Evaluation {
            respondent: "王大爷".into(),
            ratings: vec![("attitude".into(), "satisfied".into())],
            comments: "民警很耐心".into(),
        };
        let e = eval.validated(&cats, &visit());
        assert!(matches!(e, Err(StepError::Rule(_))));
        let done = apply(
            &visit(),
            &VisitStep::Complete {
                outcome: "ok".into(),
                people_reached: 1,
            },
        )
        .unwrap();
        assert!(eval.validated(&cats, &done).is_ok());
        let mut bad = eval.clone();
        bad.ratings.push(("attitude".into(), "dissatisfied".into()));
        assert!(bad.validated(&cats, &done).is_err());
        let mut bad = eval.clone();
        bad.ratings = vec![("attitude".into(), "great".into())];
        assert!(bad.validated(&cats, &done).is_err());
        let mut bad = eval;
        bad.ratings.clear();
        assert!(bad.validated(&cats, &done).is_err());
    }
}
