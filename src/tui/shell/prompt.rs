//! The app's own small overlays: the `/` search prompt, and the choice
//! lists of the command palette (`:`) and a pane's filter menu (`f`).
//! Each closes with work for the pane beneath (see `overlay::Then`).

use crate::lang::Lang;
use crate::msg::Msg;
use crate::tui::kit::overlay::{Hint, Overlay, Reply, Then, Transition};
use crate::tui::kit::picker::{skip_cells, Outcome, Picker};
use crate::tui::shell::app::App;
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// The `/` prompt on the bottom line. On a list it narrows the list while
/// you type, Enter keeps the search and Esc clears it; elsewhere Enter
/// searches and Esc closes.
pub struct SearchPrompt {
    pub input: Input,
    live: bool,
}

impl SearchPrompt {
    pub fn new(text: &str, live: bool) -> SearchPrompt {
        SearchPrompt {
            input: Input::new(text.to_string()),
            live,
        }
    }

    /// The search now, on the pane beneath.
    fn search(&self) -> Then {
        Then::Search(self.input.value().to_string())
    }
}

impl Overlay for SearchPrompt {
    fn key(&mut self, key: KeyEvent, _: Option<Action>, _: &mut Ctx) -> Result<Transition> {
        Ok(match key.code {
            KeyCode::Esc if self.live => {
                Transition::Pop(Reply::default().then(Then::Search(String::new())))
            }
            KeyCode::Esc => Transition::pop(),
            KeyCode::Enter if self.live => Transition::pop(),
            KeyCode::Enter => Transition::Pop(Reply::default().then(self.search())),
            _ => match self.input.handle_event(&Event::Key(key)) {
                Some(change) if change.value && self.live => Transition::Apply(self.search()),
                _ => Transition::Stay,
            },
        })
    }

    fn paste(&mut self, text: &str, _: &mut Ctx) -> Transition {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        match self.live {
            true => Transition::Apply(self.search()),
            false => Transition::Stay,
        }
    }

    /// Draws on the last line of `area` (just above the status bar).
    fn draw(&self, frame: &mut Frame, area: Rect, _: &View) {
        let line = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1.min(area.height),
            ..area
        };
        let width = line.width as usize;
        let room = width.saturating_sub(2);
        let shown = skip_cells(
            &text::safe(self.input.value()),
            self.input.visual_scroll(room),
        );
        crate::tui::kit::clear(frame, line);
        frame.render_widget(Paragraph::new(text::fit(&format!("/{shown}"), width)), line);
        let x = line.x + 1 + self.input.visual_cursor().min(room) as u16;
        frame.set_cursor_position((x, line.y));
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        vec![
            Hint::fixed("Enter", Msg::ActSearch),
            Hint::fixed("Esc", Msg::HintCancel),
        ]
    }

    fn takes_text(&self) -> bool {
        true
    }
}

/// A picker whose items each stand for work on the pane beneath: the
/// palette's actions, the filter menu's choices.
pub struct Choice {
    pub picker: Picker,
    outcomes: Vec<Then>,
}

impl Choice {
    /// The command palette: every action reachable now, with its keys.
    pub fn palette(app: &App) -> Choice {
        let scope = app.scope();
        let actions = match app.stack.last() {
            Some(top) => {
                let mut a = top.actions();
                a.extend([Action::Help, Action::Quit]);
                a
            }
            None => app.keymap.reachable(scope),
        };
        let lang = app.lang;
        let labels = actions
            .iter()
            .map(|a| a.describe().text(lang).to_string())
            .collect();
        let notes = actions
            .iter()
            .map(|a| app.keymap.label(scope, *a))
            .collect();
        let picker = Picker::new(
            Msg::PaletteTitle.text(lang),
            Msg::PickerHint.text(lang),
            labels,
        )
        .with_notes(notes);
        Choice {
            picker,
            outcomes: actions.into_iter().map(Then::Act).collect(),
        }
    }

    /// A pane's filter menu over `labels`.
    pub fn filter(lang: Lang, labels: Vec<String>) -> Choice {
        let outcomes = (0..labels.len()).map(Then::Filter).collect();
        let picker = Picker::new(Msg::Filter.text(lang), Msg::PickerHint.text(lang), labels);
        Choice { picker, outcomes }
    }
}

impl Overlay for Choice {
    fn key(&mut self, key: KeyEvent, action: Option<Action>, _: &mut Ctx) -> Result<Transition> {
        Ok(match self.picker.key(key, action) {
            Outcome::Open => Transition::Stay,
            Outcome::Cancelled => Transition::pop(),
            Outcome::Picked(i) => {
                let then = i.first().and_then(|i| self.outcomes.get(*i)).cloned();
                Transition::Pop(Reply {
                    then,
                    ..Reply::default()
                })
            }
        })
    }

    fn paste(&mut self, text: &str, _: &mut Ctx) -> Transition {
        self.picker.paste(text);
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.picker.draw(frame, area, view.theme);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        picker_hints()
    }

    fn takes_text(&self) -> bool {
        true
    }
}

/// The keys of every picker.
pub fn picker_hints() -> Vec<Hint> {
    vec![
        Hint::fixed("↑↓", Msg::HintScroll),
        Hint::fixed("Enter", Msg::HintPick),
        Hint::fixed("Esc", Msg::HintCancel),
    ]
}
