//! The work summary's counts: each figure of `domain::figures` is one
//! grouped query over an index range of the period; the two that need a
//! timeline (on-time rectification, issues open on a past day) read the
//! steps of the issues concerned only. See ARCHITECTURE.md, "Report".

use super::sql::Cell;
use super::{Result, Store};
use crate::domain::figures::{
    self, ByKey, CareFigures, EvaluationFigures, Figures, IssueFigures, MediationFigures, OpenLoad,
    Ratings, Ratio, TimelineRow, VisitFigures,
};
use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params_from_iter, Connection, ToSql};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A vulnerable-group tag and the days it held: tag, from, until (ISO
/// dates compare as text).
type Span = (String, String, Option<String>);

/// `r`, once `step` has been told it is done.
fn after<T>(step: &mut dyn FnMut(), r: T) -> T {
    step();
    r
}

/// How many groups [`Store::figures_stepped`] reports as it goes.
pub const FIGURE_STEPS: u64 = 5;

/// A period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One month of the trend drawn beside the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    /// The month's first day.
    pub month: NaiveDate,
    pub visits_done: i64,
    pub issues_raised: i64,
    pub rectified_on_time: Ratio,
    pub satisfaction: Ratio,
}

/// The done visits of the period: the range every visit figure reads.
const DONE: &str = "v.on_date BETWEEN ?1 AND ?2 AND v.status = 'done'";

/// The timeline steps that move an issue's state.
const STATE_STEPS: &str = "('raise', 'assign', 'rectify', 'answer', 'rate', 'close_anonymous')";

impl Store {
    /// The station's code as the file keeps it (the one its reference
    /// numbers carry), else the configured one.
    pub fn station(&self) -> Result<String> {
        let stored = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'station_code'",
                [],
                |r| r.cell(0),
            )
            .ok();
        Ok(stored.unwrap_or_else(|| self.station_code.clone()))
    }

    /// Every figure of the work summary for `p`, as the records stand on
    /// `today`; "as of the period's end" means `p.to`, or today if sooner.
    pub fn figures(&self, p: Period, today: NaiveDate) -> Result<Figures> {
        self.figures_stepped(p, today, &mut || {})
    }

    /// [`Store::figures`], calling `step` after each of its
    /// [`FIGURE_STEPS`] groups (a progress bar counts them).
    pub fn figures_stepped(
        &self,
        p: Period,
        today: NaiveDate,
        step: &mut dyn FnMut(),
    ) -> Result<Figures> {
        let q = Query {
            conn: &self.conn,
            p,
            end: p.to.min(today),
            today,
        };
        let (visits, sheets_out) = after(step, q.visits())?;
        let evaluation = after(step, q.evaluation())?;
        Ok(Figures {
            visits,
            evaluation: EvaluationFigures {
                sheets_out,
                ..evaluation
            },
            issues: after(step, q.issues())?,
            mediation: after(step, q.mediation())?,
            care: after(step, q.care())?,
        })
    }

    /// The `months` months up to and including the one `last` falls in.
    pub fn trend(&self, last: NaiveDate, months: u32) -> Result<Vec<MonthPoint>> {
        let first = last.with_day(1).unwrap_or(last) - Months::new(months.saturating_sub(1));
        let to = last.with_day(1).unwrap_or(last) + Months::new(1) - Days::new(1);
        let q = Query {
            conn: &self.conn,
            p: Period { from: first, to },
            end: to,
            today: to,
        };
        let visits = q.by_key(
            &format!(
                "SELECT substr(v.on_date, 1, 7), count(*) FROM visits v WHERE {DONE} GROUP BY 1"
            ),
            &[],
        )?;
        let raised = q.by_key(
            "SELECT substr(raised_on, 1, 7), count(*) FROM issues
             WHERE raised_on BETWEEN ?1 AND ?2 GROUP BY 1",
            &[],
        )?;
        let mut on_time: BTreeMap<String, Ratio> = BTreeMap::new();
        for (month, t) in q.raised_timelines()? {
            if let Some(ok) = figures::rectified_on_time(&t.rows) {
                let r = on_time.entry(month).or_default();
                r.den += 1;
                r.num += i64::from(ok);
            }
        }
        let mut satisfaction: BTreeMap<String, Ratings> = BTreeMap::new();
        q.each(
            &format!(
                "SELECT substr(v.on_date, 1, 7), r.rating, count(*) FROM visits v
                 JOIN evaluations e ON e.visit_id = v.id
                 JOIN evaluation_ratings r ON r.evaluation_id = e.id
                 WHERE {DONE} GROUP BY 1, 2"
            ),
            &[],
            |r| {
                let month: String = r.cell(0)?;
                let rating: String = r.cell(1)?;
                satisfaction
                    .entry(month)
                    .or_default()
                    .add(&rating, r.cell(2)?);
                Ok(())
            },
        )?;
        Ok((0..months)
            .map(|i| {
                let month = first + Months::new(i);
                let key = month.format("%Y-%m").to_string();
                MonthPoint {
                    month,
                    visits_done: visits.get(&key).copied().unwrap_or(0),
                    issues_raised: raised.get(&key).copied().unwrap_or(0),
                    rectified_on_time: on_time.get(&key).copied().unwrap_or_default(),
                    satisfaction: satisfaction
                        .get(&key)
                        .map(|r| r.satisfaction())
                        .unwrap_or_default(),
                }
            })
            .collect())
    }
}

/// An issue's state-moving timeline, and whether it is anonymous.
struct Timeline {
    anonymous: bool,
    rows: Vec<TimelineRow>,
}

/// The queries of one report: the period (`?1`, `?2`) and its end day.
struct Query<'a> {
    conn: &'a Connection,
    p: Period,
    end: NaiveDate,
    today: NaiveDate,
}

impl Query<'_> {
    /// Runs `sql` with the period as `?1`, `?2` and `extra` after (as many
    /// as it names), calling
    /// `each` on every row.
    fn each(
        &self,
        sql: &str,
        extra: &[&dyn ToSql],
        mut each: impl FnMut(&rusqlite::Row) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        // A statement may leave out the period; bind what it names.
        let args: Vec<&dyn ToSql> = [&self.p.from as &dyn ToSql, &self.p.to]
            .into_iter()
            .chain(extra.iter().copied())
            .take(stmt.parameter_count())
            .collect();
        let mut rows = stmt.query(params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            each(r)?;
        }
        Ok(())
    }

    /// One row of integers.
    fn ints<const N: usize>(&self, sql: &str, extra: &[&dyn ToSql]) -> Result<[i64; N]> {
        let mut out = [0; N];
        self.each(sql, extra, |r| {
            for (i, v) in out.iter_mut().enumerate() {
                *v = r.cell::<_, Option<i64>>(i)?.unwrap_or(0);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// (key, count) rows as a map; a NULL key is "".
    fn by_key(&self, sql: &str, extra: &[&dyn ToSql]) -> Result<ByKey> {
        let mut out = ByKey::new();
        self.each(sql, extra, |r| {
            let key: Option<String> = r.cell(0)?;
            *out.entry(key.unwrap_or_default()).or_default() += r.cell::<_, i64>(1)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The visit figures, and the evaluation sheets handed out on them.
    fn visits(&self) -> Result<(VisitFigures, i64)> {
        let mut f = VisitFigures::default();
        let states = self.by_key(
            "SELECT status, count(*) FROM visits WHERE on_date BETWEEN ?1 AND ?2 GROUP BY status",
            &[],
        )?;
        let state = |s: &str| states.get(s).copied().unwrap_or(0);
        (f.done, f.planned, f.cancelled) = (state("done"), state("planned"), state("cancelled"));
        // Planned and dated before today, or before the period's end.
        let overdue_before = (self.p.to + Days::new(1)).min(self.today);
        [f.overdue] = self.ints(
            "SELECT count(*) FROM visits
             WHERE status = 'planned' AND on_date BETWEEN ?1 AND ?2 AND on_date < ?3",
            &[&overdue_before],
        )?;
        [f.turnouts] = self.ints(
            &format!(
                "SELECT count(*) FROM visits v JOIN visit_officers o ON o.visit_id = v.id WHERE {DONE}"
            ),
            &[],
        )?;
        let sheets_out = self.done_visits(&mut f)?;
        Ok((f, sheets_out))
    }

    /// Figures 3–9 in one pass over the done visits of the period: a
    /// year holds ~100,000 of them, and each further query over them would
    /// read every one again.
    fn done_visits(&self, f: &mut VisitFigures) -> Result<i64> {
        let mut spans: HashMap<i64, Vec<Span>> = HashMap::new();
        self.each(
            "SELECT entry_id, tag, from_on, to_on FROM directory_tag_spans",
            &[],
            |r| {
                let span = (r.cell(1)?, r.cell(2)?, r.cell(3)?);
                spans.entry(r.cell(0)?).or_default().push(span);
                Ok(())
            },
        )?;
        let mut sheets_out = 0;
        let mut targets = HashSet::new();
        let mut in_group: BTreeMap<String, HashSet<i64>> = BTreeMap::new();
        let mut vulnerable = HashSet::new();
        self.each(
            &format!(
                "SELECT v.target_id, v.on_date, v.form, v.people_reached, v.materials, v.gift,
                        v.gift_fen, v.sheets_out,
                        (SELECT group_concat(p.purpose) FROM visit_purposes p WHERE p.visit_id = v.id)
                 FROM visits v WHERE {DONE}"
            ),
            &[],
            |r| {
                let target: Option<i64> = r.cell(0)?;
                let on: String = r.cell(1)?;
                let form: String = r.cell(2)?;
                let people = r.cell::<_, Option<i64>>(3)?.unwrap_or(0);
                sheets_out += r.cell::<_, Option<i64>>(7)?.unwrap_or(0);
                let purposes: Option<String> = r.cell(8)?;
                let purposes: Vec<&str> = purposes.as_deref().unwrap_or("").split(',').collect();
                f.people_reached += people;
                if form != "ordinary" {
                    let m = f.consultations.entry(form).or_default();
                    (m.meetings, m.attendance) = (m.meetings + 1, m.attendance + people);
                }
                for p in purposes.iter().filter(|p| !p.is_empty()) {
                    *f.by_purpose.entry((*p).to_string()).or_default() += 1;
                }
                f.multi_purpose += i64::from(purposes.len() > 1);
                if purposes.contains(&"law") {
                    f.legal.meetings += 1;
                    f.legal.attendance += people;
                    f.legal_materials += r.cell::<_, Option<i64>>(4)?.unwrap_or(0);
                }
                if purposes.contains(&"care") {
                    f.care_visits += 1;
                    let gift: Option<String> = r.cell(5)?;
                    let fen = r.cell::<_, Option<i64>>(6)?.unwrap_or(0);
                    f.gifts += i64::from(gift.is_some_and(|g| !g.is_empty()) || fen > 0);
                    f.gift_fen += fen;
                }
                let Some(t) = target else { return Ok(()) };
                targets.insert(t);
                for (tag, from, to) in spans.get(&t).into_iter().flatten() {
                    if *from <= on && to.as_ref().is_none_or(|to| *to > on) {
                        in_group.entry(tag.clone()).or_default().insert(t);
                        vulnerable.insert(t);
                    }
                }
                Ok(())
            },
        )?;
        f.targets = targets.len() as i64;
        f.targets_by_kind = self.kinds_of(&targets)?;
        f.vulnerable = vulnerable.len() as i64;
        f.vulnerable_by_group = in_group
            .into_iter()
            .map(|(tag, who)| (tag, who.len() as i64))
            .collect();
        Ok(sheets_out)
    }

    /// How many of `ids` are of each directory kind: looked up by id, a
    /// few hundred at a time, unless they are so many that one pass over
    /// the directory is cheaper.
    fn kinds_of(&self, ids: &HashSet<i64>) -> Result<ByKey> {
        const CHUNK: usize = 500;
        let mut out = ByKey::new();
        if ids.len() > 10 * CHUNK {
            let kinds: HashMap<i64, String> = self.pairs("SELECT id, kind FROM directory")?;
            for kind in ids.iter().filter_map(|id| kinds.get(id)) {
                *out.entry(kind.clone()).or_default() += 1;
            }
            return Ok(out);
        }
        let ids: Vec<i64> = ids.iter().copied().collect();
        for chunk in ids.chunks(CHUNK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql =
                format!("SELECT kind, count(*) FROM directory WHERE id IN ({marks}) GROUP BY 1");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(chunk))?;
            while let Some(r) = rows.next()? {
                *out.entry(r.cell(0)?).or_default() += r.cell::<_, i64>(1)?;
            }
        }
        Ok(out)
    }

    /// (key, value) rows as a map.
    fn pairs<K, V>(&self, sql: &str) -> Result<HashMap<K, V>>
    where
        K: rusqlite::types::FromSql + std::hash::Hash + Eq,
        V: rusqlite::types::FromSql,
    {
        let mut out = HashMap::new();
        self.each(sql, &[], |r| {
            out.insert(r.cell(0)?, r.cell(1)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn evaluation(&self) -> Result<EvaluationFigures> {
        let mut f = EvaluationFigures::default();
        [f.collected, f.comments] = self.ints(
            &format!(
                "SELECT count(*), sum(trim(e.comments) <> '') FROM visits v
                 JOIN evaluations e ON e.visit_id = v.id WHERE {DONE}"
            ),
            &[],
        )?;
        self.each(
            &format!(
                "SELECT r.aspect, r.rating, count(*) FROM visits v
                 JOIN evaluations e ON e.visit_id = v.id
                 JOIN evaluation_ratings r ON r.evaluation_id = e.id
                 WHERE {DONE} GROUP BY r.aspect, r.rating"
            ),
            &[],
            |r| {
                let (aspect, rating): (String, String) = (r.cell(0)?, r.cell(1)?);
                let n: i64 = r.cell(2)?;
                f.overall.add(&rating, n);
                f.by_aspect.entry(aspect).or_default().add(&rating, n);
                Ok(())
            },
        )?;
        Ok(f)
    }

    fn issues(&self) -> Result<IssueFigures> {
        let mut f = IssueFigures::default();
        self.each(
            "SELECT topic, visit_id IS NOT NULL, status, count(*) FROM issues
             WHERE raised_on BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3",
            &[],
            |r| {
                let (topic, from_visit, status): (String, bool, String) =
                    (r.cell(0)?, r.cell(1)?, r.cell(2)?);
                let n: i64 = r.cell(3)?;
                f.raised += n;
                *f.raised_by_topic.entry(topic).or_default() += n;
                f.from_visits += if from_visit { n } else { 0 };
                f.assigned += if status == "new" { 0 } else { n };
                if matches!(status.as_str(), "rectified" | "answered" | "closed") {
                    f.rectified += n;
                }
                f.closed += if status == "closed" { n } else { 0 };
                Ok(())
            },
        )?;
        [f.closed_on_time] = self.ints(
            "SELECT count(*) FROM issues WHERE raised_on BETWEEN ?1 AND ?2
               AND status = 'closed' AND closed_on <= close_deadline",
            &[],
        )?;
        for (_, t) in self.raised_timelines()? {
            loop_figures(&mut f, &t);
        }
        self.issue_events(&mut f)?;
        self.open_at_end(&mut f)?;
        Ok(f)
    }

    /// Figures 19, 21–23: what happened in the period.
    fn issue_events(&self, f: &mut IssueFigures) -> Result<()> {
        let steps = |step: &str| {
            format!(
                "SELECT category, count(*) FROM issue_steps
                 WHERE on_date BETWEEN ?1 AND ?2 AND step = '{step}' GROUP BY 1"
            )
        };
        let rated = self.by_key(&steps("rate"), &[])?;
        f.reopened = rated.get("dissatisfied").copied().unwrap_or(0);
        f.measures_by_theme = self.by_key(&steps("rectify"), &[])?;
        f.handed_over_by_department = self.by_key(&steps("hand_over"), &[])?;
        f.handover_replies = self.by_key(&steps("handover_reply"), &[])?.values().sum();
        f.verification = self.by_key(
            "SELECT verification, count(*) FROM issues WHERE raised_on BETWEEN ?1 AND ?2
               AND topic IN ('conduct', 'integrity') GROUP BY 1",
            &[],
        )?;
        f.complaints = f.verification.values().sum();
        Ok(())
    }

    /// The timelines of the issues raised in the period, with the month
    /// each was raised in.
    fn raised_timelines(&self) -> Result<Vec<(String, Timeline)>> {
        let mut out: Vec<(String, Timeline)> = Vec::new();
        let mut last = None;
        self.each(
            &format!(
                "SELECT i.id, substr(i.raised_on, 1, 7), i.anonymous, s.step, s.on_date,
                        s.deadline, s.unit, s.officer_id, s.category
                 FROM issues i JOIN issue_steps s ON s.issue_id = i.id
                 WHERE i.raised_on BETWEEN ?1 AND ?2 AND s.step IN {STATE_STEPS}
                 ORDER BY i.id, s.id"
            ),
            &[],
            |r| {
                let id: i64 = r.cell(0)?;
                if last != Some(id) {
                    last = Some(id);
                    let t = Timeline {
                        anonymous: r.cell(2)?,
                        rows: Vec::new(),
                    };
                    out.push((r.cell(1)?, t));
                }
                if let Some((_, t)) = out.last_mut() {
                    t.rows.push(timeline_row(r, 3)?);
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// Figure 20: issues open at the end of the period, by unit and
    /// officer. An issue still open whose timeline has nothing after that
    /// day stood then as it stands now, and is counted from its record in
    /// one grouped query; only the few that moved since (or closed since)
    /// are replayed from their timelines.
    fn open_at_end(&self, f: &mut IssueFigures) -> Result<()> {
        let officers: HashMap<i64, String> = self.pairs("SELECT id, name FROM officers")?;
        let mut add = |unit: Option<String>, officer: Option<i64>, load: OpenLoad| {
            f.open.absorb(&load);
            let unit = unit.unwrap_or_default();
            f.open_by_unit.entry(unit).or_default().absorb(&load);
            let name = officer.and_then(|o| officers.get(&o)).cloned();
            let by_officer = f.open_by_officer.entry(name.unwrap_or_default());
            by_officer.or_default().absorb(&load);
        };
        let moved_since =
            "EXISTS (SELECT 1 FROM issue_steps s WHERE s.issue_id = i.id AND s.on_date > ?3)";
        self.each(
            &format!(
                "SELECT i.unit, i.responsible_id, count(*), sum(coalesce(i.deadline < ?3, 0))
                 FROM issues i
                 WHERE i.status IN ('new', 'assigned', 'rectifying') AND i.raised_on <= ?3
                   AND NOT {moved_since}
                 GROUP BY 1, 2"
            ),
            &[&self.end],
            |r| {
                let load = OpenLoad {
                    open: r.cell(2)?,
                    overdue: r.cell(3)?,
                };
                add(r.cell(0)?, r.cell(1)?, load);
                Ok(())
            },
        )?;
        let mut timelines: Vec<Vec<TimelineRow>> = Vec::new();
        let mut last = None;
        // CROSS JOIN keeps the candidates outside: left to itself, the
        // planner may scan every timeline row against a Bloom filter.
        self.each(
            &format!(
                "WITH candidates(id) AS MATERIALIZED (
                   SELECT i.id FROM issues i
                   WHERE i.status <> 'closed' AND i.raised_on <= ?3 AND {moved_since}
                   UNION SELECT id FROM issues WHERE closed_on > ?3 AND raised_on <= ?3)
                 SELECT s.issue_id, s.step, s.on_date, s.deadline, s.unit, s.officer_id, s.category
                 FROM candidates c CROSS JOIN issue_steps s ON s.issue_id = c.id
                 WHERE s.step IN {STATE_STEPS} AND s.on_date <= ?3
                 ORDER BY s.issue_id, s.id"
            ),
            &[&self.end],
            |r| {
                let id: i64 = r.cell(0)?;
                if last != Some(id) {
                    last = Some(id);
                    timelines.push(Vec::new());
                }
                if let Some(t) = timelines.last_mut() {
                    t.push(timeline_row(r, 1)?);
                }
                Ok(())
            },
        )?;
        for t in &timelines {
            if let Some(s) = figures::state_at(t, self.end).filter(|s| s.open) {
                let load = OpenLoad {
                    open: 1,
                    overdue: i64::from(s.overdue(self.end)),
                };
                add(s.unit.clone(), s.officer, load);
            }
        }
        Ok(())
    }

    fn mediation(&self) -> Result<MediationFigures> {
        let mut f = MediationFigures::default();
        self.each(
            "SELECT kind, source, count(*) FROM mediation_cases
             WHERE received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2",
            &[],
            |r| {
                let n: i64 = r.cell(2)?;
                f.received += n;
                *f.received_by_kind.entry(r.cell(0)?).or_default() += n;
                *f.received_by_source.entry(r.cell(1)?).or_default() += n;
                Ok(())
            },
        )?;
        [f.mediated, f.sessions] = self.ints(
            "SELECT count(DISTINCT case_id), count(*) FROM mediation_sessions
             WHERE on_date BETWEEN ?1 AND ?2 AND held = 1",
            &[],
        )?;
        // Agreements by the record's agreement date (kept on every case);
        // "no agreement" has no date of its own but its timeline step.
        [f.agreements] = self.ints(
            "SELECT count(*) FROM mediation_cases WHERE agreed_on BETWEEN ?1 AND ?2",
            &[],
        )?;
        [f.no_agreements] = self.ints(
            "SELECT count(*) FROM case_steps
             WHERE on_date BETWEEN ?1 AND ?2 AND step = 'no_agreement'",
            &[],
        )?;
        let closed = self.by_key(
            "SELECT outcome, count(*) FROM mediation_cases
             WHERE closed_on BETWEEN ?1 AND ?2 GROUP BY 1",
            &[],
        )?;
        f.declined = closed.get("declined").copied().unwrap_or(0);
        f.honoured = closed.get("honoured").copied().unwrap_or(0);
        f.referred_by_target = self.by_key(
            "SELECT referral_target, count(*) FROM mediation_cases
             WHERE referred_on BETWEEN ?1 AND ?2 GROUP BY 1",
            &[],
        )?;
        f.referred = f.referred_by_target.values().sum();
        [f.past_limit] = self.ints(
            "SELECT count(*) FROM mediation_cases c
             WHERE c.limit_on BETWEEN ?1 AND ?2 AND c.limit_on < ?3
               AND coalesce(c.agreed_on > c.limit_on, 1) AND coalesce(c.referred_on > c.limit_on, 1)
               AND NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id
                   AND s.step = 'no_agreement' AND s.on_date <= c.limit_on)
               AND coalesce(c.outcome, '') <> 'declined'",
            &[&self.end],
        )?;
        Ok(f)
    }

    fn care(&self) -> Result<CareFigures> {
        let mut f = CareFigures::default();
        f.on_list_by_group = self.by_key(
            "SELECT care_group, count(*) FROM care_entries
             WHERE active = 1 AND since <= ?2 GROUP BY 1",
            &[],
        )?;
        f.on_list = f.on_list_by_group.values().sum();
        // Visits older than the longest cadence cannot make a due in the
        // period (see `figures::care_dues`).
        let [longest] = self.ints(
            "SELECT max(cadence_days) FROM care_entries WHERE active = 1",
            &[],
        )?;
        let window = self.p.from - Days::new(u64::try_from(longest).unwrap_or(366));
        let mut visits: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        self.each(
            "SELECT v.target_id, v.on_date FROM visit_purposes p JOIN visits v ON v.id = p.visit_id
             WHERE p.purpose = 'care' AND p.on_date BETWEEN ?3 AND ?2 AND v.status = 'done'",
            &[&window],
            |r| {
                if let Some(target) = r.cell::<_, Option<i64>>(0)? {
                    visits.entry(target).or_default().push(r.cell(1)?);
                }
                Ok(())
            },
        )?;
        for days in visits.values_mut() {
            days.sort_unstable();
        }
        self.each(
            "SELECT person_id, since, cadence_days FROM care_entries
             WHERE active = 1",
            &[],
            |r| {
                let person: i64 = r.cell(0)?;
                let seen = visits.get(&person).map_or(&[][..], Vec::as_slice);
                let d = figures::care_dues(
                    r.cell(1)?,
                    r.cell(2)?,
                    seen,
                    (self.p.from, self.p.to),
                    self.end,
                );
                (f.due, f.met, f.overdue) = (f.due + d.due, f.met + d.met, f.overdue + d.overdue);
                Ok(())
            },
        )?;
        Ok(f)
    }
}

/// A timeline row from columns `at..at + 6`: step, day, deadline, unit,
/// officer, category.
fn timeline_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<TimelineRow> {
    Ok(TimelineRow {
        step: r.cell(at)?,
        on: r.cell(at + 1)?,
        deadline: r.cell(at + 2)?,
        unit: r.cell(at + 3)?,
        officer: r.cell(at + 4)?,
        category: r.cell(at + 5)?,
    })
}

/// Figures 15, 17, 18 from one raised issue's timeline.
fn loop_figures(f: &mut IssueFigures, t: &Timeline) {
    if let Some(on_time) = figures::rectified_on_time(&t.rows) {
        f.ever_rectified += 1;
        f.rectified_on_time += i64::from(on_time);
        if !t.anonymous {
            f.named_rectified += 1;
            f.answered += i64::from(t.rows.iter().any(|r| r.step == "answer"));
        }
    }
    let mut first = true;
    for r in t.rows.iter().filter(|r| r.step == "rate") {
        let rating = r.category.as_deref().unwrap_or_default();
        f.ratings.add(rating, 1);
        if first {
            f.first_ratings.add(rating, 1);
            first = false;
        }
    }
}
