//! Shared fixtures for render tests: the demo database on a fixed seed and
//! a fixed "today", so snapshots never change with the date.
#![allow(dead_code)]

use chrono::NaiveDate;
use doorstep::demo::{self, Size};
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::{KeyMap, Overrides};
use doorstep::tui::shell::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::Terminal;

/// The tests' own connection on a store's file. The store keeps its
/// connection to itself; tests read (and plant) rows through one of their
/// own, so what they check does not depend on the store's queries.
pub trait Raw {
    fn conn(&self) -> rusqlite::Connection;
}

impl Raw for Store {
    fn conn(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(self.path()).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn
    }
}

/// The fixed day every render test lives on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// A demo database (seed 42) whose first officer is the current user.
pub fn store(dir: &tempfile::TempDir) -> Store {
    let path = dir.path().join("station.db");
    let opts = OpenOptions {
        actor: Some("tester".into()),
        ..OpenOptions::default()
    };
    let mut store = Store::open(&path, &opts).unwrap();
    demo::generate(&mut store, Size::Small, 42, today()).unwrap();
    store
        .conn()
        .execute("UPDATE officers SET os_user = NULL", [])
        .unwrap();
    store
        .conn()
        .execute("UPDATE officers SET os_user = 'tester' WHERE id = 1", [])
        .unwrap();
    store
}

/// The app on the demo database, in `lang`, colour on.
pub fn app(dir: &tempfile::TempDir, lang: Lang) -> App {
    let keymap = KeyMap::new(&Overrides::new()).unwrap();
    App::new(store(dir), lang, today(), keymap, Theme { color: true }).unwrap()
}

/// The buffer after drawing `app` at `w`x`h`.
pub fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| doorstep::tui::shell::screen::draw(f, app))
        .unwrap();
    term.backend().buffer().clone()
}

/// The screen as text after drawing `app` at `w`x`h`.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let buf = buffer(app, w, h);
    let mut out = String::new();
    for y in 0..h {
        let line: String = cells(&buf, y).map(|(sym, _)| sym).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The cells of row `y` that start a character (a wide character's second
/// cell is skipped), with their symbols and styles.
fn cells(buf: &Buffer, y: u16) -> impl Iterator<Item = (&str, Style)> + '_ {
    let mut skip = 0;
    (0..buf.area.width).filter_map(move |x| {
        if skip > 0 {
            skip -= 1;
            return None;
        }
        let cell = &buf[(x, y)];
        let sym = cell.symbol();
        skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        Some((sym, cell.style()))
    })
}

/// The markers of a style that carry meaning, in a fixed order:
/// `rev` (reverse video: the selection, the active tab), `b` (bold),
/// `u` (underlined), `dim`, then the foreground colour by name
/// (`red` overdue and errors, `yellow` due soon, `green` done, `cyan`
/// titles and keys, `grey` dim text) and the background as `on-blue`.
/// Empty for a plain cell.
pub fn style_tags(style: Style) -> String {
    let mut tags: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, tag) in [
        (Modifier::REVERSED, "rev"),
        (Modifier::BOLD, "b"),
        (Modifier::UNDERLINED, "u"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "i"),
    ] {
        if m.contains(flag) {
            tags.push(tag.into());
        }
    }
    let name = |c: Color| match c {
        Color::DarkGray => "grey".to_string(),
        c => c.to_string().to_lowercase(),
    };
    if let Some(c) = style.fg.filter(|c| *c != Color::Reset) {
        tags.push(name(c));
    }
    if let Some(c) = style.bg.filter(|c| *c != Color::Reset) {
        tags.push(format!("on-{}", name(c)));
    }
    tags.join(" ")
}

/// The screen as text with its styles: every run of cells sharing a
/// meaningful style is wrapped as `[tags]text[/]` (see `style_tags`), so
/// `[rev]XC-2026-0001 …[/]` is the selected row and `[b red]3 d over[/]`
/// an overdue mark. Unstyled blanks at the end of a line are trimmed.
pub fn render_styled(app: &App, w: u16, h: u16) -> String {
    let buf = buffer(app, w, h);
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut run: Option<(String, String)> = None;
        let close = |line: &mut String, run: &mut Option<(String, String)>| {
            if let Some((tags, text)) = run.take() {
                if tags.is_empty() {
                    line.push_str(&text);
                } else {
                    line.push_str(&format!("[{tags}]{text}[/]"));
                }
            }
        };
        for (sym, style) in cells(&buf, y) {
            let tags = style_tags(style);
            match &mut run {
                Some((t, text)) if *t == tags => text.push_str(sym),
                _ => {
                    close(&mut line, &mut run);
                    run = Some((tags, sym.to_string()));
                }
            }
        }
        close(&mut line, &mut run);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The reverse-video text of each row below the tab bar that has some
/// (three or more characters: the selected line of a list, a grid's
/// selected day), trimmed.
pub fn selected_rows(app: &App, w: u16, h: u16) -> Vec<String> {
    let buf = buffer(app, w, h);
    (1..h)
        .filter_map(|y| {
            let row: Vec<(&str, Style)> = cells(&buf, y).collect();
            let rev: Vec<&str> = row
                .iter()
                .filter(|(_, s)| s.add_modifier.contains(Modifier::REVERSED))
                .map(|(sym, _)| *sym)
                .collect();
            let text = rev.concat();
            (text.trim().chars().count() >= 3).then(|| text.trim().to_string())
        })
        .collect()
}

/// Runs one action as if its key was pressed.
pub fn act(app: &mut App, action: doorstep::tui::shell::keys::Action) {
    app.act(action).unwrap();
}

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use doorstep::tui::kit::form::Form;

/// Presses one key.
pub fn key(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::from(code));
}

/// Presses one character key.
pub fn ch(a: &mut App, c: char) {
    key(a, KeyCode::Char(c));
}

/// Presses Ctrl and a character.
pub fn ctrl(a: &mut App, c: char) {
    a.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types text one key at a time, as a user would.
pub fn typ(a: &mut App, s: &str) {
    for c in s.chars() {
        ch(a, c);
    }
}

/// The status bar's message.
pub fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The open form; fails the test when none is open.
pub fn form(a: &App) -> &Form {
    match a.find::<Form>() {
        Some(f) => f,
        None => panic!("no form is open (status {:?})", status(a)),
    }
}
