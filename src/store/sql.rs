//! Small SQL helpers shared by the aggregate modules.

use super::page::Stored;
use super::{now, Result, StoreError};
use rusqlite::{Connection, OptionalExtension, Row};

/// The meta columns, in the order [`stored`] reads them.
pub const META: &str = "id, version, created_at, created_by, updated_at, updated_by";

/// Reads the meta columns (at offset 0..6) around a record.
pub fn stored<T>(row: &Row<'_>, record: T) -> rusqlite::Result<Stored<T>> {
    Ok(Stored {
        id: row.cell(0)?,
        version: row.cell(1)?,
        created_at: row.cell(2)?,
        created_by: row.cell(3)?,
        updated_at: row.cell(4)?,
        updated_by: row.cell(5)?,
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
        .query_row(&sql, [id], |r| Ok((r.cell(0)?, r.cell(1)?, r.cell(2)?)))
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

/// Reading a cell as [`Row::get`] does, except that text which is not
/// valid UTF-8 (written by another tool) comes back with replacement
/// characters instead of failing the whole query: one bad cell must not
/// stop every coordinator's workbench. `doorstep check` names such cells.
pub trait Cell {
    /// The value at `i`, with invalid UTF-8 text read lossily.
    fn cell<I: rusqlite::RowIndex + Copy, T: rusqlite::types::FromSql>(
        &self,
        i: I,
    ) -> rusqlite::Result<T>;
}

impl Cell for Row<'_> {
    fn cell<I: rusqlite::RowIndex + Copy, T: rusqlite::types::FromSql>(
        &self,
        i: I,
    ) -> rusqlite::Result<T> {
        use rusqlite::types::ValueRef;
        let first = self.get::<I, T>(i);
        let Err(e) = first else {
            return first;
        };
        match self.get_ref(i)? {
            ValueRef::Text(bytes) if std::str::from_utf8(bytes).is_err() => {
                let text = String::from_utf8_lossy(bytes);
                T::column_result(ValueRef::Text(text.as_bytes())).map_err(|_| e)
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cell;
    use rusqlite::Connection;

    #[test]
    fn invalid_utf8_text_reads_with_replacement_characters() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (s TEXT); INSERT INTO t VALUES (CAST(x'41ff42' AS TEXT));",
        )
        .unwrap();
        let strict = conn.query_row("SELECT s FROM t", [], |r| r.get::<_, String>(0));
        assert!(strict.is_err(), "rusqlite itself refuses the cell");
        let s: String = conn
            .query_row("SELECT s FROM t", [], |r| r.cell(0))
            .unwrap();
        assert_eq!(s, "A\u{fffd}B");
        let o: Option<String> = conn
            .query_row("SELECT s FROM t", [], |r| r.cell(0))
            .unwrap();
        assert_eq!(o.as_deref(), Some("A\u{fffd}B"));
        let n = conn.query_row("SELECT s FROM t", [], |r| r.cell::<_, i64>(0));
        assert!(n.is_err(), "a text cell is still not a number");
    }
}
