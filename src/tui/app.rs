//! The application state and its update step: a key press becomes an
//! action through the key map; the update applies it through the domain
//! and the store; drawing (see `ui`) only reads this state.

use super::batch::{self, Batch};
use super::detail::{self, Detail};
use super::form::{self, Done, Form};
use super::keys::{Action, Key, KeyMap, Scope};
use super::panes::calendar::CalendarPane;
use super::panes::care::CarePane;
use super::panes::issues::IssuesPane;
use super::panes::mediation::MediationPane;
use super::panes::today::TodayPane;
use super::panes::{Effect, Env, NewKind, Pane, Target, View};
use super::steps;
use super::theme::Theme;
use super::widgets::picker::{Outcome, Picker};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Overdue, Store};
use anyhow::Result;
use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// The panes in tab order.
pub const PANES: [Msg; 5] = [
    Msg::PaneToday,
    Msg::PaneCalendar,
    Msg::PaneIssues,
    Msg::PaneMediation,
    Msg::PaneCare,
];

/// What sits over the panes, if anything.
pub enum Overlay {
    Help,
    /// The command palette and the actions its items stand for.
    Palette(Picker, Vec<Action>),
    /// The `/` prompt.
    Search(Input),
    /// The pane's filter menu.
    Filter(Picker),
    Detail(Detail),
    /// The step menu of a record.
    Steps(steps::Menu),
    /// A form creating or editing a record.
    Form(Box<Form>),
    /// The festival batch: its form, then the proposed visits.
    Batch(Box<Batch>),
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Everything the workbench knows.
pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub today: NaiveDate,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub current: usize,
    pub today_pane: TodayPane,
    pub calendar: CalendarPane,
    pub issues: IssuesPane,
    pub mediation: MediationPane,
    pub care: CarePane,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    /// Officer names by id, and in name order for pickers.
    pub officers: HashMap<i64, String>,
    pub officer_list: Vec<(i64, String)>,
    /// The officer the OS user maps to.
    pub me: Option<(i64, String)>,
    pub overdue: Overdue,
    pub quit: bool,
    /// The record view to show again when the form opened from it closes.
    detail_after: Option<Target>,
    data_version: i64,
    last_poll: Instant,
    /// Test-only: F12 panics when DOORSTEP_TEST_PANIC is set.
    panic_key: bool,
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
            current: 0,
            today_pane: TodayPane::default(),
            calendar: CalendarPane::default(),
            issues: IssuesPane::default(),
            mediation: MediationPane::default(),
            care: CarePane::default(),
            overlay: None,
            status: None,
            officers: HashMap::new(),
            officer_list: Vec::new(),
            me: None,
            overdue: Overdue::default(),
            quit: false,
            detail_after: None,
            last_poll: Instant::now(),
            panic_key: std::env::var_os("DOORSTEP_TEST_PANIC").is_some(),
        };
        app.reload_all()?;
        Ok(app)
    }

    /// Re-reads officers, counts and every pane.
    pub fn reload_all(&mut self) -> Result<()> {
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
        self.today_pane.reload(&env)?;
        self.calendar.reload(&env)?;
        self.issues.reload(&env)?;
        self.mediation.reload(&env)?;
        self.care.reload(&env)?;
        Ok(())
    }

    /// The pane on screen.
    pub fn pane(&self) -> &dyn Pane {
        match self.current {
            0 => &self.today_pane,
            1 => &self.calendar,
            2 => &self.issues,
            3 => &self.mediation,
            _ => &self.care,
        }
    }

    /// The pane on screen, its environment, for an update.
    fn pane_env(&mut self) -> (&mut dyn Pane, Env<'_>) {
        let env = Env {
            store: &self.store,
            today: self.today,
            lang: self.lang,
            me: self.me.as_ref().map(|m| m.0),
        };
        // (Env borrows the store, the pane is a disjoint field.)
        let pane: &mut dyn Pane = match self.current {
            0 => &mut self.today_pane,
            1 => &mut self.calendar,
            2 => &mut self.issues,
            3 => &mut self.mediation,
            _ => &mut self.care,
        };
        (pane, env)
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

    pub fn scope(&self) -> Scope {
        self.pane().scope()
    }

    /// Shows a message in the status bar.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Handles one key press; errors become status messages, never crashes.
    pub fn on_key(&mut self, key: KeyEvent) {
        if self.panic_key && key.code == KeyCode::F(12) {
            panic!("test panic requested with F12");
        }
        if let Err(e) = self.dispatch_key(key) {
            self.say(crate::explain::error(&e, self.lang), true);
        }
    }

    fn dispatch_key(&mut self, key: KeyEvent) -> Result<()> {
        let action = self.keymap.action(self.scope(), Key::from_event(&key));
        if self.overlay.is_some() {
            return self.overlay_key(key, action);
        }
        match action {
            Some(a) => self.act(a),
            None => Ok(()),
        }
    }

    /// Applies an action with no overlay open.
    pub fn act(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Palette => self.open_palette(),
            Action::Pane(n) => self.current = usize::from(n.clamp(1, 5)) - 1,
            Action::NextPane => self.current = (self.current + 1) % PANES.len(),
            Action::PrevPane => self.current = (self.current + PANES.len() - 1) % PANES.len(),
            Action::Search => {
                let text = self.pane().search_text().to_string();
                self.overlay = Some(Overlay::Search(Input::new(text)));
            }
            Action::Steps => {
                let target = self.pane().target();
                self.open_steps(target)?;
            }
            Action::History => {
                let target = self.pane().target();
                self.open_history(target)?;
            }
            Action::Filter => {
                let officers = self.officer_list.clone();
                let (pane, env) = self.pane_env();
                if let Some(labels) = pane.filter_menu(&env, &officers) {
                    let hint = Msg::PickerHint.text(self.lang);
                    self.overlay = Some(Overlay::Filter(Picker::new(
                        Msg::Filter.text(self.lang),
                        hint,
                        labels,
                    )));
                }
            }
            Action::NewEntry => self.apply(Effect::New(NewKind::Entry))?,
            Action::Batch => {
                let b = Batch::new(&self.form_ctx())?;
                self.overlay = Some(Overlay::Batch(Box::new(b)));
            }
            other => {
                if other == Action::Back {
                    // Esc first dismisses a message, and the pane may back
                    // out of an inner focus (the calendar's agenda).
                    self.status = None;
                }
                let (pane, env) = self.pane_env();
                let effect = pane.handle(other, &env)?;
                self.apply(effect)?;
            }
        }
        Ok(())
    }

    /// Carries out what a pane asked for (public so tests can open forms).
    pub fn apply(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::None => {}
            Effect::Status(s) => self.say(s, false),
            Effect::Open(target) => {
                let d = detail::load(&self.store, target, &self.view())?;
                self.overlay = Some(Overlay::Detail(d));
            }
            Effect::New(kind) => {
                let f = form::new(kind, &self.form_ctx());
                self.overlay = Some(Overlay::Form(Box::new(f)));
            }
            Effect::Edit(target) => {
                let f = form::edit(target, &self.form_ctx())?;
                self.overlay = Some(Overlay::Form(Box::new(f)));
            }
        }
        Ok(())
    }

    /// What a form works with.
    fn form_ctx(&mut self) -> form::Ctx<'_> {
        form::Ctx {
            store: &mut self.store,
            lang: self.lang,
            today: self.today,
            officers: &self.officer_list,
            me: self.me.as_ref().map(|m| m.0),
        }
    }

    /// Opens the step menu of `target`, or says why there is none.
    fn open_steps(&mut self, target: Option<Target>) -> Result<()> {
        let Some(target) = target else {
            self.say(Msg::NothingSelected.text(self.lang), true);
            return Ok(());
        };
        let list = steps::menu(&self.store, target, self.lang)?;
        if list.is_empty() {
            self.say(Msg::NoSteps.text(self.lang), false);
            return Ok(());
        }
        let title = Msg::StepsTitle.text(self.lang).to_string();
        self.overlay = Some(Overlay::Steps(steps::Menu::new(target, title, list)));
        Ok(())
    }

    /// Runs a picked step: its form, or the step itself when it needs no
    /// values.
    fn start_step(&mut self, target: Target, id: &'static str) -> Result<()> {
        match steps::open(target, id, &mut self.form_ctx())? {
            steps::Opened::Form(f) => self.overlay = Some(Overlay::Form(Box::new(f))),
            steps::Opened::Done(message) => {
                self.reload_all()?;
                self.say(message, false);
                self.reopen_detail()?;
            }
        }
        Ok(())
    }

    /// Opens the history of the person or place behind `target`.
    fn open_history(&mut self, target: Option<Target>) -> Result<()> {
        let Some(target) = target else {
            self.say(Msg::NothingSelected.text(self.lang), true);
            return Ok(());
        };
        match steps::person_of(&self.store, target)? {
            Some(entry) => self.apply(Effect::Open(Target::Entry(entry))),
            None => {
                self.say(Msg::NoPerson.text(self.lang), false);
                Ok(())
            }
        }
    }

    /// Shows again the record view a step or edit form was opened from,
    /// read afresh so the change shows.
    fn reopen_detail(&mut self) -> Result<()> {
        if let Some(target) = self.detail_after.take() {
            self.apply(Effect::Open(target))?;
        }
        Ok(())
    }

    fn open_palette(&mut self) {
        let scope = self.scope();
        let actions = self.keymap.reachable(scope);
        let labels = actions
            .iter()
            .map(|a| a.describe().text(self.lang).to_string())
            .collect();
        let notes = actions
            .iter()
            .map(|a| self.keymap.label(scope, *a))
            .collect();
        let picker = Picker::new(
            Msg::PaletteTitle.text(self.lang),
            Msg::PickerHint.text(self.lang),
            labels,
        )
        .with_notes(notes);
        self.overlay = Some(Overlay::Palette(picker, actions));
    }

    fn overlay_key(&mut self, key: KeyEvent, action: Option<Action>) -> Result<()> {
        let Some(overlay) = self.overlay.take() else {
            return Ok(());
        };
        match overlay {
            Overlay::Help | Overlay::Detail(_) if matches!(action, Some(Action::Quit)) => {
                self.quit = true
            }
            Overlay::Help => {
                if !matches!(action, Some(Action::Back | Action::Help)) {
                    self.overlay = Some(Overlay::Help);
                }
            }
            Overlay::Detail(d) if matches!(action, Some(Action::Edit)) => {
                self.detail_after = Some(d.target);
                self.apply(Effect::Edit(d.target))?
            }
            Overlay::Detail(d) if matches!(action, Some(Action::Steps)) => {
                self.detail_after = Some(d.target);
                self.open_steps(Some(d.target))?;
                if self.overlay.is_none() {
                    // No step open: stay on the record.
                    self.reopen_detail()?;
                }
            }
            Overlay::Detail(d) if matches!(action, Some(Action::History)) => {
                self.open_history(Some(d.target))?;
                if self.overlay.is_none() {
                    self.overlay = Some(Overlay::Detail(d));
                }
            }
            Overlay::Steps(mut m) => match m.key(key, action) {
                steps::Pick::Open => self.overlay = Some(Overlay::Steps(m)),
                steps::Pick::Cancelled => self.reopen_detail()?,
                steps::Pick::Picked(id) => self.start_step(m.target, id)?,
            },
            Overlay::Detail(mut d) => {
                if !matches!(action, Some(Action::Back)) {
                    d.scroll(action);
                    self.overlay = Some(Overlay::Detail(d));
                }
            }
            Overlay::Palette(mut p, actions) => match p.key(key, action) {
                Outcome::Open => self.overlay = Some(Overlay::Palette(p, actions)),
                Outcome::Cancelled => {}
                Outcome::Picked(i) => {
                    if let Some(a) = i.first().and_then(|i| actions.get(*i)) {
                        self.act(*a)?;
                    }
                }
            },
            Overlay::Filter(mut p) => match p.key(key, action) {
                Outcome::Open => self.overlay = Some(Overlay::Filter(p)),
                Outcome::Cancelled => {}
                Outcome::Picked(i) => {
                    let (pane, env) = self.pane_env();
                    let effect = pane.choose(i[0], &env)?;
                    self.apply(effect)?;
                }
            },
            // Forms take every key: `q` is a letter there; Ctrl-C quits
            // (asking first when input would be lost).
            Overlay::Form(mut f) => match f.key(key, &mut self.form_ctx()) {
                Done::Open => self.overlay = Some(Overlay::Form(f)),
                Done::Cancelled => self.reopen_detail()?,
                Done::Quit => self.quit = true,
                Done::Saved(_) => {
                    self.reload_all()?;
                    self.say(Msg::Saved.text(self.lang), false);
                    self.reopen_detail()?;
                }
            },
            Overlay::Batch(mut b) => match b.key(key, action, &mut self.form_ctx()) {
                batch::Reply::Open => self.overlay = Some(Overlay::Batch(b)),
                batch::Reply::Cancelled(message) => self.say(message, false),
                batch::Reply::Created(message) => {
                    self.reload_all()?;
                    self.say(message, false);
                }
                batch::Reply::Quit => self.quit = true,
            },
            Overlay::Search(mut input) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let (pane, env) = self.pane_env();
                    let effect = pane.search(input.value(), &env)?;
                    self.apply(effect)?;
                }
                _ => {
                    input.handle_event(&Event::Key(key));
                    self.overlay = Some(Overlay::Search(input));
                }
            },
        }
        Ok(())
    }

    /// Bracketed paste goes to whatever takes text.
    pub fn on_paste(&mut self, text: &str) {
        match self.overlay.take() {
            Some(Overlay::Form(mut f)) => {
                f.paste(text, &mut self.form_ctx());
                self.overlay = Some(Overlay::Form(f));
                return;
            }
            Some(Overlay::Batch(mut b)) => {
                b.paste(text, &mut self.form_ctx());
                self.overlay = Some(Overlay::Batch(b));
                return;
            }
            other => self.overlay = other,
        }
        match &mut self.overlay {
            Some(Overlay::Search(input)) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    input.handle(tui_input::InputRequest::InsertChar(c));
                }
            }
            Some(Overlay::Palette(p, _)) | Some(Overlay::Filter(p)) => p.paste(text),
            _ => {}
        }
    }

    /// Called when idle: picks up other coordinators' commits (at most once
    /// a second). True when something changed and needs a redraw.
    pub fn poll_changes(&mut self) -> bool {
        if self.last_poll.elapsed() < Duration::from_secs(1) {
            return false;
        }
        self.last_poll = Instant::now();
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                match self.reload_all() {
                    Ok(()) => self.say(Msg::ChangedElsewhere.text(self.lang), false),
                    Err(e) => self.say(crate::explain::error(&e, self.lang), true),
                }
                true
            }
            _ => false,
        }
    }
}
