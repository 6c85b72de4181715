//! A field's picker on the stack: categories, officers, people. It
//! filters as you type (the person picker asks the directory again), and
//! closes handing its choice to the form beneath; Ctrl-N in the person
//! picker, or its "+ new entry", opens a new directory entry instead,
//! whose saving hands the new person to the form.

use super::engine::Form;
use super::field::digit_keys;
use super::{Kind, Value};
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::overlay::{Hint, Overlay, Reply, Transition};
use crate::tui::kit::picker::{Outcome, Picker};
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use crate::tui::shell::prompt::picker_hints;
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

/// How many people the person picker lists for one query.
const PEOPLE: usize = 50;

/// What a picker item stands for.
#[derive(Debug, Clone)]
pub enum Opt {
    Key(String),
    Officer(i64),
    Person(i64, String),
    /// "(none)": clears the field.
    Clear,
    /// "+ new directory entry".
    NewEntry,
}

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    One,
    /// Ticks with Space; Enter with none ticked takes the highlighted one.
    Several,
    /// One person, looked up in the directory as you type.
    Person,
}

/// What a field picker hands to its form.
pub struct Picked {
    pub field: usize,
    pub items: Vec<Opt>,
    /// The typed filter (a new entry's name).
    pub query: String,
}

/// What a new directory entry made from a picker hands to its form.
pub struct Created {
    pub field: usize,
    pub id: i64,
    pub name: String,
}

/// A field's picker overlay.
pub struct FieldPicker {
    field: usize,
    picker: Picker,
    opts: Vec<Opt>,
    kind: PickKind,
}

impl FieldPicker {
    fn new(field: usize, picker: Picker, opts: Vec<Opt>, kind: PickKind) -> FieldPicker {
        FieldPicker {
            field,
            picker,
            opts,
            kind,
        }
    }

    /// The person picker again for the typed text.
    fn requery(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let title = self.picker.title.clone();
        let (picker, opts) = person_picker(ctx, &title, self.picker.query(), None)?;
        (self.picker, self.opts) = (picker, opts);
        Ok(())
    }

    /// Closes, handing the items at `ix` to the form.
    fn hand_over(&self, ix: &[usize]) -> Transition {
        let items = ix
            .iter()
            .filter_map(|i| self.opts.get(*i).cloned())
            .collect();
        let picked = Picked {
            field: self.field,
            items,
            query: self.picker.query().to_string(),
        };
        Transition::Pop(Reply::default().answer(picked))
    }
}

impl Overlay for FieldPicker {
    fn key(&mut self, key: KeyEvent, action: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        let ctrl_n =
            key.code == KeyCode::Char('n') && key.modifiers.contains(KeyModifiers::CONTROL);
        if self.kind == PickKind::Person && ctrl_n {
            return Ok(Transition::Replace(Box::new(new_entry(
                self.field,
                self.picker.query(),
                ctx,
            ))));
        }
        let before = self.picker.query().to_string();
        Ok(match self.picker.key(key, action) {
            Outcome::Open => {
                if self.kind == PickKind::Person && self.picker.query() != before {
                    self.requery(ctx)?;
                }
                Transition::Stay
            }
            Outcome::Cancelled => Transition::pop(),
            Outcome::Picked(ix) if ix.is_empty() && self.kind == PickKind::Several => {
                // Enter with nothing ticked takes the highlighted item.
                self.picker.key(KeyEvent::from(KeyCode::Char(' ')), None);
                match self.picker.key(KeyEvent::from(KeyCode::Enter), None) {
                    Outcome::Picked(ix) => self.hand_over(&ix),
                    _ => Transition::Stay,
                }
            }
            Outcome::Picked(ix) => self.hand_over(&ix),
        })
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Transition {
        self.picker.paste(text);
        if self.kind == PickKind::Person {
            if let Err(e) = self.requery(ctx) {
                return Transition::refuse(crate::explain::store_error(&e, ctx.lang));
            }
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.picker.draw(frame, area, view.theme);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        let mut hints = picker_hints();
        match self.kind {
            PickKind::Several => hints.insert(1, Hint::fixed("Space", Msg::HintToggle)),
            PickKind::Person => hints.insert(2, Hint::fixed("Ctrl-N", Msg::ActNewEntry)),
            PickKind::One => {}
        }
        hints
    }

    fn takes_text(&self) -> bool {
        true
    }
}

/// The form for a new directory entry named `name`, made from the person
/// picker of field `field`: saving it hands the person to that form.
pub fn new_entry(field: usize, name: &str, ctx: &Ctx) -> Form {
    let mut form = crate::tui::directory::form::new(ctx, name);
    form.parent = Some(field);
    form
}

/// The picker of `form`'s focused field, its filter set to `query`; None
/// when the field picks nothing.
pub(super) fn for_field(
    form: &Form,
    query: &str,
    ctx: &Ctx,
) -> Result<Option<FieldPicker>, StoreError> {
    let field = form.focus;
    let f = &form.fields.list[field];
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
                let (mut picker, opts) = person_picker(ctx, title, query, current)?;
                if current.is_some() && query.is_empty() {
                    picker.highlight(0);
                }
                return Ok(Some(FieldPicker::new(
                    field,
                    picker,
                    opts,
                    PickKind::Person,
                )));
            }
            _ => return Ok(None),
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
    let kind = match f.kind {
        Kind::Categories(_) | Kind::Officers => PickKind::Several,
        _ => PickKind::One,
    };
    Ok(Some(FieldPicker::new(field, picker, opts, kind)))
}

/// The person picker over directory entries matching `query` (name,
/// address or phone), with "+ new entry" last.
pub(super) fn person_picker(
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
