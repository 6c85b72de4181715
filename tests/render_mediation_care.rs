//! Render tests of the Mediation and Care panes and the case, care and
//! directory entry views, on the demo database (seed 42, today 2026-11-26).

mod common;
use common::Raw as _;

use common::{act, app, render, today};
use crossterm::event::{KeyCode, KeyEvent};
use doorstep::lang::Lang;
use doorstep::tui::care::pane::CarePane;
use doorstep::tui::kit::record_view::Detail;
use doorstep::tui::mediation::pane::MediationPane;
use doorstep::tui::registry::Target;
use doorstep::tui::shell::app::App;
use doorstep::tui::shell::keys::Action;
use std::collections::HashSet;

const MEDIATION: u8 = 4;
const CARE: u8 = 5;

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        a.on_key(KeyEvent::from(KeyCode::Char(c)));
    }
    a.on_key(KeyEvent::from(KeyCode::Enter));
}

/// The open queue as SQL orders it: top risk first, next session (none
/// last), received date, id.
fn queue_by_sql(a: &App) -> Vec<i64> {
    let sql = "SELECT id FROM mediation_cases WHERE status <> 'closed'
               ORDER BY CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 99 END,
                        coalesce(next_session_on, '9999-12-31'), received_on, id";
    let conn = a.store.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let ids = stmt.query_map([], |r| r.get(0)).unwrap();
    ids.collect::<Result<_, _>>().unwrap()
}

fn one_i64(a: &App, sql: &str) -> i64 {
    a.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The table rows of a rendered pane (after tabs, title and header).
fn body_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip(3)
        .take_while(|l| !l.starts_with(' ') || !l.contains('│'))
        .collect()
}

#[test]
fn mediation_80x24_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(MEDIATION));
        let screen = render(&a, 80, 24);
        // The top-risk case leads the queue and is marked without colour.
        let first = body_rows(&screen)[0];
        assert!(first.starts_with("!!"), "{screen}");
        insta::assert_snapshot!(format!("mediation_80x24_{lang:?}"), screen);
    }
}

#[test]
fn mediation_160x48_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(MEDIATION));
        insta::assert_snapshot!(format!("mediation_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn care_80x24_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(CARE));
        insta::assert_snapshot!(format!("care_80x24_{lang:?}"), render(&a, 80, 24));
    }
}

#[test]
fn care_160x48_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(CARE));
        insta::assert_snapshot!(format!("care_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn queue_starts_with_a_top_risk_case_in_sql_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(MEDIATION));
    let ids = a.pane_of::<MediationPane>().ids();
    let first = a.store.case(ids[0]).unwrap();
    assert_eq!(first.record.risk, a.store.categories().top_risk());
    let want = queue_by_sql(&a);
    assert!(want.len() > 5, "the fixture has a queue to page through");
    assert_eq!(ids, want);
    // The store's own queue agrees with the pane's.
    let page = a.store.queue_page(None, 500).unwrap();
    let store_ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(store_ids, want);
}

#[test]
fn queue_pages_on_demand_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(MEDIATION));
    a.pane_of_mut::<MediationPane>().set_page_size(4);
    a.reload(doorstep::tui::kit::overlay::Changes::ALL).unwrap();
    assert_eq!(a.pane_of::<MediationPane>().ids().len(), 4);
    render(&a, 80, 24); // settles the page height
    act(&mut a, Action::PageDown);
    let after_pgdn = a.pane_of::<MediationPane>().ids();
    assert!(after_pgdn.len() > 4, "PageDown read the next page");
    act(&mut a, Action::Bottom);
    let ids = a.pane_of::<MediationPane>().ids();
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no duplicates: {ids:?}");
    assert_eq!(ids, queue_by_sql(&a));
    assert_eq!(a.pane_of::<MediationPane>().selected(), ids.last().copied());
    let screen = render(&a, 80, 24);
    assert!(screen.contains(&format!("({})", ids.len())), "{screen}");
}

#[test]
fn queue_filter_and_search_narrow_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(MEDIATION));
    let all = a.pane_of::<MediationPane>().ids().len();
    act(&mut a, Action::Filter);
    type_text(&mut a, "high risk only");
    let high = a.pane_of::<MediationPane>().ids();
    assert!(
        !high.is_empty() && high.len() < all,
        "{} of {all}",
        high.len()
    );
    for id in &high {
        assert_eq!(a.store.case(*id).unwrap().record.risk, "high");
    }
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Filter: Risk: High"), "{screen}");
    assert!(body_rows(&screen)[..high.len()]
        .iter()
        .all(|l| l.starts_with("!!")));
    // Clear the filter, then search by a party's name.
    act(&mut a, Action::Filter);
    type_text(&mut a, "all");
    assert_eq!(a.pane_of::<MediationPane>().ids().len(), all);
    let last = *a.pane_of::<MediationPane>().ids().last().unwrap();
    let case = a.store.case(last).unwrap();
    let name = case.record.parties[1].name.clone();
    act(&mut a, Action::Search);
    type_text(&mut a, &name);
    let found = a.pane_of::<MediationPane>().ids();
    assert!(found.contains(&last) && found.len() < all, "{found:?}");
    for id in found {
        let c = a.store.case(id).unwrap().record;
        assert!(
            c.summary.contains(&name) || c.parties.iter().any(|p| p.name.contains(&name)),
            "{id}"
        );
    }
    // A state the open queue hides can still be listed.
    act(&mut a, Action::Search);
    a.on_key(KeyEvent::from(KeyCode::Esc));
    act(&mut a, Action::Filter);
    type_text(&mut a, "State: closed");
    let closed = a.pane_of::<MediationPane>().ids();
    assert!(!closed.is_empty());
    let n = one_i64(
        &a,
        "SELECT count(*) FROM mediation_cases WHERE status = 'closed'",
    );
    assert!(closed.len() as i64 <= n);
}

#[test]
fn case_view_shows_parties_sessions_and_limit() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(MEDIATION));
        act(&mut a, Action::Open);
        assert!(a.top::<Detail>().is_some());
        let screen = render(&a, 80, 24);
        let (parties, sessions) = match lang {
            Lang::En => ("Parties", "Sessions"),
            Lang::Zh => ("当事人", "调解记录"),
        };
        assert!(screen.contains(parties), "{screen}");
        assert!(screen.contains(sessions), "{screen}");
        written_at_redacted(|| {
            insta::assert_snapshot!(format!("case_view_80x24_{lang:?}"), screen)
        });
    }
}

#[test]
fn case_view_of_a_settled_case_160x48() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id = one_i64(
        &a,
        "SELECT id FROM mediation_cases WHERE status = 'agreement' ORDER BY id LIMIT 1",
    );
    a.open(Target::Case(id)).unwrap();
    let screen = render(&a, 160, 48);
    assert!(screen.contains("Agreement"), "{screen}");
    assert!(screen.contains("Follow-up check"), "{screen}");
    written_at_redacted(|| insta::assert_snapshot!(screen));
}

#[test]
fn care_lists_overdue_first_and_marks_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(CARE));
    let ids = a.pane_of::<CarePane>().ids();
    let first = a.store.care(ids[0]).unwrap();
    assert!(first.record.next_due < today(), "{first:?}");
    let screen = render(&a, 80, 24);
    let row = body_rows(&screen)[0];
    assert!(
        row.contains(&format!("!{}", first.record.next_due)),
        "{screen}"
    );
    // Dates never go down the list.
    let dues: Vec<_> = ids
        .iter()
        .map(|id| a.store.care(*id).unwrap().record.next_due)
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn care_pages_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    act(&mut a, Action::Pane(CARE));
    a.pane_of_mut::<CarePane>().set_page_size(7);
    a.reload(doorstep::tui::kit::overlay::Changes::ALL).unwrap();
    render(&a, 80, 24);
    act(&mut a, Action::PageDown);
    assert!(a.pane_of::<CarePane>().ids().len() > 7);
    act(&mut a, Action::Bottom);
    let ids = a.pane_of::<CarePane>().ids();
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    let active = one_i64(&a, "SELECT count(*) FROM care_entries WHERE active = 1");
    assert_eq!(ids.len() as i64, active);

    act(&mut a, Action::Filter);
    type_text(&mut a, "overdue only");
    act(&mut a, Action::Bottom);
    let overdue = a.pane_of::<CarePane>().ids();
    let want = one_i64(
        &a,
        "SELECT count(*) FROM care_entries WHERE active = 1 AND next_due_on < '2026-11-26'",
    );
    assert!(want > 0);
    assert_eq!(overdue.len() as i64, want);

    act(&mut a, Action::Filter);
    type_text(&mut a, "all");
    act(&mut a, Action::Filter);
    type_text(&mut a, "Brave bystander");
    let braves = a.pane_of::<CarePane>().ids();
    assert!(!braves.is_empty() && (braves.len() as i64) < active);
    for id in braves {
        assert_eq!(
            a.store.care(id).unwrap().record.entry.group,
            "brave_bystander"
        );
    }
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Filter: Brave bystander"), "{screen}");
}

#[test]
fn care_view_shows_the_person_and_visits() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        act(&mut a, Action::Pane(CARE));
        act(&mut a, Action::Open);
        assert!(a.top::<Detail>().is_some());
        insta::assert_snapshot!(format!("care_view_80x24_{lang:?}"), render(&a, 80, 24));
        insta::assert_snapshot!(format!("care_view_160x48_{lang:?}"), render(&a, 160, 48));
    }
}

#[test]
fn entry_view_shows_history_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // A party to a dispute who was also visited.
    let id = one_i64(
        &a,
        "SELECT p.entry_id FROM mediation_parties p
         WHERE p.entry_id IN (SELECT target_id FROM visits)
         ORDER BY p.case_id LIMIT 1",
    );
    let items = a.store.history_of(id, 50).unwrap();
    assert!(items.windows(2).all(|w| w[0].on >= w[1].on));
    a.open(Target::Entry(id)).unwrap();
    let screen = render(&a, 160, 48);
    assert!(screen.contains("History"), "{screen}");
    assert!(screen.contains("dispute"), "{screen}");
    assert!(screen.contains("visit"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn new_opens_the_form_of_the_pane() {
    use doorstep::msg::Msg;
    use doorstep::tui::kit::form::Form;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    for (pane, title) in [(4, Msg::FormNewCase), (5, Msg::FormNewCare)] {
        act(&mut a, Action::Pane(pane));
        act(&mut a, Action::New);
        let f = a.top::<Form>().expect("a form");
        assert_eq!(f.title, title.text(Lang::En));
        a.stack.clear();
    }
}

#[test]
fn a_case_past_its_limit_is_marked_in_the_queue_and_on_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let over = one_i64(
        &a,
        "SELECT CAST(julianday('2026-11-26') - julianday(limit_on) AS INTEGER)
         FROM mediation_cases WHERE status = 'accepted' AND limit_on < '2026-11-26'
         ORDER BY limit_on LIMIT 1",
    );
    assert!(over > 0, "the demo has a case past its limit");
    let mark = format!("!{over} d over");
    // Today lists it in the mediation section, with how far past it is.
    let today = render(&a, 160, 48);
    let line = today
        .lines()
        .find(|l| l.contains(&mark))
        .unwrap_or_else(|| panic!("no past-limit line:\n{today}"));
    assert!(line.contains("past the limit"), "{line}");
    // The queue marks it the same way, not with a negative number.
    act(&mut a, Action::Pane(MEDIATION));
    let queue = render(&a, 160, 48);
    assert!(queue.contains(&mark), "{queue}");
    assert!(!queue.contains(&format!(" -{over}")), "{queue}");
    // In Chinese: 超期 N 天.
    a.lang = Lang::Zh;
    let zh = render(&a, 160, 48);
    assert!(zh.contains(&format!("!超期 {over} 天")), "{zh}");
}

/// Runs `check` with the clock time a timeline step was written at
/// ("— demo, 2026-12-01 06:25", the demo's real load time) redacted.
fn written_at_redacted(check: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[written at]");
    settings.bind(check);
}
