//! The Care pane: active care entries by next due date, so overdue ones
//! come first; filtered by care group or overdue only.

use super::paged::Paged;
use super::{Effect, Env, NewKind, Pane, Target, View};
use crate::config::categories::SetId;
use crate::msg::Msg;
use crate::store::care::{CareRow, Cursor};
use crate::store::history::CareFilter;
use crate::store::Stored;
use crate::tui::keys::{Action, Scope};
use crate::tui::text;
use crate::tui::widgets::table::{Cell, Column, Table};
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
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
enum Choice {
    Clear,
    Overdue,
    Group(String),
}

/// State of the Care pane.
#[derive(Default)]
pub struct CarePane {
    pub filter: CareFilter,
    list: Paged<Stored<CareRow>, Cursor>,
    /// Names of the people listed, read with each page.
    names: HashMap<i64, String>,
    choices: Vec<Choice>,
}

impl CarePane {
    /// Reads `n` rows per page (tests use small pages).
    pub fn set_page_size(&mut self, n: usize) {
        self.list.set_page_size(n);
    }

    /// The ids of the loaded entries, in list order.
    pub fn ids(&self) -> Vec<i64> {
        self.list.ids(|r| r.id)
    }

    /// The id of the selected entry.
    pub fn selected(&self) -> Option<i64> {
        self.list.selected().map(|r| r.id)
    }

    /// Reads, in one query, the names of the people on the rows from
    /// `from` on that are not known yet.
    fn add_names(&mut self, env: &Env, from: usize) -> Result<()> {
        let ids: Vec<i64> = self.list.rows[from..]
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
        if parts.is_empty() {
            parts.push(view.t(Msg::FilterAll).to_string());
        }
        parts.join(" · ")
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

impl Pane for CarePane {
    fn scope(&self) -> Scope {
        Scope::Care
    }

    fn target(&self) -> Option<Target> {
        self.selected().map(Target::Care)
    }

    fn reload(&mut self, env: &Env) -> Result<()> {
        let page = env
            .store
            .care_rows(&self.filter, None, self.list.page_size())?;
        self.list.reset(page, |r| r.id);
        self.names.clear();
        self.add_names(env, 0)
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => {
                let (filter, n) = (&self.filter, self.list.page_size());
                let loaded = self.list.navigate(action, 10 * n, |after| {
                    Ok(env.store.care_rows(filter, Some(after), n)?)
                })?;
                self.add_names(env, loaded)?;
                Ok(Effect::None)
            }
            Action::Open => Ok(self
                .selected()
                .map_or(Effect::None, |id| Effect::Open(Target::Care(id)))),
            Action::Edit => Ok(self
                .selected()
                .map_or(Effect::None, |id| Effect::Edit(Target::Care(id)))),
            Action::New => Ok(Effect::New(NewKind::Care)),
            _ => Ok(Effect::None),
        }
    }

    fn filter_menu(&mut self, env: &Env, _officers: &[(i64, String)]) -> Option<Vec<String>> {
        let lang = env.lang;
        let cats = env.store.categories();
        let mut choices = vec![Choice::Clear, Choice::Overdue];
        choices.extend(cats.keys(SetId::CareGroup).into_iter().map(Choice::Group));
        let labels = choices
            .iter()
            .map(|c| match c {
                Choice::Clear => Msg::FilterAll.text(lang).to_string(),
                Choice::Overdue => Msg::CareFilterOverdue.text(lang).to_string(),
                Choice::Group(g) => format!(
                    "{}: {}",
                    Msg::ColGroup.text(lang),
                    cats.label(SetId::CareGroup, g, lang)
                ),
            })
            .collect();
        self.choices = choices;
        Some(labels)
    }

    fn choose(&mut self, index: usize, env: &Env) -> Result<Effect> {
        let Some(choice) = self.choices.get(index).cloned() else {
            return Ok(Effect::None);
        };
        let f = &mut self.filter;
        match choice {
            Choice::Clear => {
                *f = CareFilter {
                    text: f.text.clone(),
                    ..CareFilter::default()
                }
            }
            Choice::Overdue => {
                f.overdue_on = match f.overdue_on {
                    Some(_) => None,
                    None => Some(env.today),
                }
            }
            Choice::Group(g) => f.group = Some(g),
        }
        self.reload(env)?;
        Ok(Effect::None)
    }

    fn search(&mut self, text: &str, env: &Env) -> Result<Effect> {
        self.filter.text = text.trim().to_string();
        self.reload(env)?;
        Ok(Effect::None)
    }

    fn search_text(&self) -> &str {
        &self.filter.text
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let more = if self.list.has_more() { "+" } else { "" };
        let overdue = self
            .list
            .rows
            .iter()
            .filter(|r| r.record.next_due < view.today)
            .count();
        // Overdue entries come first: when every loaded row is one, more
        // may follow on the next page.
        let plus = if overdue == self.list.rows.len() && self.list.has_more() {
            "+"
        } else {
            ""
        };
        let overdue = if overdue > 0 {
            format!(" !{overdue}{plus} {}", view.t(Msg::Overdue))
        } else {
            String::new()
        };
        let title = format!(
            "{} ({}{more}){overdue} — {}: {}",
            view.t(Msg::PaneCare),
            self.list.rows.len(),
            view.t(Msg::Filter),
            self.filter_summary(view)
        );
        let line = Line::styled(text::fit(&title, head.width as usize), view.theme.title());
        frame.render_widget(Paragraph::new(line), head);

        let wide = area.width >= WIDE;
        let (person_w, group_w) = if wide { (16, 30) } else { (10, 12) };
        let cadence_w = text::width(&Msg::CareCadenceFmt.fill(view.lang, &[&366])) as u16;
        let columns = [
            Column::new(view.t(Msg::ColPerson), Constraint::Length(person_w)),
            Column::new(view.t(Msg::ColGroup), Constraint::Length(group_w)),
            Column::new(view.t(Msg::ColCadence), Constraint::Length(cadence_w)),
            Column::new(view.t(Msg::ColLastVisit), Constraint::Length(10)),
            Column::new(view.t(Msg::ColNextDue), Constraint::Length(11)),
            Column::new(view.t(Msg::FieldReason), Constraint::Fill(1)),
        ];
        let table = Table {
            columns: &columns,
            len: self.list.rows.len(),
            nav: &self.list.nav,
            focused: true,
            empty: view.t(Msg::Empty),
        };
        table.draw(frame, body, view.theme, |i| {
            self.row(&self.list.rows[i], view)
        });
    }
}
