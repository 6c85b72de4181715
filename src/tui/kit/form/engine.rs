//! The form engine: focus, keys, pickers, the nested entry form, saving
//! and conflicts. It knows nothing of the records; each record's module
//! lays out its fields and builds the record from them (see [`Record`]).

use super::pick::{self, Opt};
use crate::tui::kit::confirm::Confirm;
use crate::tui::kit::overlay::{Changes, Hint, Overlay, Reply, Then, Transition};
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;
use crate::tui::shell::keys::{KeyMap, Scope};
use anyhow::Result;
use std::any::Any;

use super::field::{digit_keys, insert_clean};
use super::{Field, Fields, Kind, Value};
use crate::config::categories::SetId;
use crate::domain::FieldError;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::shell::context::View;
use crate::tui::shell::keys::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::cell::Cell;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// What a saved record tells the app (and a parent form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    /// How the record is named in a picker (a directory entry's name).
    pub name: String,
    /// What the status bar says afterwards; "saved" when None. Steps use
    /// it to say what the step did ("reopened: back to rectifying").
    pub message: Option<String>,
    /// The kinds of record the save wrote, so only their panes reload.
    pub changes: Changes,
    /// The record to put the cursor on (one just created).
    pub select: Option<Target>,
    /// What the pane beneath does next (a form that writes nothing but
    /// asks for a view, like the Report pane's period).
    pub then: Option<Then>,
}

impl Saved {
    pub fn new(id: i64, name: impl Into<String>, changes: Changes) -> Saved {
        Saved {
            id,
            name: name.into(),
            message: None,
            changes,
            select: None,
            then: None,
        }
    }

    pub fn with_message(mut self, message: String) -> Saved {
        self.message = Some(message);
        self
    }

    /// Puts the cursor on `target` once the form closes.
    pub fn select(mut self, target: Target) -> Saved {
        self.select = Some(target);
        self
    }

    /// Has the pane beneath do `then` once the form closes.
    pub fn then(mut self, then: Then) -> Saved {
        self.then = Some(then);
        self
    }

    /// What the closing form tells the app.
    pub fn reply(self, lang: Lang) -> Reply {
        let text = self
            .message
            .unwrap_or_else(|| Msg::Saved.text(lang).to_string());
        let mut reply = Reply::default().say(text).changed(self.changes);
        reply.then = self.then;
        match self.select {
            Some(t) => reply.select(t),
            None => reply,
        }
    }
}

/// One record's form: builds the record from the fields and writes it.
pub trait Record {
    /// Builds the record and saves it (add, or update at the version the
    /// form was opened with). Field errors come back as
    /// `StoreError::Invalid`.
    fn save(&mut self, fields: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError>;
    /// After a conflict: take the stored record's current version (and
    /// the parts the form does not edit), so a second Ctrl-S saves over
    /// the other change knowingly.
    fn rebase(&mut self, _ctx: &Ctx) -> Result<(), StoreError> {
        Ok(())
    }
    /// A question to answer with `y` before saving these values (a step
    /// that cannot be undone, like refusing mediation); None saves at once.
    fn confirm(&self, _fields: &Fields, _lang: Lang) -> Option<String> {
        None
    }
}

/// What a key did to the form.
pub enum Done {
    Open,
    Cancelled,
    Saved(Saved),
    /// Ctrl-C, confirmed when input would be lost.
    Quit,
    /// Open this over the form (a picker, a question, a new entry).
    Push(Box<dyn Overlay>),
}

/// What the form asked before doing it; a confirmation's "yes" hands it
/// back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Discard,
    Quit,
    Save,
}

/// An open form.
pub struct Form {
    pub title: String,
    pub fields: Fields,
    pub focus: usize,
    pub(super) record: Box<dyn Record>,
    /// The person field of the form beneath this one, when this is a new
    /// directory entry made from its picker.
    pub(super) parent: Option<usize>,
    /// A form-wide message (a conflict, a store error) and whether it is an error.
    pub(super) note: Option<String>,
    pub(super) initial: String,
    pub(super) top: Cell<usize>,
}

impl Form {
    pub fn new(title: Msg, ctx: &Ctx, list: Vec<Field>, record: Box<dyn Record>) -> Form {
        let fields = Fields {
            list,
            today: ctx.today,
        };
        let mut form = Form {
            title: title.text(ctx.lang).to_string(),
            fields,
            focus: 0,
            record,
            parent: None,
            note: None,
            initial: String::new(),
            top: Cell::new(0),
        };
        form.initial = form.fingerprint();
        form
    }

    pub(super) fn fingerprint(&self) -> String {
        let parts: Vec<String> = self.fields.list.iter().map(Field::fingerprint).collect();
        parts.join("\u{1f}")
    }

    /// Treats the prefilled values as unsaved input (a name typed in a
    /// picker before the entry form opened).
    pub fn mark_unsaved(&mut self) {
        self.initial.clear();
    }

    /// Whether anything differs from what the form opened with.
    pub fn changed(&self) -> bool {
        self.fingerprint() != self.initial
    }

    /// The message shown for a field, if any.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(|f| f.error.as_deref())
    }

    /// The form-wide message, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The focused field's domain name.
    pub fn focused(&self) -> &'static str {
        self.fields.list[self.focus].name
    }

    /// Handles one key press.
    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Done {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => return self.save(ctx),
            KeyCode::Char('c') if ctrl => return self.confirm(Ask::Quit, ctx.lang),
            KeyCode::Esc => return self.confirm(Ask::Discard, ctx.lang),
            KeyCode::Tab | KeyCode::Down => self.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(-1),
            KeyCode::Enter if self.kind().picks() => {
                // A typed name (no entry picked yet) starts the search for
                // that person; a filled field opens on an empty filter with
                // its value highlighted.
                let typed = match &self.fields.list[self.focus].value {
                    Value::Person(None, name) => name.value().trim().to_string(),
                    _ => String::new(),
                };
                return self.open_picker(&typed, ctx);
            }
            KeyCode::Enter => self.move_focus(1),
            _ => return self.edit_key(key, ctx),
        }
        Done::Open
    }

    /// The focused field's picker, its filter set to `query`.
    fn open_picker(&mut self, query: &str, ctx: &Ctx) -> Done {
        match pick::for_field(self, query, ctx) {
            Ok(Some(picker)) => Done::Push(Box::new(picker)),
            Ok(None) => Done::Open,
            Err(e) => {
                self.note = Some(crate::explain::store_error(&e, ctx.lang));
                Done::Open
            }
        }
    }

    /// What an overlay opened over the form handed back: a picker's
    /// choice, a new directory entry, a confirmation's yes.
    pub fn resume(&mut self, answer: Box<dyn Any>, ctx: &mut Ctx) -> Done {
        let answer = match answer.downcast::<Ask>() {
            Ok(ask) => {
                return match *ask {
                    Ask::Discard => Done::Cancelled,
                    Ask::Quit => Done::Quit,
                    Ask::Save => self.write(ctx),
                }
            }
            Err(other) => other,
        };
        let answer = match answer.downcast::<pick::Picked>() {
            Ok(p) => return self.picked(*p, ctx),
            Err(other) => other,
        };
        if let Ok(c) = answer.downcast::<pick::Created>() {
            let f = &mut self.fields.list[c.field];
            f.value = Value::Person(Some(c.id), Input::new(c.name));
            f.error = None;
            self.focus = c.field;
            self.move_focus(1);
        }
        Done::Open
    }

    pub(super) fn kind(&self) -> Kind {
        self.fields.list[self.focus].kind
    }

    /// Asks before losing input; leaves at once when nothing changed.
    fn confirm(&mut self, ask: Ask, lang: Lang) -> Done {
        let question = match ask {
            _ if !self.changed() => return self.resume_now(ask),
            Ask::Discard => Msg::DiscardAsk,
            _ => Msg::QuitAsk,
        };
        Done::Push(Box::new(Confirm::new(question.text(lang), ask)))
    }

    /// Leaving without asking (nothing would be lost).
    fn resume_now(&self, ask: Ask) -> Done {
        match ask {
            Ask::Discard => Done::Cancelled,
            _ => Done::Quit,
        }
    }

    pub(super) fn move_focus(&mut self, by: isize) {
        let n = self.fields.list.len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// A key that edits the focused field.
    pub(super) fn edit_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Done {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let kind = self.kind();
        if let (KeyCode::Char(c @ '1'..='9'), false) = (key.code, ctrl) {
            if self.pick_digit(c, ctx) {
                return Done::Open;
            }
        }
        let field = &mut self.fields.list[self.focus];
        if kind.typed() {
            let Some(input) = field.input_mut() else {
                return Done::Open;
            };
            let before = input.value().to_string();
            let full = input.value().chars().count() >= kind.max();
            if full && matches!(key.code, KeyCode::Char(_)) && !ctrl {
                field.error = Some(Msg::FieldFull.fill(ctx.lang, &[&kind.max()]));
                return Done::Open;
            }
            input.handle_event(&Event::Key(key));
            if input.value() != before {
                field.error = None;
                if let Value::Person(id, _) = &mut field.value {
                    *id = None; // a typed name, no longer the picked entry
                }
            }
            return Done::Open;
        }
        match (&mut field.value, key.code) {
            (Value::Bool(b), KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) => *b = !*b,
            (_, KeyCode::Backspace | KeyCode::Delete) => {
                match &mut field.value {
                    Value::Key(k) => k.clear(),
                    Value::Keys(k) => k.clear(),
                    Value::Officer(o) => *o = None,
                    Value::Officers(o) => o.clear(),
                    Value::Person(id, name) => {
                        *id = None;
                        *name = Input::default();
                    }
                    _ => {}
                }
                field.error = None;
            }
            // Typing on a picker field starts the picker with that text.
            (_, KeyCode::Char(c)) if kind.picks() && !ctrl => {
                let q = if c == ' ' {
                    String::new()
                } else {
                    c.to_string()
                };
                return self.open_picker(&q, ctx);
            }
            _ => {}
        }
        Done::Open
    }

    /// A digit on a short single-category field picks that item and moves
    /// on, so a row of ratings takes one key each. False when the field
    /// takes no digits.
    pub(super) fn pick_digit(&mut self, c: char, ctx: &Ctx) -> bool {
        let field = &mut self.fields.list[self.focus];
        let Some(keys) = digit_keys(ctx.store.categories(), field.kind) else {
            return false;
        };
        let Some(k) = c.to_digit(10).and_then(|d| keys.get(d as usize - 1)) else {
            return true; // a digit past the last item does nothing
        };
        // The digit sets the value only: Tab moves on, so `1 Tab 2 Tab`
        // does what it says.
        field.value = Value::Key(k.clone());
        field.error = None;
        true
    }

    /// Applies a picker's choice to its field and moves on; "+ new entry"
    /// opens the new entry's form instead.
    fn picked(&mut self, p: pick::Picked, ctx: &Ctx) -> Done {
        let f = &mut self.fields.list[p.field];
        f.error = None;
        let first = p.items.first();
        match (&mut f.value, first) {
            (Value::Keys(keys), _) => {
                *keys = p
                    .items
                    .iter()
                    .filter_map(|o| match o {
                        Opt::Key(k) => Some(k.clone()),
                        _ => None,
                    })
                    .collect();
            }
            (Value::Officers(ids), _) => {
                *ids = p
                    .items
                    .iter()
                    .filter_map(|o| match o {
                        Opt::Officer(id) => Some(*id),
                        _ => None,
                    })
                    .collect();
            }
            (Value::Key(k), Some(Opt::Key(new))) => *k = new.clone(),
            (Value::Officer(o), Some(Opt::Officer(id))) => *o = Some(*id),
            (Value::Officer(o), Some(Opt::Clear)) => *o = None,
            (Value::Person(id, name), Some(Opt::Person(pid, pname))) => {
                *id = Some(*pid);
                *name = Input::new(pname.clone());
            }
            (Value::Person(..), Some(Opt::NewEntry)) => {
                return Done::Push(Box::new(pick::new_entry(p.field, &p.query, ctx)));
            }
            _ => {}
        }
        self.focus = p.field;
        self.move_focus(1);
        Done::Open
    }

    /// Ctrl-S: parse, build, save; on any error keep every field as typed.
    pub(super) fn save(&mut self, ctx: &mut Ctx) -> Done {
        self.note = None;
        let mut first_bad = None;
        for (i, f) in self.fields.list.iter_mut().enumerate() {
            f.error = f.check(ctx.today, ctx.lang).err();
            if f.error.is_some() && first_bad.is_none() {
                first_bad = Some(i);
            }
        }
        if let Some(i) = first_bad {
            self.focus = i;
            return Done::Open;
        }
        if let Some(question) = self.record.confirm(&self.fields, ctx.lang) {
            return Done::Push(Box::new(Confirm::new(question, Ask::Save)));
        }
        self.write(ctx)
    }

    /// Builds and writes the record; on any error keeps every field.
    pub(super) fn write(&mut self, ctx: &mut Ctx) -> Done {
        match self.record.save(&self.fields, ctx) {
            Ok(saved) => Done::Saved(saved),
            Err(StoreError::Invalid(e)) => {
                self.field_error(&e, ctx.lang);
                Done::Open
            }
            Err(StoreError::Conflict { by, at, .. }) => {
                let at = at.get(..16).unwrap_or(&at).replace('T', " ");
                self.note = Some(Msg::FormConflict.fill(ctx.lang, &[&by, &at]));
                if let Err(e) = self.record.rebase(ctx) {
                    self.note = Some(crate::explain::store_error(&e, ctx.lang));
                }
                Done::Open
            }
            Err(e) => {
                self.note = Some(crate::explain::store_error(&e, ctx.lang));
                Done::Open
            }
        }
    }

    /// Shows a domain error next to its field and moves there.
    pub(super) fn field_error(&mut self, e: &FieldError, lang: Lang) {
        let text = problem_text(e, lang);
        let at = self
            .fields
            .list
            .iter()
            .position(|f| f.name == e.field.key() || f.also.contains(&e.field.key()));
        match at {
            Some(i) => {
                self.fields.list[i].error = Some(text);
                self.focus = i;
            }
            None => self.note = Some(text),
        }
    }

    /// Bracketed paste into the focused text field (or the open picker).
    pub fn paste(&mut self, pasted: &str, ctx: &mut Ctx) {
        let kind = self.kind();
        if !kind.typed() {
            return;
        }
        let field = &mut self.fields.list[self.focus];
        let Some(input) = field.input_mut() else {
            return;
        };
        let cut = insert_clean(input, pasted, kind == Kind::Text, kind.max());
        field.error = cut.then(|| Msg::PasteTooLong.text(ctx.lang).to_string());
        if let Value::Person(id, _) = &mut field.value {
            *id = None;
        }
    }
}

/// A validation error in the UI language, next to its field.
fn problem_text(e: &FieldError, lang: Lang) -> String {
    crate::explain::problem(e, lang)
}

/// The default key of a category set for new records: `preferred` when
/// it is offered, else nothing (the user picks).
pub fn default_key(ctx: &Ctx, set: SetId, preferred: &str) -> String {
    if ctx.store.categories().is_offered(set, preferred) {
        preferred.to_string()
    } else {
        String::new()
    }
}

/// A step's invalid value is shown next to its field, like a form's.
pub fn field_first(e: StoreError) -> StoreError {
    match e {
        StoreError::Step(crate::domain::StepError::Field(f)) => StoreError::Invalid(f),
        other => other,
    }
}

/// A form on the stack: Ctrl-S saves and closes it with what the save
/// said; Esc closes it (asking first when input would be lost). A new
/// directory entry made from a picker hands the person to its form.
impl Overlay for Form {
    fn key(&mut self, key: KeyEvent, _: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        let done = self.handle(key, ctx);
        Ok(self.transition(done, ctx))
    }

    fn resume(&mut self, answer: Box<dyn Any>, ctx: &mut Ctx) -> Result<Transition> {
        let done = Form::resume(self, answer, ctx);
        Ok(self.transition(done, ctx))
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Transition {
        Form::paste(self, text, ctx);
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        Form::draw(self, frame, area, view);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        form_hints(self)
    }

    fn takes_text(&self) -> bool {
        true
    }
}

impl Form {
    /// The stack's reading of what the form did.
    fn transition(&self, done: Done, ctx: &Ctx) -> Transition {
        match (done, self.parent) {
            (Done::Open, _) => Transition::Stay,
            (Done::Cancelled, _) => Transition::pop(),
            (Done::Quit, _) => Transition::Quit,
            (Done::Push(o), _) => Transition::Push(o),
            (Done::Saved(s), Some(field)) => {
                let made = pick::Created {
                    field,
                    id: s.id,
                    name: s.name.clone(),
                };
                Transition::Pop(Reply::default().answer(made).changed(s.changes))
            }
            (Done::Saved(s), None) => Transition::Pop(s.reply(ctx.lang)),
        }
    }
}

/// A step's form, titled after the record it acts on ("XC-2026-0042
/// Assign"), ready for the stack.
pub fn step_form(
    record_name: &str,
    label: Msg,
    ctx: &Ctx,
    fields: Vec<Field>,
    record: Box<dyn Record>,
) -> crate::tui::kit::menu::Opened {
    let mut form = Form::new(label, ctx, fields, record);
    form.title = format!("{record_name} {}", form.title);
    crate::tui::kit::menu::Opened::Form(form)
}

/// The keys of `form`, only those that apply to its fields: Enter picks
/// only where a field has a picker, Space ticks only where one is a
/// yes/no box (a form of dates offers neither).
pub fn form_hints(form: &Form) -> Vec<Hint> {
    let kinds = || form.fields.list.iter().map(|f| f.kind);
    let mut hints = vec![Hint::fixed("Tab/S-Tab", Msg::HintField)];
    if kinds().any(Kind::picks) {
        hints.push(Hint::fixed("Enter", Msg::HintPick));
    }
    if kinds().any(|k| k == Kind::Bool) {
        hints.push(Hint::fixed("Space", Msg::HintToggle));
    }
    hints.extend([
        Hint::fixed("Ctrl-S", Msg::HintSave),
        Hint::fixed("Esc", Msg::HintCancel),
        // Before Ctrl-U: the way to every other key stays on screen.
        Hint::fixed("F1", Msg::ActHelp),
        Hint::fixed("Ctrl-U", Msg::HintClearField),
    ]);
    hints
}
