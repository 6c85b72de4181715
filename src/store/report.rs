//! The work summary's counts: each figure of `domain::figures` is one
//! grouped query over an index range of the period; the two that need a
//! timeline (on-time rectification, issues open on a past day) read the
//! steps of the issues concerned only. See ARCHITECTURE.md, "Report".

use super::{Result, Store};
use crate::domain::figures::{
    self, ByKey, CareFigures, EvaluationFigures, Figures, IssueFigures, MediationFigures, Meetings,
    OpenLoad, Ratings, Ratio, TimelineRow, VisitFigures,
};
use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params_from_iter, Connection, ToSql};
use std::collections::{BTreeMap, HashMap};

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
                |r| r.get(0),
            )
            .ok();
        Ok(stored.unwrap_or_else(|| self.station_code.clone()))
    }

    /// Every figure of the work summary for `p`, as the records stand on
    /// `today`; "as of the period's end" means `p.to`, or today if sooner.
    pub fn figures(&self, p: Period, today: NaiveDate) -> Result<Figures> {
        let q = Query {
            conn: &self.conn,
            p,
            end: p.to.min(today),
            today,
        };
        let evaluation = q.evaluation()?;
        Ok(Figures {
            visits: q.visits()?,
            evaluation,
            issues: q.issues()?,
            mediation: q.mediation()?,
            care: q.care()?,
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
                let month: String = r.get(0)?;
                let rating: String = r.get(1)?;
                satisfaction
                    .entry(month)
                    .or_default()
                    .add(&rating, r.get(2)?);
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
                *v = r.get::<_, Option<i64>>(i)?.unwrap_or(0);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// (key, count) rows as a map; a NULL key is "".
    fn by_key(&self, sql: &str, extra: &[&dyn ToSql]) -> Result<ByKey> {
        let mut out = ByKey::new();
        self.each(sql, extra, |r| {
            let key: Option<String> = r.get(0)?;
            *out.entry(key.unwrap_or_default()).or_default() += r.get::<_, i64>(1)?;
            Ok(())
        })?;
        Ok(out)
    }

    fn visits(&self) -> Result<VisitFigures> {
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
        [f.people_reached, f.targets] = self.ints(
            &format!(
                "SELECT sum(v.people_reached), count(DISTINCT v.target_id) FROM visits v WHERE {DONE}"
            ),
            &[],
        )?;
        [f.turnouts] = self.ints(
            &format!(
                "SELECT count(*) FROM visits v JOIN visit_officers o ON o.visit_id = v.id WHERE {DONE}"
            ),
            &[],
        )?;
        f.targets_by_kind = self.by_key(
            &format!(
                "SELECT d.kind, count(DISTINCT v.target_id) FROM visits v
                 JOIN directory d ON d.id = v.target_id WHERE {DONE} GROUP BY d.kind"
            ),
            &[],
        )?;
        self.purposes(&mut f)?;
        self.vulnerable(&mut f)?;
        self.each(
            &format!(
                "SELECT v.form, count(*), sum(coalesce(v.people_reached, 0)) FROM visits v
                 WHERE {DONE} AND v.form <> 'ordinary' GROUP BY v.form"
            ),
            &[],
            |r| {
                let m = Meetings {
                    meetings: r.get(1)?,
                    attendance: r.get(2)?,
                };
                f.consultations.insert(r.get(0)?, m);
                Ok(())
            },
        )?;
        Ok(f)
    }

    /// Figures 5, 8 and 9: per purpose, and the law and care visits.
    fn purposes(&self, f: &mut VisitFigures) -> Result<()> {
        f.by_purpose = self.by_key(
            &format!(
                "SELECT p.purpose, count(*) FROM visits v
                 JOIN visit_purposes p ON p.visit_id = v.id WHERE {DONE} GROUP BY p.purpose"
            ),
            &[],
        )?;
        [f.multi_purpose] = self.ints(
            &format!(
                "SELECT count(*) FROM (SELECT v.id FROM visits v
                 JOIN visit_purposes p ON p.visit_id = v.id WHERE {DONE}
                 GROUP BY v.id HAVING count(*) > 1)"
            ),
            &[],
        )?;
        let of_purpose = "FROM visit_purposes p JOIN visits v ON v.id = p.visit_id
             WHERE p.purpose = ?3 AND p.on_date BETWEEN ?1 AND ?2 AND v.status = 'done'";
        [f.legal.meetings, f.legal.attendance, f.legal_materials] = self.ints(
            &format!("SELECT count(*), sum(v.people_reached), sum(v.materials) {of_purpose}"),
            &[&"law"],
        )?;
        [f.care_visits, f.gifts, f.gift_fen] = self.ints(
            &format!(
                "SELECT count(*), sum(coalesce(v.gift, '') <> '' OR coalesce(v.gift_fen, 0) > 0),
                        sum(v.gift_fen) {of_purpose}"
            ),
            &[&"care"],
        )?;
        Ok(())
    }

    /// Figure 6: households in a vulnerable group on the day of the visit.
    fn vulnerable(&self, f: &mut VisitFigures) -> Result<()> {
        let spans = format!(
            "FROM visits v JOIN directory_tag_spans s ON s.entry_id = v.target_id
               AND s.from_on <= v.on_date AND (s.to_on IS NULL OR s.to_on > v.on_date)
             WHERE {DONE}"
        );
        f.vulnerable_by_group = self.by_key(
            &format!("SELECT s.tag, count(DISTINCT v.target_id) {spans} GROUP BY s.tag"),
            &[],
        )?;
        [f.vulnerable] = self.ints(&format!("SELECT count(DISTINCT v.target_id) {spans}"), &[])?;
        Ok(())
    }

    fn evaluation(&self) -> Result<EvaluationFigures> {
        let mut f = EvaluationFigures::default();
        [f.sheets_out] = self.ints(
            &format!("SELECT sum(v.sheets_out) FROM visits v WHERE {DONE}"),
            &[],
        )?;
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
                let (aspect, rating): (String, String) = (r.get(0)?, r.get(1)?);
                let n: i64 = r.get(2)?;
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
                    (r.get(0)?, r.get(1)?, r.get(2)?);
                let n: i64 = r.get(3)?;
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
                let id: i64 = r.get(0)?;
                if last != Some(id) {
                    last = Some(id);
                    let t = Timeline {
                        anonymous: r.get(2)?,
                        rows: Vec::new(),
                    };
                    out.push((r.get(1)?, t));
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
    /// officer, replayed from their timelines. Only issues raised by then
    /// and not closed by then can have been open.
    fn open_at_end(&self, f: &mut IssueFigures) -> Result<()> {
        let officers: HashMap<i64, String> = {
            let mut stmt = self.conn.prepare_cached("SELECT id, name FROM officers")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut timelines: Vec<Vec<TimelineRow>> = Vec::new();
        let mut last = None;
        self.each(
            &format!(
                "WITH candidates(id) AS (
                   SELECT id FROM issues WHERE raised_on <= ?3 AND status <> 'closed'
                   UNION SELECT id FROM issues WHERE raised_on <= ?3 AND closed_on > ?3)
                 SELECT s.issue_id, s.step, s.on_date, s.deadline, s.unit, s.officer_id, s.category
                 FROM candidates c JOIN issue_steps s ON s.issue_id = c.id
                 WHERE s.step IN {STATE_STEPS} AND s.on_date <= ?3
                 ORDER BY s.issue_id, s.id"
            ),
            &[&self.end],
            |r| {
                let id: i64 = r.get(0)?;
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
            let Some(s) = figures::state_at(t, self.end).filter(|s| s.open) else {
                continue;
            };
            let load = OpenLoad {
                open: 1,
                overdue: i64::from(s.overdue(self.end)),
            };
            f.open.absorb(&load);
            let unit = s.unit.clone().unwrap_or_default();
            f.open_by_unit.entry(unit).or_default().absorb(&load);
            let officer = s.officer.and_then(|o| officers.get(&o)).cloned();
            f.open_by_officer
                .entry(officer.unwrap_or_default())
                .or_default()
                .absorb(&load);
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
                let n: i64 = r.get(2)?;
                f.received += n;
                *f.received_by_kind.entry(r.get(0)?).or_default() += n;
                *f.received_by_source.entry(r.get(1)?).or_default() += n;
                Ok(())
            },
        )?;
        [f.mediated, f.sessions] = self.ints(
            "SELECT count(DISTINCT case_id), count(*) FROM mediation_sessions
             WHERE on_date BETWEEN ?1 AND ?2 AND held = 1",
            &[],
        )?;
        let steps = self.by_key(
            "SELECT step, count(*) FROM case_steps
             WHERE on_date BETWEEN ?1 AND ?2 AND step IN ('agree', 'no_agreement') GROUP BY 1",
            &[],
        )?;
        f.agreements = steps.get("agree").copied().unwrap_or(0);
        f.no_agreements = steps.get("no_agreement").copied().unwrap_or(0);
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
               AND NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id
                   AND s.step IN ('agree', 'no_agreement', 'refer') AND s.on_date <= c.limit_on)
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
        // A cadence is at most 366 days: older visits cannot make a due in
        // the period (see `figures::care_dues`).
        let window = self.p.from - Days::new(366);
        let mut visits: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        self.each(
            "SELECT v.target_id, v.on_date FROM visit_purposes p JOIN visits v ON v.id = p.visit_id
             WHERE p.purpose = 'care' AND p.on_date BETWEEN ?3 AND ?2 AND v.status = 'done'
               AND v.target_id IN (SELECT person_id FROM care_entries WHERE active = 1)
             ORDER BY v.target_id, v.on_date",
            &[&window],
            |r| {
                visits.entry(r.get(0)?).or_default().push(r.get(1)?);
                Ok(())
            },
        )?;
        self.each(
            "SELECT person_id, since, cadence_days FROM care_entries
             WHERE active = 1",
            &[],
            |r| {
                let person: i64 = r.get(0)?;
                let seen = visits.get(&person).map_or(&[][..], Vec::as_slice);
                let d = figures::care_dues(
                    r.get(1)?,
                    r.get(2)?,
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
        step: r.get(at)?,
        on: r.get(at + 1)?,
        deadline: r.get(at + 2)?,
        unit: r.get(at + 3)?,
        officer: r.get(at + 4)?,
        category: r.get(at + 5)?,
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
