//! Read-only views of one record, opened with Enter: the fields, then the
//! history (an issue's timeline, a case's parties and sessions, a care
//! entry's visits). Built once when opened; drawing just scrolls lines.

mod care;
mod case;
mod entry;
mod issue;
mod visit;

use super::keys::Action;
use super::panes::{Target, View};
use super::text;
use crate::msg::Msg;
use crate::store::Store;
use anyhow::Result;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

/// An open record view.
pub struct Detail {
    pub title: String,
    pub target: Target,
    lines: Vec<Line<'static>>,
    top: usize,
    /// Lines visible at the last draw, so scrolling stops at the last page.
    height: Cell<usize>,
}

impl Detail {
    /// Scrolls with the movement actions.
    pub fn scroll(&mut self, action: Option<Action>) {
        let last = self.lines.len().saturating_sub(self.height.get().max(1));
        self.top = match action {
            Some(Action::Down) => (self.top + 1).min(last),
            Some(Action::Up) => self.top.saturating_sub(1),
            Some(Action::PageDown) => (self.top + 10).min(last),
            Some(Action::PageUp) => self.top.saturating_sub(10),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => last,
            _ => self.top,
        };
    }

    /// Draws over the whole pane area.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        crate::tui::widgets::clear(frame, area);
        let title = Span::styled(
            text::fit(&self.title, area.width.saturating_sub(4) as usize),
            view.theme.title(),
        );
        let block = Block::bordered()
            .title(title)
            .title_bottom(Line::styled(view.t(Msg::PressEsc), view.theme.dim()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let h = inner.height as usize;
        self.height.set(h);
        // Never scroll past the last full page.
        let top = self.top.min(self.lines.len().saturating_sub(h));
        let lines: Vec<Line> = self.lines.iter().skip(top).take(h).cloned().collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// A `label: value` line, the value made safe.
pub fn field(view: &View, label: Msg, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{}: ", view.t(label)), view.theme.dim()),
        Span::raw(text::safe(value)),
    ])
}

/// Wrapped, safe lines of a long text, indented.
pub fn paragraph(value: &str, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for raw in value.lines() {
        let mut line = String::from("  ");
        for c in text::safe(raw).chars() {
            if text::width(&line) + text::width(&c.to_string()) > width {
                out.push(Line::raw(std::mem::replace(&mut line, String::from("  "))));
            }
            line.push(c);
        }
        out.push(Line::raw(line));
    }
    out
}

/// Loads the view of `target`.
pub fn load(store: &Store, target: Target, view: &View) -> Result<Detail> {
    match target {
        Target::Issue(id) => issue::load(store, id, view),
        Target::Visit(id) => visit::load(store, id, view),
        Target::Case(id) => case::load(store, id, view),
        Target::Care(id) => care::load(store, id, view),
        Target::Entry(id) => entry::load(store, id, view),
    }
}

impl Detail {
    /// A view of `target` from prepared lines.
    pub fn new(title: String, target: Target, lines: Vec<Line<'static>>) -> Detail {
        Detail {
            title,
            target,
            lines,
            top: 0,
            height: Cell::new(0),
        }
    }
}
