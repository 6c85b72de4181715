//! The care list: people the station owes periodic visits, docs/ARCHITECTURE.md, "Care list".

use super::error::{FieldId as F, StateName, StepName};
use super::validate::{self as v, Use};
use super::{FieldError, Id, StepError};
use crate::config::categories::{Categories, SetId};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A person on the care list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareEntry {
    /// The directory entry of the person.
    pub person_id: Id,
    /// Care group key.
    pub group: String,
    pub reason: String,
    pub needs: String,
    pub help_given: String,
    /// Visit every this many days.
    pub cadence_days: u32,
    /// On the list since; the first visit is due then.
    pub since: NaiveDate,
    pub active: bool,
}

impl CareEntry {
    /// Validates and normalises every field.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&CareEntry>,
    ) -> Result<CareEntry, FieldError> {
        let group_use = match old {
            Some(o) if o.group == self.group => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::CareGroup, F::Group, &self.group, group_use)?;
        v::range(F::CadenceDays, i64::from(self.cadence_days), 1, 366)?;
        v::plausible_date(F::Since, self.since)?;
        Ok(CareEntry {
            reason: v::text(F::Reason, &self.reason, true)?,
            needs: v::text(F::Needs, &self.needs, false)?,
            help_given: v::text(F::HelpGiven, &self.help_given, false)?,
            ..self.clone()
        })
    }
}

/// Whether an entry is on the list, as menus and refusals name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CareState {
    Active,
    Inactive,
}

impl CareEntry {
    pub fn state(&self) -> CareState {
        if self.active {
            CareState::Active
        } else {
            CareState::Inactive
        }
    }
}

/// The kinds of step on a care entry, as menus offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CareStepKind {
    /// Log a care visit done (a done visit with the care purpose).
    Log,
    /// Plan the next care visit (a planned visit).
    Plan,
    /// Change the cadence.
    Cadence,
}

impl CareStepKind {
    pub const ALL: [CareStepKind; 3] =
        [CareStepKind::Log, CareStepKind::Plan, CareStepKind::Cadence];
}

/// The steps `entry` allows now: all three while it is on the list.
pub fn allowed_steps(entry: &CareEntry) -> Vec<CareStepKind> {
    match entry.state() {
        CareState::Active => CareStepKind::ALL.to_vec(),
        CareState::Inactive => Vec::new(),
    }
}

/// A step on a care entry with its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareStep {
    /// A care visit done on `on` (today or earlier).
    Log {
        on: NaiveDate,
    },
    /// A care visit planned for `on` (today or later).
    Plan {
        on: NaiveDate,
    },
    Cadence {
        days: u32,
    },
}

impl CareStep {
    pub fn kind(&self) -> CareStepKind {
        match self {
            CareStep::Log { .. } => CareStepKind::Log,
            CareStep::Plan { .. } => CareStepKind::Plan,
            CareStep::Cadence { .. } => CareStepKind::Cadence,
        }
    }
}

/// Checks a step on `today` and gives the entry after it (a cadence
/// change; a logged or planned visit is a visit, stored as one, and
/// leaves the entry as it is).
pub fn apply(entry: &CareEntry, step: &CareStep, today: NaiveDate) -> Result<CareEntry, StepError> {
    if !allowed_steps(entry).contains(&step.kind()) {
        return Err(StepError::NotAllowed {
            step: StepName::Care(step.kind()),
            state: StateName::Care(entry.state()),
        });
    }
    let mut next = entry.clone();
    match *step {
        CareStep::Log { on } => {
            v::plausible_date(F::Date, on)?;
            v::not_after_today(F::Date, on, today)?;
        }
        CareStep::Plan { on } => {
            v::plausible_date(F::Date, on)?;
            v::not_before_today(F::Date, on, today)?;
        }
        CareStep::Cadence { days } => {
            v::range(F::CadenceDays, i64::from(days), 1, 366)?;
            next.cadence_days = days;
        }
    }
    Ok(next)
}

/// The next visit is due a cadence after the last one; never visited means
/// due from the day the person joined the list.
pub fn next_due(since: NaiveDate, cadence_days: u32, last_visit: Option<NaiveDate>) -> NaiveDate {
    match last_visit {
        Some(last) => last + Days::new(u64::from(cadence_days)),
        None => since,
    }
}

/// Due before today.
pub fn is_overdue(next_due: NaiveDate, today: NaiveDate) -> bool {
    next_due < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldId as F;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn next_due_follows_last_visit() {
        assert_eq!(next_due(d("2026-01-01"), 30, None), d("2026-01-01"));
        assert_eq!(
            next_due(d("2026-01-01"), 30, Some(d("2026-11-01"))),
            d("2026-12-01")
        );
        assert!(is_overdue(d("2026-11-25"), d("2026-11-26")));
        assert!(!is_overdue(d("2026-11-26"), d("2026-11-26")));
    }

    #[test]
    fn care_fields_are_checked() {
        let cats = Categories::shipped();
        let e = entry();
        assert!(e.validated(&cats, None).is_ok());
        let mut bad = e.clone();
        bad.cadence_days = 0;
        assert_eq!(
            bad.validated(&cats, None).unwrap_err().field,
            F::CadenceDays
        );
        let mut bad = e.clone();
        bad.group = "vip".into();
        assert_eq!(bad.validated(&cats, None).unwrap_err().field, F::Group);
        let mut bad = e;
        bad.reason.clear();
        assert_eq!(bad.validated(&cats, None).unwrap_err().field, F::Reason);
    }

    fn entry() -> CareEntry {
        CareEntry {
            person_id: 1,
            group: "brave_bystander".into(),
            reason: "2019 年勇救落水儿童".into(),
            needs: String::new(),
            help_given: String::new(),
            cadence_days: 90,
            since: d("2026-01-01"),
            active: true,
        }
    }

    fn sample(kind: CareStepKind) -> CareStep {
        match kind {
            CareStepKind::Log => CareStep::Log {
                on: d("2026-11-26"),
            },
            CareStepKind::Plan => CareStep::Plan {
                on: d("2026-12-01"),
            },
            CareStepKind::Cadence => CareStep::Cadence { days: 30 },
        }
    }

    /// For both states: each allowed kind succeeds, every other is refused.
    #[test]
    fn allowed_steps_agree_with_apply() {
        let today = d("2026-11-26");
        let mut off = entry();
        off.active = false;
        for state in [entry(), off] {
            let allowed = allowed_steps(&state);
            for kind in CareStepKind::ALL {
                let ok = apply(&state, &sample(kind), today).is_ok();
                assert_eq!(ok, allowed.contains(&kind), "{:?} {kind:?}", state.state());
            }
        }
    }

    #[test]
    fn a_care_visit_is_logged_today_or_earlier_and_planned_today_or_later() {
        let today = d("2026-11-26");
        let e = apply(
            &entry(),
            &CareStep::Log {
                on: d("2026-11-27"),
            },
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                problem: crate::domain::Problem::AfterToday,
                ..
            })
        ));
        let e = apply(
            &entry(),
            &CareStep::Plan {
                on: d("2026-11-25"),
            },
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                problem: crate::domain::Problem::BeforeToday,
                ..
            })
        ));
        let next = apply(&entry(), &CareStep::Cadence { days: 30 }, today).unwrap();
        assert_eq!(next.cadence_days, 30);
        assert!(apply(&entry(), &CareStep::Cadence { days: 0 }, today).is_err());
    }
}
