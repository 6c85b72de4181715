//! Pages for the ledgers and the calendar export (docs/ARCHITECTURE.md,
//! "Reports and exports"): each record with the names it links to, read a
//! page at a time in the ledger's order (main date, then id). Linked names
//! (officers, purposes, parties, mediators) are read for a whole page in
//! one query, never one query per row.

use super::page::Page;
use super::sql::{placeholders, Cell};
use super::{Result, Store};
use crate::domain::visit::CARE;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::HashMap;

/// Rows per page of a ledger: big enough that the per-page queries cost
/// nothing, small enough that memory stays flat on a million visits.
pub const PAGE: usize = 2_000;

/// An inclusive date range; an open end takes everything on that side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Span {
    /// The ends as bound text; ISO dates sort as text.
    fn bounds(&self) -> (String, String) {
        let from = self.from.map_or("0000-01-01".into(), |d| d.to_string());
        let to = self.to.map_or("9999-12-31".into(), |d| d.to_string());
        (from, to)
    }
}

/// Where a date-ordered page continues: after this (date, id).
pub type Cursor = (String, i64);

/// Where a page of visits continues: after this (date, state, id).
pub type VisitCursor = (String, String, i64);

/// One visit as the visit ledger and the calendar export show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitLine {
    pub id: i64,
    pub on_date: String,
    pub at_time: Option<String>,
    pub duration_min: Option<i64>,
    pub target: Option<String>,
    pub target_address: Option<String>,
    pub place: String,
    pub form: String,
    pub mission: String,
    pub status: String,
    pub outcome: Option<String>,
    pub people_reached: Option<i64>,
    pub cancel_reason: Option<String>,
    pub materials: Option<i64>,
    pub sheets_out: Option<i64>,
    pub gift: Option<String>,
    pub gift_fen: Option<i64>,
    /// Officer names, in name order.
    pub officers: Vec<String>,
    /// Purpose keys, in key order.
    pub purposes: Vec<String>,
}

/// One issue as the issue ledger shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueLine {
    pub id: i64,
    pub reference: String,
    pub raised_on: String,
    pub topic: String,
    pub summary: String,
    pub raiser: Option<String>,
    pub anonymous: bool,
    pub status: String,
    pub unit: Option<String>,
    pub responsible: Option<String>,
    pub deadline: Option<String>,
    pub measure: Option<String>,
    pub theme: Option<String>,
    pub rectified_on: Option<String>,
    pub answer_channel: Option<String>,
    pub answered_on: Option<String>,
    pub answered_by: Option<String>,
    pub answer_text: Option<String>,
    pub rating: Option<String>,
    pub reopened: i64,
    pub closed_on: Option<String>,
    pub close_deadline: Option<String>,
    /// Verification result key (a conduct or integrity complaint).
    pub verification: Option<String>,
    /// Department key of the latest hand-over, its date, and the
    /// department's reply with the day it came.
    pub handed_to: Option<String>,
    pub handed_on: Option<String>,
    pub handover_reply: Option<String>,
    pub handover_reply_on: Option<String>,
}

/// One mediation case as the mediation ledger shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseLine {
    pub id: i64,
    pub reference: String,
    pub received_on: String,
    pub kind: String,
    pub summary: String,
    pub source: String,
    pub risk: String,
    pub leader: Option<String>,
    pub status: String,
    pub accepted_on: Option<String>,
    pub limit_on: Option<String>,
    pub agreement_terms: Option<String>,
    pub agreed_on: Option<String>,
    pub follow_up_on: Option<String>,
    pub referral_target: Option<String>,
    pub referred_on: Option<String>,
    pub outcome: Option<String>,
    pub decline_reason: String,
    pub closed_on: Option<String>,
    pub sessions_held: i64,
    /// (name, role) in party order.
    pub parties: Vec<(String, String)>,
    /// Distinct mediators of the case's sessions, in name order.
    pub mediators: Vec<String>,
}

/// One care entry as the care ledger shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CareLine {
    pub id: i64,
    pub person: String,
    pub address: String,
    pub phone: String,
    pub group: String,
    pub reason: String,
    pub needs: String,
    pub help_given: String,
    pub cadence_days: i64,
    pub since: String,
    pub active: bool,
    pub last_visit_on: Option<String>,
    pub next_due_on: String,
    /// Done care visits to the person inside the span.
    pub visits_in_span: i64,
}

/// Care entries in a span: those due inside it or with a done care visit
/// inside it (docs/ARCHITECTURE.md, "Reports and exports"). `?1`..`?3`: from, to, the care purpose.
const CARE_IN_SPAN: &str = "(c.next_due_on BETWEEN ?1 AND ?2 OR EXISTS (
        SELECT 1 FROM visits v JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = ?3
        WHERE v.target_id = c.person_id AND v.status = 'done' AND v.on_date BETWEEN ?1 AND ?2))";

impl Store {
    /// The station code that prefixes reference numbers and export UIDs.
    pub fn station_code(&self) -> &str {
        &self.station_code
    }

    /// How many visits fall in `span` (of these officers, if any named).
    pub fn visit_ledger_count(&self, span: Span, officers: &[i64]) -> Result<i64> {
        let (from, to) = span.bounds();
        let mut args: Vec<Value> = vec![from.into(), to.into()];
        let sql = format!(
            "SELECT count(*) FROM visits WHERE on_date BETWEEN ?1 AND ?2{}",
            officer_filter("id", officers, &mut args)
        );
        Ok(self
            .conn
            .query_row(&sql, params_from_iter(args), |r| r.cell(0))?)
    }

    /// A page of visits in `span` by date, state and id (the order of
    /// the date index, so a page never sorts the rest of the range), after
    /// `after`; only those of `officers` when any are named.
    pub fn visit_ledger_page(
        &self,
        span: Span,
        officers: &[i64],
        after: Option<&VisitCursor>,
    ) -> Result<Page<VisitLine, VisitCursor>> {
        let (from, to) = span.bounds();
        let (ad, ast, ai) = after
            .cloned()
            .unwrap_or_else(|| (String::new(), String::new(), 0));
        let mut args: Vec<Value> = vec![from.into(), to.into(), ad.into(), ast.into(), ai.into()];
        let sql = format!(
            "SELECT v.id, v.on_date, v.at_time, v.duration_min, d.name, d.address, v.place,
                    v.form, v.mission, v.status, v.outcome, v.people_reached, v.cancel_reason,
                    v.materials, v.sheets_out, v.gift, v.gift_fen
             FROM visits v LEFT JOIN directory d ON d.id = v.target_id
             WHERE v.on_date BETWEEN ?1 AND ?2 AND (v.on_date, v.status, v.id) > (?3, ?4, ?5){}
             ORDER BY v.on_date, v.status, v.id LIMIT {}",
            officer_filter("v.id", officers, &mut args),
            PAGE + 1
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(VisitLine {
                    id: r.cell(0)?,
                    on_date: r.cell(1)?,
                    at_time: r.cell(2)?,
                    duration_min: r.cell(3)?,
                    target: r.cell(4)?,
                    target_address: r.cell(5)?,
                    place: r.cell(6)?,
                    form: r.cell(7)?,
                    mission: r.cell(8)?,
                    status: r.cell(9)?,
                    outcome: r.cell(10)?,
                    people_reached: r.cell(11)?,
                    cancel_reason: r.cell(12)?,
                    materials: r.cell(13)?,
                    sheets_out: r.cell(14)?,
                    gift: r.cell(15)?,
                    gift_fen: r.cell(16)?,
                    officers: Vec::new(),
                    purposes: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
        let mut names = linked(
            &self.conn,
            "SELECT vo.visit_id, o.name FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id
             WHERE vo.visit_id IN ({}) ORDER BY o.name, o.id",
            &ids,
        )?;
        let mut purposes = linked(
            &self.conn,
            "SELECT visit_id, purpose FROM visit_purposes WHERE visit_id IN ({}) ORDER BY purpose",
            &ids,
        )?;
        for v in &mut rows {
            v.officers = names.remove(&v.id).unwrap_or_default();
            v.purposes = purposes.remove(&v.id).unwrap_or_default();
        }
        Ok(Page::from_rows(rows, PAGE, |v| {
            (v.on_date.clone(), v.status.clone(), v.id)
        }))
    }

    /// How many issues were raised in `span`.
    pub fn issue_ledger_count(&self, span: Span) -> Result<i64> {
        let (from, to) = span.bounds();
        let sql = "SELECT count(*) FROM issues WHERE raised_on BETWEEN ?1 AND ?2";
        Ok(self.conn.query_row(sql, [from, to], |r| r.cell(0))?)
    }

    /// A page of issues raised in `span`, by raised date then id. An
    /// anonymous issue never names a raiser.
    pub fn issue_ledger_page(
        &self,
        span: Span,
        after: Option<&Cursor>,
    ) -> Result<Page<IssueLine, Cursor>> {
        let (from, to) = span.bounds();
        let (ad, ai) = after.cloned().unwrap_or_else(|| (String::new(), 0));
        let sql = format!(
            "SELECT i.id, i.reference, i.raised_on, i.topic, i.summary,
                    CASE WHEN i.anonymous THEN NULL ELSE d.name END, i.anonymous, i.status,
                    i.unit, r.name, i.deadline, i.measure, i.theme, i.rectified_on,
                    i.answer_channel, i.answered_on, a.name, i.answer_text, i.rating,
                    i.reopened, i.closed_on, i.close_deadline, i.verification, i.handed_to,
                    i.handed_on, i.handover_reply, i.handover_reply_on
             FROM issues i
             LEFT JOIN directory d ON d.id = i.raiser_id
             LEFT JOIN officers r ON r.id = i.responsible_id
             LEFT JOIN officers a ON a.id = i.answered_by
             WHERE i.raised_on BETWEEN ?1 AND ?2 AND (i.raised_on, i.id) > (?3, ?4)
             ORDER BY i.raised_on, i.id LIMIT {}",
            PAGE + 1
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params![from, to, ad, ai], |r| {
                Ok(IssueLine {
                    id: r.cell(0)?,
                    reference: r.cell(1)?,
                    raised_on: r.cell(2)?,
                    topic: r.cell(3)?,
                    summary: r.cell(4)?,
                    raiser: r.cell(5)?,
                    anonymous: r.cell(6)?,
                    status: r.cell(7)?,
                    unit: r.cell(8)?,
                    responsible: r.cell(9)?,
                    deadline: r.cell(10)?,
                    measure: r.cell(11)?,
                    theme: r.cell(12)?,
                    rectified_on: r.cell(13)?,
                    answer_channel: r.cell(14)?,
                    answered_on: r.cell(15)?,
                    answered_by: r.cell(16)?,
                    answer_text: r.cell(17)?,
                    rating: r.cell(18)?,
                    reopened: r.cell(19)?,
                    closed_on: r.cell(20)?,
                    close_deadline: r.cell(21)?,
                    verification: r.cell(22)?,
                    handed_to: r.cell(23)?,
                    handed_on: r.cell(24)?,
                    handover_reply: r.cell(25)?,
                    handover_reply_on: r.cell(26)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page::from_rows(rows, PAGE, |i| (i.raised_on.clone(), i.id)))
    }

    /// How many mediation cases were received in `span`.
    pub fn case_ledger_count(&self, span: Span) -> Result<i64> {
        let (from, to) = span.bounds();
        let sql = "SELECT count(*) FROM mediation_cases WHERE received_on BETWEEN ?1 AND ?2";
        Ok(self.conn.query_row(sql, [from, to], |r| r.cell(0))?)
    }

    /// A page of mediation cases received in `span`, by received date then
    /// id, with their parties and mediators.
    pub fn case_ledger_page(
        &self,
        span: Span,
        after: Option<&Cursor>,
    ) -> Result<Page<CaseLine, Cursor>> {
        let (from, to) = span.bounds();
        let (ad, ai) = after.cloned().unwrap_or_else(|| (String::new(), 0));
        let sql = format!(
            "SELECT c.id, c.reference, c.received_on, c.kind, c.summary, c.source, c.risk,
                    l.name, c.status, c.accepted_on, c.limit_on, c.agreement_terms, c.agreed_on,
                    c.follow_up_on, c.referral_target, c.referred_on, c.outcome,
                    c.decline_reason, c.closed_on,
                    (SELECT count(*) FROM mediation_sessions s WHERE s.case_id = c.id AND s.held)
             FROM mediation_cases c LEFT JOIN officers l ON l.id = c.leader_id
             WHERE c.received_on BETWEEN ?1 AND ?2 AND (c.received_on, c.id) > (?3, ?4)
             ORDER BY c.received_on, c.id LIMIT {}",
            PAGE + 1
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt
            .query_map(rusqlite::params![from, to, ad, ai], |r| {
                Ok(CaseLine {
                    id: r.cell(0)?,
                    reference: r.cell::<_, Option<String>>(1)?.unwrap_or_default(),
                    received_on: r.cell(2)?,
                    kind: r.cell(3)?,
                    summary: r.cell(4)?,
                    source: r.cell(5)?,
                    risk: r.cell(6)?,
                    leader: r.cell(7)?,
                    status: r.cell(8)?,
                    accepted_on: r.cell(9)?,
                    limit_on: r.cell(10)?,
                    agreement_terms: r.cell(11)?,
                    agreed_on: r.cell(12)?,
                    follow_up_on: r.cell(13)?,
                    referral_target: r.cell(14)?,
                    referred_on: r.cell(15)?,
                    outcome: r.cell(16)?,
                    decline_reason: r.cell(17)?,
                    closed_on: r.cell(18)?,
                    sessions_held: r.cell(19)?,
                    parties: Vec::new(),
                    mediators: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        let mut parties = linked(
            &self.conn,
            "SELECT case_id, name || char(31) || role FROM mediation_parties
             WHERE case_id IN ({}) ORDER BY seq",
            &ids,
        )?;
        let mut mediators = linked(
            &self.conn,
            "SELECT DISTINCT m.case_id, o.name FROM mediation_session_mediators m
             JOIN officers o ON o.id = m.officer_id WHERE m.case_id IN ({}) ORDER BY o.name",
            &ids,
        )?;
        for c in &mut rows {
            c.parties = parties
                .remove(&c.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| match p.split_once('\u{1f}') {
                    Some((name, role)) => (name.to_string(), role.to_string()),
                    None => (p, String::new()),
                })
                .collect();
            c.mediators = mediators.remove(&c.id).unwrap_or_default();
        }
        Ok(Page::from_rows(rows, PAGE, |c| {
            (c.received_on.clone(), c.id)
        }))
    }

    /// How many care entries are in `span` (see [`CARE_IN_SPAN`]).
    pub fn care_ledger_count(&self, span: Span) -> Result<i64> {
        let (from, to) = span.bounds();
        let sql = format!("SELECT count(*) FROM care_entries c WHERE {CARE_IN_SPAN}");
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params![from, to, CARE], |r| r.cell(0))?)
    }

    /// A page of care entries in `span` by id, after `after`, with the
    /// number of done care visits each had inside the span.
    pub fn care_ledger_page(&self, span: Span, after: i64) -> Result<Page<CareLine, i64>> {
        let (from, to) = span.bounds();
        let sql = format!(
            "SELECT c.id, d.name, d.address, d.phone, c.care_group, c.reason, c.needs,
                    c.help_given, c.cadence_days, c.since, c.active, c.last_visit_on,
                    c.next_due_on,
                    (SELECT count(*) FROM visits v
                     JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = ?3
                     WHERE v.target_id = c.person_id AND v.status = 'done'
                       AND v.on_date BETWEEN ?1 AND ?2)
             FROM care_entries c JOIN directory d ON d.id = c.person_id
             WHERE c.id > ?4 AND {CARE_IN_SPAN}
             ORDER BY c.id LIMIT {}",
            PAGE + 1
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params![from, to, CARE, after], |r| {
                Ok(CareLine {
                    id: r.cell(0)?,
                    person: r.cell(1)?,
                    address: r.cell(2)?,
                    phone: r.cell(3)?,
                    group: r.cell(4)?,
                    reason: r.cell(5)?,
                    needs: r.cell(6)?,
                    help_given: r.cell(7)?,
                    cadence_days: r.cell(8)?,
                    since: r.cell(9)?,
                    active: r.cell(10)?,
                    last_visit_on: r.cell(11)?,
                    next_due_on: r.cell(12)?,
                    visits_in_span: r.cell(13)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page::from_rows(rows, PAGE, |c| c.id))
    }

    /// The ids of the officers called `name` (names are not unique).
    pub fn officers_named(&self, name: &str) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM officers WHERE name = ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([name.trim()], |r| r.cell(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }
}

/// ` AND <col> IN (visits of these officers)`, its values appended to
/// `args`; nothing when no officer is named.
fn officer_filter(col: &str, officers: &[i64], args: &mut Vec<Value>) -> String {
    if officers.is_empty() {
        return String::new();
    }
    args.extend(officers.iter().map(|&id| Value::from(id)));
    format!(
        " AND {col} IN (SELECT visit_id FROM visit_officers WHERE officer_id IN ({}))",
        placeholders(officers.len())
    )
}

/// Runs `sql` (with `{}` for the id list) over `ids` and groups the second
/// column by the first: one query for a page's links.
fn linked(conn: &Connection, sql: &str, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = sql.replace("{}", &placeholders(ids.len()));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(ids), |r| {
        Ok((r.cell::<_, i64>(0)?, r.cell::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, text) = row?;
        out.entry(id).or_default().push(text);
    }
    Ok(out)
}
