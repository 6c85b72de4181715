//! Small SQL helpers shared by the aggregate modules.

use super::page::Stored;
use super::{now, Result, StoreError};
use rusqlite::{Connection, OptionalExtension, Row};

/// The meta columns, in the order [`stored`] reads them.
pub const META: &str = "id, version, created_at, created_by, updated_at, updated_by";

/// Reads the meta columns (at offset 0..6) around a record.
pub fn stored<T>(row: &Row<'_>, record: T) -> rusqlite::Result<Stored<T>> {
    Ok(Stored {
        id: row.get(0)?,
        version: row.get(1)?,
        created_at: row.get(2)?,
        created_by: row.get(3)?,
        updated_at: row.get(4)?,
        updated_by: row.get(5)?,
        record,
    })
}

/// Bumps `version` and the updated stamps of `table` row `id`, but only if
/// its version is still `expected`; otherwise explains who changed it.
pub fn bump(
    conn: &Connection,
    table: &str,
    entity: &'static str,
    id: i64,
    expected: i64,
    actor: &str,
) -> Result<()> {
    let sql = format!(
        "UPDATE {table} SET version = version + 1, updated_at = ?1, updated_by = ?2
         WHERE id = ?3 AND version = ?4"
    );
    if conn.execute(&sql, rusqlite::params![now(), actor, id, expected])? == 1 {
        return Ok(());
    }
    let sql = format!("SELECT version, updated_by, updated_at FROM {table} WHERE id = ?1");
    let row = conn
        .query_row(&sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match row {
        None => Err(StoreError::NotFound { entity, id }),
        Some((actual, by, at)) => Err(StoreError::Conflict {
            entity,
            id,
            expected,
            actual,
            by,
            at,
        }),
    }
}

/// `?, ?, ?` for an IN list of `n` values.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
