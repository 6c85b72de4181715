//! `--out` and the station files as a careless hand gives them: a report
//! or export never replaces a database, a write-protected file or a
//! folder; a station named twice in `--merge` is refused; a file that
//! cannot be opened or written is one message in the user's language that
//! names the user's path once. Each case runs the real binary.

mod export_support;

use export_support::failing_in_terminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn doorstep(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doorstep"))
        .current_dir(dir)
        .env_remove("DOORSTEP_DB")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("LANG", "C")
        .args(["--today", "2026-11-26"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A demo station file `name` in `dir`.
fn demo(dir: &Path, name: &str) -> PathBuf {
    let o = doorstep(dir, &["--db", name, "demo", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join(name)
}

/// Files in `dir`, sorted (a temporary file left behind would show);
/// SQLite's own files beside a database opened for writing are left out.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

/// A refusal: failure, one line in `lang` containing `want`, naming
/// `name` once, no system or temporary-file wording.
fn refused(o: &Output, lang: &str, want: &str, name: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "succeeded: {err}");
    assert!(o.stdout.is_empty(), "wrote to stdout");
    assert!(err.contains(want), "want {want:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches(name).count(), 1, "{name} not named once: {err}");
    for english in [
        "os error",
        ".doorstep-export",
        "does not exist",
        "not a SQLite",
    ] {
        if lang == "zh" || english == "os error" || english == ".doorstep-export" {
            assert!(!err.contains(english), "{english:?} in {err}");
        }
    }
}

#[test]
fn out_never_replaces_a_database_a_protected_file_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let station = demo(d, "s.db");
    let other = demo(d, "other.db");
    std::fs::write(d.join("ro.csv"), "last month").unwrap();
    let mut perms = std::fs::metadata(d.join("ro.csv")).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(d.join("ro.csv"), perms).unwrap();
    std::fs::create_dir(d.join("review")).unwrap();
    let before: Vec<Vec<u8>> = ["s.db", "other.db", "ro.csv"]
        .iter()
        .map(|f| std::fs::read(d.join(f)).unwrap())
        .collect();
    let listing = files(d);
    let station_zh = "这是正在读取的站所数据库";
    let cases: [(&[&str], &str, &str, &str); 7] = [
        (
            &["report", "--out", "s.db"],
            "s.db",
            station_zh,
            "station database",
        ),
        (
            &["export", "--format", "json", "--out", "./s.db"],
            "./s.db",
            station_zh,
            "station database",
        ),
        (
            &["report", "--out", "s.db-wal"],
            "s.db-wal",
            station_zh,
            "station database",
        ),
        (
            &["report", "--out", "other.db"],
            "other.db",
            "这是数据库文件",
            "it is a database",
        ),
        (
            &["report", "--format", "csv", "--out", "ro.csv"],
            "ro.csv",
            "该文件为只读",
            "write-protected",
        ),
        (
            &[
                "export", "--ledger", "visits", "--format", "csv", "--out", "ro.csv",
            ],
            "ro.csv",
            "该文件为只读",
            "write-protected",
        ),
        (
            &["report", "--out", "review"],
            "review",
            "这是一个文件夹",
            "it is a folder",
        ),
    ];
    for (args, name, zh, en) in cases {
        for (lang, want) in [("zh", zh), ("en", en)] {
            let mut all = vec!["--lang", lang, "--db", "s.db"];
            all.extend_from_slice(args);
            let o = doorstep(d, &all);
            refused(&o, lang, want, name);
        }
    }
    let after: Vec<Vec<u8>> = ["s.db", "other.db", "ro.csv"]
        .iter()
        .map(|f| std::fs::read(d.join(f)).unwrap())
        .collect();
    assert!(before == after, "a refused --out changed a file");
    assert_eq!(files(d), listing, "a file was made or left behind");
    assert!(files(&d.join("review")).is_empty());
    // The same station through a path not made yet is still itself.
    let o = doorstep(
        d,
        &[
            "--db",
            station.to_str().unwrap(),
            "report",
            "--out",
            "review/../s.db",
        ],
    );
    refused(&o, "en", "station database", "review/../s.db");
    // An ordinary file is still replaced.
    std::fs::write(d.join("old.md"), "old").unwrap();
    let o = doorstep(d, &["--db", "s.db", "report", "--out", "old.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(d.join("old.md"))
        .unwrap()
        .contains("# "));
    drop(other);
}

#[test]
fn a_station_named_twice_in_merge_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d, "a.db");
    demo(d, "b.db");
    for (lang, want) in [
        ("zh", "在 --merge 中出现了不止一次"),
        ("en", "named more than once"),
    ] {
        for twice in [["a.db", "b.db", "a.db"], ["a.db", "b.db", "./b.db"]] {
            let mut all = vec!["--lang", lang, "report", "--format", "json", "--merge"];
            all.extend_from_slice(&twice);
            let o = doorstep(d, &all);
            refused(&o, lang, want, twice[2]);
        }
    }
    let o = doorstep(
        d,
        &["report", "--format", "json", "--merge", "a.db", "b.db"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let help = doorstep(d, &["report", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(help.contains("--db is not used with --merge"), "{help}");
}

#[test]
fn a_file_that_cannot_be_opened_or_written_is_one_message_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d, "s.db");
    std::fs::write(d.join("notdb.db"), "not a database at all, just text").unwrap();
    let cases: [(&[&str], &str, &str, &str); 6] = [
        (
            &["--db", "notdb.db", "report"],
            "notdb.db",
            "无法打开 notdb.db：不是 SQLite 数据库",
            "cannot open notdb.db: it is not a SQLite database",
        ),
        (
            &["report", "--merge", "s.db", "notdb.db"],
            "notdb.db",
            "无法打开 notdb.db：不是 SQLite 数据库",
            "cannot open notdb.db: it is not a SQLite database",
        ),
        (
            &["--db", "notdb.db", "export", "--format", "json"],
            "notdb.db",
            "无法打开 notdb.db：不是 SQLite 数据库",
            "cannot open notdb.db: it is not a SQLite database",
        ),
        (
            &["--db", "missing.db", "report"],
            "missing.db",
            "无法打开 missing.db：文件不存在",
            "cannot open missing.db: it does not exist",
        ),
        (
            &[
                "--db",
                "s.db",
                "report",
                "--format",
                "csv",
                "--out",
                "nowhere/q.csv",
            ],
            "nowhere/q.csv",
            "无法写入 nowhere/q.csv：所在文件夹不存在",
            "cannot write nowhere/q.csv: its folder does not exist",
        ),
        (
            &[
                "--db",
                "s.db",
                "export",
                "--ledger",
                "care",
                "--out",
                "nowhere/q.csv",
            ],
            "nowhere/q.csv",
            "无法写入 nowhere/q.csv：所在文件夹不存在",
            "cannot write nowhere/q.csv: its folder does not exist",
        ),
    ];
    for (args, name, zh, en) in cases {
        for (lang, want) in [("zh", zh), ("en", en)] {
            let mut all = vec!["--lang", lang];
            all.extend_from_slice(args);
            let o = doorstep(d, &all);
            refused(&o, lang, want, name);
        }
    }
    assert!(!d.join("missing.db").exists(), "a report made the file");
    assert!(!d.join("nowhere").exists());
}

#[test]
fn a_docx_report_refuses_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d, "s.db");
    let out = failing_in_terminal(
        d,
        &["--lang", "zh", "--db", "s.db", "report", "--format", "docx"],
    );
    assert!(out.contains("不能直接输出到终端"), "{out}");
    assert!(!out.contains("PK"), "the ZIP reached the terminal: {out}");
    assert!(
        !out.contains("word/"),
        "the ZIP reached the terminal: {out}"
    );
}
