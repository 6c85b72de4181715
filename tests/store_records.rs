//! The record fields the work summary counts (issue 8): a visit's
//! materials, sheets and gift, an issue's closure deadline, verification
//! and hand-over. Real temporary files; every check reads the columns and
//! timeline rows through the test's own connection.

mod common;

use chrono::NaiveDate;
use common::Raw;
use doorstep::config::categories::{Categories, SetId};
use doorstep::domain::directory::DirectoryEntry;
use doorstep::domain::issue::{Assignment, Issue, IssueStep};
use doorstep::domain::officer::Officer;
use doorstep::domain::visit::{Handouts, Visit, VisitStep};
use doorstep::domain::{Rule, StepError};
use doorstep::store::{OpenOptions, Store, StoreError};
use rusqlite::types::Value;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-25";

/// A store on a temporary file with one officer and one person, on TODAY.
fn seeded() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions {
        actor: Some("tester".into()),
        ..OpenOptions::default()
    };
    let mut s = Store::open(&dir.path().join("station.db"), &opts).unwrap();
    s.set_today(d(TODAY));
    let o = s
        .add_officer(&Officer {
            name: "张伟".into(),
            badge: "012345".into(),
            unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
            os_user: None,
            phone: "13800138000".into(),
            leader: false,
            active: true,
        })
        .unwrap()
        .id;
    let p = s
        .add_entry(&DirectoryEntry {
            name: "李秀英".into(),
            kind: "person".into(),
            address: "幸福路 1 号".into(),
            phone: String::new(),
            tags: vec!["lonely_elderly".into()],
            notes: String::new(),
            retired: false,
        })
        .unwrap()
        .id;
    (dir, s, o, p)
}

/// One row of `sql` (bound to `id`) as plain values.
fn row(s: &Store, sql: &str, id: i64) -> Vec<Value> {
    let c = s.conn();
    let mut q = c.prepare(sql).unwrap();
    let n = q.column_count();
    q.query_row([id], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
}

fn int(n: i64) -> Value {
    Value::Integer(n)
}
fn txt(s: &str) -> Value {
    Value::Text(s.into())
}

const HANDOUTS: &str = "SELECT materials, sheets_out, gift, gift_fen FROM visits WHERE id = ?1";

#[test]
fn a_done_visit_keeps_its_materials_sheets_and_gift() {
    let (_dir, mut s, o, p) = seeded();
    let mut v = Visit::planned(
        d("2026-11-20"),
        vec![o],
        vec!["law".into(), "care".into()],
        "ordinary",
    );
    v.target_id = Some(p);
    let planned = s.add_visit(&v).unwrap();
    assert_eq!(row(&s, HANDOUTS, planned.id), vec![Value::Null; 4]);
    let step = VisitStep::Complete {
        outcome: "讲解防诈骗知识，送去米面油".into(),
        people_reached: 12,
        on: None,
        handouts: Handouts {
            materials: Some(30),
            sheets_out: Some(5),
            gift: "米、面、油各一份".into(),
            gift_fen: Some(19_950),
        },
    };
    let done = s.visit_step(planned.id, planned.version, &step).unwrap();
    assert_eq!(
        row(&s, HANDOUTS, done.id),
        vec![int(30), int(5), txt("米、面、油各一份"), int(19_950)]
    );
    assert_eq!(done.record.handouts.gift_fen, Some(19_950), "read back");
    // An edit that clears the gift stores NULL, not an empty text.
    let mut edited = done.record.clone();
    edited.handouts.gift.clear();
    edited.handouts.gift_fen = None;
    let saved = s.update_visit(done.id, done.version, &edited).unwrap();
    assert_eq!(
        row(&s, HANDOUTS, saved.id),
        vec![int(30), int(5), Value::Null, Value::Null]
    );
}

#[test]
fn materials_on_a_visit_without_the_law_purpose_write_nothing() {
    let (_dir, mut s, o, p) = seeded();
    let mut v = Visit::planned(d("2026-11-20"), vec![o], vec!["warmth".into()], "ordinary");
    v.target_id = Some(p);
    let planned = s.add_visit(&v).unwrap();
    let step = VisitStep::Complete {
        outcome: "ok".into(),
        people_reached: 1,
        on: None,
        handouts: Handouts {
            materials: Some(10),
            ..Handouts::default()
        },
    };
    let e = s
        .visit_step(planned.id, planned.version, &step)
        .unwrap_err();
    assert!(matches!(e, StoreError::Step(_)), "{e}");
    let state = row(
        &s,
        "SELECT status, materials FROM visits WHERE id = ?1",
        planned.id,
    );
    assert_eq!(state, vec![txt("planned"), Value::Null]);
}

fn raise(s: &mut Store, topic: &str, raiser: i64) -> i64 {
    let mut i = Issue::new(d("2026-11-20"), topic, "窗口民警态度生硬");
    i.raiser_id = Some(raiser);
    s.add_issue(&i).unwrap().id
}

#[test]
fn a_new_issue_gets_its_topics_closure_deadline_and_an_edit_keeps_it() {
    let (_dir, mut s, _o, p) = seeded();
    let sql = "SELECT close_deadline FROM issues WHERE id = ?1";
    let conduct = raise(&mut s, "conduct", p);
    assert_eq!(row(&s, sql, conduct), vec![txt("2026-12-05")], "15 days");
    let stability = raise(&mut s, "stability", p);
    assert_eq!(row(&s, sql, stability), vec![txt("2026-12-20")], "30 days");
    let mut own = Issue::new(d("2026-11-20"), "security", "路灯坏了");
    own.raiser_id = Some(p);
    own.close_deadline = Some(d("2026-11-30"));
    let own = s.add_issue(&own).unwrap();
    assert_eq!(row(&s, sql, own.id), vec![txt("2026-11-30")]);
    // A form that leaves it blank keeps it; one that moves it stores it.
    let mut edit = own.record.issue.clone();
    edit.close_deadline = None;
    let kept = s.update_issue(own.id, own.version, &edit).unwrap();
    assert_eq!(row(&s, sql, own.id), vec![txt("2026-11-30")]);
    edit.close_deadline = Some(d("2026-11-19"));
    let e = s.update_issue(own.id, kept.version, &edit).unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "before raised: {e}");
    assert_eq!(row(&s, sql, own.id), vec![txt("2026-11-30")]);
}

const STEPS: &str = "SELECT step, on_date, category, text FROM issue_steps
                     WHERE issue_id = ?1 ORDER BY id";

/// The timeline rows of issue `id` from the third on (after raise, assign).
fn later_steps(s: &Store, id: i64) -> Vec<Vec<Value>> {
    let c = s.conn();
    let mut q = c.prepare(STEPS).unwrap();
    let rows = q
        .query_map([id], |r| (0..4).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap();
    rows.map(Result::unwrap).skip(2).collect()
}

fn assign(s: &mut Store, id: i64, officer: i64) -> i64 {
    let v = s.issue(id).unwrap().version;
    let step = IssueStep::Assign(Assignment {
        unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
        officer_id: officer,
        deadline: d("2026-12-01"),
    });
    s.issue_step(id, v, &step, d(TODAY)).unwrap().version
}

#[test]
fn verification_and_hand_over_write_their_columns_and_timeline_rows() {
    let (_dir, mut s, o, p) = seeded();
    let id = raise(&mut s, "conduct", p);
    let mut v = assign(&mut s, id, o);
    let steps = [
        IssueStep::Verify {
            result: "partly_founded".into(),
            on: d("2026-11-22"),
            note: "调取执法记录仪核实".into(),
        },
        IssueStep::HandOver {
            department: "urban_management".into(),
            on: d("2026-11-23"),
            note: "占道经营，转城管".into(),
        },
        IssueStep::HandoverReply {
            reply: "已清理占道摊位".into(),
            on: d("2026-11-24"),
        },
    ];
    for step in &steps {
        v = s.issue_step(id, v, step, d(TODAY)).unwrap().version;
    }
    let cols = row(
        &s,
        "SELECT verification, handed_to, handed_on, handover_reply, handover_reply_on, status
         FROM issues WHERE id = ?1",
        id,
    );
    assert_eq!(
        cols,
        vec![
            txt("partly_founded"),
            txt("urban_management"),
            txt("2026-11-23"),
            txt("已清理占道摊位"),
            txt("2026-11-24"),
            txt("assigned"),
        ]
    );
    assert_eq!(
        later_steps(&s, id),
        vec![
            vec![
                txt("verify"),
                txt("2026-11-22"),
                txt("partly_founded"),
                txt("调取执法记录仪核实")
            ],
            vec![
                txt("hand_over"),
                txt("2026-11-23"),
                txt("urban_management"),
                txt("占道经营，转城管")
            ],
            vec![
                txt("handover_reply"),
                txt("2026-11-24"),
                Value::Null,
                txt("已清理占道摊位")
            ],
        ]
    );
    // The store reads them back into the record.
    let h = s.issue(id).unwrap().record.issue.handover.unwrap();
    assert_eq!(h.reply, Some(("已清理占道摊位".into(), d("2026-11-24"))));
}

#[test]
fn a_second_hand_over_awaiting_a_reply_writes_nothing() {
    let (_dir, mut s, o, p) = seeded();
    let id = raise(&mut s, "security", p);
    let v = assign(&mut s, id, o);
    let hand = |on: &str| IssueStep::HandOver {
        department: "traffic_police".into(),
        on: d(on),
        note: String::new(),
    };
    let v = s
        .issue_step(id, v, &hand("2026-11-21"), d(TODAY))
        .unwrap()
        .version;
    let e = s
        .issue_step(id, v, &hand("2026-11-22"), d(TODAY))
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Step(StepError::Rule(Rule::HandoverAwaitingReply))
        ),
        "{e}"
    );
    assert_eq!(later_steps(&s, id).len(), 1, "one hand-over row");
    let on = row(
        &s,
        "SELECT handed_on, version FROM issues WHERE id = ?1",
        id,
    );
    assert_eq!(on, vec![txt("2026-11-21"), int(v)]);
    // Verification is refused on a topic that is not conduct or integrity.
    let verify = IssueStep::Verify {
        result: "founded".into(),
        on: d("2026-11-22"),
        note: String::new(),
    };
    let e = s.issue_step(id, v, &verify, d(TODAY)).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Step(StepError::Rule(Rule::VerifyOnlyConductIntegrity))
        ),
        "{e}"
    );
    let verification = row(&s, "SELECT verification FROM issues WHERE id = ?1", id);
    assert_eq!(verification, vec![Value::Null]);
}
