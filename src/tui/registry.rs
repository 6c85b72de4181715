//! The registry of record kinds: the one place that matches on the kind of
//! a record. Opening a record's view, its step menu, a step, its edit form,
//! a new record's form and the person behind a record all start here, and
//! each arm hands over to the kind's own folder. A new record kind is one
//! folder and one arm in each function below.

use crate::domain::StepName;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::report::Period;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::Form;
use crate::tui::kit::menu::{Menu, Opened, Step};
use crate::tui::kit::overlay::{Changes, Overlay, Transition};
use crate::tui::kit::pane::Pane;
use crate::tui::kit::record_view::Detail;
use crate::tui::shell::context::{Ctx, View};
use crate::tui::{care, directory, issues, mediation, report, today, visits};
use anyhow::Result;
use chrono::NaiveDate;

/// A record a line can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Visit(i64),
    Issue(i64),
    Case(i64),
    Care(i64),
    Entry(i64),
}

impl Target {
    /// The record's id within its kind.
    pub fn id(self) -> i64 {
        match self {
            Target::Visit(id)
            | Target::Issue(id)
            | Target::Case(id)
            | Target::Care(id)
            | Target::Entry(id) => id,
        }
    }
}

/// Kinds of record a form can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Visit(NaiveDate),
    Issue,
    Case,
    Care,
    Entry,
    /// Not a record: the Report pane's form for an exact period.
    Period(Period),
}

/// The panes, in tab order (keys `1`–`6`).
pub fn panes() -> Vec<Box<dyn Pane>> {
    vec![
        Box::new(today::pane::TodayPane::default()),
        Box::new(visits::calendar::CalendarPane::default()),
        Box::new(issues::pane::IssuesPane::default()),
        Box::new(mediation::pane::MediationPane::default()),
        Box::new(care::pane::CarePane::default()),
        Box::new(report::pane::ReportPane::default()),
    ]
}

/// Reads the view of `target`.
pub fn load_view(target: Target, store: &Store, view: &View) -> Result<Detail> {
    match target {
        Target::Issue(id) => issues::view::load(store, id, view),
        Target::Visit(id) => visits::view::load(store, id, view),
        Target::Case(id) => mediation::view::load(store, id, view),
        Target::Care(id) => care::view::load(store, id, view),
        Target::Entry(id) => directory::view::load(store, id, view),
    }
}

/// The record view of `target`, ready for the stack.
pub fn view(target: Target, ctx: &Ctx) -> Result<Box<dyn Overlay>> {
    Ok(Box::new(load_view(target, ctx.store, &ctx.view())?))
}

/// The steps `target` allows now, labelled in `lang`.
pub fn steps(store: &Store, target: Target, lang: Lang) -> Result<Vec<Step>> {
    match target {
        Target::Visit(id) => visits::steps::menu(store, id, lang),
        Target::Issue(id) => issues::steps::menu(store, id, lang),
        Target::Case(id) => mediation::steps::menu(store, id, lang),
        Target::Care(id) => care::steps::menu(store, id, lang),
        Target::Entry(id) => directory::steps::menu(store, id, lang),
    }
}

/// Opens the step menu of `target`, or says why there is none.
pub fn steps_menu(target: Option<Target>, ctx: &Ctx) -> Result<Transition> {
    let Some(target) = target else {
        return Ok(Transition::refuse(Msg::NothingSelected.text(ctx.lang)));
    };
    let list = steps(ctx.store, target, ctx.lang)?;
    if list.is_empty() {
        return Ok(Transition::refuse(Msg::NoSteps.text(ctx.lang)));
    }
    let title = Msg::StepsTitle.text(ctx.lang).to_string();
    Ok(Transition::Push(Box::new(Menu::new(target, title, list))))
}

/// Starts `step` on `target`: its form, or the step done at once.
pub fn start_step(target: Target, step: StepName, ctx: &mut Ctx) -> Result<Opened> {
    match (target, step) {
        (Target::Visit(t), StepName::Visit(k)) => visits::steps::open(t, k, ctx),
        (Target::Issue(t), StepName::Issue(k)) => issues::steps::open(t, k, ctx),
        (Target::Case(t), StepName::Case(k)) => mediation::steps::open(t, k, ctx),
        (Target::Care(t), StepName::Care(k)) => care::steps::open(t, k, ctx),
        (Target::Entry(t), StepName::Entry(k)) => directory::steps::open(t, k, ctx),
        _ => anyhow::bail!("{step:?} is not a step of {target:?}"),
    }
}

/// The kinds of record a step on `target` may write: a visit done moves a
/// care entry's last visit and may hold a session; a session or care visit
/// writes a visit.
pub fn changes(target: Target) -> Changes {
    match target {
        Target::Visit(_) => Changes::VISITS | Changes::CARE | Changes::CASES,
        Target::Issue(_) => Changes::ISSUES,
        Target::Case(_) => Changes::CASES | Changes::VISITS,
        Target::Care(_) => Changes::CARE | Changes::VISITS,
        // A merge moves records of every kind to another entry.
        Target::Entry(_) => Changes::ALL,
    }
}

/// The directory entry behind a record: the person visited, who raised an
/// issue, the first party of a case with an entry, the person cared for.
pub fn person_of(store: &Store, target: Target) -> Result<Option<i64>> {
    Ok(match target {
        Target::Visit(id) => store.visit(id)?.record.target_id,
        Target::Issue(id) => store.issue(id)?.record.issue.raiser_id,
        Target::Case(id) => store
            .case(id)?
            .record
            .parties
            .iter()
            .find_map(|p| p.entry_id),
        Target::Care(id) => Some(store.care(id)?.record.entry.person_id),
        Target::Entry(id) => Some(id),
    })
}

/// Opens the history of the person or place behind `target`.
pub fn history(target: Option<Target>, ctx: &Ctx) -> Result<Transition> {
    let Some(target) = target else {
        return Ok(Transition::refuse(Msg::NothingSelected.text(ctx.lang)));
    };
    Ok(match person_of(ctx.store, target)? {
        Some(entry) => Transition::Push(view(Target::Entry(entry), ctx)?),
        None => Transition::refuse(Msg::NoPerson.text(ctx.lang)),
    })
}

/// The festival batch planner.
pub fn batch(ctx: &Ctx) -> Result<Transition> {
    Ok(Transition::Push(Box::new(care::batch::Batch::new(ctx)?)))
}

/// A form for a new record of `kind`.
pub fn new_form(kind: NewKind, ctx: &Ctx) -> Form {
    match kind {
        NewKind::Visit(day) => visits::form::new(ctx, day),
        NewKind::Issue => issues::form::new(ctx),
        NewKind::Case => mediation::form::new(ctx),
        NewKind::Care => care::form::new(ctx),
        NewKind::Entry => directory::form::new(ctx, ""),
        NewKind::Period(p) => report::range::form(ctx, p),
    }
}

/// The form editing the stored record `target`, prefilled.
pub fn edit_form(target: Target, ctx: &Ctx) -> Result<Form, StoreError> {
    match target {
        Target::Visit(id) => visits::form::edit(ctx, id),
        Target::Issue(id) => issues::form::edit(ctx, id),
        Target::Entry(id) => directory::form::edit(ctx, id),
        Target::Care(id) => care::form::edit(ctx, id),
        Target::Case(id) => mediation::form::edit(ctx, id),
    }
}
