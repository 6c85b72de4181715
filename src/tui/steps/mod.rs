//! Lifecycle steps on a record: the closed loops of DESIGN §1.1–1.4. `s` on
//! a record view or a list row opens the menu of the steps the record's
//! state allows now; each step has its own letter, so a step is two keys
//! away. A step opens a small form for its values (through the form
//! engine) or, when it needs none, happens at once. The domain decides what
//! is allowed; the store writes the step, its timeline entry and its audit
//! entry in one transaction.

pub mod care;
pub mod case;
pub mod issue;
pub mod visit;

use super::form::{Ctx, Form};
use super::keys::Action;
use super::panes::{Nav, Target};
use super::text;
use super::theme::Theme;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::Store;
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// One entry of the step menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The letter that picks it in the menu.
    pub key: char,
    pub label: String,
    /// The step's name, passed back to [`open`].
    pub id: &'static str,
}

impl Step {
    pub fn new(key: char, label: Msg, lang: Lang, id: &'static str) -> Step {
        Step {
            key,
            label: label.text(lang).to_string(),
            id,
        }
    }
}

/// What picking a step does.
pub enum Opened {
    /// A form for the step's values.
    Form(Form),
    /// The step needed no values and is done; the message says so.
    Done(String),
}

/// The steps `target` allows now.
pub fn menu(store: &Store, target: Target, lang: Lang) -> Result<Vec<Step>> {
    match target {
        Target::Visit(id) => visit::menu(store, id, lang),
        Target::Issue(id) => issue::menu(store, id, lang),
        Target::Case(id) => case::menu(store, id, lang),
        Target::Care(id) => care::menu(store, id, lang),
        Target::Entry(_) => Ok(Vec::new()),
    }
}

/// Starts step `id` on `target`.
pub fn open(target: Target, id: &'static str, ctx: &mut Ctx) -> Result<Opened> {
    match target {
        Target::Visit(t) => visit::open(t, id, ctx),
        Target::Issue(t) => issue::open(t, id, ctx),
        Target::Case(t) => case::open(t, id, ctx),
        Target::Care(t) => care::open(t, id, ctx),
        Target::Entry(_) => anyhow::bail!("a directory entry has no steps"),
    }
}

/// The directory entry behind a record: the person visited, who raised an
/// issue, the first party of a case with an entry, the person cared for.
pub fn person_of(store: &Store, target: Target) -> Result<Option<i64>> {
    Ok(match target {
        Target::Visit(id) => store.visit(id)?.record.target_id,
        Target::Issue(id) => store.issue(id)?.record.issue.raiser_id,
        Target::Case(id) => store
            .case(id)?
            .record
            .parties
            .iter()
            .find_map(|p| p.entry_id),
        Target::Care(id) => Some(store.care(id)?.record.entry.person_id),
        Target::Entry(id) => Some(id),
    })
}

/// What a key did to the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Open,
    Picked(&'static str),
    Cancelled,
}

/// The step menu overlay.
pub struct Menu {
    pub target: Target,
    pub title: String,
    steps: Vec<Step>,
    nav: Nav,
}

impl Menu {
    pub fn new(target: Target, title: String, steps: Vec<Step>) -> Menu {
        Menu {
            target,
            title,
            steps,
            nav: Nav::default(),
        }
    }

    /// A step's letter picks it; j/k and Enter work too; Esc closes.
    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> Pick {
        if let KeyCode::Char(c) = key.code {
            if let Some(s) = self.steps.iter().find(|s| s.key == c) {
                return Pick::Picked(s.id);
            }
        }
        match (key.code, action) {
            (KeyCode::Esc, _) => Pick::Cancelled,
            (KeyCode::Enter, _) => self
                .steps
                .get(self.nav.selected)
                .map_or(Pick::Open, |s| Pick::Picked(s.id)),
            (_, Some(a)) => {
                self.nav.apply(a, self.steps.len(), false);
                Pick::Open
            }
            _ => Pick::Open,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, hint: &str) {
        let width = self
            .steps
            .iter()
            .map(|s| text::width(&s.label) + 6)
            .max()
            .unwrap_or(20)
            .max(text::width(&self.title) + 4);
        let rect = super::widgets::centered(
            area,
            (width as u16).clamp(24, 60),
            self.steps.len() as u16 + 3,
        );
        super::widgets::clear(frame, rect);
        let block = Block::bordered()
            .title(Span::styled(
                text::fit(&self.title, rect.width.saturating_sub(4) as usize),
                theme.title(),
            ))
            .title_bottom(Line::styled(hint.to_string(), theme.dim()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let lines: Vec<Line> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = if i == self.nav.selected {
                    theme.selected()
                } else {
                    theme.plain()
                };
                let body = text::pad(&format!(" {}  {}", s.key, s.label), inner.width as usize);
                Line::styled(body, style)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn menu() -> Menu {
        let steps = vec![
            Step {
                key: 'a',
                label: "assign".into(),
                id: "assign",
            },
            Step {
                key: 'r',
                label: "rectify".into(),
                id: "rectify",
            },
        ];
        Menu::new(Target::Issue(1), "t".into(), steps)
    }

    #[test]
    fn a_letter_picks_its_step() {
        let mut m = menu();
        let k = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(m.key(k, None), Pick::Picked("rectify"));
    }

    #[test]
    fn enter_picks_the_selected_and_esc_cancels() {
        let mut m = menu();
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        m.key(down, Some(Action::Down));
        assert_eq!(
            m.key(KeyEvent::from(KeyCode::Enter), None),
            Pick::Picked("rectify")
        );
        assert_eq!(m.key(KeyEvent::from(KeyCode::Esc), None), Pick::Cancelled);
    }
}
