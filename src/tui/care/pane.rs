//! The Care pane: active care entries by next due date, so overdue ones
//! come first; filtered by care group or overdue only.

use crate::config::categories::SetId;
use crate::msg::Msg;
use crate::store::care::{CareRow, Cursor};
use crate::store::history::CareFilter;
use crate::store::Page;
use crate::store::Stored;
use crate::tui::kit::list::{
    category_choice, cleared, toggle_day, with_labels, About, ListPane, Listed, Source,
};
use crate::tui::kit::list::{filter_summary, title_line};
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::table::{Cell, Column};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::Scope;
use crate::tui::shell::text;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::collections::HashMap;

const WIDE: u16 = 120;

/// Red bold when overdue, yellow when due within a week.
pub fn due_style(due: NaiveDate, view: &View) -> Style {
    if due < view.today {
        view.theme.overdue()
    } else if (due - view.today).num_days() <= 7 {
        view.theme.due_soon()
    } else {
        view.theme.plain()
    }
}

/// The next due date, marked `!` when overdue (readable without colour).
pub fn due_text(due: NaiveDate, today: NaiveDate) -> String {
    let mark = if due < today { "!" } else { " " };
    format!("{mark}{due}")
}

/// One choice of the filter menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Clear,
    Overdue,
    Group(String),
}

/// Where the Care pane's rows come from: the filter, and the names of
/// the people listed, read with each page.
#[derive(Default)]
pub struct CareList {
    pub filter: CareFilter,
    names: HashMap<i64, String>,
}

/// The Care pane.
pub type CarePane = ListPane<CareList>;

impl CareList {
    /// Reads, in one query, the names of the people on `rows` that are
    /// not known yet.
    fn add_names(&mut self, env: &Env, rows: &[Stored<CareRow>]) -> Result<()> {
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| r.record.entry.person_id)
            .filter(|id| !self.names.contains_key(id))
            .collect();
        self.names.extend(env.store.entry_names(&ids)?);
        Ok(())
    }

    fn filter_summary(&self, view: &View) -> String {
        let mut parts = Vec::new();
        if let Some(g) = &self.filter.group {
            parts.push(view.label(SetId::CareGroup, g));
        }
        if self.filter.overdue_on.is_some() {
            parts.push(view.t(Msg::Overdue).to_string());
        }
        if !self.filter.text.is_empty() {
            parts.push(format!("/{}", self.filter.text));
        }
        filter_summary(parts, view)
    }

    fn row(&self, r: &Stored<CareRow>, view: &View) -> Vec<Cell> {
        let c = &r.record;
        let e = &c.entry;
        let name = self
            .names
            .get(&e.person_id)
            .cloned()
            .unwrap_or_else(|| "—".to_string());
        let last = match c.last_visit {
            Some(d) => d.to_string(),
            None => view.t(Msg::CareNever).to_string(),
        };
        let style = due_style(c.next_due, view);
        let overdue = c.next_due < view.today;
        vec![
            Cell::styled(name, if overdue { style } else { view.theme.plain() }),
            Cell::plain(view.label(SetId::CareGroup, &e.group)),
            Cell::plain(Msg::CareCadenceFmt.fill(view.lang, &[&e.cadence_days])),
            Cell::plain(last),
            Cell::styled(due_text(c.next_due, view.today), style),
            Cell::plain(e.reason.clone()),
        ]
    }
}

impl Source for CareList {
    type Row = Stored<CareRow>;
    type Cursor = Cursor;
    type Choice = Choice;

    fn about(&self) -> About {
        About::new(
            Msg::PaneCare,
            Scope::Care,
            Changes::CARE | Changes::VISITS | Changes::DIRECTORY,
            NewKind::Care,
        )
    }

    fn target(&self, row: &Self::Row) -> Target {
        Target::Care(row.id)
    }

    fn page(&self, env: &Env, after: Option<&Cursor>, n: usize) -> Result<Page<Self::Row, Cursor>> {
        Ok(env.store.care_rows(&self.filter, after, n)?)
    }

    fn loaded(&mut self, env: &Env, rows: &[Self::Row]) -> Result<()> {
        self.add_names(env, rows)
    }

    fn count(&self, env: &Env) -> Result<Option<u64>> {
        Ok(Some(env.store.care_count(&self.filter)? as u64))
    }

    fn search(&mut self) -> &mut String {
        &mut self.filter.text
    }

    fn choices(&self, env: &Env, _officers: &[(i64, String)]) -> Vec<(Choice, String)> {
        let mut choices = vec![Choice::Clear, Choice::Overdue];
        let groups = env.store.categories().keys(SetId::CareGroup);
        choices.extend(groups.into_iter().map(Choice::Group));
        with_labels(choices, |c| match c {
            Choice::Clear => Msg::FilterAll.text(env.lang).to_string(),
            Choice::Overdue => Msg::CareFilterOverdue.text(env.lang).to_string(),
            Choice::Group(g) => category_choice(env, Msg::ColGroup, SetId::CareGroup, g),
        })
    }

    fn choose(&mut self, choice: Choice, env: &Env) {
        let f = &mut self.filter;
        match choice {
            Choice::Clear => cleared(f, |f| &mut f.text),
            Choice::Overdue => toggle_day(&mut f.overdue_on, env.today),
            Choice::Group(g) => f.group = Some(g),
        }
    }

    fn heading(&self, list: &Listed<Self::Row>, view: &View) -> Line<'static> {
        let overdue = list
            .rows
            .iter()
            .filter(|r| r.record.next_due < view.today)
            .count();
        // Overdue entries come first: when every loaded row is one, more
        // may follow on the next page.
        let plus = if overdue == list.rows.len() && list.more {
            "+"
        } else {
            ""
        };
        let badge = (overdue > 0).then(|| {
            let text = format!("!{overdue}{plus} {}", view.t(Msg::Overdue));
            Span::styled(text, view.theme.title())
        });
        title_line(view, Msg::PaneCare, list, badge, self.filter_summary(view))
    }

    fn columns(&self, width: u16, view: &View) -> Vec<Column> {
        let (person_w, group_w) = if width >= WIDE { (16, 30) } else { (10, 12) };
        let cadence_w = text::width(&Msg::CareCadenceFmt.fill(view.lang, &[&366])) as u16;
        vec![
            Column::new(view.t(Msg::ColPerson), Constraint::Length(person_w)),
            Column::new(view.t(Msg::ColGroup), Constraint::Length(group_w)),
            Column::new(view.t(Msg::ColCadence), Constraint::Length(cadence_w)),
            Column::new(view.t(Msg::ColLastVisit), Constraint::Length(10)),
            Column::new(view.t(Msg::ColNextDue), Constraint::Length(11)),
            Column::new(view.t(Msg::FieldReason), Constraint::Fill(1)),
        ]
    }

    fn cells(&self, row: &Self::Row, _width: u16, view: &View) -> Vec<Cell> {
        self.row(row, view)
    }
}
