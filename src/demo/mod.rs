//! Demo data: fills an empty station file with realistic, reproducible
//! records (`doorstep demo`). The same seed and the same "today" give the
//! same rows, apart from the created/updated timestamps.
//!
//! Everything is written in one transaction through [`Store::bulk`], with
//! explicit ids and cached prepared statements, and one audit entry for
//! the whole batch; the large size (a million visits) loads in minutes.

mod names;
mod seed;

use crate::store::Store;
use chrono::NaiveDate;
use std::fmt;

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Size {
    /// About 12 officers, 400 directory entries, 1,500 visits over the past
    /// year and the next month, 300 issues, 80 mediation cases, 60 care
    /// entries.
    #[default]
    Small,
    /// Ten years of a busy station: 1,000,000 visits, 200,000 issues,
    /// 50,000 directory entries, 20,000 mediation cases, 3,000 care entries.
    Large,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub officers: usize,
    pub entries: usize,
    pub visits: usize,
    pub evaluations: usize,
    pub issues: usize,
    pub cases: usize,
    pub care: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} officers, {} directory entries, {} visits ({} evaluations), {} issues, {} mediation cases, {} care entries",
            self.officers,
            self.entries,
            self.visits,
            self.evaluations,
            self.issues,
            self.cases,
            self.care
        )
    }
}

/// The refusal of a database that holds records.
fn not_empty() -> crate::domain::StepError {
    crate::domain::StepError::Rule(crate::domain::Rule::DatabaseNotEmpty)
}

/// Fills an EMPTY database with realistic, reproducible data: same seed +
/// same today => identical rows (except created_at/updated_at). Refuses a
/// database that already holds records, without changing it.
pub fn generate(
    store: &mut Store,
    size: Size,
    seed: u64,
    today: NaiveDate,
) -> anyhow::Result<Summary> {
    if !store.is_empty()? {
        return Err(not_empty().into());
    }
    let cats = store.categories().clone();
    let user = crate::store::os_user();
    let summary = store.bulk("demo", size == Size::Large, |w| {
        // Re-checked under the write lock: someone may have saved meanwhile.
        if !w.is_empty()? {
            return Err(not_empty().into());
        }
        seed::run(w, &cats, size, seed, today, &user)
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::categories::SetId;
    use crate::domain::issue::IssueStatus;
    use crate::domain::mediation::CaseStatus;
    use crate::store::issues::IssueFilter;
    use crate::store::OpenOptions;
    use rusqlite::Connection;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn temp() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.db");
        (dir, path)
    }

    fn small(path: &Path, seed: u64) -> (Store, Summary) {
        let mut store = Store::open(path, &OpenOptions::default()).unwrap();
        let summary = generate(&mut store, Size::Small, seed, today()).unwrap();
        (store, summary)
    }

    fn strings(conn: &Connection, sql: &str) -> BTreeSet<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    /// A connection of the test's own on the store's file: the demo's
    /// rows are read back independently of the store's queries.
    fn raw(store: &Store) -> Connection {
        Connection::open(store.path()).unwrap()
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Every row of `sql` rendered as text, for comparing two files.
    fn dump(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push(format!("{v:?}"));
                }
                Ok(line.join("|"))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn small_has_the_documented_shape() {
        let (_dir, path) = temp();
        let started = std::time::Instant::now();
        let (store, s) = small(&path, 7);
        let took = started.elapsed();
        eprintln!("small demo: {s} in {took:?}");
        assert!((10..=14).contains(&s.officers), "{s}");
        assert!((350..=450).contains(&s.entries), "{s}");
        assert!((1_400..=1_600).contains(&s.visits), "{s}");
        assert!((250..=350).contains(&s.issues), "{s}");
        assert!((70..=90).contains(&s.cases), "{s}");
        assert!((50..=70).contains(&s.care), "{s}");
        assert!(s.evaluations > s.visits / 3, "{s}");
        let c = &raw(&store);
        let cats = store.categories();
        let all = |id: SetId| cats.keys(id).into_iter().collect::<BTreeSet<_>>();

        assert_eq!(count(c, "SELECT count(*) FROM officers"), s.officers as i64);
        assert_eq!(count(c, "SELECT count(*) FROM visits"), s.visits as i64);
        assert_eq!(count(c, "SELECT count(*) FROM officers WHERE leader"), 2);
        let me = crate::store::os_user();
        let mapped = "SELECT count(*) FROM officers WHERE id = 1 AND os_user = ?1";
        assert_eq!(
            c.query_row(mapped, [&me], |r| r.get::<_, i64>(0)).unwrap(),
            1
        );
        assert_eq!(strings(c, "SELECT unit FROM officers"), all(SetId::Unit));

        // Directory: every kind and every vulnerable group.
        assert_eq!(
            strings(c, "SELECT kind FROM directory"),
            all(SetId::TargetKind)
        );
        assert_eq!(
            strings(c, "SELECT tag FROM directory_tags"),
            all(SetId::VulnerableGroup)
        );
        let phones = strings(c, "SELECT phone FROM directory");
        assert!(phones.contains(""));
        assert!(phones.iter().any(|p| p.starts_with("0571-8")));
        assert!(phones.iter().any(|p| p.len() == 11 && p.starts_with('1')));

        // Visits: every purpose and form; every status, overdue ones too.
        assert_eq!(
            strings(c, "SELECT purpose FROM visit_purposes"),
            all(SetId::Purpose)
        );
        assert_eq!(strings(c, "SELECT form FROM visits"), all(SetId::Form));
        let t = today().to_string();
        let overdue =
            format!("SELECT count(*) FROM visits WHERE status = 'planned' AND on_date < '{t}'");
        assert!(count(c, &overdue) > 0);
        let future =
            format!("SELECT count(*) FROM visits WHERE on_date > '{t}' AND status <> 'planned'");
        assert_eq!(count(c, &future), 0, "future visits are planned");
        assert!(
            count(
                c,
                "SELECT count(*) FROM visits WHERE status = 'cancelled' AND cancel_reason <> ''"
            ) > 0
        );
        assert_eq!(count(c, "SELECT count(*) FROM visits WHERE status = 'done' AND (outcome IS NULL OR people_reached IS NULL)"), 0);
        let per_visit = "SELECT count(*) FROM (SELECT visit_id, count(*) n FROM visit_officers GROUP BY visit_id HAVING n NOT BETWEEN 1 AND 3)";
        assert_eq!(count(c, per_visit), 0);
        assert_eq!(
            strings(c, "SELECT rating FROM evaluation_ratings"),
            all(SetId::Rating)
        );

        // Issues: every state, overdue, reopened and anonymous ones.
        let states = strings(c, "SELECT status FROM issues");
        let want: BTreeSet<String> = IssueStatus::ALL
            .iter()
            .map(|s| s.name().to_string())
            .collect();
        assert_eq!(states, want);
        let od = format!("SELECT count(*) FROM issues WHERE status IN ('assigned','rectifying') AND deadline < '{t}'");
        assert!(count(c, &od) > 0, "overdue issues");
        assert!(count(c, "SELECT count(*) FROM issues WHERE reopened > 0 AND rating = 'dissatisfied' AND status = 'rectifying'") > 0);
        assert!(
            count(
                c,
                "SELECT count(*) FROM issues WHERE reopened > 0 AND status = 'closed'"
            ) > 0
        );
        assert!(
            count(
                c,
                "SELECT count(*) FROM issues WHERE anonymous AND status = 'closed'"
            ) > 0
        );
        assert_eq!(count(c, "SELECT count(*) FROM issues WHERE anonymous AND (raiser_id IS NOT NULL OR answered_on IS NOT NULL OR rating IS NOT NULL)"), 0);
        assert!(
            count(
                c,
                "SELECT count(*) FROM issues WHERE visit_id IS NOT NULL AND raiser_id IS NOT NULL"
            ) > 50
        );
        let anon_closed = "SELECT count(*) FROM issues i WHERE anonymous AND status = 'closed'
            AND NOT EXISTS (SELECT 1 FROM issue_steps s WHERE s.issue_id = i.id AND s.step = 'close_anonymous')";
        assert_eq!(count(c, anon_closed), 0);
        let raised = "SELECT count(*) FROM issues i WHERE (SELECT step FROM issue_steps s WHERE s.issue_id = i.id ORDER BY id LIMIT 1) IS NOT 'raise'";
        assert_eq!(count(c, raised), 0);
        let refs = "SELECT count(*) FROM issues WHERE reference <> 'XC-' || ref_year || '-' || printf('%04d', ref_serial)";
        assert_eq!(count(c, refs), 0);

        // Mediation: every state, outcome and risk; sessions on the calendar.
        // A declined case is stored as closed (its outcome says declined).
        let want: BTreeSet<String> = CaseStatus::ALL
            .iter()
            .map(|s| crate::store::mediation::stored_status(*s).to_string())
            .collect();
        assert_eq!(strings(c, "SELECT status FROM mediation_cases"), want);
        assert_eq!(
            strings(c, "SELECT risk FROM mediation_cases"),
            all(SetId::Risk)
        );
        let outcomes = strings(
            c,
            "SELECT outcome FROM mediation_cases WHERE status = 'closed'",
        );
        assert_eq!(outcomes.len(), 3, "{outcomes:?}");
        assert!(count(c, "SELECT count(*) FROM mediation_cases WHERE status = 'accepted' AND next_session_on IS NOT NULL") > 0);
        assert!(count(c, "SELECT count(*) FROM mediation_cases m WHERE status = 'accepted' AND EXISTS (SELECT 1 FROM mediation_sessions s WHERE s.case_id = m.id AND s.held)") > 0);
        let unlinked = "SELECT count(*) FROM mediation_sessions s LEFT JOIN visits v ON v.id = s.visit_id
            LEFT JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = 'mediation'
            WHERE p.visit_id IS NULL OR (s.held AND v.status <> 'done') OR (NOT s.held AND v.status <> 'planned')";
        assert_eq!(count(c, unlinked), 0);

        // Care: every group, every cadence, some overdue, dates derived.
        assert_eq!(
            strings(c, "SELECT care_group FROM care_entries"),
            all(SetId::CareGroup)
        );
        assert_eq!(
            count(c, "SELECT count(DISTINCT cadence_days) FROM care_entries"),
            4
        );
        let od = format!("SELECT count(*) FROM care_entries WHERE next_due_on < '{t}'");
        assert!(count(c, &od) > 0, "overdue care entries");
        let wrong = "SELECT count(*) FROM care_entries e WHERE last_visit_on IS NOT (
            SELECT max(v.on_date) FROM visits v JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = 'care'
            WHERE v.target_id = e.person_id AND v.status = 'done')";
        assert_eq!(count(c, wrong), 0);

        // One audit entry for the whole batch.
        assert_eq!(count(c, "SELECT count(*) FROM audit"), 1);
        assert_eq!(
            count(
                c,
                "SELECT count(*) FROM issues WHERE created_by <> 'demo' OR version <> 1"
            ),
            0
        );
    }

    #[test]
    fn same_seed_same_rows() {
        let (_a, pa) = temp();
        let (_b, pb) = temp();
        let (sa, _) = small(&pa, 42);
        let (sb, _) = small(&pb, 42);
        let queries = [
            "SELECT id, on_date, at_time, duration_min, target_id, place, form, mission, status, outcome, people_reached, cancel_reason, materials, sheets_out, gift, gift_fen FROM visits ORDER BY id",
            "SELECT visit_id, officer_id FROM visit_officers ORDER BY 1, 2",
            "SELECT visit_id, purpose FROM visit_purposes ORDER BY 1, 2",
            "SELECT id, reference, raised_on, topic, summary, details, raiser_id, anonymous, visit_id, status, unit, responsible_id, deadline, measure, theme, rectified_on, answer_channel, answered_on, answered_by, answer_text, rating, reopened, closed_on, close_deadline, verification, handed_to, handed_on, handover_reply, handover_reply_on FROM issues ORDER BY id",
            "SELECT issue_id, step, on_date, officer_id, unit, deadline, category, text FROM issue_steps ORDER BY id",
            "SELECT * FROM mediation_sessions ORDER BY 1, 2",
            "SELECT * FROM mediation_session_mediators ORDER BY 1, 2, 3",
            "SELECT id, reference, ref_year, ref_serial FROM mediation_cases ORDER BY id",
            "SELECT id, name, kind, address, phone, notes FROM directory ORDER BY id",
            "SELECT id, person_id, care_group, cadence_days, since, last_visit_on, next_due_on FROM care_entries ORDER BY id",
            "SELECT e.id, visit_id, respondent, comments, aspect, rating FROM evaluations e JOIN evaluation_ratings r ON r.evaluation_id = e.id ORDER BY 1, 5",
        ];
        for sql in queries {
            assert_eq!(dump(&raw(&sa), sql), dump(&raw(&sb), sql), "{sql}");
        }
        let (_c, pc) = temp();
        let (sc, _) = small(&pc, 43);
        assert_ne!(dump(&raw(&sa), queries[0]), dump(&raw(&sc), queries[0]));
    }

    /// The fields the work summary counts hold realistic, non-zero figures.
    #[test]
    fn the_work_summary_fields_are_filled() {
        let (_dir, path) = temp();
        let (store, s) = small(&path, 5);
        let c = &raw(&store);
        let n = |sql: &str| count(c, sql);
        let law =
            "status = 'done' AND id IN (SELECT visit_id FROM visit_purposes WHERE purpose = 'law')";
        let care = "status = 'done' AND id IN (SELECT visit_id FROM visit_purposes WHERE purpose = 'care')";
        let done_law = n(&format!("SELECT count(*) FROM visits WHERE {law}"));
        let with_materials = n(&format!(
            "SELECT count(*) FROM visits WHERE {law} AND materials > 0"
        ));
        assert!(
            with_materials * 10 > done_law * 7,
            "{with_materials} of {done_law}"
        );
        let not_law = "SELECT count(*) FROM visits WHERE materials IS NOT NULL AND id NOT IN
                       (SELECT visit_id FROM visit_purposes WHERE purpose = 'law')";
        assert_eq!(n(not_law), 0, "materials only on law visits");
        assert_eq!(
            n("SELECT count(*) FROM visits WHERE status <> 'done'
               AND (materials IS NOT NULL OR sheets_out IS NOT NULL OR gift IS NOT NULL)"),
            0
        );
        // Sheets: at least one per evaluation recorded at the visit.
        assert!(n("SELECT count(*) FROM visits WHERE sheets_out > 0") > 50);
        let short = "SELECT count(*) FROM visits v WHERE
                     (SELECT count(*) FROM evaluations e WHERE e.visit_id = v.id) > coalesce(v.sheets_out, 0)";
        assert_eq!(n(short), 0, "sheets handed out cover the evaluations");
        let done_care = n(&format!("SELECT count(*) FROM visits WHERE {care}"));
        let gifts = n(&format!(
            "SELECT count(*) FROM visits WHERE {care} AND gift IS NOT NULL AND gift_fen > 0"
        ));
        assert!(gifts * 10 > done_care * 6, "{gifts} of {done_care}");
        // Issues: a closure deadline on every one, from its topic.
        assert_eq!(
            n("SELECT count(*) FROM issues WHERE close_deadline IS NULL OR close_deadline < raised_on"),
            0
        );
        assert_eq!(
            n("SELECT count(*) FROM issues WHERE topic = 'security'
               AND close_deadline <> date(raised_on, '+20 days')"),
            0
        );
        let verified_topic =
            "topic IN ('conduct', 'integrity') AND status NOT IN ('new', 'assigned')";
        let past = n(&format!(
            "SELECT count(*) FROM issues WHERE {verified_topic}"
        ));
        let verified = n(&format!(
            "SELECT count(*) FROM issues WHERE {verified_topic} AND verification IS NOT NULL"
        ));
        assert!(
            verified * 4 > past && verified * 4 < past * 3,
            "{verified} of {past}"
        );
        assert_eq!(
            n("SELECT count(*) FROM issues WHERE verification IS NOT NULL
               AND topic NOT IN ('conduct', 'integrity')"),
            0
        );
        assert_eq!(
            n("SELECT count(*) FROM issue_steps WHERE step = 'verify'"),
            n("SELECT count(*) FROM issues WHERE verification IS NOT NULL")
        );
        let handed = n("SELECT count(*) FROM issues WHERE handed_to IS NOT NULL");
        assert!(
            handed > 0 && handed * 100 < s.issues as i64 * 12,
            "{handed} of {}",
            s.issues
        );
        assert!(n("SELECT count(*) FROM issues WHERE handover_reply_on >= handed_on") > 0);
        assert_eq!(
            n(
                "SELECT count(*) FROM issues WHERE handover_reply_on < handed_on
               OR handed_on > '2026-11-26' OR handover_reply_on > '2026-11-26'"
            ),
            0
        );
        assert_eq!(
            n("SELECT count(*) FROM issue_steps WHERE step = 'hand_over'"),
            handed
        );
    }

    #[test]
    fn refuses_a_database_with_data() {
        let (_dir, path) = temp();
        let (mut store, s) = small(&path, 1);
        let before = store.counts().unwrap();
        let err = generate(&mut store, Size::Small, 2, today()).unwrap_err();
        assert!(err.to_string().contains("already holds data"), "{err}");
        assert_eq!(store.counts().unwrap(), before);
        assert_eq!(before[2], ("visits", s.visits as i64));
    }

    #[test]
    fn everything_reads_back_and_checks_clean() {
        let (_dir, path) = temp();
        let (store, s) = small(&path, 11);
        let cats = store.categories();
        let t = today();

        let mut n = 0;
        let mut cursor = None;
        loop {
            let page = store
                .issues_page(&IssueFilter::default(), cursor.as_ref(), 100)
                .unwrap();
            for i in &page.items {
                i.record
                    .issue
                    .validated(cats, Some(&i.record.issue), t)
                    .unwrap();
                assert!(!store.issue_timeline(i.id).unwrap().is_empty());
            }
            n += page.items.len();
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(n, s.issues);
        let overdue = IssueFilter {
            overdue_on: Some(t),
            ..Default::default()
        };
        let page = store.issues_page(&overdue, None, 50).unwrap();
        assert!(page.items.iter().all(|i| i.record.issue.is_overdue(t)));
        assert!(!page.items.is_empty());

        let mut open = 0;
        let mut cursor = None;
        loop {
            let page = store.queue_page(cursor.as_ref(), 20).unwrap();
            for c in &page.items {
                c.record.validated(cats, Some(&c.record)).unwrap();
                assert_eq!(store.case(c.id).unwrap().record, c.record);
            }
            open += page.items.len();
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let open_rows = count(
            &raw(&store),
            "SELECT count(*) FROM mediation_cases WHERE status <> 'closed'",
        );
        assert_eq!(open as i64, open_rows);

        let mut seen = 0;
        let mut cursor = None;
        let (from, to) = (t - chrono::Days::new(400), t + chrono::Days::new(40));
        loop {
            let page = store.visits_page(from, to, cursor.as_ref(), 200).unwrap();
            for v in &page.items {
                v.record.validated(cats, Some(&v.record), t).unwrap();
                assert!(!v.record.officers.is_empty() && !v.record.purposes.is_empty());
            }
            seen += page.items.len();
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, s.visits);
        let od = store.overdue_visits_page(t, None, 50).unwrap();
        assert!(od.items.iter().all(|v| v.record.is_overdue(t)));

        let care = store.care_page(Some(t), None, 500).unwrap();
        assert!(!care.items.is_empty());
        assert!(care.items.iter().all(|c| c.record.next_due <= t));
        for c in &care.items {
            c.record
                .entry
                .validated(cats, Some(&c.record.entry))
                .unwrap();
        }
        for id in 1..=s.entries as i64 {
            let e = store.entry(id).unwrap();
            e.record.validated(cats, Some(&e.record)).unwrap();
        }
        for o in store.officers().unwrap() {
            o.record.validated(cats, Some(&o.record)).unwrap();
        }
        assert!(
            store.current_officer().unwrap().is_some() || store.actor() != crate::store::os_user()
        );
        drop(store);
        let report = crate::store::check::run(&path).unwrap();
        assert!(report.is_clean(), "{report:?}");
    }
}
