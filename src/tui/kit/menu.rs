//! The step menu: the lifecycle steps of the closed loops. `s` on
//! a record view or a list row opens the menu of the steps the record's
//! state allows now; each step has its own letter, so a step is two keys
//! away. A step opens a small form for its values (through the form
//! engine) or, when it needs none, happens at once. The domain decides what
//! is allowed; the store writes the step, its timeline entry and its audit
//! entry in one transaction.

use crate::domain::StepName;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::tui::kit::form::Form;
use crate::tui::kit::nav::Nav;
use crate::tui::kit::overlay::{Hint, Label, Note, Overlay, Reply, Transition};
use crate::tui::registry;
use crate::tui::registry::Target;
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::Action;
use crate::tui::shell::keys::{KeyMap, Scope};
use crate::tui::shell::text;
use crate::tui::shell::theme::Theme;
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
    /// The step, as the domain names it.
    pub step: StepName,
}

impl Step {
    pub fn new(key: char, label: Msg, lang: Lang, step: StepName) -> Step {
        Step {
            key,
            label: label.text(lang).to_string(),
            step,
        }
    }
}

/// A menu derived from the steps the domain allows: each kind under its
/// key, with its label, named for the registry.
pub fn derived<K: Copy>(
    allowed: Vec<K>,
    lang: Lang,
    key: fn(K) -> char,
    label: fn(K) -> Msg,
    name: fn(K) -> StepName,
) -> Vec<Step> {
    allowed
        .into_iter()
        .map(|k| Step::new(key(k), label(k), lang, name(k)))
        .collect()
}

/// What picking a step does.
pub enum Opened {
    /// A form for the step's values.
    Form(Form),
    /// The step needed no values and is done; the message says so.
    Done(String),
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

    /// The steps offered, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step a key picks: its letter, or Enter on the selected one.
    fn picked(&self, key: &KeyEvent) -> Option<StepName> {
        match key.code {
            KeyCode::Char(c) => self.steps.iter().find(|s| s.key == c).map(|s| s.step),
            KeyCode::Enter => self.steps.get(self.nav.selected).map(|s| s.step),
            _ => None,
        }
    }

    /// Runs step `id`: its form replaces the menu, or, when it needs no
    /// values, it happens now and the menu closes saying what it did. A
    /// refused step closes the menu with the reason; nothing was written.
    fn start(&self, step: StepName, ctx: &mut Ctx) -> Transition {
        match registry::start_step(self.target, step, ctx) {
            Ok(Opened::Form(f)) => Transition::Replace(Box::new(f)),
            Ok(Opened::Done(message)) => Transition::Pop(
                Reply::default()
                    .say(message)
                    .changed(registry::changes(self.target)),
            ),
            Err(e) => Transition::Pop(Reply {
                note: Some(Note::error(crate::explain::error(&e, ctx.lang))),
                ..Reply::default()
            }),
        }
    }

    fn draw_menu(&self, frame: &mut Frame, area: Rect, theme: &Theme, hint: &str) {
        let width = self
            .steps
            .iter()
            .map(|s| text::width(&s.label) + 6)
            .max()
            .unwrap_or(20)
            .max(text::width(&self.title) + 4);
        let rect = crate::tui::kit::centered(
            area,
            (width as u16).clamp(24, 60),
            self.steps.len() as u16 + 3,
        );
        crate::tui::kit::clear(frame, rect);
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

/// A step's letter picks it; j/k and Enter work too; Esc closes.
impl Overlay for Menu {
    fn key(&mut self, key: KeyEvent, action: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        if let Some(id) = self.picked(&key) {
            return Ok(self.start(id, ctx));
        }
        Ok(match action {
            Some(Action::Back) => Transition::pop(),
            Some(a @ (Action::Up | Action::Down | Action::Top | Action::Bottom)) => {
                self.nav.apply(a, self.steps.len(), false);
                Transition::Stay
            }
            _ => Transition::Ignored,
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw_menu(frame, area, view.theme, view.t(Msg::PressEsc));
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        let mut hints: Vec<Hint> = self
            .steps
            .iter()
            .map(|s| Hint {
                keys: s.key.to_string(),
                what: Label::Text(s.label.clone()),
            })
            .collect();
        hints.push(Hint::fixed("Esc", Msg::HintCancel));
        hints
    }
}
