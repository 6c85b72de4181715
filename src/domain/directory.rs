//! The directory of people and organisations reused by every other record.

use super::error::FieldId as F;
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
