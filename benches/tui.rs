//! Workbench benchmark on a `demo --size large` database. Run with
//! `cargo bench --bench tui`.
//!
//! - Time to first frame: the release binary started in a pseudo-terminal
//!   with `--exit-after-first-frame`, from spawn to exit; median of 10
//!   (after one untimed run that warms the page cache).
//! - Key to redraw, in process: the app on the large database, a ratatui
//!   terminal over a crossterm backend that writes into a byte counter
//!   (80x24), each key applied through the key map (`App::on_key`) and the
//!   frame drawn with `doorstep::tui::draw` (synchronized output and all).
//!   Median and p99 over 300 keys per scenario, and the bytes written.
//!
//! The database is shared with `benches/queries.rs`: `DOORSTEP_BENCH_DB`
//! (default `target/bench-large.db`), reused when complete, rebuilt with
//! `DOORSTEP_BENCH_REGEN=1`.

mod common;

use common::today;
use crossterm::event::{KeyCode, KeyEvent};
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::{KeyMap, Overrides};
use doorstep::tui::shell::theme::Theme;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-26";
const KEYS: usize = 300;
const WARM_UP: usize = 10;
const STARTS: usize = 10;
const KEY_TARGET: Duration = Duration::from_millis(16);
const FIRST_FRAME_TARGET: Duration = Duration::from_millis(150);
const BYTES_TARGET: u64 = 400;

// ---- time to first frame ----

/// One start of the real binary in an 80x24 pty, spawn to exit.
fn first_frame(db: &Path, home: &Path) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_doorstep"));
    cmd.env_clear();
    cmd.env("HOME", home);
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("LANG", "C");
    cmd.env("TERM", "xterm-256color");
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--today", TODAY, "--exit-after-first-frame"]);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    // Drain the output so the child never blocks on a full pty.
    let drain = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        let mut n = 0;
        while let Ok(k) = reader.read(&mut buf) {
            if k == 0 {
                break;
            }
            n += k;
        }
        n
    });
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let status = child.wait().expect("wait");
    let took = start.elapsed();
    assert!(status.success(), "first-frame run failed: {status:?}");
    let bytes = drain.join().unwrap_or(0);
    assert!(bytes > 0, "nothing drawn");
    took
}

// ---- key to redraw ----

/// A writer that only counts bytes, standing in for the terminal.
#[derive(Clone, Default)]
struct CountingWriter(Arc<AtomicU64>);

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.fetch_add(buf.len() as u64, Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<CrosstermBackend<CountingWriter>>;

struct Row {
    name: &'static str,
    median: Duration,
    p99: Duration,
    max: Duration,
    bytes_median: u64,
    bytes_max: u64,
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

/// Times `KEYS` presses of `next(i)` each followed by a draw.
fn scenario(
    name: &'static str,
    app: &mut App,
    term: &mut Term,
    bytes: &AtomicU64,
    mut next: impl FnMut(usize) -> KeyEvent,
) -> Row {
    for i in 0..WARM_UP {
        app.on_key(next(i));
        doorstep::tui::draw(term, app).expect("draw");
    }
    let mut times = Vec::with_capacity(KEYS);
    let mut sizes = Vec::with_capacity(KEYS);
    for i in WARM_UP..WARM_UP + KEYS {
        let k = next(i);
        let b0 = bytes.load(Ordering::Relaxed);
        let t = Instant::now();
        app.on_key(k);
        doorstep::tui::draw(term, app).expect("draw");
        times.push(t.elapsed());
        sizes.push(bytes.load(Ordering::Relaxed) - b0);
    }
    if let Some(s) = &app.status {
        if s.error {
            println!("  ({name}: error in the status bar: {})", s.text);
        }
    }
    times.sort();
    sizes.sort();
    Row {
        name,
        median: times[KEYS / 2],
        p99: times[(KEYS * 99 / 100).min(KEYS - 1)],
        max: times[KEYS - 1],
        bytes_median: sizes[KEYS / 2],
        bytes_max: sizes[KEYS - 1],
    }
}

/// Fresh app and terminal, `setup` keys applied and drawn.
fn fresh(db: &Path, setup: &[KeyCode]) -> (App, Term, Arc<AtomicU64>) {
    let store = Store::open(db, &OpenOptions::default()).expect("open");
    let keymap = KeyMap::new(&Overrides::new()).expect("key map");
    let mut app = App::new(store, Lang::En, today(), keymap, Theme { color: true }).expect("app");
    let counter = Arc::new(AtomicU64::new(0));
    let backend = CrosstermBackend::new(CountingWriter(counter.clone()));
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .expect("terminal");
    doorstep::tui::draw(&mut term, &app).expect("draw");
    for k in setup {
        app.on_key(key(*k));
        doorstep::tui::draw(&mut term, &app).expect("draw");
    }
    (app, term, counter)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let db = common::large_db();
    let home = tempfile::tempdir().expect("tempdir");

    // Time to first frame.
    first_frame(&db, home.path());
    let mut starts: Vec<Duration> = (0..STARTS).map(|_| first_frame(&db, home.path())).collect();
    starts.sort();
    let start_median = starts[STARTS / 2];

    // One arrow key on Issues at 80x24, selection inside the page.
    let (mut app, mut term, counter) = fresh(&db, &[KeyCode::Char('3')]);
    let b0 = counter.load(Ordering::Relaxed);
    app.on_key(key(KeyCode::Down));
    doorstep::tui::draw(&mut term, &app).expect("draw");
    let one_down = counter.load(Ordering::Relaxed) - b0;

    let mut rows = Vec::new();
    {
        let (mut app, mut term, c) = fresh(&db, &[KeyCode::Char('3')]);
        rows.push(scenario(
            "Issues: Down (j)",
            &mut app,
            &mut term,
            &c,
            |_| key(KeyCode::Down),
        ));
    }
    {
        let (mut app, mut term, c) = fresh(&db, &[]);
        rows.push(scenario(
            "switch pane (1..5 cycling)",
            &mut app,
            &mut term,
            &c,
            |i| key(KeyCode::Char(char::from(b'1' + (i % 5) as u8))),
        ));
    }
    {
        let (mut app, mut term, c) = fresh(&db, &[KeyCode::Char('3')]);
        rows.push(scenario(
            "Issues: PageDown",
            &mut app,
            &mut term,
            &c,
            |_| key(KeyCode::PageDown),
        ));
    }
    {
        let (mut app, mut term, c) = fresh(&db, &[KeyCode::Char('2')]);
        // A year forward, a year back, again and again: months with data.
        rows.push(scenario(
            "Calendar: next/prev month (] [)",
            &mut app,
            &mut term,
            &c,
            |i| {
                if (i / 12) % 2 == 0 {
                    key(KeyCode::Char(']'))
                } else {
                    key(KeyCode::Char('['))
                }
            },
        ));
    }

    println!();
    println!("time to first frame (release binary, 80x24 pty, spawn to exit, {STARTS} runs):");
    println!(
        "  median {} ms   min {} ms   max {} ms   (target < {} ms){}",
        ms(start_median),
        ms(starts[0]),
        ms(starts[STARTS - 1]),
        FIRST_FRAME_TARGET.as_millis(),
        if start_median < FIRST_FRAME_TARGET {
            ""
        } else {
            "  MISSES"
        }
    );
    println!();
    println!("key to redraw at 80x24 ({KEYS} keys each, after {WARM_UP} warm-up):");
    println!(
        "  {:<34} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "scenario", "median ms", "p99 ms", "max ms", "bytes med", "bytes max"
    );
    let mut missed = 0;
    for r in &rows {
        let mark = if r.p99 >= KEY_TARGET {
            missed += 1;
            "  MISSES p99 < 16 ms"
        } else {
            ""
        };
        println!(
            "  {:<34} {:>10} {:>10} {:>10} {:>9} {:>9}{mark}",
            r.name,
            ms(r.median),
            ms(r.p99),
            ms(r.max),
            r.bytes_median,
            r.bytes_max
        );
    }
    println!();
    println!(
        "bytes written for one Down on Issues at 80x24: {one_down} (target < {BYTES_TARGET}){}",
        if one_down < BYTES_TARGET {
            ""
        } else {
            "  MISSES"
        }
    );
    if missed == 0 {
        println!("every scenario's p99 is under 16 ms");
    } else {
        println!("{missed} scenarios miss the 16 ms p99 target");
    }
}
