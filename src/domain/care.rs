//! The care list: people the station owes periodic visits, DESIGN §1.4.

use super::error::FieldId as F;
use super::validate::{self as v, Use};
use super::{FieldError, Id};
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
        let e = CareEntry {
            person_id: 1,
            group: "brave_bystander".into(),
            reason: "2019 年勇救落水儿童".into(),
            needs: String::new(),
            help_given: String::new(),
            cadence_days: 90,
            since: d("2026-01-01"),
            active: true,
        };
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
}
