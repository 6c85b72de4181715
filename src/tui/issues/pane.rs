//! The Issues pane: a table of issues, newest raised first, filtered by
//! state, topic, responsible person, overdue, awaiting answer or awaiting
//! rating, searchable by text.

use crate::config::categories::SetId;
use crate::domain::issue::IssueStatus;
use crate::msg::Msg;
use crate::store::issues::{Cursor, IssueFilter, IssueRow};
use crate::store::Stored;
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::paged::Paged;
use crate::tui::kit::pane::{Effect, Pane};
use crate::tui::kit::table::{Cell, Column, Table};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const PAGE: usize = 100;

/// The label of an issue state.
pub fn state_msg(s: IssueStatus) -> Msg {
    match s {
        IssueStatus::New => Msg::StNew,
        IssueStatus::Assigned => Msg::StAssigned,
        IssueStatus::Rectifying => Msg::StRectifying,
        IssueStatus::Rectified => Msg::StRectified,
        IssueStatus::Answered => Msg::StAnswered,
        IssueStatus::Closed => Msg::StClosed,
    }
}

/// One choice of the filter menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    All,
    Mine,
    Overdue,
    /// Rectified and named: the raiser is owed an answer.
    AwaitingAnswer,
    /// Answered: the raiser's rating is due.
    AwaitingRating,
    State(IssueStatus),
    Topic(String),
    Responsible(i64),
}

/// State of the Issues pane.
#[derive(Default)]
pub struct IssuesPane {
    pub filter: IssueFilter,
    list: Paged<Stored<IssueRow>, Cursor>,
    /// The filter menu's choices, in the order offered.
    choices: Vec<Choice>,
}

impl IssuesPane {
    fn filter_summary(&self, view: &View) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        match (f.status, f.anonymous) {
            (Some(IssueStatus::Rectified), Some(false)) => {
                parts.push(view.t(Msg::FilterAwaitingAnswer).to_string())
            }
            (Some(IssueStatus::Answered), _) => {
                parts.push(view.t(Msg::FilterAwaitingRating).to_string())
            }
            (Some(s), _) => parts.push(view.t(state_msg(s)).to_string()),
            (None, _) => {}
        }
        if let Some(t) = &f.topic {
            parts.push(view.label(SetId::Topic, t));
        }
        if let Some(r) = f.responsible {
            parts.push(view.officer(r).to_string());
        }
        if f.overdue_on.is_some() {
            parts.push(view.t(Msg::Overdue).to_string());
        }
        if !f.text.is_empty() {
            parts.push(format!("/{}", f.text));
        }
        if parts.is_empty() {
            parts.push(view.t(Msg::FilterAll).to_string());
        }
        parts.join(" · ")
    }

    fn row(&self, r: &Stored<IssueRow>, view: &View) -> Vec<Cell> {
        let th = view.theme;
        let i = &r.record.issue;
        let overdue = i.is_overdue(view.today);
        let (responsible, deadline) = match &i.assignment {
            Some(a) => (
                view.officer(a.officer_id).to_string(),
                a.deadline.to_string(),
            ),
            None => (String::new(), String::new()),
        };
        let deadline_style = if overdue {
            th.overdue()
        } else if i
            .assignment
            .as_ref()
            .is_some_and(|a| due_soon(a.deadline, view.today))
            && i.status != IssueStatus::Closed
        {
            th.due_soon()
        } else {
            th.plain()
        };
        let mut state = view.t(state_msg(i.status)).to_string();
        if i.reopened > 0 {
            state.insert(0, '↺');
        }
        let state_style = if i.status == IssueStatus::Closed {
            th.done()
        } else {
            th.plain()
        };
        let mark = if overdue { "!" } else { " " };
        vec![
            Cell::styled(
                format!("{mark}{}", r.record.reference),
                if overdue { th.overdue() } else { th.plain() },
            ),
            Cell::plain(i.raised_on.to_string()),
            Cell::plain(view.label(SetId::Topic, &i.topic)),
            Cell::plain(i.summary.clone()),
            Cell::plain(responsible),
            Cell::styled(deadline, deadline_style),
            Cell::styled(state, state_style),
        ]
    }
}

fn due_soon(deadline: NaiveDate, today: NaiveDate) -> bool {
    (deadline - today).num_days() <= 7
}

impl Pane for IssuesPane {
    fn title(&self) -> Msg {
        Msg::PaneIssues
    }

    fn shows(&self) -> Changes {
        Changes::ISSUES | Changes::DIRECTORY
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn scope(&self) -> Scope {
        Scope::Issues
    }

    fn target(&self) -> Option<Target> {
        self.list.selected().map(|r| Target::Issue(r.id))
    }

    fn reload(&mut self, env: &Env) -> Result<()> {
        let page = env.store.issues_page(&self.filter, None, PAGE)?;
        self.list.reset(page, |r| r.id);
        Ok(())
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => {
                let filter = &self.filter;
                self.list.navigate(action, 10 * PAGE, |after| {
                    Ok(env.store.issues_page(filter, Some(after), PAGE)?)
                })?;
                Ok(Effect::None)
            }
            Action::Open => Ok(self.target().map_or(Effect::None, Effect::Open)),
            Action::Edit => Ok(self.target().map_or(Effect::None, Effect::Edit)),
            Action::New => Ok(Effect::New(NewKind::Issue)),
            _ => Ok(Effect::None),
        }
    }

    /// The choices the filter menu offers, with their labels.
    fn filter_menu(&mut self, env: &Env, officers: &[(i64, String)]) -> Option<Vec<String>> {
        let lang = env.lang;
        let cats = env.store.categories();
        let mut choices = vec![
            Choice::All,
            Choice::Mine,
            Choice::Overdue,
            Choice::AwaitingAnswer,
            Choice::AwaitingRating,
        ];
        choices.extend(IssueStatus::ALL.into_iter().map(Choice::State));
        choices.extend(cats.keys(SetId::Topic).into_iter().map(Choice::Topic));
        choices.extend(officers.iter().map(|(id, _)| Choice::Responsible(*id)));
        let labels = choices
            .iter()
            .map(|c| match c {
                Choice::All => Msg::FilterAll.text(lang).to_string(),
                Choice::Mine => Msg::FilterMine.text(lang).to_string(),
                Choice::Overdue => Msg::Overdue.text(lang).to_string(),
                Choice::AwaitingAnswer => Msg::FilterAwaitingAnswer.text(lang).to_string(),
                Choice::AwaitingRating => Msg::FilterAwaitingRating.text(lang).to_string(),
                Choice::State(s) => {
                    format!("{}: {}", Msg::ColState.text(lang), state_msg(*s).text(lang))
                }
                Choice::Topic(t) => format!(
                    "{}: {}",
                    Msg::ColTopic.text(lang),
                    cats.label(SetId::Topic, t, lang)
                ),
                Choice::Responsible(id) => {
                    let name = officers
                        .iter()
                        .find(|(o, _)| o == id)
                        .map(|(_, n)| n.as_str())
                        .unwrap_or("?");
                    format!("{}: {name}", Msg::ColResponsible.text(lang))
                }
            })
            .collect();
        self.choices = choices;
        Some(labels)
    }

    /// Applies the filter-menu choice at `index` and reloads.
    fn choose(&mut self, index: usize, env: &Env) -> Result<Effect> {
        let Some(choice) = self.choices.get(index).cloned() else {
            return Ok(Effect::None);
        };
        let f = &mut self.filter;
        match choice {
            Choice::All => {
                *f = IssueFilter {
                    text: f.text.clone(),
                    ..IssueFilter::default()
                }
            }
            Choice::Mine => f.responsible = env.me,
            Choice::Overdue => {
                f.overdue_on = if f.overdue_on.is_some() {
                    None
                } else {
                    Some(env.today)
                }
            }
            Choice::AwaitingAnswer => {
                f.status = Some(IssueStatus::Rectified);
                f.anonymous = Some(false);
            }
            Choice::AwaitingRating => {
                f.status = Some(IssueStatus::Answered);
                f.anonymous = None;
            }
            Choice::State(s) => {
                f.status = Some(s);
                f.anonymous = None;
            }
            Choice::Topic(t) => f.topic = Some(t),
            Choice::Responsible(id) => f.responsible = Some(id),
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
        let title = format!(
            "{} ({}{more}) — {}: {}",
            view.t(Msg::PaneIssues),
            self.list.rows.len(),
            view.t(Msg::Filter),
            self.filter_summary(view)
        );
        let line = Line::from(Span::styled(
            text::fit(&title, head.width as usize),
            view.theme.title(),
        ));
        frame.render_widget(Paragraph::new(line), head);
        let state_w = IssueStatus::ALL
            .iter()
            .map(|s| text::width(view.t(state_msg(*s))) + 1)
            .max()
            .unwrap_or(8);
        let columns = [
            Column::new(view.t(Msg::ColRef), Constraint::Length(13)),
            Column::new(view.t(Msg::ColRaised), Constraint::Length(10)),
            Column::new(view.t(Msg::ColTopic), Constraint::Length(8)),
            Column::new(view.t(Msg::ColSummary), Constraint::Fill(1)),
            Column::new(view.t(Msg::ColResponsible), Constraint::Length(6)),
            Column::new(view.t(Msg::ColDeadline), Constraint::Length(10)),
            Column::new(
                view.t(Msg::ColState),
                Constraint::Length(state_w.min(11) as u16),
            ),
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
