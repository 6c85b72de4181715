//! Ledgers (issue 8 §2): every ledger as csv and xlsx, read back by
//! independent readers (the csv crate here, Python's openpyxl for xlsx)
//! and checked against plain SQL counts; atomic output; catalogued errors.

mod export_support;

use export_support::{
    column, count, demo_db, doorstep, failing_in_terminal, python, stderr, FROM, TO,
};
use std::path::Path;

/// Each ledger, the SQL that counts its records in [FROM, TO] and the SQL
/// that lists their first column (reference or number).
const LEDGERS: [(&str, &str, &str); 4] = [
    (
        "visits",
        "SELECT count(*) FROM visits WHERE on_date BETWEEN ?1 AND ?2",
        "SELECT CAST(id AS TEXT) FROM visits WHERE on_date BETWEEN ?1 AND ?2",
    ),
    (
        "issues",
        "SELECT count(*) FROM issues WHERE raised_on BETWEEN ?1 AND ?2",
        "SELECT reference FROM issues WHERE raised_on BETWEEN ?1 AND ?2",
    ),
    (
        "mediation",
        "SELECT count(*) FROM mediation_cases WHERE received_on BETWEEN ?1 AND ?2",
        "SELECT reference FROM mediation_cases WHERE received_on BETWEEN ?1 AND ?2",
    ),
    (
        "care",
        // Due in the range, or visited for care in it (docs/ARCHITECTURE.md, "Reports and exports").
        "SELECT count(*) FROM care_entries c WHERE c.next_due_on BETWEEN ?1 AND ?2
           OR c.person_id IN (SELECT v.target_id FROM visits v
                JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = 'care'
                WHERE v.status = 'done' AND v.on_date BETWEEN ?1 AND ?2)",
        "SELECT CAST(c.id AS TEXT) FROM care_entries c WHERE c.next_due_on BETWEEN ?1 AND ?2
           OR c.person_id IN (SELECT v.target_id FROM visits v
                JOIN visit_purposes p ON p.visit_id = v.id AND p.purpose = 'care'
                WHERE v.status = 'done' AND v.on_date BETWEEN ?1 AND ?2)",
    ),
];

/// The Chinese headers each ledger must start with, written out here.
fn chinese_headers(ledger: &str) -> &'static [&'static str] {
    match ledger {
        "visits" => &[
            "编号",
            "日期",
            "时间",
            "时长（分钟）",
            "走访对象",
            "地点",
            "民警",
            "目的",
        ],
        "issues" => &[
            "编号",
            "反映日期",
            "反映人",
            "类别",
            "摘要",
            "责任单位",
            "责任人",
            "整改期限",
            "状态",
        ],
        "mediation" => &["编号", "受理日期", "当事人", "纠纷类型"],
        "care" => &["编号", "对象", "地址", "电话", "关爱类别"],
        _ => unreachable!(),
    }
}

fn export(db: &Path, ledger: &str, format: &str, out: &Path) {
    let o = doorstep(
        db,
        &[
            "--lang",
            "zh",
            "export",
            "--ledger",
            ledger,
            "--format",
            format,
            "--from",
            FROM,
            "--to",
            TO,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{ledger} {format}: {}", stderr(&o));
}

#[test]
fn csv_ledgers_have_a_bom_chinese_headers_and_every_record_in_range_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (ledger, count_sql, ids_sql) in LEDGERS {
        let path = dir.path().join(format!("{ledger}.csv"));
        export(&db, ledger, "csv", &path);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{ledger}: no BOM");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let want = chinese_headers(ledger);
        assert_eq!(&headers[..want.len()], want, "{ledger}");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let expected = count(&db, count_sql);
        assert!(expected > 0, "{ledger}: the demo has nothing in range");
        assert_eq!(rows.len() as i64, expected, "{ledger}");
        assert!(rows.iter().all(|r| r.len() == headers.len()), "{ledger}");
        let mut firsts: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
        firsts.sort();
        assert_eq!(
            firsts,
            column(&db, ids_sql),
            "{ledger}: not the records in range"
        );
    }
}

#[test]
fn csv_labels_are_in_the_chosen_language_and_anonymous_raisers_stay_unnamed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("issues.csv");
    export(&db, "issues", "csv", &path);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let anonymous = column(
        &db,
        "SELECT reference FROM issues WHERE anonymous AND raised_on BETWEEN ?1 AND ?2",
    );
    assert!(
        !anonymous.is_empty(),
        "the demo has no anonymous issue in range"
    );
    for r in &rows {
        if anonymous.contains(&r[0].to_string()) {
            assert_eq!(&r[2], "匿名", "{}", &r[0]);
        }
        // Keys never leak: topics and states are Chinese labels.
        assert!(!r[3].is_ascii(), "topic {:?}", &r[3]);
        assert!(!r[8].is_ascii(), "state {:?}", &r[8]);
    }
}

const OPENPYXL: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
headers = [c.value for c in ws[1]]
print(json.dumps({
    "title": ws.title,
    "freeze": ws.freeze_panes,
    "print_title_rows": ws.print_title_rows,
    "orientation": ws.page_setup.orientation,
    "paper": str(ws.page_setup.paperSize),
    "headers": headers,
    "bold": all(c.font.b for c in ws[1]),
    "rows": ws.max_row - 1,
    "first_col": [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)],
    "widths": [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
               for i in range(len(headers))],
}, ensure_ascii=False))
"#;

#[test]
fn xlsx_ledgers_open_in_openpyxl_laid_out_for_print() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let titles = ["走访台账", "问题台账", "矛盾纠纷调解台账", "关爱对象台账"];
    for ((ledger, count_sql, ids_sql), title) in LEDGERS.into_iter().zip(titles) {
        let path = dir.path().join(format!("{ledger}.xlsx"));
        export(&db, ledger, "xlsx", &path);
        let got = python(OPENPYXL, &[&path]);
        assert_eq!(got["title"], title);
        assert_eq!(got["freeze"], "A2", "{ledger}: header not frozen");
        assert_eq!(
            got["print_title_rows"], "$1:$1",
            "{ledger}: header not repeated"
        );
        assert_eq!(got["orientation"], "landscape", "{ledger}");
        assert_eq!(got["paper"], "9", "{ledger}: not A4");
        assert_eq!(got["bold"], true, "{ledger}: header not bold");
        let headers: Vec<&str> = got["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        let want = chinese_headers(ledger);
        assert_eq!(&headers[..want.len()], want, "{ledger}");
        assert_eq!(got["rows"], count(&db, count_sql), "{ledger}");
        let mut firsts: Vec<String> = got["first_col"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| match v {
                serde_json::Value::Number(n) => n.as_f64().unwrap().to_string(),
                other => other.as_str().unwrap().to_string(),
            })
            .collect();
        firsts.sort();
        assert_eq!(firsts, column(&db, ids_sql), "{ledger}");
        // Widths fitted: every column set, and a Chinese header of n
        // characters gets at least 2n (double width).
        for (h, w) in headers.iter().zip(got["widths"].as_array().unwrap()) {
            let w = w.as_f64().unwrap();
            assert!(
                w >= 2.0 * h.chars().count() as f64,
                "{ledger} {h}: width {w}"
            );
        }
    }
}

#[test]
fn english_headers_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = doorstep(
        &db,
        &[
            "--lang",
            "en",
            "export",
            "--ledger",
            "mediation",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(
        header.starts_with("No.,Received on,Parties,Dispute kind"),
        "{header}"
    );
    let all = count(&db, "SELECT count(*) FROM mediation_cases WHERE ?1 <> ?2");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        reader.records().count() as i64,
        all,
        "stdout holds every case"
    );
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_export_leaves_the_old_file_intact_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let outdir = dir.path().join("out");
    std::fs::create_dir(&outdir).unwrap();
    let path = outdir.join("ledger.csv");
    std::fs::write(&path, "last month's ledger").unwrap();
    let p = path.to_str().unwrap();
    // Refused before anything is opened: a bad date.
    let o = doorstep(
        &db,
        &[
            "export",
            "--ledger",
            "issues",
            "--from",
            "2026-02-30",
            "--out",
            p,
        ],
    );
    assert!(!o.status.success());
    // Failing after the temporary file was made: the table it reads is
    // gone (planted through the test's own connection).
    let json = outdir.join("ledger.json");
    std::fs::write(&json, "old care ledger").unwrap();
    export_support::conn(&db)
        .execute_batch("DROP TABLE care_entries")
        .unwrap();
    let o = doorstep(
        &db,
        &[
            "export",
            "--ledger",
            "care",
            "--format",
            "csv",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "last month's ledger"
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "old care ledger");
    assert_eq!(files(&outdir), ["ledger.csv", "ledger.json"]);
    // A good export then replaces it.
    let o = doorstep(&db, &["export", "--ledger", "issues", "--out", p]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with('\u{feff}'));
    assert_eq!(files(&outdir), ["ledger.csv", "ledger.json"]);
}

#[test]
fn mistakes_are_told_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let cases: [(&[&str], &str); 8] = [
        (
            &["--format", "json", "--from", "2026-01-01"],
            "不适用 --from 和 --to",
        ),
        (
            &["--ledger", "visit", "--format", "csv"],
            "没有名为“visit”的台账",
        ),
        (
            &[
                "--ledger",
                "visits",
                "--format",
                "csv",
                "--from",
                "11/26/2026",
            ],
            "“11/26/2026”不是日期",
        ),
        (
            &[
                "--ledger",
                "visits",
                "--format",
                "csv",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-01",
            ],
            "结束日期（2026-11-01）早于开始日期（2026-11-02）",
        ),
        (
            &["--format", "ics", "--officer", "没有这个人"],
            "没有名为“没有这个人”的民警",
        ),
        (&["--format", "pdf"], "没有名为“pdf”的导出格式"),
        (&["--format", "csv"], "请加 --ledger"),
        (
            &["--ledger", "care", "--format", "ics"],
            "--ledger 仅用于 xlsx 或 csv",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["--lang", "zh", "export"];
        all.extend_from_slice(args);
        let o = doorstep(&db, &all);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn control_characters_in_a_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = doorstep(
        &db,
        &["export", "--format", "ics", "--officer", "x\u{1b}[31my"],
    );
    assert!(!o.status.success());
    assert!(!stderr(&o).contains('\u{1b}'), "{}", stderr(&o));
}

#[test]
fn xlsx_refuses_a_terminal_with_a_catalogued_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let db = db.to_str().unwrap();
    let out = failing_in_terminal(
        dir.path(),
        &[
            "--db", db, "--lang", "zh", "export", "--ledger", "care", "--format", "xlsx",
        ],
    );
    assert!(out.contains("不能直接输出到终端"), "{out}");
    assert!(!out.contains("PK"), "binary reached the terminal: {out}");
}

#[test]
fn paging_crosses_pages_without_losing_or_repeating_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // Plant copies of every visit (same days and states) until there are
    // more than two pages of 2,000, many sharing a day with each other.
    let c = export_support::conn(&db);
    for _ in 0..2 {
        c.execute_batch(
            "INSERT INTO visits (on_date, at_time, duration_min, target_id, place, form, mission,
                 status, outcome, people_reached, cancel_reason,
                 created_at, created_by, updated_at, updated_by)
             SELECT on_date, at_time, duration_min, target_id, place, form, mission,
                 status, outcome, people_reached, cancel_reason,
                 created_at, created_by, updated_at, updated_by FROM visits",
        )
        .unwrap();
    }
    let n = count(&db, "SELECT count(*) FROM visits WHERE ?1 <> ?2");
    assert!(n > 4_000, "{n}");
    let path = dir.path().join("visits.csv");
    let o = doorstep(
        &db,
        &[
            "export",
            "--ledger",
            "visits",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    let dates: Vec<String> = rows.iter().map(|r| r[1].to_string()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "not in date order");
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "a row written twice");
    let c2 = export_support::conn(&db);
    let mut want: Vec<String> = c2
        .prepare("SELECT CAST(id AS TEXT) FROM visits")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    want.sort();
    assert_eq!(ids, want);
}

#[test]
fn json_export_is_the_full_dump() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = dir.path().join("a.json");
    let o = doorstep(&db, &["export", "--out", a.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dump: serde_json::Value = serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    assert_eq!(dump["format_version"], 1);
    let visits: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dump["visits"].as_array().unwrap().len() as i64, visits);
}

/// Plants, through the test's own connection, an issue handed over to the
/// street office with a reply and a verification result, a care visit
/// with a gift of 199.50 yuan, and a visited person whose name starts
/// like a formula. Returns (issue reference, visit id).
fn plant_handover_gift_and_formula(db: &Path) -> (String, i64) {
    let c = export_support::conn(db);
    let (reference, issue): (String, i64) = c
        .query_row(
            "SELECT reference, id FROM issues WHERE raised_on BETWEEN ?1 AND ?2
             ORDER BY raised_on, id LIMIT 1",
            [FROM, TO],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    c.execute(
        "UPDATE issues SET verification = 'partly_founded', handed_to = 'street_office',
             handed_on = '2026-07-02', handover_reply = '已安排清理', handover_reply_on = '2026-07-09'
         WHERE id = ?1",
        [issue],
    )
    .unwrap();
    let visit: i64 = c
        .query_row(
            "SELECT id FROM visits WHERE on_date BETWEEN ?1 AND ?2 AND target_id IS NOT NULL
             ORDER BY on_date, id LIMIT 1",
            [FROM, TO],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "UPDATE visits SET status = 'done', gift = '米面油', gift_fen = 19950, materials = 12,
             sheets_out = 3 WHERE id = ?1",
        [visit],
    )
    .unwrap();
    c.execute(
        "UPDATE directory SET name = '=HYPERLINK(\"x\")'
         WHERE id = (SELECT target_id FROM visits WHERE id = ?1)",
        [visit],
    )
    .unwrap();
    (reference, visit)
}

/// The csv at `path` as header → value maps, keyed by the first column.
fn csv_by_first(path: &Path) -> std::collections::HashMap<String, Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(Result::unwrap)
        .map(|r| {
            let cells = headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect();
            (r[0].to_string(), cells)
        })
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], header: &str) -> &'a str {
    &row.iter()
        .find(|(h, _)| h == header)
        .unwrap_or_else(|| panic!("no column {header}"))
        .1
}

#[test]
fn csv_ledgers_carry_hand_over_verification_and_handouts_and_defuse_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (reference, visit) = plant_handover_gift_and_formula(&db);

    let path = dir.path().join("issues.csv");
    export(&db, "issues", "csv", &path);
    let issues = csv_by_first(&path);
    let row = &issues[&reference];
    assert_eq!(cell(row, "核查结果"), "部分查实");
    assert_eq!(cell(row, "转办部门"), "街道办事处");
    assert_eq!(cell(row, "转办日期"), "2026-07-02");
    assert_eq!(cell(row, "转办回复"), "已安排清理");
    assert_eq!(cell(row, "回复日期"), "2026-07-09");
    let deadline: String = export_support::conn(&db)
        .query_row(
            "SELECT close_deadline FROM issues WHERE reference = ?1",
            [&reference],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cell(row, "办结期限"), deadline);
    // An issue never handed over has those cells empty.
    assert!(issues.values().any(|r| cell(r, "转办部门").is_empty()));

    let path = dir.path().join("visits.csv");
    export(&db, "visits", "csv", &path);
    let visits = csv_by_first(&path);
    let row = &visits[&visit.to_string()];
    assert_eq!(cell(row, "慰问品"), "米面油");
    assert_eq!(cell(row, "慰问金额（元）"), "199.50");
    assert_eq!(cell(row, "发放宣传资料（份）"), "12");
    assert_eq!(cell(row, "发放评议表（份）"), "3");
    assert_eq!(cell(row, "走访对象"), "'=HYPERLINK(\"x\")");
    // Numbers and dates we write stay as they are.
    assert_eq!(cell(row, "编号"), visit.to_string());
    assert!(!cell(row, "日期").starts_with('\''));
}

const OPENPYXL_CELLS: &str = r#"
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
headers = [c.value for c in ws[1]]
key = sys.argv[2]
for row in ws.iter_rows(min_row=2):
    if str(row[0].value) == key:
        print(json.dumps({h: {"value": c.value, "type": c.data_type, "format": c.number_format}
                          for h, c in zip(headers, row)}, ensure_ascii=False,
                         default=lambda v: v.isoformat()))
        break
"#;

#[test]
fn xlsx_ledgers_carry_the_new_columns_text_as_text_and_yuan_as_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (reference, visit) = plant_handover_gift_and_formula(&db);

    let path = dir.path().join("issues.xlsx");
    export(&db, "issues", "xlsx", &path);
    let row = python(OPENPYXL_CELLS, &[&path, Path::new(&reference)]);
    assert_eq!(row["核查结果"]["value"], "部分查实");
    assert_eq!(row["转办部门"]["value"], "街道办事处");
    // Days are dates a spreadsheet can sort and filter, shown as written.
    assert_eq!(row["转办日期"]["value"], "2026-07-02T00:00:00");
    assert_eq!(row["转办日期"]["type"], "d");
    assert_eq!(row["转办日期"]["format"], "yyyy-mm-dd");
    assert_eq!(row["转办回复"]["value"], "已安排清理");
    assert_eq!(row["回复日期"]["value"], "2026-07-09T00:00:00");

    let path = dir.path().join("visits.xlsx");
    export(&db, "visits", "xlsx", &path);
    let id = visit.to_string();
    let row = python(OPENPYXL_CELLS, &[&path, Path::new(&id)]);
    assert_eq!(row["慰问金额（元）"]["value"], 199.5);
    assert_eq!(row["慰问金额（元）"]["format"], "0.00");
    assert_eq!(row["发放宣传资料（份）"]["value"], 12);
    // A string cell (type "s"), not a formula ("f"), holding the name as is.
    assert_eq!(row["走访对象"]["type"], "s");
    assert_eq!(row["走访对象"]["value"], "=HYPERLINK(\"x\")");
}
