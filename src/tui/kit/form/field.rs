//! A form's fields: what each holds, how it is typed and checked, and
//! how a record reads the values back by name.

use anyhow::Result;

use super::date;
use crate::config::categories::{Categories, SetId};
use crate::domain::validate::{LINE_MAX, TEXT_MAX};
use crate::lang::Lang;
use crate::msg::Msg;
use chrono::{NaiveDate, NaiveTime};
use tui_input::Input;

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
    pub(super) fn typed(self) -> bool {
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
    pub(super) fn picks(self) -> bool {
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
    pub(super) fn max(self) -> usize {
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
    pub(super) fn new(name: &'static str, label: Msg, kind: Kind, value: Value) -> Field {
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
        Field::typed_as(name, label, Kind::Line, value.into())
    }
    pub fn text(name: &'static str, label: Msg, value: &str) -> Field {
        Field::typed_as(name, label, Kind::Text, value.into())
    }
    /// A field typed as text of `kind`, prefilled with `value`.
    fn typed_as(name: &'static str, label: Msg, kind: Kind, value: String) -> Field {
        Field::new(name, label, kind, Value::Text(Input::new(value)))
    }
    pub fn date(name: &'static str, label: Msg, value: Option<NaiveDate>, required: bool) -> Field {
        let s = value.map(|d| d.to_string()).unwrap_or_default();
        Field::typed_as(name, label, Kind::Date { required }, s)
    }
    pub fn time(name: &'static str, label: Msg, value: Option<NaiveTime>) -> Field {
        let s = value.map(|t| t.format("%H:%M").to_string());
        Field::typed_as(name, label, Kind::Time, s.unwrap_or_default())
    }
    pub fn number(name: &'static str, label: Msg, value: Option<u32>, required: bool) -> Field {
        let s = value.map(|n| n.to_string()).unwrap_or_default();
        Field::typed_as(name, label, Kind::Number { required }, s)
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
    pub(super) fn caption(&self, lang: Lang) -> &str {
        self.title.as_deref().unwrap_or(self.label.text(lang))
    }
    /// Errors the domain reports under `names` also land on this field.
    pub fn also(mut self, names: &'static [&'static str]) -> Field {
        self.also = names;
        self
    }

    pub(super) fn input(&self) -> Option<&Input> {
        match &self.value {
            Value::Text(i) | Value::Person(_, i) => Some(i),
            _ => None,
        }
    }

    pub(super) fn input_mut(&mut self) -> Option<&mut Input> {
        match &mut self.value {
            Value::Text(i) | Value::Person(_, i) => Some(i),
            _ => None,
        }
    }

    /// Checks that typed text parses; the message to show when not.
    pub(super) fn check(&self, today: NaiveDate, lang: Lang) -> Result<(), String> {
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
    pub(super) fn fingerprint(&self) -> String {
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

pub(super) fn parse_number(raw: &str) -> Result<Option<u32>, ()> {
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
    pub(super) fn get(&self, name: &str) -> Option<&Field> {
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

/// The offered keys of a single-category field that digits pick: sets of
/// one to nine items. None for any other field.
pub(super) fn digit_keys(cats: &Categories, kind: Kind) -> Option<Vec<String>> {
    let Kind::Category(set) = kind else {
        return None;
    };
    let keys = cats.keys(set);
    (1..=9).contains(&keys.len()).then_some(keys)
}

/// Inserts pasted text at the cursor: newlines become spaces (kept in
/// multi-line fields), tabs spaces, other control characters are dropped;
/// the text is cut to the field's limit. True when it was cut.
pub(super) fn insert_clean(input: &mut Input, pasted: &str, multiline: bool, max: usize) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn paste_is_cleaned_and_cut() {
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
}
