//! The record forms driven by key presses as a user would: creating,
//! refusing, pasting, cancelling, conflicting and picking people.

mod common;
use common::Raw as _;

use common::{ch, ctrl, form, key, status, typ};
use doorstep::tui::shell::prompt::SearchPrompt;

use common::{app, render, today};
use crossterm::event::KeyCode;
use doorstep::lang::Lang;
use doorstep::store::{OpenOptions, Store};
use doorstep::tui::kit::form::Form;
use doorstep::tui::kit::pane::Effect;
use doorstep::tui::registry::{NewKind, Target};
use doorstep::tui::shell::app::App;

fn tabs(a: &mut App, n: usize) {
    for _ in 0..n {
        key(a, KeyCode::Tab);
    }
}

fn count(a: &App, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    a.store.conn().query_row(&sql, [], |r| r.get(0)).unwrap()
}

fn new_visit(a: &mut App) {
    a.effect(Effect::New(NewKind::Visit(today()))).unwrap();
}

/// Visit form fields, in order.
const TIME: usize = 1;
const PLACE: usize = 4;
const PURPOSES: usize = 6;

#[test]
fn a_visit_is_created_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let before = count(&a, "visits");
    new_visit(&mut a);
    assert_eq!(form(&a).fields.text("date"), "2026-11-26");
    ctrl(&mut a, 'u');
    typ(&mut a, "+3d");
    tabs(&mut a, TIME);
    typ(&mut a, "09:30");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "45");
    tabs(&mut a, PLACE - 2);
    typ(&mut a, "幸福路菜市场 🏪");
    tabs(&mut a, PURPOSES - PLACE);
    // The purposes picker: tick the first two (warmth, safety).
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Enter);
    // Picking moved on to the next field.
    assert_eq!(form(&a).focus, PURPOSES + 1);
    tabs(&mut a, 1);
    typ(&mut a, "bring rice, quick check");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "the form closes on save");
    assert_eq!(status(&a), "saved");
    assert_eq!(count(&a, "visits"), before + 1);
    let (id, date, time, minutes, place, form_key, mission): (
        i64,
        String,
        String,
        i64,
        String,
        String,
        String,
    ) = a
        .store
        .conn()
        .query_row(
            "SELECT id, on_date, at_time, duration_min, place, form, mission
             FROM visits ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(date, "2026-11-29");
    assert!(time.starts_with("09:30"), "{time}");
    assert_eq!(minutes, 45);
    assert_eq!(place, "幸福路菜市场 🏪");
    assert_eq!(form_key, "ordinary");
    assert_eq!(mission, "bring rice, quick check", "q is typed, not quit");
    let officers: Vec<i64> = a
        .store
        .conn()
        .prepare("SELECT officer_id FROM visit_officers WHERE visit_id = ?1")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(officers, vec![1], "the current officer goes by default");
    let purposes: Vec<String> = a
        .store
        .conn()
        .prepare("SELECT purpose FROM visit_purposes WHERE visit_id = ?1 ORDER BY purpose")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(purposes, vec!["safety", "warmth"]);
}

#[test]
fn an_invalid_date_is_shown_next_to_the_field_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let audit = count(&a, "audit");
    new_visit(&mut a);
    ctrl(&mut a, 'u');
    typ(&mut a, "next week");
    ctrl(&mut a, 's');
    let f = form(&a);
    assert_eq!(f.fields.text("date"), "next week");
    assert!(f.error("date").unwrap().contains("not a date"));
    assert_eq!(f.focused(), "date");
    assert_eq!(count(&a, "audit"), audit);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("next week"), "{screen}");
    assert!(screen.contains("! not a date"), "{screen}");
    insta::assert_snapshot!("visit_form_with_error", screen);
}

#[test]
fn an_empty_required_field_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let audit = count(&a, "audit");
    key(&mut a, KeyCode::Char('N'));
    ctrl(&mut a, 's');
    assert_eq!(form(&a).error("name"), Some("required"));
    assert_eq!(form(&a).focused(), "name");
    // A visit with a place but no purpose: the error lands on purposes.
    key(&mut a, KeyCode::Esc);
    assert!(!a.overlay_open(), "an untouched form closes without asking");
    new_visit(&mut a);
    tabs(&mut a, PLACE);
    typ(&mut a, "market");
    ctrl(&mut a, 's');
    let f = form(&a);
    assert_eq!(f.error("purposes"), Some("required"));
    assert_eq!(f.focused(), "purposes");
    assert_eq!(f.fields.text("place"), "market");
    assert_eq!(count(&a, "audit"), audit, "nothing written");
    // Filter the picker and press Enter: the highlighted item is taken.
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "legal");
    key(&mut a, KeyCode::Enter);
    assert_eq!(form(&a).fields.keys("purposes"), vec!["law"]);
    assert_eq!(form(&a).error("purposes"), None);
}

#[test]
fn a_long_paste_is_cut_to_the_limit_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('N'));
    a.on_paste(&"字".repeat(10_000));
    let f = form(&a);
    assert_eq!(f.fields.text("name").chars().count(), 200);
    assert_eq!(f.error("name"), Some("paste cut to the field's limit"));
    // Control characters: newlines become spaces, the rest is dropped.
    tabs(&mut a, 2);
    a.on_paste("a\x1b[2Jb\r\nc\x07");
    assert_eq!(form(&a).fields.text("address"), "a[2Jb c");
    // Notes keep newlines and take up to 5000 characters.
    tabs(&mut a, 3);
    a.on_paste(&"x\n".repeat(5_000));
    let notes = form(&a).fields.text("notes");
    assert_eq!(notes.chars().count(), 5_000);
    assert!(notes.contains('\n'));
    assert!(render(&a, 80, 24).contains("paste cut"));
}

#[test]
fn chinese_and_emoji_round_trip_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    key(&mut a, KeyCode::Char('N'));
    typ(&mut a, "王小明👍🏽");
    tabs(&mut a, 2);
    typ(&mut a, "幸福路 12 号 🏠");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{:?}", form_error_dump(&a));
    assert_eq!(status(&a), "已保存");
    let (name, address): (String, String) = a
        .store
        .conn()
        .query_row(
            "SELECT name, address FROM directory ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(name, "王小明👍🏽");
    assert_eq!(address, "幸福路 12 号 🏠");
}

fn form_error_dump(a: &App) -> String {
    a.top::<Form>()
        .map(|f| format!("{:?}", f.fields.list))
        .unwrap_or_default()
}

#[test]
fn esc_on_a_changed_form_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('N'));
    typ(&mut a, "Li");
    key(&mut a, KeyCode::Esc);
    assert!(render(&a, 80, 24).contains("Discard unsaved input?"));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(form(&a).fields.text("name"), "Li", "n keeps editing");
    assert!(!render(&a, 80, 24).contains("Discard unsaved input?"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.overlay_open(), "y discards");
    assert!(!a.quit);
}

#[test]
fn ctrl_c_in_a_changed_form_asks_before_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('N'));
    typ(&mut a, "q");
    assert!(!a.quit, "q is a letter inside a form");
    ctrl(&mut a, 'c');
    assert!(!a.quit);
    assert!(render(&a, 80, 24).contains("Quit anyway?"));
    key(&mut a, KeyCode::Char('x'));
    assert!(!a.quit);
    assert_eq!(form(&a).fields.text("name"), "q");
    ctrl(&mut a, 'c');
    key(&mut a, KeyCode::Char('y'));
    assert!(a.quit);
}

#[test]
fn a_conflicting_save_keeps_the_input_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let id: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT id FROM visits WHERE status = 'planned' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    a.effect(Effect::Edit(Target::Visit(id))).unwrap();
    // Someone else saves the visit meanwhile.
    let opts = OpenOptions {
        actor: Some("colleague".into()),
        ..OpenOptions::default()
    };
    let mut other = Store::open(&dir.path().join("station.db"), &opts).unwrap();
    let s = other.visit(id).unwrap();
    let mut theirs = s.record.clone();
    theirs.mission = "their mission".into();
    other.update_visit(id, s.version, &theirs).unwrap();
    // Mission is the last field.
    key(&mut a, KeyCode::BackTab);
    ctrl(&mut a, 'u');
    typ(&mut a, "my mission");
    ctrl(&mut a, 's');
    let f = form(&a);
    assert!(f.note().unwrap().contains("colleague"), "{:?}", f.note());
    assert_eq!(f.fields.text("mission"), "my mission");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Saved by colleague"), "{screen}");
    let stored = |a: &App| a.store.visit(id).unwrap().record.mission;
    assert_eq!(stored(&a), "their mission");
    // A second Ctrl-S saves over their change, knowingly.
    ctrl(&mut a, 's');
    assert!(!a.overlay_open());
    assert_eq!(stored(&a), "my mission");
}

#[test]
fn a_directory_entry_made_inside_the_person_picker_is_selected() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let entries = count(&a, "directory");
    a.effect(Effect::New(NewKind::Issue)).unwrap();
    // Raised by (the fifth field): the picker searches as you type.
    tabs(&mut a, 4);
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "赵新来");
    assert!(render(&a, 80, 24).contains("+ new directory entry 赵新来"));
    key(&mut a, KeyCode::Enter); // only "+ new entry" matches
                                 // The new entry's form is on the stack over the issue form.
    assert_eq!(a.stack.len(), 2);
    assert!(form_title(&a).starts_with("New directory entry"));
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("赵新来 is not in the directory yet"),
        "the nested form says it adds someone new:\n{screen}"
    );
    ctrl(&mut a, 's'); // the nested entry form, name prefilled
    assert_eq!(count(&a, "directory"), entries + 1);
    assert_eq!(form_title(&a), "New issue", "back on the issue form");
    let new_id: i64 = a
        .store
        .conn()
        .query_row("SELECT max(id) FROM directory", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        form(&a).fields.person("raiser"),
        (Some(new_id), "赵新来".to_string())
    );
    assert_eq!(form(&a).focused(), "anonymous", "on to the next field");
    // Topic (first offered) and summary, then save the issue (past the
    // closure deadline, the last field, and round to the top).
    tabs(&mut a, 3);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(form(&a).focused(), "summary");
    typ(&mut a, "street light broken");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{}", form_error_dump(&a));
    let raiser: Option<i64> = a
        .store
        .conn()
        .query_row(
            "SELECT raiser_id FROM issues ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raiser, Some(new_id));
}

fn form_title(a: &App) -> String {
    form(a).title.clone()
}

#[test]
fn the_person_picker_matches_a_substring_of_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let name: String = a
        .store
        .conn()
        .query_row("SELECT name FROM directory ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let part: String = name.chars().skip(1).collect();
    new_visit(&mut a);
    tabs(&mut a, 3);
    typ(&mut a, &part); // typing on a picker field opens the picker
    key(&mut a, KeyCode::Enter);
    let (id, picked) = form(&a).fields.person("target");
    assert!(id.is_some());
    assert!(picked.contains(&part), "{picked} ∌ {part}");
}

#[test]
fn visit_form_80x24_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    new_visit(&mut a);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn visit_form_80x24_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::Zh);
    new_visit(&mut a);
    tabs(&mut a, PLACE);
    typ(&mut a, "张三家门口");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("新建走访"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_mediation_case_takes_typed_party_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let cases = count(&a, "mediation_cases");
    a.effect(Effect::New(NewKind::Case)).unwrap();
    // Received on, kind (pick the first), source, risk, summary, parties.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    tabs(&mut a, 2);
    typ(&mut a, "楼上漏水，邻里争执");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "李四");
    ctrl(&mut a, 's');
    assert_eq!(form(&a).error("respondent"), Some("required"));
    assert_eq!(form(&a).focused(), "respondent", "focus jumps to the error");
    typ(&mut a, "王五");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{}", form_error_dump(&a));
    assert_eq!(count(&a, "mediation_cases"), cases + 1);
}

#[test]
fn paste_still_reaches_the_search_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    a.act(doorstep::tui::shell::keys::Action::Pane(3)).unwrap();
    a.act(doorstep::tui::shell::keys::Action::Search).unwrap();
    // Pasted text lands in the prompt, control characters dropped (a
    // pasted newline is not Enter), and a second paste goes on from the
    // cursor.
    a.on_paste("2026-\r\n\x07");
    a.on_paste("0271");
    let prompt = a.top::<SearchPrompt>().expect("the prompt stays open");
    assert_eq!(prompt.input.value(), "2026-0271");
    let screen = render(&a, 80, 24);
    let line = screen.lines().nth(21).unwrap_or_default();
    assert_eq!(line, "/2026-0271", "the prompt line shows it:\n{screen}");
    // Enter searches for exactly what was pasted.
    key(&mut a, KeyCode::Enter);
    assert!(!a.overlay_open());
    assert_eq!(a.pane().search_text(), "2026-0271");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("XC-2026-0271"), "{screen}");
    assert!(!screen.contains("XC-2026-0270"), "not narrowed:\n{screen}");
}

#[test]
fn editing_a_case_changes_its_facts_and_keeps_its_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // An accepted case with sessions: its consents and sessions must survive.
    let (id, status, sessions): (i64, String, i64) = a
        .store
        .conn()
        .query_row(
            "SELECT c.id, c.status, (SELECT count(*) FROM mediation_sessions s WHERE s.case_id = c.id)
             FROM mediation_cases c WHERE c.status = 'accepted' ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let audits = count(&a, "audit");
    a.effect(Effect::Edit(Target::Case(id))).unwrap();
    // Received on, kind, source, risk, summary: replace the summary.
    tabs(&mut a, 4);
    ctrl(&mut a, 'u');
    typ(&mut a, "修改后的纠纷摘要");
    ctrl(&mut a, 's');
    assert!(!a.overlay_open(), "{}", form_error_dump(&a));
    let c = a.store.case(id).unwrap();
    assert_eq!(c.record.summary, "修改后的纠纷摘要");
    assert_eq!(c.record.status.name(), status);
    assert_eq!(c.record.sessions.len() as i64, sessions);
    assert_eq!(c.version, 2);
    assert_eq!(count(&a, "audit"), audits + 1);
}

#[test]
fn a_picker_on_a_filled_field_opens_on_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    a.effect(Effect::New(NewKind::Issue)).unwrap();
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), "topic");
    ch(&mut a, '3');
    let third = form(&a).fields.key("topic");
    // Enter opens the picker on an empty filter, the third topic
    // highlighted: Enter again keeps it (not the first item).
    key(&mut a, KeyCode::Enter);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("> \u{20}"), "an empty filter:\n{screen}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(form(&a).fields.key("topic"), third);
}

#[test]
fn the_person_picker_offers_a_new_entry_only_without_an_exact_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    let name: String = a
        .store
        .conn()
        .query_row(
            "SELECT name FROM directory WHERE kind = 'person' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    a.effect(Effect::New(NewKind::Issue)).unwrap();
    tabs(&mut a, 4);
    assert_eq!(form(&a).focused(), "raiser");
    key(&mut a, KeyCode::Enter);
    let first: String = name.chars().take(1).collect();
    typ(&mut a, &first);
    assert!(
        render(&a, 80, 24).contains("+ new directory entry"),
        "a partial name may be someone new"
    );
    typ(&mut a, &name.chars().skip(1).collect::<String>());
    let screen = render(&a, 80, 24);
    assert!(screen.contains(&name), "{screen}");
    assert!(
        !screen.contains("+ new directory entry"),
        "{name} is listed: no duplicate person:\n{screen}"
    );
    // Picked, then opened again: the picker starts empty, on that person.
    key(&mut a, KeyCode::Enter);
    let picked = form(&a).fields.person("raiser");
    assert_eq!(picked.1, name);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(form(&a).fields.person("raiser"), picked);
}

#[test]
fn a_duplicate_person_is_merged_from_the_keyboard() {
    use doorstep::domain::directory::DirectoryEntry;
    use doorstep::tui::kit::record_view::Detail;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // The right entry, and a duplicate someone made by mistake.
    let (right, name): (i64, String) = a
        .store
        .conn()
        .query_row(
            "SELECT d.id, d.name FROM directory d JOIN visits v ON v.target_id = d.id
             WHERE d.kind = 'person' GROUP BY d.id HAVING count(*) > 1 ORDER BY d.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let dup = a
        .store
        .add_entry(&DirectoryEntry {
            name: format!("{name}（重复）"),
            kind: "person".into(),
            ..DirectoryEntry::default()
        })
        .unwrap()
        .id;
    let moved: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM visits WHERE target_id = ?1",
            [right],
            |r| r.get(0),
        )
        .unwrap();
    a.store
        .conn()
        .execute(
            "UPDATE visits SET target_id = ?1 WHERE target_id = ?2",
            [dup, right],
        )
        .unwrap();
    a.open(Target::Entry(dup)).unwrap();
    ch(&mut a, 's');
    ch(&mut a, 'm');
    key(&mut a, KeyCode::Enter);
    typ(&mut a, &name);
    key(&mut a, KeyCode::Enter);
    ctrl(&mut a, 's');
    assert!(
        render(&a, 80, 24).contains("Its records move there"),
        "asked first"
    );
    ch(&mut a, 'y');
    assert!(
        status(&a).contains("merged into"),
        "the step says what it did: {}",
        status(&a)
    );
    assert!(a
        .top::<Detail>()
        .is_some_and(|d| d.target == Target::Entry(dup)));
    let now: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM visits WHERE target_id = ?1",
            [right],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(now, moved, "the visits moved back to the right entry");
    assert!(render(&a, 80, 24).contains("State: retired"));
    ch(&mut a, 's');
    assert!(status(&a).contains("no step is open"), "{}", status(&a));
}

#[test]
fn the_date_preview_names_the_weekday_in_the_ui_language() {
    for (lang, want, not) in [
        (Lang::Zh, "= 2026-11-27 周五", "Fri"),
        (Lang::En, "= 2026-11-27 Fri", "周五"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        new_visit(&mut a);
        ctrl(&mut a, 'u');
        typ(&mut a, "+1d");
        let screen = render(&a, 80, 24);
        assert!(screen.contains(want), "{screen}");
        assert!(!screen.contains(not), "{screen}");
    }
}

#[test]
fn pickers_and_questions_are_overlays_on_the_stack() {
    use doorstep::tui::kit::confirm::Confirm;
    use doorstep::tui::kit::form::pick::FieldPicker;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    a.effect(Effect::New(NewKind::Issue)).unwrap();
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    assert!(
        a.top::<FieldPicker>().is_some(),
        "the topic picker is on top"
    );
    assert_eq!(a.stack.len(), 2);
    let hints = render(&a, 80, 24);
    assert!(
        hints.lines().last().unwrap().contains("Enter pick"),
        "{hints}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.stack.len(), 1, "picked: back on the form");
    // Esc with input asks, as its own overlay; any other key goes back.
    key(&mut a, KeyCode::Esc);
    let ask = a.top::<Confirm>().expect("a question on top");
    assert!(ask.question.contains("Discard"), "{}", ask.question);
    ch(&mut a, 'n');
    assert!(a.top::<Form>().is_some(), "back on the form, input kept");
    key(&mut a, KeyCode::Esc);
    ch(&mut a, 'y');
    assert!(!a.overlay_open(), "discarded");
}

#[test]
fn keys_are_not_taken_while_the_terminal_is_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    new_visit(&mut a);
    let before = form(&a).fields.text("date");
    a.too_small = true;
    typ(&mut a, "x9");
    assert_eq!(
        form(&a).fields.text("date"),
        before,
        "the hidden form is untouched"
    );
    ctrl(&mut a, 'c');
    assert!(a.quit, "Ctrl-C still quits");
}

#[test]
fn plans_are_never_made_for_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    // A care visit planned for yesterday is refused next to the date.
    a.act(doorstep::tui::shell::keys::Action::Pane(5)).unwrap();
    ch(&mut a, 's');
    ch(&mut a, 'p');
    ctrl(&mut a, 'u');
    typ(&mut a, "-1d");
    let visits = count(&a, "visits");
    ctrl(&mut a, 's');
    assert_eq!(form(&a).error("date"), Some("cannot be before today"));
    assert_eq!(count(&a, "visits"), visits, "nothing written");
}

#[test]
fn f1_opens_help_inside_a_form() {
    use doorstep::tui::shell::help::Help;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&dir, Lang::En);
    new_visit(&mut a);
    typ(&mut a, "?");
    assert!(a.top::<Help>().is_none(), "`?` is a letter in a form");
    key(&mut a, KeyCode::F(1));
    let screen = render(&a, 80, 24);
    assert!(a.top::<Help>().is_some(), "{screen}");
    assert!(
        screen.contains("clear the field") && screen.contains("save"),
        "{screen}"
    );
    key(&mut a, KeyCode::Esc);
    assert!(a.top::<Form>().is_some(), "back on the form");
}

/// The visit "done" step form of a law-and-care visit: its longest labels
/// ("Evaluation sheets handed out", "慰问金额（元）") show whole at 80x24.
fn done_form(a: &mut App) {
    use doorstep::domain::visit::Visit;
    let mut v = Visit::planned(
        today(),
        vec![1],
        vec!["law".into(), "care".into()],
        "ordinary",
    );
    v.place = "幸福社区".into();
    let id = a.store.add_visit(&v).unwrap().id;
    a.effect(Effect::Open(Target::Visit(id))).unwrap();
    ch(a, 's');
    ch(a, 'd');
    assert!(a.top::<Form>().is_some(), "no form: {}", status(a));
}

/// The hand-over step form of an assigned issue.
fn handover_form(a: &mut App) {
    use doorstep::config::categories::{Categories, SetId};
    use doorstep::domain::issue::{Assignment, Issue, IssueStep};
    let raiser: i64 = a
        .store
        .conn()
        .query_row(
            "SELECT min(id) FROM directory WHERE kind = 'person'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut issue = Issue::new(today(), "security", "占道经营");
    issue.raiser_id = Some(raiser);
    let s = a.store.add_issue(&issue).unwrap();
    let assign = IssueStep::Assign(Assignment {
        unit: Categories::shipped().keys(SetId::Unit)[0].clone(),
        officer_id: 1,
        deadline: today() + chrono::Days::new(10),
    });
    a.store
        .issue_step(s.id, s.version, &assign, today())
        .unwrap();
    a.effect(Effect::Open(Target::Issue(s.id))).unwrap();
    ch(a, 's');
    ch(a, 'h');
    assert!(a.top::<Form>().is_some(), "no form: {}", status(a));
}

#[test]
fn long_labels_show_whole_at_80x24_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        done_form(&mut a);
        let screen = render(&a, 80, 24);
        let whole: &[&str] = match lang {
            Lang::En => &["Gift value (yuan)", "Evaluation sheets handed out"],
            Lang::Zh => &["慰问金额（元）", "发放评议表（份）"],
        };
        for label in whole {
            assert!(screen.contains(label), "{label} cut:\n{screen}");
        }
        assert!(!screen.contains('…'), "{screen}");
        insta::assert_snapshot!(format!("done_form_80x24_{lang:?}"), screen);

        let dir = tempfile::tempdir().unwrap();
        let mut a = app(&dir, lang);
        handover_form(&mut a);
        let screen = render(&a, 80, 24);
        let label = match lang {
            Lang::En => "Handed over on ",
            Lang::Zh => "转办日期 ",
        };
        assert!(screen.contains(label), "{screen}");
        insta::assert_snapshot!(format!("handover_form_80x24_{lang:?}"), screen);
    }
}
