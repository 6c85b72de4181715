//! The five panes. Each reads pages from the store in `reload`/`handle`
//! and draws only from its own state in `draw`.

pub mod calendar;
pub mod care;
pub mod issues;
pub mod mediation;
pub mod paged;
pub mod today;

use super::keys::{Action, Scope};
use super::theme::Theme;
use crate::config::categories::Categories;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::cell::Cell;
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
    pub fn label(&self, set: crate::config::categories::SetId, key: &str) -> String {
        self.cats.label(set, key, self.lang)
    }
}

/// A record a line can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Visit(i64),
    Issue(i64),
    Case(i64),
    Care(i64),
    Entry(i64),
}

/// What a pane asks the app to do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Open(Target),
    /// Open a form for a new record of the pane's kind (on `date` for visits).
    New(NewKind),
    Edit(Target),
    Status(String),
}

/// Kinds of record a form can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Visit(NaiveDate),
    Issue,
    Case,
    Care,
    Entry,
}

/// One pane of the workbench.
pub trait Pane {
    /// Which bindings apply.
    fn scope(&self) -> Scope;
    /// Reads the pane's first page(s) again (after a change or on entry).
    fn reload(&mut self, env: &Env) -> Result<()>;
    /// Handles an action the key map produced.
    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect>;
    /// Free-text search from `/`; an empty text clears it.
    fn search(&mut self, _text: &str, env: &Env) -> Result<Effect> {
        Ok(Effect::Status(Msg::NoSearch.text(env.lang).to_string()))
    }
    /// The current search text, to prefill the prompt.
    fn search_text(&self) -> &str {
        ""
    }
    /// The record the selection stands on, for steps (`s`) and history (`H`).
    fn target(&self) -> Option<Target> {
        None
    }
    /// The filter menu (`f`): the labels of its choices, or None when
    /// the pane has no filter.
    fn filter_menu(&mut self, _env: &Env, _officers: &[(i64, String)]) -> Option<Vec<String>> {
        None
    }
    /// Applies the filter-menu choice at `index`.
    fn choose(&mut self, _index: usize, _env: &Env) -> Result<Effect> {
        Ok(Effect::None)
    }
    /// Draws from state only.
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);
}

/// Selection and scrolling over rows loaded a page at a time. Moving near
/// the end of what is loaded asks for the next page; nothing loads more
/// than the user has scrolled to.
/// The window (offset, height) is settled while drawing, hence the cells.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub selected: usize,
    offset: Cell<usize>,
    /// Rows visible at the last draw (a page for PgUp/PgDn).
    height: Cell<usize>,
}

impl Nav {
    /// Applies a movement over `len` loaded rows; true when the move wants
    /// rows past the end (load the next page, then call again).
    pub fn apply(&mut self, action: Action, len: usize, more: bool) -> bool {
        let page = self.height.get().max(1);
        let last = len.saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                if self.selected >= last && more {
                    return true;
                }
                self.selected = (self.selected + 1).min(last);
            }
            Action::Top => self.selected = 0,
            Action::Bottom => {
                if more {
                    return true;
                }
                self.selected = last;
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => {
                if self.selected + page > last && more {
                    return true;
                }
                self.selected = (self.selected + page).min(last);
            }
            _ => {}
        }
        false
    }

    /// The first visible row for a window of `height`, keeping the
    /// selection in view.
    pub fn window(&self, height: usize) -> usize {
        let h = height.max(1);
        let offset = self.offset.get();
        if self.selected < offset {
            self.selected
        } else if self.selected >= offset + h {
            self.selected + 1 - h
        } else {
            offset
        }
    }

    /// Remembers the window after a draw decided it.
    pub fn settle(&self, height: usize) -> usize {
        let offset = self.window(height);
        self.offset.set(offset);
        self.height.set(height);
        offset
    }

    /// Back to the first row.
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}
