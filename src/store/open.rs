//! Opening a station file safely: refuse what is not ours without writing
//! a byte, create new files with tight permissions, set the pragmas, and
//! migrate.

use super::sql::Cell;
use super::{schema, Result, StoreError};
use crate::config::categories::Categories;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// How to open the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenMode {
    /// Read and write, creating and migrating as needed; falls back to
    /// read-only when the file is not writable.
    #[default]
    ReadWrite,
    /// Never write (used by `check`).
    ReadOnly,
}

/// Options for [`super::Store::open`].
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub mode: OpenMode,
    /// Create new files 0660 (group-shared station file) instead of 0600.
    pub shared: bool,
    /// The name the audit trail records; defaults to the OS user.
    pub actor: Option<String>,
    pub categories: Categories,
    /// Station code for issue numbers (the file keeps the first one used).
    pub station_code: String,
}

const HEADER: &[u8; 16] = b"SQLite format 3\0";
const BUSY: Duration = Duration::from_secs(5);

/// Opens the connection and reports whether it is read-only.
pub(super) fn open(path: &Path, opts: &OpenOptions) -> Result<(Connection, bool)> {
    let exists = path.exists();
    if exists {
        probe(path)?;
    } else if opts.mode == OpenMode::ReadOnly {
        // The caller names the file (`explain::open_error`).
        return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
    } else {
        create_file(path, opts.shared)?;
    }
    let read_only = opts.mode == OpenMode::ReadOnly || (exists && !writable(path));
    let conn = if read_only {
        read_only_conn(path)?
    } else {
        read_write_conn(path)?
    };
    Ok((conn, read_only))
}

/// Checks the header and schema version through a read-only connection,
/// so a foreign, damaged or newer file is refused before anything writes.
pub(super) fn probe(path: &Path) -> Result<()> {
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)?.take(16).read_to_end(&mut head)?;
    if head.is_empty() {
        return Ok(()); // an empty file is a valid, empty database
    }
    if head != HEADER {
        return Err(StoreError::NotADatabase { path: path.into() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
        path: path.into(),
        detail: e.to_string(),
    };
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.cell::<_, i64>(0)
    })
    .map_err(corrupt)?;
    let found = schema::version(&conn).map_err(corrupt)?;
    if found > schema::CURRENT {
        return Err(StoreError::TooNew {
            path: path.into(),
            found,
            known: schema::CURRENT,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn create_file(path: &Path, shared: bool) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mode = if shared { 0o660 } else { 0o600 };
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    // The umask may have cleared bits the station asked for (group write).
    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    Ok(())
}

#[cfg(not(unix))]
fn create_file(path: &Path, _shared: bool) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    Ok(())
}

/// A file with no write bits is treated as read-only on purpose, even for
/// root, who could write it anyway.
fn writable(path: &Path) -> bool {
    let meta_ok = std::fs::metadata(path)
        .map(|m| !m.permissions().readonly())
        .unwrap_or(false);
    meta_ok && std::fs::OpenOptions::new().append(true).open(path).is_ok()
}

fn read_write_conn(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.cell(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // WAL is what lets several coordinators read while one writes.
        log_degraded(&mode);
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

fn log_degraded(mode: &str) {
    eprintln!("doorstep: warning: journal mode is {mode}, not WAL (network file system?)");
}

fn read_only_conn(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(BUSY)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let found = schema::version(&conn)?;
    if found < schema::CURRENT {
        return Err(StoreError::NeedsUpgrade {
            path: path.into(),
            found,
            known: schema::CURRENT,
        });
    }
    Ok(conn)
}
