//! `doorstep check`: quick check, integrity check and foreign-key check on
//! a read-only connection, so checking never changes the file.

use super::sql::Cell;
use super::{open, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// What the checks found; empty lists mean clean.
#[derive(Debug, Default)]
pub struct Report {
    pub quick: Vec<String>,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
}

impl Report {
    /// No check found anything.
    pub fn is_clean(&self) -> bool {
        self.quick.is_empty() && self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

/// Runs the three checks. A file that cannot even be opened (not SQLite,
/// damaged header) is an error, reported by the caller.
pub fn run(path: &Path) -> Result<Report> {
    if !path.exists() {
        let missing = format!("{} does not exist", path.display());
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, missing).into());
    }
    open::probe(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let fk =
        "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' refers to a missing ' || parent
              FROM pragma_foreign_key_check";
    Ok(Report {
        quick: problems(&conn, "PRAGMA quick_check"),
        integrity: problems(&conn, "PRAGMA integrity_check"),
        foreign_keys: problems(&conn, fk),
    })
}

/// Rows a check returns other than "ok"; a check that fails outright is
/// itself a problem (e.g. "database disk image is malformed").
fn problems(conn: &Connection, sql: &str) -> Vec<String> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.cell::<_, String>(0))?;
        rows.collect()
    };
    match run() {
        Ok(rows) => rows.into_iter().filter(|r| r != "ok").collect(),
        Err(e) => vec![e.to_string()],
    }
}
