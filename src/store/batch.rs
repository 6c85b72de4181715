//! The festival batch (DESIGN §1.4): the entries of the chosen care groups,
//! and the planned visits written all at once.

use super::{visits, Result, Store};
use crate::domain::batch::{Candidate, Planned};
use crate::domain::visit::{Visit, CARE};
use rusqlite::params_from_iter;

/// The visit form a batch visit gets.
const FORM: &str = "ordinary";

impl Store {
    /// Every active care entry of `groups`, by next due date then id.
    ///
    /// Read whole rather than a page at a time: a batch plans every entry
    /// of its groups, and a station has at most a few thousand entries.
    pub fn batch_candidates(&self, groups: &[String]) -> Result<Vec<Candidate>> {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let marks = super::sql::placeholders(groups.len());
        let sql = format!(
            "SELECT id, person_id, care_group, next_due_on FROM care_entries
             WHERE active = 1 AND care_group IN ({marks})
             ORDER BY next_due_on, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(groups), |r| {
            Ok(Candidate {
                care_id: r.get(0)?,
                person_id: r.get(1)?,
                group: r.get(2)?,
                next_due: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes every visit of `plan` as a planned care visit to the entry's
    /// person, in one IMMEDIATE transaction: each with its audit entry and
    /// its care refresh, and none at all if any fails. Returns the new
    /// visit ids in plan order.
    pub fn create_batch(&mut self, plan: &[Planned]) -> Result<Vec<i64>> {
        let (tx, cats, actor) = self.begin()?;
        let mut ids = Vec::with_capacity(plan.len());
        for p in plan {
            let mut v = Visit::planned(p.date, vec![p.officer], vec![CARE.to_string()], FORM);
            v.target_id = Some(p.person_id);
            let v = v.validated(cats, None)?;
            ids.push(visits::insert(&tx, actor, &v)?);
        }
        tx.commit()?;
        Ok(ids)
    }
}
