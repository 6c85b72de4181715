//! Issues, their readable reference numbers and their timeline.

use super::page::{limit, Page};
use super::sql::{bump, like_pattern, stored, Cell, META};
use super::{audit, now, visits, Result, Store, StoreError, Stored};
use crate::config::categories::Categories;
use crate::domain::issue::{
    self, Answer, Assignment, Handover, Issue, IssueStatus, IssueStep, Measure,
};
use crate::domain::visit;
use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

const COLS: &str =
    "reference, raised_on, topic, summary, details, raiser_id, anonymous, visit_id, status,
    unit, responsible_id, deadline, measure, theme, rectified_on,
    answer_channel, answered_on, answered_by, answer_text, rating, reopened, closed_on,
    close_deadline, verification, handed_to, handed_on, handover_reply, handover_reply_on";

/// Where an issue page continues: after this (raised_on, id), newest first.
pub type Cursor = (NaiveDate, i64);

/// An issue with its readable reference number (e.g. `XC-2026-0042`).
#[derive(Debug, Clone, PartialEq)]
pub struct IssueRow {
    pub reference: String,
    pub issue: Issue,
}

/// What an issue list shows; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueFilter {
    pub status: Option<IssueStatus>,
    pub topic: Option<String>,
    pub responsible: Option<i64>,
    /// Only issues overdue on this day.
    pub overdue_on: Option<NaiveDate>,
    /// Only anonymous (true) or only named (false) issues: rectified and
    /// named is "awaiting answer".
    pub anonymous: Option<bool>,
    /// Free text in the summary, details or reference.
    pub text: String,
}

/// One step in an issue's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineStep {
    pub step: String,
    pub on: NaiveDate,
    pub officer_id: Option<i64>,
    pub unit: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// Category key of the step: theme, channel or rating.
    pub category: Option<String>,
    pub text: String,
    /// When it was written (UTC, ISO 8601).
    pub at: String,
    /// The login that wrote it.
    pub by: String,
    /// Who did it: the officer the login maps to, else the login.
    pub who: String,
}

/// The timeline step of an edit that changed the raised date: `on` is the
/// new date, the text the old one.
pub const RAISED_ON_CHANGED: &str = "raised_on_changed";

fn read(row: &Row<'_>) -> rusqlite::Result<Stored<IssueRow>> {
    let status: String = row.cell(14)?;
    let assignment = match (
        row.cell::<_, Option<String>>(15)?,
        row.cell(16)?,
        row.cell(17)?,
    ) {
        (Some(unit), Some(officer_id), Some(deadline)) => Some(Assignment {
            unit,
            officer_id,
            deadline,
        }),
        _ => None,
    };
    let measure = match (row.cell::<_, Option<String>>(18)?, row.cell(20)?) {
        (Some(text), Some(on)) => Some(Measure {
            text,
            theme: row.cell(19)?,
            on,
        }),
        _ => None,
    };
    let answer = match (
        row.cell::<_, Option<String>>(21)?,
        row.cell(22)?,
        row.cell(23)?,
    ) {
        (Some(channel), Some(on), Some(by)) => Some(Answer {
            channel,
            on,
            by,
            text: row.cell(24)?,
        }),
        _ => None,
    };
    let handover = match (row.cell::<_, Option<String>>(30)?, row.cell(31)?) {
        (Some(department), Some(on)) => Some(Handover {
            department,
            on,
            reply: match (row.cell::<_, Option<String>>(32)?, row.cell(33)?) {
                (Some(text), Some(on)) => Some((text, on)),
                _ => None,
            },
        }),
        _ => None,
    };
    let issue = Issue {
        raised_on: row.cell(7)?,
        topic: row.cell(8)?,
        summary: row.cell(9)?,
        details: row.cell(10)?,
        raiser_id: row.cell(11)?,
        anonymous: row.cell(12)?,
        visit_id: row.cell(13)?,
        status: IssueStatus::from_name(&status).unwrap_or(IssueStatus::New),
        assignment,
        measure,
        answer,
        rating: row.cell(25)?,
        reopened: row.cell(26)?,
        closed_on: row.cell(27)?,
        close_deadline: row.cell(28)?,
        verification: row.cell(29)?,
        handover,
    };
    stored(
        row,
        IssueRow {
            reference: row.cell(6)?,
            issue,
        },
    )
}

/// Writes every column of `i` into row `id`.
fn rewrite(conn: &Connection, id: i64, i: &Issue) -> Result<()> {
    let a = i.assignment.as_ref();
    let m = i.measure.as_ref();
    let ans = i.answer.as_ref();
    let h = i.handover.as_ref();
    let reply = h.and_then(|h| h.reply.as_ref());
    conn.execute(
        "UPDATE issues SET raised_on=?1, topic=?2, summary=?3, details=?4, raiser_id=?5, anonymous=?6,
           visit_id=?7, status=?8, unit=?9, responsible_id=?10, deadline=?11, measure=?12, theme=?13,
           rectified_on=?14, answer_channel=?15, answered_on=?16, answered_by=?17, answer_text=?18,
           rating=?19, reopened=?20, closed_on=?21, close_deadline=?23, verification=?24,
           handed_to=?25, handed_on=?26, handover_reply=?27, handover_reply_on=?28
         WHERE id=?22",
        params![
            i.raised_on, i.topic, i.summary, i.details, i.raiser_id, i.anonymous, i.visit_id,
            i.status.name(), a.map(|a| &a.unit), a.map(|a| a.officer_id), a.map(|a| a.deadline),
            m.map(|m| &m.text), m.and_then(|m| m.theme.as_ref()), m.map(|m| m.on),
            ans.map(|a| &a.channel), ans.map(|a| a.on), ans.map(|a| a.by), ans.map(|a| &a.text),
            i.rating, i.reopened, i.closed_on, id, i.close_deadline, i.verification,
            h.map(|h| &h.department), h.map(|h| h.on), reply.map(|r| &r.0), reply.map(|r| r.1)
        ],
    )?;
    Ok(())
}

/// The station code used in reference numbers; fixed in the file at the
/// first issue so numbers never change when a config does.
pub(super) fn station_code(conn: &Connection, configured: &str) -> Result<String> {
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('station_code', ?1)",
        [configured],
    )?;
    Ok(conn.query_row(
        "SELECT value FROM settings WHERE key = 'station_code'",
        [],
        |r| r.cell(0),
    )?)
}

/// Inserts a validated new issue with the next serial of its year and its
/// first timeline step; used by the store and by the demo seeder.
pub(crate) fn insert(
    conn: &Connection,
    actor: &str,
    code: &str,
    i: &Issue,
) -> Result<(i64, String)> {
    let (reference, year, serial) = next_reference(conn, code, i.raised_on)?;
    let t = now();
    conn.execute(
        "INSERT INTO issues (reference, ref_year, ref_serial, raised_on, topic, summary, status,
           created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'new', ?7, ?8, ?7, ?8)",
        params![
            reference,
            year,
            serial,
            i.raised_on,
            i.topic,
            i.summary,
            t,
            actor
        ],
    )?;
    let id = conn.last_insert_rowid();
    rewrite(conn, id, i)?;
    step_row(
        conn,
        (&t, actor),
        id,
        "raise",
        i.raised_on,
        None,
        &i.summary,
    )?;
    audit::record(conn, actor, "issue", id, "create", None::<&Issue>, Some(i))?;
    Ok((id, reference))
}

/// The next reference number of the year `raised_on` falls in, e.g.
/// `XC-2026-0042`: (reference, year, serial).
pub(super) fn next_reference(
    conn: &Connection,
    code: &str,
    raised_on: NaiveDate,
) -> Result<(String, i32, i64)> {
    let code = station_code(conn, code)?;
    numbered(conn, &code, raised_on)
}

/// The next reference number of `raised_on`'s year under the station code
/// `code` as stored (the bulk loader reads it once).
pub(super) fn numbered(
    conn: &Connection,
    code: &str,
    raised_on: NaiveDate,
) -> Result<(String, i32, i64)> {
    let year = raised_on.year();
    let serial: i64 = conn
        .prepare_cached("SELECT coalesce(max(ref_serial), 0) + 1 FROM issues WHERE ref_year = ?1")?
        .query_row([year], |r| r.cell(0))?;
    Ok((reference(code, year, serial), year, serial))
}

/// An issue's reference number: station code, year, serial.
pub(super) fn reference(code: &str, year: i32, serial: i64) -> String {
    format!("{code}-{year}-{serial:04}")
}

/// Appends one timeline row; the values are [`step_values`].
pub(super) const INSERT_STEP: &str =
    "INSERT INTO issue_steps (issue_id, step, on_date, officer_id, unit, deadline, category, text, at, by)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// The timeline columns a step fills: (officer, unit, deadline, category,
/// text); `text` is used when the step carries none of its own.
pub(super) type StepValues = (
    Option<i64>,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    String,
);

/// See [`StepValues`].
pub(super) fn step_values(step: Option<&IssueStep>, text: &str) -> StepValues {
    let (mut officer, mut unit, mut deadline, mut category, mut text) =
        (None, None, None, None, text.to_string());
    match step {
        Some(IssueStep::Assign(a)) => {
            officer = Some(a.officer_id);
            unit = Some(a.unit.clone());
            deadline = Some(a.deadline);
        }
        Some(IssueStep::Rectify(m)) => {
            category = m.theme.clone();
            text = m.text.clone();
        }
        Some(IssueStep::Answer(a)) => {
            officer = Some(a.by);
            category = Some(a.channel.clone());
            text = a.text.clone();
        }
        Some(IssueStep::Rate { rating, reason, .. }) => {
            category = Some(rating.clone());
            text = reason.trim().to_string();
        }
        Some(IssueStep::Verify { result, note, .. }) => {
            category = Some(result.clone());
            text = note.trim().to_string();
        }
        Some(IssueStep::HandOver {
            department, note, ..
        }) => {
            category = Some(department.clone());
            text = note.trim().to_string();
        }
        Some(IssueStep::HandoverReply { reply, .. }) => text = reply.trim().to_string(),
        _ => {}
    }
    (officer, unit, deadline, category, text)
}

/// Appends one timeline row stamped (at, by); `step` carries the step's
/// own values.
fn step_row(
    conn: &Connection,
    (at, by): (&str, &str),
    id: i64,
    name: &str,
    on: NaiveDate,
    step: Option<&IssueStep>,
    text: &str,
) -> Result<()> {
    let (officer, unit, deadline, category, text) = step_values(step, text);
    conn.prepare_cached(INSERT_STEP)?.execute(params![
        id, name, on, officer, unit, deadline, category, text, at, by
    ])?;
    Ok(())
}

impl Store {
    /// Raises a new issue; it gets the next reference number of its year.
    /// An issue heard at a visit is raised on the day the visit was done.
    pub fn add_issue(&mut self, issue: &Issue) -> Result<Stored<IssueRow>> {
        let code = self.station_code.clone();
        let today = self.today();
        let (tx, cats, actor) = self.begin()?;
        let mut issue = issue.clone();
        if let Some(visit_id) = issue.visit_id {
            issue.raised_on = visit::raise_date(&visits::load(&tx, visit_id)?.record)?;
        }
        if issue.close_deadline.is_none() {
            let days = cats.close_days(&issue.topic);
            issue.close_deadline = Some(issue.default_close_deadline(days));
        }
        let mut i = issue.validated(cats, None, today)?;
        i.status = IssueStatus::New;
        let (id, _) = insert(&tx, actor, &code, &i)?;
        tx.commit()?;
        self.issue(id)
    }

    /// Edits the raised fields (topic, summary, ...), not the loop's steps.
    pub fn update_issue(
        &mut self,
        id: i64,
        version: i64,
        issue: &Issue,
    ) -> Result<Stored<IssueRow>> {
        let today = self.today();
        self.save_issue(id, version, "update", None, |old, cats| {
            let edited = Issue {
                status: old.status,
                assignment: old.assignment.clone(),
                measure: old.measure.clone(),
                answer: old.answer.clone(),
                rating: old.rating.clone(),
                reopened: old.reopened,
                closed_on: old.closed_on,
                verification: old.verification.clone(),
                handover: old.handover.clone(),
                // A form that leaves it blank keeps the stored one.
                close_deadline: issue.close_deadline.or(old.close_deadline),
                ..issue.clone()
            };
            Ok(edited.validated(cats, Some(old), today)?)
        })
    }

    /// Applies one step of the loop and appends it to the timeline.
    pub fn issue_step(
        &mut self,
        id: i64,
        version: i64,
        step: &IssueStep,
        today: NaiveDate,
    ) -> Result<Stored<IssueRow>> {
        self.save_issue(
            id,
            version,
            step.name(),
            Some((step, today)),
            |old, cats| Ok(issue::apply(old, step, cats, today)?),
        )
    }

    /// Reads the issue, computes its new state with `change` and writes it
    /// with its timeline step, all in one IMMEDIATE transaction, refused if
    /// `version` is stale.
    fn save_issue(
        &mut self,
        id: i64,
        version: i64,
        action: &str,
        step: Option<(&IssueStep, NaiveDate)>,
        change: impl FnOnce(&Issue, &Categories) -> Result<Issue>,
    ) -> Result<Stored<IssueRow>> {
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?.record.issue;
        let i = change(&old, cats)?;
        bump(&tx, "issues", "issue", id, version, actor)?;
        rewrite(&tx, id, &i)?;
        if let Some((s, today)) = step {
            step_row(&tx, (&now(), actor), id, s.name(), s.on(today), Some(s), "")?;
        }
        if old.raised_on != i.raised_on {
            let was = old.raised_on.to_string();
            step_row(
                &tx,
                (&now(), actor),
                id,
                RAISED_ON_CHANGED,
                i.raised_on,
                None,
                &was,
            )?;
        }
        audit::record(&tx, actor, "issue", id, action, Some(&old), Some(&i))?;
        tx.commit()?;
        self.issue(id)
    }

    /// One issue.
    pub fn issue(&self, id: i64) -> Result<Stored<IssueRow>> {
        load(&self.conn, id)
    }

    /// An issue's timeline, oldest first.
    pub fn issue_timeline(&self, id: i64) -> Result<Vec<TimelineStep>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.step, s.on_date, s.officer_id, s.unit, s.deadline, s.category, s.text, s.at, s.by,
                    coalesce((SELECT o.name FROM officers o WHERE o.os_user = s.by), s.by)
             FROM issue_steps s WHERE s.issue_id = ?1 ORDER BY s.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(TimelineStep {
                step: r.cell(0)?,
                on: r.cell(1)?,
                officer_id: r.cell(2)?,
                unit: r.cell(3)?,
                deadline: r.cell(4)?,
                category: r.cell(5)?,
                text: r.cell(6)?,
                at: r.cell(7)?,
                by: r.cell(8)?,
                who: r.cell(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of issues matching `filter`, newest raised first. Only the
    /// active conditions go into the SQL, so SQLite can pick the index
    /// that fits (status, topic, responsible person or deadline).
    pub fn issues_page(
        &self,
        filter: &IssueFilter,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<IssueRow>, Cursor>> {
        let n = limit(page_size);
        let (mut conds, mut args) = issue_conds(filter);
        if let Some((d, i)) = after {
            conds.push("(raised_on, id) < (?, ?)");
            args.push(d.to_string().into());
            args.push((*i).into());
        }
        args.push((n as i64 + 1).into());
        let where_ = if conds.is_empty() {
            "1".to_string()
        } else {
            conds.join(" AND ")
        };
        let sql = format!("SELECT {META}, {COLS} FROM issues WHERE {where_} ORDER BY raised_on DESC, id DESC LIMIT ?");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), read)?;
        let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Page::from_rows(rows, n, |r| {
            (r.record.issue.raised_on, r.id)
        }))
    }

    /// How many issues match `filter`: the exact number for a list title.
    /// By state, anonymity and topic it is read from the trigger-kept
    /// `issue_counts`; otherwise one count over the index the filter picks
    /// (responsible person or the open-deadline index). A text
    /// search has to read the summaries, so it is as slow as the search.
    pub fn issues_count(&self, filter: &IssueFilter) -> Result<i64> {
        let by_state_only = filter.responsible.is_none()
            && filter.overdue_on.is_none()
            && filter.text.trim().is_empty();
        if by_state_only {
            // Kept by triggers (schema migration 2): no index walk at all.
            let sql = "SELECT coalesce(sum(n), 0) FROM issue_counts
                       WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR anonymous = ?2)
                         AND (?3 IS NULL OR topic = ?3)";
            let mut stmt = self.conn.prepare_cached(sql)?;
            return Ok(stmt.query_row(
                params![
                    filter.status.map(IssueStatus::name),
                    filter.anonymous,
                    filter.topic
                ],
                |r| r.cell(0),
            )?);
        }
        let (conds, args) = issue_conds(filter);
        let where_ = if conds.is_empty() {
            "1".to_string()
        } else {
            conds.join(" AND ")
        };
        let sql = format!("SELECT count(*) FROM issues WHERE {where_}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(args), |r| r.cell(0))?)
    }

    /// Issues overdue on `today` or due within `days` after it, soonest
    /// deadline first (the Today pane's list).
    pub fn issues_due(
        &self,
        today: NaiveDate,
        days: u64,
        page_size: usize,
    ) -> Result<Vec<Stored<IssueRow>>> {
        let until = today + chrono::Days::new(days);
        let sql = format!(
            "SELECT {META}, {COLS} FROM issues INDEXED BY issues_open_deadline
             WHERE status IN ('assigned', 'rectifying') AND deadline <= ?1
             ORDER BY deadline, id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![until, limit(page_size) as i64], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The conditions of `filter` (ANDed) with their values, in order.
fn issue_conds(filter: &IssueFilter) -> (Vec<&'static str>, Vec<Value>) {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(s) = filter.status {
        conds.push("status = ?");
        args.push(s.name().to_string().into());
    }
    if let Some(t) = &filter.topic {
        conds.push("topic = ?");
        args.push(t.clone().into());
    }
    if let Some(r) = filter.responsible {
        conds.push("responsible_id = ?");
        args.push(r.into());
    }
    if let Some(a) = filter.anonymous {
        conds.push("anonymous = ?");
        args.push(a.into());
    }
    if let Some(d) = filter.overdue_on {
        conds.push("status IN ('assigned', 'rectifying') AND deadline < ?");
        args.push(d.to_string().into());
    }
    let text = filter.text.trim();
    if !text.is_empty() {
        // The raiser is found by name or phone too (never an anonymous
        // issue's: it names nobody).
        conds.push(
            "(summary LIKE ? ESCAPE '\\' OR details LIKE ? ESCAPE '\\' OR reference LIKE ? ESCAPE '\\'
              OR (anonymous = 0 AND raiser_id IN (SELECT d.id FROM directory d
                  WHERE d.name LIKE ? ESCAPE '\\' OR d.phone LIKE ? ESCAPE '\\')))",
        );
        args.extend(std::iter::repeat_n(Value::from(like_pattern(text)), 5));
    }
    (conds, args)
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<IssueRow>> {
    let sql = format!("SELECT {META}, {COLS} FROM issues WHERE id = ?1");
    conn.query_row(&sql, [id], read)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "issue",
            id,
        })
}
