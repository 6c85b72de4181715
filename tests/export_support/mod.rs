//! Shared by the export tests: a demo database made by the binary, the
//! binary run with arguments, counts by plain SQL through the test's own
//! connection, and Python run as an independent reader.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The range the tests export: inside the demo's year of records.
pub const FROM: &str = "2026-06-01";
pub const TO: &str = "2026-11-30";

/// A demo database (fixed seed and today) in `dir`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("station.db");
    let out = doorstep(&db, &["--today", "2026-11-26", "demo", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

/// Runs the binary on `db` with `args`, stdin closed.
pub fn doorstep(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doorstep"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The test's own connection to the file.
pub fn conn(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// One number from plain SQL with `?1` = FROM and `?2` = TO.
pub fn count(db: &Path, sql: &str) -> i64 {
    conn(db).query_row(sql, [FROM, TO], |r| r.get(0)).unwrap()
}

/// A column of text from plain SQL with `?1` = FROM and `?2` = TO, sorted.
pub fn column(db: &Path, sql: &str) -> Vec<String> {
    let c = conn(db);
    let mut stmt = c.prepare(sql).unwrap();
    let mut out: Vec<String> = stmt
        .query_map([FROM, TO], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    out
}

/// Runs a Python script (an independent reader) with `args` and parses
/// its stdout as JSON. CI installs the packages (`.ci/run`); a missing
/// one fails the test with the command that installs it.
pub fn python(script: &str, args: &[&Path]) -> serde_json::Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is needed by the export tests (see .ci/run)");
    assert!(
        out.status.success(),
        "python failed (pip install openpyxl icalendar, as .ci/run does):\n{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs the binary in `dir` in a pseudo-terminal (stdout and stderr are a
/// terminal), expects it to fail, and returns everything it printed.
pub fn failing_in_terminal(dir: &Path, args: &[&str]) -> String {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_doorstep"));
    cmd.cwd(dir);
    cmd.args(args);
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = std::io::Read::read_to_end(&mut reader, &mut out);
        out
    });
    let status = child.wait().unwrap();
    drop(pty.master);
    let out = String::from_utf8_lossy(&reading.join().unwrap()).into_owned();
    assert!(!status.success(), "{out}");
    out
}
