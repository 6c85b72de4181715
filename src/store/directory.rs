//! The directory of people and organisations.

use super::page::{limit, Page};
use super::sql::{bump, like_pattern, placeholders, stored, Cell, META};
use super::{audit, now, Result, Store, StoreError, Stored};
use crate::domain::directory::{self, DirectoryEntry, EntryStepKind};
use crate::domain::{Rule, StateName, StepError, StepName};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::HashMap;

const COLS: &str = "name, kind, address, phone, notes";
/// What a read adds to `COLS`.
const READ: &str = "name, kind, address, phone, notes, retired_on IS NOT NULL";

/// Where a directory page continues: after this (name, id).
pub type Cursor = (String, i64);

fn read(row: &Row<'_>) -> rusqlite::Result<Stored<DirectoryEntry>> {
    let e = DirectoryEntry {
        name: row.cell(6)?,
        kind: row.cell(7)?,
        address: row.cell(8)?,
        phone: row.cell(9)?,
        notes: row.cell(10)?,
        tags: Vec::new(),
        retired: row.cell(11)?,
    };
    stored(row, e)
}

/// Loads the tags of every entry in `rows` with one query.
fn attach_tags(conn: &Connection, rows: &mut [Stored<DirectoryEntry>]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT entry_id, tag FROM directory_tags WHERE entry_id IN ({}) ORDER BY entry_id, tag",
        placeholders(rows.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let mut q = stmt.query(params_from_iter(rows.iter().map(|r| r.id)))?;
    while let Some(r) = q.next()? {
        tags.entry(r.cell(0)?).or_default().push(r.cell(1)?);
    }
    for row in rows {
        row.record.tags = tags.remove(&row.id).unwrap_or_default();
    }
    Ok(())
}

fn write_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    conn.execute("DELETE FROM directory_tags WHERE entry_id = ?1", [id])?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO directory_tags (entry_id, tag) VALUES (?1, ?2)")?;
    for t in tags {
        stmt.execute(params![id, t])?;
    }
    Ok(())
}

/// Inserts a validated entry with its tags inside an open transaction,
/// audited as `action` (an import says so).
pub(super) fn insert(
    conn: &Connection,
    actor: &str,
    e: &DirectoryEntry,
    action: &str,
) -> Result<i64> {
    conn.execute(
        &format!(
            "INSERT INTO directory ({COLS}, created_at, created_by, updated_at, updated_by)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)"
        ),
        params![e.name, e.kind, e.address, e.phone, e.notes, now(), actor],
    )?;
    let id = conn.last_insert_rowid();
    write_tags(conn, id, &e.tags)?;
    audit::record(
        conn,
        actor,
        "directory",
        id,
        action,
        None::<&DirectoryEntry>,
        Some(e),
    )?;
    Ok(id)
}

impl Store {
    /// Adds a directory entry.
    pub fn add_entry(&mut self, entry: &DirectoryEntry) -> Result<Stored<DirectoryEntry>> {
        let (tx, cats, actor) = self.begin()?;
        let e = entry.validated(cats, None)?;
        let id = insert(&tx, actor, &e, "create")?;
        tx.commit()?;
        self.entry(id)
    }

    /// Changes an entry, if nobody changed it since `version`.
    pub fn update_entry(
        &mut self,
        id: i64,
        version: i64,
        entry: &DirectoryEntry,
    ) -> Result<Stored<DirectoryEntry>> {
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?;
        let e = entry.validated(cats, Some(&old.record))?;
        bump(&tx, "directory", "directory entry", id, version, actor)?;
        tx.execute(
            "UPDATE directory SET name=?1, kind=?2, address=?3, phone=?4, notes=?5 WHERE id=?6",
            params![e.name, e.kind, e.address, e.phone, e.notes, id],
        )?;
        write_tags(&tx, id, &e.tags)?;
        audit::record(
            &tx,
            actor,
            "directory",
            id,
            "update",
            Some(&old.record),
            Some(&e),
        )?;
        tx.commit()?;
        self.entry(id)
    }

    /// Folds entry `from` (at `version`) into entry `into`: every visit,
    /// issue, mediation party and care entry that named `from` names
    /// `into`, `from`'s tags join `into`'s, and `from` is retired, marked
    /// merged. One transaction, with audit rows for both entries.
    pub fn merge_entry(&mut self, from: i64, version: i64, into: i64) -> Result<()> {
        let today = self.today();
        let (tx, _, actor) = self.begin()?;
        let old = load(&tx, from)?;
        let target = load(&tx, into)?;
        directory::check_merge((from, &old.record), (into, &target.record))?;
        // One person is never two parties of one case.
        let shared: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM mediation_parties a JOIN mediation_parties b
                              ON a.case_id = b.case_id
                             WHERE a.entry_id = ?1 AND b.entry_id = ?2)",
            params![from, into],
            |r| r.cell(0),
        )?;
        if shared {
            return Err(StepError::Rule(Rule::SamePartyTwice).into());
        }
        bump(&tx, "directory", "directory entry", from, version, actor)?;
        for sql in [
            "UPDATE visits SET target_id = ?2 WHERE target_id = ?1",
            "UPDATE issues SET raiser_id = ?2 WHERE raiser_id = ?1",
            "UPDATE mediation_parties SET entry_id = ?2 WHERE entry_id = ?1",
            "UPDATE care_entries SET person_id = ?2 WHERE person_id = ?1",
            "INSERT OR IGNORE INTO directory_tags (entry_id, tag)
               SELECT ?2, tag FROM directory_tags WHERE entry_id = ?1",
        ] {
            tx.prepare_cached(sql)?.execute(params![from, into])?;
        }
        tx.execute(
            "UPDATE directory SET retired_on = ?2, merged_into = ?3 WHERE id = ?1",
            params![from, today, into],
        )?;
        let merged = load(&tx, from)?.record;
        audit::record(
            &tx,
            actor,
            "directory",
            from,
            "merge",
            Some(&old.record),
            Some(&merged),
        )?;
        let grown = load(&tx, into)?.record;
        audit::record(
            &tx,
            actor,
            "directory",
            into,
            "merge_in",
            Some(&target.record),
            Some(&grown),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Retires entry `id` (at `version`): old records keep it, pickers no
    /// longer offer it.
    pub fn retire_entry(&mut self, id: i64, version: i64) -> Result<Stored<DirectoryEntry>> {
        let today = self.today();
        let (tx, _, actor) = self.begin()?;
        let old = load(&tx, id)?;
        if !directory::allowed_steps(&old.record).contains(&EntryStepKind::Retire) {
            return Err(StepError::NotAllowed {
                step: StepName::Entry(EntryStepKind::Retire),
                state: StateName::Entry(old.record.retired),
            }
            .into());
        }
        bump(&tx, "directory", "directory entry", id, version, actor)?;
        tx.execute(
            "UPDATE directory SET retired_on = ?2 WHERE id = ?1",
            params![id, today],
        )?;
        let new = load(&tx, id)?.record;
        audit::record(
            &tx,
            actor,
            "directory",
            id,
            "retire",
            Some(&old.record),
            Some(&new),
        )?;
        tx.commit()?;
        self.entry(id)
    }

    /// One entry with its tags.
    pub fn entry(&self, id: i64) -> Result<Stored<DirectoryEntry>> {
        load(&self.conn, id)
    }

    /// A page of entries by name, optionally those whose name, address or
    /// phone contains `search`.
    pub fn entries_page(
        &self,
        search: &str,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<DirectoryEntry>, Cursor>> {
        let n = limit(page_size);
        let sql = format!(
            "SELECT {META}, {READ} FROM directory
             WHERE retired_on IS NULL
               AND (?1 = '' OR name LIKE ?2 ESCAPE '\\' OR address LIKE ?2 ESCAPE '\\' OR phone LIKE ?2 ESCAPE '\\')
               AND (?3 IS NULL OR (name, id) > (?3, ?4))
             ORDER BY name, id LIMIT ?5"
        );
        let (an, ai) = after
            .map(|(a, i)| (Some(a.as_str()), *i))
            .unwrap_or((None, 0));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![search, like_pattern(search), an, ai, n as i64 + 1],
            read,
        )?;
        let mut rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        rows.truncate(n + 1);
        attach_tags(&self.conn, &mut rows)?;
        Ok(Page::from_rows(rows, n, |r| (r.record.name.clone(), r.id)))
    }

    /// Names of the given entries, in one query (lists show names, not ids).
    pub fn entry_names(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT id, name FROM directory WHERE id IN ({})",
            placeholders(ids.len())
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(&ids), |r| Ok((r.cell(0)?, r.cell(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<DirectoryEntry>> {
    let sql = format!("SELECT {META}, {READ} FROM directory WHERE id = ?1");
    let row = conn.query_row(&sql, [id], read).optional()?;
    let mut rows: Vec<_> = row.into_iter().collect();
    attach_tags(conn, &mut rows)?;
    rows.pop().ok_or(StoreError::NotFound {
        entity: "directory entry",
        id,
    })
}
