//! The mediation loop driven by key presses on the case view, in process:
//! consent of each party, the time limit and its extension, a session that
//! lands on the calendar, the session held, an agreement whose follow-up
//! shows on Today on its date, the close; and a refusal. The database is
//! then read with SQL: exactly the rows and audit entries the steps make.

mod common;
use common::Raw as _;

use common::{ch, ctrl, key, status, typ};
use doorstep::tui::kit::form::Form;
use doorstep::tui::kit::menu::Menu;
use doorstep::tui::kit::record_view::Detail;
use doorstep::tui::visits::calendar::CalendarPane;

use chrono::NaiveDate;
use common::{app, render, today};
use crossterm::event::KeyCode;
use doorstep::domain::mediation::{
    CaseStatus, CaseStep, Consent, MediationCase, Outcome, Party, Role,
};
use doorstep::domain::visit::VisitStatus;
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::kit::pane::Effect;
use doorstep::tui::registry::Target;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::{Action, KeyMap, Overrides};
use doorstep::tui::shell::theme::Theme;

const SUMMARY: &str = "楼上漏水，邻里争执不下";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The step keys the open menu offers.
fn menu_keys(a: &mut App) -> String {
    ch(a, 's');
    let screen = render(a, 100, 30);
    assert!(
        screen.contains("Next step"),
        "no step menu:\n{screen}\n{}",
        status(a)
    );
    key(a, KeyCode::Esc);
    assert!(
        a.top::<Detail>().is_some(),
        "Esc on the menu returns to the case"
    );
    let case = a.top::<Detail>().expect("a case view").target;
    let Target::Case(id) = case else {
        panic!("not a case")
    };
    doorstep::tui::registry::steps(&a.store, Target::Case(id), a.lang)
        .unwrap()
        .iter()
        .map(|s| s.key)
        .collect()
}

/// Opens step `k` from the case view: `s`, then its key.
fn step(a: &mut App, k: char) {
    assert!(a.top::<Detail>().is_some(), "the case view is open");
    ch(a, 's');
    assert!(a.top::<Menu>().is_some(), "{}", status(a));
    ch(a, k);
}

/// Saves the open step form and checks it closed back onto the case.
fn save(a: &mut App) {
    assert!(a.top::<Form>().is_some(), "no form open");
    ctrl(a, 's');
    if let Some(f) = a.top::<Form>() {
        let errors: Vec<_> = f
            .fields
            .list
            .iter()
            .filter_map(|x| x.error.clone().map(|e| format!("{}: {e}", x.name)))
            .collect();
        panic!("form stayed open: {errors:?} {:?}", f.note());
    }
    assert!(a.top::<Detail>().is_some(), "back on the case");
}

fn one<T: rusqlite::types::FromSql>(a: &App, sql: &str, p: impl rusqlite::Params) -> T {
    a.store.conn().query_row(sql, p, |r| r.get(0)).unwrap()
}

/// A new two-party case received today, its view open.
fn received(a: &mut App, summary: &str) -> i64 {
    let parties = vec![
        Party::new(None, "李四", Role::Applicant),
        Party::new(None, "王五", Role::Respondent),
    ];
    let c = MediationCase::received(today(), "neighbour", summary, "high", parties);
    let id = a.store.add_case(&c).unwrap().id;
    a.reload(doorstep::tui::kit::overlay::Changes::ALL).unwrap();
    a.effect(Effect::Open(Target::Case(id))).unwrap();
    id
}

fn case(a: &App, id: i64) -> MediationCase {
    a.store.case(id).unwrap().record
}

fn screen_of_case(a: &App) -> String {
    render(a, 100, 40)
}

#[test]
fn a_case_walks_from_received_to_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let visits_before: i64 = one(&a, "SELECT count(*) FROM visits", []);
    let id = received(&mut a, SUMMARY);

    // Received: one consent step per party, nothing else.
    assert_eq!(menu_keys(&mut a), "12");
    step(&mut a, '1');
    save(&mut a);
    assert_eq!(case(&a, id).status, CaseStatus::Received);
    assert_eq!(menu_keys(&mut a), "2", "party 1 has answered");
    step(&mut a, '2');
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(c.status, CaseStatus::Accepted);
    assert_eq!(c.accepted_on, Some(today()));
    assert_eq!(
        c.limit_on,
        Some(d("2026-12-26")),
        "one month from acceptance"
    );
    let s = screen_of_case(&a);
    assert!(s.contains("Time limit: 2026-12-26  (30 days left)"), "{s}");
    assert!(s.contains("Leader in charge: none named"), "{s}");

    // No extension before both parties agree to it.
    let keys = menu_keys(&mut a);
    assert!(!keys.contains('l') && !keys.contains('a'), "{keys}");
    assert!(keys.contains('s') && keys.contains('f'), "{keys}");
    let version = a.store.case(id).unwrap().version;
    let refused = a
        .store
        .case_step(id, version, &CaseStep::Extend { days: 15 });
    assert!(refused.is_err(), "{refused:?}");
    step(&mut a, '1');
    assert!(
        status(&a).contains("李四 agrees to extend; 1 still to agree"),
        "{}",
        status(&a)
    );
    assert!(!menu_keys(&mut a).contains('l'));
    let s = screen_of_case(&a);
    assert!(s.contains("Extension needs the consent of: 王五"), "{s}");
    step(&mut a, '2');
    assert!(status(&a).contains("every party agrees"), "{}", status(&a));
    assert!(menu_keys(&mut a).contains('l'));
    step(&mut a, 'l');
    save(&mut a);
    assert_eq!(case(&a, id).limit_on, Some(d("2027-01-10")));
    let s = screen_of_case(&a);
    assert!(
        s.contains("Time limit: 2027-01-10  (45 days left, extended)"),
        "{s}"
    );

    // A session today: a planned mediation visit on that day (a session
    // is recorded held on or after its day, never before).
    step(&mut a, 's');
    ctrl(&mut a, 'u');
    typ(&mut a, "2026-11-26");
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(c.sessions.len(), 1);
    let visit = c.sessions[0].visit_id.expect("the session's visit");
    let v = a.store.visit(visit).unwrap().record;
    assert_eq!(v.date, d("2026-11-26"));
    assert_eq!(v.purposes, vec!["mediation".to_string()]);
    assert_eq!(v.officers, vec![1], "the current officer mediates");
    let day = a
        .store
        .visits_page(d("2026-11-26"), d("2026-11-26"), None, 100)
        .unwrap();
    assert!(day.items.iter().any(|x| x.id == visit));
    let s = screen_of_case(&a);
    // The session's visit is named by its date, never by an internal id;
    // the case by its reference number.
    assert!(s.contains("2026-11-26  planned  visit 2026-11-26"), "{s}");
    assert!(
        !s.contains(&format!("#{visit}")) && !s.contains(&format!("#{id}")),
        "{s}"
    );
    assert!(
        s.contains(&format!("{} ", c.reference)) && c.reference.starts_with("XC-M-2026-"),
        "{s}"
    );
    // The timeline at the foot of the view says who did each step, when.
    ch(&mut a, 'G');
    let s = screen_of_case(&a);
    let lines: Vec<&str> = s.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("session scheduled"))
        .unwrap_or_else(|| panic!("no timeline row:\n{s}"));
    assert!(lines[at + 1].contains("— 丁玉兰, 20"), "{s}");
    assert!(s.contains("time limit extended"), "{s}");
    assert!(s.contains("by 15 days"), "{s}");
    ch(&mut a, 'g');
    // On the Calendar: the day's agenda holds it.
    key(&mut a, KeyCode::Esc);
    a.act(Action::Pane(2)).unwrap();
    assert_eq!(a.pane_of::<CalendarPane>().day(), Some(d("2026-11-26")));
    assert!(a
        .pane_of::<CalendarPane>()
        .agenda()
        .iter()
        .any(|x| x.id == visit));
    let cal = render(&a, 160, 48);
    assert!(cal.contains("2026-11-26"), "{cal}");
    assert!(cal.contains("楼上漏水"), "{cal}");

    // The session held; then the agreement with its follow-up check.
    a.effect(Effect::Open(Target::Case(id))).unwrap();
    let keys = menu_keys(&mut a);
    assert!(keys.contains('r') && !keys.contains('a'), "{keys}");
    step(&mut a, 'r');
    ctrl(&mut a, 's');
    assert!(
        a.top::<Form>()
            .is_some_and(|f| f.error("attendees").is_some()),
        "attendees are required"
    );
    typ(&mut a, "双方当事人及社区干部");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "赔偿金额达成一致");
    save(&mut a);
    let c = case(&a, id);
    assert!(c.sessions[0].held);
    // Its calendar visit is done, so it never shows as overdue.
    let v = a.store.visit(visit).unwrap().record;
    assert_eq!(
        v.status,
        VisitStatus::Done {
            outcome: "双方当事人及社区干部\n赔偿金额达成一致".into(),
            people_reached: 2
        }
    );
    let keys = menu_keys(&mut a);
    assert!(keys.contains('a') && keys.contains('x') && !keys.contains('r'));
    step(&mut a, 'a');
    typ(&mut a, "王五十日内修复管道并赔偿 800 元");
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(c.status, CaseStatus::Agreement);
    let agreement = c.agreement.clone().unwrap();
    assert_eq!(agreement.on, today());
    assert_eq!(agreement.follow_up_on, d("2026-12-26"), "a month on");
    assert_eq!(menu_keys(&mut a), "cf");

    // On the follow-up date, Today lists the check.
    let later = on_day(&dir, d("2026-12-26"));
    assert!(later
        .store
        .follow_ups_due(d("2026-12-26"), 100)
        .unwrap()
        .iter()
        .any(|c| c.id == id));
    let today_screen = render(&later, 160, 60);
    let line = today_screen
        .lines()
        .find(|l| l.contains("follow-up due") && l.contains("楼上漏水"))
        .unwrap_or_else(|| panic!("no follow-up line:\n{today_screen}"));
    assert!(line.contains("2026-12-26"), "{line}");
    drop(later);
    // And not before it.
    assert!(!a
        .store
        .follow_ups_due(today(), 100)
        .unwrap()
        .iter()
        .any(|c| c.id == id));

    // Honoured: close.
    step(&mut a, 'c');
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(
        (c.status, c.outcome),
        (CaseStatus::Closed, Some(Outcome::Honoured))
    );
    ch(&mut a, 's');
    assert!(a.status.as_ref().unwrap().text.contains("no step is open"));

    // The database holds exactly what the steps made.
    let row: (String, String, String, String, i64) = a
        .store
        .conn()
        .query_row(
            "SELECT status, outcome, follow_up_on, limit_on, version FROM mediation_cases WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "closed".into(),
            "honoured".into(),
            "2026-12-26".into(),
            "2027-01-10".into(),
            10
        )
    );
    let parties: i64 = one(
        &a,
        "SELECT count(*) FROM mediation_parties WHERE case_id = ?1 AND consent = 'given' AND extension_consent = 1",
        [id],
    );
    let all_parties: i64 = one(
        &a,
        "SELECT count(*) FROM mediation_parties WHERE case_id = ?1",
        [id],
    );
    assert_eq!((parties, all_parties), (2, 2));
    let sessions: (i64, i64, i64) = a
        .store
        .conn()
        .query_row(
            "SELECT count(*), sum(held), max(visit_id) FROM mediation_sessions WHERE case_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(sessions, (1, 1, visit));
    let visits_after: i64 = one(&a, "SELECT count(*) FROM visits", []);
    assert_eq!(visits_after, visits_before + 1, "one visit per session");
    let mediation_visits: i64 = one(
        &a,
        "SELECT count(*) FROM visits v JOIN visit_purposes p ON p.visit_id = v.id
         WHERE p.purpose = 'mediation' AND v.id IN
           (SELECT visit_id FROM mediation_sessions WHERE case_id = ?1)",
        [id],
    );
    assert_eq!(mediation_visits, 1);
    let actions: Vec<String> = {
        let conn = a.store.conn();
        let mut stmt = conn
            .prepare("SELECT action FROM audit WHERE entity = 'mediation' AND entity_id = ?1 ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([id], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(
        actions,
        [
            "create",
            "consent",
            "consent",
            "consent_to_extend",
            "consent_to_extend",
            "extend",
            "schedule_session",
            "record_session",
            "agree",
            "close"
        ]
    );
    let visit_audit: i64 = one(
        &a,
        "SELECT count(*) FROM audit WHERE entity = 'visit' AND entity_id = ?1",
        [visit],
    );
    let visit_row: (String, String, i64) = a
        .store
        .conn()
        .query_row(
            "SELECT status, on_date, version FROM visits WHERE id = ?1",
            [visit],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(visit_row, ("done".into(), "2026-11-26".into(), 2));
    assert_eq!(visit_audit, 2, "created when scheduled, done when held");
}

/// A second workbench on the same database file, living on `day`.
fn on_day(dir: &tempfile::TempDir, day: NaiveDate) -> App {
    let opts = OpenOptions {
        actor: Some("tester".into()),
        ..OpenOptions::default()
    };
    let store = Store::open(&dir.path().join("station.db"), &opts).unwrap();
    let keymap = KeyMap::new(&Overrides::new()).unwrap();
    App::new(store, Lang::En, day, keymap, Theme { color: true }).unwrap()
}

#[test]
fn a_refusal_closes_the_case_as_declined_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = received(&mut a, "拖欠工资纠纷");
    let audits: i64 = one(&a, "SELECT count(*) FROM audit", []);
    step(&mut a, '2');
    // Given: yes by default; Space says no. A refusal needs a reason.
    ch(&mut a, ' ');
    ctrl(&mut a, 's');
    let f = a
        .top::<Form>()
        .expect("the form stays open without a reason");
    assert_eq!(f.error("reason"), Some("required"));
    assert_eq!(case(&a, id).status, CaseStatus::Received);
    typ(&mut a, "不愿与对方见面");
    // Refusing is deliberate: asked first; any other key goes back.
    ctrl(&mut a, 's');
    assert!(render(&a, 80, 24).contains("Refuse? y = yes"));
    ch(&mut a, 'n');
    assert!(a.top::<Form>().is_some(), "back on the form");
    assert_eq!(case(&a, id).status, CaseStatus::Received, "nothing written");
    assert_eq!(one::<i64>(&a, "SELECT count(*) FROM audit", []), audits);
    ctrl(&mut a, 's');
    ch(&mut a, 'y');
    assert!(a.top::<Detail>().is_some(), "back on the case");
    let c = case(&a, id);
    assert_eq!(
        (c.status, c.outcome),
        (CaseStatus::Declined, Some(Outcome::Declined))
    );
    assert_eq!(c.decline_reason, "不愿与对方见面");
    assert_eq!(c.closed_on, Some(today()));
    let s = screen_of_case(&a);
    assert!(s.contains("Reason declined: 不愿与对方见面"), "{s}");
    assert!(s.contains("Outcome: declined"), "{s}");
    assert!(
        s.contains("State: declined"),
        "the case says declined:\n{s}"
    );
    ch(&mut a, 's');
    assert!(status(&a).contains("no step is open"), "{}", status(&a));
    let row: (String, String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT status, outcome, decline_reason FROM mediation_cases WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        ("closed".into(), "declined".into(), "不愿与对方见面".into())
    );
    let consents: Vec<String> = {
        let conn = a.store.conn();
        let mut stmt = conn
            .prepare("SELECT consent FROM mediation_parties WHERE case_id = ?1 ORDER BY seq")
            .unwrap();
        let rows = stmt.query_map([id], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(consents, ["pending", "refused"]);
    let after: i64 = one(&a, "SELECT count(*) FROM audit", []);
    assert_eq!(after, audits + 1, "one audit entry for the refusal");
}

#[test]
fn no_agreement_then_referral_then_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = received(&mut a, "合同欠款纠纷");
    step(&mut a, '1');
    save(&mut a);
    step(&mut a, '2');
    save(&mut a);
    step(&mut a, 's');
    save(&mut a);
    step(&mut a, 'r');
    typ(&mut a, "双方当事人");
    save(&mut a);
    step(&mut a, 'x');
    assert!(
        status(&a).contains("no agreement recorded"),
        "{}",
        status(&a)
    );
    assert_eq!(case(&a, id).status, CaseStatus::NoAgreement);
    assert_eq!(menu_keys(&mut a), "f");
    step(&mut a, 'f');
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(c.status, CaseStatus::Referred);
    assert_eq!(c.referral.unwrap().target, "mediation_committee");
    assert_eq!(menu_keys(&mut a), "c");
    step(&mut a, 'c');
    save(&mut a);
    let c = case(&a, id);
    assert_eq!(c.outcome, Some(Outcome::ReferralConfirmed));
}

#[test]
fn the_step_menu_and_forms_fit_80x24_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    received(&mut a, SUMMARY);
    ch(&mut a, 's');
    let s = render(&a, 80, 24);
    assert!(s.contains("李四（申请人）是否同意调解"), "{s}");
    ch(&mut a, '1');
    let s = render(&a, 80, 24);
    assert!(s.contains("同意调解"), "{s}");
    assert!(s.contains("2026-11-26"), "{s}");
}

#[test]
fn a_case_takes_more_than_two_parties_from_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    a.act(Action::Pane(4)).unwrap();
    a.act(Action::New).unwrap();
    // Kind (first offered), summary, the parties: two by name, two others.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "三户邻居共用通道纠纷");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "李四");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "王五");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "赵六、孙七");
    save_new(&mut a);
    let id: i64 = one(&a, "SELECT max(id) FROM mediation_cases", []);
    let c = case(&a, id);
    let names: Vec<&str> = c.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["李四", "王五", "赵六", "孙七"]);
    assert_eq!(c.parties[3].role, Role::Other);
    // Each party consents under its own number.
    a.effect(Effect::Open(Target::Case(id))).unwrap();
    assert_eq!(menu_keys(&mut a), "1234");
}

#[test]
fn replacing_a_party_drops_their_consent_and_says_so_in_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = received(&mut a, "楼道堆物纠纷");
    step(&mut a, '1');
    save(&mut a);
    step(&mut a, '2');
    save(&mut a);
    assert_eq!(case(&a, id).status, CaseStatus::Accepted);
    // Edit: the respondent was someone else all along.
    ch(&mut a, 'e');
    let f = a.top::<Form>().expect("the case form");
    assert_eq!(f.fields.person("respondent").1, "王五");
    tabs_to(&mut a, "respondent");
    common::ctrl(&mut a, 'u');
    typ(&mut a, "王小五");
    save(&mut a);
    let c = case(&a, id);
    let respondent = c
        .parties
        .iter()
        .find(|p| p.role == Role::Respondent)
        .unwrap();
    assert_eq!(respondent.name, "王小五");
    assert_eq!(
        respondent.consent,
        Consent::Pending,
        "consent stays with 王五"
    );
    assert!(!respondent.extension_consent);
    let applicant = c
        .parties
        .iter()
        .find(|p| p.role == Role::Applicant)
        .unwrap();
    assert_eq!(
        applicant.consent,
        Consent::Given,
        "李四's consent is theirs"
    );
    ch(&mut a, 'G');
    let s = screen_of_case(&a);
    assert!(s.contains("parties changed"), "{s}");
    assert!(s.contains("王五 → 王小五"), "{s}");
}

/// Tab until `name` has the focus.
fn tabs_to(a: &mut App, name: &str) {
    for _ in 0..20 {
        if a.top::<Form>().is_some_and(|f| f.focused() == name) {
            return;
        }
        key(a, KeyCode::Tab);
    }
    panic!("no field {name}");
}

/// Saves a new record's form: it closes.
fn save_new(a: &mut App) {
    ctrl(a, 's');
    if let Some(f) = a.top::<Form>() {
        panic!("form stayed open: {:?}", f.note());
    }
}

#[test]
fn a_new_case_gets_the_cursor_even_far_down_the_queue() {
    use doorstep::tui::mediation::pane::MediationPane;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    a.act(Action::Pane(4)).unwrap();
    a.pane_of_mut::<MediationPane>().set_page_size(4);
    a.reload(doorstep::tui::kit::overlay::Changes::ALL).unwrap();
    assert_eq!(a.pane_of::<MediationPane>().ids().len(), 4);
    a.act(Action::New).unwrap();
    // Lowest risk (the form's default): it sorts after every open case.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "新登记的低风险纠纷");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "甲");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "乙");
    save_new(&mut a);
    let id: i64 = one(&a, "SELECT max(id) FROM mediation_cases", []);
    let pane = a.pane_of::<MediationPane>();
    assert!(pane.ids().len() > 4, "it read on to find the new case");
    assert_eq!(pane.selected(), Some(id), "the cursor is on the new case");
}
