//! The station's officers: visitors, responsible persons, mediators.

use super::error::FieldId as F;
use super::validate::{self as v, Use};
use super::FieldError;
use crate::config::categories::{Categories, SetId};
use serde::{Deserialize, Serialize};

/// One officer of the station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Officer {
    pub name: String,
    /// Badge number (警号).
    pub badge: String,
    /// Unit key from the `unit` category set.
    pub unit: String,
    /// The OS login that maps to this officer, if any.
    pub os_user: Option<String>,
    pub phone: String,
    /// A station leader, who may take personal charge of high-risk cases.
    pub leader: bool,
    pub active: bool,
}

impl Officer {
    /// Validates and normalises every field.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&Officer>,
    ) -> Result<Officer, FieldError> {
        let unit_use = match old {
            Some(o) if o.unit == self.unit => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::Unit, F::Unit, &self.unit, unit_use)?;
        let os_user = match &self.os_user {
            Some(u) => Some(v::line(F::OsUser, u, false)?).filter(|u| !u.is_empty()),
            None => None,
        };
        Ok(Officer {
            name: v::line(F::Name, &self.name, true)?,
            badge: v::line(F::Badge, &self.badge, true)?,
            unit: self.unit.clone(),
            os_user,
            phone: v::phone(F::Phone, &self.phone)?,
            leader: self.leader,
            active: self.active,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldId as F;

    #[test]
    fn officer_fields_are_checked() {
        let cats = Categories::shipped();
        let ok = Officer {
            name: "张伟".into(),
            badge: "031204".into(),
            unit: cats.keys(SetId::Unit)[0].clone(),
            os_user: Some(" zhangwei ".into()),
            phone: String::new(),
            leader: false,
            active: true,
        };
        assert_eq!(
            ok.validated(&cats, None).unwrap().os_user.as_deref(),
            Some("zhangwei")
        );
        let mut bad = ok.clone();
        bad.badge.clear();
        assert_eq!(bad.validated(&cats, None).unwrap_err().field, F::Badge);
        let mut bad = ok.clone();
        bad.unit = "nowhere".into();
        assert_eq!(bad.validated(&cats, None).unwrap_err().field, F::Unit);
    }
}
