//! Render tests of the Today and Calendar panes and the visit view, on the
//! demo database (seed 42) with today fixed at 2026-11-26, plus checks
//! that would fail if the features broke: sections hold what the store
//! says, day counts equal SQL counts, the day keys move as they should.

mod common;
use common::Raw as _;

use chrono::NaiveDate;
use common::{act, app, render, today};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use doorstep::config::categories::SetId;
use doorstep::lang::Lang;
use doorstep::msg::Msg;
use doorstep::tui::kit::form::Form;
use doorstep::tui::kit::record_view::Detail;
use doorstep::tui::registry::Target;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::Action;
use doorstep::tui::today::pane::TodayPane;
use doorstep::tui::visits::calendar::CalendarPane;
use doorstep::tui::visits::calendar::Focus;

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
    let issues = section(&screen, "Issues overdue or due", "Mediation: today");
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
        "2026-12-03",
    );
    assert!(
        screen.contains(&format!("Care visits due within 7 days ({care})")),
        "{screen}"
    );
    for heading in [
        "Today's visits",
        "Overdue visits",
        "Issues overdue",
        "Mediation: today",
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
        a.pane_of::<TodayPane>().selected_target(),
        Some(Target::Visit(_))
    ));
    act(&mut a, Action::Down);
    assert!(matches!(
        a.pane_of::<TodayPane>().selected_target(),
        Some(Target::Visit(_))
    ));
    // PgDn jumps section by section: overdue visits, then issues.
    act(&mut a, Action::PageDown);
    assert!(matches!(
        a.pane_of::<TodayPane>().selected_target(),
        Some(Target::Issue(_))
    ));
    act(&mut a, Action::Open);
    assert!(a.top::<Detail>().is_some());
    a.on_key(KeyEvent::from(KeyCode::Esc));
    assert!(!a.overlay_open());
    act(&mut a, Action::Bottom);
    assert!(matches!(
        a.pane_of::<TodayPane>().selected_target(),
        Some(Target::Care(_))
    ));
    act(&mut a, Action::New);
    let f = a.top::<Form>().expect("a new visit form");
    assert_eq!(f.title, Msg::FormNewVisit.text(Lang::En));
    assert_eq!(f.fields.date("date"), Some(today()));
}

#[test]
fn calendar_80x24_english_counts_match_sql() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(today()));
    let screen = render(&a, 80, 24);
    for day in ["2026-11-20", "2026-11-01", "2026-11-26"] {
        let n = sql_count(&a, "SELECT count(*) FROM visits WHERE on_date = ?1", day);
        let overdue = sql_count(
            &a,
            "SELECT count(*) FROM visits WHERE on_date = ?1 AND status = 'planned' AND on_date < '2026-11-26'",
            day,
        );
        let date = d(day);
        assert_eq!(
            a.pane_of::<CalendarPane>().count_on(date).map(|c| c.total),
            Some(n)
        );
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
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-27")));
    act(&mut a, Action::PrevDay);
    act(&mut a, Action::PrevDay);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-25")));
    act(&mut a, Action::NextWeek);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-12-02")));
    // The grid follows into December and counts December.
    let screen = render(&a, 80, 24);
    assert!(screen.contains("2026-12"), "{screen}");
    let dec2 = sql_count(
        &a,
        "SELECT count(*) FROM visits WHERE on_date = ?1",
        "2026-12-02",
    );
    assert_eq!(
        a.pane_of::<CalendarPane>()
            .count_on(d("2026-12-02"))
            .map(|c| c.total),
        Some(dec2)
    );
    act(&mut a, Action::PrevWeek);
    act(&mut a, Action::PrevWeek);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-18")));
    act(&mut a, Action::NextMonth);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-12-18")));
    act(&mut a, Action::PrevMonth);
    act(&mut a, Action::PrevMonth);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-10-18")));
    act(&mut a, Action::Today);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(today()));
    act(&mut a, Action::New);
    let f = a.top::<Form>().expect("a new visit form");
    assert_eq!(f.title, Msg::FormNewVisit.text(Lang::En));
    assert_eq!(f.fields.date("date"), Some(today()));
}

#[test]
fn calendar_enter_focuses_the_agenda_and_opens_a_visit() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    for _ in 0..6 {
        act(&mut a, Action::PrevDay);
    }
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-20")));
    // A visit that day that is done, was evaluated, and had an issue
    // raised at it that is now past its deadline, read from the database.
    let db = rusqlite::Connection::open(dir.path().join("station.db")).unwrap();
    let (id, issue): (i64, String) = db
        .query_row(
            "SELECT v.id, i.reference FROM visits v JOIN issues i ON i.visit_id = v.id
             WHERE v.on_date = '2026-11-20' AND v.status = 'done'
               AND EXISTS (SELECT 1 FROM evaluations e WHERE e.visit_id = v.id)
               AND i.deadline < '2026-11-26' AND i.status <> 'closed'
             ORDER BY v.id, i.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a done, evaluated visit with an overdue issue on 2026-11-20");
    let pos = a
        .pane_of::<CalendarPane>()
        .agenda()
        .iter()
        .position(|v| v.id == id)
        .expect("the visit on the agenda");
    act(&mut a, Action::Open);
    assert_eq!(a.pane_of::<CalendarPane>().focus, Focus::Agenda);
    for _ in 0..pos {
        act(&mut a, Action::NextWeek);
    }
    // j moved within the agenda, not the day.
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-20")));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Enter opens"), "{screen}");
    act(&mut a, Action::Open);
    let Some(detail) = a.top::<Detail>() else {
        panic!("no visit view");
    };
    assert_eq!(detail.target, Target::Visit(id));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Open-door evaluations"), "{screen}");
    insta::assert_snapshot!("visit_view_80x24_en", screen);
    // Its end lists the issue raised there.
    a.on_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains(&issue),
        "the issue {issue} raised there:\n{screen}"
    );
    // A day key gives the grid back the keys.
    a.on_key(KeyEvent::from(KeyCode::Esc));
    act(&mut a, Action::NextDay);
    assert_eq!(a.pane_of::<CalendarPane>().focus, Focus::Grid);
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-21")));
}

#[test]
fn calendar_week_view_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    act(&mut a, Action::ToggleWeek);
    assert!(a.pane_of::<CalendarPane>().week);
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
fn the_calendar_filter_picker_moves_with_down_and_ctrl_n() {
    use crossterm::event::KeyModifiers;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    // ↓ (which the calendar binds to "next week") moves in the picker.
    act(&mut a, Action::Filter);
    a.on_key(KeyEvent::from(KeyCode::Down));
    a.on_key(KeyEvent::from(KeyCode::Enter));
    let first = a.store.categories().keys(SetId::Purpose)[0].clone();
    assert_eq!(
        a.pane_of::<CalendarPane>().filter.purpose.as_deref(),
        Some(first.as_str())
    );
    // Ctrl-N twice: the second purpose.
    act(&mut a, Action::Filter);
    a.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    a.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    a.on_key(KeyEvent::from(KeyCode::Enter));
    let second = a.store.categories().keys(SetId::Purpose)[1].clone();
    assert_eq!(
        a.pane_of::<CalendarPane>().filter.purpose.as_deref(),
        Some(second.as_str())
    );
    assert_eq!(
        a.pane_of::<CalendarPane>().day(),
        Some(today()),
        "the day stayed"
    );
}

#[test]
fn calendar_filter_by_purpose_narrows_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(2));
    act(&mut a, Action::Filter);
    type_text(&mut a, "Purpose: Deliver care");
    a.on_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(
        a.pane_of::<CalendarPane>().filter.purpose.as_deref(),
        Some("care")
    );
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
        let shown = a
            .pane_of::<CalendarPane>()
            .count_on(date)
            .map_or(0, |c| c.total);
        assert_eq!(shown, n, "{date}");
        seen += n;
    }
    assert!(seen > 0, "the fixture has care visits in November");
    insta::assert_snapshot!(screen);
    // Clearing the filter brings every visit back.
    act(&mut a, Action::Filter);
    a.on_key(KeyEvent::from(KeyCode::Enter));
    assert!(a.pane_of::<CalendarPane>().filter.is_empty());
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
    let day = a.pane_of::<CalendarPane>().day().expect("a day");
    assert_eq!(day.to_string(), first);
    a.act(Action::Search).unwrap();
    common::ctrl(&mut a, 'u');
    common::typ(&mut a, "zzz-nobody");
    a.on_key(KeyEvent::from(KeyCode::Enter));
    let said = Msg::NotFoundFmt.fill(Lang::En, &[&"zzz-nobody", &day]);
    assert_eq!(
        said,
        format!("no visit matching \"zzz-nobody\" from {first} on")
    );
    assert_eq!(common::status(&a), said);
    let screen = common::render(&a, 80, 24);
    assert!(screen.contains(&said), "{screen}");
    assert_eq!(
        a.pane_of::<CalendarPane>().day(),
        Some(day),
        "the day moved"
    );
}

/// `/` on every pane, in both languages: Today searches every kind of
/// record in its own overlay; the others take the search (their search
/// text is what was typed), and a search that finds nothing says so.
#[test]
fn every_pane_takes_a_search() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = common::app(&dir, lang);
        a.act(Action::Pane(1)).unwrap();
        a.act(Action::Search).unwrap();
        common::typ(&mut a, "zzz-nobody");
        let all = a
            .top::<doorstep::tui::today::search::SearchAll>()
            .expect("Today searches everything");
        assert!(all.targets().is_empty());
        assert!(common::render(&a, 80, 24).contains(Msg::Empty.text(lang)));
        a.on_key(KeyEvent::from(KeyCode::Esc));
        for pane in 2..=5u8 {
            a.act(Action::Pane(pane)).unwrap();
            a.status = None;
            a.act(Action::Search).unwrap();
            common::ctrl(&mut a, 'u');
            common::typ(&mut a, "zzz-nobody");
            a.on_key(KeyEvent::from(KeyCode::Enter));
            assert!(!a.overlay_open(), "pane {pane}: the prompt stayed open");
            assert_eq!(a.pane().search_text(), "zzz-nobody", "pane {pane}");
            assert_ne!(common::status(&a), Msg::NoSearch.text(lang), "pane {pane}");
        }
    }
}
