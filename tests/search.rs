//! Search: `/` on a list narrows it while you type and Esc clears it;
//! names, phones and references are found as well as summaries; `/` on
//! Today searches every kind of record and lists the results by kind.

mod common;

use common::Raw as _;
use common::{act, app, key, render, typ};
use crossterm::event::KeyCode;
use doorstep::lang::Lang;
use doorstep::tui::issues::pane::IssuesPane;
use doorstep::tui::kit::record_view::Detail;
use doorstep::tui::registry::Target;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::Action;
use doorstep::tui::today::search::SearchAll;

fn first(a: &App, sql: &str) -> (i64, String) {
    a.store
        .conn()
        .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
}

#[test]
fn a_list_narrows_while_typing_and_esc_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(3));
    let all = a.pane_of::<IssuesPane>().ids().len();
    let (id, reference) = first(
        &a,
        "SELECT id, reference FROM issues ORDER BY id DESC LIMIT 1",
    );
    act(&mut a, Action::Search);
    typ(&mut a, &reference);
    // Before Enter: the list already shows only the match.
    assert_eq!(a.pane_of::<IssuesPane>().ids(), vec![id]);
    key(&mut a, KeyCode::Enter);
    assert!(!a.overlay_open());
    assert_eq!(a.pane_of::<IssuesPane>().ids(), vec![id], "Enter keeps it");
    act(&mut a, Action::Search);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.pane_of::<IssuesPane>().ids().len(), all, "Esc clears it");
    assert!(render(&a, 80, 24).contains("Filter: all"));
}

#[test]
fn today_searches_every_kind_and_opens_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // Someone on the care list: found as a person and as a care entry.
    let (person, name) = first(
        &a,
        "SELECT d.id, d.name FROM care_entries c JOIN directory d ON d.id = c.person_id
         ORDER BY c.id LIMIT 1",
    );
    act(&mut a, Action::Search);
    assert!(a.top::<SearchAll>().is_some(), "Today searches everything");
    typ(&mut a, &name);
    let found = a.top::<SearchAll>().unwrap().targets();
    assert!(found.contains(&Target::Entry(person)), "{found:?}");
    assert!(
        found.iter().any(|t| matches!(t, Target::Care(_))),
        "{found:?}"
    );
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Care ("), "{screen}");
    assert!(screen.contains("People and places ("), "{screen}");
    // Down to the person, Enter opens their record; Esc back to the list.
    let at = found
        .iter()
        .position(|t| *t == Target::Entry(person))
        .unwrap();
    for _ in 0..at {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a
        .top::<Detail>()
        .is_some_and(|d| d.target == Target::Entry(person)));
    key(&mut a, KeyCode::Esc);
    assert!(a.top::<SearchAll>().is_some(), "back on the results");
    key(&mut a, KeyCode::Esc);
    // A visit of these weeks, found by whom it visited.
    let (visit, whom) = first(
        &a,
        "SELECT v.id, d.name FROM visits v JOIN directory d ON d.id = v.target_id
         WHERE v.on_date BETWEEN '2026-11-01' AND '2026-11-26' ORDER BY v.on_date DESC, v.id DESC LIMIT 1",
    );
    act(&mut a, Action::Search);
    typ(&mut a, &whom);
    let found = a.top::<SearchAll>().unwrap().targets();
    assert!(found.contains(&Target::Visit(visit)), "{whom}: {found:?}");
    assert!(render(&a, 80, 24).contains("Visits ("));
}

#[test]
fn list_titles_show_exact_counts_under_a_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(3));
    act(&mut a, Action::Filter);
    typ(&mut a, "State: rectifying");
    key(&mut a, KeyCode::Enter);
    let n: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM issues WHERE status = 'rectifying'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let screen = render(&a, 80, 24);
    assert!(screen.contains(&format!("Issues ({n}) ")), "{screen}");
    assert!(
        !screen.contains('+'),
        "an exact count, not a page: {screen}"
    );
}

#[test]
fn a_festival_batch_that_cannot_be_planned_says_why() {
    use common::{ch, ctrl};
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(5));
    ch(&mut a, 'b');
    // A group, then the window reversed: from after to.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Enter);
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-12-18");
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-12-14");
    ctrl(&mut a, 's');
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("2026-12-14") && screen.contains("before"),
        "the reason, with the dates:\n{screen}"
    );
    let batch = a
        .top::<doorstep::tui::care::batch::Batch>()
        .expect("the batch stays open");
    assert!(batch.preview().is_none(), "nothing proposed");
    assert!(batch.error().is_some_and(|e| e.contains("2026-12-18")));
}

#[test]
fn slash_finds_people_by_name_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // An issue whose raiser has a phone: found by the phone and by the name.
    let (issue, phone, name): (i64, String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT i.id, d.phone, d.name FROM issues i JOIN directory d ON d.id = i.raiser_id
             WHERE i.anonymous = 0 AND d.phone <> '' ORDER BY i.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    act(&mut a, Action::Pane(3));
    for text in [phone.as_str(), name.as_str()] {
        act(&mut a, Action::Search);
        common::ctrl(&mut a, 'u');
        typ(&mut a, text);
        key(&mut a, KeyCode::Enter);
        let ids = a.pane_of::<IssuesPane>().ids();
        assert!(ids.contains(&issue), "{text}: {ids:?}");
    }
    // A care entry by the person's phone.
    let (care, phone): (i64, String) = a
        .store
        .conn()
        .query_row(
            "SELECT c.id, d.phone FROM care_entries c JOIN directory d ON d.id = c.person_id
             WHERE c.active = 1 AND d.phone <> '' ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    act(&mut a, Action::Pane(5));
    act(&mut a, Action::Search);
    typ(&mut a, &phone);
    key(&mut a, KeyCode::Enter);
    let ids = a.pane_of::<doorstep::tui::care::pane::CarePane>().ids();
    assert!(ids.contains(&care), "{phone}: {ids:?}");
}
