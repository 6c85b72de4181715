//! Store tests on real temporary SQLite files.

use chrono::NaiveDate;
use doorstep::config::categories::{Categories, SetId};
use doorstep::domain::care::CareEntry;
use doorstep::domain::directory::DirectoryEntry;
use doorstep::domain::issue::{Answer, Assignment, Issue, IssueStatus, IssueStep, Measure};
use doorstep::domain::mediation::{CaseStep, MediationCase, Party, Role};
use doorstep::domain::officer::Officer;
use doorstep::domain::visit::{Evaluation, Visit, VisitStep};
use doorstep::store::issues::IssueFilter;
use doorstep::store::{schema, OpenOptions, Store, StoreError};
use std::path::{Path, PathBuf};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn opts(actor: &str) -> OpenOptions {
    OpenOptions {
        actor: Some(actor.into()),
        ..OpenOptions::default()
    }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    (dir, path)
}

/// The test's own connection on a store's file: the store keeps its
/// connection to itself, so the test reads what is on disk independently.
trait Raw {
    fn conn(&self) -> rusqlite::Connection;
}

impl Raw for Store {
    fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.path()).unwrap()
    }
}

fn open(path: &Path) -> Store {
    Store::open(path, &opts("tester")).unwrap()
}

fn audit_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn unit() -> String {
    Categories::shipped().keys(SetId::Unit)[0].clone()
}

fn officer(name: &str) -> Officer {
    Officer {
        name: name.into(),
        badge: format!("0{}", name.len()),
        unit: unit(),
        os_user: None,
        phone: "13800138000".into(),
        leader: false,
        active: true,
    }
}

fn person(name: &str) -> DirectoryEntry {
    DirectoryEntry {
        name: name.into(),
        kind: "person".into(),
        address: "幸福路 1 号".into(),
        phone: String::new(),
        tags: vec!["lonely_elderly".into(), "low_income".into()],
        notes: "独居".into(),
        retired: false,
    }
}

/// A store with one officer and one person; returns their ids.
fn seeded() -> (tempfile::TempDir, Store, i64, i64) {
    let (dir, path) = temp();
    let mut s = open(&path);
    let o = s.add_officer(&officer("张伟")).unwrap().id;
    let p = s.add_entry(&person("李秀英")).unwrap().id;
    (dir, s, o, p)
}

fn visit(officer: i64, person: i64, date: &str, purpose: &str) -> Visit {
    let mut v = Visit::planned(d(date), vec![officer], vec![purpose.into()], "ordinary");
    v.target_id = Some(person);
    v.mission = "送米面油".into();
    v
}

#[test]
fn new_file_is_migrated_to_current_version_with_pragmas() {
    let (_dir, path) = temp();
    let s = open(&path);
    assert_eq!(schema::version(&s.conn()).unwrap(), schema::CURRENT);
    let mode: String = s
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    drop(s);
    // Reopening an up-to-date file runs no migration and keeps the data.
    assert_eq!(
        schema::version(&open(&path).conn()).unwrap(),
        schema::CURRENT
    );
}

#[test]
fn an_empty_existing_file_is_a_new_database() {
    let (_dir, path) = temp();
    std::fs::write(&path, b"").unwrap();
    assert!(open(&path).is_empty().unwrap());
}

#[cfg(unix)]
#[test]
fn created_files_are_private_or_group_shared() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp();
    drop(open(&path));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let shared = path.with_file_name("shared.db");
    drop(
        Store::open(
            &shared,
            &OpenOptions {
                shared: true,
                ..opts("t")
            },
        )
        .unwrap(),
    );
    assert_eq!(
        std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
        0o660
    );
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    drop(open(&path));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", schema::CURRENT + 1)
        .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, &opts("t")).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer doorstep"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn random_bytes_are_refused_and_left_untouched() {
    let (_dir, path) = temp();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path, &opts("t")).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("not a SQLite database"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_opens_read_only_and_refuses_writes() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp();
    let mut s = open(&path);
    s.add_officer(&officer("张伟")).unwrap();
    drop(s);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut s = open(&path);
    assert!(s.is_read_only());
    assert_eq!(s.officers().unwrap().len(), 1);
    let err = s.add_officer(&officer("王芳")).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly));
}

#[test]
fn officer_and_entry_round_trip_with_one_audit_entry_each() {
    let (_dir, path) = temp();
    let mut s = open(&path);
    let o = s.add_officer(&officer("张伟")).unwrap();
    assert_eq!(audit_count(&s), 1);
    assert_eq!(s.officer(o.id).unwrap().record, officer("张伟"));
    assert_eq!((o.version, o.created_by.as_str()), (1, "tester"));
    let e = s.add_entry(&person("李秀英")).unwrap();
    assert_eq!(audit_count(&s), 2);
    let mut want = person("李秀英");
    want.tags.sort();
    assert_eq!(s.entry(e.id).unwrap().record, want);
    let mut edited = want.clone();
    edited.phone = "0571-87654321".into();
    let e2 = s.update_entry(e.id, e.version, &edited).unwrap();
    assert_eq!((e2.version, e2.record.phone.as_str()), (2, "0571-87654321"));
    assert_eq!(audit_count(&s), 3);
    let trail = doorstep::store::audit::history(&s.conn(), "directory", e.id).unwrap();
    assert_eq!(trail.len(), 2);
    assert!(trail[1]
        .before
        .as_deref()
        .unwrap()
        .contains("\"phone\":\"\""));
    assert!(trail[1].after.as_deref().unwrap().contains("0571-87654321"));
}

/// A vulnerable-group tag keeps the days it held: tags given with a new
/// entry hold from the start, a later removal ends on the day of that
/// save, and a save that keeps a tag keeps its one span.
#[test]
fn tag_spans_follow_the_entry_saves() {
    let (_dir, path) = temp();
    let mut s = open(&path);
    let mut p = person("李秀英");
    p.tags = vec!["lonely_elderly".into(), "low_income".into()];
    let e = s.add_entry(&p).unwrap();
    let spans = |s: &Store| -> Vec<(String, String, Option<String>)> {
        let c = s.conn();
        let mut q = c
            .prepare("SELECT tag, from_on, to_on FROM directory_tag_spans ORDER BY tag, from_on")
            .unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let start = "0001-01-01".to_string();
    assert_eq!(
        spans(&s),
        [
            ("lonely_elderly".into(), start.clone(), None),
            ("low_income".into(), start.clone(), None)
        ]
    );
    let mut kept = s.entry(e.id).unwrap();
    kept.record.phone = "0571-87654321".into();
    let e2 = s.update_entry(e.id, kept.version, &kept.record).unwrap();
    assert_eq!(
        spans(&s).len(),
        2,
        "a save that keeps the tags keeps the spans"
    );
    let mut fewer = e2.record.clone();
    fewer.tags = vec!["lonely_elderly".into()];
    s.update_entry(e.id, e2.version, &fewer).unwrap();
    let day = chrono::Local::now().date_naive().to_string();
    assert_eq!(
        spans(&s),
        [
            ("lonely_elderly".into(), start.clone(), None),
            ("low_income".into(), start, Some(day))
        ]
    );
}

#[test]
fn invalid_input_is_refused_and_writes_nothing() {
    let (_dir, mut s, _, _) = seeded();
    let before = audit_count(&s);
    let mut bad = person("x");
    bad.name = "\x1b[2J".into();
    assert!(matches!(s.add_entry(&bad), Err(StoreError::Invalid(_))));
    assert_eq!(audit_count(&s), before);
}

#[test]
fn stale_version_is_a_conflict_and_changes_nothing() {
    let (dir, mut a, _, p) = seeded();
    let mut b = open(&dir.path().join("station.db"));
    let seen_by_b = b.entry(p).unwrap();
    let mut edit = seen_by_b.record.clone();
    edit.notes = "A 的修改".into();
    a.update_entry(p, seen_by_b.version, &edit).unwrap();
    let audit_before = audit_count(&a);
    let mut stale = seen_by_b.record.clone();
    stale.notes = "B 的修改".into();
    let err = b.update_entry(p, seen_by_b.version, &stale).unwrap_err();
    match &err {
        StoreError::Conflict {
            expected,
            actual,
            by,
            ..
        } => {
            assert_eq!((*expected, *actual, by.as_str()), (1, 2, "tester"));
        }
        other => panic!("expected a conflict, got {other}"),
    }
    // B sees A's change without reopening, and nothing of B's was written.
    assert_eq!(b.entry(p).unwrap().record.notes, "A 的修改");
    assert_eq!(audit_count(&a), audit_before);
}

#[test]
fn visit_round_trips_steps_and_evaluations() {
    let (_dir, mut s, o, p) = seeded();
    let mut v = visit(o, p, "2026-11-20", "law");
    v.purposes.push("warmth".into());
    v.time = Some(chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap());
    v.duration_min = Some(45);
    let stored = s.add_visit(&v).unwrap();
    assert_eq!(s.visit(stored.id).unwrap().record, v);
    let n = audit_count(&s);
    let step = VisitStep::Complete {
        outcome: "送去米面油，检查电线".into(),
        people_reached: 2,
        on: None,
        handouts: Default::default(),
    };
    let done = s.visit_step(stored.id, stored.version, &step).unwrap();
    assert_eq!((done.record.status.name(), done.version), ("done", 2));
    assert_eq!(audit_count(&s), n + 1);
    let again = s.visit_step(stored.id, stored.version, &step).unwrap_err();
    assert!(
        matches!(again, StoreError::Step(_)),
        "a done visit cannot complete twice: {again}"
    );
    let eval = Evaluation {
        respondent: "李秀英".into(),
        ratings: vec![
            ("attitude".into(), "satisfied".into()),
            ("integrity".into(), "basically_satisfied".into()),
        ],
        comments: "民警很耐心 👍".into(),
    };
    s.add_evaluation(stored.id, &eval).unwrap();
    assert_eq!(audit_count(&s), n + 2);
    assert_eq!(s.evaluations(stored.id).unwrap()[0].1, eval);
}

#[test]
fn issue_walks_the_loop_with_timeline_and_references() {
    let (_dir, mut s, o, p) = seeded();
    let mut i = Issue::new(d("2026-11-26"), "security", "路口夜间无照明");
    i.raiser_id = Some(p);
    let first = s.add_issue(&i).unwrap();
    assert_eq!(first.record.reference, "XC-2026-0001");
    assert_eq!(s.add_issue(&i).unwrap().record.reference, "XC-2026-0002");
    let today = d("2026-11-26");
    let steps = [
        IssueStep::Assign(Assignment {
            unit: unit(),
            officer_id: o,
            deadline: d("2026-12-10"),
        }),
        IssueStep::StartRectifying { on: today },
        IssueStep::Rectify(Measure {
            text: "加装路灯".into(),
            theme: None,
            on: today,
        }),
        IssueStep::Answer(Answer {
            channel: "phone".into(),
            on: today,
            by: o,
            text: "已告知".into(),
        }),
        IssueStep::Rate {
            rating: "dissatisfied".into(),
            on: today,
            reason: String::new(),
        },
    ];
    let mut cur = first.clone();
    for step in &steps {
        let n = audit_count(&s);
        cur = s.issue_step(cur.id, cur.version, step, today).unwrap();
        assert_eq!(audit_count(&s), n + 1, "{step:?}");
    }
    assert_eq!(cur.record.issue.status, IssueStatus::Rectifying);
    assert_eq!(cur.record.issue.reopened, 1);
    let timeline = s.issue_timeline(cur.id).unwrap();
    let names: Vec<_> = timeline.iter().map(|t| t.step.as_str()).collect();
    assert_eq!(
        names,
        [
            "raise",
            "assign",
            "start_rectifying",
            "rectify",
            "answer",
            "rate"
        ]
    );
    assert_eq!(timeline[5].category.as_deref(), Some("dissatisfied"));
    assert_eq!(timeline[1].officer_id, Some(o));
    // Skipping a step is refused and writes nothing.
    let n = audit_count(&s);
    let skip = IssueStep::Rate {
        rating: "satisfied".into(),
        on: today,
        reason: String::new(),
    };
    assert!(s.issue_step(cur.id, cur.version, &skip, today).is_err());
    assert_eq!(audit_count(&s), n);
    assert_eq!(s.issue(cur.id).unwrap(), cur);
}

#[test]
fn mediation_session_creates_a_calendar_visit() {
    let (_dir, mut s, o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let parties = vec![
        Party::new(Some(p), "李秀英", Role::Applicant),
        Party::new(Some(q), "陈明", Role::Respondent),
    ];
    let c = MediationCase::received(d("2026-11-01"), "neighbour", "楼上漏水", "high", parties);
    let mut cur = s.add_case(&c).unwrap();
    assert_eq!(cur.record.reference, "XC-M-2026-0001");
    let numbered = MediationCase {
        reference: cur.record.reference.clone(),
        ..c.clone()
    };
    assert_eq!(s.case(cur.id).unwrap().record, numbered);
    for party in 0..2 {
        let step = CaseStep::Consent {
            party,
            given: true,
            reason: String::new(),
            on: d("2026-11-02"),
        };
        cur = s.case_step(cur.id, cur.version, &step).unwrap();
    }
    let n = audit_count(&s);
    let step = CaseStep::ScheduleSession {
        on: d("2026-11-30"),
        mediators: vec![o],
    };
    cur = s.case_step(cur.id, cur.version, &step).unwrap();
    // One audit entry for the case, one for the visit it created.
    assert_eq!(audit_count(&s), n + 2);
    let visit_id = cur.record.sessions[0].visit_id.expect("session visit");
    let v = s.visit(visit_id).unwrap().record;
    assert_eq!(
        (v.date, v.purposes.clone(), v.officers.clone()),
        (d("2026-11-30"), vec!["mediation".to_string()], vec![o])
    );
    let queue = s.queue_page(None, 10).unwrap();
    assert_eq!(queue.items[0].id, cur.id);
    // The mediators are rows tied to officers, read back in order.
    let o2 = s.add_officer(&officer("王芳")).unwrap().id;
    let step = CaseStep::ScheduleSession {
        on: d("2026-12-03"),
        mediators: vec![o2, o],
    };
    cur = s.case_step(cur.id, cur.version, &step).unwrap();
    assert_eq!(
        s.case(cur.id).unwrap().record.sessions[1].mediators,
        vec![o2, o]
    );
    let links: Vec<(i64, i64, i64)> = {
        let conn = s.conn();
        let mut stmt = conn
            .prepare("SELECT seq, pos, officer_id FROM mediation_session_mediators WHERE case_id = ?1 ORDER BY seq, pos")
            .unwrap();
        let rows = stmt.query_map([cur.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(links, vec![(0, 0, o), (1, 0, o2), (1, 1, o)]);
    // An officer who mediated cannot vanish from under the record.
    assert!(s
        .conn()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = ON; DELETE FROM officers WHERE id = {o2}"
        ))
        .is_err());
}

#[test]
fn cases_are_numbered_per_year_and_found_by_reference() {
    let (_dir, mut s, _o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let parties = vec![
        Party::new(Some(p), "李秀英", Role::Applicant),
        Party::new(Some(q), "陈明", Role::Respondent),
    ];
    let mut refs = Vec::new();
    for (day, summary) in [
        ("2025-12-30", "旧年纠纷"),
        ("2026-01-02", "楼道堆物"),
        ("2026-01-05", "噪音扰民"),
    ] {
        let c = MediationCase::received(d(day), "neighbour", summary, "low", parties.clone());
        refs.push(s.add_case(&c).unwrap().record.reference);
    }
    assert_eq!(refs, ["XC-M-2025-0001", "XC-M-2026-0001", "XC-M-2026-0002"]);
    let filter = doorstep::store::history::QueueFilter {
        text: "M-2026-0002".into(),
        ..Default::default()
    };
    let found = s.queue_rows(&filter, None, 10).unwrap().items;
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].reference.as_str(), found[0].summary.as_str()),
        ("XC-M-2026-0002", "噪音扰民")
    );
    assert_eq!(s.queue_count(&filter).unwrap(), 1);
    let history = s.history_of(q, 10).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.title.starts_with("XC-M-2026-0001 ")),
        "{history:?}"
    );
}

/// A file made by the first schema: mediators as a comma-separated list,
/// cases without reference numbers.
#[test]
fn migration_moves_mediators_into_rows_and_numbers_cases() {
    let (_dir, path) = temp();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let meta = "'2026-01-01T00:00:00.000Z', 'old', '2026-01-01T00:00:00.000Z', 'old'";
        conn.execute_batch(&format!(
            "INSERT INTO settings VALUES ('station_code', 'HZ');
             INSERT INTO officers (id, name, badge, unit, created_at, created_by, updated_at, updated_by)
               VALUES (1, '张伟', '001', 'community', {meta}), (2, '王芳', '002', 'community', {meta});
             INSERT INTO mediation_cases (id, received_on, kind, summary, source, risk, status, created_at, created_by, updated_at, updated_by)
               VALUES (7, '2026-03-01', 'neighbour', '三月', 'walk_in', 'low', 'accepted', {meta}),
                      (5, '2026-02-01', 'neighbour', '二月', 'walk_in', 'low', 'accepted', {meta}),
                      (9, '2025-06-01', 'neighbour', '去年', 'walk_in', 'low', 'accepted', {meta});
             INSERT INTO mediation_sessions (case_id, seq, on_date, mediators) VALUES
               (7, 0, '2026-03-05', '2,1'), (7, 1, '2026-03-09', ''), (5, 0, '2026-02-03', '1,99');
             INSERT INTO issues (reference, ref_year, ref_serial, raised_on, topic, summary, status, anonymous,
                                 created_at, created_by, updated_at, updated_by)
               VALUES ('HZ-2026-0001', 2026, 1, '2026-03-01', 'security', '路灯', 'closed', 1, {meta}),
                      ('HZ-2026-0002', 2026, 2, '2026-03-02', 'security', '噪音', 'new', 0, {meta});"
        ))
        .unwrap();
    }
    let s = open(&path);
    assert_eq!(schema::version(&s.conn()).unwrap(), schema::CURRENT);
    let refs: Vec<String> = [5, 7, 9]
        .iter()
        .map(|id| s.case(*id).unwrap().record.reference)
        .collect();
    assert_eq!(refs, ["HZ-M-2026-0001", "HZ-M-2026-0002", "HZ-M-2025-0001"]);
    let seven = s.case(7).unwrap().record;
    assert_eq!(seven.sessions[0].mediators, vec![2, 1]);
    assert!(seven.sessions[1].mediators.is_empty());
    // The issue counts start from what the file holds.
    let closed = IssueFilter {
        status: Some(IssueStatus::Closed),
        ..Default::default()
    };
    assert_eq!(s.issues_count(&IssueFilter::default()).unwrap(), 2);
    assert_eq!(s.issues_count(&closed).unwrap(), 1);
    // Officer 99 never existed: it is dropped, not kept as a dangling id.
    assert_eq!(s.case(5).unwrap().record.sessions[0].mediators, vec![1]);
    let has_column: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM pragma_table_info('mediation_sessions') WHERE name = 'mediators'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has_column, 0);
    drop(s);
    let report = doorstep::store::check::run(&path).unwrap();
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn care_due_follows_done_care_visits() {
    let (_dir, mut s, o, p) = seeded();
    let entry = CareEntry {
        person_id: p,
        group: "brave_bystander".into(),
        reason: "勇救落水儿童".into(),
        needs: "腿伤复查".into(),
        help_given: String::new(),
        cadence_days: 30,
        since: d("2026-01-01"),
        active: true,
    };
    let c = s.add_care(&entry).unwrap();
    assert_eq!(
        (c.record.last_visit, c.record.next_due),
        (None, d("2026-01-01"))
    );
    let v = s.add_visit(&visit(o, p, "2026-11-10", "care")).unwrap();
    assert_eq!(
        s.care(c.id).unwrap().record.next_due,
        d("2026-01-01"),
        "a planned visit is not a visit yet"
    );
    let step = VisitStep::Complete {
        outcome: "慰问".into(),
        people_reached: 1,
        on: None,
        handouts: Default::default(),
    };
    s.visit_step(v.id, v.version, &step).unwrap();
    let after = s.care(c.id).unwrap().record;
    assert_eq!(
        (after.last_visit, after.next_due),
        (Some(d("2026-11-10")), d("2026-12-10"))
    );
    let due = s.care_page(Some(d("2026-11-26")), None, 10).unwrap();
    assert!(due.items.is_empty(), "not due until December");
}

#[test]
fn the_audit_trail_cannot_be_rewritten() {
    let (_dir, s, _, _) = seeded();
    assert!(s
        .conn()
        .execute("UPDATE audit SET actor = 'x'", [])
        .is_err());
    assert!(s.conn().execute("DELETE FROM audit", []).is_err());
}

#[test]
fn issue_pages_return_every_row_once() {
    let (_dir, mut s, o, p) = seeded();
    let mut ids = Vec::new();
    for n in 0..137 {
        // Many issues share a day, so the id must break ties.
        let day = d("2026-01-01") + chrono::Days::new(n / 10);
        let topic = if n % 3 == 0 { "security" } else { "conduct" };
        let mut raised = Issue::new(day, topic, &format!("问题 {n}"));
        raised.raiser_id = Some(p);
        let mut i = s.add_issue(&raised).unwrap();
        if n % 4 == 0 {
            let step = IssueStep::Assign(Assignment {
                unit: unit(),
                officer_id: o,
                deadline: day,
            });
            i = s.issue_step(i.id, i.version, &step, day).unwrap();
        }
        ids.push(i.id);
    }
    let collect = |filter: &IssueFilter| {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = s.issues_page(filter, after.as_ref(), 10).unwrap();
            assert!(page.items.len() <= 10);
            seen.extend(page.items.iter().map(|r| r.id));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        seen
    };
    let mut all = collect(&IssueFilter::default());
    assert_eq!(all.len(), 137);
    all.sort();
    assert_eq!(all, ids);
    let assigned = collect(&IssueFilter {
        status: Some(IssueStatus::Assigned),
        ..Default::default()
    });
    assert_eq!(assigned.len(), 35);
    let sec = collect(&IssueFilter {
        topic: Some("security".into()),
        ..Default::default()
    });
    assert_eq!(sec.len(), 46);
    let overdue = collect(&IssueFilter {
        overdue_on: Some(d("2026-01-05")),
        ..Default::default()
    });
    // Every 4th issue is assigned with its raise day as deadline; those of
    // days 0..=3 (n = 0, 4, ..., 36) are past it on the 5th.
    assert_eq!(overdue.len(), 10);
    let text = collect(&IssueFilter {
        text: "问题 13".into(),
        ..Default::default()
    });
    // 问题 13 and 问题 130..=136 contain the text; 问题 1 does not.
    assert_eq!(text.len(), 8);
    let literal = collect(&IssueFilter {
        text: "%".into(),
        ..Default::default()
    });
    assert!(
        literal.is_empty(),
        "LIKE wildcards in the search are literal"
    );
}

#[test]
fn directory_and_visit_pages_return_every_row_once() {
    let (_dir, mut s, o, p) = seeded();
    for n in 0..55 {
        s.add_entry(&person(&format!("王{}", n % 7))).unwrap();
        let date = format!("2026-11-{:02}", 1 + n % 3);
        s.add_visit(&visit(o, p, &date, "safety")).unwrap();
    }
    let mut names = Vec::new();
    let mut after = None;
    loop {
        let page = s.entries_page("", after.as_ref(), 8).unwrap();
        names.extend(page.items.iter().map(|r| r.id));
        match page.next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 56);
    let mut visits = Vec::new();
    let mut after = None;
    loop {
        let page = s
            .visits_page(d("2026-11-01"), d("2026-11-30"), after.as_ref(), 7)
            .unwrap();
        visits.extend(page.items.iter().map(|r| r.id));
        match page.next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    let mut sorted = visits.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 55);
    let counts = s
        .visit_counts(d("2026-11-01"), d("2026-11-30"), d("2026-11-02"))
        .unwrap();
    let totals: Vec<_> = counts
        .iter()
        .map(|c| (c.date, c.total, c.overdue))
        .collect();
    assert_eq!(
        totals,
        [
            (d("2026-11-01"), 19, 19),
            (d("2026-11-02"), 18, 0),
            (d("2026-11-03"), 18, 0)
        ]
    );
}

#[test]
fn today_lists_overdue_visits_and_issues_due_soon() {
    let (_dir, mut s, o, p) = seeded();
    let today = d("2026-11-26");
    let past = s.add_visit(&visit(o, p, "2026-11-20", "warmth")).unwrap();
    s.add_visit(&visit(o, p, "2026-11-26", "warmth")).unwrap();
    let done = s.add_visit(&visit(o, p, "2026-11-19", "warmth")).unwrap();
    let step = VisitStep::Complete {
        outcome: "ok".into(),
        people_reached: 1,
        on: None,
        handouts: Default::default(),
    };
    s.visit_step(done.id, done.version, &step).unwrap();
    let overdue = s.overdue_visits_page(today, None, 10).unwrap();
    let ids: Vec<_> = overdue.items.iter().map(|v| v.id).collect();
    assert_eq!(ids, [past.id]);

    let mut due_ids = Vec::new();
    for (n, deadline) in ["2026-11-20", "2026-12-03", "2026-12-04"]
        .iter()
        .enumerate()
    {
        let mut raised = Issue::new(d("2026-11-01"), "conduct", &format!("问题{n}"));
        raised.anonymous = true;
        let i = s.add_issue(&raised).unwrap();
        let step = IssueStep::Assign(Assignment {
            unit: unit(),
            officer_id: o,
            deadline: d(deadline),
        });
        due_ids.push(s.issue_step(i.id, i.version, &step, today).unwrap().id);
    }
    let due: Vec<_> = s
        .issues_due(today, 7, 10)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        due,
        due_ids[..2],
        "overdue first, then due within 7 days; not the 8th day"
    );
}

#[test]
fn a_batch_that_plans_nothing_says_why() {
    use doorstep::domain::batch::BatchError;
    let (_dir, mut s, o, p) = seeded();
    let entry = CareEntry {
        person_id: p,
        group: "brave_bystander".into(),
        reason: "勇救落水儿童".into(),
        needs: String::new(),
        help_given: String::new(),
        cadence_days: 30,
        since: d("2026-01-01"),
        active: true,
    };
    s.add_care(&entry).unwrap();
    let groups = vec!["brave_bystander".to_string()];
    let (from, to) = (d("2027-01-25"), d("2027-02-05"));
    let plan = s.plan_batch(&groups, &[o], from, to, 3).unwrap().unwrap();
    assert_eq!(plan.len(), 1);
    s.create_batch(&plan).unwrap();
    // Planned once: a second batch over the same window has nobody left.
    assert_eq!(
        s.plan_batch(&groups, &[o], from, to, 3).unwrap(),
        Err(BatchError::AllPlanned {
            entries: 1,
            from,
            to
        })
    );
    // Outside that window the person is due again.
    let later = s
        .plan_batch(&groups, &[o], d("2027-03-01"), d("2027-03-05"), 3)
        .unwrap();
    assert_eq!(later.map(|p| p.len()), Ok(1));
    let other = vec!["meritorious".to_string()];
    assert_eq!(
        s.plan_batch(&other, &[o], from, to, 3).unwrap(),
        Err(BatchError::NobodyInGroups)
    );
    assert_eq!(
        s.plan_batch(&groups, &[o], to, from, 3).unwrap(),
        Err(BatchError::Reversed { from: to, to: from })
    );
    assert_eq!(
        s.plan_batch(&groups, &[], from, to, 3).unwrap(),
        Err(BatchError::NoOfficers)
    );
    let weekend = s.plan_batch(&groups, &[o], d("2027-01-30"), d("2027-01-31"), 3);
    assert!(matches!(
        weekend.unwrap(),
        Err(BatchError::NoWorkingDay { .. })
    ));
}

/// The list-title counts are exact: equal to counting the rows, for every
/// state and anonymity, on the demo and after steps move issues on.
#[test]
fn issue_counts_stay_exact_as_issues_move() {
    let (_dir, path) = temp();
    let mut s = open(&path);
    let today = d("2026-11-26");
    doorstep::demo::generate(&mut s, doorstep::demo::Size::Small, 5, today).unwrap();
    let check = |s: &Store| {
        let conn = s.conn();
        let mut states: Vec<Option<IssueStatus>> = vec![None];
        states.extend(IssueStatus::ALL.iter().copied().map(Some));
        for status in states {
            for anonymous in [None, Some(false), Some(true)] {
                for topic in [None, Some("security"), Some("conduct")] {
                    let filter = IssueFilter {
                        status,
                        anonymous,
                        topic: topic.map(str::to_string),
                        ..Default::default()
                    };
                    let rows: i64 = conn
                        .query_row(
                            "SELECT count(*) FROM issues WHERE (?1 IS NULL OR status = ?1)
                               AND (?2 IS NULL OR anonymous = ?2) AND (?3 IS NULL OR topic = ?3)",
                            rusqlite::params![status.map(|s| s.name()), anonymous, topic],
                            |r| r.get(0),
                        )
                        .unwrap();
                    assert_eq!(s.issues_count(&filter).unwrap(), rows, "{filter:?}");
                }
            }
        }
        let mine = IssueFilter {
            responsible: Some(1),
            status: Some(IssueStatus::Closed),
            ..Default::default()
        };
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM issues WHERE responsible_id = 1 AND status = 'closed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(s.issues_count(&mine).unwrap(), rows);
    };
    check(&s);
    let new = IssueFilter {
        status: Some(IssueStatus::New),
        ..Default::default()
    };
    let before = s.issues_count(&new).unwrap();
    let mut i = Issue::new(today, "security", "路口夜间无照明");
    i.anonymous = true;
    let raised = s.add_issue(&i).unwrap();
    assert_eq!(s.issues_count(&new).unwrap(), before + 1);
    let step = IssueStep::Assign(Assignment {
        unit: unit(),
        officer_id: 1,
        deadline: d("2026-12-10"),
    });
    s.issue_step(raised.id, raised.version, &step, today)
        .unwrap();
    assert_eq!(s.issues_count(&new).unwrap(), before);
    check(&s);
}

#[test]
fn a_duplicate_entry_merges_into_the_right_one_and_its_records_move() {
    let (_dir, mut s, o, p) = seeded();
    let mut dup = person("李秀英（重复）");
    dup.tags = vec!["disabled".into()];
    let dup = s.add_entry(&dup).unwrap();
    let v = s
        .add_visit(&visit(o, dup.id, "2026-11-20", "warmth"))
        .unwrap()
        .id;
    let mut i = Issue::new(d("2026-11-20"), "security", "路灯坏了");
    i.raiser_id = Some(dup.id);
    let i = s.add_issue(&i).unwrap().id;
    let audits = audit_count(&s);
    // Not into itself, and nothing at a stale version.
    assert!(s.merge_entry(dup.id, dup.version, dup.id).is_err());
    assert!(s.merge_entry(dup.id, dup.version + 1, p).is_err());
    assert_eq!(audit_count(&s), audits, "refusals write nothing");
    s.merge_entry(dup.id, dup.version, p).unwrap();
    assert_eq!(s.visit(v).unwrap().record.target_id, Some(p));
    assert_eq!(s.issue(i).unwrap().record.issue.raiser_id, Some(p));
    let into = s.entry(p).unwrap().record;
    assert!(
        into.tags.contains(&"disabled".to_string()),
        "{:?}",
        into.tags
    );
    assert!(s.entry(dup.id).unwrap().record.retired);
    assert_eq!(audit_count(&s), audits + 2, "one audit row per entry");
    // Pickers no longer offer it; nothing merges into it.
    let page = s.entries_page("李秀英", None, 10).unwrap();
    assert_eq!(page.items.iter().map(|e| e.id).collect::<Vec<_>>(), vec![p]);
    let again = s.entry(p).unwrap();
    assert!(s.merge_entry(p, again.version, dup.id).is_err());
}

#[test]
fn an_entry_made_by_mistake_is_retired_once() {
    let (_dir, mut s, _o, p) = seeded();
    let e = s.entry(p).unwrap();
    let retired = s.retire_entry(p, e.version).unwrap();
    assert!(retired.record.retired);
    assert!(s.entries_page("", None, 10).unwrap().items.is_empty());
    assert!(s.retire_entry(p, retired.version).is_err(), "retired once");
    // Old records still read it.
    assert_eq!(s.entry(p).unwrap().record.name, "李秀英");
}

#[test]
fn a_merge_never_makes_one_person_two_parties_of_a_case() {
    let (_dir, mut s, _o, p) = seeded();
    let other = s.add_entry(&person("王五")).unwrap();
    let parties = vec![
        Party::new(Some(p), "李秀英", Role::Applicant),
        Party::new(Some(other.id), "王五", Role::Respondent),
    ];
    s.add_case(&MediationCase::received(
        d("2026-11-20"),
        "neighbour",
        "堆物",
        "low",
        parties,
    ))
    .unwrap();
    let audits = audit_count(&s);
    let refused = s.merge_entry(other.id, other.version, p);
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(audit_count(&s), audits, "nothing written");
    assert!(!s.entry(other.id).unwrap().record.retired);
}
