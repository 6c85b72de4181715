//! The append-only audit trail: who, when, what, before → after. Each entry
//! is written in the same transaction as the change it records, so the
//! two cannot disagree. Triggers refuse UPDATE and DELETE on the table.

use super::sql::Cell;
use super::{now, Result};
use rusqlite::{params, Connection};
use serde::Serialize;

/// One audit entry as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Appends an entry; `before`/`after` are stored as JSON.
pub fn record<B: Serialize, A: Serialize>(
    conn: &Connection,
    actor: &str,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before.map(to_json);
    let after = after.map(to_json);
    conn.execute(
        "INSERT INTO audit (at, actor, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![now(), actor, entity, entity_id, action, before, after],
    )?;
    Ok(())
}

fn to_json<T: Serialize>(v: &T) -> String {
    // Serialising plain domain structs cannot fail; keep a marker if it ever does.
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The trail of one record, oldest first.
pub fn history(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], |r| {
        Ok(Entry {
            id: r.cell(0)?,
            at: r.cell(1)?,
            actor: r.cell(2)?,
            entity: r.cell(3)?,
            entity_id: r.cell(4)?,
            action: r.cell(5)?,
            before: r.cell(6)?,
            after: r.cell(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
