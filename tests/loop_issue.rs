//! The issue loop and the visit follow-ups driven in-process by key
//! presses, as a coordinator would: from a done visit raise an issue and
//! record an open-door evaluation; walk the issue through assign, start,
//! measure, answer, a dissatisfied rating that reopens it, and on to
//! closed; an anonymous issue that closes after its measure; refused steps
//! that write nothing. The database is checked with SQL after each walk.

mod common;
use common::Raw as _;

use common::{ch, ctrl, form, key, status, typ};
use doorstep::domain::issue::IssueStepKind;
use doorstep::domain::StepName;
use doorstep::tui::kit::menu::Menu;
use doorstep::tui::kit::record_view::Detail;

use chrono::Days;
use common::{app, render, today};
use crossterm::event::KeyCode;
use doorstep::config::categories::SetId;
use doorstep::domain::issue::{Issue, IssueStep};
use doorstep::lang::Lang;
use doorstep::tui::kit::form::Form;
use doorstep::tui::kit::pane::Effect;
use doorstep::tui::registry;
use doorstep::tui::registry::Target;
use doorstep::tui::shell::app::App;

/// `s` then the step's letter, from the record view on screen.
fn step(a: &mut App, letter: char) {
    ch(a, 's');
    assert!(a.top::<Menu>().is_some(), "no step menu: {:?}", status(a));
    ch(a, letter);
}

/// Saves the open form and checks it closed back to record `target`.
fn save(a: &mut App, target: Target) {
    ctrl(a, 's');
    if let Some(f) = a.top::<Form>() {
        panic!(
            "the form stayed open: note {:?}, focused {}",
            f.note(),
            f.focused()
        );
    }
    let d = a.top::<Detail>().expect("no record view after saving");
    assert_eq!(d.target, target);
}

fn one<T: rusqlite::types::FromSql>(a: &App, sql: &str, p: impl rusqlite::Params) -> T {
    a.store.conn().query_row(sql, p, |r| r.get(0)).unwrap()
}

fn audits(a: &App, entity: &str, id: i64) -> i64 {
    one(
        a,
        "SELECT count(*) FROM audit WHERE entity = ?1 AND entity_id = ?2",
        rusqlite::params![entity, id],
    )
}

/// (step, on_date, officer, unit, deadline, category, text) of each
/// timeline row of issue `id`, oldest first.
type Row = (
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn timeline(a: &App, id: i64) -> Vec<Row> {
    let conn = a.store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT step, on_date, officer_id, unit, deadline, category, text
             FROM issue_steps WHERE issue_id = ?1 ORDER BY id",
        )
        .unwrap();
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn steps_of(a: &App, id: i64) -> Vec<String> {
    timeline(a, id).into_iter().map(|r| r.0).collect()
}

/// A done visit with a directory target: (id, date, target).
fn done_visit(a: &App) -> (i64, String, i64) {
    a.store
        .conn()
        .query_row(
            "SELECT id, on_date, target_id FROM visits
             WHERE status = 'done' AND target_id IS NOT NULL
             ORDER BY on_date DESC, id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn issue_state(a: &App, id: i64) -> (String, i64) {
    a.store
        .conn()
        .query_row(
            "SELECT status, reopened FROM issues WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// The letters of the step menu the record allows now.
fn menu_keys(a: &App, target: Target) -> Vec<char> {
    registry::steps(&a.store, target, Lang::En)
        .unwrap()
        .iter()
        .map(|s| s.key)
        .collect()
}

/// Measure, answer: the part of the loop walked twice.
fn measure_and_answer(a: &mut App, it: Target, measure: &str, answer: &str) {
    step(a, 'm');
    assert_eq!(form(a).focused(), "measure");
    typ(a, measure);
    key(a, KeyCode::Tab);
    // The theme: a digit picks (2 = stability work); Tab moves on.
    ch(a, '2');
    assert_eq!(form(a).fields.key("theme"), "stability_work");
    key(a, KeyCode::Tab);
    assert_eq!(form(a).focused(), "date");
    save(a, it);
    assert_eq!(
        menu_keys(a, it),
        vec!['n'],
        "a named issue is answered next"
    );
    step(a, 'n');
    assert_eq!(form(a).fields.officer("officer"), Some(1), "answered by me");
    ch(a, '2'); // phone
    key(a, KeyCode::Tab);
    assert_eq!(form(a).focused(), "answer");
    typ(a, answer);
    save(a, it);
}

#[test]
fn an_issue_from_a_done_visit_walks_the_loop_reopens_and_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (visit, visit_date, person) = done_visit(&a);
    let vt = Target::Visit(visit);
    let issues_before: i64 = one(&a, "SELECT count(*) FROM issues", []);
    let visit_audits = audits(&a, "visit", visit);

    // Raise it from the visit's record view: prefilled from the visit.
    a.effect(Effect::Open(vt)).unwrap();
    assert_eq!(menu_keys(&a, vt), vec!['v', 'i']);
    step(&mut a, 'i');
    let f = form(&a);
    assert!(
        f.fields.list.iter().all(|x| x.name != "raised_on"),
        "the visit's day is the raised date: no field to type another"
    );
    assert_eq!(f.fields.person("raiser").0, Some(person));
    assert_eq!(f.focused(), "topic", "the form starts at what differs");
    assert!(f.title.contains(&visit_date), "{}", f.title);
    ch(&mut a, '2'); // the second topic
    let topic = a.store.categories().keys(SetId::Topic)[1].clone();
    assert_eq!(form(&a).fields.key("topic"), topic);
    assert_eq!(form(&a).focused(), "topic", "a digit sets, Tab moves on");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "summary");
    typ(&mut a, "路灯坏了三个月没人修");
    save(&mut a, vt);
    let issue: i64 = one(&a, "SELECT max(id) FROM issues", []);
    let it = Target::Issue(issue);
    let (visit_id, raiser, raised_on, anonymous): (i64, i64, String, bool) = a
        .store
        .conn()
        .query_row(
            "SELECT visit_id, raiser_id, raised_on, anonymous FROM issues WHERE id = ?1",
            [issue],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (visit_id, raiser, raised_on, anonymous),
        (visit, person, visit_date.clone(), false)
    );
    // The visit view lists it, and the step stays open for the next one.
    assert!(render(&a, 100, 40).contains("路灯坏了"));
    assert_eq!(menu_keys(&a, vt), vec!['v', 'i']);

    // Assign: unit by digit, me as responsible, deadline from the topic.
    a.effect(Effect::Open(it)).unwrap();
    assert_eq!(menu_keys(&a, it), vec!['a']);
    step(&mut a, 'a');
    let days = a.store.categories().deadline_days(&topic);
    let deadline = today() + Days::new(days.into());
    assert_eq!(form(&a).fields.text("deadline"), deadline.to_string());
    assert_eq!(form(&a).fields.officer("officer"), Some(1));
    assert!(
        render(&a, 80, 24).contains("1 Community policing team"),
        "the focused unit field shows its digits"
    );
    ch(&mut a, '1');
    assert_eq!(form(&a).fields.key("unit"), "community_policing");
    save(&mut a, it);
    assert_eq!(issue_state(&a, issue).0, "assigned");

    // Start rectifying: no values, at once.
    // Beside the loop: hand over to another department.
    assert_eq!(menu_keys(&a, it), vec!['r', 'a', 'h']);
    step(&mut a, 'r');
    assert!(status(&a).contains("rectifying started"), "{}", status(&a));
    assert!(a.top::<Detail>().is_some_and(|d| d.target == it));
    assert_eq!(issue_state(&a, issue).0, "rectifying");

    measure_and_answer(&mut a, it, "已更换路灯", "电话告知已修复");
    assert_eq!(issue_state(&a, issue).0, "answered");

    // Dissatisfied: back to rectifying, counted, kept in the timeline.
    assert_eq!(menu_keys(&a, it), vec!['t']);
    step(&mut a, 't');
    let screen = render(&a, 80, 24);
    assert!(screen.contains("1 Satisfied · 2 Basically satisfied · 3 Dissatisfied"));
    ch(&mut a, '3');
    assert_eq!(form(&a).focused(), "rating", "a digit sets, Tab moves on");
    save(&mut a, it);
    assert_eq!(issue_state(&a, issue), ("rectifying".into(), 1));
    let screen = render(&a, 100, 60);
    assert!(screen.contains("Reopened: 1"), "{screen}");
    assert!(
        screen.contains("State: rectifying  ↺ reopened: back to rectifying"),
        "{screen}"
    );
    assert!(screen.contains("reopened: back to rectifying"), "{screen}");
    let rate = timeline(&a, issue).pop().unwrap();
    assert_eq!(rate.0, "rate");
    assert_eq!(rate.5.as_deref(), Some("dissatisfied"));
    assert_eq!(menu_keys(&a, it), vec!['m', 'a', 'h'], "rectifying again");

    measure_and_answer(&mut a, it, "加装两盏路灯并每周巡查", "当面回访");
    step(&mut a, 't');
    ch(&mut a, '1');
    save(&mut a, it);
    assert_eq!(issue_state(&a, issue), ("closed".into(), 1));
    assert!(menu_keys(&a, it).is_empty(), "a closed issue has no step");
    ch(&mut a, 's');
    assert_eq!(status(&a), "no step is open for this record now");

    // Exactly the records and timeline the steps made.
    assert_eq!(
        one::<i64>(&a, "SELECT count(*) FROM issues", []),
        issues_before + 1
    );
    let t = today().to_string();
    let rows = timeline(&a, issue);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "raise",
            "assign",
            "start_rectifying",
            "rectify",
            "answer",
            "rate",
            "rectify",
            "answer",
            "rate"
        ]
    );
    assert_eq!(rows[0].1, visit_date, "raised on the visit's day");
    assert_eq!(rows[1].2, Some(1));
    assert_eq!(rows[1].3.as_deref(), Some("community_policing"));
    assert_eq!(rows[1].4, Some(deadline.to_string()));
    assert_eq!(rows[3].5.as_deref(), Some("stability_work"));
    assert_eq!(rows[3].6, "已更换路灯");
    assert_eq!(
        (rows[4].2, rows[4].5.as_deref(), rows[4].6.as_str()),
        (Some(1), Some("phone"), "电话告知已修复")
    );
    assert_eq!(rows[5].5.as_deref(), Some("dissatisfied"));
    assert_eq!(rows[8].5.as_deref(), Some("satisfied"));
    assert!(
        rows[1..].iter().all(|r| r.1 == t),
        "the steps are dated today"
    );
    let (rating, closed_on): (String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT rating, closed_on FROM issues WHERE id = ?1",
            [issue],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (rating.as_str(), closed_on.as_str()),
        ("satisfied", t.as_str())
    );
    // One audit entry per change: the raise and eight steps; the visit untouched.
    assert_eq!(audits(&a, "issue", issue), 9);
    assert_eq!(audits(&a, "visit", visit), visit_audits);
}

#[test]
fn several_issues_are_raised_from_one_visit_without_retyping() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (visit, date, person) = done_visit(&a);
    let vt = Target::Visit(visit);
    let before: i64 = one(
        &a,
        "SELECT count(*) FROM issues WHERE visit_id = ?1",
        [visit],
    );
    a.effect(Effect::Open(vt)).unwrap();
    for (digit, summary) in [('1', "第一件事"), ('4', "第二件事")] {
        step(&mut a, 'i');
        ch(&mut a, digit);
        key(&mut a, KeyCode::Tab);
        typ(&mut a, summary);
        save(&mut a, vt);
    }
    let rows: Vec<(String, i64, String, String)> = a
        .store
        .conn()
        .prepare(
            "SELECT raised_on, raiser_id, topic, summary FROM issues
             WHERE visit_id = ?1 ORDER BY id DESC LIMIT 2",
        )
        .unwrap()
        .query_map([visit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let topics = a.store.categories().keys(SetId::Topic);
    assert_eq!(
        rows,
        vec![
            (date.clone(), person, topics[3].clone(), "第二件事".into()),
            (date, person, topics[0].clone(), "第一件事".into()),
        ]
    );
    assert_eq!(
        one::<i64>(
            &a,
            "SELECT count(*) FROM issues WHERE visit_id = ?1",
            [visit]
        ),
        before + 2
    );
}

#[test]
fn an_anonymous_issue_closes_after_its_measure_without_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let mut i = Issue::new(today(), "conduct", "窗口民警推诿");
    i.anonymous = true;
    let issue = a.store.add_issue(&i).unwrap().id;
    let it = Target::Issue(issue);
    a.effect(Effect::Open(it)).unwrap();
    step(&mut a, 'a');
    ch(&mut a, '2');
    save(&mut a, it);
    step(&mut a, 'r');
    step(&mut a, 'm');
    typ(&mut a, "约谈当事民警");
    save(&mut a, it);
    // No answer is owed: the only loop step is to close, and it says why
    // (a conduct complaint may still be verified).
    assert_eq!(menu_keys(&a, it), vec!['c', 'v']);
    let screen = {
        ch(&mut a, 's');
        render(&a, 80, 24)
    };
    assert!(
        screen.contains("Close: anonymous, no answer owed"),
        "{screen}"
    );
    ch(&mut a, 'c');
    assert!(
        status(&a).contains("closed: anonymous, no answer owed"),
        "{}",
        status(&a)
    );
    assert_eq!(issue_state(&a, issue).0, "closed");
    assert!(render(&a, 80, 24).contains("closed: anonymous, no answer owed"));
    assert_eq!(
        steps_of(&a, issue),
        [
            "raise",
            "assign",
            "start_rectifying",
            "rectify",
            "close_anonymous"
        ]
    );
    let (answered, closed): (Option<String>, String) = a
        .store
        .conn()
        .query_row(
            "SELECT answered_on, closed_on FROM issues WHERE id = ?1",
            [issue],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((answered, closed), (None, today().to_string()));
    assert_eq!(audits(&a, "issue", issue), 5);
}

/// Opens step `id` of `target` as a stale menu would, over the app.
fn open_step(a: &mut App, target: Target, step: IssueStepKind) -> anyhow::Result<()> {
    a.start_step(target, StepName::Issue(step))
}

fn writes(a: &App) -> (i64, i64) {
    (
        one(a, "SELECT count(*) FROM issue_steps", []),
        one(a, "SELECT count(*) FROM audit", []),
    )
}

#[test]
fn a_refused_step_says_why_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let mut raised = Issue::new(today(), "security", "夜里有人飙车");
    raised.raiser_id = Some(1);
    let issue = a.store.add_issue(&raised).unwrap().id;
    let it = Target::Issue(issue);
    let version: i64 = one(&a, "SELECT version FROM issues WHERE id = ?1", [issue]);
    let before = writes(&a);

    // An answer on a new issue (the menu never offers it; a stale one might).
    open_step(&mut a, it, IssueStepKind::Answer).unwrap();
    ch(&mut a, '1');
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "已电话告知");
    ctrl(&mut a, 's');
    let note = form(&a).note().unwrap_or_default().to_string();
    let said = "while the record is new, this is not possible: Record the answer given";
    assert_eq!(note, said);
    assert!(render(&a, 80, 24).contains("while the record is new"));
    assert_eq!(form(&a).fields.text("answer"), "已电话告知", "input kept");

    // A step needing no values refuses at once, with its reason.
    a.stack.clear();
    let e = open_step(&mut a, it, IssueStepKind::Start).unwrap_err();
    assert!(
        format!("{e:#}").contains("this is not possible: Start rectifying"),
        "{e:#}"
    );

    // An invalid value lands next to its field.
    open_step(&mut a, it, IssueStepKind::Assign).unwrap();
    ch(&mut a, '1');
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typ(&mut a, "2020-01-01");
    ctrl(&mut a, 's');
    assert_eq!(form(&a).focused(), "deadline");
    assert!(
        form(&a).error("deadline").is_some(),
        "{:?}",
        form(&a).note()
    );

    assert_eq!(writes(&a), before, "no timeline row, no audit entry");
    assert_eq!(
        one::<i64>(&a, "SELECT version FROM issues WHERE id = ?1", [issue]),
        version
    );
    assert_eq!(issue_state(&a, issue), ("new".into(), 0));
}

#[test]
fn an_open_door_evaluation_is_entered_with_one_key_per_rating() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (visit, _, _) = done_visit(&a);
    let vt = Target::Visit(visit);
    let evals: i64 = one(&a, "SELECT count(*) FROM evaluations", []);
    a.effect(Effect::Open(vt)).unwrap();
    step(&mut a, 'v');
    let aspects = a.store.categories().keys(SetId::Aspect);
    assert_eq!(form(&a).focused(), "ratings", "starts on the first rating");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Service attitude "), "{screen}");
    assert!(
        screen.contains("1 Satisfied · 2 Basically satisfied"),
        "{screen}"
    );

    // Nothing rated: refused next to the first rating, nothing written.
    ctrl(&mut a, 's');
    assert_eq!(form(&a).error("ratings"), Some("required"));
    assert_eq!(
        one::<i64>(&a, "SELECT count(*) FROM evaluations", []),
        evals
    );

    // `1 Tab 2 Tab 3 Tab` rates three aspects; Tab leaves the others
    // unrated.
    for d in ['1', '2', '3'] {
        ch(&mut a, d);
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "comments");
    typ(&mut a, "希望多来社区");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "respondent");
    typ(&mut a, "张阿姨");
    save(&mut a, vt);
    let id: i64 = one(&a, "SELECT max(id) FROM evaluations", []);
    let (v, who, comments): (i64, String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT visit_id, respondent, comments FROM evaluations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (v, who.as_str(), comments.as_str()),
        (visit, "张阿姨", "希望多来社区")
    );
    let ratings: Vec<(String, String)> = a
        .store
        .conn()
        .prepare("SELECT aspect, rating FROM evaluation_ratings WHERE evaluation_id = ?1 ORDER BY aspect")
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut want = vec![
        (aspects[0].clone(), "satisfied".to_string()),
        (aspects[1].clone(), "basically_satisfied".to_string()),
        (aspects[2].clone(), "dissatisfied".to_string()),
    ];
    want.sort();
    assert_eq!(ratings, want);
    assert_eq!(
        one::<i64>(&a, "SELECT count(*) FROM evaluations", []),
        evals + 1
    );
    assert_eq!(audits(&a, "evaluation", id), 1);
    // The visit view shows it.
    let screen = render(&a, 100, 60);
    assert!(screen.contains("张阿姨"), "{screen}");
}

#[test]
fn filters_find_issues_awaiting_an_answer_or_a_rating() {
    use doorstep::tui::shell::keys::Action;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    common::act(&mut a, Action::Pane(3));
    let pick = |a: &mut App, label: &str| {
        common::act(a, Action::Filter);
        typ(a, label);
        key(a, KeyCode::Enter);
    };
    pick(&mut a, "awaiting answer");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Filter: awaiting answer"), "{screen}");
    let awaiting: i64 = one(
        &a,
        "SELECT count(*) FROM issues WHERE status = 'rectified' AND NOT anonymous",
        [],
    );
    let anonymous: i64 = one(
        &a,
        "SELECT count(*) FROM issues WHERE status = 'rectified' AND anonymous",
        [],
    );
    assert!(awaiting > 0 && anonymous > 0, "{awaiting} {anonymous}");
    assert!(
        screen.contains(&format!("Issues ({awaiting})")),
        "anonymous ones are not awaiting an answer:\n{screen}"
    );
    pick(&mut a, "awaiting rating");
    let screen = render(&a, 80, 24);
    let answered: i64 = one(
        &a,
        "SELECT count(*) FROM issues WHERE status = 'answered'",
        [],
    );
    assert!(
        screen.contains(&format!("Issues ({answered}) — Filter: awaiting rating")),
        "{screen}"
    );
}

#[test]
fn a_failed_step_leaves_you_where_you_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // An assigned issue: `r` starts rectifying at once.
    let issue: i64 = one(
        &a,
        "SELECT id FROM issues WHERE status = 'assigned' ORDER BY id LIMIT 1",
        [],
    );
    let it = Target::Issue(issue);
    a.effect(Effect::Open(it)).unwrap();
    ch(&mut a, 's');
    assert!(a.top::<Menu>().is_some());
    // Meanwhile another coordinator starts it: the step is refused.
    let mut other = doorstep::store::Store::open(a.store.path(), &Default::default()).unwrap();
    other.set_today(today());
    let version = other.issue(issue).unwrap().version;
    other
        .issue_step(
            issue,
            version,
            &IssueStep::StartRectifying { on: today() },
            today(),
        )
        .unwrap();
    ch(&mut a, 'r');
    assert!(a.status.as_ref().is_some_and(|s| s.error), "{}", status(&a));
    // Back on the record view, and nothing else is on the stack.
    assert_eq!(a.stack.len(), 1, "no hidden view stays behind");
    assert!(a.top::<Detail>().is_some_and(|d| d.target == it));
    key(&mut a, KeyCode::Esc);
    assert!(
        !a.overlay_open(),
        "Esc returns to the pane, not to a stale view"
    );
}

#[test]
fn help_and_the_palette_work_in_a_record_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let issue: i64 = one(
        &a,
        "SELECT id FROM issues WHERE status = 'assigned' ORDER BY id LIMIT 1",
        [],
    );
    a.effect(Effect::Open(Target::Issue(issue))).unwrap();
    // `?` lists the view's own keys first, and Esc closes only the help.
    ch(&mut a, '?');
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("Here") && screen.contains("next step"),
        "{screen}"
    );
    key(&mut a, KeyCode::Esc);
    assert!(a.top::<Detail>().is_some(), "back on the record");
    // `:` offers the view's actions; picking one does it on the record.
    ch(&mut a, ':');
    typ(&mut a, "next step");
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<Menu>().is_some(), "the step menu of the record");
    assert_eq!(a.stack.len(), 2, "menu over the record view");
}
