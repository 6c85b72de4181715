//! `doorstep report` as a user and a bureau run it: the JSON figures agree
//! with counts made by plain SQL over demo files of several seeds, the
//! roll-up of two stations is the sum of their reports, and bad input gets
//! a clear message and leaves no file.

use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-26";

fn doorstep(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doorstep"))
        .env_remove("DOORSTEP_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "C")
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn demo(dir: &Path, seed: u64) -> PathBuf {
    let db = dir.join(format!("station-{seed}.db"));
    let seed = seed.to_string();
    let out = doorstep(
        dir,
        &["--db", db.to_str().unwrap(), "demo", "--seed", &seed],
    );
    assert!(out.status.success(), "{}", text(&out));
    db
}

fn report_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let out = doorstep(dir, &all);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// (key, count) rows as a JSON object like the report's.
fn keyed(c: &Connection, sql: &str) -> Value {
    let mut stmt = c.prepare(sql).unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap();
    Value::Object(
        rows.map(|r| {
            let (k, n) = r.unwrap();
            (k, n.into())
        })
        .collect(),
    )
}

/// The year 2026 on `TODAY`, in plain SQL written apart from the store's.
fn check_against_sql(db: &Path, f: &Value) {
    let c = Connection::open(db).unwrap();
    let year = "BETWEEN '2026-01-01' AND '2026-12-31'";
    let done = format!("FROM visits WHERE status = 'done' AND on_date {year}");
    let v = &f["visits"];
    assert_eq!(v["done"], count(&c, &format!("SELECT count(*) {done}")));
    assert_eq!(
        v["planned"],
        count(
            &c,
            &format!("SELECT count(*) FROM visits WHERE status = 'planned' AND on_date {year}")
        )
    );
    assert_eq!(
        v["overdue"],
        count(&c, &format!(
            "SELECT count(*) FROM visits WHERE status = 'planned' AND on_date {year} AND on_date < '{TODAY}'"
        ))
    );
    assert_eq!(
        v["people_reached"],
        count(
            &c,
            &format!("SELECT coalesce(sum(people_reached), 0) {done}")
        )
    );
    assert_eq!(
        v["turnouts"],
        count(
            &c,
            &format!("SELECT count(*) FROM visit_officers WHERE visit_id IN (SELECT id {done})")
        )
    );
    assert_eq!(
        v["by_purpose"],
        keyed(&c, &format!(
            "SELECT purpose, count(*) FROM visit_purposes WHERE visit_id IN (SELECT id {done}) GROUP BY 1"
        ))
    );
    assert_eq!(
        v["targets_by_kind"],
        keyed(
            &c,
            &format!(
            "SELECT kind, count(*) FROM directory WHERE id IN (SELECT target_id {done}) GROUP BY 1"
        )
        )
    );
    assert_eq!(
        f["evaluation"]["sheets_out"],
        count(&c, &format!("SELECT coalesce(sum(sheets_out), 0) {done}"))
    );
    let i = &f["issues"];
    let raised = format!("FROM issues WHERE raised_on {year}");
    assert_eq!(i["raised"], count(&c, &format!("SELECT count(*) {raised}")));
    assert_eq!(
        i["raised_by_topic"],
        keyed(&c, &format!("SELECT topic, count(*) {raised} GROUP BY 1"))
    );
    assert_eq!(
        i["closed"],
        count(
            &c,
            &format!("SELECT count(*) {raised} AND status = 'closed'")
        )
    );
    // First rectification against the deadline of the last assignment
    // written before it.
    let on_time = format!(
        "WITH first AS (
           SELECT s.issue_id, min(s.id) AS id FROM issue_steps s
           WHERE s.step = 'rectify' AND s.issue_id IN (SELECT id {raised}) GROUP BY s.issue_id)
         SELECT count(*), coalesce(sum(r.on_date <= (
             SELECT a.deadline FROM issue_steps a WHERE a.issue_id = f.issue_id
               AND a.step = 'assign' AND a.id < f.id ORDER BY a.id DESC LIMIT 1)), 0)
         FROM first f JOIN issue_steps r ON r.id = f.id"
    );
    let (rectified, in_time): (i64, i64) = c
        .query_row(&on_time, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(i["ever_rectified"], rectified);
    assert_eq!(i["rectified_on_time"], in_time);
    // The period runs past today, so "open at its end" is open now.
    assert_eq!(
        i["open"]["open"],
        count(
            &c,
            "SELECT count(*) FROM issues WHERE status IN ('new', 'assigned', 'rectifying')"
        )
    );
    let ratings = count(
        &c,
        &format!(
            "SELECT count(*) FROM evaluation_ratings WHERE evaluation_id IN
           (SELECT e.id FROM evaluations e WHERE e.visit_id IN (SELECT id {done}))"
        ),
    );
    let overall = &f["evaluation"]["overall"];
    let total = ["satisfied", "basically", "dissatisfied"]
        .iter()
        .map(|k| overall[k].as_i64().unwrap())
        .sum::<i64>();
    assert_eq!(total, ratings);
    let m = &f["mediation"];
    assert_eq!(
        m["received"],
        count(
            &c,
            &format!("SELECT count(*) FROM mediation_cases WHERE received_on {year}")
        )
    );
    assert_eq!(
        m["sessions"],
        count(
            &c,
            &format!("SELECT count(*) FROM mediation_sessions WHERE held = 1 AND on_date {year}")
        )
    );
    assert_eq!(
        m["agreements"],
        count(
            &c,
            &format!("SELECT count(*) FROM mediation_cases WHERE agreed_on {year}")
        )
    );
    // The demo decides cases both ways, and its timelines say so.
    assert!(m["agreements"].as_i64().unwrap() > 0, "{m}");
    assert_eq!(
        m["no_agreements"],
        count(
            &c,
            &format!(
                "SELECT count(*) FROM case_steps WHERE step = 'no_agreement' AND on_date {year}"
            )
        )
    );
    assert!(m["no_agreements"].as_i64().unwrap() > 0, "{m}");
    assert!(
        m["past_limit"].as_i64().unwrap() < m["received"].as_i64().unwrap(),
        "{m}"
    );
    assert_eq!(
        f["care"]["on_list"],
        count(
            &c,
            "SELECT count(*) FROM care_entries WHERE active = 1 AND since <= '2026-12-31'"
        )
    );
}

#[test]
fn json_figures_agree_with_plain_sql_over_demo_files() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 7, 42] {
        let db = demo(dir.path(), seed);
        let json = report_json(
            dir.path(),
            &[
                "--db",
                db.to_str().unwrap(),
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
            ],
        );
        assert_eq!(json["format_version"], 1);
        let figures = &json["stations"][0]["figures"];
        assert!(
            figures["visits"]["done"].as_i64().unwrap() > 100,
            "seed {seed}"
        );
        check_against_sql(&db, figures);
    }
}

/// `a + b` for every number in two report figure trees of the same shape
/// (keys missing from one count as zero).
fn add(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = x.clone();
            for (k, v) in y {
                let sum = match x.get(k) {
                    Some(w) => add(w, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), sum);
            }
            Value::Object(out)
        }
        (Value::Number(x), Value::Number(y)) => (x.as_i64().unwrap() + y.as_i64().unwrap()).into(),
        _ => panic!("shapes differ: {a} / {b}"),
    }
}

#[test]
fn the_bureau_roll_up_is_the_sum_of_the_station_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (demo(dir.path(), 3), demo(dir.path(), 4));
    let period = ["--from", "2026-06-01", "--to", "2026-11-30"];
    let single = |db: &Path| {
        let mut args = vec!["--db", db.to_str().unwrap()];
        args.extend(period);
        report_json(dir.path(), &args)["stations"][0]["figures"].clone()
    };
    let (fa, fb) = (single(&a), single(&b));
    let mut args = vec!["--merge", a.to_str().unwrap(), b.to_str().unwrap()];
    args.extend(period);
    let merged = report_json(dir.path(), &args);
    assert_eq!(merged["stations"][0]["figures"], fa);
    assert_eq!(merged["stations"][1]["figures"], fb);
    assert_eq!(merged["total"], add(&fa, &fb));
    // Both demo files carry the code XC: their file names tell them apart,
    // and the total has a column of its own.
    let summary = &merged["summary"]["columns"];
    assert_eq!(summary.as_array().unwrap().len(), 3, "{summary}");
    assert!(
        summary[0].as_str().unwrap().contains("station-3"),
        "{summary}"
    );
    // Opened read-only: the files are as they were.
    let out = doorstep(dir.path(), &["check", "--db", a.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_report_writes_its_file_whole_and_refuses_bad_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5);
    let db = db.to_str().unwrap();
    let out_file = dir.path().join("summary.md");
    let out_path = out_file.to_str().unwrap();
    let out = doorstep(
        dir.path(),
        &["--db", db, "--lang", "zh", "report", "--out", out_path],
    );
    assert!(out.status.success(), "{}", text(&out));
    let md = std::fs::read_to_string(&out_file).unwrap();
    assert!(md.contains("2026-11-01 至 2026-11-30"), "{md}");
    assert!(md.contains("## 四、带着责任去议"), "{md}");
    let bad = doorstep(
        dir.path(),
        &[
            "--db",
            db,
            "report",
            "--from",
            "2026-13-01",
            "--out",
            out_path,
        ],
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad).contains("not a date: 2026-13-01"),
        "{}",
        text(&bad)
    );
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        md,
        "the old file is untouched"
    );
    let backwards = doorstep(
        dir.path(),
        &[
            "--db",
            db,
            "report",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-01",
        ],
    );
    assert!(
        text(&backwards).contains("the period ends before it starts"),
        "{}",
        text(&backwards)
    );
    let csv = doorstep(
        dir.path(),
        &["--db", db, "--lang", "zh", "report", "--format", "csv"],
    );
    assert!(
        csv.stdout.starts_with(b"\xEF\xBB\xBF"),
        "a BOM for spreadsheets"
    );
    assert!(String::from_utf8_lossy(&csv.stdout).contains("一、带着任务去走"));
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".part")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn the_demo_is_one_flag_away_for_the_report_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = doorstep(
        dir.path(),
        &[
            "--demo",
            "--lang",
            "zh",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## 一、带着任务去走"), "{md}");
    assert!(
        !md.contains("| 已完成走访 | 0 |"),
        "the demo has done visits: {md}"
    );
    // It never touched a station file.
    assert!(!dir.path().join("data/doorstep/doorstep.db").exists());
}
