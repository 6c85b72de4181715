//! End-to-end: a user never loses their place. Another coordinator's
//! commit arrives while the first user is on page 5 of Issues, and the
//! cursor stays on the same record on the same screen line; a long record
//! view scrolls to its middle by line and by page.

mod e2e_support;

use chrono::NaiveDate;
use doorstep::domain::issue::Issue;
use doorstep::store::issues::IssueFilter;
use doorstep::store::{OpenOptions, Store};
use e2e_support::{key, Home, Tui, TODAY};

const PAGE_DOWN: &[u8] = b"\x1b[6~";

/// The screen row drawn in reverse video below the headers (the list's
/// selection), with its text.
fn selected_row(t: &Tui) -> Option<(u16, String)> {
    t.with_screen(|s| {
        let (rows, cols) = s.size();
        (2..rows.saturating_sub(2)).find_map(|r| {
            let inverse = (0..cols)
                .filter_map(|c| s.cell(r, c))
                .filter(|c| c.inverse())
                .count()
                > usize::from(cols) / 2;
            inverse.then(|| (r, s.contents_between(r, 0, r, cols).trim().to_string()))
        })
    })
}

/// The issue reference at the start of a row's text.
fn reference(row: &str) -> String {
    row.trim_start_matches('!')
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// A second coordinator's store on the same file.
fn other_user(home: &Home) -> Store {
    let opts = OpenOptions {
        actor: Some("colleague".into()),
        ..OpenOptions::default()
    };
    Store::open(&home.db, &opts).expect("a second connection")
}

/// An anonymous issue raised today (so it sorts to the top of the list).
fn raise(store: &mut Store, summary: &str, details: &str) -> String {
    let mut issue = Issue::new(today(), "security", summary);
    issue.details = details.to_string();
    issue.anonymous = true;
    store
        .add_issue(&issue)
        .expect("add an issue")
        .record
        .reference
}

#[test]
fn another_users_commit_keeps_the_cursor_on_page_five() {
    let home = Home::new();
    let mut t = home.spawn();
    t.wait_ready();
    t.send("3");
    t.wait_for("Issues (");
    for _ in 0..4 {
        t.send(PAGE_DOWN);
    }
    t.send(key::DOWN);
    t.send(key::DOWN);
    // Four pages of 19 rows and two rows down: the 79th issue.
    let mut other = other_user(&home);
    let list = other
        .issues_page(&IssueFilter::default(), None, 100)
        .expect("the list");
    let before = list.items[4 * 19 + 2].record.reference.clone();
    t.wait_until(&format!("the cursor on {before}"), |_| {
        selected_row(&t).is_some_and(|(_, text)| reference(&text) == before)
    });
    let (line, _) = selected_row(&t).expect("a selected row");

    // Two issues arrive at the top of the list from another process.
    raise(&mut other, "新来的问题一", "");
    raise(&mut other, "新来的问题二", "");
    t.wait_for("updated with other users' changes");

    let (line_after, text_after) = selected_row(&t).expect("still a selection");
    assert_eq!(
        reference(&text_after),
        before,
        "the cursor stayed on its record"
    );
    assert_eq!(line_after, line, "and on its screen line");
    t.send("q");
    t.wait_exit();
}

#[test]
fn a_long_record_scrolls_to_its_middle() {
    let home = Home::new();
    let lines: Vec<String> = (1..=80).map(|n| format!("第{n:02}行 details")).collect();
    let reference = raise(&mut other_user(&home), "很长的记录", &lines.join("\n"));
    let mut t = home.spawn();
    t.wait_ready();
    t.send("3");
    t.wait_for(&reference);
    t.send(key::ENTER);
    let s = t.wait_for("第01行");
    assert!(
        s.contains("more lines"),
        "a marker says more is below:\n{s}"
    );
    // A page down, then line by line to the middle.
    t.send(PAGE_DOWN);
    t.wait_gone("第01行");
    for _ in 0..20 {
        t.send("j");
    }
    let s = t.wait_for("第40行");
    assert!(!s.contains("第10行"), "{s}");
    assert!(!s.contains("第80行"), "{s}");
    assert!(s.contains("more lines"), "{s}");
    // Half a page back with Ctrl-u, then to the end with G.
    t.send(b"\x15");
    t.send("G");
    let s = t.wait_for("第80行");
    assert!(!s.contains("more lines"), "nothing below at the end:\n{s}");
    t.send("q");
    t.wait_exit();
}
