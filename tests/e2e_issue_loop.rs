//! End-to-end: one issue walked around the whole loop in the real binary
//! in a pseudo-terminal (80x24). Today's planned visit is marked done; an
//! issue is raised from it; the issue is assigned, rectified, answered and
//! rated "dissatisfied", seen reopened, then walked to closed. The screen
//! is read after every step; after the program quits the database is read
//! with SQL: exactly the records, timeline rows and audit entries the
//! steps should have made.

mod e2e_support;

use e2e_support::{key, Home, Tui, TODAY};
use rusqlite::Connection;

/// The current officer in the test: officer 1, login "tester".
const LOGIN: &str = "tester";

/// Today's planned visit of the demo data: (id, the person's id and name).
fn todays_visit(db: &Connection) -> (i64, i64, String) {
    db.query_row(
        "SELECT v.id, v.target_id, d.name FROM visits v JOIN directory d ON d.id = v.target_id
         WHERE v.on_date = ?1 AND v.status = 'planned'",
        [TODAY],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .expect("one planned visit today in the demo data")
}

fn count(db: &Connection, sql: &str, p: impl rusqlite::Params) -> i64 {
    db.query_row(sql, p, |r| r.get(0)).expect("count")
}

/// `s`, the step menu, then the step's letter; waits for `then`.
fn step(t: &mut Tui, letter: &str, menu_item: &str, then: &str) -> String {
    t.send("s");
    t.wait_for(menu_item);
    t.send(letter);
    t.wait_for(then)
}

/// Saves the open form and waits for the record view to show `state`.
fn save(t: &mut Tui, state: &str) -> String {
    t.send(key::CTRL_S);
    t.wait_for(&format!("State: {state}"))
}

/// Records the measure and the answer (by phone), reading the screen.
fn measure_and_answer(t: &mut Tui, reference: &str, measure: &str, answer: &str) {
    let title = format!("{reference} Record the measure taken");
    let s = step(t, "m", "Record the measure taken", &title);
    assert!(s.contains("> Measure"), "{s}");
    t.type_text(measure);
    t.send(key::TAB);
    t.wait_for("1 Transparent enforcement · 2 Stability work");
    t.send("2");
    let s = save(t, "rectified");
    assert!(
        s.contains(&format!("{reference}: rectified; answer the person")),
        "the step says what it did:\n{s}"
    );
    let title = format!("{reference} Record the answer given");
    let s = step(t, "n", "Record the answer given", &title);
    assert!(s.contains("Answered by   丁玉兰"), "{s}");
    assert!(s.contains("1 In person · 2 Phone"), "{s}");
    t.send("2");
    t.send(key::TAB);
    t.type_text(answer);
    save(t, "answered");
}

#[test]
fn an_issue_from_a_done_visit_is_reopened_when_dissatisfied_then_closed() {
    let home = Home::new();
    let (visit, person, name, visit_audits) = {
        let db = Connection::open(&home.db).expect("db");
        db.execute_batch(&format!(
            "UPDATE officers SET os_user = NULL;
             UPDATE officers SET os_user = '{LOGIN}' WHERE id = 1;"
        ))
        .expect("map the login");
        let (v, p, n) = todays_visit(&db);
        let a = count(
            &db,
            "SELECT count(*) FROM audit WHERE entity = 'visit' AND entity_id = ?1",
            [v],
        );
        (v, p, n, a)
    };
    let mut t = home.launch().env("DOORSTEP_USER", LOGIN).spawn();
    let s = t.wait_for("Today's visits (1)");
    assert!(s.contains(&name), "{s}");

    // The visit: open it from Today, mark it done.
    t.send(key::ENTER);
    t.wait_for("State: planned");
    step(&mut t, "d", "Mark the visit done", "> Outcome");
    t.type_text("走访完成，反映路灯问题");
    let s = save(&mut t, "done");
    assert!(s.contains("走访完成"), "{s}");

    // Raise the issue from the done visit: day and person prefilled.
    let s = step(
        &mut t,
        "i",
        "Raise an issue from this visit",
        "New issue from the visit of 2026-11-26",
    );
    assert!(
        s.lines()
            .any(|l| l.contains("Raised by ") && l.contains(name.as_str())),
        "{s}"
    );
    assert!(s.contains("1 Harmony and stability"), "digits shown:\n{s}");
    t.send("2");
    t.send(key::TAB);
    t.type_text("路灯坏了三个月没人修");
    t.send(key::CTRL_S);
    t.wait_gone("New issue from the visit");
    t.wait_for("State: done");

    // The issue is the newest: open it from the Issues pane.
    t.send(key::ESC);
    t.wait_gone("State: done");
    t.send("3");
    t.wait_for("Filter: all");
    t.send("g");
    t.send(key::ENTER);
    let s = t.wait_for("State: new");
    let reference = s
        .split_whitespace()
        .find_map(|w| w.trim_start_matches('┌').strip_prefix("XC-2026-"))
        .map(|n| format!("XC-2026-{}", &n[..4]))
        .expect("the reference in the title");
    assert!(s.contains("路灯坏了三个月没人修"), "{s}");
    assert!(s.contains(&format!("Raised by: {name}")), "{s}");

    // Assign: unit by its digit, me responsible, deadline from the topic.
    let s = step(&mut t, "a", "Assign", &format!("{reference} Assign"));
    assert!(s.contains("Deadline      2026-12-"), "{s}");
    assert!(s.contains("Responsible   丁玉兰"), "{s}");
    assert!(s.contains("1 Community policing team"), "{s}");
    t.send("1");
    let s = save(&mut t, "assigned");
    assert!(s.contains("Community policing team · 丁玉兰"), "{s}");

    let s = step(&mut t, "r", "Start rectifying", "State: rectifying");
    // The status bar says so (cut at 80 columns), and the timeline.
    assert!(s.contains(&format!("{reference}: rectifying st")), "{s}");
    assert!(s.contains("2026-11-26  rectifying started"), "{s}");

    measure_and_answer(&mut t, &reference, "已更换路灯", "电话告知已修复");

    // Dissatisfied: reopened, back to rectifying, and it says so.
    let rating = format!("{reference} Record the rating");
    let s = step(&mut t, "t", "Record the rating", &rating);
    assert!(
        s.contains("1 Satisfied · 2 Basically satisfied · 3 Dissatisfied"),
        "{s}"
    );
    t.send("3");
    t.send(key::CTRL_S);
    let s = t.wait_for("↺ reopened: back to rectifying");
    assert!(s.contains("State: rectifying"), "{s}");
    assert!(s.contains("Reopened: 1"), "{s}");
    // The rating stays in the timeline (further down the view).
    t.send("jjjjjjjjjj");
    t.wait_for("rated  Dissatisfied  → reopened: back to rectifying");
    t.send("gg");
    t.wait_for("State: rectifying");

    measure_and_answer(&mut t, &reference, "加装两盏路灯", "当面回访");
    step(&mut t, "t", "Record the rating", &rating);
    t.send("1");
    let s = save(&mut t, "closed");
    assert!(s.contains("Reopened: 1"), "{s}");
    t.send("s");
    t.wait_for("no step is open for this");

    t.send(key::ESC);
    t.wait_gone("State: closed");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}");
    t.assert_restored();

    // The database: exactly what the steps made.
    let db = Connection::open(&home.db).expect("db");
    let issue: i64 = db
        .query_row(
            "SELECT id FROM issues WHERE reference = ?1",
            [&reference],
            |r| r.get(0),
        )
        .expect("the issue");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM issues WHERE visit_id = ?1",
            [visit]
        ),
        1,
        "one issue raised at the visit"
    );
    let row: (i64, i64, String, String, String, i64, String, String) = db
        .query_row(
            "SELECT visit_id, raiser_id, raised_on, summary, status, reopened, rating, closed_on
             FROM issues WHERE id = ?1",
            [issue],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .expect("issue row");
    assert_eq!(
        row,
        (
            visit,
            person,
            TODAY.into(),
            "路灯坏了三个月没人修".into(),
            "closed".into(),
            1,
            "satisfied".into(),
            TODAY.into()
        )
    );
    let mut stmt = db
        .prepare(
            "SELECT step, coalesce(category, ''), by FROM issue_steps
             WHERE issue_id = ?1 ORDER BY id",
        )
        .expect("steps");
    let steps: Vec<(String, String, String)> = stmt
        .query_map([issue], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("steps")
        .collect::<Result<_, _>>()
        .expect("steps");
    let want = [
        ("raise", ""),
        ("assign", ""),
        ("start_rectifying", ""),
        ("rectify", "stability_work"),
        ("answer", "phone"),
        ("rate", "dissatisfied"),
        ("rectify", "stability_work"),
        ("answer", "phone"),
        ("rate", "satisfied"),
    ];
    let got: Vec<(&str, &str)> = steps
        .iter()
        .map(|(s, c, _)| (s.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, want);
    assert!(steps.iter().all(|s| s.2 == LOGIN), "{steps:?}");
    // One audit entry per change: the raise and eight steps; the visit's
    // "complete".
    let audits = |entity: &str, id: i64| {
        count(
            &db,
            "SELECT count(*) FROM audit WHERE entity = ?1 AND entity_id = ?2",
            rusqlite::params![entity, id],
        )
    };
    assert_eq!(audits("issue", issue), 9);
    assert_eq!(audits("visit", visit), visit_audits + 1);
    let visit_state: String = db
        .query_row("SELECT status FROM visits WHERE id = ?1", [visit], |r| {
            r.get(0)
        })
        .expect("visit");
    assert_eq!(visit_state, "done");
}
