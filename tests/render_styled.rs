//! Styled snapshots: every pane at 80x24 with its styles written into the
//! text (`[rev]…[/]` the selection, `[b red]…[/]` overdue; see
//! `common::style_tags`), so a lost selection highlight or a lost overdue
//! mark fails here even where the plain snapshots stay the same. Besides
//! the snapshots, each pane checks by property: exactly one row is drawn
//! selected and it follows the cursor, and every overdue mark is red.

mod common;

use common::{act, app, render, render_styled, selected_rows};
use doorstep::lang::Lang;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::Action;

/// The runs of a styled line: (tags, text), tags empty for plain text.
fn runs(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let styled = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .filter(|(tags, _)| *tags != "/")
            .and_then(|(tags, r)| r.split_once("[/]").map(|(text, r)| (tags, text, r)));
        match styled {
            Some((tags, text, r)) => {
                out.push((tags.to_string(), text.to_string()));
                rest = r;
            }
            None => {
                let first = rest.chars().next().map_or(0, char::len_utf8);
                let end = rest[first..].find('[').map_or(rest.len(), |i| i + first);
                out.push((String::new(), rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Every run whose text `is_mark` says is an overdue mark is drawn red,
/// and there is at least one.
fn overdue_marks_are_red(styled: &str, what: &str, is_mark: impl Fn(&str) -> bool) {
    let marks: Vec<(String, String)> = styled
        .lines()
        .skip(1)
        .flat_map(runs)
        .filter(|(_, text)| is_mark(text))
        .collect();
    assert!(!marks.is_empty(), "no {what} on screen:\n{styled}");
    for (tags, text) in &marks {
        assert!(
            tags.split(' ').any(|t| t == "red"),
            "{what} {text:?} is not red ([{tags}]):\n{styled}"
        );
    }
}

/// Exactly one row is drawn selected, it holds `first`, and `Down` moves
/// the highlight to another row.
fn selection_follows_the_cursor(a: &mut App, first: &str) {
    let before = selected_rows(a, 80, 24);
    assert_eq!(
        before.len(),
        1,
        "one selected row expected, got {before:?}:\n{}",
        render_styled(a, 80, 24)
    );
    assert!(before[0].contains(first), "{before:?} lacks {first:?}");
    act(a, Action::Down);
    let after = selected_rows(a, 80, 24);
    assert_eq!(after.len(), 1, "{after:?}:\n{}", render_styled(a, 80, 24));
    assert_ne!(after, before, "the highlight did not move with the cursor");
    act(a, Action::Up);
    assert_eq!(selected_rows(a, 80, 24), before);
}

fn on_pane(dir: &tempfile::TempDir, lang: Lang, pane: u8) -> App {
    let mut a = app(dir, lang);
    act(&mut a, Action::Pane(pane));
    a
}

#[test]
fn today_styled_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_pane(&dir, Lang::En, 1);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    overdue_marks_are_red(&styled, "overdue days", |t| t.contains("d overdue"));
    overdue_marks_are_red(&styled, "high-risk marks", |t| t.contains("HIGH RISK"));
    selection_follows_the_cursor(&mut a, "17:00");
}

#[test]
fn today_styled_80x24_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let a = on_pane(&dir, Lang::Zh, 1);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    overdue_marks_are_red(&styled, "overdue days", |t| t.starts_with("逾期 "));
    assert_eq!(selected_rows(&a, 80, 24).len(), 1, "{styled}");
}

#[test]
fn calendar_styled_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_pane(&dir, Lang::En, 2);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    // A day with overdue visits ends its count with `!`.
    overdue_marks_are_red(&styled, "overdue days", |t| {
        t.trim_end().ends_with('!') && t.trim_start().starts_with(|c: char| c.is_ascii_digit())
    });
    // The grid's selected day is today (marked `*`).
    selection_follows_the_cursor(&mut a, "26*");
    // Enter hands the keys to the agenda: its row is the one selected now.
    act(&mut a, Action::Open);
    let rows = selected_rows(&a, 80, 24);
    assert!(
        rows.iter().any(|r| r.starts_with("17:00")),
        "agenda row not selected: {rows:?}\n{}",
        render_styled(&a, 80, 24)
    );
}

#[test]
fn issues_styled_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_pane(&dir, Lang::En, 3);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    overdue_marks_are_red(&styled, "overdue references", |t| t.starts_with("!XC-"));
    // The newest issue is first and selected.
    let plain = render(&a, 80, 24);
    let first = plain
        .lines()
        .nth(3)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    assert!(first.starts_with("XC-"), "{plain}");
    selection_follows_the_cursor(&mut a, first);
}

#[test]
fn mediation_styled_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_pane(&dir, Lang::En, 4);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    overdue_marks_are_red(&styled, "cases past their limit", |t| {
        t.ends_with(" d over")
    });
    overdue_marks_are_red(&styled, "high risk", |t| t.starts_with("!!"));
    selection_follows_the_cursor(&mut a, "!!High");
}

#[test]
fn care_styled_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_pane(&dir, Lang::En, 5);
    let styled = render_styled(&a, 80, 24);
    insta::assert_snapshot!(styled);
    overdue_marks_are_red(&styled, "overdue due dates", |t| t.starts_with("!20"));
    selection_follows_the_cursor(&mut a, "every");
}
