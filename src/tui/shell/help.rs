//! The `?` help overlay: the keys of what is on top (an open record view,
//! a form), then the pane's bindings and the global ones, all read from
//! the live key map and the overlays' own hints, so help cannot go stale.
//! A pane may add notes after its keys (the Report pane's counting
//! rules); they wrap to the column, and help scrolls when it overflows.

use crate::msg::Msg;
use crate::tui::kit::centered;
use crate::tui::kit::overlay::{Hint, Label, Overlay, Transition};
use crate::tui::shell::app::App;
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// Blank cells between the two columns.
const GUTTER: u16 = 3;

/// The help overlay: sections of hints, built when opened.
pub struct Help {
    sections: Vec<(Msg, Vec<Hint>)>,
    /// The pane's notes, each a paragraph.
    notes: Vec<String>,
    /// The first line shown, and the most it can be (set while drawing).
    scroll: usize,
    most: std::cell::Cell<usize>,
}

impl Help {
    /// Help for what is on screen: `top` (if any) over the app's pane.
    pub fn new(top: Option<&dyn Overlay>, app: &App) -> Help {
        let scope = app.scope();
        let mut sections = Vec::new();
        if let Some(top) = top {
            sections.push((Msg::HelpOverlay, top.hints(&app.keymap, scope)));
        }
        if top.is_none_or(|t| !t.takes_text()) {
            if scope != Scope::Global {
                sections.push((Msg::HelpPane, bindings(&app.keymap, scope)));
            }
            sections.push((Msg::HelpGlobal, bindings(&app.keymap, Scope::Global)));
        }
        sections.retain(|(_, hints)| !hints.is_empty());
        let notes = match top {
            None => app.pane().notes(),
            Some(_) => Vec::new(),
        };
        Help {
            sections,
            notes,
            scroll: 0,
            most: std::cell::Cell::new(0),
        }
    }

    /// The notes under their heading, each wrapped to `width` cells.
    fn note_lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        if self.notes.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![Line::styled(
            view.t(Msg::HelpRules).to_string(),
            view.theme.header(),
        )];
        for note in &self.notes {
            let wrapped = crate::tui::shell::screen::wrap_cells(&text::safe(note), width - 2);
            for (i, l) in wrapped.into_iter().enumerate() {
                let lead = if i == 0 { "• " } else { "  " };
                lines.push(Line::raw(format!("{lead}{l}")));
            }
        }
        lines
    }

    /// Every line of help, section headers included.
    fn lines(&self, view: &View) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for (title, hints) in &self.sections {
            lines.push(Line::styled(
                view.t(*title).to_string(),
                view.theme.header(),
            ));
            for h in hints {
                lines.push(Line::from(vec![
                    Span::styled(text::pad(&h.keys, 14), view.theme.key()),
                    Span::raw(h.what.text(view.lang).to_string()),
                ]));
            }
        }
        lines
    }
}

/// The bindings of one scope as hints.
fn bindings(keys: &KeyMap, scope: Scope) -> Vec<Hint> {
    keys.scope_bindings(scope)
        .into_iter()
        .map(|(action, k)| Hint {
            keys: k
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            what: Label::Msg(action.describe()),
        })
        .collect()
}

impl Help {
    fn scroll_by(&mut self, by: isize) -> Transition {
        self.scroll = self.scroll.saturating_add_signed(by).min(self.most.get());
        Transition::Stay
    }
}

impl Overlay for Help {
    /// Esc or `?` closes; `q` quits (ignored here, so the app quits);
    /// the movement keys scroll.
    fn key(&mut self, _: KeyEvent, action: Option<Action>, _: &mut Ctx) -> Result<Transition> {
        Ok(match action {
            Some(Action::Back | Action::Help) => Transition::pop(),
            Some(Action::Quit) => Transition::Quit,
            Some(Action::Down) => self.scroll_by(1),
            Some(Action::Up) => self.scroll_by(-1),
            Some(Action::PageDown) => self.scroll_by(10),
            Some(Action::PageUp) => self.scroll_by(-10),
            Some(Action::Top) => self.scroll_by(isize::MIN / 2),
            Some(Action::Bottom) => self.scroll_by(isize::MAX / 2),
            _ => Transition::Stay,
        })
    }

    /// Two columns when it does not fit in one, a gutter between them.
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        // Over the whole area: what is beneath must not show at its edges.
        crate::tui::kit::clear(frame, area);
        let rect = centered(area, 76, area.height);
        let block = Block::bordered()
            .title(Span::styled(view.t(Msg::HelpTitle), view.theme.title()))
            .title_bottom(Line::styled(view.t(Msg::PressEsc), view.theme.dim()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let h = inner.height as usize;
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(GUTTER)
            .areas(inner);
        let mut lines = self.lines(view);
        // Wrapped to the narrower column: a line may show in either.
        let column = left.width.min(right.width).max(3) as usize;
        lines.extend(self.note_lines(view, column));
        // Scrolled by whole columns' worth only when it overflows both.
        self.most.set(lines.len().saturating_sub(2 * h));
        let scroll = self.scroll.min(self.most.get());
        let lines = &lines[scroll..];
        let (a, b) = lines.split_at(lines.len().min(h));
        frame.render_widget(Paragraph::new(a.to_vec()), left);
        frame.render_widget(
            Paragraph::new(b.iter().take(h).cloned().collect::<Vec<_>>()),
            right,
        );
    }

    fn actions(&self) -> Vec<Action> {
        vec![Action::Back]
    }
}
