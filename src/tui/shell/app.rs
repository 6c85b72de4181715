//! The application state and its update step. A key press becomes an
//! action through the key map and goes to the top of the overlay stack;
//! with no overlay open it goes to the pane on screen. What comes back (a
//! [`Transition`] from an overlay, an [`Effect`] from a pane) is applied
//! here and only here. Drawing (`screen`) only reads this state.

use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Overdue, Store};
use crate::tui::kit::overlay::{Changes, Note, Overlay, Reply, Then, Transition};
use crate::tui::kit::pane::{Effect, Pane, SearchMode};
use crate::tui::registry::{self, NewKind, Target};
use crate::tui::shell::context::{Ctx, Env, View};
use crate::tui::shell::help::Help;
use crate::tui::shell::keys::{Action, Key, KeyMap, Scope};
use crate::tui::shell::prompt::{Choice, SearchPrompt};
use crate::tui::shell::theme::Theme;
use anyhow::Result;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A message in the status bar.
pub type Status = Note;

/// Everything the workbench knows.
pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub today: NaiveDate,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// The panes in tab order, from the registry.
    pub panes: Vec<Box<dyn Pane>>,
    pub current: usize,
    /// Everything open over the panes, bottom first.
    pub stack: Vec<Box<dyn Overlay>>,
    pub status: Option<Status>,
    /// Officer names by id, and in name order for pickers.
    pub officers: HashMap<i64, String>,
    pub officer_list: Vec<(i64, String)>,
    /// The officer the OS user maps to.
    pub me: Option<(i64, String)>,
    pub overdue: Overdue,
    pub quit: bool,
    /// The terminal is below the smallest size: nothing is drawn but the
    /// notice, so keys other than quit are not taken.
    pub too_small: bool,
    data_version: i64,
    last_poll: Instant,
    /// Test-only: F12 panics when DOORSTEP_TEST_PANIC is set.
    panic_key: bool,
}

/// Builds an overlay context from the app's fields, leaving the stack and
/// the panes free to borrow (a macro, because a method would borrow all
/// of `self`).
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            store: &mut $app.store,
            lang: $app.lang,
            today: $app.today,
            officers: &$app.officer_list,
            names: &$app.officers,
            me: $app.me.as_ref().map(|m| m.0),
            theme: &$app.theme,
            keymap: &$app.keymap,
            scope: $app.panes[$app.current].scope(),
        }
    };
}

impl App {
    /// Builds the app and loads the first pages of every pane.
    pub fn new(
        store: Store,
        lang: Lang,
        today: NaiveDate,
        keymap: KeyMap,
        theme: Theme,
    ) -> Result<App> {
        let mut store = store;
        store.set_today(today);
        let mut app = App {
            data_version: store.data_version()?,
            store,
            lang,
            today,
            keymap,
            theme,
            panes: registry::panes(),
            current: 0,
            stack: Vec::new(),
            status: None,
            officers: HashMap::new(),
            officer_list: Vec::new(),
            me: None,
            overdue: Overdue::default(),
            quit: false,
            too_small: false,
            last_poll: Instant::now(),
            panic_key: std::env::var_os("DOORSTEP_TEST_PANIC").is_some(),
        };
        app.reload(Changes::ALL)?;
        Ok(app)
    }

    /// Re-reads officers, counts and the panes that show `changes`, each
    /// keeping its cursor and window; open record views read again.
    pub fn reload(&mut self, changes: Changes) -> Result<()> {
        let officers = self.store.officers()?;
        self.officer_list = officers
            .iter()
            .map(|o| (o.id, o.record.name.clone()))
            .collect();
        self.officers = self.officer_list.iter().cloned().collect();
        self.me = self.store.current_officer()?.map(|o| (o.id, o.record.name));
        self.overdue = self.store.overdue(self.today)?;
        let env = Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        };
        for pane in self.panes.iter_mut().filter(|p| p.shows().touches(changes)) {
            pane.reload(&env)?;
        }
        let ctx = ctx!(self);
        for overlay in &mut self.stack {
            overlay.refresh(&ctx)?;
        }
        Ok(())
    }

    /// The pane on screen.
    pub fn pane(&self) -> &dyn Pane {
        self.panes[self.current].as_ref()
    }

    /// The pane of type `P` (tests look at a pane's state this way).
    pub fn pane_of<P: Pane>(&self) -> &P {
        self.panes
            .iter()
            .find_map(|p| (**p).as_any().downcast_ref::<P>())
            .expect("every pane type is registered")
    }

    /// The pane of type `P`, to change.
    pub fn pane_of_mut<P: Pane>(&mut self) -> &mut P {
        self.panes
            .iter_mut()
            .find_map(|p| (**p).as_any_mut().downcast_mut::<P>())
            .expect("every pane type is registered")
    }

    /// The top overlay when it is of type `O`.
    pub fn top<O: Overlay>(&self) -> Option<&O> {
        (**self.stack.last()?).as_any().downcast_ref::<O>()
    }

    /// The topmost overlay of type `O` anywhere on the stack (a form under
    /// its open picker).
    pub fn find<O: Overlay>(&self) -> Option<&O> {
        self.stack
            .iter()
            .rev()
            .find_map(|o| (**o).as_any().downcast_ref::<O>())
    }

    /// What a pane reads with.
    pub fn env(&self) -> Env<'_> {
        Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        }
    }

    /// What drawing needs.
    pub fn view(&self) -> View<'_> {
        View {
            lang: self.lang,
            theme: &self.theme,
            cats: self.store.categories(),
            today: self.today,
            officers: &self.officers,
        }
    }

    /// The bindings in force: the pane's.
    pub fn scope(&self) -> Scope {
        self.pane().scope()
    }

    /// Shows a message in the status bar.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Note {
            text: text.into(),
            error,
        });
    }

    /// Handles one key press; errors become status messages, never crashes.
    pub fn on_key(&mut self, key: KeyEvent) {
        if self.panic_key && key.code == KeyCode::F(12) {
            panic!("test panic requested with F12");
        }
        let action = self.keymap.action(self.scope(), Key::from_event(&key));
        if self.too_small {
            // Nothing to see: a key must not change a hidden form.
            let ctrl_c =
                key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            if ctrl_c || action == Some(Action::Quit) && self.stack.is_empty() {
                self.quit = true;
            }
            return;
        }
        // A message is read once: the next key clears it.
        self.status = None;
        // F1 is help everywhere, forms included (where `?` is a letter).
        if key.code == KeyCode::F(1) {
            if let Err(e) = self.global(Action::Help) {
                self.say(crate::explain::error(&e, self.lang), true);
            }
            return;
        }
        let result = match self.stack.is_empty() {
            true => action.map_or(Ok(()), |a| self.act(a)),
            false => self.overlay_key(key, action),
        };
        if let Err(e) = result {
            self.say(crate::explain::error(&e, self.lang), true);
        }
    }

    /// Offers a key to the top overlay and applies its answer; a key it
    /// ignores may still be a global action (quit, help, palette).
    fn overlay_key(&mut self, key: KeyEvent, action: Option<Action>) -> Result<()> {
        let Some(mut top) = self.stack.pop() else {
            return Ok(());
        };
        let answer = top.key(key, action, &mut ctx!(self));
        self.stack.push(top);
        match answer? {
            Transition::Ignored => match action {
                Some(a @ (Action::Quit | Action::Help | Action::Palette)) => self.global(a),
                _ => Ok(()),
            },
            t => self.transition(t),
        }
    }

    /// Applies what the top overlay answered.
    fn transition(&mut self, t: Transition) -> Result<()> {
        match t {
            Transition::Stay | Transition::Ignored => {}
            Transition::Say(note) => self.status = Some(note),
            Transition::Apply(then) => self.then(then)?,
            Transition::Push(o) => self.stack.push(o),
            Transition::Replace(o) => {
                self.stack.pop();
                self.stack.push(o);
            }
            Transition::Pop(reply) => {
                self.stack.pop();
                self.closed(reply)?;
            }
            Transition::Quit => self.quit = true,
        }
        Ok(())
    }

    /// After an overlay closed: say what it said, reload what it changed,
    /// put the cursor on what it created, do what it asked next.
    fn closed(&mut self, reply: Reply) -> Result<()> {
        if let Some(note) = reply.note {
            self.status = Some(note);
        }
        // What the closed overlay hands to the one beneath it.
        if let Some(answer) = reply.answer {
            if let Some(mut top) = self.stack.pop() {
                let t = top.resume(answer, &mut ctx!(self));
                self.stack.push(top);
                self.transition(t?)?;
            }
        }
        if !reply.changed.is_empty() {
            self.reload(reply.changed)?;
        }
        if let Some(target) = reply.select {
            self.on_pane(|p, env| p.select(target, env).map(|_| Effect::None))?;
        }
        match reply.then {
            None => Ok(()),
            Some(then) => self.then(then),
        }
    }

    /// Work for the pane beneath an overlay.
    fn then(&mut self, then: Then) -> Result<()> {
        match then {
            Then::Act(a) => self.act(a),
            Then::Filter(i) => self.on_pane(|p, env| p.choose(i, env)),
            Then::Search(text) => self.on_pane(|p, env| p.search(&text, env)),
            Then::Period(period) => self.on_pane(|p, env| p.show_period(period, env)),
        }
    }

    /// Applies an action: to the top overlay when one is open (the
    /// palette's choice), else as a pane or global action.
    pub fn act(&mut self, action: Action) -> Result<()> {
        if !self.stack.is_empty() {
            let key = KeyEvent::new(KeyCode::Null, KeyModifiers::NONE);
            return self.overlay_key(key, Some(action));
        }
        let n = self.panes.len();
        match action {
            Action::Quit | Action::Help | Action::Palette => self.global(action)?,
            Action::Pane(k) => self.switch((usize::from(k.max(1)) - 1).min(n - 1))?,
            Action::NextPane => self.switch((self.current + 1) % n)?,
            Action::PrevPane => self.switch((self.current + n - 1) % n)?,
            Action::Search => match self.pane().search_mode() {
                SearchMode::Everything => {
                    let everything = crate::tui::today::search::SearchAll::new(self.lang);
                    self.stack.push(Box::new(everything));
                }
                mode => {
                    let text = self.pane().search_text().to_string();
                    let live = mode == SearchMode::Narrow;
                    self.stack.push(Box::new(SearchPrompt::new(&text, live)));
                }
            },
            Action::Steps => {
                let target = self.pane().target();
                let t = registry::steps_menu(target, &ctx!(self))?;
                self.transition(t)?;
            }
            Action::History => {
                let target = self.pane().target();
                let t = registry::history(target, &ctx!(self))?;
                self.transition(t)?;
            }
            Action::Filter => self.open_filter(),
            Action::NewEntry => self.effect(Effect::New(NewKind::Entry))?,
            Action::Batch => {
                let t = registry::batch(&ctx!(self))?;
                self.transition(t)?;
            }
            other => {
                if other == Action::Back {
                    // Esc first dismisses a message; the pane may back out
                    // of an inner focus (the calendar's agenda).
                    self.status = None;
                }
                self.on_pane(|p, env| p.handle(other, env))?;
            }
        }
        Ok(())
    }

    /// Puts pane `to` on screen, telling both panes (a pane that defers
    /// work while hidden catches up here, before it is drawn).
    fn switch(&mut self, to: usize) -> Result<()> {
        if to == self.current {
            return Ok(());
        }
        let env = Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        };
        self.panes[self.current].on_screen(false, &env)?;
        self.current = to;
        self.panes[to].on_screen(true, &env)
    }

    /// Quit, help and the palette: the same on a pane or over an overlay.
    fn global(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                let help = Help::new(self.stack.last().map(|o| o.as_ref()), self);
                self.stack.push(Box::new(help));
            }
            Action::Palette => {
                let palette = Choice::palette(self);
                self.stack.push(Box::new(palette));
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs `f` on the pane on screen and carries out what it asks.
    fn on_pane(&mut self, f: impl FnOnce(&mut dyn Pane, &Env) -> Result<Effect>) -> Result<()> {
        let env = Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        };
        let effect = f(self.panes[self.current].as_mut(), &env)?;
        self.effect(effect)
    }

    /// Carries out what a pane asked for (public so tests can open forms).
    pub fn effect(&mut self, effect: Effect) -> Result<()> {
        let overlay: Box<dyn Overlay> = match effect {
            Effect::None => return Ok(()),
            Effect::Status(s) => {
                self.say(s, false);
                return Ok(());
            }
            Effect::Open(target) => registry::view(target, &ctx!(self))?,
            Effect::New(kind) => Box::new(registry::new_form(kind, &ctx!(self))),
            Effect::Edit(target) => Box::new(registry::edit_form(target, &ctx!(self))?),
        };
        self.stack.push(overlay);
        Ok(())
    }

    /// Opens the pane's filter menu, if it has one.
    fn open_filter(&mut self) {
        let env = Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        };
        let labels = self.panes[self.current].filter_menu(&env, &self.officer_list);
        match labels {
            Some(labels) => self.stack.push(Box::new(Choice::filter(self.lang, labels))),
            None => self.say(Msg::NoFilter.text(self.lang), false),
        }
    }

    /// Bracketed paste goes to the top overlay.
    pub fn on_paste(&mut self, text: &str) {
        let Some(mut top) = self.stack.pop() else {
            return;
        };
        let t = top.paste(text, &mut ctx!(self));
        self.stack.push(top);
        if let Err(e) = self.transition(t) {
            self.say(crate::explain::error(&e, self.lang), true);
        }
    }

    /// Called when idle: picks up other coordinators' commits (at most once
    /// a second). True when something changed and needs a redraw. Every
    /// list keeps its cursor and window (see `Pane::reload`).
    pub fn poll_changes(&mut self) -> bool {
        if self.last_poll.elapsed() < Duration::from_secs(1) {
            return false;
        }
        self.last_poll = Instant::now();
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                match self.reload(Changes::ALL) {
                    Ok(()) => self.say(Msg::ChangedElsewhere.text(self.lang), false),
                    Err(e) => self.say(crate::explain::error(&e, self.lang), true),
                }
                true
            }
            _ => false,
        }
    }

    /// Whether anything is open over the panes.
    pub fn overlay_open(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Opens the record view of `target` (tests, and the Today pane).
    pub fn open(&mut self, target: Target) -> Result<()> {
        self.effect(Effect::Open(target))
    }
}

impl App {
    /// Starts `step` on `target` as its menu would (tests drive steps
    /// this way): its form goes on the stack, or it is done.
    pub fn start_step(&mut self, target: Target, step: crate::domain::StepName) -> Result<()> {
        match registry::start_step(target, step, &mut ctx!(self))? {
            crate::tui::kit::menu::Opened::Form(f) => self.stack.push(Box::new(f)),
            crate::tui::kit::menu::Opened::Done(m) => {
                self.closed(Reply::default().say(m).changed(registry::changes(target)))?
            }
        }
        Ok(())
    }
}
