//! Visits (the calendar) and their open-door evaluations, docs/ARCHITECTURE.md, "Visits".
//!
//! Lifecycle: planned → done | cancelled; a planned visit may be
//! rescheduled; a planned visit whose date has passed is overdue.

use super::error::{FieldId as F, Rule, StateName, StepName};
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

/// A visit's state without its values, as menus and refusals name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitState {
    Planned,
    Done,
    Cancelled,
}

impl VisitState {
    pub const ALL: [VisitState; 3] = [VisitState::Planned, VisitState::Done, VisitState::Cancelled];
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

    /// The state without its values.
    pub fn state(&self) -> VisitState {
        match self {
            VisitStatus::Planned => VisitState::Planned,
            VisitStatus::Done { .. } => VisitState::Done,
            VisitStatus::Cancelled { .. } => VisitState::Cancelled,
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
    /// What was handed out at a done visit (all empty otherwise).
    #[serde(default)]
    pub handouts: Handouts,
}

/// What was handed out at a done visit, the counts the work summary adds
/// up (docs/ARCHITECTURE.md, "Rules that keep the record true"). Each is
/// optional: None means not recorded, which is not the same as zero.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Handouts {
    /// Legal-publicity materials; only on a visit with the law purpose.
    pub materials: Option<u32>,
    /// Open-door evaluation sheets handed out.
    pub sheets_out: Option<u32>,
    /// A care visit's gift, described (empty: none recorded).
    pub gift: String,
    /// The gift's value in fen (1 yuan = 100 fen).
    pub gift_fen: Option<u32>,
}

impl Handouts {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Handouts::default()
    }

    /// Validates the handouts of a visit with `purposes`, done or not:
    /// nothing is recorded on a visit not done, materials only with the
    /// law purpose, a gift only with the care purpose.
    pub fn validated(&self, purposes: &[String], done: bool) -> Result<Handouts, FieldError> {
        let broken = |f, r| Err(FieldError::new(f, Problem::Broken(r)));
        let has = |p: &str| purposes.iter().any(|k| k == p);
        let gift = v::line(F::Gift, &self.gift, false)?;
        let h = Handouts {
            gift,
            ..self.clone()
        };
        if !done && !h.is_empty() {
            return broken(F::SheetsOut, Rule::HandoutsNeedDoneVisit);
        }
        if let Some(n) = h.materials {
            if !has(LAW) {
                return broken(F::Materials, Rule::MaterialsNeedLawPurpose);
            }
            v::range(F::Materials, i64::from(n), 0, COUNT_MAX)?;
        }
        if let Some(n) = h.sheets_out {
            v::range(F::SheetsOut, i64::from(n), 0, COUNT_MAX)?;
        }
        if (!h.gift.is_empty() || h.gift_fen.is_some()) && !has(CARE) {
            return broken(F::Gift, Rule::GiftNeedsCarePurpose);
        }
        if let Some(n) = h.gift_fen {
            v::range(F::GiftAmount, i64::from(n), 0, GIFT_MAX_FEN)?;
        }
        Ok(h)
    }
}

/// The most materials or sheets one visit hands out.
const COUNT_MAX: i64 = 100_000;
/// The largest gift value, in fen (100,000 yuan).
const GIFT_MAX_FEN: i64 = 10_000_000;

/// Reads an amount typed in yuan ("200", "199.5", "199.50", "¥200") as
/// fen; None when blank. More than two decimals, a sign or anything
/// else is [`Problem::BadAmount`] on the gift's amount.
pub fn fen_of_yuan(text: &str) -> Result<Option<u32>, FieldError> {
    let t = text.trim().trim_start_matches(['¥', '￥']).trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || FieldError::new(F::GiftAmount, Problem::BadAmount);
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 9 {
        return Err(bad());
    }
    let yuan: u64 = whole.parse().map_err(|_| bad())?;
    let cents: u64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let fen = yuan * 100 + cents;
    if fen > GIFT_MAX_FEN as u64 {
        return Err(FieldError::new(
            F::GiftAmount,
            Problem::OutOfRange {
                min: 0,
                max: GIFT_MAX_FEN / 100,
            },
        ));
    }
    Ok(Some(fen as u32))
}

/// An amount in fen written in yuan: "200", "199.50".
pub fn yuan(fen: u32) -> String {
    match fen % 100 {
        0 => (fen / 100).to_string(),
        c => format!("{}.{c:02}", fen / 100),
    }
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
            handouts: Handouts::default(),
        }
    }

    /// Validates and normalises every field; `old` on an edit. A done visit
    /// is dated today or earlier.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&Visit>,
        today: NaiveDate,
    ) -> Result<Visit, FieldError> {
        v::plausible_date(F::Date, self.date)?;
        if self.status.state() == VisitState::Done {
            v::not_after_today(F::Date, self.date, today)?;
        }
        if let Some(d) = self.duration_min {
            v::range(F::Duration, i64::from(d), 1, 24 * 60)?;
        }
        if self.target_id.is_none() && self.place.trim().is_empty() {
            return Err(FieldError::new(F::Target, Problem::Required));
        }
        v::distinct_ids(F::Officers, &self.officers, true)?;
        let old_purposes = old.map(|o| o.purposes.as_slice()).unwrap_or_default();
        v::categories(
            cats,
            SetId::Purpose,
            F::Purposes,
            &self.purposes,
            old_purposes,
            true,
        )?;
        let form_use = match old {
            Some(o) if o.form == self.form => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::Form, F::Form, &self.form, form_use)?;
        let status = match &self.status {
            VisitStatus::Planned => VisitStatus::Planned,
            VisitStatus::Done {
                outcome,
                people_reached,
            } => done(outcome, *people_reached)?,
            VisitStatus::Cancelled { reason } => cancelled(reason)?,
        };
        let done = status.state() == VisitState::Done;
        let handouts = self.handouts.validated(&self.purposes, done)?;
        // Stored link tables come back in key order; normalise so a
        // record reads back exactly as saved.
        let mut officers = self.officers.clone();
        officers.sort_unstable();
        let mut purposes = self.purposes.clone();
        purposes.sort();
        Ok(Visit {
            officers,
            purposes,
            place: v::line(F::Place, &self.place, false)?,
            mission: v::text(F::Mission, &self.mission, false)?,
            status,
            handouts,
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
/// The purpose key of legal publicity, whose visits count materials.
pub const LAW: &str = "law";
/// The purpose key a mediation session's visit carries.
pub const MEDIATION: &str = "mediation";

fn done(outcome: &str, people_reached: u32) -> Result<VisitStatus, FieldError> {
    v::range(F::PeopleReached, i64::from(people_reached), 0, 100_000)?;
    Ok(VisitStatus::Done {
        outcome: v::text(F::Outcome, outcome, true)?,
        people_reached,
    })
}

fn cancelled(reason: &str) -> Result<VisitStatus, FieldError> {
    Ok(VisitStatus::Cancelled {
        reason: v::text(F::Reason, reason, true)?,
    })
}

/// The kinds of step on a visit, as menus offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitStepKind {
    Complete,
    Cancel,
    Reschedule,
    /// Record an open-door evaluation (at a done visit).
    Evaluate,
    /// Raise an issue heard at the visit (at a done visit).
    RaiseIssue,
}

impl VisitStepKind {
    pub const ALL: [VisitStepKind; 5] = [
        VisitStepKind::Complete,
        VisitStepKind::Cancel,
        VisitStepKind::Reschedule,
        VisitStepKind::Evaluate,
        VisitStepKind::RaiseIssue,
    ];
}

/// The steps `visit` allows in its current state, in menu order.
pub fn allowed_steps(visit: &Visit) -> Vec<VisitStepKind> {
    use VisitStepKind as K;
    match visit.status.state() {
        VisitState::Planned => vec![K::Complete, K::Cancel, K::Reschedule],
        // Follow-ups stay open: several people may evaluate, several
        // issues may be raised at one visit.
        VisitState::Done => vec![K::Evaluate, K::RaiseIssue],
        VisitState::Cancelled => Vec::new(),
    }
}

/// A lifecycle step on a visit.
#[derive(Debug, Clone, PartialEq)]
pub enum VisitStep {
    /// Mark done. `on` is the day it was done, never after today; None
    /// means the planned day, or today when that is still ahead. The visit
    /// moves to that day. `handouts` are what was handed out there.
    Complete {
        outcome: String,
        people_reached: u32,
        on: Option<NaiveDate>,
        handouts: Handouts,
    },
    Cancel {
        reason: String,
    },
    /// Move a planned visit to another day, today or later.
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

    pub fn kind(&self) -> VisitStepKind {
        match self {
            VisitStep::Complete { .. } => VisitStepKind::Complete,
            VisitStep::Cancel { .. } => VisitStepKind::Cancel,
            VisitStep::Reschedule { .. } => VisitStepKind::Reschedule,
        }
    }
}

/// Why `kind` is not allowed on `visit` now.
fn not_allowed(visit: &Visit, kind: VisitStepKind) -> StepError {
    StepError::NotAllowed {
        step: StepName::Visit(kind),
        state: StateName::Visit(visit.status.state()),
    }
}

/// Applies a step on `today`: only a planned visit can be completed,
/// cancelled or rescheduled.
pub fn apply(visit: &Visit, step: &VisitStep, today: NaiveDate) -> Result<Visit, StepError> {
    if !allowed_steps(visit).contains(&step.kind()) {
        return Err(not_allowed(visit, step.kind()));
    }
    let mut next = visit.clone();
    match step {
        VisitStep::Complete {
            outcome,
            people_reached,
            on,
            handouts,
        } => {
            let on = on.unwrap_or(visit.date.min(today));
            v::plausible_date(F::Date, on)?;
            v::not_after_today(F::Date, on, today)?;
            next.date = on;
            next.status = done(outcome, *people_reached)?;
            next.handouts = handouts.validated(&visit.purposes, true)?;
        }
        VisitStep::Cancel { reason } => next.status = cancelled(reason)?,
        VisitStep::Reschedule { date, time } => {
            v::plausible_date(F::Date, *date)?;
            v::not_before_today(F::Date, *date, today)?;
            next.date = *date;
            next.time = *time;
        }
    }
    Ok(next)
}

/// The raised date of an issue heard at `visit`: the day the visit was
/// done. Only a done visit raises issues.
pub fn raise_date(visit: &Visit) -> Result<NaiveDate, StepError> {
    if visit.status.state() != VisitState::Done {
        return Err(not_allowed(visit, VisitStepKind::RaiseIssue));
    }
    Ok(visit.date)
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
            return Err(StepError::Rule(Rule::EvaluationNeedsDoneVisit));
        }
        if self.ratings.is_empty() {
            return Err(FieldError::new(F::Ratings, Problem::Required).into());
        }
        for (i, (aspect, rating)) in self.ratings.iter().enumerate() {
            if self.ratings[..i].iter().any(|(a, _)| a == aspect) {
                return Err(FieldError::new(F::Ratings, Problem::Duplicate(aspect.clone())).into());
            }
            v::category(cats, SetId::Aspect, F::Ratings, aspect, Use::New)?;
            v::category(cats, SetId::Rating, F::Ratings, rating, Use::New)?;
        }
        Ok(Evaluation {
            respondent: v::line(F::Evaluator, &self.respondent, false)?,
            ratings: self.ratings.clone(),
            comments: v::text(F::Comments, &self.comments, false)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::FieldId;
    use FieldId as F;

    const TODAY: &str = "2026-11-25";

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
        assert!(visit()
            .validated(&Categories::shipped(), None, d(TODAY))
            .is_ok());
    }

    #[test]
    fn visit_fields_are_checked() {
        let cats = Categories::shipped();
        let check = |f: fn(&mut Visit), field: FieldId| {
            let mut v = visit();
            f(&mut v);
            assert_eq!(v.validated(&cats, None, d(TODAY)).unwrap_err().field, field);
        };
        check(|v| v.officers.clear(), F::Officers);
        check(|v| v.officers = vec![1, 1], F::Officers);
        check(|v| v.purposes.clear(), F::Purposes);
        check(|v| v.purposes = vec!["bribes".into()], F::Purposes);
        check(|v| v.form = "party".into(), F::Form);
        check(|v| v.target_id = None, F::Target);
        check(|v| v.duration_min = Some(0), F::Duration);
        check(|v| v.date = d("1990-01-01"), F::Date);
        check(|v| v.mission = "\x07".into(), F::Mission);
        check(
            |v| {
                v.status = VisitStatus::Done {
                    outcome: " ".into(),
                    people_reached: 1,
                }
            },
            F::Outcome,
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
                on: None,
                handouts: Handouts::default(),
            },
            d(TODAY),
        );
        assert_eq!(done.unwrap().status.name(), "done");
        let c = apply(
            &v,
            &VisitStep::Cancel {
                reason: "暴雨".into(),
            },
            d(TODAY),
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
            d(TODAY),
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
                on: None,
                handouts: Handouts::default(),
            },
            d(TODAY),
        )
        .unwrap();
        let cancelled = apply(
            &visit(),
            &VisitStep::Cancel { reason: "r".into() },
            d(TODAY),
        )
        .unwrap();
        let steps = [
            VisitStep::Complete {
                outcome: "x".into(),
                people_reached: 1,
                on: None,
                handouts: Handouts::default(),
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
                    matches!(apply(v, s, d(TODAY)), Err(StepError::NotAllowed { .. })),
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
                on: None,
                handouts: Handouts::default(),
            },
            d(TODAY),
        );
        assert!(matches!(
            e,
            Err(StepError::Field(FieldError {
                field: F::Outcome,
                ..
            }))
        ));
        let e = apply(
            &visit(),
            &VisitStep::Cancel {
                reason: "  ".into(),
            },
            d(TODAY),
        );
        assert!(matches!(
            e,
            Err(StepError::Field(FieldError {
                field: F::Reason,
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
                on: None,
                handouts: Handouts::default(),
            },
            d(TODAY),
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
                on: None,
                handouts: Handouts::default(),
            },
            d(TODAY),
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

    /// For every state: each allowed kind succeeds with valid values,
    /// every other kind is refused.
    #[test]
    fn allowed_steps_agree_with_the_steps() {
        let cats = Categories::shipped();
        let today = d(TODAY);
        let done = apply(&visit(), &sample(VisitStepKind::Complete), today).unwrap();
        let cancelled = apply(&visit(), &sample(VisitStepKind::Cancel), today).unwrap();
        let eval = Evaluation {
            respondent: String::new(),
            ratings: vec![("attitude".into(), "satisfied".into())],
            comments: String::new(),
        };
        for state in [visit(), done, cancelled] {
            let allowed = allowed_steps(&state);
            for kind in VisitStepKind::ALL {
                let ok = match kind {
                    VisitStepKind::Evaluate => eval.validated(&cats, &state).is_ok(),
                    VisitStepKind::RaiseIssue => raise_date(&state).is_ok(),
                    _ => apply(&state, &sample(kind), today).is_ok(),
                };
                assert_eq!(ok, allowed.contains(&kind), "{:?} {kind:?}", state.status);
            }
        }
    }

    fn sample(kind: VisitStepKind) -> VisitStep {
        match kind {
            VisitStepKind::Cancel => VisitStep::Cancel {
                reason: "雨".into(),
            },
            VisitStepKind::Reschedule => VisitStep::Reschedule {
                date: d("2026-12-01"),
                time: None,
            },
            _ => VisitStep::Complete {
                outcome: "ok".into(),
                people_reached: 1,
                on: None,
                handouts: Handouts::default(),
            },
        }
    }

    #[test]
    fn done_is_never_after_today_and_an_early_visit_moves_to_its_day() {
        let today = d("2026-11-18");
        let mut early = visit(); // planned for 2026-11-20
        let complete = |on| VisitStep::Complete {
            outcome: "ok".into(),
            people_reached: 1,
            on,
            handouts: Handouts::default(),
        };
        let done = apply(&early, &complete(None), today).unwrap();
        assert_eq!(done.date, today, "done early: moves to today");
        let e = apply(&early, &complete(Some(d("2026-11-19"))), today).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                field: F::Date,
                problem: Problem::AfterToday
            })
        ));
        let done = apply(&early, &complete(Some(d("2026-11-17"))), today).unwrap();
        assert_eq!(done.date, d("2026-11-17"));
        // An overdue visit done late keeps its day unless told otherwise.
        let done = apply(&early, &complete(None), d("2026-11-30")).unwrap();
        assert_eq!(done.date, d("2026-11-20"));
        // A done visit saved through a form is not dated after today.
        early.status = VisitStatus::Done {
            outcome: "ok".into(),
            people_reached: 1,
        };
        let cats = Categories::shipped();
        let e = early.validated(&cats, None, today).unwrap_err();
        assert_eq!((e.field, e.problem), (F::Date, Problem::AfterToday));
        assert!(early.validated(&cats, None, d("2026-11-20")).is_ok());
    }

    #[test]
    fn a_visit_is_not_rescheduled_into_the_past() {
        let step = |date| VisitStep::Reschedule { date, time: None };
        let e = apply(&visit(), &step(d("2026-11-24")), d(TODAY)).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                problem: Problem::BeforeToday,
                ..
            })
        ));
        assert!(apply(&visit(), &step(d(TODAY)), d(TODAY)).is_ok());
    }

    #[test]
    fn an_issue_raised_at_a_visit_takes_its_done_day() {
        assert!(raise_date(&visit()).is_err());
        let done = apply(&visit(), &sample(VisitStepKind::Complete), d("2026-11-18")).unwrap();
        assert_eq!(raise_date(&done).unwrap(), d("2026-11-18"));
    }

    fn handouts(
        materials: Option<u32>,
        sheets: Option<u32>,
        gift: &str,
        fen: Option<u32>,
    ) -> Handouts {
        Handouts {
            materials,
            sheets_out: sheets,
            gift: gift.into(),
            gift_fen: fen,
        }
    }

    fn complete_with(h: Handouts) -> VisitStep {
        VisitStep::Complete {
            outcome: "ok".into(),
            people_reached: 10,
            on: None,
            handouts: h,
        }
    }

    #[test]
    fn materials_need_the_law_purpose_and_gifts_the_care_purpose() {
        let today = d(TODAY);
        let broken = |r: Result<Visit, StepError>| match r {
            Err(StepError::Field(FieldError {
                field,
                problem: Problem::Broken(rule),
            })) => Some((field, rule)),
            _ => None,
        };
        // visit() has only the warmth purpose.
        let m = apply(
            &visit(),
            &complete_with(handouts(Some(30), None, "", None)),
            today,
        );
        assert_eq!(
            broken(m),
            Some((F::Materials, Rule::MaterialsNeedLawPurpose))
        );
        let g = apply(
            &visit(),
            &complete_with(handouts(None, None, "米面油", None)),
            today,
        );
        assert_eq!(broken(g), Some((F::Gift, Rule::GiftNeedsCarePurpose)));
        let g = apply(
            &visit(),
            &complete_with(handouts(None, None, "", Some(100))),
            today,
        );
        assert_eq!(broken(g), Some((F::Gift, Rule::GiftNeedsCarePurpose)));
        // Sheets go on any done visit.
        let s = apply(
            &visit(),
            &complete_with(handouts(None, Some(5), "", None)),
            today,
        );
        assert_eq!(s.unwrap().handouts.sheets_out, Some(5));
        let mut both = visit();
        both.purposes = vec!["care".into(), "law".into()];
        let h = handouts(Some(30), Some(4), "米面油", Some(19950));
        let done = apply(&both, &complete_with(h.clone()), today).unwrap();
        assert_eq!(done.handouts, h);
    }

    #[test]
    fn handouts_are_recorded_only_on_a_done_visit_and_within_range() {
        let cats = Categories::shipped();
        let mut planned = visit();
        planned.handouts.sheets_out = Some(3);
        let e = planned.validated(&cats, None, d(TODAY)).unwrap_err();
        assert_eq!(e.problem, Problem::Broken(Rule::HandoutsNeedDoneVisit));
        let mut law = visit();
        law.purposes = vec!["law".into()];
        let e = apply(
            &law,
            &complete_with(handouts(Some(100_001), None, "", None)),
            d(TODAY),
        );
        assert!(matches!(
            e,
            Err(StepError::Field(FieldError {
                field: F::Materials,
                problem: Problem::OutOfRange { .. }
            }))
        ));
        // An edit of a done visit that drops the law purpose keeps no
        // materials it could not count.
        let done = apply(
            &law,
            &complete_with(handouts(Some(40), None, "", None)),
            d(TODAY),
        )
        .unwrap();
        let mut edited = done.clone();
        edited.purposes = vec!["warmth".into()];
        let e = edited.validated(&cats, Some(&done), d(TODAY)).unwrap_err();
        assert_eq!(e.field, F::Materials);
        assert!(done.validated(&cats, Some(&done), d(TODAY)).is_ok());
    }

    #[test]
    fn gift_amounts_are_typed_in_yuan_and_kept_in_fen() {
        assert_eq!(fen_of_yuan("200"), Ok(Some(20_000)));
        assert_eq!(fen_of_yuan(" 199.50 "), Ok(Some(19_950)));
        assert_eq!(fen_of_yuan("199.5"), Ok(Some(19_950)));
        assert_eq!(fen_of_yuan("¥0.08"), Ok(Some(8)));
        assert_eq!(fen_of_yuan(""), Ok(None));
        for bad in ["-5", "1.234", "abc", ".5", "1,000", "1e3"] {
            assert_eq!(
                fen_of_yuan(bad).unwrap_err(),
                FieldError::new(F::GiftAmount, Problem::BadAmount),
                "{bad}"
            );
        }
        assert!(matches!(
            fen_of_yuan("100001").unwrap_err().problem,
            Problem::OutOfRange { .. }
        ));
        assert_eq!(yuan(20_000), "200");
        assert_eq!(yuan(19_950), "199.50");
        assert_eq!(yuan(8), "0.08");
    }
}
