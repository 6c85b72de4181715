//! The Report pane: its frames in both languages at the smallest and a
//! large size, and its keys: `6` opens it, `[`/`]` move the period and
//! the figures follow (checked against plain SQL), help lists the rules,
//! a reload keeps the scroll position.

mod common;

use common::{act, app, ch, ctrl, key, render, typ, Raw};
use crossterm::event::KeyCode;
use doorstep::lang::Lang;
use doorstep::report::doc::{Cell, Doc};
use doorstep::tui::kit::overlay::Changes;
use doorstep::tui::report::pane::ReportPane;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::Action;

/// The report on the demo, opened with its key.
fn report(dir: &tempfile::TempDir, lang: Lang) -> App {
    let mut a = app(dir, lang);
    ch(&mut a, '6');
    a
}

/// The value of the row labelled `label` in the table titled `table`.
fn figure(doc: &Doc, table: &str, label: &str) -> Cell {
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.title == table)
        .unwrap_or_else(|| panic!("no table {table}"));
    let row = t.rows.iter().find(|r| r.label == label).unwrap();
    row.cells[0]
}

fn done_visits(a: &App, from: &str, to: &str) -> i64 {
    a.store
        .conn()
        .query_row(
            "SELECT count(*) FROM visits WHERE status = 'done' AND on_date BETWEEN ?1 AND ?2",
            [from, to],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn report_80x24_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let a = report(&dir, lang);
        let screen = render(&a, 80, 24);
        let title = match lang {
            Lang::En => "Work summary 2026-11 (month)",
            Lang::Zh => "工作总结 2026年11月（月度）",
        };
        assert!(screen.contains(title), "{screen}");
        insta::assert_snapshot!(format!("report_80x24_{lang:?}"), screen);
    }
}

#[test]
fn report_160x48_both_languages_shows_rates_with_counts() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = report(&dir, lang);
        let screen = render(&a, 160, 48);
        insta::assert_snapshot!(format!("report_160x48_{lang:?}"), screen);
        // Wide: a rate carries its counts ("95.2% (40/42)").
        for _ in 0..40 {
            act(&mut a, Action::Down);
        }
        let screen = render(&a, 160, 48);
        assert!(screen.contains("% ("), "{screen}");
    }
    // Narrow: the rate alone.
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    for _ in 0..40 {
        act(&mut a, Action::Down);
    }
    // Below the trend strip (whose values name their month, "(2026-11)"),
    // down to the first table with a rate.
    let tables = |a: &App| -> String { render(a, 80, 24).lines().skip(6).collect() };
    while !tables(&a).contains('%') && a.pane_of::<ReportPane>().top() < 180 {
        act(&mut a, Action::Down);
    }
    let narrow = tables(&a);
    assert!(narrow.contains('%') && !narrow.contains("% ("), "{narrow}");
}

#[test]
fn the_full_trend_draws_bars_with_months_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    ch(&mut a, 'v');
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("26-11") && screen.contains("Satisfaction"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn six_opens_the_report_and_brackets_move_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    assert_eq!(a.current, 5);
    let pane = a.pane_of::<ReportPane>();
    let nov = pane.period().unwrap();
    assert_eq!(nov.from.to_string(), "2026-11-01");
    let counted = |a: &App| {
        figure(
            a.pane_of::<ReportPane>().doc().unwrap(),
            "Visits",
            "Visits done",
        )
    };
    let in_nov = done_visits(&a, "2026-11-01", "2026-11-30");
    assert_eq!(counted(&a), Cell::Count(in_nov));
    ch(&mut a, '[');
    let in_oct = done_visits(&a, "2026-10-01", "2026-10-31");
    assert_ne!(in_oct, in_nov, "the demo should differ month to month");
    assert_eq!(counted(&a), Cell::Count(in_oct));
    assert!(render(&a, 80, 24).contains("Work summary 2026-10 (month)"));
    // The trend stays on the last twelve months, this one last.
    let trend = a.pane_of::<ReportPane>().trend();
    assert_eq!(trend.len(), 12);
    let last = trend.last().unwrap();
    assert_eq!(last.month.to_string(), "2026-11-01");
    assert_eq!(last.visits_done, in_nov);
    assert_eq!(trend[10].visits_done, in_oct);
    ch(&mut a, ']');
    ch(&mut a, ']');
    let p = a.pane_of::<ReportPane>().period().unwrap();
    assert_eq!(
        (p.from.to_string(), p.to.to_string()),
        ("2026-12-01".into(), "2026-12-31".into())
    );
    assert_eq!(
        counted(&a),
        Cell::Count(done_visits(&a, "2026-12-01", "2026-12-31"))
    );
    // `m` makes it the quarter, `t` this month again.
    ch(&mut a, 'm');
    let q = a.pane_of::<ReportPane>().period().unwrap();
    assert_eq!(q.from.to_string(), "2026-10-01");
    assert_eq!(
        counted(&a),
        Cell::Count(done_visits(&a, "2026-10-01", "2026-12-31"))
    );
    assert!(render(&a, 80, 24).contains("2026-Q4 (quarter)"));
    ch(&mut a, 't');
    assert_eq!(a.pane_of::<ReportPane>().period(), Some(nov));
}

#[test]
fn an_exact_period_is_typed_in_a_form_that_refuses_a_backward_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    ch(&mut a, 'f');
    assert!(a.overlay_open());
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-11-03");
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-11-02");
    ctrl(&mut a, 's');
    let screen = render(&a, 80, 24);
    assert!(screen.contains("must not be before From"), "{screen}");
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-11-20");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open());
    let p = a.pane_of::<ReportPane>().period().unwrap();
    assert_eq!(
        (p.from.to_string(), p.to.to_string()),
        ("2026-11-03".into(), "2026-11-20".into())
    );
    let doc = a.pane_of::<ReportPane>().doc().unwrap();
    let n = done_visits(&a, "2026-11-03", "2026-11-20");
    assert_eq!(figure(doc, "Visits", "Visits done"), Cell::Count(n));
    assert!(render(&a, 80, 24).contains("2026-11-03 to 2026-11-20 (exact period)"));
}

#[test]
fn help_lists_the_keys_and_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    ch(&mut a, '?');
    let screen = render(&a, 80, 24);
    assert!(screen.contains("next period"), "{screen}");
    assert!(screen.contains("How the figures are counted"), "{screen}");
    // The rules run past the first screen: help scrolls to the last, and
    // every rule's first words are on some screen.
    let mut all = screen.clone();
    for _ in 0..30 {
        key(&mut a, KeyCode::PageDown);
        all.push_str(&render(&a, 80, 24));
    }
    let notes = doorstep::tui::kit::pane::Pane::notes(a.pane_of::<ReportPane>());
    assert!(notes.len() > 10, "{notes:?}");
    assert!(
        notes.iter().any(|n| n.starts_with("completion rate"))
            || notes.iter().any(|n| n.contains("completion rate"))
    );
    for note in &notes {
        let start: String = note.split(' ').take(3).collect::<Vec<_>>().join(" ");
        assert!(all.contains(&format!("• {start}")), "missing {start:?}");
    }
}

#[test]
fn a_reload_keeps_the_scroll_position_and_updates_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    render(&a, 80, 24);
    for _ in 0..7 {
        act(&mut a, Action::Down);
    }
    ch(&mut a, 'n');
    let top = a.pane_of::<ReportPane>().top();
    assert!(top > 7, "next part jumps past line 7: {top}");
    let before = done_visits(&a, "2026-11-01", "2026-11-30");
    // Another coordinator marks a planned November visit done.
    a.store
        .conn()
        .execute(
            "UPDATE visits SET status = 'done' WHERE id = (SELECT id FROM visits
             WHERE status = 'planned' AND on_date BETWEEN '2026-11-01' AND '2026-11-30' LIMIT 1)",
            [],
        )
        .unwrap();
    a.reload(Changes::VISITS).unwrap();
    let pane = a.pane_of::<ReportPane>();
    assert_eq!(pane.top(), top);
    assert_eq!(
        figure(pane.doc().unwrap(), "Visits", "Visits done"),
        Cell::Count(before + 1)
    );
    // Hidden, a reload only marks the figures stale; they are read
    // again when the pane comes back on screen.
    ch(&mut a, '1');
    a.store
        .conn()
        .execute(
            "UPDATE visits SET status = 'done' WHERE id = (SELECT id FROM visits
             WHERE status = 'planned' AND on_date BETWEEN '2026-11-01' AND '2026-11-30' LIMIT 1)",
            [],
        )
        .unwrap();
    a.reload(Changes::VISITS).unwrap();
    let hidden = a.pane_of::<ReportPane>().doc().unwrap();
    assert_eq!(
        figure(hidden, "Visits", "Visits done"),
        Cell::Count(before + 1)
    );
    ch(&mut a, '6');
    let pane = a.pane_of::<ReportPane>();
    assert_eq!(pane.top(), top);
    assert_eq!(
        figure(pane.doc().unwrap(), "Visits", "Visits done"),
        Cell::Count(before + 2)
    );
}

#[test]
fn too_small_shows_the_notice_on_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(&dir, Lang::En);
    let screen = render(&a, 20, 5);
    assert!(screen.contains("too small"), "{screen}");
}

/// The line of the screen that starts with `label`.
fn line_of(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label}:\n{screen}"))
        .to_string()
}

#[test]
fn the_trend_strip_names_the_month_its_values_are_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    let in_nov = done_visits(&a, "2026-11-01", "2026-11-30");
    let strip = line_of(&render(&a, 80, 24), "Visits done");
    assert!(strip.contains(&format!(" {in_nov} (2026-11)")), "{strip}");
    // A month inside the twelve: its own value, named.
    ch(&mut a, '[');
    let in_oct = done_visits(&a, "2026-10-01", "2026-10-31");
    let strip = line_of(&render(&a, 80, 24), "Visits done");
    assert!(strip.contains(&format!(" {in_oct} (2026-10)")), "{strip}");
    // December is after the trend: the latest month, named as such.
    ch(&mut a, ']');
    ch(&mut a, ']');
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Work summary 2026-12 (month)"), "{screen}");
    let strip = line_of(&screen, "Visits done");
    assert!(strip.contains(&format!(" {in_nov} (2026-11)")), "{strip}");
    // In Chinese the month reads as a Chinese month.
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::Zh);
    ch(&mut a, '[');
    let strip = line_of(&render(&a, 80, 24), "完成走访");
    assert!(
        strip.contains(&format!(" {in_oct}（2026年10月）")),
        "{strip}"
    );
}

#[test]
fn help_keeps_a_gutter_moves_to_its_ends_and_wraps_chinese_by_character() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::En);
    ch(&mut a, '?');
    let first = render(&a, 80, 24);
    ch(&mut a, 'G');
    let last = render(&a, 80, 24);
    assert_ne!(first, last, "G moves to the end");
    let notes = doorstep::tui::kit::pane::Pane::notes(a.pane_of::<ReportPane>());
    let tail: String = notes
        .last()
        .unwrap()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(last.contains(&format!("• {tail}")), "{last}");
    // Every bullet of the right column has blank cells before it.
    for screen in [&first, &last] {
        for line in screen.lines() {
            let chars: Vec<char> = line.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if *c == '•' && chars[i - 1] != '│' {
                    assert_eq!(chars[i - 3..i], [' ', ' ', ' '], "no gutter: {line}");
                }
            }
        }
    }
    ch(&mut a, 'g');
    assert_eq!(render(&a, 80, 24), first, "g goes back to the top");
    key(&mut a, KeyCode::End);
    assert_eq!(render(&a, 80, 24), last, "End as G");
    key(&mut a, KeyCode::Home);
    assert_eq!(render(&a, 80, 24), first, "Home as g");
    // Chinese breaks between characters: the first rule goes on after
    // "逾期 =" on its own line.
    let dir = tempfile::tempdir().unwrap();
    let mut a = report(&dir, Lang::Zh);
    ch(&mut a, '?');
    let screen = render(&a, 80, 24);
    assert!(screen.contains("• 逾期 = 仍为"), "{screen}");
}

#[test]
fn the_footer_shows_the_main_keys_in_the_same_order_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = report(&dir, lang);
        let screen = render(&a, 80, 24);
        let footer = screen.lines().last().unwrap().to_string();
        let at: Vec<usize> = ["[ ", "  ] ", "  m ", "  t ", "  f ", "  v ", "  ? "]
            .iter()
            .map(|k| footer.find(k).unwrap_or_else(|| panic!("no {k}: {footer}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{footer}");
        // Wide enough, the actions say in full what they do.
        let wide = render(&a, 200, 48);
        let wide_footer = wide.lines().last().unwrap();
        let full = match lang {
            Lang::En => "previous period",
            Lang::Zh => "上一期",
        };
        assert!(wide_footer.contains(full), "{wide_footer}");
        // The period form has dates only: nothing to tick or pick.
        ch(&mut a, 'f');
        let footer = render(&a, 80, 24).lines().last().unwrap().to_string();
        assert!(footer.contains("Ctrl-S"), "{footer}");
        assert!(
            !footer.contains("Space") && !footer.contains("Enter"),
            "{footer}"
        );
    }
}
