//! Shared fixtures for render tests: the demo database on a fixed seed and
//! a fixed "today", so snapshots never change with the date.
#![allow(dead_code)]

use chrono::NaiveDate;
use doorstep::demo::{self, Size};
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::app::App;
use doorstep::tui::keys::{KeyMap, Overrides};
use doorstep::tui::theme::Theme;
use ratatui::backend::TestBackend;
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

/// The screen as text after drawing `app` at `w`x`h`.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| doorstep::tui::ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Runs one action as if its key was pressed.
pub fn act(app: &mut App, action: doorstep::tui::keys::Action) {
    app.act(action).unwrap();
}

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use doorstep::tui::app::Overlay;
use doorstep::tui::form::Form;

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
    match &a.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form is open (status {:?})", status(a)),
    }
}
