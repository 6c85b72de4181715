//! Full dump and import (docs/EXCHANGE.md): the round trip is
//! byte-identical, a bad file writes nothing and names what is wrong,
//! spreadsheets come in with Chinese headers and labels.

mod common;

use common::Raw;
use doorstep::demo::{self, Size};
use doorstep::exchange::{dump, import};
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use std::path::Path;

fn open(path: &Path) -> Store {
    let opts = OpenOptions {
        actor: Some("tester".into()),
        ..OpenOptions::default()
    };
    let mut store = Store::open(path, &opts).unwrap();
    store.set_today(common::today());
    store
}

fn demo_store(dir: &tempfile::TempDir) -> Store {
    let mut store = open(&dir.path().join("demo.db"));
    demo::generate(&mut store, Size::Small, 42, common::today()).unwrap();
    store
}

fn dump_bytes(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    dump::write(store, &mut out).unwrap();
    out
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn demo_dump_import_dump_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_store(&dir);
    let first = dump_bytes(&demo);
    let file = dir.path().join("dump.json");
    std::fs::write(&file, &first).unwrap();

    let mut empty = open(&dir.path().join("copy.db"));
    let report = import::import_file(&mut empty, &file, Lang::En).unwrap();
    let again = dump_bytes(&empty);
    assert!(first == again, "the second dump differs from the first");

    // Everything came over, derived tables included.
    let import::ImportReport::Dump(n) = report else {
        panic!("not a dump: {report:?}")
    };
    assert_eq!(n.visits as i64, count(&demo, "visits"));
    for table in [
        "visits",
        "visit_officers",
        "evaluation_ratings",
        "issue_steps",
        "case_steps",
        "mediation_session_mediators",
        "directory_tag_spans",
        "care_entries",
    ] {
        assert_eq!(count(&demo, table), count(&empty, table), "{table}");
        // The small demo writes no mediation timeline rows; every other
        // table must be exercised.
        if table != "case_steps" {
            assert!(count(&demo, table) > 0, "the demo has no {table}");
        }
    }
    let counts = "SELECT group_concat(status || anonymous || topic || n) FROM
                  (SELECT * FROM issue_counts WHERE n > 0 ORDER BY 1, 2, 3)";
    let a: String = demo.conn().query_row(counts, [], |r| r.get(0)).unwrap();
    let b: String = empty.conn().query_row(counts, [], |r| r.get(0)).unwrap();
    assert_eq!(a, b);
    // The shape is what docs/EXCHANGE.md says.
    let doc: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(doc["format_version"], 1);
    for key in [
        "officers",
        "people",
        "visits",
        "issues",
        "mediation_cases",
        "care_entries",
    ] {
        assert!(doc[key].as_array().is_some_and(|a| !a.is_empty()), "{key}");
    }
}

/// A demo dump with `edit` applied to its JSON, written to a file.
fn edited_dump(
    dir: &tempfile::TempDir,
    edit: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    let demo = demo_store(dir);
    let mut doc: serde_json::Value = serde_json::from_slice(&dump_bytes(&demo)).unwrap();
    edit(&mut doc);
    let file = dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    file
}

#[test]
fn a_dump_with_one_bad_record_imports_nothing_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut id = 0;
    let file = edited_dump(&dir, |doc| {
        let v = &mut doc["visits"][16];
        id = v["id"].as_i64().unwrap();
        v["purposes"] = serde_json::json!(["no_such_purpose"]);
    });
    let mut empty = open(&dir.path().join("copy.db"));
    let err = import::import_file(&mut empty, &file, Lang::En).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems.len(), 1, "{text}");
    assert!(
        text.contains(&format!("visits, record 17 (number {id}): Purposes:")),
        "{text}"
    );
    assert!(text.contains("no_such_purpose"), "{text}");
    assert!(!text.contains("purposes:"), "an internal name: {text}");
    for table in ["officers", "directory", "visits", "issues", "audit"] {
        assert_eq!(count(&empty, table), 0, "{table} written");
    }
    // And in Chinese.
    let err = import::import_file(&mut empty, &file, Lang::Zh).unwrap_err();
    assert!(err.to_string().contains("走访，第 17 条"), "{err}");
}

#[test]
fn a_raised_date_that_is_not_a_date_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = edited_dump(&dir, |doc| {
        doc["issues"][2]["raised_on"] = "2026-13-45".into();
    });
    let mut empty = open(&dir.path().join("copy.db"));
    let err = import::import_file(&mut empty, &file, Lang::En).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("issues, record 3"), "{text}");
    assert!(text.contains("Raised on: not a date"), "{text}");
    assert_eq!(count(&empty, "issues"), 0);
}

#[test]
fn many_problems_are_listed_up_to_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let file = edited_dump(&dir, |doc| {
        for i in 0..25 {
            doc["visits"][i]["form"] = "nope".into();
        }
    });
    let mut empty = open(&dir.path().join("copy.db"));
    let err = import::import_file(&mut empty, &file, Lang::En).unwrap_err();
    assert_eq!(err.problems.len(), 25);
    let text = err.to_string();
    assert_eq!(text.matches("“nope”").count(), import::SHOWN, "{text}");
    assert!(text.contains("and 5 more"), "{text}");
}

#[test]
fn a_database_with_records_refuses_a_dump() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = demo_store(&dir);
    let file = dir.path().join("dump.json");
    std::fs::write(&file, dump_bytes(&demo)).unwrap();
    let before = count(&demo, "visits");
    let err = import::import_file(&mut demo, &file, Lang::En).unwrap_err();
    assert!(
        err.to_string().contains("only into an empty database"),
        "{err}"
    );
    assert_eq!(count(&demo, "visits"), before);
}

#[test]
fn directory_csv_with_chinese_headers_labels_and_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let file = dir.path().join("people.csv");
    let csv = "\u{feff}姓名,类别,地址,电话,困难群体,备注\n\
               王大妈,个人,幸福里3号,13800000000,孤寡及空巢老人,腿脚不便\n\
               Li Wei,person,,,,\n";
    std::fs::write(&file, csv).unwrap();
    let report = import::import_file(&mut store, &file, Lang::Zh).unwrap();
    assert_eq!(report, import::ImportReport::Entries(2));
    let conn = store.conn();
    let (kind, tag): (String, String) = conn
        .query_row(
            "SELECT d.kind, t.tag FROM directory d JOIN directory_tags t ON t.entry_id = d.id
             WHERE d.name = '王大妈'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), tag.as_str()), ("person", "lonely_elderly"));
    let audits: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'directory' AND action = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 2);
}

#[test]
fn a_csv_with_a_bad_line_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let file = dir.path().join("people.csv");
    let csv = "name,kind,address,phone,tags,notes\n\
               Zhang San,person,,,,\n\
               Li Si,spaceship,,,,\n";
    std::fs::write(&file, csv).unwrap();
    let err = import::import_file(&mut store, &file, Lang::En).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("line 3: Kind:"), "{text}");
    assert!(text.contains("spaceship"), "{text}");
    assert_eq!(count(&store, "directory"), 0);
}

#[test]
fn planned_visits_csv_resolves_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(&dir);
    let conn = store.conn();
    let officer: String = conn
        .query_row("SELECT name FROM officers WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    let target: String = conn
        .query_row(
            "SELECT name FROM directory WHERE retired_on IS NULL GROUP BY name
             HAVING count(*) = 1 ORDER BY min(id) LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let before = count(&store, "visits");
    let file = dir.path().join("visits.csv");
    let csv = format!(
        "日期,时间,时长,走访对象,民警,目的,形式,任务\n\
         2026-12-03,09:30,45,{target},{officer},law,,宣传\n\
         2026-12-04,,,Nobody Here,{officer},law,,\n"
    );
    std::fs::write(&file, &csv).unwrap();
    let err = import::import_file(&mut store, &file, Lang::En).unwrap_err();
    assert!(
        err.to_string()
            .contains("line 3: Visiting: no directory entry is named “Nobody Here”"),
        "{err}"
    );
    assert_eq!(count(&store, "visits"), before);
    std::fs::write(&file, csv.lines().take(2).collect::<Vec<_>>().join("\n")).unwrap();
    let report = import::import_file(&mut store, &file, Lang::En).unwrap();
    assert_eq!(report, import::ImportReport::Visits(1));
    assert_eq!(count(&store, "visits"), before + 1);
}

#[test]
fn a_file_that_cannot_be_read_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let missing = dir.path().join("nothere.csv");
    let err = import::import_file(&mut store, &missing, Lang::Zh).unwrap_err();
    assert!(err.to_string().contains("nothere.csv：文件不存在"), "{err}");
    let latin1 = dir.path().join("gbk.csv");
    std::fs::write(&latin1, b"name,kind\n\xc0\xee,person\n").unwrap();
    let err = import::import_file(&mut store, &latin1, Lang::En).unwrap_err();
    assert!(err.to_string().contains("not UTF-8 text"), "{err}");
}
