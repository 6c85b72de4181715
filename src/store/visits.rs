//! Visits, their officers and purposes, and open-door evaluations.

use super::page::{limit, Page};
use super::sql::{bump, placeholders, stored, Cell, META};
use super::{audit, care, now, Result, Store, StoreError, Stored};
use crate::config::categories::Categories;
use crate::domain::visit::{self, Evaluation, Handouts, Visit, VisitStatus, VisitStep};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::HashMap;

const COLS: &str = "on_date, at_time, duration_min, target_id, place, form, mission, status, outcome, people_reached, cancel_reason,
    materials, sheets_out, gift, gift_fen";

/// Where a page of one day's (or the overdue) visits continues.
pub type Cursor = (NaiveDate, Option<NaiveTime>, i64);

/// Visit counts of one calendar day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub date: NaiveDate,
    pub total: i64,
    pub done: i64,
    /// Planned visits whose date has passed.
    pub overdue: i64,
}

/// What a calendar shows; every set field narrows it. The conditions are
/// EXISTS subqueries on the link tables, so an empty filter leaves the
/// month query on its covering index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitFilter {
    /// Only visits with this purpose key.
    pub purpose: Option<String>,
    /// Only visits of this form key.
    pub form: Option<String>,
    /// Only visits this officer goes on.
    pub officer: Option<i64>,
}

impl VisitFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.purpose.is_none() && self.form.is_none() && self.officer.is_none()
    }

    /// The SQL conditions (on table `visits`) and their arguments, for
    /// visits dated `from..=to`. Purpose and officer read their link
    /// table's (key, on_date) index, so a filtered month touches only the
    /// matching visits.
    fn conditions(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        conds: &mut Vec<&'static str>,
        args: &mut Vec<Value>,
    ) {
        if let Some(p) = &self.purpose {
            conds.push("id IN (SELECT visit_id FROM visit_purposes WHERE purpose = ? AND on_date BETWEEN ? AND ?)");
            args.extend([
                p.clone().into(),
                from.to_string().into(),
                to.to_string().into(),
            ]);
        }
        if let Some(f) = &self.form {
            conds.push("form = ?");
            args.push(f.clone().into());
        }
        if let Some(o) = self.officer {
            conds.push("id IN (SELECT visit_id FROM visit_officers WHERE officer_id = ? AND on_date BETWEEN ? AND ?)");
            args.extend([o.into(), from.to_string().into(), to.to_string().into()]);
        }
    }
}

fn read(row: &Row<'_>) -> rusqlite::Result<Stored<Visit>> {
    let status = match row.get_ref(13)?.as_str()? {
        "done" => VisitStatus::Done {
            outcome: row.cell::<_, Option<String>>(14)?.unwrap_or_default(),
            people_reached: row.cell::<_, Option<u32>>(15)?.unwrap_or_default(),
        },
        "cancelled" => VisitStatus::Cancelled {
            reason: row.cell::<_, Option<String>>(16)?.unwrap_or_default(),
        },
        _ => VisitStatus::Planned,
    };
    let v = Visit {
        date: row.cell(6)?,
        time: row.cell(7)?,
        duration_min: row.cell(8)?,
        target_id: row.cell(9)?,
        place: row.cell(10)?,
        form: row.cell(11)?,
        mission: row.cell(12)?,
        status,
        officers: Vec::new(),
        purposes: Vec::new(),
        handouts: Handouts {
            materials: row.cell(17)?,
            sheets_out: row.cell(18)?,
            gift: row.cell::<_, Option<String>>(19)?.unwrap_or_default(),
            gift_fen: row.cell(20)?,
        },
    };
    stored(row, v)
}

/// The status columns (status, outcome, people_reached, cancel_reason).
fn status_cols(s: &VisitStatus) -> (&'static str, Option<&str>, Option<u32>, Option<&str>) {
    match s {
        VisitStatus::Planned => ("planned", None, None, None),
        VisitStatus::Done {
            outcome,
            people_reached,
        } => ("done", Some(outcome), Some(*people_reached), None),
        VisitStatus::Cancelled { reason } => ("cancelled", None, None, Some(reason)),
    }
}

/// The stored gift description: NULL when none is recorded.
fn gift(h: &Handouts) -> Option<&str> {
    (!h.gift.is_empty()).then_some(h.gift.as_str())
}

/// Loads officers and purposes of every visit in `rows`: two queries per
/// page, never one per row.
fn attach_links(conn: &Connection, rows: &mut [Stored<Visit>]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids = || params_from_iter(rows.iter().map(|r| r.id).collect::<Vec<_>>());
    let mut officers: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut purposes: HashMap<i64, Vec<String>> = HashMap::new();
    let marks = placeholders(rows.len());
    let sql =
        format!("SELECT visit_id, officer_id FROM visit_officers WHERE visit_id IN ({marks})");
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query(ids())?;
    while let Some(r) = q.next()? {
        officers.entry(r.cell(0)?).or_default().push(r.cell(1)?);
    }
    let sql = format!("SELECT visit_id, purpose FROM visit_purposes WHERE visit_id IN ({marks})");
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query(ids())?;
    while let Some(r) = q.next()? {
        purposes.entry(r.cell(0)?).or_default().push(r.cell(1)?);
    }
    for row in rows.iter_mut() {
        row.record.officers = officers.remove(&row.id).unwrap_or_default();
        row.record.purposes = purposes.remove(&row.id).unwrap_or_default();
    }
    Ok(())
}

fn write_links(conn: &Connection, id: i64, v: &Visit) -> Result<()> {
    conn.execute("DELETE FROM visit_officers WHERE visit_id = ?1", [id])?;
    conn.execute("DELETE FROM visit_purposes WHERE visit_id = ?1", [id])?;
    let mut o = conn.prepare_cached(
        "INSERT INTO visit_officers (visit_id, officer_id, on_date) VALUES (?1, ?2, ?3)",
    )?;
    for officer in &v.officers {
        o.execute(params![id, officer, v.date])?;
    }
    let mut p = conn.prepare_cached(
        "INSERT INTO visit_purposes (visit_id, purpose, on_date) VALUES (?1, ?2, ?3)",
    )?;
    for purpose in &v.purposes {
        p.execute(params![id, purpose, v.date])?;
    }
    Ok(())
}

/// Inserts a validated visit inside an open transaction; used by the store
/// and by other aggregates that create visits (mediation sessions, care).
pub(super) fn insert(conn: &Connection, actor: &str, v: &Visit) -> Result<i64> {
    insert_as(conn, actor, v, "create")
}

/// [`insert`], audited as `action` (an import says so).
pub(super) fn insert_as(conn: &Connection, actor: &str, v: &Visit, action: &str) -> Result<i64> {
    let t = now();
    let (status, outcome, reached, reason) = status_cols(&v.status);
    conn.execute(
        &format!(
            "INSERT INTO visits ({COLS}, created_at, created_by, updated_at, updated_by)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?14, ?15, ?16, ?17,
                          ?12, ?13, ?12, ?13)"
        ),
        params![
            v.date,
            v.time,
            v.duration_min,
            v.target_id,
            v.place,
            v.form,
            v.mission,
            status,
            outcome,
            reached,
            reason,
            t,
            actor,
            v.handouts.materials,
            v.handouts.sheets_out,
            gift(&v.handouts),
            v.handouts.gift_fen
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_links(conn, id, v)?;
    audit::record(conn, actor, "visit", id, action, None::<&Visit>, Some(v))?;
    care::refresh_for_visit(conn, v)?;
    Ok(id)
}

fn rewrite(conn: &Connection, id: i64, v: &Visit) -> Result<()> {
    let (status, outcome, reached, reason) = status_cols(&v.status);
    conn.execute(
        "UPDATE visits SET on_date=?1, at_time=?2, duration_min=?3, target_id=?4, place=?5, form=?6,
         mission=?7, status=?8, outcome=?9, people_reached=?10, cancel_reason=?11,
         materials=?13, sheets_out=?14, gift=?15, gift_fen=?16 WHERE id=?12",
        params![v.date, v.time, v.duration_min, v.target_id, v.place, v.form, v.mission, status, outcome, reached, reason, id,
                v.handouts.materials, v.handouts.sheets_out, gift(&v.handouts), v.handouts.gift_fen],
    )?;
    write_links(conn, id, v)
}

/// The audit action of a visit done on another day than planned.
pub const MOVED: &str = "moved";

impl Store {
    /// Adds a visit.
    pub fn add_visit(&mut self, visit: &Visit) -> Result<Stored<Visit>> {
        let today = self.today();
        let (tx, cats, actor) = self.begin()?;
        let v = visit.validated(cats, None, today)?;
        let id = insert(&tx, actor, &v)?;
        tx.commit()?;
        self.visit(id)
    }

    /// Edits a visit's fields, if nobody changed it since `version`.
    pub fn update_visit(&mut self, id: i64, version: i64, visit: &Visit) -> Result<Stored<Visit>> {
        let today = self.today();
        self.save_visit(id, version, "update", |old, cats| {
            Ok(visit.validated(cats, Some(old), today)?)
        })
    }

    /// Applies a lifecycle step (done, cancel, reschedule) on the store's
    /// today. A visit done on another day than planned moves to that day.
    pub fn visit_step(&mut self, id: i64, version: i64, step: &VisitStep) -> Result<Stored<Visit>> {
        let today = self.today();
        self.save_visit(id, version, step.name(), |old, _| {
            Ok(visit::apply(old, step, today)?)
        })
    }

    /// Reads the visit, computes its new state with `change` and writes
    /// it, all in one IMMEDIATE transaction, refused if `version` is stale.
    fn save_visit(
        &mut self,
        id: i64,
        version: i64,
        action: &str,
        change: impl FnOnce(&Visit, &Categories) -> Result<Visit>,
    ) -> Result<Stored<Visit>> {
        let (tx, cats, actor) = self.begin()?;
        let old = load(&tx, id)?.record;
        let v = change(&old, cats)?;
        bump(&tx, "visits", "visit", id, version, actor)?;
        rewrite(&tx, id, &v)?;
        audit::record(&tx, actor, "visit", id, action, Some(&old), Some(&v))?;
        if action == "complete" && old.date != v.date {
            // The move gets its own line in the trail: planned → done on.
            audit::record(
                &tx,
                actor,
                "visit",
                id,
                MOVED,
                Some(&old.date),
                Some(&v.date),
            )?;
        }
        // Either version may have been a care visit to someone.
        care::refresh_for_visit(&tx, &old)?;
        care::refresh_for_visit(&tx, &v)?;
        tx.commit()?;
        self.visit(id)
    }

    /// One visit with its officers and purposes.
    pub fn visit(&self, id: i64) -> Result<Stored<Visit>> {
        load(&self.conn, id)
    }

    /// Per-day counts for `from..=to` (a month grid), one grouped query.
    pub fn visit_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<DayCount>> {
        self.visit_counts_filtered(from, to, today, &VisitFilter::default())
    }

    /// Per-day counts for `from..=to` of the visits `filter` keeps, one
    /// grouped query. Grouping by (date, status) walks the covering index
    /// `visits_by_date` in order and leaves the arithmetic to Rust, which
    /// is about twice as fast as summing expressions in SQL.
    pub fn visit_counts_filtered(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        filter: &VisitFilter,
    ) -> Result<Vec<DayCount>> {
        let mut conds = vec!["on_date BETWEEN ? AND ?"];
        let mut args: Vec<Value> = vec![from.to_string().into(), to.to_string().into()];
        filter.conditions(from, to, &mut conds, &mut args);
        let sql = format!(
            "SELECT on_date, status, count(*) FROM visits WHERE {}
             GROUP BY on_date, status ORDER BY on_date",
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut q = stmt.query(params_from_iter(args))?;
        let mut out: Vec<DayCount> = Vec::new();
        while let Some(r) = q.next()? {
            let date: NaiveDate = r.cell(0)?;
            let n: i64 = r.cell(2)?;
            if out.last().map(|c| c.date) != Some(date) {
                out.push(DayCount {
                    date,
                    total: 0,
                    done: 0,
                    overdue: 0,
                });
            }
            let Some(day) = out.last_mut() else { break };
            day.total += n;
            let status: String = r.cell(1)?;
            match status.as_str() {
                "done" => day.done += n,
                "planned" if date < today => day.overdue += n,
                _ => {}
            }
        }
        Ok(out)
    }

    /// A page of visits on `from..=to`, by date, time (untimed first), id.
    pub fn visits_page(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<Visit>, Cursor>> {
        self.visits_page_filtered(from, to, &VisitFilter::default(), after, page_size)
    }

    /// A page of the visits on `from..=to` that `filter` keeps, in
    /// calendar order (a day's agenda, a week).
    pub fn visits_page_filtered(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &VisitFilter,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<Visit>, Cursor>> {
        let mut conds = vec!["on_date BETWEEN ? AND ?"];
        let mut args: Vec<Value> = vec![from.to_string().into(), to.to_string().into()];
        filter.conditions(from, to, &mut conds, &mut args);
        self.visit_page(conds, args, after, page_size)
    }

    /// A page of planned visits whose date is before `today`, oldest first.
    pub fn overdue_visits_page(
        &self,
        today: NaiveDate,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<Visit>, Cursor>> {
        self.visit_page(
            vec!["status = 'planned' AND on_date < ?"],
            vec![today.to_string().into()],
            after,
            page_size,
        )
    }

    /// Up to `n` visits of `from..=to` whose person or place, place or
    /// mission contains `text`, nearest `to` first (search everything:
    /// the date range keeps the scan on the date index).
    pub fn visits_matching(
        &self,
        text: &str,
        from: NaiveDate,
        to: NaiveDate,
        n: usize,
    ) -> Result<Vec<Stored<Visit>>> {
        let sql = format!(
            "SELECT {META}, {COLS} FROM visits v
             WHERE v.on_date BETWEEN ?1 AND ?2
               AND (v.place LIKE ?3 ESCAPE '\\' OR v.mission LIKE ?3 ESCAPE '\\'
                    OR v.target_id IN (SELECT d.id FROM directory d
                                       WHERE d.name LIKE ?3 ESCAPE '\\' OR d.phone LIKE ?3 ESCAPE '\\'))
             ORDER BY v.on_date DESC, v.id DESC LIMIT ?4"
        );
        let pattern = super::sql::like_pattern(text.trim());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![from, to, pattern, limit(n) as i64], read)?;
        let mut rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        attach_links(&self.conn, &mut rows)?;
        Ok(rows)
    }

    /// Every visit to one directory entry, newest first, a page at a time.
    pub fn visits_of_page(
        &self,
        target: i64,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<Visit>, Cursor>> {
        let n = limit(page_size);
        let sql = format!(
            "SELECT {META}, {COLS} FROM visits WHERE target_id = ?1
               AND (?2 IS NULL OR (on_date, id) < (?2, ?3))
             ORDER BY on_date DESC, id DESC LIMIT ?4"
        );
        let (ad, ai) = after.map(|c| (Some(c.0), c.2)).unwrap_or((None, 0));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![target, ad, ai, n as i64 + 1], read)?;
        let mut rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        attach_links(&self.conn, &mut rows)?;
        Ok(Page::from_rows(rows, n, |r| {
            (r.record.date, r.record.time, r.id)
        }))
    }

    /// Pages visits matching every condition of `conds` (bound in order
    /// by `args`) in calendar order.
    fn visit_page(
        &self,
        mut conds: Vec<&str>,
        mut args: Vec<Value>,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page<Stored<Visit>, Cursor>> {
        let n = limit(page_size);
        if let Some((d, t, i)) = after {
            // Untimed visits sort first within a day: '' < any 'HH:MM'.
            conds.push("(on_date, coalesce(at_time, ''), id) > (?, ?, ?)");
            let t = t
                .map(|t| t.format("%H:%M:%S").to_string())
                .unwrap_or_default();
            args.extend([d.to_string().into(), t.into(), (*i).into()]);
        }
        args.push((n as i64 + 1).into());
        let sql = format!(
            "SELECT {META}, {COLS} FROM visits WHERE {}
             ORDER BY on_date, coalesce(at_time, ''), id LIMIT ?",
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), read)?;
        let mut rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        attach_links(&self.conn, &mut rows)?;
        Ok(Page::from_rows(rows, n, |r| {
            (r.record.date, r.record.time, r.id)
        }))
    }

    /// Records an open-door evaluation given at a done visit.
    pub fn add_evaluation(&mut self, visit_id: i64, eval: &Evaluation) -> Result<i64> {
        let (tx, cats, actor) = self.begin()?;
        let visit = load(&tx, visit_id)?;
        let e = eval.validated(cats, &visit.record)?;
        let t = now();
        tx.execute(
            "INSERT INTO evaluations (visit_id, respondent, comments, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)",
            params![visit_id, e.respondent, e.comments, t, actor],
        )?;
        let id = tx.last_insert_rowid();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO evaluation_ratings (evaluation_id, aspect, rating) VALUES (?1, ?2, ?3)",
        )?;
        for (aspect, rating) in &e.ratings {
            stmt.execute(params![id, aspect, rating])?;
        }
        drop(stmt);
        audit::record(
            &tx,
            actor,
            "evaluation",
            id,
            "create",
            None::<&Evaluation>,
            Some(&e),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The evaluations given at one visit, oldest first.
    pub fn evaluations(&self, visit_id: i64) -> Result<Vec<(i64, Evaluation)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.respondent, e.comments, r.aspect, r.rating FROM evaluations e
             LEFT JOIN evaluation_ratings r ON r.evaluation_id = e.id
             WHERE e.visit_id = ?1 ORDER BY e.id",
        )?;
        let mut out: Vec<(i64, Evaluation)> = Vec::new();
        let mut q = stmt.query([visit_id])?;
        while let Some(r) = q.next()? {
            let id: i64 = r.cell(0)?;
            if out.last().map(|(i, _)| *i) != Some(id) {
                let e = Evaluation {
                    respondent: r.cell(1)?,
                    comments: r.cell(2)?,
                    ratings: Vec::new(),
                };
                out.push((id, e));
            }
            if let (Some(a), Some(g)) = (
                r.cell::<_, Option<String>>(3)?,
                r.cell::<_, Option<String>>(4)?,
            ) {
                if let Some((_, e)) = out.last_mut() {
                    e.ratings.push((a, g));
                }
            }
        }
        Ok(out)
    }
}

/// Reads one record on `conn` (inside a transaction when updating).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Stored<Visit>> {
    let sql = format!("SELECT {META}, {COLS} FROM visits WHERE id = ?1");
    let row = conn.query_row(&sql, [id], read).optional()?;
    let mut rows: Vec<_> = row.into_iter().collect();
    attach_links(conn, &mut rows)?;
    rows.pop().ok_or(StoreError::NotFound {
        entity: "visit",
        id,
    })
}
