//! The generic list pane: a title line over a table of rows read a page at
//! a time from a [`Source`]. Navigation, paging, opening, editing, the
//! filter menu, `/` search, reloading without losing your place and
//! putting the cursor on a new record live here once; a record kind's
//! pane (Issues, Mediation, Care) only says where its rows come from and
//! how they look.

use crate::config::categories::SetId;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::Page;
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::paged::Paged;
use crate::tui::kit::pane::{Effect, Pane, SearchMode};
use crate::tui::kit::table::{Cell, Column, Table};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Where a list pane's rows come from and how they look.
pub trait Source: 'static {
    type Row;
    type Cursor;
    /// One choice of the filter menu.
    type Choice: Clone;

    /// The tab's name, bindings, kinds shown and kind created.
    fn about(&self) -> About;
    /// The record a row stands for.
    fn target(&self, row: &Self::Row) -> Target;
    /// Up to `n` rows after `after` under the current filter.
    fn page(
        &self,
        env: &Env,
        after: Option<&Self::Cursor>,
        n: usize,
    ) -> Result<Page<Self::Row, Self::Cursor>>;
    /// Reads what newly loaded rows need besides themselves (names), in
    /// one query.
    fn loaded(&mut self, _env: &Env, _rows: &[Self::Row]) -> Result<()> {
        Ok(())
    }
    /// The exact number of rows under the filter, where an index answers
    /// it quickly (never asked with a text search: that costs what the
    /// search costs, and the title says "50+").
    fn count(&self, _env: &Env) -> Result<Option<u64>> {
        Ok(None)
    }

    /// The filter's search text.
    fn search(&mut self) -> &mut String;
    /// The filter menu's choices with their labels.
    fn choices(&self, env: &Env, officers: &[(i64, String)]) -> Vec<(Self::Choice, String)>;
    /// Applies a filter-menu choice.
    fn choose(&mut self, choice: Self::Choice, env: &Env);

    /// The title line above the table.
    fn heading(&self, list: &Listed<Self::Row>, view: &View) -> Line<'static>;
    /// The table's columns at `width` cells.
    fn columns(&self, width: u16, view: &View) -> Vec<Column>;
    /// One row's cells at `width` cells.
    fn cells(&self, row: &Self::Row, width: u16, view: &View) -> Vec<Cell>;
}

/// What a list pane is: its tab's name, its bindings, the kinds of record
/// its rows show (a write touching one reloads it) and what `n` creates.
#[derive(Debug, Clone, Copy)]
pub struct About {
    pub title: Msg,
    pub scope: Scope,
    pub shows: Changes,
    pub creates: NewKind,
}

impl About {
    pub fn new(title: Msg, scope: Scope, shows: Changes, creates: NewKind) -> About {
        About {
            title,
            scope,
            shows,
            creates,
        }
    }
}

/// What a filter shows: its parts joined, or "all".
pub fn filter_summary(parts: Vec<String>, view: &View) -> String {
    match parts.is_empty() {
        true => view.t(Msg::FilterAll).to_string(),
        false => parts.join(" · "),
    }
}

/// A list's title line: "Issues (42) — Filter: all", with an optional
/// badge after the count ("!21 overdue") in its own style.
pub fn title_line<R>(
    view: &View,
    title: Msg,
    list: &Listed<R>,
    badge: Option<Span<'static>>,
    summary: String,
) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{} ({}) ", view.t(title), list.count_text()),
        view.theme.title(),
    )];
    if let Some(b) = badge {
        spans.push(b);
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        format!("— {}: {summary}", view.t(Msg::Filter)),
        view.theme.title(),
    ));
    Line::from(spans)
}

/// A filter choice's label: "what: value".
pub fn labelled(lang: Lang, what: Msg, value: &str) -> String {
    format!("{}: {value}", what.text(lang))
}

/// A filter choice on a category: "what: the item's label".
pub fn category_choice(env: &Env, what: Msg, set: SetId, key: &str) -> String {
    let label = env.store.categories().label(set, key, env.lang);
    labelled(env.lang, what, &label)
}

/// Pairs each choice with its label.
pub fn with_labels<C>(choices: Vec<C>, label: impl Fn(&C) -> String) -> Vec<(C, String)> {
    choices
        .into_iter()
        .map(|c| {
            let l = label(&c);
            (c, l)
        })
        .collect()
}

/// Clears a filter, keeping its search text (the menu's "all").
pub fn cleared<F: Default>(f: &mut F, text: fn(&mut F) -> &mut String) {
    let kept = std::mem::take(text(f));
    *f = F::default();
    *text(f) = kept;
}

/// Toggles a "due on this day" filter.
pub fn toggle_day(day: &mut Option<NaiveDate>, today: NaiveDate) {
    *day = match day {
        Some(_) => None,
        None => Some(today),
    };
}

/// What the heading knows of the list: the loaded rows, whether more
/// follow, and the exact count when it is known.
pub struct Listed<'a, R> {
    pub rows: &'a [R],
    pub more: bool,
    pub count: Option<u64>,
}

impl<R> Listed<'_, R> {
    /// "42", or "50+" when only a page is known.
    pub fn count_text(&self) -> String {
        match self.count {
            Some(n) => n.to_string(),
            None if self.more => format!("{}+", self.rows.len()),
            None => self.rows.len().to_string(),
        }
    }
}

/// A list pane over a source.
pub struct ListPane<S: Source> {
    pub source: S,
    list: Paged<S::Row, S::Cursor>,
    count: Option<u64>,
    /// The filter menu's choices, in the order last offered.
    choices: Vec<S::Choice>,
    /// The search text, as the source's filter holds it.
    search: String,
}

impl<S: Source + Default> Default for ListPane<S> {
    fn default() -> Self {
        ListPane::new(S::default())
    }
}

impl<S: Source> ListPane<S> {
    pub fn new(source: S) -> Self {
        ListPane {
            source,
            list: Paged::default(),
            count: None,
            choices: Vec::new(),
            search: String::new(),
        }
    }

    /// Reads `n` rows per page (tests use small pages to cross pages).
    pub fn set_page_size(&mut self, n: usize) {
        self.list.set_page_size(n);
    }

    /// The ids of the loaded rows, in list order.
    pub fn ids(&self) -> Vec<i64> {
        self.list.ids(|r| self.source.target(r).id())
    }

    /// The id of the selected record.
    pub fn selected(&self) -> Option<i64> {
        self.list.selected().map(|r| self.source.target(r).id())
    }

    /// The first visible row (the window's top) at the last draw.
    pub fn window_top(&self) -> usize {
        self.list.nav.top()
    }

    /// Reads the first page afresh (a new filter or search).
    fn restart(&mut self, env: &Env) -> Result<()> {
        let page = self.source.page(env, None, self.list.page_size())?;
        self.list.restart(page);
        self.source.loaded(env, &self.list.rows)?;
        self.recount(env)
    }

    /// The exact count, unless a text search is on.
    fn recount(&mut self, env: &Env) -> Result<()> {
        self.count = match self.search.is_empty() {
            true => self.source.count(env)?,
            false => None,
        };
        Ok(())
    }
}

impl<S: Source> Pane for ListPane<S> {
    fn title(&self) -> Msg {
        self.source.about().title
    }

    fn scope(&self) -> Scope {
        self.source.about().scope
    }

    fn shows(&self) -> Changes {
        self.source.about().shows
    }

    /// Reads as many rows as are loaded, so the page stays where it was
    /// and the cursor on the same record.
    fn reload(&mut self, env: &Env) -> Result<()> {
        let n = self.list.rows.len().max(self.list.page_size());
        let page = self.source.page(env, None, n)?;
        let source = &self.source;
        self.list.refresh(page, |r| source.target(r).id());
        self.source.loaded(env, &self.list.rows)?;
        self.recount(env)
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        let target = self.target();
        Ok(match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => {
                let n = self.list.page_size();
                let source = &self.source;
                let loaded = self
                    .list
                    .navigate(action, 10 * n, |after| source.page(env, Some(after), n))?;
                let (source, rows) = (&mut self.source, &self.list.rows);
                source.loaded(env, &rows[loaded..])?;
                Effect::None
            }
            Action::Open => target.map_or(Effect::None, Effect::Open),
            Action::Edit => target.map_or(Effect::None, Effect::Edit),
            Action::New => Effect::New(self.source.about().creates),
            _ => Effect::None,
        })
    }

    fn search(&mut self, text: &str, env: &Env) -> Result<Effect> {
        self.search = text.trim().to_string();
        *self.source.search() = self.search.clone();
        self.restart(env)?;
        Ok(Effect::None)
    }

    fn search_text(&self) -> &str {
        &self.search
    }

    fn search_mode(&self) -> SearchMode {
        SearchMode::Narrow
    }

    fn target(&self) -> Option<Target> {
        self.list.selected().map(|r| self.source.target(r))
    }

    /// Reads on (a few pages at most) until the record is listed, then
    /// puts the cursor on it: a new case of low risk sorts far down.
    fn select(&mut self, target: Target, env: &Env) -> Result<bool> {
        let n = self.list.page_size();
        let source = &self.source;
        let loaded = self.list.load_until(
            |r| source.target(r) == target,
            10 * n,
            |after| source.page(env, Some(after), n),
        )?;
        let (source, rows) = (&mut self.source, &self.list.rows);
        source.loaded(env, &rows[loaded..])?;
        let source = &self.source;
        Ok(self.list.select(|r| source.target(r) == target))
    }

    fn filter_menu(&mut self, env: &Env, officers: &[(i64, String)]) -> Option<Vec<String>> {
        let (choices, labels) = self.source.choices(env, officers).into_iter().unzip();
        self.choices = choices;
        Some(labels)
    }

    fn choose(&mut self, index: usize, env: &Env) -> Result<Effect> {
        if let Some(choice) = self.choices.get(index).cloned() {
            self.source.choose(choice, env);
            self.restart(env)?;
        }
        Ok(Effect::None)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let listed = Listed {
            rows: &self.list.rows,
            more: self.list.has_more(),
            count: self.count,
        };
        frame.render_widget(Paragraph::new(self.source.heading(&listed, view)), head);
        let columns = self.source.columns(area.width, view);
        let table = Table {
            columns: &columns,
            len: self.list.rows.len(),
            nav: &self.list.nav,
            focused: true,
            empty: view.t(Msg::Empty),
        };
        table.draw(frame, body, view.theme, |i| {
            self.source.cells(&self.list.rows[i], area.width, view)
        });
    }
}
