//! The record fields of issue 8 driven by key presses, as a coordinator
//! would: hand an issue over to an outside department and record their
//! reply; verify a conduct complaint; mark a legal-publicity care visit
//! done with its materials, sheets and gift. The database is checked with
//! the test's own connection after each walk.

mod common;
use common::Raw as _;

use common::{app, ch, ctrl, form, key, render, status, today, typ};
use crossterm::event::KeyCode;
use doorstep::config::categories::{Categories, SetId};
use doorstep::domain::issue::{Assignment, Issue, IssueStep};
use doorstep::domain::visit::Visit;
use doorstep::lang::Lang;
use doorstep::tui::kit::form::Form;
use doorstep::tui::kit::menu::Menu;
use doorstep::tui::kit::pane::Effect;
use doorstep::tui::kit::record_view::Detail;
use doorstep::tui::registry::{self, Target};
use doorstep::tui::shell::app::App;

/// `s` then the step's letter, from the record view on screen.
fn step(a: &mut App, letter: char) {
    ch(a, 's');
    assert!(a.top::<Menu>().is_some(), "no step menu: {:?}", status(a));
    ch(a, letter);
    assert!(a.top::<Form>().is_some(), "no form: {:?}", status(a));
}

/// Saves the open form and checks it closed back to record `target`.
fn save(a: &mut App, target: Target) {
    ctrl(a, 's');
    if let Some(f) = a.top::<Form>() {
        panic!("the form stayed open: {:?}", f.note());
    }
    assert_eq!(a.top::<Detail>().map(|d| d.target), Some(target));
}

fn menu_keys(a: &App, target: Target) -> Vec<char> {
    registry::steps(&a.store, target, Lang::En)
        .unwrap()
        .iter()
        .map(|s| s.key)
        .collect()
}

/// An assigned issue on `topic`, raised today by a person of the demo.
fn assigned_issue(a: &mut App, topic: &str) -> i64 {
    let raiser: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT min(id) FROM directory WHERE kind = 'person'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut i = Issue::new(today(), topic, "占道经营堵塞消防通道");
    i.raiser_id = Some(raiser);
    let s = a.store.add_issue(&i).unwrap();
    let assign = IssueStep::Assign(Assignment {
        unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
        officer_id: 1,
        deadline: today() + chrono::Days::new(10),
    });
    a.store
        .issue_step(s.id, s.version, &assign, today())
        .unwrap();
    s.id
}

type Cols = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn handover_cols(a: &App, id: i64) -> Cols {
    a.store
        .conn()
        .query_row(
            "SELECT handed_to, handed_on, handover_reply, handover_reply_on
             FROM issues WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

/// (step, on_date, category, text) of the timeline rows after the first two.
fn later_steps(a: &App, id: i64) -> Vec<(String, String, Option<String>, String)> {
    let conn = a.store.conn();
    let mut q = conn
        .prepare(
            "SELECT step, on_date, category, text FROM issue_steps WHERE issue_id = ?1 ORDER BY id",
        )
        .unwrap();
    let rows = q
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    rows.map(Result::unwrap).skip(2).collect()
}

#[test]
fn an_issue_is_handed_over_and_its_reply_recorded_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = assigned_issue(&mut a, "security");
    let it = Target::Issue(id);
    a.effect(Effect::Open(it)).unwrap();
    assert_eq!(menu_keys(&a, it), vec!['r', 'a', 'h']);

    step(&mut a, 'h');
    assert_eq!(form(&a).focused(), "department");
    ch(&mut a, '2'); // the second department: urban management
    assert_eq!(form(&a).fields.key("department"), "urban_management");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).fields.text("handed_on"), today().to_string());
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "转城管处理");
    save(&mut a, it);
    assert!(status(&a).contains("handed over"), "{}", status(&a));
    let day = today().to_string();
    assert_eq!(
        handover_cols(&a, id),
        (
            Some("urban_management".into()),
            Some(day.clone()),
            None,
            None
        )
    );
    let screen = render(&a, 100, 40);
    assert!(
        screen.contains("Handed over to: Urban management"),
        "{screen}"
    );
    assert!(screen.contains("awaiting their reply"), "{screen}");
    // Not handed over twice while the reply is awaited: the menu offers
    // the reply instead.
    assert_eq!(menu_keys(&a, it), vec!['r', 'a', 'p']);

    step(&mut a, 'p');
    assert_eq!(form(&a).focused(), "reply");
    typ(&mut a, "已清理占道摊位");
    save(&mut a, it);
    assert!(status(&a).contains("reply recorded"), "{}", status(&a));
    assert_eq!(
        handover_cols(&a, id),
        (
            Some("urban_management".into()),
            Some(day.clone()),
            Some("已清理占道摊位".into()),
            Some(day.clone())
        )
    );
    assert_eq!(
        later_steps(&a, id),
        vec![
            (
                "hand_over".into(),
                day.clone(),
                Some("urban_management".into()),
                "转城管处理".into()
            ),
            (
                "handover_reply".into(),
                day.clone(),
                None,
                "已清理占道摊位".into()
            ),
        ]
    );
    let screen = render(&a, 100, 40);
    assert!(screen.contains("reply received"), "the timeline: {screen}");
    assert!(!screen.contains("awaiting their reply"), "{screen}");
    // Handed over again once answered.
    assert_eq!(menu_keys(&a, it), vec!['r', 'a', 'h']);
}

#[test]
fn a_reply_dated_before_the_hand_over_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = assigned_issue(&mut a, "security");
    let it = Target::Issue(id);
    a.effect(Effect::Open(it)).unwrap();
    step(&mut a, 'h');
    ch(&mut a, '3');
    save(&mut a, it);
    step(&mut a, 'p');
    typ(&mut a, "已处理");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "date");
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    let before = today() - chrono::Days::new(1);
    typ(&mut a, &before.to_string());
    ctrl(&mut a, 's');
    let f = a.top::<Form>().expect("the form stays open with the error");
    let note = format!("{:?}", f.note());
    let screen = render(&a, 100, 30);
    assert!(
        screen.contains("Handed over on"),
        "the error names the hand-over date: {note} {screen}"
    );
    assert_eq!(handover_cols(&a, id).2, None, "no reply written");
    assert_eq!(later_steps(&a, id).len(), 1);
}

#[test]
fn a_conduct_complaint_is_verified_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    let id = assigned_issue(&mut a, "conduct");
    let it = Target::Issue(id);
    a.effect(Effect::Open(it)).unwrap();
    assert_eq!(menu_keys(&a, it), vec!['r', 'a', 'v', 'h']);
    step(&mut a, 'v');
    ch(&mut a, '1'); // founded
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "经调取执法记录仪，情况属实");
    save(&mut a, it);
    let v: Option<String> = a
        .store
        .conn()
        .query_row("SELECT verification FROM issues WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(v.as_deref(), Some("founded"));
    let rows = later_steps(&a, id);
    assert_eq!(rows[0].0, "verify");
    assert_eq!(rows[0].2.as_deref(), Some("founded"));
    let screen = render(&a, 100, 40);
    assert!(screen.contains("核查结果: 查实"), "{screen}");
}

#[test]
fn a_law_and_care_visit_is_done_with_its_materials_sheets_and_gift() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let mut v = Visit::planned(
        today(),
        vec![1],
        vec!["law".into(), "care".into()],
        "ordinary",
    );
    v.place = "幸福社区".into();
    let id = a.store.add_visit(&v).unwrap().id;
    let vt = Target::Visit(id);
    a.effect(Effect::Open(vt)).unwrap();
    step(&mut a, 'd');
    typ(&mut a, "讲解防诈骗知识，慰问孤寡老人");
    // Past people reached and the day: materials, sheets, gift, amount.
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    assert_eq!(form(&a).focused(), "materials");
    typ(&mut a, "40");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "6");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "米面油");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "gift_yuan");
    typ(&mut a, "199.x");
    ctrl(&mut a, 's');
    assert!(
        a.top::<Form>().is_some(),
        "a bad amount keeps the form open"
    );
    let status_of = |a: &App| -> String {
        a.store
            .conn()
            .query_row("SELECT status FROM visits WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(status_of(&a), "planned");
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "5");
    save(&mut a, vt);
    let cols: (String, i64, i64, String, i64) = a
        .store
        .conn()
        .query_row(
            "SELECT status, materials, sheets_out, gift, gift_fen FROM visits WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(cols, ("done".into(), 40, 6, "米面油".into(), 19_950));
    let screen = render(&a, 100, 40);
    assert!(
        screen.contains("Legal materials handed out: 40"),
        "{screen}"
    );
    assert!(screen.contains("Gift value (yuan): 199.50"), "{screen}");
}
