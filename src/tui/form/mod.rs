//! Forms to create and edit records: a list of fields the user moves
//! through with Tab/Shift-Tab, pickers for categories, officers and
//! people, Ctrl-S to save and Esc to cancel (asking first when input
//! would be lost). On a category field of up to nine items a digit picks
//! the item and moves on, so a row of ratings takes one key each. The
//! engine here knows nothing of the records; each record's module lays
//! out its fields and builds the record from them (see [`Record`]).
//!
//! Nothing typed is ever lost: a value that does not parse, a domain
//! validation error or a conflicting save leaves every field as it was and
//! shows the message next to the field (or in the form).

pub mod care;
pub mod case;
pub mod date;
pub mod entry;
pub mod issue;
pub mod visit;

use super::keys::Action;
use super::panes::{NewKind, Target, View};
use super::text;
use super::widgets::centered;
use super::widgets::picker::{skip_cells, Outcome, Picker};
use crate::config::categories::{Categories, SetId};
use crate::domain::validate::{LINE_MAX, TEXT_MAX};
use crate::domain::FieldError;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveTime};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::cell::Cell;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// Cells of the label column (marker included).
const LABEL: usize = 16;
/// The widest a form is drawn.
const MAX_WIDTH: u16 = 96;
/// How many people the person picker lists for one query.
const PEOPLE: usize = 50;

/// What a form works with while it handles a key.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub today: NaiveDate,
    /// Officers in name order, for the officer pickers.
    pub officers: &'a [(i64, String)],
    /// The current user's officer, the default visitor.
    pub me: Option<i64>,
}

/// What sort of value a field holds and how it is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text (at most `LINE_MAX` characters).
    Line,
    /// Longer text (at most `TEXT_MAX`); pasted newlines are kept.
    Text,
    Date {
        required: bool,
    },
    Time,
    Number {
        required: bool,
    },
    Bool,
    Category(SetId),
    Categories(SetId),
    /// One officer, or none.
    Officer,
    Officers,
    /// A directory entry from the person picker; `named` fields also take
    /// a typed name of someone not in the directory.
    Person {
        named: bool,
    },
}

impl Kind {
    /// Whether typing goes into the field's text.
    fn typed(self) -> bool {
        matches!(
            self,
            Kind::Line
                | Kind::Text
                | Kind::Date { .. }
                | Kind::Time
                | Kind::Number { .. }
                | Kind::Person { named: true }
        )
    }

    /// Whether Enter opens a picker.
    fn picks(self) -> bool {
        matches!(
            self,
            Kind::Category(_)
                | Kind::Categories(_)
                | Kind::Officer
                | Kind::Officers
                | Kind::Person { .. }
        )
    }

    /// The longest text the field takes, in characters.
    fn max(self) -> usize {
        match self {
            Kind::Text => TEXT_MAX,
            _ => LINE_MAX,
        }
    }
}

/// A field's current value.
#[derive(Debug, Clone)]
pub enum Value {
    /// Text, dates, times and numbers, as typed.
    Text(Input),
    Bool(bool),
    Key(String),
    Keys(Vec<String>),
    Officer(Option<i64>),
    Officers(Vec<i64>),
    /// The chosen entry, and its name (or a typed name).
    Person(Option<i64>, Input),
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The domain's name for it, so validation errors find their field.
    pub name: &'static str,
    /// Other domain names whose errors belong here.
    pub also: &'static [&'static str],
    pub label: Msg,
    /// A label of its own instead of `label` (a configured category's
    /// name, such as an evaluation aspect).
    pub title: Option<String>,
    pub kind: Kind,
    pub value: Value,
    pub error: Option<String>,
}

impl Field {
    fn new(name: &'static str, label: Msg, kind: Kind, value: Value) -> Field {
        Field {
            name,
            also: &[],
            label,
            title: None,
            kind,
            value,
            error: None,
        }
    }
    pub fn line(name: &'static str, label: Msg, value: &str) -> Field {
        Field::new(
            name,
            label,
            Kind::Line,
            Value::Text(Input::new(value.into())),
        )
    }
    pub fn text(name: &'static str, label: Msg, value: &str) -> Field {
        Field::new(
            name,
            label,
            Kind::Text,
            Value::Text(Input::new(value.into())),
        )
    }
    pub fn date(name: &'static str, label: Msg, value: Option<NaiveDate>, required: bool) -> Field {
        let s = value.map(|d| d.to_string()).unwrap_or_default();
        Field::new(
            name,
            label,
            Kind::Date { required },
            Value::Text(Input::new(s)),
        )
    }
    pub fn time(name: &'static str, label: Msg, value: Option<NaiveTime>) -> Field {
        let s = value.map(|t| t.format("%H:%M").to_string());
        let input = Input::new(s.unwrap_or_default());
        Field::new(name, label, Kind::Time, Value::Text(input))
    }
    pub fn number(name: &'static str, label: Msg, value: Option<u32>, required: bool) -> Field {
        let s = value.map(|n| n.to_string()).unwrap_or_default();
        Field::new(
            name,
            label,
            Kind::Number { required },
            Value::Text(Input::new(s)),
        )
    }
    pub fn flag(name: &'static str, label: Msg, value: bool) -> Field {
        Field::new(name, label, Kind::Bool, Value::Bool(value))
    }
    pub fn category(name: &'static str, label: Msg, set: SetId, key: &str) -> Field {
        Field::new(name, label, Kind::Category(set), Value::Key(key.into()))
    }
    pub fn categories(name: &'static str, label: Msg, set: SetId, keys: &[String]) -> Field {
        Field::new(
            name,
            label,
            Kind::Categories(set),
            Value::Keys(keys.to_vec()),
        )
    }
    pub fn officer(name: &'static str, label: Msg, id: Option<i64>) -> Field {
        Field::new(name, label, Kind::Officer, Value::Officer(id))
    }
    pub fn officers(name: &'static str, label: Msg, ids: &[i64]) -> Field {
        Field::new(name, label, Kind::Officers, Value::Officers(ids.to_vec()))
    }
    /// A person picked from the directory (`named`: or typed by name).
    pub fn person(
        name: &'static str,
        label: Msg,
        id: Option<i64>,
        shown: &str,
        named: bool,
    ) -> Field {
        let value = Value::Person(id, Input::new(shown.into()));
        Field::new(name, label, Kind::Person { named }, value)
    }
    /// Shows `title` as the field's label instead of its message.
    pub fn titled(mut self, title: impl Into<String>) -> Field {
        self.title = Some(title.into());
        self
    }
    /// The label shown for the field.
    fn caption(&self, lang: Lang) -> &str {
        self.title.as_deref().unwrap_or(self.label.text(lang))
    }
    /// Errors the domain reports under `names` also land on this field.
    pub fn also(mut self, names: &'static [&'static str]) -> Field {
        self.also = names;
        self
    }

    fn input(&self) -> Option<&Input> {
        match &self.value {
            Value::Text(i) | Value::Person(_, i) => Some(i),
            _ => None,
        }
    }

    fn input_mut(&mut self) -> Option<&mut Input> {
        match &mut self.value {
            Value::Text(i) | Value::Person(_, i) => Some(i),
            _ => None,
        }
    }

    /// Checks that typed text parses; the message to show when not.
    fn check(&self, today: NaiveDate, lang: Lang) -> Result<(), String> {
        let raw = self.input().map(Input::value).unwrap_or("");
        let required = |ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(Msg::Required.text(lang).to_string())
            }
        };
        match self.kind {
            Kind::Date { required: req } => match date::parse_date(raw, today) {
                Ok(d) => required(!req || d.is_some()),
                Err(date::Unparsed) => Err(Msg::BadDate.text(lang).to_string()),
            },
            Kind::Time => date::parse_time(raw)
                .map(|_| ())
                .map_err(|_| Msg::BadTime.text(lang).to_string()),
            Kind::Number { required: req } => match parse_number(raw) {
                Ok(n) => required(!req || n.is_some()),
                Err(()) => Err(Msg::BadNumber.text(lang).to_string()),
            },
            _ => Ok(()),
        }
    }

    /// The value as one comparable string, to tell whether anything changed.
    fn fingerprint(&self) -> String {
        match &self.value {
            Value::Text(i) => i.value().to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Key(k) => k.clone(),
            Value::Keys(k) => k.join(","),
            Value::Officer(o) => format!("{o:?}"),
            Value::Officers(o) => format!("{o:?}"),
            Value::Person(id, i) => format!("{id:?}{}", i.value()),
        }
    }
}

fn parse_number(raw: &str) -> Result<Option<u32>, ()> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| ())
}

/// The fields of a form, read by name when a record is built.
pub struct Fields {
    pub list: Vec<Field>,
    pub today: NaiveDate,
}

impl Fields {
    fn get(&self, name: &str) -> Option<&Field> {
        self.list.iter().find(|f| f.name == name)
    }

    /// The typed text of a text field.
    pub fn text(&self, name: &str) -> String {
        self.get(name)
            .and_then(Field::input)
            .map(|i| i.value().to_string())
            .unwrap_or_default()
    }
    /// A date field's date (the form checked it parses before saving).
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        date::parse_date(&self.text(name), self.today)
            .ok()
            .flatten()
    }
    pub fn time(&self, name: &str) -> Option<NaiveTime> {
        date::parse_time(&self.text(name)).ok().flatten()
    }
    pub fn number(&self, name: &str) -> Option<u32> {
        parse_number(&self.text(name)).ok().flatten()
    }
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name).map(|f| &f.value), Some(Value::Bool(true)))
    }
    pub fn key(&self, name: &str) -> String {
        match self.get(name).map(|f| &f.value) {
            Some(Value::Key(k)) => k.clone(),
            _ => String::new(),
        }
    }
    /// The key of every single-category field named `name`, in order
    /// (empty when not picked): forms with one field per configured item.
    pub fn each_key(&self, name: &str) -> Vec<String> {
        self.list
            .iter()
            .filter(|f| f.name == name)
            .map(|f| match &f.value {
                Value::Key(k) => k.clone(),
                _ => String::new(),
            })
            .collect()
    }
    pub fn keys(&self, name: &str) -> Vec<String> {
        match self.get(name).map(|f| &f.value) {
            Some(Value::Keys(k)) => k.clone(),
            _ => Vec::new(),
        }
    }
    pub fn officer(&self, name: &str) -> Option<i64> {
        match self.get(name).map(|f| &f.value) {
            Some(Value::Officer(o)) => *o,
            _ => None,
        }
    }
    pub fn officers(&self, name: &str) -> Vec<i64> {
        match self.get(name).map(|f| &f.value) {
            Some(Value::Officers(o)) => o.clone(),
            _ => Vec::new(),
        }
    }
    /// The picked entry (if any) and the name shown or typed.
    pub fn person(&self, name: &str) -> (Option<i64>, String) {
        match self.get(name).map(|f| &f.value) {
            Some(Value::Person(id, i)) => (*id, i.value().trim().to_string()),
            _ => (None, String::new()),
        }
    }
}

/// What a saved record tells the app (and a parent form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    /// How the record is named in a picker (a directory entry's name).
    pub name: String,
    /// What the status bar says afterwards; "saved" when None. Steps use
    /// it to say what the step did ("reopened: back to rectifying").
    pub message: Option<String>,
}

impl Saved {
    pub fn new(id: i64, name: impl Into<String>) -> Saved {
        Saved {
            id,
            name: name.into(),
            message: None,
        }
    }

    pub fn with_message(mut self, message: String) -> Saved {
        self.message = Some(message);
        self
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Discard,
    Quit,
}

/// What a picker item stands for.
#[derive(Debug, Clone)]
enum Opt {
    Key(String),
    Officer(i64),
    Person(i64, String),
    /// "(none)": clears the field.
    Clear,
    /// "+ new directory entry".
    NewEntry,
}

/// What is open over the form.
enum Sub {
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
    record: Box<dyn Record>,
    sub: Option<Sub>,
    ask: Option<Ask>,
    /// A form-wide message (a conflict, a store error) and whether it is an error.
    note: Option<String>,
    initial: String,
    top: Cell<usize>,
}

/// A form for a new record of `kind`.
pub fn new(kind: NewKind, ctx: &Ctx) -> Form {
    match kind {
        NewKind::Visit(day) => visit::new(ctx, day),
        NewKind::Issue => issue::new(ctx),
        NewKind::Case => case::new(ctx),
        NewKind::Care => care::new(ctx),
        NewKind::Entry => entry::new(ctx, ""),
    }
}

/// The form editing the stored record `target`, prefilled.
pub fn edit(target: Target, ctx: &Ctx) -> Result<Form, StoreError> {
    match target {
        Target::Visit(id) => visit::edit(ctx, id),
        Target::Issue(id) => issue::edit(ctx, id),
        Target::Entry(id) => entry::edit(ctx, id),
        Target::Care(id) => care::edit(ctx, id),
        Target::Case(id) => case::edit(ctx, id),
    }
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

    fn fingerprint(&self) -> String {
        let parts: Vec<String> = self.fields.list.iter().map(Field::fingerprint).collect();
        parts.join("\u{1f}")
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
    pub fn key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Done {
        if let Some(ask) = self.ask.take() {
            return match (key.code, ask) {
                (KeyCode::Char('y' | 'Y'), Ask::Discard) => Done::Cancelled,
                (KeyCode::Char('y' | 'Y'), Ask::Quit) => Done::Quit,
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
                // A typed name starts the search for that person.
                let typed = match self.kind() {
                    Kind::Person { named: true } => self.fields.list[self.focus].input(),
                    _ => None,
                };
                let query = typed.map(|i| i.value().trim().to_string());
                self.open_picker(&query.unwrap_or_default(), ctx);
            }
            KeyCode::Enter => self.move_focus(1),
            _ => self.edit_key(key, ctx),
        }
        Done::Open
    }

    fn kind(&self) -> Kind {
        self.fields.list[self.focus].kind
    }

    /// Asks before losing input; leaves at once when nothing changed.
    fn confirm(&mut self, ask: Ask) -> Done {
        if self.changed() {
            self.ask = Some(ask);
            return Done::Open;
        }
        match ask {
            Ask::Discard => Done::Cancelled,
            Ask::Quit => Done::Quit,
        }
    }

    fn move_focus(&mut self, by: isize) {
        let n = self.fields.list.len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// A key that edits the focused field.
    fn edit_key(&mut self, key: KeyEvent, ctx: &mut Ctx) {
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
    fn pick_digit(&mut self, c: char, ctx: &Ctx) -> bool {
        let field = &mut self.fields.list[self.focus];
        let Some(keys) = digit_keys(ctx.store.categories(), field.kind) else {
            return false;
        };
        let Some(k) = c.to_digit(10).and_then(|d| keys.get(d as usize - 1)) else {
            return true; // a digit past the last item does nothing
        };
        field.value = Value::Key(k.clone());
        field.error = None;
        self.move_focus(1);
        true
    }

    /// Opens the picker of the focused field, its filter set to `query`.
    fn open_picker(&mut self, query: &str, ctx: &mut Ctx) {
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
                (Kind::Person { .. }, _) => {
                    match person_picker(ctx, title, query) {
                        Ok((picker, opts)) => {
                            self.sub = Some(Sub::Pick {
                                field,
                                picker: Box::new(picker),
                                opts,
                            });
                        }
                        Err(e) => self.note = Some(e.to_string()),
                    }
                    return;
                }
                _ => return,
            };
        let mut picker = Picker::new(title, Msg::PickerHint.text(lang), labels);
        if let Some(t) = ticked {
            picker = picker.multi(t);
            picker.hint = Msg::MultiHint.text(lang).to_string();
        }
        if !query.is_empty() {
            picker.paste(query);
        }
        self.sub = Some(Sub::Pick {
            field,
            picker: Box::new(picker),
            opts,
        });
    }

    fn sub_key(&mut self, sub: Sub, key: KeyEvent, ctx: &mut Ctx) -> Done {
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
                            match person_picker(ctx, &title, picker.query()) {
                                Ok((p, o)) => (picker, opts) = (Box::new(p), o),
                                Err(e) => self.note = Some(e.to_string()),
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
                    }
                }
                Done::Open
            }
            Sub::Entry { field, mut form } => match form.key(key, ctx) {
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
                    Done::Open
                }
            },
        }
    }

    /// Applies the picker's choice to field `field`.
    fn picked(&mut self, field: usize, opts: &[Opt], ix: &[usize], query: &str, ctx: &mut Ctx) {
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
    fn open_entry(&mut self, field: usize, name: &str, ctx: &mut Ctx) {
        let form = Box::new(entry::new(ctx, name));
        self.sub = Some(Sub::Entry { field, form });
    }

    /// Ctrl-S: parse, build, save; on any error keep every field as typed.
    fn save(&mut self, ctx: &mut Ctx) -> Done {
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
    fn field_error(&mut self, e: &FieldError, lang: Lang) {
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
                    match person_picker(ctx, &title, picker.query()) {
                        Ok((p, o)) => (**picker, *opts) = (p, o),
                        Err(e) => self.note = Some(e.to_string()),
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

    /// Draws the form as a box over `area`, and whatever is open over it.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let note = match self.ask {
            Some(Ask::Discard) => Some(view.t(Msg::DiscardAsk)),
            Some(Ask::Quit) => Some(view.t(Msg::QuitAsk)),
            None => self.note.as_deref(),
        };
        // The whole height, so the pane behind does not distract; wide
        // terminals keep a readable width.
        let w = area.width.min(MAX_WIDTH);
        let inner_w = w.saturating_sub(2) as usize;
        let note_lines: Vec<String> = note
            .map(|n| wrap(n, inner_w).into_iter().take(3).collect())
            .unwrap_or_default();
        let rows = self.rows(view, inner_w);
        let rect = centered(area, w, area.height);
        crate::tui::widgets::clear(frame, rect);
        let block = Block::bordered().title(Span::styled(
            text::fit(&self.title, inner_w.saturating_sub(2)),
            view.theme.title(),
        ));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [body, notes] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(note_lines.len() as u16),
        ])
        .areas(inner);
        let top = self.settle(&rows, body.height as usize);
        let lines: Vec<Line> = rows
            .iter()
            .skip(top)
            .take(body.height as usize)
            .map(|r| r.1.clone())
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
        let notes_text: Vec<Line> = note_lines
            .into_iter()
            .map(|l| Line::styled(l, view.theme.error()))
            .collect();
        frame.render_widget(Paragraph::new(notes_text), notes);
        match &self.sub {
            Some(Sub::Pick { picker, .. }) => picker.draw(frame, area, view.theme),
            Some(Sub::Entry { form, .. }) => form.draw(frame, area, view),
            None if self.ask.is_none() => self.place_cursor(frame, body, &rows, top),
            None => {}
        }
    }

    /// The form's keys, for the hint bar while the form is open (they are
    /// fixed: the pane key map does not apply inside a form).
    pub fn draw_hints(&self, frame: &mut Frame, area: Rect, view: &View) {
        crate::tui::widgets::clear(frame, area);
        let hint = text::fit(view.t(Msg::FormHint), area.width as usize);
        frame.render_widget(Paragraph::new(Line::styled(hint, view.theme.key())), area);
    }

    /// The form's lines: (field index, line) — a field's row, then its
    /// error row if it has one.
    fn rows(&self, view: &View, width: usize) -> Vec<(usize, Line<'static>)> {
        let value_w = width.saturating_sub(LABEL);
        let mut rows = Vec::with_capacity(self.fields.list.len() * 2);
        for (i, f) in self.fields.list.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "> " } else { "  " };
            let label = text::pad(f.caption(view.lang), LABEL - 3);
            let label_style = if focused {
                view.theme.selected()
            } else {
                view.theme.plain()
            };
            let mut spans = vec![
                Span::styled(marker, view.theme.key()),
                Span::styled(label, label_style),
                Span::raw(" "),
            ];
            spans.extend(self.value_spans(f, focused, value_w, view));
            rows.push((i, Line::from(spans)));
            if let Some(e) = &f.error {
                let msg = text::fit(&format!("! {e}"), value_w);
                rows.push((
                    i,
                    Line::from(vec![
                        Span::raw(" ".repeat(LABEL)),
                        Span::styled(msg, view.theme.error()),
                    ]),
                ));
            }
        }
        rows
    }

    fn value_spans(&self, f: &Field, focused: bool, w: usize, view: &View) -> Vec<Span<'static>> {
        let none = || {
            vec![Span::styled(
                view.t(Msg::None_).to_string(),
                view.theme.dim(),
            )]
        };
        let plain = |s: String| vec![Span::raw(text::fit(&s, w))];
        let list = |items: Vec<String>| {
            if items.is_empty() {
                none()
            } else {
                plain(items.join(", "))
            }
        };
        match (&f.value, f.kind) {
            (Value::Text(input), kind) | (Value::Person(_, input), kind @ Kind::Person { .. }) => {
                if matches!(kind, Kind::Person { named: false }) && input.value().is_empty() {
                    return none();
                }
                let shown = if focused {
                    scrolled(input, w).0
                } else {
                    text::fit(input.value(), w)
                };
                let mut spans = vec![Span::raw(shown.clone())];
                // A date typed as a word or offset shows the day it means.
                if let Kind::Date { .. } = kind {
                    let raw = input.value().trim();
                    if let Ok(Some(d)) = date::parse_date(raw, view.today) {
                        let hint = format!("  = {}", d.format("%Y-%m-%d %a"));
                        if raw != d.to_string() && text::width(&shown) + text::width(&hint) <= w {
                            spans.push(Span::styled(hint, view.theme.dim()));
                        }
                    }
                }
                spans
            }
            (Value::Bool(b), _) => {
                let (mark, word) = if *b {
                    ("[x] ", Msg::Yes)
                } else {
                    ("[ ] ", Msg::No)
                };
                plain(format!("{mark}{}", view.t(word)))
            }
            (Value::Key(k), Kind::Category(set)) => {
                let mut spans = if k.is_empty() {
                    none()
                } else {
                    plain(view.label(set, k))
                };
                // The focused field shows which digit picks which item.
                if let Some(keys) = digit_keys(view.cats, f.kind).filter(|_| focused) {
                    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
                    let hint: Vec<String> = keys
                        .iter()
                        .enumerate()
                        .map(|(i, k)| format!("{} {}", i + 1, view.label(set, k)))
                        .collect();
                    let hint =
                        text::fit(&format!("  {}", hint.join(" · ")), w.saturating_sub(used));
                    spans.push(Span::styled(hint, view.theme.dim()));
                }
                spans
            }
            (Value::Keys(keys), Kind::Categories(set)) => {
                list(keys.iter().map(|k| view.label(set, k)).collect())
            }
            (Value::Officer(Some(id)), _) => plain(view.officer(*id).to_string()),
            (Value::Officers(ids), _) => {
                list(ids.iter().map(|i| view.officer(*i).into()).collect())
            }
            _ => none(),
        }
    }

    /// Scrolls so the focused field (and its error) is in view.
    fn settle(&self, rows: &[(usize, Line)], height: usize) -> usize {
        let first = rows.iter().position(|r| r.0 == self.focus).unwrap_or(0);
        let last = rows.iter().rposition(|r| r.0 == self.focus).unwrap_or(0);
        let mut top = self.top.get();
        if last + 1 > top + height {
            top = last + 1 - height.min(last + 1);
        }
        if first < top {
            top = first;
        }
        top = top.min(rows.len().saturating_sub(height));
        self.top.set(top);
        top
    }

    fn place_cursor(&self, frame: &mut Frame, body: Rect, rows: &[(usize, Line)], top: usize) {
        let f = &self.fields.list[self.focus];
        if !f.kind.typed() {
            return;
        }
        let Some(input) = f.input() else {
            return;
        };
        let Some(row) = rows.iter().position(|r| r.0 == self.focus) else {
            return;
        };
        if row < top || row >= top + body.height as usize {
            return;
        }
        let w = (body.width as usize).saturating_sub(LABEL);
        let x = body.x as usize + LABEL + scrolled(input, w).1;
        let x = (x as u16).min(body.right().saturating_sub(1));
        frame.set_cursor_position((x, body.y + (row - top) as u16));
    }
}

/// The visible part of a focused input `w` cells wide, scrolled so the
/// cursor shows, and the cursor's cell within it.
fn scrolled(input: &Input, w: usize) -> (String, usize) {
    let value = input.value();
    let shown = text::safe(value);
    let before: String = value.chars().take(input.cursor()).collect();
    let cursor = text::width(&text::safe(&before));
    let scroll = cursor.saturating_sub(w.saturating_sub(1));
    let rest = skip_cells(&shown, scroll);
    let skipped = text::width(&shown) - text::width(&rest);
    (text::fit(&rest, w), cursor.saturating_sub(skipped))
}

/// Inserts pasted text at the cursor: newlines become spaces (kept in
/// multi-line fields), tabs spaces, other control characters are dropped;
/// the text is cut to the field's limit. True when it was cut.
fn insert_clean(input: &mut Input, pasted: &str, multiline: bool, max: usize) -> bool {
    let pasted = pasted.replace("\r\n", "\n");
    let clean: Vec<char> = pasted
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' if multiline => Some('\n'),
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    let value = input.value();
    let room = max.saturating_sub(value.chars().count());
    let take = clean.len().min(room);
    let at = input.cursor();
    let byte = value.char_indices().nth(at).map_or(value.len(), |(b, _)| b);
    let inserted: String = clean[..take].iter().collect();
    let joined = format!("{}{inserted}{}", &value[..byte], &value[byte..]);
    *input = Input::new(joined).with_cursor(at + take);
    take < clean.len()
}

/// The person picker over directory entries matching `query` (name,
/// address or phone), with "+ new entry" last.
fn person_picker(ctx: &Ctx, title: &str, query: &str) -> Result<(Picker, Vec<Opt>), StoreError> {
    let page = ctx.store.entries_page(query, None, PEOPLE)?;
    let mut labels = Vec::with_capacity(page.items.len() + 1);
    let mut opts = Vec::with_capacity(page.items.len() + 1);
    for e in page.items {
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
    // The item's label holds the query, so the filter always keeps it.
    labels.push(Msg::NewEntryItem.fill(ctx.lang, &[&query]));
    opts.push(Opt::NewEntry);
    let mut picker = Picker::new(title, Msg::PersonHint.text(ctx.lang), labels);
    picker.paste(query);
    Ok((picker, opts))
}

/// A validation error in the UI language, next to its field.
fn problem_text(e: &FieldError, lang: Lang) -> String {
    crate::explain::problem(e, lang)
}

/// Splits `s` into lines of at most `width` cells (by character).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text::safe(s).chars() {
        let line = out.last_mut().expect("never empty");
        if text::width(line) + text::width(c.encode_utf8(&mut [0; 4])) > width.max(1) {
            out.push(String::new());
        }
        out.last_mut().expect("never empty").push(c);
    }
    out
}

/// The offered keys of a single-category field that digits pick: sets of
/// one to nine items. None for any other field.
fn digit_keys(cats: &Categories, kind: Kind) -> Option<Vec<String>> {
    let Kind::Category(set) = kind else {
        return None;
    };
    let keys = cats.keys(set);
    (1..=9).contains(&keys.len()).then_some(keys)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_is_cleaned_and_cut() {
        let mut i = Input::new("ab".into()).with_cursor(1);
        assert!(!insert_clean(&mut i, "x\ny\x1b\tz", false, 100));
        assert_eq!(i.value(), "ax y zb");
        assert_eq!(i.cursor(), 6);
        let mut i = Input::default();
        insert_clean(&mut i, "l1\r\nl2\x07", true, 100);
        assert_eq!(i.value(), "l1\nl2");
        let mut i = Input::new("张三".into());
        assert!(insert_clean(&mut i, &"李".repeat(10), false, 5));
        assert_eq!(i.value(), "张三李李李");
    }

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        let i = Input::new("张三丰太极拳".into());
        let (shown, x) = scrolled(&i, 6);
        assert!(text::width(&shown) <= 6, "{shown}");
        assert!(x <= 5);
        let i = Input::new("abc".into());
        assert_eq!(scrolled(&i, 10), ("abc".to_string(), 3));
    }
}
