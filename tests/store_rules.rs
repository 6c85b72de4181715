//! The rules that keep the record true (docs/ARCHITECTURE.md, "Rules that keep the record true"), through the store on
//! real temporary SQLite files: each test fails if its rule breaks.

use chrono::NaiveDate;
use doorstep::config::categories::{Categories, SetId};
use doorstep::domain::directory::DirectoryEntry;
use doorstep::domain::error::{FieldId, Rule};
use doorstep::domain::issue::{Answer, Assignment, Issue, IssueStep, Measure};
use doorstep::domain::mediation::{
    CaseStatus, CaseStep, Consent, MediationCase, Party, Role, MAX_EXTENSION_DAYS,
};
use doorstep::domain::officer::Officer;
use doorstep::domain::visit::{Visit, VisitStatus, VisitStep};
use doorstep::domain::{FieldError, Problem, StepError};
use doorstep::store::history::{HistoryKind, QueueFilter};
use doorstep::store::issues::RAISED_ON_CHANGED;
use doorstep::store::mediation::PARTY_CHANGED;
use doorstep::store::{audit, schema, OpenOptions, Store, StoreError};
use std::path::{Path, PathBuf};

/// The test's own connection on the store's file: checks read what is on
/// disk, not the store's queries.
fn raw(s: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(s.path()).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-26";

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    (dir, path)
}

fn open_as(path: &Path, actor: &str) -> Store {
    let opts = OpenOptions {
        actor: Some(actor.into()),
        ..OpenOptions::default()
    };
    let mut s = Store::open(path, &opts).unwrap();
    s.set_today(d(TODAY));
    s
}

fn officer(name: &str, login: Option<&str>) -> Officer {
    Officer {
        name: name.into(),
        badge: format!("0{}", name.len()),
        unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
        os_user: login.map(str::to_string),
        phone: String::new(),
        leader: false,
        active: true,
    }
}

fn person(name: &str) -> DirectoryEntry {
    DirectoryEntry {
        name: name.into(),
        kind: "person".into(),
        address: String::new(),
        phone: String::new(),
        tags: Vec::new(),
        notes: String::new(),
        retired: false,
    }
}

/// A store whose login `wangli` is officer 王丽; with one person.
fn seeded() -> (tempfile::TempDir, Store, i64, i64) {
    let (dir, path) = temp();
    let mut s = open_as(&path, "wangli");
    let o = s.add_officer(&officer("王丽", Some("wangli"))).unwrap().id;
    let p = s.add_entry(&person("李秀英")).unwrap().id;
    (dir, s, o, p)
}

fn planned(o: i64, p: i64, date: &str) -> Visit {
    let mut v = Visit::planned(d(date), vec![o], vec!["warmth".into()], "ordinary");
    v.target_id = Some(p);
    v
}

fn complete(on: Option<NaiveDate>) -> VisitStep {
    VisitStep::Complete {
        outcome: "送米面油".into(),
        people_reached: 1,
        on,
        handouts: Default::default(),
    }
}

fn after_today(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Invalid(FieldError {
            problem: Problem::AfterToday,
            ..
        }) | StoreError::Step(StepError::Field(FieldError {
            problem: Problem::AfterToday,
            ..
        }))
    )
}

#[test]
fn a_visit_done_early_moves_to_its_day_and_the_trail_shows_the_move() {
    let (_dir, mut s, o, p) = seeded();
    let v = s.add_visit(&planned(o, p, "2026-12-03")).unwrap();
    let e = s
        .visit_step(v.id, v.version, &complete(Some(d("2026-11-27"))))
        .unwrap_err();
    assert!(after_today(&e), "{e:?}");
    let done = s.visit_step(v.id, v.version, &complete(None)).unwrap();
    assert_eq!(done.record.date, d(TODAY));
    assert_eq!(s.visit(v.id).unwrap().record.date, d(TODAY));
    let trail = audit::history(&raw(&s), "visit", v.id).unwrap();
    let moved = trail.iter().find(|e| e.action == "moved").expect("moved");
    assert_eq!(moved.before.as_deref(), Some("\"2026-12-03\""));
    assert_eq!(moved.after.as_deref(), Some("\"2026-11-26\""));
    // The calendar finds it on the day it was done.
    let day = s.visits_page(d(TODAY), d(TODAY), None, 10).unwrap();
    assert!(day.items.iter().any(|x| x.id == v.id));
}

#[test]
fn a_care_visit_is_not_logged_for_tomorrow_and_a_visit_not_moved_into_the_past() {
    let (_dir, mut s, o, p) = seeded();
    let mut v = planned(o, p, "2026-11-27");
    v.purposes = vec!["care".into()];
    v.status = VisitStatus::Done {
        outcome: "看望".into(),
        people_reached: 1,
    };
    let e = s.add_visit(&v).unwrap_err();
    assert!(after_today(&e), "{e:?}");
    v.date = d(TODAY);
    s.add_visit(&v).unwrap();
    let plan = s.add_visit(&planned(o, p, "2026-12-01")).unwrap();
    let back = VisitStep::Reschedule {
        date: d("2026-11-25"),
        time: None,
    };
    let e = s.visit_step(plan.id, plan.version, &back).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Step(StepError::Field(FieldError {
                problem: Problem::BeforeToday,
                ..
            }))
        ),
        "{e:?}"
    );
    assert_eq!(s.visit(plan.id).unwrap().record.date, d("2026-12-01"));
}

fn issue(raiser: Option<i64>, raised: &str) -> Issue {
    let mut i = Issue::new(d(raised), "security", "路口夜间无照明");
    i.raiser_id = raiser;
    i.anonymous = raiser.is_none();
    i
}

#[test]
fn issues_are_raised_today_or_earlier_and_from_a_visit_on_its_day() {
    let (_dir, mut s, o, p) = seeded();
    let e = s.add_issue(&issue(Some(p), "2026-12-26")).unwrap_err();
    assert!(after_today(&e), "{e:?}");
    // Heard at a visit done early: raised on the day it was done.
    let v = s.add_visit(&planned(o, p, "2026-12-03")).unwrap();
    let mut i = issue(Some(p), "2026-12-03");
    i.visit_id = Some(v.id);
    assert!(s.add_issue(&i).is_err(), "a planned visit raises nothing");
    s.visit_step(v.id, v.version, &complete(Some(d("2026-11-20"))))
        .unwrap();
    let raised = s.add_issue(&i).unwrap();
    assert_eq!(raised.record.issue.raised_on, d("2026-11-20"));
}

#[test]
fn a_named_issue_needs_a_raiser_and_an_anonymous_one_is_in_nobodys_history() {
    let (_dir, mut s, o, p) = seeded();
    let mut nobody = issue(None, TODAY);
    nobody.anonymous = false;
    match s.add_issue(&nobody).unwrap_err() {
        StoreError::Invalid(e) => {
            assert_eq!(e.field, FieldId::Raiser);
            assert_eq!(e.problem, Problem::Broken(Rule::RaiserRequired));
        }
        other => panic!("{other:?}"),
    }
    let v = s.add_visit(&planned(o, p, "2026-11-20")).unwrap();
    s.visit_step(v.id, v.version, &complete(None)).unwrap();
    let mut named = issue(Some(p), TODAY);
    named.visit_id = Some(v.id);
    let named = s.add_issue(&named).unwrap().id;
    let mut anon = issue(None, TODAY);
    anon.visit_id = Some(v.id);
    let anon = s.add_issue(&anon).unwrap().id;
    // An anonymous issue that somehow names someone is still left out.
    raw(&s)
        .execute("UPDATE issues SET raiser_id = ?1 WHERE id = ?2", [p, anon])
        .unwrap();
    let history = s.history_of(p, 50).unwrap();
    let issues: Vec<i64> = history
        .iter()
        .filter(|h| h.kind == HistoryKind::Issue)
        .map(|h| h.id)
        .collect();
    assert_eq!(issues, vec![named]);
    let at_visit: Vec<i64> = s
        .issues_of_visit(v.id, 50)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(at_visit, vec![named]);
}

#[test]
fn the_timeline_says_who_and_when_keeps_a_rating_reason_and_edits_of_the_raised_date() {
    let (dir, mut s, o, p) = seeded();
    let raised = s.add_issue(&issue(Some(p), "2026-11-20")).unwrap();
    let today = d(TODAY);
    let steps = [
        IssueStep::Assign(Assignment {
            unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
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
            reason: "路灯还是不亮".into(),
        },
    ];
    let mut cur = raised.clone();
    for step in &steps {
        cur = s.issue_step(cur.id, cur.version, step, today).unwrap();
    }
    // A second coordinator without an officer record edits the raised date.
    let mut other = open_as(&dir.path().join("station.db"), "clerk");
    let mut edited = cur.record.issue.clone();
    edited.raised_on = d("2026-11-18");
    other.update_issue(cur.id, cur.version, &edited).unwrap();
    let timeline = s.issue_timeline(cur.id).unwrap();
    let rate = timeline.iter().find(|t| t.step == "rate").unwrap();
    assert_eq!(rate.category.as_deref(), Some("dissatisfied"));
    assert_eq!(rate.text, "路灯还是不亮");
    assert_eq!((rate.who.as_str(), rate.by.as_str()), ("王丽", "wangli"));
    assert!(
        rate.at.starts_with("20") && rate.at.contains('T'),
        "{}",
        rate.at
    );
    let moved = timeline.last().unwrap();
    assert_eq!(moved.step, RAISED_ON_CHANGED);
    assert_eq!(moved.on, d("2026-11-18"));
    assert_eq!(moved.text, "2026-11-20");
    assert_eq!(moved.who, "clerk", "no officer: the login");
    // The reassigned deadline is a row too, with the new deadline.
    let cur = s.issue(cur.id).unwrap();
    let reassign = IssueStep::Assign(Assignment {
        unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
        officer_id: o,
        deadline: d("2026-12-20"),
    });
    s.issue_step(cur.id, cur.version, &reassign, today).unwrap();
    let last = s.issue_timeline(cur.id).unwrap().pop().unwrap();
    assert_eq!(
        (last.step.as_str(), last.deadline),
        ("assign", Some(d("2026-12-20")))
    );
}

fn dispute(parties: Vec<Party>) -> MediationCase {
    MediationCase::received(
        d("2026-11-01"),
        "neighbour",
        "楼上漏水纠纷",
        "high",
        parties,
    )
}

fn consent_all(s: &mut Store, id: i64) -> i64 {
    let n = s.case(id).unwrap().record.parties.len();
    for party in 0..n {
        let c = s.case(id).unwrap();
        let step = CaseStep::Consent {
            party,
            given: true,
            reason: String::new(),
            on: d("2026-11-02"),
        };
        s.case_step(id, c.version, &step).unwrap();
    }
    s.case(id).unwrap().version
}

#[test]
fn replacing_a_party_drops_their_consent_and_is_in_the_timeline() {
    let (_dir, mut s, _o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let r = s.add_entry(&person("赵磊")).unwrap().id;
    let c = s
        .add_case(&dispute(vec![
            Party::new(Some(p), "李秀英", Role::Applicant),
            Party::new(Some(q), "陈明", Role::Respondent),
        ]))
        .unwrap();
    let version = consent_all(&mut s, c.id);
    let version = s
        .case_step(c.id, version, &CaseStep::ConsentToExtend { party: 1 })
        .unwrap()
        .version;
    let mut edit = s.case(c.id).unwrap().record;
    edit.parties[1] = Party {
        entry_id: Some(r),
        name: "赵磊".into(),
        // What a form that moves the old consent along would send.
        ..edit.parties[1].clone()
    };
    let after = s.update_case(c.id, version, &edit).unwrap().record;
    assert_eq!(after.parties[1].consent, Consent::Pending);
    assert!(!after.parties[1].extension_consent);
    assert_eq!(after.parties[0].consent, Consent::Given);
    assert_eq!(after.status, CaseStatus::Received);
    let timeline = s.case_timeline(c.id).unwrap();
    let change = timeline.iter().find(|t| t.step == PARTY_CHANGED).unwrap();
    assert_eq!(change.text, "陈明 → 赵磊");
    assert_eq!(change.who, "王丽");
    assert!(timeline.iter().any(|t| t.step == "consent_to_extend"));
    assert_eq!(timeline[0].step, "receive");
}

#[test]
fn one_person_is_one_party_and_three_parties_are_kept() {
    let (_dir, mut s, _o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let w = s.add_entry(&person("王芳")).unwrap().id;
    let twice = dispute(vec![
        Party::new(Some(p), "李秀英", Role::Applicant),
        Party::new(Some(p), "李秀英", Role::Respondent),
    ]);
    match s.add_case(&twice).unwrap_err() {
        StoreError::Invalid(e) => assert_eq!(e.problem, Problem::Broken(Rule::SamePartyTwice)),
        other => panic!("{other:?}"),
    }
    let three = s
        .add_case(&dispute(vec![
            Party::new(Some(p), "李秀英", Role::Applicant),
            Party::new(Some(q), "陈明", Role::Respondent),
            Party::new(Some(w), "王芳", Role::Other),
        ]))
        .unwrap();
    assert_eq!(s.case(three.id).unwrap().record.parties.len(), 3);
    consent_all(&mut s, three.id);
    assert_eq!(
        s.case(three.id).unwrap().record.status,
        CaseStatus::Accepted
    );
}

#[test]
fn the_time_limit_extends_once_within_the_maximum() {
    let (_dir, mut s, _o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let c = s
        .add_case(&dispute(vec![
            Party::new(Some(p), "李秀英", Role::Applicant),
            Party::new(Some(q), "陈明", Role::Respondent),
        ]))
        .unwrap();
    let mut version = consent_all(&mut s, c.id);
    let e = s
        .case_step(c.id, version, &CaseStep::Extend { days: 10 })
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Step(StepError::Rule(Rule::ExtensionNeedsConsent))
    ));
    for party in 0..2 {
        version = s
            .case_step(c.id, version, &CaseStep::ConsentToExtend { party })
            .unwrap()
            .version;
    }
    let too_long = CaseStep::Extend {
        days: MAX_EXTENSION_DAYS + 60,
    };
    assert!(s.case_step(c.id, version, &too_long).is_err());
    let extended = s
        .case_step(c.id, version, &CaseStep::Extend { days: 30 })
        .unwrap();
    assert_eq!(extended.record.extended_days, Some(30));
    assert_eq!(extended.record.limit_on, Some(d("2027-01-01")));
    let e = s
        .case_step(c.id, extended.version, &CaseStep::Extend { days: 90 })
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Step(StepError::Rule(Rule::AlreadyExtended))
    ));
    assert_eq!(s.case(c.id).unwrap().record.limit_on, Some(d("2027-01-01")));
}

#[test]
fn a_session_is_not_held_before_its_day() {
    let (_dir, mut s, o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let c = s
        .add_case(&dispute(vec![
            Party::new(Some(p), "李秀英", Role::Applicant),
            Party::new(Some(q), "陈明", Role::Respondent),
        ]))
        .unwrap();
    let version = consent_all(&mut s, c.id);
    let schedule = CaseStep::ScheduleSession {
        on: d("2026-11-29"),
        mediators: vec![o],
    };
    let version = s.case_step(c.id, version, &schedule).unwrap().version;
    let record = CaseStep::RecordSession {
        index: 0,
        attendees: "双方".into(),
        notes: String::new(),
    };
    let e = s.case_step(c.id, version, &record).unwrap_err();
    assert!(after_today(&e), "{e:?}");
    assert!(!s.case(c.id).unwrap().record.sessions[0].held);
}

#[test]
fn a_refused_consent_reads_back_declined_in_the_queue_and_in_history() {
    let (_dir, mut s, _o, p) = seeded();
    let q = s.add_entry(&person("陈明")).unwrap().id;
    let c = s
        .add_case(&dispute(vec![
            Party::new(Some(p), "李秀英", Role::Applicant),
            Party::new(Some(q), "陈明", Role::Respondent),
        ]))
        .unwrap();
    let refuse = CaseStep::Consent {
        party: 1,
        given: false,
        reason: "不愿调解".into(),
        on: d(TODAY),
    };
    let declined = s.case_step(c.id, c.version, &refuse).unwrap();
    assert_eq!(declined.record.status, CaseStatus::Declined);
    assert_eq!(s.case(c.id).unwrap().record.status, CaseStatus::Declined);
    let filter = QueueFilter {
        status: Some(CaseStatus::Declined),
        ..QueueFilter::default()
    };
    let rows = s.queue_rows(&filter, None, 10).unwrap().items;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, CaseStatus::Declined);
    let closed = QueueFilter {
        status: Some(CaseStatus::Closed),
        ..QueueFilter::default()
    };
    assert!(s.queue_rows(&closed, None, 10).unwrap().items.is_empty());
    assert!(s
        .queue_rows(&QueueFilter::default(), None, 10)
        .unwrap()
        .items
        .is_empty());
    let h = s.history_of(q, 10).unwrap();
    assert_eq!(h[0].status, "declined");
}

#[test]
fn a_file_of_the_first_schema_migrates_and_finds_its_extended_cases() {
    let (_dir, path) = temp();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(schema::MIGRATIONS[0]).unwrap();
        tx.pragma_update(None, "user_version", 1).unwrap();
        tx.execute_batch(
            "INSERT INTO mediation_cases (id, received_on, kind, summary, source, risk, status,
               accepted_on, limit_on, created_at, created_by, updated_at, updated_by)
             VALUES (1, '2026-10-01', 'neighbour', 'x', 'walk_in', 'low', 'accepted',
               '2026-10-02', '2026-11-17', 't', 'u', 't', 'u'),
                    (2, '2026-10-01', 'neighbour', 'y', 'walk_in', 'low', 'accepted',
               '2026-10-02', '2026-11-02', 't', 'u', 't', 'u');",
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let s = open_as(&path, "wangli");
    assert_eq!(schema::version(&raw(&s)).unwrap(), schema::CURRENT);
    assert_eq!(s.case(1).unwrap().record.extended_days, Some(15));
    assert_eq!(s.case(2).unwrap().record.extended_days, None);
    assert!(s.case_timeline(1).unwrap().is_empty());
}
