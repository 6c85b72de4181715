//! The care loop driven by key presses in-process: log a care visit, plan
//! the next one, change the cadence, and the festival batch confirmed and
//! cancelled; the database is read back with SQL after each.

mod common;
use common::Raw as _;

use common::{ctrl, form, key, status, typ};
use doorstep::tui::care::pane::CarePane;
use doorstep::tui::kit::menu::Menu;

use common::{app, render, today};
use crossterm::event::KeyCode;
use doorstep::lang::Lang;
use doorstep::tui::care::batch::Batch;
use doorstep::tui::shell::app::App;
use rusqlite::params;
use std::collections::BTreeMap;

fn batch(a: &App) -> &Batch {
    a.top::<Batch>().expect("no batch is open")
}

fn one(a: &App, sql: &str) -> i64 {
    a.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn max_visit(a: &App) -> i64 {
    one(a, "SELECT coalesce(max(id), 0) FROM visits")
}

fn audits(a: &App) -> i64 {
    one(a, "SELECT count(*) FROM audit")
}

/// (cadence, last visit, next due) of care entry `id`.
fn dates(a: &App, id: i64) -> (i64, Option<String>, String) {
    a.store
        .conn()
        .query_row(
            "SELECT cadence_days, last_visit_on, next_due_on FROM care_entries WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

/// The Care pane with its first (most overdue) entry selected; its id
/// and person.
fn care_pane(a: &mut App) -> (i64, i64) {
    key(a, KeyCode::Char('5'));
    let id = a
        .pane_of::<CarePane>()
        .selected()
        .expect("the demo has care entries");
    let person = one(
        a,
        &format!("SELECT person_id FROM care_entries WHERE id = {id}"),
    );
    (id, person)
}

/// Opens step `letter` of the selected row.
fn step(a: &mut App, letter: char) {
    key(a, KeyCode::Char('s'));
    assert!(a.top::<Menu>().is_some(), "no step menu");
    key(a, KeyCode::Char(letter));
}

/// The visits created after `after`: (id, date, status, target, outcome,
/// people reached).
type Row = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
);
fn visits_after(a: &App, after: i64) -> Vec<Row> {
    let conn = a.store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT id, on_date, status, target_id, outcome, people_reached FROM visits
             WHERE id > ?1 ORDER BY id",
        )
        .unwrap();
    stmt.query_map([after], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn links(a: &App, visit: i64, table: &str, col: &str) -> Vec<String> {
    let sql = format!("SELECT {col} FROM {table} WHERE visit_id = ?1 ORDER BY 1");
    let conn = a.store.conn();
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([visit], |r| {
        r.get::<_, rusqlite::types::Value>(0).map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Audit rows after `after` as (entity, entity id, action).
fn audit_after(a: &App, after: i64) -> Vec<(String, i64, String)> {
    let conn = a.store.conn();
    let mut stmt = conn
        .prepare("SELECT entity, entity_id, action FROM audit WHERE id > ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn max_audit(a: &App) -> i64 {
    one(a, "SELECT coalesce(max(id), 0) FROM audit")
}

#[test]
fn logging_a_care_visit_moves_last_and_next_due_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (id, person) = care_pane(&mut a);
    let (cadence, _, _) = dates(&a, id);
    let (v0, a0) = (max_visit(&a), max_audit(&a));
    step(&mut a, 'l');
    let f = form(&a);
    assert_eq!(f.fields.text("date"), "2026-11-26");
    assert_eq!(
        f.fields.officers("officers"),
        vec![1],
        "the current officer"
    );
    assert_eq!(f.fields.number("people_reached"), Some(1));
    // The outcome is required: nothing is written without it.
    ctrl(&mut a, 's');
    assert_eq!(form(&a).error("outcome"), Some("required"));
    assert_eq!(max_visit(&a), v0);
    assert_eq!(form(&a).focused(), "outcome");
    typ(&mut a, "送米面油，身体尚好");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "the form closes on save");
    let rows = visits_after(&a, v0);
    assert_eq!(rows.len(), 1, "exactly one new visit");
    let (vid, date, st, target, outcome, reached) = rows[0].clone();
    assert_eq!(
        (date.as_str(), st.as_str(), target, reached),
        ("2026-11-26", "done", Some(person), Some(1))
    );
    assert_eq!(outcome.as_deref(), Some("送米面油，身体尚好"));
    assert_eq!(links(&a, vid, "visit_purposes", "purpose"), vec!["care"]);
    assert_eq!(links(&a, vid, "visit_officers", "officer_id"), vec!["1"]);
    let form_key = one(
        &a,
        &format!("SELECT form = 'ordinary' FROM visits WHERE id = {vid}"),
    );
    assert_eq!(form_key, 1);
    let next = today() + chrono::Days::new(cadence as u64);
    assert_eq!(
        dates(&a, id),
        (cadence, Some("2026-11-26".into()), next.to_string())
    );
    assert_eq!(
        audit_after(&a, a0),
        vec![("visit".into(), vid, "create".into())],
        "one audit entry, for the visit"
    );
    // The pane re-sorted: the entry left the top of the overdue list.
    assert_ne!(a.pane_of::<CarePane>().selected(), Some(id));
}

#[test]
fn planning_the_next_visit_puts_a_planned_care_visit_on_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (id, person) = care_pane(&mut a);
    let before = dates(&a, id);
    let due = chrono::NaiveDate::parse_from_str(&before.2, "%Y-%m-%d").unwrap();
    let (v0, a0) = (max_visit(&a), max_audit(&a));
    step(&mut a, 'p');
    let expected = due.max(today()).to_string();
    assert_eq!(form(&a).fields.text("date"), expected, "next due, or today");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{:?}", status(&a));
    let rows = visits_after(&a, v0);
    assert_eq!(rows.len(), 1);
    let (vid, date, st, target, _, _) = rows[0].clone();
    assert_eq!(
        (date, st.as_str(), target),
        (expected.clone(), "planned", Some(person))
    );
    assert_eq!(links(&a, vid, "visit_purposes", "purpose"), vec!["care"]);
    assert_eq!(dates(&a, id), before, "a planned visit moves no date");
    assert_eq!(
        audit_after(&a, a0),
        vec![("visit".into(), vid, "create".into())]
    );
    let day = chrono::NaiveDate::parse_from_str(&expected, "%Y-%m-%d").unwrap();
    let page = a.store.visits_page(day, day, None, 500).unwrap();
    assert!(
        page.items.iter().any(|v| v.id == vid),
        "not on the calendar"
    );
}

#[test]
fn changing_the_cadence_recomputes_next_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (id, _) = care_pane(&mut a);
    let (_, last, _) = dates(&a, id);
    let since: String = a
        .store
        .conn()
        .query_row("SELECT since FROM care_entries WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let a0 = max_audit(&a);
    step(&mut a, 'c');
    ctrl(&mut a, 'u');
    typ(&mut a, "0");
    ctrl(&mut a, 's');
    assert!(
        form(&a).error("cadence_days").is_some(),
        "0 days is refused"
    );
    ctrl(&mut a, 'u');
    typ(&mut a, "45");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{:?}", status(&a));
    // Next due is the last visit plus the new cadence (never visited:
    // due since joining the list).
    let next = match &last {
        Some(l) => (chrono::NaiveDate::parse_from_str(l, "%Y-%m-%d").unwrap()
            + chrono::Days::new(45))
        .to_string(),
        None => since,
    };
    assert_eq!(dates(&a, id), (45, last, next));
    assert_eq!(
        audit_after(&a, a0),
        vec![("care".into(), id, "update".into())]
    );
}

/// Fills the batch form: the first two care groups, `from..=to`, the first
/// two officers of the picker, `limit` a day.
fn fill_batch(a: &mut App, from: &str, to: &str, limit: &str) {
    // Groups: tick the first two.
    key(a, KeyCode::Enter);
    key(a, KeyCode::Char(' '));
    key(a, KeyCode::Down);
    key(a, KeyCode::Char(' '));
    key(a, KeyCode::Enter); // picked: on to the next field
    ctrl(a, 'u');
    typ(a, from);
    key(a, KeyCode::Tab);
    ctrl(a, 'u');
    typ(a, to);
    key(a, KeyCode::Tab);
    // Officers: clear the default team, tick the first two.
    key(a, KeyCode::Backspace);
    key(a, KeyCode::Enter);
    key(a, KeyCode::Char(' '));
    key(a, KeyCode::Down);
    key(a, KeyCode::Char(' '));
    key(a, KeyCode::Enter);
    ctrl(a, 'u');
    typ(a, limit);
}

/// Active entries of `groups`: (care id, person).
fn entries_of(a: &App, groups: &[String]) -> Vec<(i64, i64)> {
    let conn = a.store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT id, person_id FROM care_entries
             WHERE active = 1 AND care_group IN (?1, ?2) ORDER BY id",
        )
        .unwrap();
    stmt.query_map(params![groups[0], groups[1]], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_confirmed_festival_batch_creates_one_visit_per_entry_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('b'));
    let f = batch(&a).form().expect("the batch form");
    assert_eq!(f.fields.text("from"), "2026-11-26");
    assert_eq!(f.fields.text("to"), "2026-12-09");
    assert_eq!(f.fields.number("daily_limit"), Some(4));
    assert!(!f.fields.officers("officers").is_empty(), "the team");
    // Nothing chosen: the groups are required.
    ctrl(&mut a, 's');
    assert_eq!(batch(&a).form().unwrap().error("groups"), Some("required"));
    // One day for two officers, one visit each: too small.
    fill_batch(&mut a, "2026-12-14", "2026-12-14", "1");
    let f = batch(&a).form().unwrap();
    let groups = f.fields.keys("groups");
    let officers = f.fields.officers("officers");
    assert_eq!((groups.len(), officers.len()), (2, 2));
    let entries = entries_of(&a, &groups);
    let n = entries.len();
    assert!((3..=40).contains(&n), "{n} entries");
    let (v0, a0, care0) = (
        max_visit(&a),
        max_audit(&a),
        one(&a, "SELECT count(*) FROM care_entries"),
    );
    ctrl(&mut a, 's');
    let err = batch(&a).error().expect("a capacity error").to_string();
    // Room: one visit each, less what each officer already has planned
    // that day (those count towards the limit).
    let room: i64 = officers
        .iter()
        .map(|o| {
            let busy = one(
                &a,
                &format!(
                    "SELECT count(*) FROM visits v JOIN visit_officers o ON o.visit_id = v.id
                     WHERE v.on_date = '2026-12-14' AND v.status = 'planned' AND o.officer_id = {o}"
                ),
            );
            (1 - busy).max(0)
        })
        .sum();
    assert!(
        err.contains(&format!("{n} entries,")) && err.contains(&format!("only {room} visits")),
        "{err}"
    );
    assert!(batch(&a).preview().is_none());
    // A working week at four a day each: the plan.
    assert_eq!(batch(&a).form().unwrap().focused(), "daily_limit");
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-12-18");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typ(&mut a, "4");
    ctrl(&mut a, 's');
    let p = batch(&a)
        .preview()
        .unwrap_or_else(|| panic!("{:?}", batch(&a).error()));
    assert_eq!(p.plan().len(), n);
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains(&format!(
            "{n} visits, 2 officers, from 2026-12-14 to 2026-12-18"
        )),
        "{screen}"
    );
    assert!(screen.contains("Enter/Ctrl-S creates"), "{screen}");
    assert_eq!(max_visit(&a), v0, "nothing written before confirming");
    // Scrolling does not confirm.
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::PageDown);
    assert!(batch(&a).preview().is_some());
    key(&mut a, KeyCode::Enter);
    assert!(!a.overlay_open());
    assert_eq!(status(&a), format!("{n} visits created"));
    let rows = visits_after(&a, v0);
    assert_eq!(rows.len(), n, "exactly one visit per entry");
    let mut load: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut targets: Vec<i64> = Vec::new();
    for (vid, date, st, target, _, _) in &rows {
        assert_eq!(st, "planned");
        assert!(
            ("2026-12-14".."2026-12-19").contains(&date.as_str()),
            "{date}"
        );
        assert_eq!(links(&a, *vid, "visit_purposes", "purpose"), vec!["care"]);
        let o = links(&a, *vid, "visit_officers", "officer_id");
        assert_eq!(o.len(), 1);
        assert!(officers.contains(&o[0].parse().unwrap()), "{o:?}");
        *load.entry((date.clone(), o[0].clone())).or_default() += 1;
        targets.push(target.expect("a person"));
    }
    assert!(load.values().all(|x| *x <= 4), "{load:?}");
    let mut people: Vec<i64> = entries.iter().map(|e| e.1).collect();
    people.sort_unstable();
    targets.sort_unstable();
    assert_eq!(targets, people, "one visit to each entry's person");
    let audit = audit_after(&a, a0);
    assert_eq!(audit.len(), n, "one audit entry per visit");
    assert!(audit
        .iter()
        .all(|(e, _, act)| e == "visit" && act == "create"));
    assert_eq!(
        one(&a, "SELECT count(*) FROM care_entries"),
        care0,
        "no care entry added"
    );
}

#[test]
fn a_cancelled_festival_batch_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let (v0, audit0) = (max_visit(&a), audits(&a));
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('b'));
    fill_batch(&mut a, "2026-12-14", "2026-12-25", "4");
    ctrl(&mut a, 's');
    assert!(batch(&a).preview().is_some(), "{:?}", batch(&a).error());
    key(&mut a, KeyCode::Esc);
    assert!(!a.overlay_open());
    assert_eq!(status(&a), "cancelled: no visits created");
    assert_eq!((max_visit(&a), audits(&a)), (v0, audit0));
    // Esc on the form (after confirming the discard) creates nothing too.
    key(&mut a, KeyCode::Char('b'));
    fill_batch(&mut a, "2026-12-14", "2026-12-25", "4");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.overlay_open());
    assert_eq!(status(&a), "cancelled: no visits created");
    assert_eq!((max_visit(&a), audits(&a)), (v0, audit0));
}

#[test]
fn the_batch_preview_fits_80x24_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('b'));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("节日集中走访"), "{screen}");
    fill_batch(&mut a, "2026-12-14", "2026-12-25", "4");
    ctrl(&mut a, 's');
    let n = batch(&a).preview().expect("the preview").plan().len();
    let screen = render(&a, 80, 24);
    assert!(screen.contains(&format!("共 {n} 次走访")), "{screen}");
    assert!(screen.contains("Esc 取消"), "{screen}");
}
