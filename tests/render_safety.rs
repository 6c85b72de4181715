//! Control characters and escape sequences in stored text (an old
//! database, an import) are drawn as visible placeholders and never reach
//! the terminal as bytes. The domain refuses such text, so the hostile
//! rows are written with raw SQL, as an old file or a careless import would.

mod common;
use common::Raw as _;
mod e2e_support;

use doorstep::lang::Lang;
use doorstep::store::issues::IssueFilter;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::{Action, KeyMap, Overrides};
use doorstep::tui::shell::theme::Theme;
use e2e_support::{find, key, Home};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rusqlite::{params, Connection};

/// A directory entry's name: clear screen, bell, carriage return, C1 CSI.
const NAME: &str = "Wang\x1b[2JFang\x07\r\u{9b}31m";
/// An issue summary, the controls first so they show even in a narrow column.
const SUMMARY: &str = "\x1b[2J\x07\r\u{9b}Loud music at night";
/// How they must look.
const NAME_SHOWN: &str = "Wang␛[2JFang␇␍�31m";
const SUMMARY_SHOWN: &str = "␛[2J␇␍�Loud";

/// Adds the hostile directory entry and an issue it raised, listed first
/// in the Issues pane (raised today, highest id). Returns the issue id.
fn plant(conn: &Connection) -> i64 {
    let now = "2026-11-26T09:00:00";
    let kind: String = conn
        .query_row("SELECT kind FROM directory ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "INSERT INTO directory (name, kind, address, notes, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, 'import', ?5, 'import')",
        params![NAME, kind, "Lane 3\x1b]0;owned\x07", "note\x1b[5m", now],
    )
    .unwrap();
    let entry = conn.last_insert_rowid();
    // Copy an existing issue column by column, replacing the texts.
    let template: i64 = conn
        .query_row("SELECT min(id) FROM issues", [], |r| r.get(0))
        .unwrap();
    let cols: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('issues') WHERE name <> 'id'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let exprs: Vec<String> = cols
        .iter()
        .map(|c| match c.as_str() {
            "reference" => "'XC-2026-99999'".into(),
            "ref_serial" => "99999".into(),
            "ref_year" => "2026".into(),
            "raised_on" => "'2026-11-26'".into(),
            "summary" => "?1".into(),
            "details" => "?2".into(),
            "raiser_id" => "?3".into(),
            "anonymous" => "0".into(),
            other => other.to_string(),
        })
        .collect();
    let sql = format!(
        "INSERT INTO issues ({}) SELECT {} FROM issues WHERE id = ?4",
        cols.join(", "),
        exprs.join(", ")
    );
    conn.execute(
        &sql,
        params![SUMMARY, "details\x1b[31m\x07 here", entry, template],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// The text before the first U+FFFD.
fn upto_fffd(s: &str) -> &str {
    s.split('\u{fffd}').next().unwrap_or(s)
}

/// The buffer's cells, row by row, and whether any holds a control char.
fn draw(app: &App, w: u16, h: u16) -> (String, Vec<(u16, u16, String)>) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| doorstep::tui::shell::screen::draw(f, app))
        .unwrap();
    let buf = term.backend().buffer().clone();
    let mut bad = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            if sym.chars().any(char::is_control) {
                bad.push((x, y, sym.escape_debug().to_string()));
            }
        }
    }
    (common::render(app, w, h), bad)
}

#[test]
fn stored_control_characters_render_as_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::store(&dir);
    let id = plant(&store.conn());
    let first = store
        .issues_page(&IssueFilter::default(), None, 1)
        .unwrap()
        .items
        .remove(0);
    assert_eq!(first.id, id, "the planted issue is not listed first");
    let keymap = KeyMap::new(&Overrides::new()).unwrap();
    let mut app = App::new(
        store,
        Lang::En,
        common::today(),
        keymap,
        Theme { color: true },
    )
    .unwrap();
    app.act(Action::Pane(3)).unwrap();
    for (w, h) in [(80, 24), (160, 48)] {
        let (screen, bad) = draw(&app, w, h);
        assert!(bad.is_empty(), "control chars in cells at {w}x{h}: {bad:?}");
        assert!(
            screen.contains(SUMMARY_SHOWN),
            "no placeholders at {w}x{h}:\n{screen}"
        );
    }
    // The detail view: the raiser's name, the summary, the details.
    app.act(Action::Open).unwrap();
    for (w, h) in [(80, 24), (160, 48)] {
        let (screen, bad) = draw(&app, w, h);
        assert!(bad.is_empty(), "control chars in detail cells: {bad:?}");
        assert!(
            screen.contains(NAME_SHOWN),
            "raiser not shown safely:\n{screen}"
        );
        assert!(screen.contains(SUMMARY_SHOWN), "{screen}");
        assert!(screen.contains("details␛[31m␇ here"), "{screen}");
    }
    // The search prompt echoes typed text safely too.
    app.act(Action::Back).unwrap();
    app.on_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Esc,
    ));
    app.act(Action::Search).unwrap();
    app.on_paste("a\x1b[2Jb\x07");
    let (_, bad) = draw(&app, 80, 24);
    assert!(bad.is_empty(), "control chars after a paste: {bad:?}");
}

/// The same through the real binary: the bytes written hold no BEL, no C1
/// CSI and no clear-screen, and the screen shows the placeholders.
#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let home = Home::new();
    {
        let store = Store::open(&home.db, &OpenOptions::default()).unwrap();
        plant(&store.conn());
    }
    let mut t = home.spawn();
    t.wait_ready();
    t.send("3");
    // (vt100 drops U+FFFD, the C1 placeholder, as if it were a decoding
    // error, so the screen is matched up to it and the bytes past it.)
    let s = t.wait_until("the planted issue in the Issues pane", |s| {
        s.contains("Filter: all") && s.contains(upto_fffd(SUMMARY_SHOWN))
    });
    // A clear that got through would have wiped the tab bar.
    assert!(s.lines().next().unwrap_or("").contains("3 Issues"), "{s}");
    assert!(t.raw_text().contains(SUMMARY_SHOWN), "{}", t.raw_text());
    t.send(key::ENTER);
    let s = t.wait_for(upto_fffd(NAME_SHOWN));
    assert!(s.contains("details␛[31m␇ here"), "{s}");
    assert!(t.raw_text().contains(NAME_SHOWN), "{}", t.raw_text());
    t.send(key::ESC);
    t.wait_gone(upto_fffd(NAME_SHOWN));
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
    let raw = t.raw();
    assert!(find(&raw, b"\x07").is_none(), "a BEL reached the terminal");
    assert!(
        find(&raw, b"\x1b[2J").is_none(),
        "a clear-screen reached the terminal (no resize happened)"
    );
    assert!(
        find(&raw, b"\x1b]0;").is_none(),
        "an OSC title reached the terminal"
    );
    assert!(
        find(&raw, b"\x1b[5m").is_none(),
        "blink reached the terminal"
    );
    let text = String::from_utf8_lossy(&raw);
    assert!(!text.contains('\u{9b}'), "a C1 CSI reached the terminal");
    // ESC only ever starts the program's own CSI/DEC sequences.
    for (i, _) in text.match_indices('\x1b') {
        let next = text[i + 1..].chars().next();
        assert!(
            matches!(next, Some('[') | Some('7') | Some('8') | Some('(')),
            "stray ESC at {i}: {}",
            e2e_support::esc(&raw[i..(i + 16).min(raw.len())])
        );
    }
}
