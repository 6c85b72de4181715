//! The three contexts code is handed: `Env` for a pane that reads from the
//! store, `View` for drawing (never the store), `Ctx` for an overlay that
//! handles a key and may write.

use crate::config::categories::{Categories, SetId};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::Store;
use crate::tui::shell::keys::{KeyMap, Scope};
use crate::tui::shell::theme::Theme;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a pane reads from when it loads: the store and the day.
pub struct Env<'a> {
    pub store: &'a Store,
    pub today: NaiveDate,
    pub lang: Lang,
    /// The officer the OS user maps to, for "mine" filters.
    pub me: Option<i64>,
}

/// What a pane draws with: never the store.
pub struct View<'a> {
    pub lang: Lang,
    pub theme: &'a Theme,
    pub cats: &'a Categories,
    pub today: NaiveDate,
    pub officers: &'a HashMap<i64, String>,
}

impl View<'_> {
    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }
    pub fn officer(&self, id: i64) -> &str {
        self.officers.get(&id).map(String::as_str).unwrap_or("?")
    }
    pub fn label(&self, set: SetId, key: &str) -> String {
        self.cats.label(set, key, self.lang)
    }
}

/// What an overlay works with while it handles a key: the store (it may
/// write), the day, the language, the officers, the key map.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub today: NaiveDate,
    /// Officers in name order, for the officer pickers.
    pub officers: &'a [(i64, String)],
    /// Officer names by id, for drawing.
    pub names: &'a HashMap<i64, String>,
    /// The current user's officer, the default visitor.
    pub me: Option<i64>,
    pub theme: &'a Theme,
    pub keymap: &'a KeyMap,
    /// The bindings in force (the pane beneath).
    pub scope: Scope,
}

impl Ctx<'_> {
    /// A drawing context over the same state, for overlays that build
    /// their lines when opened (record views).
    pub fn view(&self) -> View<'_> {
        View {
            lang: self.lang,
            theme: self.theme,
            cats: self.store.categories(),
            today: self.today,
            officers: self.names,
        }
    }

    /// A reading context over the same state.
    pub fn env(&self) -> Env<'_> {
        Env {
            store: self.store,
            today: self.today,
            lang: self.lang,
            me: self.me,
        }
    }
}
