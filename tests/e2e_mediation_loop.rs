//! End-to-end: one mediation case walked through its loop in the real
//! binary in a pseudo-terminal — received through the form, each party's
//! consent, a session that lands on the calendar day, the session held, an
//! agreement whose follow-up check shows on Today on its date — then the
//! database read with SQL: exactly the rows and audit entries the steps
//! should have made.

mod e2e_support;

use e2e_support::{key, Home, Tui};

const SUMMARY: &str = "E2E leaking pipe";
/// Today: a session is recorded held on its day or later, never before.
const SESSION_DAY: &str = "2026-11-26";
const FOLLOW_UP: &str = "2026-12-26";

/// The workbench as the officer the demo data maps to this OS user
/// (officer 1), so the current officer mediates by default.
fn start(home: &Home) -> Tui {
    let t = home
        .launch()
        .env("DOORSTEP_USER", &doorstep::store::os_user())
        .spawn();
    t.wait_ready();
    t
}

fn quit(mut t: Tui) {
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}\n{}", t.raw_text());
    t.assert_restored();
}

/// `s` on the open case, then the step's key; waits for what it opens.
fn step(t: &mut Tui, k: &str, opens: &str) {
    t.send("s");
    t.wait_for("Next step");
    t.send(k);
    t.wait_for(opens);
}

/// Ctrl-S on a step form; waits until the case view shows `then`.
fn save(t: &mut Tui, then: &str) {
    t.send(key::CTRL_S);
    t.wait_until(&format!("the case view with {then:?}"), |s| {
        s.contains("Esc closes") && s.contains(then) && !s.contains("Ctrl-S save")
    });
}

fn db(home: &Home) -> rusqlite::Connection {
    rusqlite::Connection::open(&home.db).expect("open the database")
}

fn one<T: rusqlite::types::FromSql>(c: &rusqlite::Connection, sql: &str, id: i64) -> T {
    c.query_row(sql, [id], |r| r.get(0)).expect(sql)
}

#[test]
fn a_case_from_received_to_an_agreement_followed_up_on_today() {
    let home = Home::new();
    let (cases_before, visits_before, audit_before): (i64, i64, i64) = db(&home)
        .query_row(
            "SELECT (SELECT count(*) FROM mediation_cases), (SELECT count(*) FROM visits),
                    (SELECT count(*) FROM audit)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let mut t = start(&home);

    // Receive the case through the form: kind (first offered), summary,
    // the two parties by name.
    t.send("4");
    t.wait_for("Mediation (");
    t.send("n");
    t.wait_for("New mediation case");
    t.send(key::TAB);
    t.send(key::ENTER);
    t.wait_for("type to filter");
    t.send(key::ENTER);
    t.wait_gone("type to filter");
    // Picking moved on to the source; two more to the summary.
    for _ in 0..2 {
        t.send(key::TAB);
    }
    t.type_text(SUMMARY);
    t.send(key::TAB);
    t.type_text("Li Si");
    t.send(key::TAB);
    t.type_text("Wang Wu");
    t.wait_for("Wang Wu");
    t.send(key::CTRL_S);
    t.wait_gone("New mediation case");

    // Find it in the queue and open it.
    t.send("/");
    t.type_text("E2E");
    t.send(key::ENTER);
    t.wait_for("Filter: /E2E");
    t.wait_for("received");
    t.send(key::ENTER);
    t.wait_for("consent pending");

    // Each party consents; the second accepts the case.
    step(&mut t, "1", "Consent of Li Si (applicant)");
    save(&mut t, "Li Si  applicant  consents");
    step(&mut t, "2", "Consent of Wang Wu (respondent)");
    save(&mut t, "State: accepted");
    t.wait_for(&format!("Time limit: {FOLLOW_UP}  (30 days left)"));

    // A session today, the current officer mediating.
    step(&mut t, "s", "Schedule a session");
    t.send("\x15"); // Ctrl-U clears the date
    t.type_text(SESSION_DAY);
    save(
        &mut t,
        &format!("{SESSION_DAY}  planned  visit {SESSION_DAY}"),
    );

    // It is on the Calendar that day.
    t.send(key::ESC);
    t.wait_gone("Esc closes");
    t.send("2");
    let cal = t.wait_for(&format!("Agenda — Th {SESSION_DAY}"));
    let row = cal
        .lines()
        .find(|l| l.contains(SUMMARY))
        .unwrap_or_else(|| panic!("the session is not on the agenda:\n{cal}"));
    assert!(row.contains("planned"), "{row}");

    // Back on the case: record the session, then the agreement.
    t.send("4");
    t.wait_for("Filter: /E2E");
    t.send(key::ENTER);
    t.wait_for("State: accepted");
    step(&mut t, "r", &format!("Record the session of {SESSION_DAY}"));
    t.type_text("both parties and the building manager");
    t.send(key::TAB);
    t.type_text("agreed on the repairs");
    save(&mut t, &format!("{SESSION_DAY}  held"));
    step(&mut t, "a", "Agreement reached");
    t.type_text("Wang Wu repairs the pipe by 12-10");
    save(&mut t, "State: agreement");
    // Scroll down the case view to the agreement.
    let follow_up = format!("Follow-up check: {FOLLOW_UP}");
    // Each j scrolls one line: wait for the view to move before the next.
    let mut shown = t.screen();
    for _ in 0..12 {
        if shown.contains(&follow_up) {
            break;
        }
        t.send("j");
        let before = shown.clone();
        shown = t.wait_until("the case view to scroll", |s| s != before);
    }
    assert!(shown.contains(&follow_up), "{shown}");
    quit(t);

    // On the follow-up date, Today lists the check.
    let t = home.launch().today(FOLLOW_UP).size(120, 60).spawn();
    t.wait_ready();
    let today = t.wait_for("follow-up due");
    let line = today
        .lines()
        .find(|l| l.contains("follow-up due") && l.contains(SUMMARY))
        .unwrap_or_else(|| panic!("no follow-up line for the case:\n{today}"));
    assert!(line.contains(FOLLOW_UP), "{line}");
    quit(t);

    // The database: one new case, one new visit, and their timelines.
    let c = db(&home);
    let cases: i64 = one(
        &c,
        "SELECT count(*) - ?1 FROM mediation_cases",
        cases_before,
    );
    assert_eq!(cases, 1);
    let id: i64 = c
        .query_row(
            "SELECT id FROM mediation_cases WHERE summary = ?1",
            [SUMMARY],
            |r| r.get(0),
        )
        .unwrap();
    let row: (String, Option<String>, String, String, String, i64) = c
        .query_row(
            "SELECT status, outcome, accepted_on, limit_on, follow_up_on, version
             FROM mediation_cases WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "agreement".into(),
            None,
            "2026-11-26".into(),
            FOLLOW_UP.into(),
            FOLLOW_UP.into(),
            6
        )
    );
    let parties: Vec<(String, String, String)> = {
        let mut s = c
            .prepare(
                "SELECT name, role, consent FROM mediation_parties WHERE case_id = ?1 ORDER BY seq",
            )
            .unwrap();
        let rows = s
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(
        parties,
        [
            ("Li Si".into(), "applicant".into(), "given".into()),
            ("Wang Wu".into(), "respondent".into(), "given".into())
        ]
    );
    let session: (i64, String, String, bool, i64) = c
        .query_row(
            "SELECT count(*), on_date,
                    (SELECT group_concat(m.officer_id) FROM mediation_session_mediators m
                     WHERE m.case_id = s.case_id AND m.seq = s.seq),
                    held, visit_id
             FROM mediation_sessions s WHERE case_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (session.0, session.1.as_str(), session.3),
        (1, SESSION_DAY, true)
    );
    assert_eq!(session.2, "1", "the current officer mediates");
    let visit = session.4;
    let visits: i64 = one(&c, "SELECT count(*) - ?1 FROM visits", visits_before);
    assert_eq!(visits, 1, "one visit for the one session");
    let v: (String, String, String, String) = c
        .query_row(
            "SELECT v.status, v.on_date, group_concat(p.purpose), v.outcome
             FROM visits v JOIN visit_purposes p ON p.visit_id = v.id WHERE v.id = ?1",
            [visit],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        v,
        (
            "done".into(),
            SESSION_DAY.into(),
            "mediation".into(),
            "both parties and the building manager\nagreed on the repairs".into()
        )
    );
    let actions = |entity: &str, id: i64| -> Vec<String> {
        let mut s = c
            .prepare("SELECT action FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id")
            .unwrap();
        let rows = s
            .query_map(rusqlite::params![entity, id], |r| r.get(0))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(
        actions("mediation", id),
        [
            "create",
            "consent",
            "consent",
            "schedule_session",
            "record_session",
            "agree"
        ]
    );
    assert_eq!(actions("visit", visit), ["create", "complete"]);
    let audit: i64 = one(&c, "SELECT count(*) - ?1 FROM audit", audit_before);
    assert_eq!(audit, 8, "one audit entry per change, nothing else");
}
