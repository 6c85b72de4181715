//! Stored records and pages of them.

use serde::Serialize;

/// A record as stored: the domain value plus id, version and who/when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stored<T> {
    pub id: i64,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub record: T,
}

/// One page of a list, read with keyset paging: `next` is the cursor to
/// pass for the following page, None on the last page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T, C> {
    pub items: Vec<T>,
    pub next: Option<C>,
}

impl<T, C> Page<T, C> {
    /// Builds a page from up to `limit + 1` rows: the extra row only says
    /// that more follow, and `cursor` makes the key of the last kept row.
    pub fn from_rows(mut rows: Vec<T>, limit: usize, cursor: impl Fn(&T) -> C) -> Self {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more { rows.last().map(cursor) } else { None };
        Page { items: rows, next }
    }
}

/// Clamps a requested page size to something sane.
pub fn limit(n: usize) -> usize {
    n.clamp(1, 500)
}
