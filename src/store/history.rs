//! Read-only queries for the workbench's lists and record views: the
//! mediation queue with filters and search, the care list filtered by
//! group or overdue, and one directory entry's history across visits,
//! issues, mediation and care. Every query is one statement, page-limited.

use super::care::{read as care_read, CareRow, COLS as CARE_COLS};
use super::mediation::{risk_rank_sql, status_sql, Cursor as QueueCursor, NO_SESSION};
use super::page::{limit, Page};
use super::sql::{like_pattern, Cell, META};
use super::{Result, Store, Stored};
use crate::domain::mediation::{CaseStatus, Role};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Row};

/// What the mediation queue shows; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    /// One state; None means every open (not closed) case.
    pub status: Option<CaseStatus>,
    /// Dispute kind key.
    pub kind: Option<String>,
    /// Risk grade key.
    pub risk: Option<String>,
    /// Free text in the summary, the reference number or any party's name.
    pub text: String,
}

/// One line of the mediation queue: what the table shows, no more.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub id: i64,
    /// The readable reference number, e.g. `XC-M-2026-0007`.
    pub reference: String,
    pub received_on: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub risk: String,
    pub status: CaseStatus,
    /// The time limit (set when the case is accepted).
    pub limit_on: Option<NaiveDate>,
    pub next_session: Option<NaiveDate>,
    /// First applicant and first respondent, by party order.
    pub applicant: Option<String>,
    pub respondent: Option<String>,
    pub parties: i64,
}

impl QueueRow {
    /// Days left of the time limit (negative when past it).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.limit_on.map(|l| (l - today).num_days())
    }
}

/// What the care list shows; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CareFilter {
    /// Care group key.
    pub group: Option<String>,
    /// Only entries overdue on this day (next due before it).
    pub overdue_on: Option<NaiveDate>,
    /// Free text in the reason or the person's name.
    pub text: String,
}

/// The kind of record a history line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    Visit,
    Issue,
    Case,
    Care,
}

/// One line of a directory entry's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryItem {
    pub kind: HistoryKind,
    pub id: i64,
    pub on: NaiveDate,
    /// The stored state name (visit, issue or case state; `active` or
    /// `inactive` for a care entry).
    pub status: String,
    /// Mission or place, reference and summary, case summary, care reason.
    pub title: String,
    /// Comma-separated purpose keys (visit), topic key (issue), the
    /// person's role (case), care group key (care).
    pub detail: String,
}

fn read_queue(r: &Row<'_>) -> rusqlite::Result<(QueueRow, i64, String)> {
    let status: String = r.cell(5)?;
    let row = QueueRow {
        id: r.cell(0)?,
        reference: r.cell::<_, Option<String>>(13)?.unwrap_or_default(),
        received_on: r.cell(1)?,
        kind: r.cell(2)?,
        summary: r.cell(3)?,
        risk: r.cell(4)?,
        status: CaseStatus::from_name(&status).unwrap_or(CaseStatus::Received),
        limit_on: r.cell(6)?,
        next_session: r.cell(7)?,
        applicant: r.cell(8)?,
        respondent: r.cell(9)?,
        parties: r.cell(10)?,
    };
    Ok((row, r.cell(11)?, r.cell(12)?))
}

/// The conditions of `filter` on `mediation_cases c`, values bound
/// through `bind`.
fn queue_conds(
    filter: &QueueFilter,
    conds: &mut Vec<String>,
    bind: &mut impl FnMut(Value) -> String,
) {
    // A declined case is stored closed with the outcome "declined"; the
    // conditions stay on `c.status` so its index answers them.
    match filter.status {
        Some(CaseStatus::Declined) => {
            conds.push("c.status = 'closed' AND c.outcome = 'declined'".into())
        }
        Some(CaseStatus::Closed) => {
            conds.push("c.status = 'closed' AND coalesce(c.outcome, '') <> 'declined'".into())
        }
        Some(s) => conds.push(format!("c.status = {}", bind(s.name().to_string().into()))),
        None => conds.push("c.status <> 'closed'".into()),
    }
    if let Some(k) = &filter.kind {
        conds.push(format!("c.kind = {}", bind(k.clone().into())));
    }
    if let Some(r) = &filter.risk {
        conds.push(format!("c.risk = {}", bind(r.clone().into())));
    }
    let text = filter.text.trim();
    if !text.is_empty() {
        let p = bind(like_pattern(text).into());
        conds.push(format!(
            "(c.summary LIKE {p} ESCAPE '\\' OR c.reference LIKE {p} ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM mediation_parties p LEFT JOIN directory d ON d.id = p.entry_id
                   WHERE p.case_id = c.id
                     AND (p.name LIKE {p} ESCAPE '\\' OR d.phone LIKE {p} ESCAPE '\\')))"
        ));
    }
}

impl Store {
    /// A page of the mediation queue matching `filter`, in queue order:
    /// highest risk first, then the next session date (none last), then
    /// oldest received. The cursor is `queue_page`'s.
    pub fn queue_rows(
        &self,
        filter: &QueueFilter,
        after: Option<&QueueCursor>,
        page_size: usize,
    ) -> Result<Page<QueueRow, QueueCursor>> {
        let n = limit(page_size);
        let next = format!("coalesce(c.next_session_on, '{NO_SESSION}')");
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        // Every parameter is numbered, so one can be used twice.
        let mut bind = |v: Value| {
            args.push(v);
            format!("?{}", args.len())
        };
        let rank = risk_rank_sql(&self.cats, "c.risk", &mut bind);
        queue_conds(filter, &mut conds, &mut bind);
        if let Some((r, s, d, i)) = after {
            let keys = [
                bind(Value::from(*r)),
                bind(Value::from(s.clone())),
                bind(Value::from(d.to_string())),
                bind(Value::from(*i)),
            ]
            .join(", ");
            conds.push(format!("({rank}, {next}, c.received_on, c.id) > ({keys})"));
        }
        let lim = bind((n as i64 + 1).into());
        let mut party = |role: Role| {
            let role = bind(role.name().to_string().into());
            format!(
                "(SELECT p.name FROM mediation_parties p WHERE p.case_id = c.id AND p.role = {role}
                  ORDER BY p.seq LIMIT 1)"
            )
        };
        let (applicant, respondent) = (party(Role::Applicant), party(Role::Respondent));
        let sql = format!(
            "SELECT c.id, c.received_on, c.kind, c.summary, c.risk, {}, c.limit_on,
                    c.next_session_on, {}, {},
                    (SELECT count(*) FROM mediation_parties p WHERE p.case_id = c.id),
                    {rank} AS rank, {next} AS next, c.reference
             FROM mediation_cases c
             WHERE {}
             ORDER BY rank, next, c.received_on, c.id LIMIT {lim}",
            status_sql("c"),
            applicant,
            respondent,
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), read_queue)?;
        let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        let page = Page::from_rows(rows, n, |(r, rank, next)| {
            (*rank, next.clone(), r.received_on, r.id)
        });
        Ok(Page {
            items: page.items.into_iter().map(|(r, _, _)| r).collect(),
            next: page.next,
        })
    }

    /// How many cases the queue shows under `filter`: the exact number
    /// for the list title (open cases by the partial queue index, one state
    /// by the status index).
    pub fn queue_count(&self, filter: &QueueFilter) -> Result<i64> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let mut bind = |v: Value| {
            args.push(v);
            format!("?{}", args.len())
        };
        queue_conds(filter, &mut conds, &mut bind);
        let sql = format!(
            "SELECT count(*) FROM mediation_cases c WHERE {}",
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(args), |r| r.cell(0))?)
    }

    /// How many active care entries the care list shows under `filter`:
    /// the exact number for the list title (the due-date index).
    pub fn care_count(&self, filter: &CareFilter) -> Result<i64> {
        let sql = "SELECT count(*) FROM care_entries
             WHERE active = 1 AND (?1 IS NULL OR care_group = ?1)
               AND (?2 IS NULL OR next_due_on < ?2)
               AND (?3 = '' OR reason LIKE ?4 ESCAPE '\\' OR person_id IN
                     (SELECT d.id FROM directory d WHERE d.name LIKE ?4 ESCAPE '\\' OR d.phone LIKE ?4 ESCAPE '\\'))";
        let text = filter.text.trim();
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(
            params![filter.group, filter.overdue_on, text, like_pattern(text)],
            |r| r.cell(0),
        )?)
    }

    /// A page of active care entries matching `filter`, by next due date
    /// (overdue ones first). The cursor is `care_page`'s.
    pub fn care_rows(
        &self,
        filter: &CareFilter,
        after: Option<&super::care::Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<CareRow>, super::care::Cursor>> {
        let n = limit(page_size);
        let sql = format!(
            "SELECT {META}, {CARE_COLS} FROM care_entries
             WHERE active = 1 AND (?1 IS NULL OR care_group = ?1)
               AND (?2 IS NULL OR next_due_on < ?2)
               AND (?3 IS NULL OR (next_due_on, id) > (?3, ?4))
               AND (?6 = '' OR reason LIKE ?7 ESCAPE '\\' OR person_id IN
                     (SELECT d.id FROM directory d WHERE d.name LIKE ?7 ESCAPE '\\' OR d.phone LIKE ?7 ESCAPE '\\'))
             ORDER BY next_due_on, id LIMIT ?5"
        );
        let text = filter.text.trim();
        let (ad, ai) = after.map(|(d, i)| (Some(*d), *i)).unwrap_or((None, 0));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.group,
                filter.overdue_on,
                ad,
                ai,
                n as i64 + 1,
                text,
                like_pattern(text)
            ],
            care_read,
        )?;
        let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Page::from_rows(rows, n, |r| (r.record.next_due, r.id)))
    }

    /// Up to `max` most recent records touching directory entry `id`:
    /// visits to it, issues it raised, disputes it is a party to and its
    /// care entries, newest first. Each branch reads at most `max` rows
    /// through its own index.
    pub fn history_of(&self, id: i64, max: usize) -> Result<Vec<HistoryItem>> {
        let n = limit(max) as i64;
        // An anonymous issue is never in anyone's history (docs/ARCHITECTURE.md, "Rules that keep the record true").
        let sql = format!(
            "
            SELECT * FROM (SELECT 0, v.id, v.on_date, v.status,
                     CASE WHEN v.mission <> '' THEN v.mission ELSE v.place END,
                     coalesce((SELECT group_concat(p.purpose) FROM visit_purposes p
                               WHERE p.visit_id = v.id), '')
                   FROM visits v WHERE v.target_id = ?1
                   ORDER BY v.on_date DESC, v.id DESC LIMIT ?2)
            UNION ALL
            SELECT * FROM (SELECT 1, i.id, i.raised_on, i.status,
                     i.reference || ' ' || i.summary, i.topic
                   FROM issues i WHERE i.raiser_id = ?1 AND i.anonymous = 0
                   ORDER BY i.raised_on DESC, i.id DESC LIMIT ?2)
            UNION ALL
            SELECT * FROM (SELECT 2, c.id, c.received_on, {},
                     coalesce(c.reference || ' ', '') || c.summary, p.role
                   FROM mediation_parties p JOIN mediation_cases c ON c.id = p.case_id
                   WHERE p.entry_id = ?1
                   ORDER BY c.received_on DESC, c.id DESC LIMIT ?2)
            UNION ALL
            SELECT * FROM (SELECT 3, e.id, e.since,
                     CASE WHEN e.active THEN 'active' ELSE 'inactive' END,
                     e.reason, e.care_group
                   FROM care_entries e WHERE e.person_id = ?1
                   ORDER BY e.since DESC, e.id DESC LIMIT ?2)
            ORDER BY 3 DESC, 1, 2 DESC LIMIT ?2",
            status_sql("c")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![id, n], |r| {
            let kind = match r.cell::<_, i64>(0)? {
                0 => HistoryKind::Visit,
                1 => HistoryKind::Issue,
                2 => HistoryKind::Case,
                _ => HistoryKind::Care,
            };
            Ok(HistoryItem {
                kind,
                id: r.cell(1)?,
                on: r.cell(2)?,
                status: r.cell(3)?,
                title: r.cell(4)?,
                detail: r.cell(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
