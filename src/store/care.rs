//! The care list. `last_visit_on` and `next_due_on` are derived from done
//! care visits; they are kept in the row (refreshed in the same transaction
//! as any visit change) so the due list is an index range, not a scan.

use super::page::{limit, Page};
use super::sql::{bump, stored, Cell, META};
use super::{audit, now, Result, Store, StoreError, Stored};
use crate::domain::care::{self, CareEntry};
use crate::domain::visit::{Visit, CARE};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const COLS: &str = "person_id, care_group, reason, needs, help_given, cadence_days, since, active, last_visit_on, next_due_on";

/// Where a due-list page continues: after this (next_due_on, id).
pub type Cursor = (NaiveDate, i64);

/// A care entry with its derived dates.
#[derive(Debug, Clone, PartialEq)]
pub struct CareRow {
    pub entry: CareEntry,
    pub last_visit: Option<NaiveDate>,
    pub next_due: NaiveDate,
}

pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Stored<CareRow>> {
    let entry = CareEntry {
        person_id: row.cell(6)?,
        group: row.cell(7)?,
        reason: row.cell(8)?,
        needs: row.cell(9)?,
        help_given: row.cell(10)?,
        cadence_days: row.cell(11)?,
        since: row.cell(12)?,
        active: row.cell(13)?,
    };
    stored(
        row,
        CareRow {
            entry,
            last_visit: row.cell(14)?,
            next_due: row.cell(15)?,
        },
    )
}

/// The last done care visit to `person`, from the visits themselves.
fn last_care_visit(conn: &Connection, person: i64) -> Result<Option<NaiveDate>> {
    let sql = "SELECT max(v.on_date) FROM visits v
               JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = ?2
               WHERE v.target_id = ?1 AND v.status = 'done'";
    Ok(conn.query_row(sql, params![person, CARE], |r| r.cell(0))?)
}

/// Recomputes the derived dates of every care entry of `person`.
pub(super) fn refresh_person(conn: &Connection, person: i64) -> Result<()> {
    let last = last_care_visit(conn, person)?;
    let mut stmt = conn
        .prepare_cached("SELECT id, since, cadence_days FROM care_entries WHERE person_id = ?1")?;
    let entries: Vec<(i64, NaiveDate, u32)> = stmt
        .query_map([person], |r| Ok((r.cell(0)?, r.cell(1)?, r.cell(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, since, cadence) in entries {
        let due = care::next_due(since, cadence, last);
        conn.execute(
            "UPDATE care_entries SET last_visit_on = ?1, next_due_on = ?2 WHERE id = ?3",
            params![last, due, id],
        )?;
    }
    Ok(())
}

/// Called for every visit written: a care visit to someone moves their dates.
pub(super) fn refresh_for_visit(conn: &Connection, v: &Visit) -> Result<()> {
    match v.target_id {
        Some(person) if v.purposes.iter().any(|p| p == CARE) => refresh_person(conn, person),
        _ => Ok(()),
    }
}

impl Store {
    /// Puts a person on the care list.
    pub fn add_care(&mut self, entry: &CareEntry) -> Result<Stored<CareRow>> {
        let (tx, cats, actor) = self.begin()?;
        let e = entry.validated(cats, None)?;
        let t = now();
        tx.execute(
            "INSERT INTO care_entries (person_id, care_group, reason, needs, help_given, cadence_days, since, active,
               next_due_on, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?9, ?10, ?9, ?10)",
            params![e.person_id, e.group, e.reason, e.needs, e.help_given, e.cadence_days, e.since, e.active, t, actor],
        )?;
        let id = tx.last_insert_rowid();
        refresh_person(&tx, e.person_id)?;
        audit::record(
            &tx,
            actor,
            "care",
            id,
            "create",
            None::<&CareEntry>,
            Some(&e),
        )?;
        tx.commit()?;
        self.care(id)
    }

    /// Changes a care entry (group, cadence, ...), if nobody changed it since `version`.
    pub fn update_care(
        &mut self,
        id: i64,
        version: i64,
        entry: &CareEntry,
    ) -> Result<Stored<CareRow>> {
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?;
        let e = entry.validated(cats, Some(&old.record.entry))?;
        bump(&tx, "care_entries", "care entry", id, version, actor)?;
        tx.execute(
            "UPDATE care_entries SET person_id=?1, care_group=?2, reason=?3, needs=?4, help_given=?5,
               cadence_days=?6, since=?7, active=?8 WHERE id=?9",
            params![e.person_id, e.group, e.reason, e.needs, e.help_given, e.cadence_days, e.since, e.active, id],
        )?;
        refresh_person(&tx, e.person_id)?;
        if old.record.entry.person_id != e.person_id {
            refresh_person(&tx, old.record.entry.person_id)?;
        }
        audit::record(
            &tx,
            actor,
            "care",
            id,
            "update",
            Some(&old.record.entry),
            Some(&e),
        )?;
        tx.commit()?;
        self.care(id)
    }

    /// One care entry.
    pub fn care(&self, id: i64) -> Result<Stored<CareRow>> {
        load(&self.conn, id)
    }

    /// A page of active entries by next due date (so overdue ones come
    /// first); `until` keeps only those due by then (the Today pane).
    pub fn care_page(
        &self,
        until: Option<NaiveDate>,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<CareRow>, Cursor>> {
        let n = limit(page_size);
        let sql = format!(
            "SELECT {META}, {COLS} FROM care_entries
             WHERE active = 1 AND (?1 IS NULL OR next_due_on <= ?1)
               AND (?2 IS NULL OR (next_due_on, id) > (?2, ?3))
             ORDER BY next_due_on, id LIMIT ?4"
        );
        let (ad, ai) = after.map(|(d, i)| (Some(*d), *i)).unwrap_or((None, 0));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![until, ad, ai, n as i64 + 1], read)?;
        let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Page::from_rows(rows, n, |r| (r.record.next_due, r.id)))
    }
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<CareRow>> {
    let sql = format!("SELECT {META}, {COLS} FROM care_entries WHERE id = ?1");
    conn.query_row(&sql, [id], read)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "care entry",
            id,
        })
}
