//! Runs the real `doorstep` binary in a pseudo-terminal and reads its
//! screen through a vt100 emulator, the way a coordinator's terminal would.
//!
//! Every test gets its own copy of one demo database (seed 42, made once
//! per test process, dated 2026-11-26), a private HOME and XDG dirs,
//! and `--today 2026-11-26`. Every raw byte the program writes is kept,
//! so tests can check the escape sequences themselves (alternate screen
//! left, cursor shown, bracketed paste off).
#![allow(dead_code)]

use doorstep::demo::{self, Size};
use doorstep::store::{OpenOptions, Store};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// How long any wait may take before the test fails; things that work
/// finish in a fraction of it.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(10);

/// The fixed day of every end-to-end test.
pub const TODAY: &str = "2026-11-26";

/// What leaving the workbench must write (crossterm's sequences).
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
pub const PASTE_OFF: &[u8] = b"\x1b[?2004l";
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
/// The start and end of a synchronized update (every frame is one).
pub const FRAME_START: &[u8] = b"\x1b[?2026h";
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

/// Keys as the terminal sends them.
pub mod key {
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const TAB: &[u8] = b"\t";
    pub const BACKTAB: &[u8] = b"\x1b[Z";
    pub const CTRL_C: &[u8] = b"\x03";
    pub const CTRL_S: &[u8] = b"\x13";
    pub const DOWN: &[u8] = b"\x1b[B";
    pub const F12: &[u8] = b"\x1b[24~";
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_doorstep")
}

/// The demo database (seed 42), made once per test process. It is built
/// with the library call `doorstep demo` makes, on the fixed day: the
/// subcommand dates its data from the wall clock, so its references
/// (XC-2026-…) and due dates would drift from `--today` after New Year.
fn template() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("station.db");
        let day = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date");
        let mut store = Store::open(&db, &OpenOptions::default()).expect("open");
        demo::generate(&mut store, Size::Small, 42, day).expect("demo data");
        drop(store);
        (dir, db)
    })
    .1
}

/// A private home with its own copy of the demo database.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("station.db");
        let src = template();
        std::fs::copy(src, &db).expect("copy the demo database");
        for suffix in ["-wal", "-shm"] {
            let mut from = src.as_os_str().to_owned();
            from.push(suffix);
            let mut to = db.as_os_str().to_owned();
            to.push(suffix);
            if Path::new(&from).exists() {
                std::fs::copy(&from, &to).expect("copy the WAL");
            }
        }
        Home { dir, db }
    }

    /// The workbench on this home's database, 80x24, English.
    pub fn spawn(&self) -> Tui {
        self.launch().spawn()
    }

    /// A launch to adjust (language, env, size, extra args) before spawning.
    pub fn launch(&self) -> Launch<'_> {
        Launch {
            home: self,
            lang: "C".into(),
            env: Vec::new(),
            args: Vec::new(),
            cols: 80,
            rows: 24,
            today: TODAY.into(),
        }
    }
}

/// How to start the workbench.
pub struct Launch<'a> {
    home: &'a Home,
    lang: String,
    env: Vec<(String, String)>,
    args: Vec<String>,
    cols: u16,
    rows: u16,
    /// `--today` (TODAY unless changed).
    today: String,
}

impl Launch<'_> {
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = lang.into();
        self
    }
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }
    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }
    /// Lives on `day` (YYYY-MM-DD) instead of TODAY.
    pub fn today(mut self, day: &str) -> Self {
        self.today = day.into();
        self
    }
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn spawn(self) -> Tui {
        let home = self.home.dir.path();
        let mut cmd = CommandBuilder::new(bin());
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("LANG", &self.lang);
        cmd.env("TERM", "xterm-256color");
        cmd.env("RUST_BACKTRACE", "0");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.cwd(home);
        cmd.arg("--db");
        cmd.arg(&self.home.db);
        cmd.args(["--today", self.today.as_str()]);
        cmd.args(&self.args);
        Tui::start(cmd, self.cols, self.rows)
    }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// What the reader thread has seen, under one lock so the screen and the
/// bytes always agree.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// Inside a synchronized update: the frame is not whole yet.
    mid_frame: bool,
    /// Times the emulator itself panicked (vt100 0.16 can, on a wide
    /// character left in the last column by a resize) and was rebuilt.
    emulator_resets: usize,
}

impl Seen {
    fn take(&mut self, bytes: &[u8]) {
        let from = self.raw.len().saturating_sub(FRAME_START.len());
        self.raw.extend_from_slice(bytes);
        let tail = &self.raw[from..];
        match (rfind(tail, FRAME_START), rfind(tail, FRAME_END)) {
            (Some(b), Some(e)) => self.mid_frame = b > e,
            (Some(_), None) => self.mid_frame = true,
            (None, Some(_)) => self.mid_frame = false,
            (None, None) => {}
        }
        let parser = &mut self.parser;
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.process(bytes)));
        if ok.is_err() {
            // The next full redraw repaints a fresh emulator.
            let (rows, cols) = self.parser.screen().size();
            self.parser = vt100::Parser::new(rows, cols, 0);
            self.emulator_resets += 1;
        }
    }
}

/// The program running in a pseudo-terminal.
pub struct Tui {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    seen: Arc<Mutex<Seen>>,
    /// The reader saw the end of output (every slave fd closed).
    eof: Arc<AtomicBool>,
    status: Option<portable_pty::ExitStatus>,
}

impl Tui {
    fn start(cmd: CommandBuilder, cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn doorstep");
        // Only the child may hold the slave, so the reader sees the end of
        // output when the child exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            mid_frame: false,
            emulator_resets: 0,
        }));
        let eof = Arc::new(AtomicBool::new(false));
        {
            let (seen, eof) = (seen.clone(), eof.clone());
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            seen.lock().unwrap().take(&buf[..n]);
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Tui {
            master: pair.master,
            writer,
            child,
            seen,
            eof,
            status: None,
        }
    }

    /// Types bytes as the terminal would send them.
    pub fn send(&mut self, bytes: impl AsRef<[u8]>) {
        self.writer.write_all(bytes.as_ref()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Types text one key at a time (each char its own read).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string());
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// The emulated screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    /// The emulated screen's rows, each trimmed at the end.
    pub fn lines(&self) -> Vec<String> {
        self.screen()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    /// Runs `f` on the emulator's screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.seen.lock().unwrap().parser.screen())
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().raw.clone()
    }

    /// Waits until `cond` holds for the screen text of a whole frame (never
    /// one half drawn); fails with the screen.
    pub fn wait_until(&self, what: &str, mut cond: impl FnMut(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (s, whole) = {
                let seen = self.seen.lock().unwrap();
                (seen.parser.screen().contents(), !seen.mid_frame)
            };
            if whole && cond(&s) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out waiting for {what}; screen:\n{s}\n(exit: {:?})",
                    self.status
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `text` is on screen; returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// Waits for the first frame: the tab bar.
    pub fn wait_ready(&self) -> String {
        self.wait_until("the tab bar", |s| {
            s.lines()
                .next()
                .is_some_and(|l| l.contains("1 ") && l.contains("5 "))
        })
    }

    /// The text of row 0 drawn in reverse video: the active tab.
    pub fn active_tab(&self) -> String {
        self.with_screen(|s| {
            let (_, cols) = s.size();
            (0..cols)
                .filter_map(|c| s.cell(0, c))
                .filter(|cell| cell.inverse() && !cell.is_wide_continuation())
                .map(|cell| cell.contents().to_string())
                .collect::<String>()
                .trim()
                .to_string()
        })
    }

    /// Waits until the program has written nothing for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        let start = Instant::now();
        let mut len = self.seen.lock().unwrap().raw.len();
        let mut since = Instant::now();
        while since.elapsed() < quiet && start.elapsed() < TIMEOUT {
            thread::sleep(POLL);
            let now = self.seen.lock().unwrap().raw.len();
            if now != len {
                len = now;
                since = Instant::now();
            }
        }
    }

    /// Times the emulator had to be rebuilt after its own panic.
    pub fn emulator_resets(&self) -> usize {
        self.seen.lock().unwrap().emulator_resets
    }

    /// Resizes the terminal (the program gets SIGWINCH). Waits for output
    /// to settle first, so no frame drawn for the old size lands on the
    /// emulator's new one.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.resize_counting(cols, rows);
    }

    /// Resizes the terminal and waits until the program has drawn a whole
    /// frame after it; returns the screen.
    pub fn resize_and_redraw(&mut self, cols: u16, rows: u16) -> String {
        let before = self.resize_counting(cols, rows);
        self.wait_until(&format!("a frame drawn at {cols}x{rows}"), |_| {
            self.frames() > before
        })
    }

    /// `resize`, returning the frames written before it.
    fn resize_counting(&mut self, cols: u16, rows: u16) -> usize {
        self.settle(Duration::from_millis(50));
        let before = {
            let mut seen = self.seen.lock().unwrap();
            seen.parser.screen_mut().set_size(rows, cols);
            count(&seen.raw, FRAME_END)
        };
        self.master
            .resize(pty_size(cols, rows))
            .expect("resize the pty");
        before
    }

    /// Frames wholly written so far (ends of synchronized updates).
    pub fn frames(&self) -> usize {
        count(&self.seen.lock().unwrap().raw, FRAME_END)
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends a signal with `kill(1)`.
    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([format!("-{sig}"), self.pid().to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{sig} failed");
    }

    /// The terminal's local modes while the program (or the pty) lives,
    /// as the flag names set: raw mode clears ICANON and ECHO.
    pub fn local_flags(&self) -> Option<Vec<String>> {
        let t = self.master.get_termios()?;
        let dbg = format!("{:?}", t.local_flags);
        Some(
            dbg.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    /// True when the terminal is in canonical mode with echo (not raw).
    pub fn cooked(&self) -> Option<bool> {
        let f = self.local_flags()?;
        Some(f.iter().any(|w| w == "ICANON") && f.iter().any(|w| w == "ECHO"))
    }

    /// Waits for the program to exit and for all its output to arrive.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        if let Some(s) = &self.status {
            return s.clone();
        }
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                break s;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen());
            }
            thread::sleep(POLL);
        };
        while !self.eof.load(Ordering::SeqCst) && start.elapsed() < TIMEOUT {
            thread::sleep(POLL);
        }
        assert!(
            self.eof.load(Ordering::SeqCst),
            "output never ended after exit"
        );
        self.status = Some(status.clone());
        status
    }

    /// The output as text (lossy), for messages.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw()).into_owned()
    }

    /// What the alternate screen showed just before the program left it:
    /// the raw bytes up to the last "leave alternate screen", replayed.
    pub fn last_frame(&self, cols: u16, rows: u16) -> String {
        let raw = self.raw();
        let end = rfind(&raw, LEAVE_ALT_SCREEN).unwrap_or(raw.len());
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(&raw[..end]);
        p.screen().contents()
    }

    /// Checks the terminal was put back: the restore sequences come after
    /// the last frame, and the emulator ends on the main screen with the
    /// cursor shown and bracketed paste off; the tty is out of raw mode.
    pub fn assert_restored(&self) {
        let raw = self.raw();
        let shown = || esc(&raw[raw.len().saturating_sub(200)..]);
        let after_frame = rfind(&raw, FRAME_END).map_or(0, |p| p + FRAME_END.len());
        for (name, seq) in [
            ("leave alternate screen", LEAVE_ALT_SCREEN),
            ("show cursor", SHOW_CURSOR),
            ("bracketed paste off", PASTE_OFF),
        ] {
            let at = rfind(&raw, seq);
            assert!(
                at.is_some_and(|p| p >= after_frame),
                "{name} ({}) missing after the last frame; output ends: {}",
                esc(seq),
                shown()
            );
        }
        assert!(
            find(&raw, ENTER_ALT_SCREEN).is_some(),
            "never entered the alternate screen"
        );
        // A synchronized update left open freezes the terminal's display.
        if let Some(begin) = rfind(&raw, FRAME_START) {
            assert!(
                rfind(&raw, FRAME_END).is_some_and(|end| end > begin),
                "a synchronized update was left open; output ends: {}",
                shown()
            );
        }
        self.with_screen(|s| {
            assert!(!s.alternate_screen(), "still on the alternate screen");
            assert!(!s.hide_cursor(), "cursor still hidden");
            assert!(!s.bracketed_paste(), "bracketed paste still on");
        });
        if let Some(cooked) = self.cooked() {
            assert!(
                cooked,
                "terminal left in raw mode: {:?}",
                self.local_flags()
            );
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.status.is_none() {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }
}

/// Position of the first `needle` in `hay`.
/// Polls `cond` until it holds, for things the screen cannot tell (a
/// process gone, a file written); false when TIMEOUT passed first.
pub fn poll(mut cond: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if cond() {
            return true;
        }
        if start.elapsed() > TIMEOUT {
            return false;
        }
        thread::sleep(POLL);
    }
}

/// How often `needle` occurs in `hay`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Position of the last `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Bytes with ESC and other controls made visible, for messages.
pub fn esc(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| match c {
            '\x1b' => "\\e".to_string(),
            c if c.is_control() => format!("\\x{:02x}", c as u32),
            c => c.to_string(),
        })
        .collect()
}
