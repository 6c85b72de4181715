//! Mediation cases with their parties and sessions.

use super::page::{limit, Page};
use super::sql::{bump, placeholders, stored, Cell, META};
use super::{audit, now, visits, Result, Store, StoreError, Stored};
use crate::config::categories::{Categories, SetId};
use crate::domain::mediation::{
    self, Agreement, CaseStatus, CaseStep, Consent, MediationCase, Outcome, Party, Referral, Role,
    Session,
};
use crate::domain::visit::{self, Visit, VisitStatus, VisitStep, MEDIATION};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::HashMap;

const COLS: &str =
    "received_on, kind, summary, source, risk, leader_id, visit_id, status, accepted_on, limit_on,
    agreement_terms, agreed_on, follow_up_on, referral_target, referred_on, referral_note,
    outcome, decline_reason, closed_on, extended_days, reference";

/// The stored status of a case. A declined case is stored as closed with
/// the outcome "declined": the file's CHECK constraint and the open-queue
/// index (`status <> 'closed'`) predate the declined state, and a
/// declined case is as finished as a closed one.
pub(crate) fn stored_status(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Declined => CaseStatus::Closed.name(),
        other => other.name(),
    }
}

/// The case status from its stored status and outcome.
fn status_of(status: &str, outcome: Option<&str>) -> CaseStatus {
    match (status, outcome) {
        ("closed", Some("declined")) => CaseStatus::Declined,
        _ => CaseStatus::from_name(status).unwrap_or(CaseStatus::Received),
    }
}

/// SQL for the status name of case row `c` ("declined" for a declined case).
pub(super) fn status_sql(c: &str) -> String {
    format!("CASE WHEN {c}.status = 'closed' AND {c}.outcome = 'declined' THEN 'declined' ELSE {c}.status END")
}

/// One line of a case's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseTimelineStep {
    /// The step's name ([`CaseStep::name`]), `receive`, or
    /// [`PARTY_CHANGED`].
    pub step: String,
    pub on: NaiveDate,
    pub text: String,
    /// When it was written (UTC, ISO 8601).
    pub at: String,
    /// The login that wrote it.
    pub by: String,
    /// Who did it: the officer the login maps to, else the login.
    pub who: String,
}

/// The timeline step of an edit that replaced, added or removed a party;
/// its text is "old name → new name" (either side empty when none).
pub const PARTY_CHANGED: &str = "party_changed";

/// The timeline step of a party refusing mediation (the case is declined).
pub const REFUSED: &str = "refuse";

/// Where a queue page continues: (risk rank, next session or far future,
/// received_on, id).
pub type Cursor = (i64, String, NaiveDate, i64);

/// Sorts cases with no session after any real date.
pub(super) const NO_SESSION: &str = "9999-12-31";

fn read(row: &Row<'_>) -> rusqlite::Result<Stored<MediationCase>> {
    let status: String = row.cell(13)?;
    let outcome: Option<String> = row.cell(22)?;
    let agreement = match (
        row.cell::<_, Option<String>>(16)?,
        row.cell(17)?,
        row.cell(18)?,
    ) {
        (Some(terms), Some(on), Some(follow_up_on)) => Some(Agreement {
            terms,
            on,
            follow_up_on,
        }),
        _ => None,
    };
    let referral = match (row.cell::<_, Option<String>>(19)?, row.cell(20)?) {
        (Some(target), Some(on)) => Some(Referral {
            target,
            on,
            note: row.cell::<_, Option<String>>(21)?.unwrap_or_default(),
        }),
        _ => None,
    };
    let c = MediationCase {
        received_on: row.cell(6)?,
        kind: row.cell(7)?,
        summary: row.cell(8)?,
        source: row.cell(9)?,
        risk: row.cell(10)?,
        leader_id: row.cell(11)?,
        visit_id: row.cell(12)?,
        status: status_of(&status, outcome.as_deref()),
        accepted_on: row.cell(14)?,
        limit_on: row.cell(15)?,
        extended_days: row.cell(25)?,
        agreement,
        referral,
        outcome: outcome.and_then(|o| Outcome::from_name(&o)),
        decline_reason: row.cell(23)?,
        closed_on: row.cell(24)?,
        reference: row.cell::<_, Option<String>>(26)?.unwrap_or_default(),
        parties: Vec::new(),
        sessions: Vec::new(),
    };
    stored(row, c)
}

/// `CASE risk WHEN ?6 THEN 0 WHEN ?7 THEN 1 ... ELSE 99 END`: the top grade
/// first. The keys are bound as parameters, never pasted into the SQL:
/// `bind` takes each key and returns the placeholder it was bound to.
pub(super) fn risk_rank_sql(
    cats: &Categories,
    column: &str,
    mut bind: impl FnMut(Value) -> String,
) -> String {
    let items = &cats.set(SetId::Risk).items;
    let mut sql = format!("CASE {column}");
    for (i, item) in items.iter().rev().enumerate() {
        let mark = bind(Value::from(item.key.clone()));
        sql.push_str(&format!(" WHEN {mark} THEN {i}"));
    }
    sql.push_str(" ELSE 99 END");
    sql
}

/// Loads parties and sessions of every case in `rows` (two queries).
fn attach_children(conn: &Connection, rows: &mut [Stored<MediationCase>]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let marks = placeholders(ids.len());
    let mut parties: HashMap<i64, Vec<Party>> = HashMap::new();
    let sql = format!("SELECT case_id, entry_id, name, role, consent, extension_consent FROM mediation_parties WHERE case_id IN ({marks}) ORDER BY case_id, seq");
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query(params_from_iter(&ids))?;
    while let Some(r) = q.next()? {
        let party = Party {
            entry_id: r.cell(1)?,
            name: r.cell(2)?,
            role: Role::from_name(&r.cell::<_, String>(3)?).unwrap_or(Role::Other),
            consent: Consent::from_name(&r.cell::<_, String>(4)?).unwrap_or(Consent::Pending),
            extension_consent: r.cell(5)?,
        };
        parties.entry(r.cell(0)?).or_default().push(party);
    }
    let mut mediators: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    let sql = format!("SELECT case_id, seq, officer_id FROM mediation_session_mediators WHERE case_id IN ({marks}) ORDER BY case_id, seq, pos");
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query(params_from_iter(&ids))?;
    while let Some(r) = q.next()? {
        mediators
            .entry((r.cell(0)?, r.cell(1)?))
            .or_default()
            .push(r.cell(2)?);
    }
    let mut sessions: HashMap<i64, Vec<Session>> = HashMap::new();
    let sql = format!("SELECT case_id, seq, on_date, attendees, notes, held, visit_id FROM mediation_sessions WHERE case_id IN ({marks}) ORDER BY case_id, seq");
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query(params_from_iter(&ids))?;
    while let Some(r) = q.next()? {
        let key: (i64, i64) = (r.cell(0)?, r.cell(1)?);
        let session = Session {
            on: r.cell(2)?,
            mediators: mediators.remove(&key).unwrap_or_default(),
            attendees: r.cell(3)?,
            notes: r.cell(4)?,
            held: r.cell(5)?,
            visit_id: r.cell(6)?,
        };
        sessions.entry(key.0).or_default().push(session);
    }
    for row in rows.iter_mut() {
        row.record.parties = parties.remove(&row.id).unwrap_or_default();
        row.record.sessions = sessions.remove(&row.id).unwrap_or_default();
    }
    Ok(())
}

/// Writes every column and child row of `c` into case `id`.
fn rewrite(conn: &Connection, id: i64, c: &MediationCase) -> Result<()> {
    let a = c.agreement.as_ref();
    let r = c.referral.as_ref();
    conn.execute(
        "UPDATE mediation_cases SET received_on=?1, kind=?2, summary=?3, source=?4, risk=?5, leader_id=?6,
           visit_id=?7, status=?8, accepted_on=?9, limit_on=?10, agreement_terms=?11, agreed_on=?12,
           follow_up_on=?13, referral_target=?14, referred_on=?15, referral_note=?16, outcome=?17,
           decline_reason=?18, closed_on=?19, next_session_on=?20, extended_days=?21
         WHERE id=?22",
        params![
            c.received_on, c.kind, c.summary, c.source, c.risk, c.leader_id, c.visit_id, stored_status(c.status),
            c.accepted_on, c.limit_on, a.map(|a| &a.terms), a.map(|a| a.on), a.map(|a| a.follow_up_on),
            r.map(|r| &r.target), r.map(|r| r.on), r.map(|r| &r.note), c.outcome.map(Outcome::name),
            c.decline_reason, c.closed_on, c.next_session(), c.extended_days, id
        ],
    )?;
    conn.execute(
        "DELETE FROM mediation_session_mediators WHERE case_id = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM mediation_parties WHERE case_id = ?1", [id])?;
    conn.execute("DELETE FROM mediation_sessions WHERE case_id = ?1", [id])?;
    write_children(conn, id, c, |v| v)
}

/// Inserts the parties, sessions and session mediators of case `id`
/// (none may exist yet); `visit` maps a stored visit id (the demo
/// renumbers its visits).
pub(super) fn write_children(
    conn: &Connection,
    id: i64,
    c: &MediationCase,
    visit: impl Fn(i64) -> i64,
) -> Result<()> {
    let mut p = conn.prepare_cached(
        "INSERT INTO mediation_parties (case_id, seq, entry_id, name, role, consent, extension_consent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, party) in c.parties.iter().enumerate() {
        p.execute(params![
            id,
            seq,
            party.entry_id,
            party.name,
            party.role.name(),
            party.consent.name(),
            party.extension_consent
        ])?;
    }
    let mut s = conn.prepare_cached(
        "INSERT INTO mediation_sessions (case_id, seq, on_date, attendees, notes, held, visit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut m = conn.prepare_cached(
        "INSERT OR IGNORE INTO mediation_session_mediators (case_id, seq, pos, officer_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (seq, session) in c.sessions.iter().enumerate() {
        s.execute(params![
            id,
            seq,
            session.on,
            session.attendees,
            session.notes,
            session.held,
            session.visit_id.map(&visit)
        ])?;
        for (pos, officer) in session.mediators.iter().enumerate() {
            m.execute(params![id, seq, pos, officer])?;
        }
    }
    Ok(())
}

/// The next reference number of `year` for a new case, e.g.
/// `XC-M-2026-0007`: (reference, year, serial).
pub(super) fn next_reference(
    conn: &Connection,
    code: &str,
    received_on: NaiveDate,
) -> Result<(String, i32, i64)> {
    let code = super::issues::station_code(conn, code)?;
    numbered(conn, &code, received_on)
}

/// The next reference number of `received_on`'s year under the station
/// code `code` as stored (the bulk loader reads it once).
pub(super) fn numbered(
    conn: &Connection,
    code: &str,
    received_on: NaiveDate,
) -> Result<(String, i32, i64)> {
    use chrono::Datelike;
    let year = received_on.year();
    let serial: i64 = conn
        .prepare_cached(
            "SELECT coalesce(max(ref_serial), 0) + 1 FROM mediation_cases WHERE ref_year = ?1",
        )?
        .query_row([year], |r| r.cell(0))?;
    Ok((reference(code, year, serial), year, serial))
}

/// A case's reference number: station code, `M`, year, serial.
pub(super) fn reference(code: &str, year: i32, serial: i64) -> String {
    format!("{code}-M-{year}-{serial:04}")
}

/// Inserts a validated case inside an open transaction; it gets the next
/// reference number of the year it was received.
pub(crate) fn insert(conn: &Connection, actor: &str, code: &str, c: &MediationCase) -> Result<i64> {
    let t = now();
    let (reference, year, serial) = next_reference(conn, code, c.received_on)?;
    conn.execute(
        "INSERT INTO mediation_cases (received_on, kind, summary, source, risk, status, reference, ref_year, ref_serial,
           created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11)",
        params![c.received_on, c.kind, c.summary, c.source, c.risk, stored_status(c.status), reference, year, serial, t, actor],
    )?;
    let id = conn.last_insert_rowid();
    let c = &MediationCase {
        reference,
        ..c.clone()
    };
    rewrite(conn, id, c)?;
    step_row(conn, actor, id, "receive", c.received_on, &c.summary)?;
    audit::record(
        conn,
        actor,
        "mediation",
        id,
        "create",
        None::<&MediationCase>,
        Some(c),
    )?;
    Ok(id)
}

/// Appends one line to case `id`'s timeline.
fn step_row(
    conn: &Connection,
    actor: &str,
    id: i64,
    step: &str,
    on: NaiveDate,
    text: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO case_steps (case_id, step, on_date, text, at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, step, on, text, now(), actor])?;
    Ok(())
}

/// The day a step happened, and what the timeline says of it.
fn step_line(c: &MediationCase, step: &CaseStep, today: NaiveDate) -> (NaiveDate, String) {
    let name = |i: usize| c.parties.get(i).map_or(String::new(), |p| p.name.clone());
    match step {
        // A consent row names the party; a refusal also keeps the reason.
        CaseStep::Consent {
            party,
            on,
            reason,
            given,
        } => match given {
            true => (*on, name(*party)),
            false => (
                *on,
                [name(*party), reason.clone()].join(" ").trim().to_string(),
            ),
        },
        CaseStep::ScheduleSession { on, .. } => (*on, String::new()),
        CaseStep::RecordSession { index, notes, .. } => (
            c.sessions.get(*index).map_or(today, |s| s.on),
            notes.clone(),
        ),
        CaseStep::Agree(a) => (a.on, a.terms.clone()),
        CaseStep::Refer(r) => (r.on, r.note.clone()),
        CaseStep::Close { on } => (*on, String::new()),
        CaseStep::ConsentToExtend { party } => (today, name(*party)),
        CaseStep::Extend { days } => (today, days.to_string()),
        CaseStep::NoAgreement => (today, String::new()),
    }
}

/// The planned visit that puts a newly scheduled session on the calendar.
fn session_visit(c: &MediationCase, s: &Session) -> Visit {
    let mut v = Visit::planned(
        s.on,
        s.mediators.clone(),
        vec![MEDIATION.to_string()],
        "dispute_parties",
    );
    v.target_id = c.parties.iter().find_map(|p| p.entry_id);
    v.place = if v.target_id.is_none() {
        c.summary.chars().take(60).collect()
    } else {
        String::new()
    };
    v.mission = c.summary.clone();
    v
}

/// A session recorded as held marks its calendar visit done (outcome: the
/// attendees and notes; people reached: the parties), with the visit's own
/// audit entry, so it never shows as an overdue visit. A visit already done
/// or cancelled elsewhere is left as it is.
fn complete_session_visit(
    conn: &Connection,
    actor: &str,
    c: &MediationCase,
    s: &Session,
) -> Result<()> {
    let Some(visit_id) = s.visit_id else {
        return Ok(());
    };
    let old = match visits::load(conn, visit_id) {
        Ok(v) => v,
        Err(StoreError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    if old.record.status != VisitStatus::Planned {
        return Ok(());
    }
    let outcome = [s.attendees.trim(), s.notes.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let reached = c.parties.len() as u32;
    let step = VisitStep::Complete {
        outcome: outcome.clone(),
        people_reached: reached,
        on: Some(s.on),
        handouts: Default::default(),
    };
    let done = visit::apply(&old.record, &step, s.on)?;
    bump(conn, "visits", "visit", visit_id, old.version, actor)?;
    conn.execute(
        "UPDATE visits SET status = 'done', outcome = ?1, people_reached = ?2 WHERE id = ?3",
        params![outcome.trim(), reached, visit_id],
    )?;
    audit::record(
        conn,
        actor,
        "visit",
        visit_id,
        step.name(),
        Some(&old.record),
        Some(&done),
    )?;
    Ok(())
}

impl Store {
    /// Receives a new dispute into the queue.
    pub fn add_case(&mut self, case: &MediationCase) -> Result<Stored<MediationCase>> {
        let code = self.station_code.clone();
        let (tx, cats, actor) = self.begin()?;
        let mut c = case.validated(cats, None)?;
        c.extended_days = None;
        c.status = CaseStatus::Received;
        let id = insert(&tx, actor, &code, &c)?;
        tx.commit()?;
        self.case(id)
    }

    /// Edits what a form edits (received date, kind, source, risk, leader,
    /// summary, parties), keeping the lifecycle as it is; refused when
    /// someone changed the case since `version`. A replaced party's consent
    /// is dropped (see [`mediation::edit_parties`]) and each party change
    /// is a line of the timeline.
    pub fn update_case(
        &mut self,
        id: i64,
        version: i64,
        case: &MediationCase,
    ) -> Result<Stored<MediationCase>> {
        let today = self.today();
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?;
        let (with_parties, changes) = mediation::edit_parties(&old.record, &case.parties);
        let edited = MediationCase {
            received_on: case.received_on,
            kind: case.kind.clone(),
            summary: case.summary.clone(),
            source: case.source.clone(),
            risk: case.risk.clone(),
            leader_id: case.leader_id,
            ..with_parties
        };
        let c = edited.validated(cats, Some(&old.record))?;
        bump(&tx, "mediation_cases", "mediation case", id, version, actor)?;
        rewrite(&tx, id, &c)?;
        for ch in &changes {
            let text = format!(
                "{} → {}",
                ch.from.as_deref().unwrap_or(""),
                ch.to.as_deref().unwrap_or("")
            );
            step_row(&tx, actor, id, PARTY_CHANGED, today, text.trim())?;
        }
        audit::record(
            &tx,
            actor,
            "mediation",
            id,
            "update",
            Some(&old.record),
            Some(&c),
        )?;
        tx.commit()?;
        self.case(id)
    }

    /// Applies one lifecycle step. Scheduling a session also creates its
    /// planned visit (purpose: mediation), and recording the session held
    /// marks that visit done, in the same transaction.
    pub fn case_step(
        &mut self,
        id: i64,
        version: i64,
        step: &CaseStep,
    ) -> Result<Stored<MediationCase>> {
        let today = self.today();
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?;
        let mut c = mediation::apply(&old.record, step, cats, today)?;
        let (on, text) = step_line(&c, step, today);
        let row = match step {
            CaseStep::Consent { given: false, .. } => REFUSED,
            _ => step.name(),
        };
        step_row(&tx, actor, id, row, on, &text)?;
        bump(&tx, "mediation_cases", "mediation case", id, version, actor)?;
        if let CaseStep::ScheduleSession { .. } = step {
            if let Some(s) = c.sessions.last() {
                let visit_id = visits::insert(&tx, actor, &session_visit(&c, s))?;
                if let Some(s) = c.sessions.last_mut() {
                    s.visit_id = Some(visit_id);
                }
            }
        }
        if let CaseStep::RecordSession { index, .. } = step {
            if let Some(s) = c.sessions.get(*index) {
                complete_session_visit(&tx, actor, &c, s)?;
            }
        }
        rewrite(&tx, id, &c)?;
        audit::record(
            &tx,
            actor,
            "mediation",
            id,
            step.name(),
            Some(&old.record),
            Some(&c),
        )?;
        tx.commit()?;
        self.case(id)
    }

    /// A case's timeline, oldest first.
    pub fn case_timeline(&self, id: i64) -> Result<Vec<CaseTimelineStep>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.step, s.on_date, s.text, s.at, s.by,
                    coalesce((SELECT o.name FROM officers o WHERE o.os_user = s.by), s.by)
             FROM case_steps s WHERE s.case_id = ?1 ORDER BY s.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(CaseTimelineStep {
                step: r.cell(0)?,
                on: r.cell(1)?,
                text: r.cell(2)?,
                at: r.cell(3)?,
                by: r.cell(4)?,
                who: r.cell(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One case with parties and sessions.
    pub fn case(&self, id: i64) -> Result<Stored<MediationCase>> {
        load(&self.conn, id)
    }

    /// A page of the open queue: highest risk first, then the next session
    /// date (none last), then oldest received.
    pub fn queue_page(
        &self,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<MediationCase>, Cursor>> {
        let n = limit(page_size);
        let (ar, an, ad, ai) = match after {
            Some((r, n, d, i)) => (Some(*r), n.clone(), Some(d.to_string()), *i),
            None => (None, String::new(), None, 0),
        };
        let mut args: Vec<Value> = vec![
            ar.into(),
            an.into(),
            ad.into(),
            ai.into(),
            (n as i64 + 1).into(),
        ];
        let rank = risk_rank_sql(&self.cats, "risk", |v| {
            args.push(v);
            format!("?{}", args.len())
        });
        let sql = format!(
            "SELECT {META}, {COLS}, {rank} AS rank, coalesce(next_session_on, '{NO_SESSION}') AS next
             FROM mediation_cases WHERE status <> 'closed'
               AND (?1 IS NULL OR ({rank}, coalesce(next_session_on, '{NO_SESSION}'), received_on, id) > (?1, ?2, ?3, ?4))
             ORDER BY rank, next, received_on, id LIMIT ?5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut ranks: HashMap<i64, (i64, String)> = HashMap::new();
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let s = read(r)?;
            Ok((s, r.cell::<_, i64>(27)?, r.cell::<_, String>(28)?))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (s, rank, next) = row?;
            ranks.insert(s.id, (rank, next));
            items.push(s);
        }
        attach_children(&self.conn, &mut items)?;
        Ok(Page::from_rows(items, n, |c| {
            let (rank, next) = ranks.get(&c.id).cloned().unwrap_or_default();
            (rank, next, c.record.received_on, c.id)
        }))
    }
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<MediationCase>> {
    let sql = format!("SELECT {META}, {COLS} FROM mediation_cases WHERE id = ?1");
    let row = conn.query_row(&sql, [id], read).optional()?;
    let mut rows: Vec<_> = row.into_iter().collect();
    attach_children(conn, &mut rows)?;
    rows.pop().ok_or(StoreError::NotFound {
        entity: "mediation case",
        id,
    })
}
