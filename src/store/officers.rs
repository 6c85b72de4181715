//! Officers of the station.

use super::sql::{bump, stored, Cell, META};
use super::{audit, now, Result, Store, StoreError, Stored};
use crate::domain::officer::Officer;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLS: &str = "name, badge, unit, os_user, phone, leader, active";

fn read(row: &Row<'_>) -> rusqlite::Result<Stored<Officer>> {
    let o = Officer {
        name: row.cell(6)?,
        badge: row.cell(7)?,
        unit: row.cell(8)?,
        os_user: row.cell(9)?,
        phone: row.cell(10)?,
        leader: row.cell(11)?,
        active: row.cell(12)?,
    };
    stored(row, o)
}

impl Store {
    /// Adds an officer.
    pub fn add_officer(&mut self, officer: &Officer) -> Result<Stored<Officer>> {
        let (tx, cats, actor) = self.begin()?;
        let o = officer.validated(cats, None)?;
        let t = now();
        tx.execute(
            &format!(
                "INSERT INTO officers ({COLS}, created_at, created_by, updated_at, updated_by)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)"
            ),
            params![o.name, o.badge, o.unit, o.os_user, o.phone, o.leader, o.active, t, actor],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(
            &tx,
            actor,
            "officer",
            id,
            "create",
            None::<&Officer>,
            Some(&o),
        )?;
        tx.commit()?;
        self.officer(id)
    }

    /// Changes an officer, if nobody changed them since `version`.
    pub fn update_officer(
        &mut self,
        id: i64,
        version: i64,
        officer: &Officer,
    ) -> Result<Stored<Officer>> {
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?;
        let o = officer.validated(cats, Some(&old.record))?;
        bump(&tx, "officers", "officer", id, version, actor)?;
        tx.execute(
            "UPDATE officers SET name=?1, badge=?2, unit=?3, os_user=?4, phone=?5, leader=?6, active=?7
             WHERE id=?8",
            params![o.name, o.badge, o.unit, o.os_user, o.phone, o.leader, o.active, id],
        )?;
        audit::record(
            &tx,
            actor,
            "officer",
            id,
            "update",
            Some(&old.record),
            Some(&o),
        )?;
        tx.commit()?;
        self.officer(id)
    }

    /// One officer.
    pub fn officer(&self, id: i64) -> Result<Stored<Officer>> {
        load(&self.conn, id)
    }

    /// Every officer, by name (a station has tens, not thousands).
    pub fn officers(&self) -> Result<Vec<Stored<Officer>>> {
        let sql = format!("SELECT {META}, {COLS} FROM officers ORDER BY name, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The officer the current OS user maps to.
    pub fn current_officer(&self) -> Result<Option<Stored<Officer>>> {
        let sql = format!("SELECT {META}, {COLS} FROM officers WHERE os_user = ?1");
        Ok(self.conn.query_row(&sql, [&self.actor], read).optional()?)
    }
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<Officer>> {
    let sql = format!("SELECT {META}, {COLS} FROM officers WHERE id = ?1");
    conn.query_row(&sql, [id], read)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "officer",
            id,
        })
}
