//! Counts for the status bar.

use super::sql::Cell;
use super::{Result, Store};
use chrono::NaiveDate;

/// How many things are overdue today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overdue {
    pub visits: i64,
    pub issues: i64,
    pub care: i64,
}

impl Store {
    /// Overdue planned visits, issues past deadline and not rectified, and
    /// care entries past due; each an index range count.
    pub fn overdue(&self, today: NaiveDate) -> Result<Overdue> {
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [today], |r| r.cell(0))?) };
        Ok(Overdue {
            visits: count("SELECT count(*) FROM visits WHERE status = 'planned' AND on_date < ?1")?,
            issues: count(
                "SELECT count(*) FROM issues WHERE status IN ('assigned', 'rectifying') AND deadline < ?1",
            )?,
            care: count("SELECT count(*) FROM care_entries WHERE active = 1 AND next_due_on < ?1")?,
        })
    }
}
