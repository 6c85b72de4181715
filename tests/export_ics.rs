//! Calendar export (issue 8 §3): the file parses with Python's
//! `icalendar` (an independent parser), holds exactly one event per visit
//! in the range (counted by plain SQL), folds at 75 octets and keeps
//! Chinese text.

mod export_support;

use export_support::{column, count, demo_db, doorstep, python, stderr, FROM, TO};
use std::path::Path;

const ICALENDAR: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = []
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART')
    events.append({
        "uid": str(e['UID']),
        "summary": str(e['SUMMARY']),
        "status": str(e.get('STATUS', '')),
        "timed": hasattr(start, 'hour'),
        "tz": str(getattr(start, 'tzinfo', None)) if hasattr(start, 'hour') else None,
        "minutes": int(e.decoded('DURATION').total_seconds() // 60) if 'DURATION' in e else None,
        "location": str(e.get('LOCATION', '')),
    })
print(json.dumps({
    "timezones": [str(t['TZID']) for t in cal.walk('VTIMEZONE')],
    "events": events,
}, ensure_ascii=False))
"#;

fn export(db: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "--lang",
        "zh",
        "export",
        "--format",
        "ics",
        "--from",
        FROM,
        "--to",
        TO,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = doorstep(db, &args);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn events(got: &serde_json::Value) -> &Vec<serde_json::Value> {
    got["events"].as_array().unwrap()
}

#[test]
fn one_event_per_visit_in_range_with_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("visits.ics");
    export(&db, &path, &[]);
    let got = python(ICALENDAR, &[&path]);
    assert_eq!(got["timezones"], serde_json::json!(["Asia/Shanghai"]));
    let n = count(
        &db,
        "SELECT count(*) FROM visits WHERE on_date BETWEEN ?1 AND ?2",
    );
    assert!(n > 0);
    assert_eq!(events(&got).len() as i64, n);
    let mut uids: Vec<String> = events(&got)
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect();
    uids.sort();
    let want = column(
        &db,
        "SELECT 'visit-' || id || '@xc.doorstep' FROM visits WHERE on_date BETWEEN ?1 AND ?2",
    );
    assert_eq!(uids, want);
    // Exported again, the same UIDs: a calendar app updates, not doubles.
    let again = dir.path().join("again.ics");
    export(&db, &again, &[]);
    let mut second: Vec<String> = events(&python(ICALENDAR, &[&again]))
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect();
    second.sort();
    assert_eq!(second, uids);
}

#[test]
fn times_zones_durations_cancellations_and_chinese_survive() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("visits.ics");
    export(&db, &path, &[]);
    let got = python(ICALENDAR, &[&path]);
    let by_uid = |id: i64| {
        let uid = format!("visit-{id}@xc.doorstep");
        events(&got)
            .iter()
            .find(|e| e["uid"] == uid.as_str())
            .unwrap_or_else(|| panic!("{uid} missing"))
            .clone()
    };
    let c = export_support::conn(&db);
    let (timed, minutes): (i64, i64) = c
        .query_row(
            "SELECT id, duration_min FROM visits WHERE at_time IS NOT NULL
             AND duration_min > 0 AND on_date BETWEEN ?1 AND ?2 LIMIT 1",
            [FROM, TO],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let e = by_uid(timed);
    assert_eq!(e["timed"], true);
    assert!(e["tz"].as_str().unwrap().contains("Shanghai"), "{e}");
    assert_eq!(e["minutes"], minutes);
    let all_day: i64 = c
        .query_row(
            "SELECT id FROM visits WHERE at_time IS NULL AND on_date BETWEEN ?1 AND ?2 LIMIT 1",
            [FROM, TO],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_uid(all_day)["timed"], false);
    let cancelled = count(
        &db,
        "SELECT count(*) FROM visits WHERE status = 'cancelled' AND on_date BETWEEN ?1 AND ?2",
    );
    let marked = events(&got)
        .iter()
        .filter(|e| e["status"] == "CANCELLED")
        .count();
    assert_eq!(marked as i64, cancelled);
    // A care visit's summary names the purpose in Chinese and the person.
    let (care, person): (i64, String) = c
        .query_row(
            "SELECT v.id, d.name FROM visits v JOIN visit_purposes p ON p.visit_id = v.id
             JOIN directory d ON d.id = v.target_id
             WHERE p.purpose = 'care' AND v.on_date BETWEEN ?1 AND ?2 LIMIT 1",
            [FROM, TO],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let summary = by_uid(care)["summary"].as_str().unwrap().to_string();
    assert!(summary.contains("送关爱"), "{summary}");
    assert!(summary.contains(&person), "{summary}");
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("visits.ics");
    export(&db, &path, &[]);
    let bytes = std::fs::read(&path).unwrap();
    let text = std::str::from_utf8(&bytes).expect("folding split a UTF-8 character");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    assert!(lines.iter().all(|l| !l.contains('\n') && !l.contains('\r')));
    assert!(lines.iter().all(|l| l.len() <= 75), "a line over 75 octets");
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "nothing long enough to fold: the test proves nothing"
    );
}

#[test]
fn officer_filter_keeps_only_their_visits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let c = export_support::conn(&db);
    let (id, name): (i64, String) = c
        .query_row(
            "SELECT id, name FROM officers ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let path = dir.path().join("mine.ics");
    export(&db, &path, &["--officer", &name]);
    let got = python(ICALENDAR, &[&path]);
    let mut uids: Vec<String> = events(&got)
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect();
    uids.sort();
    let sql = format!(
        "SELECT 'visit-' || v.id || '@xc.doorstep' FROM visits v
         WHERE v.on_date BETWEEN ?1 AND ?2
           AND v.id IN (SELECT visit_id FROM visit_officers WHERE officer_id IN
                        (SELECT id FROM officers WHERE name = (SELECT name FROM officers WHERE id = {id})))"
    );
    let want = column(&db, &sql);
    assert!(!want.is_empty());
    assert!(
        (want.len() as i64)
            < count(
                &db,
                "SELECT count(*) FROM visits WHERE on_date BETWEEN ?1 AND ?2"
            )
    );
    assert_eq!(uids, want);
}
