//! All SQL lives here: opening the station file, migrations, one module
//! per aggregate, the audit trail and integrity checks.
//!
//! Every write runs in an IMMEDIATE transaction that also appends its audit
//! entry, and updates are guarded by the record's `version` so a save that
//! would overwrite someone else's newer change is refused. Bulk loading
//! (the demo) goes through [`Store::bulk`] and its [`bulk::Bulk`] writer:
//! one transaction, one audit entry. Nothing outside this module holds a
//! connection; category keys always travel as bound parameters.

pub mod agenda;
pub mod audit;
mod batch;
pub mod bulk;
pub mod care;
pub mod check;
pub mod directory;
pub mod exchange;
pub mod history;
pub mod issues;
pub mod ledger;
pub mod mediation;
pub mod officers;
mod open;
pub mod page;
pub mod report;
pub mod schema;
mod sql;
mod summary;
pub mod visits;

pub use open::{OpenMode, OpenOptions};
pub use page::{Page, Stored};
pub use summary::Overdue;

use crate::config::categories::Categories;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use sql::Cell;
use std::path::{Path, PathBuf};

/// What can go wrong in the store, in words a coordinator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a SQLite database; it was left untouched")]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} is damaged ({detail}); it was left untouched. Run `doorstep check` for a report"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path} was written by a newer doorstep (schema {found}, this build knows {known}); upgrade doorstep")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path} is read-only and needs an upgrade (schema {found} of {known}) that cannot be written")]
    NeedsUpgrade {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("the database is open read-only; nothing was changed")]
    ReadOnly,
    #[error("{entity} #{id} was changed by {by} at {at} since you opened it (your version {expected}, now {actual}); reload and try again")]
    Conflict {
        entity: &'static str,
        id: i64,
        expected: i64,
        actual: i64,
        by: String,
        at: String,
    },
    #[error("{entity} #{id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    /// Transparent, so a chain (`{:#}`) says it once, not "X: X".
    #[error(transparent)]
    Invalid(#[from] crate::domain::FieldError),
    #[error(transparent)]
    Step(#[from] crate::domain::StepError),
    #[error("the database is busy (another coordinator is saving); try again")]
    Busy,
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sql(e),
        }
    }
}

/// Result of a store call.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open station database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    read_only: bool,
    cats: Categories,
    station_code: String,
    /// "Today" for the rules on dates; None: the local calendar day.
    today: Option<NaiveDate>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`; see [`OpenOptions`].
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let (conn, read_only) = open::open(path, opts)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor: opts.actor.clone().unwrap_or_else(os_user),
            read_only,
            cats: opts.categories.clone(),
            station_code: if opts.station_code.is_empty() {
                crate::config::DEFAULT_STATION_CODE.to_string()
            } else {
                opts.station_code.clone()
            },
            today: None,
        })
    }

    /// The day the store's date rules count as today (nothing done is
    /// dated after it, nothing planned before it): the local date, unless
    /// [`Store::set_today`] fixed it.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Fixes "today" (the workbench's `--today`, tests, the demo).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = Some(today);
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Who the audit trail names for this session's changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The category sets in force.
    pub fn categories(&self) -> &Categories {
        &self.cats
    }

    /// Starts an IMMEDIATE transaction: it takes the write lock up front,
    /// so two coordinators saving at once wait (busy timeout) instead of
    /// failing half-way through a read-modify-write.
    fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self.begin()?.0)
    }

    /// [`Store::write`] plus the categories and the actor, borrowed beside
    /// the transaction, so an update can read the stored record, validate
    /// and write inside one transaction.
    fn begin(&mut self) -> Result<(Transaction<'_>, &Categories, &str)> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok((tx, &self.cats, &self.actor))
    }

    /// A station setting stored in the file (e.g. the station code).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let sql = "SELECT value FROM settings WHERE key = ?1";
        Ok(self.conn.query_row(sql, [key], |r| r.cell(0)).optional()?)
    }

    /// SQLite's data version: it changes when another connection commits,
    /// so polling it shows other coordinators' changes without a restart.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.cell(0))?)
    }

    /// Whether the file holds any records yet.
    pub fn is_empty(&self) -> Result<bool> {
        let sql = "SELECT NOT EXISTS (SELECT 1 FROM officers)
                   AND NOT EXISTS (SELECT 1 FROM directory)
                   AND NOT EXISTS (SELECT 1 FROM visits)";
        Ok(self.conn.query_row(sql, [], |r| r.cell(0))?)
    }

    /// Record counts for the start-up summary, in a fixed order.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let tables = [
            ("officers", "officers"),
            ("directory", "directory"),
            ("visits", "visits"),
            ("issues", "issues"),
            ("mediation", "mediation_cases"),
            ("care", "care_entries"),
            ("audit", "audit"),
        ];
        let mut out = Vec::with_capacity(tables.len());
        for (name, table) in tables {
            let n = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.cell(0))?;
            out.push((name, n));
        }
        Ok(out)
    }

    /// Runs `fill` in one IMMEDIATE transaction with a [`bulk::Bulk`]
    /// writer, then appends a single audit entry naming `action` (bulk
    /// seeding writes one audit entry for the whole batch instead of one per
    /// row; the rows name `action` as their creator). The audit entry's
    /// `after` holds the record counts once `fill` is done. Nothing is kept
    /// if `fill` fails.
    ///
    /// For the load, foreign keys are not enforced row by row (the loader
    /// writes parents first; `doorstep check` verifies them) and the page
    /// cache is enlarged; both are restored afterwards. With `analyze`,
    /// fresh statistics are gathered at the end so the planner picks the
    /// right index on a big file.
    pub fn bulk<T>(
        &mut self,
        action: &str,
        analyze: bool,
        fill: impl FnOnce(&bulk::Bulk<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.conn.pragma_update(None, "cache_size", -200_000)?;
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let result = self.bulk_load(action, fill);
        let restore = self
            .conn
            .pragma_update(None, "foreign_keys", true)
            .and_then(|()| self.conn.pragma_update(None, "cache_size", -2_000));
        let out = result?;
        restore?;
        if analyze {
            self.conn.execute_batch("ANALYZE")?;
        }
        Ok(out)
    }

    fn bulk_load<T>(
        &mut self,
        action: &str,
        fill: impl FnOnce(&bulk::Bulk<'_>) -> Result<T>,
    ) -> Result<T> {
        let actor = self.actor.clone();
        let code = self.station_code.clone();
        let tx = self.write()?;
        // Counted once at the end rather than by a trigger per row.
        tx.execute_batch(schema::DROP_ISSUE_COUNT_TRIGGERS)?;
        let out = fill(&bulk::Bulk::new(&tx, &code, action)?)?;
        tx.execute_batch(schema::RECOUNT_ISSUES)?;
        let mut counts = serde_json::Map::new();
        for (name, table) in [
            ("officers", "officers"),
            ("directory", "directory"),
            ("visits", "visits"),
            ("evaluations", "evaluations"),
            ("issues", "issues"),
            ("mediation", "mediation_cases"),
            ("care", "care_entries"),
        ] {
            let sql = format!("SELECT count(*) FROM {table}");
            let n: i64 = tx.query_row(&sql, [], |r| r.cell(0))?;
            counts.insert(name.to_string(), n.into());
        }
        let after = serde_json::Value::Object(counts);
        audit::record(
            &tx,
            &actor,
            "database",
            0,
            action,
            None::<&()>,
            Some(&after),
        )?;
        tx.commit()?;
        Ok(out)
    }
}

/// The OS user running doorstep; the audit trail's "who".
pub fn os_user() -> String {
    ["DOORSTEP_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// The current time as stored: UTC, ISO 8601, millisecond precision, so
/// text order is time order.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}
