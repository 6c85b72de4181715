//! Small read queries for the Today pane and the visit view: counts of
//! what is due, today's mediation sessions, high-risk cases, agreement
//! follow-ups and the issues raised at one visit. Every list is
//! page-limited and every count an index range.

use super::page::limit;
use super::sql::Cell;
use super::{Result, Store};
use crate::domain::issue::IssueStatus;
use chrono::NaiveDate;
use rusqlite::params;

/// How many items each Today section has in all (the pane loads only a
/// page of each and shows the rest as "+N more").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TodayCounts {
    pub visits_today: i64,
    pub overdue_visits: i64,
    /// Open issues overdue or due within the window.
    pub issues_due: i64,
    pub sessions_today: i64,
    /// Open cases at the top risk grade.
    pub high_risk: i64,
    /// Cases under way past their time limit.
    pub past_limit: i64,
    /// Agreements whose follow-up check is due within the window.
    pub follow_ups: i64,
    /// Active care entries due within the window.
    pub care_due: i64,
}

/// A mediation session on the agenda, with the case it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionBrief {
    pub case_id: i64,
    pub on: NaiveDate,
    pub held: bool,
    pub summary: String,
    pub kind: String,
    pub risk: String,
    /// The case's reference number.
    pub reference: String,
}

/// The fields of a mediation case a one-line list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseBrief {
    pub id: i64,
    pub received_on: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub risk: String,
    pub status: String,
    pub next_session_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
    pub limit_on: Option<NaiveDate>,
    /// The readable reference number, e.g. `XC-M-2026-0007`.
    pub reference: String,
}

/// The fields of an issue a one-line list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueBrief {
    pub id: i64,
    pub reference: String,
    pub raised_on: NaiveDate,
    pub summary: String,
    pub status: IssueStatus,
    pub deadline: Option<NaiveDate>,
}

const CASE_COLS: &str =
    "id, received_on, kind, summary, risk, status, next_session_on, follow_up_on, limit_on, reference";

fn read_case(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseBrief> {
    Ok(CaseBrief {
        id: r.cell(0)?,
        received_on: r.cell(1)?,
        kind: r.cell(2)?,
        summary: r.cell(3)?,
        risk: r.cell(4)?,
        status: r.cell(5)?,
        next_session_on: r.cell(6)?,
        follow_up_on: r.cell(7)?,
        limit_on: r.cell(8)?,
        reference: r.cell::<_, Option<String>>(9)?.unwrap_or_default(),
    })
}

impl Store {
    /// The first day on or after `from` with a visit whose target name,
    /// place or mission contains `text` (the calendar's `/`). Walks the
    /// date index forward and stops at the first match.
    pub fn next_visit_matching(&self, from: NaiveDate, text: &str) -> Result<Option<NaiveDate>> {
        use rusqlite::OptionalExtension;
        let pattern = super::sql::like_pattern(text.trim());
        let sql = "SELECT v.on_date FROM visits v LEFT JOIN directory d ON d.id = v.target_id
                   WHERE v.on_date >= ?1
                     AND (d.name LIKE ?2 ESCAPE '\\' OR v.place LIKE ?2 ESCAPE '\\' OR v.mission LIKE ?2 ESCAPE '\\')
                   ORDER BY v.on_date LIMIT 1";
        Ok(self
            .conn
            .query_row(sql, params![from, pattern], |r| r.cell(0))
            .optional()?)
    }

    /// The size of every Today section: one index range count each.
    pub fn today_counts(&self, today: NaiveDate, days: u64, top_risk: &str) -> Result<TodayCounts> {
        let until = today + chrono::Days::new(days);
        let count = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<i64> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row(args, |r| r.cell(0))?)
        };
        Ok(TodayCounts {
            visits_today: count("SELECT count(*) FROM visits WHERE on_date = ?1", &[&today])?,
            overdue_visits: count(
                "SELECT count(*) FROM visits WHERE status = 'planned' AND on_date < ?1",
                &[&today],
            )?,
            issues_due: count(
                "SELECT count(*) FROM issues WHERE status IN ('assigned', 'rectifying') AND deadline <= ?1",
                &[&until],
            )?,
            sessions_today: count(
                "SELECT count(*) FROM mediation_sessions WHERE on_date = ?1",
                &[&today],
            )?,
            high_risk: count(
                "SELECT count(*) FROM mediation_cases WHERE status <> 'closed' AND risk = ?1",
                &[&top_risk],
            )?,
            past_limit: count(
                "SELECT count(*) FROM mediation_cases WHERE status = 'accepted' AND limit_on < ?1",
                &[&today],
            )?,
            follow_ups: count(
                "SELECT count(*) FROM mediation_cases WHERE status = 'agreement' AND follow_up_on <= ?1",
                &[&until],
            )?,
            care_due: count(
                "SELECT count(*) FROM care_entries WHERE active = 1 AND next_due_on <= ?1",
                &[&until],
            )?,
        })
    }

    /// Mediation sessions on `day` with their cases, a page at most.
    pub fn sessions_on(&self, day: NaiveDate, page_size: usize) -> Result<Vec<SessionBrief>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.case_id, s.on_date, s.held, c.summary, c.kind, c.risk, c.reference
             FROM mediation_sessions s JOIN mediation_cases c ON c.id = s.case_id
             WHERE s.on_date = ?1 ORDER BY s.case_id, s.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![day, limit(page_size) as i64], |r| {
            Ok(SessionBrief {
                case_id: r.cell(0)?,
                on: r.cell(1)?,
                held: r.cell(2)?,
                summary: r.cell(3)?,
                kind: r.cell(4)?,
                risk: r.cell(5)?,
                reference: r.cell::<_, Option<String>>(6)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open cases at risk grade `risk`: the next session first (none
    /// last), then the oldest received; a page at most.
    pub fn open_cases_at_risk(&self, risk: &str, page_size: usize) -> Result<Vec<CaseBrief>> {
        let sql = format!(
            "SELECT {CASE_COLS} FROM mediation_cases WHERE status <> 'closed' AND risk = ?1
             ORDER BY next_session_on IS NULL, next_session_on, received_on, id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![risk, limit(page_size) as i64], read_case)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cases under way whose time limit passed before `today`, the longest
    /// past first; a page at most.
    pub fn cases_past_limit(&self, today: NaiveDate, page_size: usize) -> Result<Vec<CaseBrief>> {
        let sql = format!(
            "SELECT {CASE_COLS} FROM mediation_cases
             WHERE status = 'accepted' AND limit_on < ?1
             ORDER BY limit_on, id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![today, limit(page_size) as i64], read_case)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Agreements whose follow-up check falls on or before `day`, the
    /// oldest first; a page at most.
    pub fn follow_ups_due(&self, day: NaiveDate, page_size: usize) -> Result<Vec<CaseBrief>> {
        let sql = format!(
            "SELECT {CASE_COLS} FROM mediation_cases
             WHERE status = 'agreement' AND follow_up_on <= ?1
             ORDER BY follow_up_on, id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![day, limit(page_size) as i64], read_case)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Issues raised at one visit, in reference order; a page at most. An
    /// anonymous issue is left out: the visit names whom it visited.
    pub fn issues_of_visit(&self, visit_id: i64, page_size: usize) -> Result<Vec<IssueBrief>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, reference, raised_on, summary, status, deadline FROM issues
             WHERE visit_id = ?1 AND anonymous = 0 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![visit_id, limit(page_size) as i64], |r| {
            let status: String = r.cell(4)?;
            Ok(IssueBrief {
                id: r.cell(0)?,
                reference: r.cell(1)?,
                raised_on: r.cell(2)?,
                summary: r.cell(3)?,
                status: IssueStatus::from_name(&status).unwrap_or(IssueStatus::New),
                deadline: r.cell(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
