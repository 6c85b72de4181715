//! The real binary, run as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A command with a private home, so nothing touches the real data dir.
fn doorstep(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_doorstep"));
    c.env_remove("DOORSTEP_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "C");
    c
}

fn run(home: &Path, args: &[&str]) -> Output {
    doorstep(home).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn no_panic(o: &Output) {
    assert!(!text(o).contains("panicked"), "{}", text(o));
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("station.db");
    let out = run(dir, &["demo", "--db", db.to_str().unwrap(), "--seed", "7"]);
    assert!(out.status.success(), "{}", text(&out));
    db
}

#[test]
fn demo_then_check_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run(dir.path(), &["check", "--db", db.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ok"));
    let out = run(dir.path(), &["--db", db.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("visits"), "{}", text(&out));
}

#[test]
fn demo_refuses_a_database_that_holds_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let count = || {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row("SELECT count(*) FROM visits", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let before = count();
    let out = run(dir.path(), &["demo", "--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("already holds data"), "{}", text(&out));
    no_panic(&out);
    assert_eq!(count(), before);
}

#[test]
fn check_and_open_refuse_random_bytes_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("random.db");
    let bytes: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(&db, &bytes).unwrap();
    for args in [vec!["check", "--db"], vec!["--db"]] {
        let mut args = args.clone();
        args.push(db.to_str().unwrap());
        let out = run(dir.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out).contains("not a SQLite database"),
            "{}",
            text(&out)
        );
        no_panic(&out);
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn check_reports_an_overwritten_page_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(
        bytes.len() > 40 * page,
        "demo database is too small to damage"
    );
    // Overwrite a page in the middle of the file (table or index data).
    let start = (bytes.len() / page / 2) * page;
    for (i, b) in bytes[start..start + page].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = run(dir.path(), &["check", "--db", db.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("problems found") || text(&out).contains("damaged"),
        "{}",
        text(&out)
    );
    no_panic(&out);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_newer_database_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 999;")
        .unwrap();
    drop(c);
    let before = std::fs::read(&db).unwrap();
    let out = run(dir.path(), &["--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("newer doorstep"), "{}", text(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn demo_flag_uses_its_own_database_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--demo"]);
    assert!(out.status.success(), "{}", text(&out));
    let demo = dir.path().join("data/doorstep/demo.db");
    assert!(demo.exists(), "{}", text(&out));
    assert!(
        !dir.path().join("data/doorstep/doorstep.db").exists(),
        "station database touched"
    );
    // The second start reuses the same file.
    let before = std::fs::metadata(&demo).unwrap().len();
    assert!(run(dir.path(), &["--demo"]).status.success());
    assert_eq!(std::fs::metadata(&demo).unwrap().len(), before);
}

#[test]
fn db_from_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let out = doorstep(dir.path())
        .env("DOORSTEP_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(db.exists());
}

#[test]
fn categories_list_in_both_languages_with_retired_marked() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("station.toml");
    std::fs::write(
        &cfg,
        "[sets.purpose]\nitems = [{ key = \"law\", retired = true }]\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "categories",
            "--lang",
            "zh",
            "--config",
            cfg.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let zh = text(&out);
    assert!(zh.contains("送温暖"), "{zh}");
    let law = zh.lines().find(|l| l.contains("送法律")).unwrap();
    assert!(law.contains("已停用"), "{law}");
    let out = run(dir.path(), &["categories", "--lang", "en"]);
    assert!(text(&out).contains("warmth"));
}

#[test]
fn a_malformed_config_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "lang = \"zh\"\nstation_code = XC\n").unwrap();
    let out = run(
        dir.path(),
        &["categories", "--config", cfg.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("bad.toml:2:"), "{}", text(&out));
    no_panic(&out);
}

#[test]
fn officers_are_added_and_listed_on_a_new_station_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let db = db.to_str().unwrap();
    let add = |args: &[&str]| {
        let mut all = vec!["officer", "add", "--db", db];
        all.extend_from_slice(args);
        run(dir.path(), &all)
    };
    let out = add(&[
        "--name",
        "张伟",
        "--badge",
        "031204",
        "--unit",
        "community_policing",
        "--login",
        "zhangwei",
        "--leader",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = add(&["--name", "王芳", "--badge", "031205", "--unit", "nowhere"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("nowhere"), "{}", text(&out));
    no_panic(&out);
    let out = run(dir.path(), &["officer", "list", "--db", db]);
    let listed = text(&out);
    assert!(
        listed.contains("张伟") && listed.contains("login zhangwei") && listed.contains("leader"),
        "{listed}"
    );
    assert!(!listed.contains("王芳"), "{listed}");
    // In Chinese, from the catalogue; text from the file is made safe.
    let out = add(&[
        "--name",
        "李娜",
        "--badge",
        "031206",
        "--unit",
        "community_policing",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    // A name written by something else (an old import) with an escape.
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(
            "UPDATE officers SET name = '李' || char(27) || '[2J娜' WHERE badge = '031206'",
            [],
        )
        .unwrap();
    let out = run(dir.path(), &["officer", "list", "--db", db, "--lang", "zh"]);
    let listed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        listed.contains("登录名 zhangwei")
            && listed.contains("所领导")
            && listed.contains("无登录名"),
        "{listed}"
    );
    assert!(
        !listed.contains("login") && !listed.contains("leader"),
        "{listed}"
    );
    assert!(
        listed.contains("李␛[2J娜") && !listed.contains('\x1b'),
        "{listed}"
    );
}

/// Runs `args` with stdout a pipe whose reader has already gone (as
/// `doorstep officer list | head -0` would leave it): the first line
/// written meets a closed pipe.
fn into_closed_pipe(home: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = doorstep(home);
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    // The parent's copy of the write end went into `cmd`; drop it so only
    // the child holds the pipe.
    drop(cmd);
    child.wait_with_output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let db = db.to_str().unwrap();
    let other = dir.path().join("other.db");
    let runs: [&[&str]; 5] = [
        &["officer", "list", "--db", db],
        &["categories"],
        &["check", "--db", db],
        &["--db", db],
        &["demo", "--db", other.to_str().unwrap(), "--seed", "3"],
    ];
    for args in runs {
        let out = into_closed_pipe(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert!(err.is_empty(), "{args:?} said: {err}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
    // The demo still filled its file: only the report of it was lost.
    let c = rusqlite::Connection::open(&other).unwrap();
    let visits: i64 = c
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert!(visits > 1_000, "{visits}");
}

#[test]
fn officer_list_into_head_reads_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut child = doorstep(dir.path())
        .args(["officer", "list", "--db", db.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().unwrap();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .unwrap();
        // The reader goes away here, after one line.
    }
    let out = child.wait_with_output().unwrap();
    assert!(first.contains("login"), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}", out.status);
}
