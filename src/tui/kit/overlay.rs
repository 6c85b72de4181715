//! The overlay stack's contract. Everything that opens over the panes (a
//! form, a picker, a menu, a record view, a confirmation, the batch
//! planner, help, the `/` prompt) is an [`Overlay`] on one stack owned by
//! the app. A key goes to the top overlay first; it answers with a
//! [`Transition`], and nothing else changes the stack. There is no hidden
//! "come back here afterwards" state: what is beneath is what shows again.
//!
//! Each overlay publishes its [`Hint`]s; the hint bar and `?` help show the
//! top overlay's hints, and the pane's beneath unless the overlay covers
//! them (see `docs/ARCHITECTURE.md`, "The path of a key press").

use crate::lang::Lang;
use crate::msg::Msg;
use crate::tui::registry::Target;
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use anyhow::Result;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::any::Any;

/// A look at the concrete type behind a trait object (tests read an
/// overlay's or a pane's state this way). Every type has it.
pub trait AsAny: Any {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One layer over the panes.
pub trait Overlay: AsAny {
    /// Handles a key press; `action` is what the key map reads it as.
    /// Errors become a message in the status bar; the overlay stays.
    fn key(&mut self, key: KeyEvent, action: Option<Action>, ctx: &mut Ctx) -> Result<Transition>;

    /// Bracketed paste; ignored unless the overlay takes text.
    fn paste(&mut self, _text: &str, _ctx: &mut Ctx) -> Transition {
        Transition::Stay
    }

    /// Draws over `area` (the space between the tabs and the status bar).
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);

    /// The key-map actions this overlay takes now (for the palette, and
    /// the hints unless `hints` says otherwise).
    fn actions(&self) -> Vec<Action> {
        Vec::new()
    }

    /// The keys this overlay offers now, for the hint bar and help.
    fn hints(&self, keys: &KeyMap, scope: Scope) -> Vec<Hint> {
        Hint::actions(keys, scope, &self.actions())
    }

    /// Whether the overlay's own keys are the only ones that apply: a form
    /// takes `q` and `?` as letters; a record view lets them through.
    fn takes_text(&self) -> bool {
        false
    }

    /// Takes what an overlay opened over this one handed back when it
    /// closed (a picker's choice, a confirmation's yes).
    fn resume(&mut self, _answer: Box<dyn Any>, _ctx: &mut Ctx) -> Result<Transition> {
        Ok(Transition::Stay)
    }

    /// Reads the record again after a change beneath or elsewhere (record
    /// views); others keep what they hold.
    fn refresh(&mut self, _ctx: &Ctx) -> Result<()> {
        Ok(())
    }
}

/// What a key did to the stack.
pub enum Transition {
    /// Nothing changes on the stack.
    Stay,
    /// The key was not the overlay's: the app may apply a global action
    /// (quit, help, palette).
    Ignored,
    /// Stay, with a message in the status bar.
    Say(Note),
    /// Stay, and have the pane beneath do this now (a search narrowing
    /// the list while it is typed).
    Apply(Then),
    /// Open another overlay on top.
    Push(Box<dyn Overlay>),
    /// Close this overlay and open another in its place (a step menu
    /// becoming the step's form).
    Replace(Box<dyn Overlay>),
    /// Close this overlay; the reply says what happened.
    Pop(Reply),
    Quit,
}

impl Transition {
    /// Close, saying nothing.
    pub fn pop() -> Transition {
        Transition::Pop(Reply::default())
    }

    /// Close with a message.
    pub fn pop_saying(text: impl Into<String>) -> Transition {
        Transition::Pop(Reply::default().say(text))
    }

    /// Stay, with an error message.
    pub fn refuse(text: impl Into<String>) -> Transition {
        Transition::Say(Note::error(text))
    }
}

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

impl Note {
    pub fn info(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            error: false,
        }
    }
    pub fn error(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            error: true,
        }
    }
}

/// What a closing overlay tells the app.
#[derive(Default)]
pub struct Reply {
    pub note: Option<Note>,
    /// What the overlay wrote: panes showing these kinds reload.
    pub changed: Changes,
    /// A record to put the cursor on (one just created).
    pub select: Option<Target>,
    /// What the app does next on the pane beneath.
    pub then: Option<Then>,
    /// What the overlay beneath gets (see `Overlay::resume`).
    pub answer: Option<Box<dyn Any>>,
}

impl Reply {
    pub fn say(mut self, text: impl Into<String>) -> Reply {
        self.note = Some(Note::info(text));
        self
    }
    pub fn changed(mut self, changes: Changes) -> Reply {
        self.changed = changes;
        self
    }
    pub fn select(mut self, target: Target) -> Reply {
        self.select = Some(target);
        self
    }
    pub fn then(mut self, then: Then) -> Reply {
        self.then = Some(then);
        self
    }
    pub fn answer(mut self, answer: impl Any) -> Reply {
        self.answer = Some(Box::new(answer));
        self
    }
}

/// Work for the pane beneath once an overlay closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Carry out an action (the palette).
    Act(Action),
    /// Apply the filter-menu choice at this index.
    Filter(usize),
    /// Search for this text (empty clears the search).
    Search(String),
    /// Show this period (the Report pane's range form).
    Period(crate::store::report::Period),
}

/// The kinds of record a write touched, so only the panes that show them
/// reload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes(u8);

impl Changes {
    pub const NONE: Changes = Changes(0);
    pub const VISITS: Changes = Changes(1);
    pub const ISSUES: Changes = Changes(2);
    pub const CASES: Changes = Changes(4);
    pub const CARE: Changes = Changes(8);
    pub const DIRECTORY: Changes = Changes(16);
    /// Another coordinator's commit: anything may have changed.
    pub const ALL: Changes = Changes(31);

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether any kind is in both.
    pub fn touches(self, other: Changes) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Changes {
    type Output = Changes;
    fn bitor(self, rhs: Changes) -> Changes {
        Changes(self.0 | rhs.0)
    }
}

/// One entry of the hint bar and of help: the keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub what: Label,
}

/// What a hint says: a catalogue message, or a text already in the UI
/// language (a step named after a party).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Msg(Msg),
    Text(String),
}

impl Label {
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Label::Msg(m) => m.text(lang),
            Label::Text(t) => t,
        }
    }
}

impl Hint {
    /// A fixed key (a form's Ctrl-S).
    pub fn fixed(keys: &str, what: Msg) -> Hint {
        Hint {
            keys: keys.to_string(),
            what: Label::Msg(what),
        }
    }

    /// The hints for key-map actions, with the keys the map binds now;
    /// unbound actions are left out.
    pub fn actions(keys: &KeyMap, scope: Scope, actions: &[Action]) -> Vec<Hint> {
        Hint::labelled(keys, scope, actions, Action::describe)
    }

    /// As [`Hint::actions`], with the hint bar's shorter words.
    pub fn briefs(keys: &KeyMap, scope: Scope, actions: &[Action]) -> Vec<Hint> {
        Hint::labelled(keys, scope, actions, Action::brief)
    }

    fn labelled(
        keys: &KeyMap,
        scope: Scope,
        actions: &[Action],
        say: fn(Action) -> Msg,
    ) -> Vec<Hint> {
        actions
            .iter()
            .filter_map(|a| {
                let label = keys.label(scope, *a);
                (!label.is_empty()).then(|| Hint {
                    keys: label,
                    what: Label::Msg(say(*a)),
                })
            })
            .collect()
    }
}
