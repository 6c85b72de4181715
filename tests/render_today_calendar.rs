//! Render tests of the Today and Calendar panes and the visit view, on the
//! demo database (seed 42) with today fixed at 2026-11-26, plus checks
//! that would fail if the features broke: sections hold what the store
//! says, day counts equal SQL counts, the day keys move as they should.

mod common;
use common::Raw as _;

use chrono::NaiveDate;
use common::{act, app, render, today};
use crossterm::event::{KeyCode, KeyEvent};
use doorstep::lang::Lang;
use doorstep::tui::app::{App, Overlay};
use doorstep::tui::keys::Action;
use doorstep::tui::panes::calendar::Focus;
use doorstep::tui::panes::{Effect, Env, NewKind, Pane, Target};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn sql_count(a: &App, sql: &str, arg: &str) -> i64 {
    a.store.conn().query_row(sql, [arg], |r| r.get(0)).unwrap()
}

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        a.on_key(KeyEvent::from(KeyCode::Char(c)));
    }
}

/// The pane environment, borrowing only the store (so a pane field can
/// be borrowed mutably beside it).
macro_rules! pane_env {
    ($a:expr) => {
        Env {
            store: &$a.store,
            today: $a.today,
            lang: $a.lang,
            me: None,
        }
    };
}

/// The lines of `screen` from the one containing `from` up to (not
/// including) the next one containing `to`.
fn section<'a>(screen: &'a str, from: &str, to: &str) -> Vec<&'a str> {
    screen
        .lines()
        .skip_while(|l| !l.contains(from))
        .take_while(|l| !l.contains(to) || l.contains(from))
        .collect()
}

#[test]
fn today_80x24_english_lists_each_section_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::En);
    let screen = render(&a, 80, 24);
    // The most overdue open issue is in the issues section.
    let worst: String = a
        .store
        .conn()
        .query_row(
            "SELECT reference FROM issues WHERE status IN ('assigned', 'rectifying')
             AND deadline < ?1 ORDER BY deadline, id LIMIT 1",
            [today().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let issues = section(&screen, "Issues overdue or due", "Mediation today");
    assert!(issues.iter().any(|l| l.contains(&worst)), "{screen}");
    // Headings carry the whole counts, from the store.
    let overdue = sql_count(
        &a,
        "SELECT count(*) FROM visits WHERE status = 'planned' AND on_date < ?1",
        "2026-11-26",
    );
    assert!(
        screen.contains(&format!("Overdue visits ({overdue})")),
        "{screen}"
    );
    let care = sql_count(
        &a,
        "SELECT count(*) FROM care_entries WHERE active = 1 AND next_due_on <= ?1",
        "2026-11-26",
    );
    assert!(
        screen.contains(&format!("Care visits due ({care})")),
        "{screen}"
    );
    for heading in [
        "Today's visits",
        "Overdue visits",
        "Issues overdue",
        "Mediation today",
        "Care visits due",
    ] {
        assert!(screen.contains(heading), "{heading} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn today_80x24_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::Zh);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("今日走访"), "{screen}");
    assert!(screen.contains("逾期走访"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn today_160x48_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let a = app(&dir, lang);
        insta::assert_snapshot!(format!("today_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn today_selection_crosses_sections_and_opens_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // The first line is today's only visit; Enter opens its view.
    assert!(matches!(
        a.today_pane.selected_target(),
        Some(Target::Visit(_))
    ));
    act(&mut a, Action::Down);
    assert!(matches!(
        a.today_pane.selected_target(),
        Some(Target::Visit(_))
    ));
    // PgDn jumps section by section: overdue visits, then issues.
    act(&mut a, Action::PageDown);
    assert!(matches!(
        a.today_pane.selected_target(),
        Some(Target::Issue(_))
    ));
    act(&mut a, Action::Open);
    assert!(matches!(a.overlay, Some(Overlay::Detail(_))));
    a.on_key(KeyEvent::from(KeyCode::Esc));
    assert!(a.overlay.is_none());
    act(&mut a, Action::Bottom);
    assert!(matches!(
        a.today_pane.selected_target(),
        Some(Target::Care(_))
    ));
    let e = pane_env!(a);
    let effect = a.today_pane.handle(Action::New, &e).unwrap();
    assert_eq!(effect, Effect::New(NewKind::Visit(today())));
}

#[test]
fn calendar_80x24_english_counts_match_sql() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    assert_eq!(a.calendar.day(), Some(today()));
    let screen = render(&a, 80, 24);
    for day in ["2026-11-20", "2026-11-01", "2026-11-26"] {
        let n = sql_count(&a, "SELECT count(*) FROM visits WHERE on_date = ?1", day);
        let overdue = sql_count(
            &a,
            "SELECT count(*) FROM visits WHERE on_date = ?1 AND status = 'planned' AND on_date < '2026-11-26'",
            day,
        );
        let date = d(day);
        assert_eq!(a.calendar.count_on(date).map(|c| c.total), Some(n));
        let mark = if date == today() { "*" } else { " " };
        let bang = if overdue > 0 { "!" } else { " " };
        let cell = format!(
            "{:>2}{mark}{:>7}",
            chrono::Datelike::day(&date),
            format!("{n}{bang}")
        );
        assert!(screen.contains(&cell), "no cell {cell:?} in\n{screen}");
    }
    assert!(screen.contains("2026-11"), "{screen}");
    assert!(
        screen.contains("Agenda — Th 2026-11-26* · 1 visits"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn calendar_80x24_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    act(&mut a, Action::Pane(2));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("2026年11月"), "{screen}");
    assert!(screen.contains("一"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn calendar_160x48_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(2));
        insta::assert_snapshot!(format!("calendar_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn calendar_day_week_month_keys_and_t() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    act(&mut a, Action::NextDay);
    assert_eq!(a.calendar.day(), Some(d("2026-11-27")));
    act(&mut a, Action::PrevDay);
    act(&mut a, Action::PrevDay);
    assert_eq!(a.calendar.day(), Some(d("2026-11-25")));
    act(&mut a, Action::NextWeek);
    assert_eq!(a.calendar.day(), Some(d("2026-12-02")));
    // The grid follows into December and counts December.
    let screen = render(&a, 80, 24);
    assert!(screen.contains("2026-12"), "{screen}");
    let dec2 = sql_count(
        &a,
        "SELECT count(*) FROM visits WHERE on_date = ?1",
        "2026-12-02",
    );
    assert_eq!(
        a.calendar.count_on(d("2026-12-02")).map(|c| c.total),
        Some(dec2)
    );
    act(&mut a, Action::PrevWeek);
    act(&mut a, Action::PrevWeek);
    assert_eq!(a.calendar.day(), Some(d("2026-11-18")));
    act(&mut a, Action::NextMonth);
    assert_eq!(a.calendar.day(), Some(d("2026-12-18")));
    act(&mut a, Action::PrevMonth);
    act(&mut a, Action::PrevMonth);
    assert_eq!(a.calendar.day(), Some(d("2026-10-18")));
    act(&mut a, Action::Today);
    assert_eq!(a.calendar.day(), Some(today()));
    let e = pane_env!(a);
    let effect = a.calendar.handle(Action::New, &e).unwrap();
    assert_eq!(effect, Effect::New(NewKind::Visit(today())));
}

#[test]
fn calendar_enter_focuses_the_agenda_and_opens_a_visit() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    for _ in 0..6 {
        act(&mut a, Action::PrevDay);
    }
    assert_eq!(a.calendar.day(), Some(d("2026-11-20")));
    // Visit 1398 is done, was evaluated and had an issue raised at it.
    let pos = a
        .calendar
        .agenda()
        .iter()
        .position(|v| v.id == 1398)
        .expect("visit 1398 on the agenda");
    act(&mut a, Action::Open);
    assert_eq!(a.calendar.focus, Focus::Agenda);
    for _ in 0..pos {
        act(&mut a, Action::NextWeek);
    }
    // j moved within the agenda, not the day.
    assert_eq!(a.calendar.day(), Some(d("2026-11-20")));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Enter opens"), "{screen}");
    act(&mut a, Action::Open);
    let Some(Overlay::Detail(detail)) = &a.overlay else {
        panic!("no visit view");
    };
    assert_eq!(detail.target, Target::Visit(1398));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Open-door evaluations"), "{screen}");
    insta::assert_snapshot!("visit_view_80x24_en", screen);
    // A day key gives the grid back the keys.
    a.on_key(KeyEvent::from(KeyCode::Esc));
    act(&mut a, Action::NextDay);
    assert_eq!(a.calendar.focus, Focus::Grid);
    assert_eq!(a.calendar.day(), Some(d("2026-11-21")));
}

#[test]
fn calendar_week_view_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    act(&mut a, Action::ToggleWeek);
    assert!(a.calendar.week);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("week of 2026-11-23"), "{screen}");
    for day in ["Mo 2026-11-23", "Th 2026-11-26", "Su 2026-11-29"] {
        assert!(screen.contains(day), "{day} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
    // The week view in Chinese, wide.
    let dir = tempfile::tempdir().unwrap();
    let mut zh = app(&dir, Lang::Zh);
    act(&mut zh, Action::Pane(2));
    act(&mut zh, Action::ToggleWeek);
    insta::assert_snapshot!("calendar_week_160x48_zh", render(&zh, 160, 48));
}

#[test]
fn calendar_filter_by_purpose_narrows_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    act(&mut a, Action::Filter);
    type_text(&mut a, "Purpose: Deliver care");
    a.on_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(a.calendar.filter.purpose.as_deref(), Some("care"));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Filter: Deliver care"), "{screen}");
    let mut seen = 0;
    for day in 1..=30 {
        let date = d(&format!("2026-11-{day:02}"));
        let n = sql_count(
            &a,
            "SELECT count(*) FROM visits v JOIN visit_purposes p ON p.visit_id = v.id
             AND p.purpose = 'care' WHERE v.on_date = ?1",
            &date.to_string(),
        );
        let shown = a.calendar.count_on(date).map_or(0, |c| c.total);
        assert_eq!(shown, n, "{date}");
        seen += n;
    }
    assert!(seen > 0, "the fixture has care visits in November");
    insta::assert_snapshot!(screen);
    // Clearing the filter brings every visit back.
    act(&mut a, Action::Filter);
    a.on_key(KeyEvent::from(KeyCode::Enter));
    assert!(a.calendar.filter.is_empty());
}

#[test]
fn esc_returns_from_the_agenda_to_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = common::app(&dir, Lang::En);
    a.act(Action::Pane(2)).unwrap();
    a.act(Action::Open).unwrap();
    assert!(common::render(&a, 80, 24).contains("Esc or a day key"));
    a.act(Action::Back).unwrap();
    assert!(!common::render(&a, 80, 24).contains("Esc or a day key"));
    // Back on the grid, j moves a week again rather than the agenda.
    a.act(Action::Down).unwrap();
    assert!(
        common::render(&a, 80, 24).contains("2026-12-03"),
        "{}",
        common::render(&a, 80, 24)
    );
}

#[test]
fn slash_in_the_calendar_jumps_to_the_next_matching_visit() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = common::app(&dir, Lang::En);
    // A person visited after today, and the first day on or after today
    // with a visit to them.
    let (name, first): (String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT d.name, min(v.on_date) FROM visits v JOIN directory d ON d.id = v.target_id
             WHERE v.on_date > '2026-11-26' GROUP BY d.id ORDER BY min(v.on_date), d.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    a.act(Action::Pane(2)).unwrap();
    a.act(Action::Search).unwrap();
    a.on_paste(&name);
    a.on_key(KeyEvent::from(KeyCode::Enter));
    let screen = common::render(&a, 80, 24);
    assert!(screen.contains(&first), "{name} on {first}:\n{screen}");
    // Nothing matches: the status bar says so and the day stays.
    a.act(Action::Search).unwrap();
    a.on_key(KeyEvent::from(KeyCode::Char('u')));
    for c in "zzz-nobody".chars() {
        a.on_key(KeyEvent::from(KeyCode::Char(c)));
    }
    a.on_key(KeyEvent::from(KeyCode::Enter));
    let screen = common::render(&a, 80, 24);
    assert!(screen.contains("no visit matching"), "{screen}");
}
