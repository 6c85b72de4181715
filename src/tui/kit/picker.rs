//! A list overlay that filters as you type: categories, officers, people,
//! filter presets and the command palette all use it. Matching is by
//! case-insensitive substring of the label.

use crate::tui::kit::nav::Nav;
use crate::tui::shell::keys::Action;
use crate::tui::shell::text;
use crate::tui::shell::theme::Theme;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::collections::BTreeSet;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still choosing.
    Open,
    /// Chosen: item indexes (one, or the ticked ones when multi).
    Picked(Vec<usize>),
    Cancelled,
}

/// A filterable list of labels.
pub struct Picker {
    pub title: String,
    pub hint: String,
    labels: Vec<String>,
    /// Right-hand note per item (e.g. a key binding in the palette).
    notes: Vec<String>,
    query: Input,
    shown: Vec<usize>,
    nav: Nav,
    /// Ticked items when several may be chosen.
    ticked: Option<BTreeSet<usize>>,
}

impl Picker {
    pub fn new(title: &str, hint: &str, labels: Vec<String>) -> Picker {
        let shown = (0..labels.len()).collect();
        Picker {
            title: title.into(),
            hint: hint.into(),
            notes: vec![String::new(); labels.len()],
            labels,
            query: Input::default(),
            shown,
            nav: Nav::default(),
            ticked: None,
        }
    }

    /// Lets several items be ticked with Space; `ticked` starts ticked.
    pub fn multi(mut self, ticked: impl IntoIterator<Item = usize>) -> Picker {
        self.ticked = Some(ticked.into_iter().collect());
        self
    }

    pub fn with_notes(mut self, notes: Vec<String>) -> Picker {
        self.notes = notes;
        self
    }

    /// Puts the highlight on item `index` (the field's current value)
    /// when it is shown.
    pub fn highlight(&mut self, index: usize) {
        if let Some(pos) = self.shown.iter().position(|i| *i == index) {
            self.nav.selected = pos;
        }
    }

    /// The typed filter text.
    pub fn query(&self) -> &str {
        self.query.value()
    }

    /// Handles a key: arrows, PgUp/PgDn and Ctrl-N/Ctrl-P move in every
    /// pane (whatever the pane's own map does with them), as does a key the
    /// map binds to a movement when it is not a printable character; other
    /// keys type into the filter.
    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let movement = match key.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Char('p') if ctrl => Some(Action::Up),
            KeyCode::Char('n') if ctrl => Some(Action::Down),
            KeyCode::Char(_) if !ctrl => None,
            _ => action.filter(|a| {
                matches!(
                    a,
                    Action::Up | Action::Down | Action::PageUp | Action::PageDown
                )
            }),
        };
        if let Some(a) = movement {
            self.nav.apply(a, self.shown.len(), false);
            return Outcome::Open;
        }
        match key.code {
            KeyCode::Esc => return Outcome::Cancelled,
            KeyCode::Enter => return self.pick(),
            KeyCode::Char(' ') if self.ticked.is_some() => {
                self.toggle();
                return Outcome::Open;
            }
            _ => {}
        }
        if self.query.handle_event(&Event::Key(key)).is_some() {
            self.refilter();
        }
        Outcome::Open
    }

    /// Typed text pasted into the filter.
    pub fn paste(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control()) {
            self.query.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.refilter();
    }

    fn pick(&self) -> Outcome {
        match &self.ticked {
            Some(t) => Outcome::Picked(t.iter().copied().collect()),
            None => match self.shown.get(self.nav.selected) {
                Some(i) => Outcome::Picked(vec![*i]),
                None => Outcome::Open,
            },
        }
    }

    fn toggle(&mut self) {
        if let (Some(t), Some(i)) = (&mut self.ticked, self.shown.get(self.nav.selected)) {
            if !t.remove(i) {
                t.insert(*i);
            }
        }
    }

    fn refilter(&mut self) {
        let q = self.query.value().to_lowercase();
        self.shown = (0..self.labels.len())
            .filter(|i| q.is_empty() || self.labels[*i].to_lowercase().contains(&q))
            .collect();
        self.nav.reset();
    }

    /// Draws the picker as a box over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let w = area.width.saturating_sub(8).clamp(20, 64);
        let h = area.height.saturating_sub(4).clamp(5, 20);
        let rect = crate::tui::kit::centered(area, w, h);
        crate::tui::kit::clear(frame, rect);
        let block = Block::bordered().title(Span::styled(
            text::fit(&self.title, w as usize - 4),
            theme.title(),
        ));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [input, list, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        self.draw_input(frame, input, theme);
        self.draw_list(frame, list, theme);
        frame.render_widget(
            Paragraph::new(Line::styled(
                text::fit(&self.hint, hint.width as usize),
                theme.dim(),
            )),
            hint,
        );
    }

    fn draw_input(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(2) as usize;
        let scroll = self.query.visual_scroll(width);
        let shown: String = text::safe(self.query.value());
        let line = Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(skip_cells(&shown, scroll)),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x + 2 + (self.query.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let height = area.height as usize;
        let offset = self.nav.settle(height);
        let width = area.width as usize;
        let mut lines = Vec::with_capacity(height);
        for (row, &i) in self.shown.iter().enumerate().skip(offset).take(height) {
            let mark = match &self.ticked {
                Some(t) if t.contains(&i) => "[x] ",
                Some(_) => "[ ] ",
                None => "",
            };
            let note = &self.notes[i];
            let label_w = width.saturating_sub(text::width(mark) + text::width(note) + 1);
            let body = format!(
                "{mark}{} {}",
                text::pad(&self.labels[i], label_w),
                text::fit(note, width)
            );
            let style = if row == self.nav.selected {
                theme.selected()
            } else {
                theme.plain()
            };
            lines.push(Line::styled(text::pad(&body, width), style));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// Drops the first `cells` display cells of `s` (horizontal scroll).
pub fn skip_cells(s: &str, cells: usize) -> String {
    let mut used = 0;
    s.chars()
        .skip_while(|c| {
            let skip = used < cells;
            used += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            skip
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(p: &mut Picker, c: KeyCode) -> Outcome {
        p.key(KeyEvent::new(c, KeyModifiers::NONE), None)
    }

    #[test]
    fn typing_filters_by_substring_and_enter_picks() {
        let mut p = Picker::new(
            "t",
            "h",
            vec!["送温暖".into(), "送平安".into(), "Safety".into()],
        );
        press(&mut p, KeyCode::Char('平'));
        assert_eq!(press(&mut p, KeyCode::Enter), Outcome::Picked(vec![1]));
        let mut p = Picker::new("t", "h", vec!["Law".into(), "safety".into()]);
        press(&mut p, KeyCode::Char('S'));
        assert_eq!(press(&mut p, KeyCode::Enter), Outcome::Picked(vec![1]));
        press(&mut p, KeyCode::Char('z'));
        assert_eq!(
            press(&mut p, KeyCode::Enter),
            Outcome::Open,
            "nothing matches"
        );
        assert_eq!(press(&mut p, KeyCode::Esc), Outcome::Cancelled);
    }

    #[test]
    fn multi_ticks_with_space() {
        let mut p = Picker::new("t", "h", vec!["a".into(), "b".into()]).multi([1]);
        press(&mut p, KeyCode::Char(' '));
        assert_eq!(press(&mut p, KeyCode::Enter), Outcome::Picked(vec![0, 1]));
    }
}
