//! The Issues pane: a table of issues, newest raised first, filtered by
//! state, topic, responsible person, overdue, awaiting answer or awaiting
//! rating, searchable by text.

use crate::config::categories::SetId;
use crate::domain::issue::IssueStatus;
use crate::msg::Msg;
use crate::store::issues::{Cursor, IssueFilter, IssueRow};
use crate::store::Page;
use crate::store::Stored;
use crate::tui::kit::list::{
    category_choice, cleared, labelled, toggle_day, with_labels, About, ListPane, Listed, Source,
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
use ratatui::text::Line;

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

/// Where the Issues pane's rows come from: the filter and search.
#[derive(Default)]
pub struct Issues {
    pub filter: IssueFilter,
}

/// The Issues pane.
pub type IssuesPane = ListPane<Issues>;

impl Issues {
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
            (Some(s), _) => parts.push(view.t(s.label()).to_string()),
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
        filter_summary(parts, view)
    }

    /// The label of a filter choice.
    fn choice_label(c: &Choice, env: &Env, officers: &[(i64, String)]) -> String {
        let lang = env.lang;
        match c {
            Choice::All => Msg::FilterAll.text(lang).to_string(),
            Choice::Mine => Msg::FilterMine.text(lang).to_string(),
            Choice::Overdue => Msg::Overdue.text(lang).to_string(),
            Choice::AwaitingAnswer => Msg::FilterAwaitingAnswer.text(lang).to_string(),
            Choice::AwaitingRating => Msg::FilterAwaitingRating.text(lang).to_string(),
            Choice::State(s) => labelled(lang, Msg::ColState, s.label().text(lang)),
            Choice::Topic(t) => category_choice(env, Msg::ColTopic, SetId::Topic, t),
            Choice::Responsible(id) => {
                let name = officers.iter().find(|(o, _)| o == id);
                labelled(lang, Msg::ColResponsible, name.map_or("?", |(_, n)| n))
            }
        }
    }
}

fn due_soon(deadline: NaiveDate, today: NaiveDate) -> bool {
    (deadline - today).num_days() <= 7
}

impl Source for Issues {
    type Row = Stored<IssueRow>;
    type Cursor = Cursor;
    type Choice = Choice;

    fn about(&self) -> About {
        About::new(
            Msg::PaneIssues,
            Scope::Issues,
            Changes::ISSUES | Changes::DIRECTORY,
            NewKind::Issue,
        )
    }

    fn target(&self, row: &Self::Row) -> Target {
        Target::Issue(row.id)
    }

    fn page(&self, env: &Env, after: Option<&Cursor>, n: usize) -> Result<Page<Self::Row, Cursor>> {
        Ok(env.store.issues_page(&self.filter, after, n)?)
    }

    fn count(&self, env: &Env) -> Result<Option<u64>> {
        Ok(Some(env.store.issues_count(&self.filter)? as u64))
    }

    fn search(&mut self) -> &mut String {
        &mut self.filter.text
    }

    fn choices(&self, env: &Env, officers: &[(i64, String)]) -> Vec<(Choice, String)> {
        let mut choices = vec![
            Choice::All,
            Choice::Mine,
            Choice::Overdue,
            Choice::AwaitingAnswer,
            Choice::AwaitingRating,
        ];
        choices.extend(IssueStatus::ALL.into_iter().map(Choice::State));
        let topics = env.store.categories().keys(SetId::Topic);
        choices.extend(topics.into_iter().map(Choice::Topic));
        choices.extend(officers.iter().map(|(id, _)| Choice::Responsible(*id)));
        with_labels(choices, |c| Issues::choice_label(c, env, officers))
    }

    fn choose(&mut self, choice: Choice, env: &Env) {
        let f = &mut self.filter;
        match choice {
            Choice::All => cleared(f, |f| &mut f.text),
            Choice::Mine => f.responsible = env.me,
            Choice::Overdue => toggle_day(&mut f.overdue_on, env.today),
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
    }

    fn heading(&self, list: &Listed<Self::Row>, view: &View) -> Line<'static> {
        title_line(view, Msg::PaneIssues, list, None, self.filter_summary(view))
    }

    fn columns(&self, _width: u16, view: &View) -> Vec<Column> {
        let state_w = IssueStatus::ALL
            .iter()
            .map(|s| text::width(view.t(s.label())) + 1)
            .max()
            .unwrap_or(8);
        vec![
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
        ]
    }

    fn cells(&self, r: &Self::Row, _width: u16, view: &View) -> Vec<Cell> {
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
        let soon = i
            .assignment
            .as_ref()
            .is_some_and(|a| due_soon(a.deadline, view.today))
            && i.status != IssueStatus::Closed;
        let deadline_style = match (overdue, soon) {
            (true, _) => th.overdue(),
            (false, true) => th.due_soon(),
            _ => th.plain(),
        };
        let mut state = view.t(i.status.label()).to_string();
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
