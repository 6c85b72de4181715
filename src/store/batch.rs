//! The festival batch (docs/ARCHITECTURE.md, "Care list"): the entries of the chosen care groups,
//! and the planned visits written all at once.

use super::sql::Cell;
use super::{visits, Result, Store};
use crate::domain::batch::{self, BatchError, Busy, Candidate, Planned, Pool};
use crate::domain::visit::{Visit, CARE};
use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// The visit form a batch visit gets.
const FORM: &str = "ordinary";

impl Store {
    /// Every active care entry of `groups` whose person has no care visit
    /// planned in `from..=to` yet, by next due date then id.
    ///
    /// Read whole rather than a page at a time: a batch plans every entry
    /// of its groups, and a station has at most a few thousand entries.
    pub fn batch_candidates(
        &self,
        groups: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Candidate>> {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let marks = super::sql::placeholders(groups.len());
        let sql = format!(
            "SELECT c.id, c.person_id, c.care_group, c.next_due_on FROM care_entries c
             WHERE c.active = 1 AND c.care_group IN ({marks})
               AND NOT EXISTS (
                   SELECT 1 FROM visits v JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = ?
                   WHERE v.target_id = c.person_id AND v.status = 'planned'
                     AND v.on_date BETWEEN ? AND ?)
             ORDER BY c.next_due_on, c.id"
        );
        let mut args: Vec<Value> = groups.iter().map(|g| Value::from(g.clone())).collect();
        args.push(Value::from(CARE.to_string()));
        args.push(Value::from(from.to_string()));
        args.push(Value::from(to.to_string()));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(Candidate {
                care_id: r.cell(0)?,
                person_id: r.cell(1)?,
                group: r.cell(2)?,
                next_due: r.cell(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The entries of `groups` a batch in `from..=to` would visit (see
    /// [`Store::batch_candidates`]) and how many active entries of the
    /// groups were left out because a care visit is already planned.
    pub fn batch_pool(&self, groups: &[String], from: NaiveDate, to: NaiveDate) -> Result<Pool> {
        let candidates = self.batch_candidates(groups, from, to)?;
        if groups.is_empty() {
            return Ok(Pool::default());
        }
        let marks = super::sql::placeholders(groups.len());
        let sql = format!(
            "SELECT count(*) FROM care_entries WHERE active = 1 AND care_group IN ({marks})"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let active: i64 = stmt.query_row(params_from_iter(groups), |r| r.cell(0))?;
        let already_planned = usize::try_from(active)
            .unwrap_or(0)
            .saturating_sub(candidates.len());
        Ok(Pool {
            candidates,
            already_planned,
        })
    }

    /// Plans a festival batch: one care visit for every active entry of
    /// `groups` without one planned in `from..=to`, spread over `officers`
    /// under `daily_limit` (their visits already planned count). The inner
    /// error says, as a typed reason, why nothing can be planned.
    pub fn plan_batch(
        &self,
        groups: &[String],
        officers: &[i64],
        from: NaiveDate,
        to: NaiveDate,
        daily_limit: u32,
    ) -> Result<std::result::Result<Vec<Planned>, BatchError>> {
        let pool = self.batch_pool(groups, from, to)?;
        let busy = self.officer_load(officers, from, to)?;
        Ok(batch::plan_pool(
            &pool,
            officers,
            from,
            to,
            daily_limit,
            &busy,
        ))
    }

    /// Planned visits each of `officers` already has on each day of
    /// `from..=to`: they count towards a batch's daily limit.
    pub fn officer_load(&self, officers: &[i64], from: NaiveDate, to: NaiveDate) -> Result<Busy> {
        if officers.is_empty() {
            return Ok(Busy::new());
        }
        let marks = super::sql::placeholders(officers.len());
        let sql = format!(
            "SELECT v.on_date, o.officer_id, count(*) FROM visits v
             JOIN visit_officers o ON o.visit_id = v.id
             WHERE v.on_date BETWEEN ? AND ? AND v.status = 'planned' AND o.officer_id IN ({marks})
             GROUP BY v.on_date, o.officer_id"
        );
        let mut args: Vec<Value> = vec![Value::from(from.to_string()), Value::from(to.to_string())];
        args.extend(officers.iter().map(|o| Value::from(*o)));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(((r.cell(0)?, r.cell(1)?), r.cell(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes every visit of `plan` as a planned care visit to the entry's
    /// person, in one IMMEDIATE transaction: each with its audit entry and
    /// its care refresh, and none at all if any fails. Returns the new
    /// visit ids in plan order.
    pub fn create_batch(&mut self, plan: &[Planned]) -> Result<Vec<i64>> {
        let today = self.today();
        let (tx, cats, actor) = self.begin()?;
        let mut ids = Vec::with_capacity(plan.len());
        for p in plan {
            let mut v = Visit::planned(p.date, vec![p.officer], vec![CARE.to_string()], FORM);
            v.target_id = Some(p.person_id);
            let v = v.validated(cats, None, today)?;
            ids.push(visits::insert(&tx, actor, &v)?);
        }
        tx.commit()?;
        Ok(ids)
    }
}
