//! The directory of people and organisations reused by every other record.

use super::error::FieldId as F;
use super::error::{Rule, StateName, StepError, StepName};
use super::validate::{self as v, Use};
use super::FieldError;
use crate::config::categories::{Categories, SetId};
use serde::{Deserialize, Serialize};

/// A person, household or organisation the station deals with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DirectoryEntry {
    pub name: String,
    /// Target kind key (person, household, enterprise, school, ...).
    pub kind: String,
    pub address: String,
    pub phone: String,
    /// Vulnerable-group keys.
    pub tags: Vec<String>,
    pub notes: String,
    /// Retired (made by mistake, or merged into another entry): readable
    /// on old records, no longer offered in pickers.
    #[serde(default)]
    pub retired: bool,
}

impl DirectoryEntry {
    /// Validates and normalises every field. `old` is the stored record on
    /// an edit, so keys it already had may be retired ones.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&DirectoryEntry>,
    ) -> Result<DirectoryEntry, FieldError> {
        let kind_use = match old {
            Some(o) if o.kind == self.kind => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::TargetKind, F::Kind, &self.kind, kind_use)?;
        let old_tags = old.map(|o| o.tags.as_slice()).unwrap_or_default();
        v::categories(
            cats,
            SetId::VulnerableGroup,
            F::Tags,
            &self.tags,
            old_tags,
            false,
        )?;
        let mut tags = self.tags.clone();
        tags.sort(); // read back in key order
        Ok(DirectoryEntry {
            name: v::line(F::Name, &self.name, true)?,
            kind: self.kind.clone(),
            address: v::line(F::Address, &self.address, false)?,
            phone: v::phone(F::Phone, &self.phone)?,
            tags,
            notes: v::text(F::Notes, &self.notes, false)?,
            retired: old.is_some_and(|o| o.retired),
        })
    }
}

/// The steps on a directory entry: fold a duplicate into the right entry
/// (its records move there), or retire one made by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStepKind {
    Merge,
    Retire,
}

impl EntryStepKind {
    pub const ALL: [EntryStepKind; 2] = [EntryStepKind::Merge, EntryStepKind::Retire];
}

/// The steps `entry` allows: both while it is in use, none once retired.
pub fn allowed_steps(entry: &DirectoryEntry) -> Vec<EntryStepKind> {
    match entry.retired {
        true => Vec::new(),
        false => EntryStepKind::ALL.to_vec(),
    }
}

/// Checks a merge of entry `from` into entry `into`: not into itself, not
/// into a retired entry, not from a retired one.
pub fn check_merge(
    from: (i64, &DirectoryEntry),
    into: (i64, &DirectoryEntry),
) -> Result<(), StepError> {
    if !allowed_steps(from.1).contains(&EntryStepKind::Merge) {
        return Err(StepError::NotAllowed {
            step: StepName::Entry(EntryStepKind::Merge),
            state: StateName::Entry(from.1.retired),
        });
    }
    if from.0 == into.0 {
        return Err(StepError::Rule(Rule::MergeIntoItself));
    }
    if into.1.retired {
        return Err(StepError::Rule(Rule::MergeIntoRetired));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_goes_into_another_entry_in_use() {
        let a = DirectoryEntry::default();
        let retired = DirectoryEntry {
            retired: true,
            ..DirectoryEntry::default()
        };
        assert_eq!(check_merge((1, &a), (2, &a)), Ok(()));
        assert_eq!(
            check_merge((1, &a), (1, &a)),
            Err(StepError::Rule(Rule::MergeIntoItself))
        );
        assert_eq!(
            check_merge((1, &a), (2, &retired)),
            Err(StepError::Rule(Rule::MergeIntoRetired))
        );
        assert!(check_merge((1, &retired), (2, &a)).is_err());
        assert_eq!(allowed_steps(&a), EntryStepKind::ALL.to_vec());
        assert!(allowed_steps(&retired).is_empty());
    }
    use crate::domain::FieldId as F;
    use crate::domain::Problem;

    fn entry() -> DirectoryEntry {
        DirectoryEntry {
            name: " 李秀英 ".into(),
            kind: "person".into(),
            address: "城关镇幸福路 12 号".into(),
            phone: "139 1234 5678".into(),
            tags: vec!["lonely_elderly".into()],
            notes: String::new(),
            retired: false,
        }
    }

    #[test]
    fn valid_entry_is_trimmed() {
        let e = entry().validated(&Categories::shipped(), None).unwrap();
        assert_eq!(e.name, "李秀英");
    }

    #[test]
    fn each_field_is_checked() {
        let cats = Categories::shipped();
        let check = |f: fn(&mut DirectoryEntry), field: F| {
            let mut e = entry();
            f(&mut e);
            assert_eq!(e.validated(&cats, None).unwrap_err().field, field);
        };
        check(|e| e.name = String::new(), F::Name);
        check(|e| e.kind = "spaceship".into(), F::Kind);
        check(|e| e.address = "a\x1bb".into(), F::Address);
        check(|e| e.phone = "call me".into(), F::Phone);
        check(|e| e.tags = vec!["nope".into()], F::Tags);
        check(|e| e.notes = "n".repeat(6000), F::Notes);
        let mut e = entry();
        e.name = "x\x1b[2J".into();
        assert_eq!(
            e.validated(&cats, None).unwrap_err().problem,
            Problem::ControlCharacter
        );
    }
}
