//! What a pane is: a full-screen list or grid under the tabs that reads
//! pages from the store in `reload`/`handle` and draws only from its own
//! state. Panes are listed in the registry; the app owns them and routes
//! keys to the one on screen when no overlay is open.

use crate::msg::Msg;
use crate::store::report::Period;
use crate::tui::kit::overlay::{AsAny, Changes};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use anyhow::Result;
use ratatui::layout::Rect;
use ratatui::Frame;

/// What a pane asks the app to do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Open(Target),
    /// Open a form for a new record of the pane's kind (on `date` for visits).
    New(NewKind),
    Edit(Target),
    Status(String),
}

/// The hints every pane shows, in order.
pub const COMMON_HINTS: [Action; 5] = [
    Action::Open,
    Action::New,
    Action::Steps,
    Action::Search,
    Action::Filter,
];

/// What `/` does on a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchMode {
    /// The list narrows while you type; Esc clears it.
    Narrow,
    /// Enter jumps to the next match (the calendar's next day with one).
    Jump,
    /// Searches every kind of record and lists the results by kind.
    Everything,
}

/// One pane of the workbench.
pub trait Pane: AsAny {
    /// The tab's name.
    fn title(&self) -> Msg;
    /// Which bindings apply.
    fn scope(&self) -> Scope;
    /// The kinds of record the pane shows: a write touching one of them
    /// reloads it.
    fn shows(&self) -> Changes;
    /// Reads the pane again, keeping the cursor on the same record and the
    /// window where it was (after a change here or elsewhere).
    fn reload(&mut self, env: &Env) -> Result<()>;
    /// The pane came on screen (`true`) or left it; a pane whose reload
    /// is costly may defer it while hidden and catch up here.
    fn on_screen(&mut self, _shown: bool, _env: &Env) -> Result<()> {
        Ok(())
    }
    /// Handles an action the key map produced.
    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect>;
    /// Free-text search from `/`; an empty text clears it.
    fn search(&mut self, _text: &str, env: &Env) -> Result<Effect> {
        Ok(Effect::Status(Msg::NoSearch.text(env.lang).to_string()))
    }
    /// What `/` does here.
    fn search_mode(&self) -> SearchMode {
        SearchMode::Jump
    }
    /// The current search text, to prefill the prompt.
    fn search_text(&self) -> &str {
        ""
    }
    /// The record the selection stands on, for steps (`s`) and history (`H`).
    fn target(&self) -> Option<Target> {
        None
    }
    /// Puts the cursor on `target` if the pane lists it (a record just
    /// created); true when it did.
    fn select(&mut self, _target: Target, _env: &Env) -> Result<bool> {
        Ok(false)
    }
    /// The filter menu (`f`): the labels of its choices, or None when
    /// the pane has no filter.
    fn filter_menu(&mut self, _env: &Env, _officers: &[(i64, String)]) -> Option<Vec<String>> {
        None
    }
    /// Applies the filter-menu choice at `index`.
    fn choose(&mut self, _index: usize, _env: &Env) -> Result<Effect> {
        Ok(Effect::None)
    }
    /// Shows `period` (the Report pane's range form hands it over).
    fn show_period(&mut self, _period: Period, _env: &Env) -> Result<Effect> {
        Ok(Effect::None)
    }
    /// Explanations help lists after the keys (the report's rules), each
    /// a paragraph in the UI language.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
    /// The pane's own actions for the hint bar, besides the common ones.
    fn hints(&self) -> Vec<Action> {
        COMMON_HINTS.to_vec()
    }
    /// Draws from state only.
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);
}
