//! End-to-end: a festival batch in the real binary in a pseudo-terminal,
//! one confirmed and one cancelled, then the database read with SQL.

mod e2e_support;

use e2e_support::{key, Home, Tui};
use rusqlite::Connection;

/// Ctrl-U: clears a text field.
const CTRL_U: &[u8] = b"\x15";

fn one(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Opens the batch form on the Care pane and ticks the first care group
/// (meritorious officers).
fn open_batch(t: &mut Tui) {
    t.send("b");
    t.wait_for("Festival batch");
    t.send(key::ENTER);
    t.wait_for("Space toggles");
    t.send(" ");
    t.send(key::ENTER);
    t.wait_gone("Space toggles");
    t.wait_for("Meritorious officer");
}

#[test]
fn a_festival_batch_confirmed_then_one_cancelled() {
    let home = Home::new();
    let (v0, audit0, entries) = {
        let db = Connection::open(&home.db).unwrap();
        (
            one(&db, "SELECT max(id) FROM visits"),
            one(&db, "SELECT count(*) FROM audit"),
            one(
                &db,
                "SELECT count(*) FROM care_entries WHERE active = 1 AND care_group = 'meritorious'",
            ),
        )
    };
    assert!(entries > 0, "the demo has meritorious officers on the list");
    let mut t = home.spawn();
    t.wait_ready();
    t.send("5");
    t.wait_for("Care (");
    open_batch(&mut t);
    // From (picking moved there), to: one working week; the default team
    // and limit.
    t.send(CTRL_U);
    t.type_text("2026-12-14");
    t.send(key::TAB);
    t.send(CTRL_U);
    t.type_text("2026-12-18");
    t.wait_for("2026-12-18");
    t.send(key::CTRL_S);
    let s = t.wait_for("proposed visits");
    let summary = format!("{entries} visits, ");
    assert!(s.contains(&summary), "{s}");
    // Inside the window; days already busy with planned visits take fewer.
    assert!(
        s.contains("from 2026-12-1") && s.contains("to 2026-12-1"),
        "{s}"
    );
    assert!(s.contains("Meritorious officer"), "{s}");
    t.send(key::ENTER);
    let s = t.wait_for(&format!("{entries} visits created"));
    assert!(!s.contains("proposed visits"), "{s}");
    // A second batch, cancelled from the preview.
    open_batch(&mut t);
    t.send(key::CTRL_S);
    t.wait_for("proposed visits");
    t.send(key::ESC);
    t.wait_for("cancelled: no visits created");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}");
    t.assert_restored();

    let db = Connection::open(&home.db).unwrap();
    let n = |sql: &str| one(&db, &sql.replace("V0", &v0.to_string()));
    assert_eq!(n("SELECT count(*) FROM visits WHERE id > V0"), entries);
    assert_eq!(
        n("SELECT count(*) FROM visits v WHERE id > V0 AND status = 'planned'
             AND on_date BETWEEN '2026-12-14' AND '2026-12-18'
             AND EXISTS (SELECT 1 FROM visit_purposes p WHERE p.visit_id = v.id AND p.purpose = 'care')
             AND (SELECT count(*) FROM visit_officers o WHERE o.visit_id = v.id) = 1"),
        entries,
        "every new visit is a planned care visit in the window with one officer"
    );
    assert_eq!(
        n("SELECT count(*) FROM care_entries c WHERE c.active = 1 AND c.care_group = 'meritorious'
             AND (SELECT count(*) FROM visits v WHERE v.id > V0 AND v.target_id = c.person_id) = 1"),
        entries,
        "one visit to each entry's person"
    );
    assert_eq!(
        n(
            "SELECT coalesce(max(k), 0) FROM (SELECT count(*) AS k FROM visits v
             JOIN visit_officers o ON o.visit_id = v.id WHERE v.id > V0
             GROUP BY v.on_date, o.officer_id)"
        ),
        n(
            "SELECT min(4, coalesce(max(k), 0)) FROM (SELECT count(*) AS k FROM visits v
             JOIN visit_officers o ON o.visit_id = v.id WHERE v.id > V0
             GROUP BY v.on_date, o.officer_id)"
        ),
        "no officer above the daily limit"
    );
    assert_eq!(
        one(&db, "SELECT count(*) FROM audit") - audit0,
        entries,
        "one audit entry per visit, none for the cancelled batch"
    );
    assert_eq!(
        n("SELECT count(*) FROM audit WHERE entity = 'visit' AND action = 'create' AND entity_id > V0"),
        entries
    );
}
