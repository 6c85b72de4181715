//! Render tests of the frame around the panes: tabs, status bar, hints,
//! the Issues pane, help, palette, and the too-small notice.

mod common;

use common::{act, app, render};
use doorstep::lang::Lang;
use doorstep::tui::shell::keys::Action;

#[test]
fn issues_pane_80x24_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(3));
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn issues_pane_80x24_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    act(&mut a, Action::Pane(3));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("问题摘要"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn issues_pane_160x48_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(3));
        insta::assert_snapshot!(format!("issues_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn too_small_shows_the_notice_down_to_1x1() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::En);
    let screen = render(&a, 20, 5);
    assert!(screen.contains("too small"), "{screen}");
    insta::assert_snapshot!(screen);
    for (w, h) in [(1, 1), (2, 1), (79, 24), (80, 23), (10, 2)] {
        let screen = render(&a, w, h);
        assert!(!screen.trim().is_empty(), "{w}x{h} drew nothing");
    }
    let dir = tempfile::tempdir().unwrap();
    let zh = app(&dir, Lang::Zh);
    assert!(render(&zh, 30, 5).contains("终端太小"));
}

#[test]
fn help_lists_the_live_key_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(3));
    act(&mut a, Action::Help);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("filter"), "{screen}");
    assert!(screen.contains("Ctrl-c"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn issue_filter_narrows_to_one_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(3));
    // Filter menu order: all, mine, overdue, then the states (new first).
    act(&mut a, Action::Filter);
    for c in "closed".chars() {
        a.on_key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        ));
    }
    a.on_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    ));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Filter: closed"), "{screen}");
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("XC-")).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|l| l.trim_end().ends_with("closed")),
        "{screen}"
    );
}
