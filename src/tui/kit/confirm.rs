//! A yes/no question on the stack: `y` closes it handing its answer to the
//! overlay beneath (a form that asked before discarding input, quitting,
//! or saving a step that cannot be undone); any other key closes it and
//! nothing happens.

use crate::msg::Msg;
use crate::tui::kit::overlay::{Hint, Overlay, Reply, Transition};
use crate::tui::kit::{centered, clear};
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use std::any::Any;

/// The widest the question is drawn.
const WIDTH: u16 = 64;

/// A question and what `y` answers to the overlay beneath.
pub struct Confirm {
    pub question: String,
    yes: Option<Box<dyn Any>>,
}

impl Confirm {
    pub fn new(question: impl Into<String>, yes: impl Any) -> Confirm {
        Confirm {
            question: question.into(),
            yes: Some(Box::new(yes)),
        }
    }
}

impl Overlay for Confirm {
    fn key(&mut self, key: KeyEvent, _: Option<Action>, _: &mut Ctx) -> Result<Transition> {
        Ok(match key.code {
            KeyCode::Char('y' | 'Y') => Transition::Pop(Reply {
                answer: self.yes.take(),
                ..Reply::default()
            }),
            _ => Transition::pop(),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let w = WIDTH.min(area.width);
        let inner = w.saturating_sub(2).max(1) as usize;
        let lines = (text::width(&self.question) / inner + 1) as u16;
        let rect = centered(area, w, lines + 2);
        clear(frame, rect);
        let block = Block::bordered().border_style(view.theme.error());
        let body = Paragraph::new(Line::raw(text::safe(&self.question)))
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(body, rect);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        vec![
            Hint::fixed("y", Msg::HintConfirm),
            Hint::fixed("Esc", Msg::HintCancel),
        ]
    }

    /// Every key answers it; none reaches the app.
    fn takes_text(&self) -> bool {
        true
    }
}
