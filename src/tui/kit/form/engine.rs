//! The form engine: focus, keys, pickers, the nested entry form, saving
//! and conflicts. It knows nothing of the records; each record's module
//! lays out its fields and builds the record from them (see [`Record`]).

use crate::tui::kit::overlay::{Changes, Hint, Overlay, Reply, Transition};
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;
use crate::tui::shell::keys::{KeyMap, Scope};
use anyhow::Result;

use super::field::{digit_keys, insert_clean};
use super::{Field, Fields, Kind, Value};
use crate::config::categories::SetId;
use crate::domain::FieldError;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::picker::{Outcome, Picker};
use crate::tui::shell::context::View;
use crate::tui::shell::keys::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::cell::Cell;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// How many people the person picker lists for one query.
const PEOPLE: usize = 50;

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
}

impl Saved {
    pub fn new(id: i64, name: impl Into<String>, changes: Changes) -> Saved {
        Saved {
            id,
            name: name.into(),
            message: None,
            changes,
            select: None,
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

    /// What the closing form tells the app.
    pub fn reply(self, lang: Lang) -> Reply {
        let text = self
            .message
            .unwrap_or_else(|| Msg::Saved.text(lang).to_string());
        let reply = Reply::default().say(text).changed(self.changes);
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Open,
    Cancelled,
    Saved(Saved),
    /// Ctrl-C, confirmed when input would be lost.
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ask {
    Discard,
    Quit,
    /// Save only when confirmed: the record's question.
    Save(String),
}

/// What a picker item stands for.
#[derive(Debug, Clone)]
pub(super) enum Opt {
    Key(String),
    Officer(i64),
    Person(i64, String),
    /// "(none)": clears the field.
    Clear,
    /// "+ new directory entry".
    NewEntry,
}

/// What is open over the form.
pub(super) enum Sub {
    Pick {
        field: usize,
        picker: Box<Picker>,
        opts: Vec<Opt>,
    },
    /// A directory entry being created from the person picker.
    Entry { field: usize, form: Box<Form> },
}

/// An open form.
pub struct Form {
    pub title: String,
    pub fields: Fields,
    pub focus: usize,
    pub(super) record: Box<dyn Record>,
    pub(super) sub: Option<Sub>,
    pub(super) ask: Option<Ask>,
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
            sub: None,
            ask: None,
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
        let nested = matches!(&self.sub, Some(Sub::Entry { form, .. }) if form.changed());
        nested || self.fingerprint() != self.initial
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
        if let Some(ask) = self.ask.take() {
            return match (key.code, ask) {
                (KeyCode::Char('y' | 'Y'), Ask::Discard) => Done::Cancelled,
                (KeyCode::Char('y' | 'Y'), Ask::Quit) => Done::Quit,
                (KeyCode::Char('y' | 'Y'), Ask::Save(_)) => self.write(ctx),
                _ => Done::Open,
            };
        }
        if let Some(sub) = self.sub.take() {
            return self.sub_key(sub, key, ctx);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => return self.save(ctx),
            KeyCode::Char('c') if ctrl => return self.confirm(Ask::Quit),
            KeyCode::Esc => return self.confirm(Ask::Discard),
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
                self.open_picker(&typed, ctx);
            }
            KeyCode::Enter => self.move_focus(1),
            _ => self.edit_key(key, ctx),
        }
        Done::Open
    }

    pub(super) fn kind(&self) -> Kind {
        self.fields.list[self.focus].kind
    }

    /// Asks before losing input; leaves at once when nothing changed.
    pub(super) fn confirm(&mut self, ask: Ask) -> Done {
        if self.changed() {
            self.ask = Some(ask);
            return Done::Open;
        }
        match ask {
            Ask::Discard => Done::Cancelled,
            Ask::Quit | Ask::Save(_) => Done::Quit,
        }
    }

    pub(super) fn move_focus(&mut self, by: isize) {
        let n = self.fields.list.len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// A key that edits the focused field.
    pub(super) fn edit_key(&mut self, key: KeyEvent, ctx: &mut Ctx) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let kind = self.kind();
        if let (KeyCode::Char(c @ '1'..='9'), false) = (key.code, ctrl) {
            if self.pick_digit(c, ctx) {
                return;
            }
        }
        let field = &mut self.fields.list[self.focus];
        if kind.typed() {
            let Some(input) = field.input_mut() else {
                return;
            };
            let before = input.value().to_string();
            let full = input.value().chars().count() >= kind.max();
            if full && matches!(key.code, KeyCode::Char(_)) && !ctrl {
                field.error = Some(Msg::FieldFull.fill(ctx.lang, &[&kind.max()]));
                return;
            }
            input.handle_event(&Event::Key(key));
            if input.value() != before {
                field.error = None;
                if let Value::Person(id, _) = &mut field.value {
                    *id = None; // a typed name, no longer the picked entry
                }
            }
            return;
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
                self.open_picker(&q, ctx);
            }
            _ => {}
        }
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

    /// Opens the picker of the focused field, its filter set to `query`.
    pub(super) fn open_picker(&mut self, query: &str, ctx: &mut Ctx) {
        let field = self.focus;
        let f = &self.fields.list[field];
        let title = f.caption(ctx.lang);
        let lang = ctx.lang;
        let cats = ctx.store.categories();
        let (labels, opts, ticked): (Vec<String>, Vec<Opt>, Option<Vec<usize>>) =
            match (&f.kind, &f.value) {
                (Kind::Category(set) | Kind::Categories(set), value) => {
                    let chosen: Vec<String> = match value {
                        Value::Key(k) if !k.is_empty() => vec![k.clone()],
                        Value::Keys(k) => k.clone(),
                        _ => Vec::new(),
                    };
                    // Offered items, and any retired one the record still has.
                    let mut keys: Vec<String> =
                        cats.set(*set).offered().map(|i| i.key.clone()).collect();
                    for k in &chosen {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    }
                    // Items a digit picks show their digit.
                    let digits = digit_keys(cats, f.kind).map_or(0, |d| d.len());
                    let labels = keys
                        .iter()
                        .enumerate()
                        .map(|(i, k)| {
                            let label = cats.label(*set, k, lang);
                            if i < digits {
                                format!("{} {label}", i + 1)
                            } else {
                                label
                            }
                        })
                        .collect();
                    let ticked = matches!(f.kind, Kind::Categories(_)).then(|| {
                        (0..keys.len())
                            .filter(|i| chosen.contains(&keys[*i]))
                            .collect()
                    });
                    (labels, keys.into_iter().map(Opt::Key).collect(), ticked)
                }
                (Kind::Officer, _) => {
                    let mut labels = vec![Msg::None_.text(lang).to_string()];
                    let mut opts = vec![Opt::Clear];
                    for (id, name) in ctx.officers {
                        labels.push(name.clone());
                        opts.push(Opt::Officer(*id));
                    }
                    (labels, opts, None)
                }
                (Kind::Officers, Value::Officers(chosen)) => {
                    let labels = ctx.officers.iter().map(|o| o.1.clone()).collect();
                    let opts = ctx.officers.iter().map(|o| Opt::Officer(o.0)).collect();
                    let ticked = (0..ctx.officers.len())
                        .filter(|i| chosen.contains(&ctx.officers[*i].0))
                        .collect();
                    (labels, opts, Some(ticked))
                }
                (Kind::Person { .. }, value) => {
                    let current = match value {
                        Value::Person(id, _) => *id,
                        _ => None,
                    };
                    match person_picker(ctx, title, query, current) {
                        Ok((mut picker, opts)) => {
                            if current.is_some() && query.is_empty() {
                                picker.highlight(0);
                            }
                            self.sub = Some(Sub::Pick {
                                field,
                                picker: Box::new(picker),
                                opts,
                            });
                        }
                        Err(e) => self.note = Some(crate::explain::store_error(&e, ctx.lang)),
                    }
                    return;
                }
                _ => return,
            };
        let current = current_item(&f.value, &opts);
        let mut picker = Picker::new(title, Msg::PickerHint.text(lang), labels);
        if let Some(t) = ticked {
            picker = picker.multi(t);
            picker.hint = Msg::MultiHint.text(lang).to_string();
        }
        if !query.is_empty() {
            picker.paste(query);
        }
        if let Some(i) = current {
            picker.highlight(i);
        }
        self.sub = Some(Sub::Pick {
            field,
            picker: Box::new(picker),
            opts,
        });
    }

    pub(super) fn sub_key(&mut self, sub: Sub, key: KeyEvent, ctx: &mut Ctx) -> Done {
        match sub {
            Sub::Pick {
                field,
                mut picker,
                mut opts,
            } => {
                let person = matches!(self.fields.list[field].kind, Kind::Person { .. });
                let ctrl_n =
                    key.code == KeyCode::Char('n') && key.modifiers.contains(KeyModifiers::CONTROL);
                if person && ctrl_n {
                    self.open_entry(field, picker.query(), ctx);
                    return Done::Open;
                }
                let before = picker.query().to_string();
                let action = match key.code {
                    KeyCode::Up => Some(Action::Up),
                    KeyCode::Down => Some(Action::Down),
                    KeyCode::PageUp => Some(Action::PageUp),
                    KeyCode::PageDown => Some(Action::PageDown),
                    _ => None,
                };
                match picker.key(key, action) {
                    Outcome::Open => {
                        if person && picker.query() != before {
                            let title = picker.title.clone();
                            match person_picker(ctx, &title, picker.query(), None) {
                                Ok((p, o)) => (picker, opts) = (Box::new(p), o),
                                Err(e) => {
                                    self.note = Some(crate::explain::store_error(&e, ctx.lang))
                                }
                            }
                        }
                        self.sub = Some(Sub::Pick {
                            field,
                            picker,
                            opts,
                        });
                    }
                    Outcome::Cancelled => {}
                    Outcome::Picked(mut ix) => {
                        let multi = matches!(
                            self.fields.list[field].kind,
                            Kind::Categories(_) | Kind::Officers
                        );
                        if multi && ix.is_empty() {
                            // Enter with nothing ticked takes the highlighted item.
                            picker.key(KeyEvent::from(KeyCode::Char(' ')), None);
                            if let Outcome::Picked(again) =
                                picker.key(KeyEvent::from(KeyCode::Enter), None)
                            {
                                ix = again;
                            }
                        }
                        let query = picker.query().to_string();
                        self.picked(field, &opts, &ix, &query, ctx);
                        // Picked: on to the next field (not when a new
                        // entry's form opened over this one).
                        if self.sub.is_none() {
                            self.move_focus(1);
                        }
                    }
                }
                Done::Open
            }
            Sub::Entry { field, mut form } => match form.handle(key, ctx) {
                Done::Open => {
                    self.sub = Some(Sub::Entry { field, form });
                    Done::Open
                }
                Done::Cancelled => Done::Open,
                Done::Quit => Done::Quit,
                Done::Saved(s) => {
                    let f = &mut self.fields.list[field];
                    f.value = Value::Person(Some(s.id), Input::new(s.name));
                    f.error = None;
                    self.focus = field;
                    self.move_focus(1);
                    Done::Open
                }
            },
        }
    }

    /// Applies the picker's choice to field `field`.
    pub(super) fn picked(
        &mut self,
        field: usize,
        opts: &[Opt],
        ix: &[usize],
        query: &str,
        ctx: &mut Ctx,
    ) {
        let f = &mut self.fields.list[field];
        f.error = None;
        match &mut f.value {
            Value::Keys(keys) => {
                *keys = ix
                    .iter()
                    .filter_map(|i| match opts.get(*i) {
                        Some(Opt::Key(k)) => Some(k.clone()),
                        _ => None,
                    })
                    .collect();
            }
            Value::Officers(ids) => {
                *ids = ix
                    .iter()
                    .filter_map(|i| match opts.get(*i) {
                        Some(Opt::Officer(id)) => Some(*id),
                        _ => None,
                    })
                    .collect();
            }
            value => match (value, ix.first().and_then(|i| opts.get(*i))) {
                (Value::Key(k), Some(Opt::Key(new))) => *k = new.clone(),
                (Value::Officer(o), Some(Opt::Officer(id))) => *o = Some(*id),
                (Value::Officer(o), Some(Opt::Clear)) => *o = None,
                (Value::Person(id, name), Some(Opt::Person(pid, pname))) => {
                    *id = Some(*pid);
                    *name = Input::new(pname.clone());
                }
                (Value::Person(..), Some(Opt::NewEntry)) => self.open_entry(field, query, ctx),
                _ => {}
            },
        }
    }

    /// Opens the nested directory-entry form, its name prefilled.
    pub(super) fn open_entry(&mut self, field: usize, name: &str, ctx: &mut Ctx) {
        let form = Box::new(crate::tui::directory::form::new(ctx, name));
        self.sub = Some(Sub::Entry { field, form });
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
            self.ask = Some(Ask::Save(question));
            return Done::Open;
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
        match &mut self.sub {
            Some(Sub::Entry { form, .. }) => return form.paste(pasted, ctx),
            Some(Sub::Pick {
                field,
                picker,
                opts,
            }) => {
                picker.paste(pasted);
                if matches!(self.fields.list[*field].kind, Kind::Person { .. }) {
                    let title = picker.title.clone();
                    match person_picker(ctx, &title, picker.query(), None) {
                        Ok((p, o)) => (**picker, *opts) = (p, o),
                        Err(e) => self.note = Some(crate::explain::store_error(&e, ctx.lang)),
                    }
                }
                return;
            }
            None => {}
        }
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

/// The person picker over directory entries matching `query` (name,
/// address or phone), with "+ new entry" last.
fn person_picker(
    ctx: &Ctx,
    title: &str,
    query: &str,
    current: Option<i64>,
) -> Result<(Picker, Vec<Opt>), StoreError> {
    let mut entries = ctx.store.entries_page(query, None, PEOPLE)?.items;
    // The field's person first, so the picker opens on it.
    if let Some(id) = current.filter(|_| query.is_empty()) {
        entries.retain(|e| e.id != id);
        entries.insert(0, ctx.store.entry(id)?);
    }
    let exact = entries.iter().any(|e| e.record.name == query.trim());
    let mut labels = Vec::with_capacity(entries.len() + 1);
    let mut opts = Vec::with_capacity(entries.len() + 1);
    for e in entries {
        let r = &e.record;
        let mut label = r.name.clone();
        for extra in [&r.address, &r.phone] {
            if !extra.is_empty() {
                label.push_str(" · ");
                label.push_str(extra);
            }
        }
        labels.push(label);
        opts.push(Opt::Person(e.id, r.name.clone()));
    }
    // A new entry only when nobody of that name is listed (no duplicate
    // people); the label holds the query, so the filter keeps it.
    if !exact {
        labels.push(Msg::NewEntryItem.fill(ctx.lang, &[&query]));
        opts.push(Opt::NewEntry);
    }
    let mut picker = Picker::new(title, Msg::PersonHint.text(ctx.lang), labels);
    picker.paste(query);
    Ok((picker, opts))
}

/// The picker item standing for a field's current value, if any.
fn current_item(value: &Value, opts: &[Opt]) -> Option<usize> {
    opts.iter().position(|o| match (value, o) {
        (Value::Key(k), Opt::Key(o)) => k == o,
        (Value::Keys(k), Opt::Key(o)) => k.first() == Some(o),
        (Value::Officer(Some(id)), Opt::Officer(o)) => id == o,
        (Value::Officers(ids), Opt::Officer(o)) => ids.first() == Some(o),
        (Value::Person(Some(id), _), Opt::Person(o, _)) => id == o,
        _ => false,
    })
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
/// said; Esc closes it (asking first when input would be lost).
impl Overlay for Form {
    fn key(&mut self, key: KeyEvent, _: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        Ok(match self.handle(key, ctx) {
            Done::Open => Transition::Stay,
            Done::Cancelled => Transition::pop(),
            Done::Quit => Transition::Quit,
            Done::Saved(s) => Transition::Pop(s.reply(ctx.lang)),
        })
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Transition {
        Form::paste(self, text, ctx);
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        Form::draw(self, frame, area, view);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        form_hints()
    }

    fn takes_text(&self) -> bool {
        true
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

/// The keys every form takes (fixed: the pane key map does not apply
/// inside a form, where letters are text).
pub fn form_hints() -> Vec<Hint> {
    vec![
        Hint::fixed("Tab/S-Tab", Msg::HintField),
        Hint::fixed("Enter", Msg::HintPick),
        Hint::fixed("Space", Msg::HintToggle),
        Hint::fixed("Ctrl-S", Msg::HintSave),
        Hint::fixed("Esc", Msg::HintCancel),
    ]
}
