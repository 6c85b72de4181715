//! Steps on a visit: mark done (outcome, people reached), cancel (reason),
//! reschedule (keeps the history in the audit trail); at a done visit,
//! record an open-door evaluation and raise issues linked to it.

use crate::config::categories::SetId;
use crate::domain::visit::{allowed_steps, Evaluation, Visit, VisitStep, VisitStepKind};
use crate::domain::StepName;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::{Field, Fields, Form, Record, Saved};
use crate::tui::kit::menu::{derived, Opened, Step};
use crate::tui::kit::overlay::Changes;
use crate::tui::shell::context::Ctx;
use anyhow::Result;

/// The letter that picks a step in the menu.
fn letter(k: VisitStepKind) -> char {
    match k {
        VisitStepKind::Complete => 'd',
        VisitStepKind::Cancel => 'c',
        VisitStepKind::Reschedule => 'r',
        VisitStepKind::Evaluate => 'v',
        VisitStepKind::RaiseIssue => 'i',
    }
}

/// The menu of the steps the domain allows `visit` now.
pub fn menu_of(visit: &Visit, lang: Lang) -> Vec<Step> {
    derived(
        allowed_steps(visit),
        lang,
        letter,
        VisitStepKind::label,
        StepName::Visit,
    )
}

/// The steps the stored visit `id` allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    Ok(menu_of(&store.visit(id)?.record, lang))
}

/// Starts step `step`: each opens a form for its values.
pub fn open(id: i64, step: VisitStepKind, ctx: &mut Ctx) -> Result<Opened> {
    match step {
        VisitStepKind::Evaluate => return Ok(Opened::Form(evaluation(id, ctx))),
        VisitStepKind::RaiseIssue => {
            return Ok(Opened::Form(crate::tui::issues::form::raise_from_visit(
                ctx, id,
            )?))
        }
        _ => {}
    }
    let s = ctx.store.visit(id)?;
    let record = Box::new(VisitStepForm {
        id,
        version: s.version,
        step,
    });
    let (title, fields) = match step {
        VisitStepKind::Complete => (
            Msg::StepVisitDone,
            [
                Field::text("outcome", Msg::FieldOutcome, ""),
                Field::number("people_reached", Msg::FieldPeopleReached, Some(1), true),
                // Done early: the day it was done, and the visit moves there.
                Field::date(
                    "date",
                    Msg::FieldDoneOn,
                    Some(s.record.date.min(ctx.today)),
                    true,
                ),
            ]
            .into_iter()
            .chain(super::form::handout_fields(&s.record))
            .collect(),
        ),
        VisitStepKind::Cancel => (
            Msg::StepVisitCancel,
            vec![Field::text("reason", Msg::FieldReason, "")],
        ),
        VisitStepKind::Reschedule | VisitStepKind::Evaluate | VisitStepKind::RaiseIssue => (
            Msg::StepVisitReschedule,
            vec![
                // Never into the past: an overdue visit offers today.
                Field::date(
                    "date",
                    Msg::FieldDate,
                    Some(s.record.date.max(ctx.today)),
                    true,
                ),
                Field::time("time", Msg::FieldTime, s.record.time),
            ],
        ),
    };
    Ok(Opened::Form(Form::new(title, ctx, fields, record)))
}

/// Saves one visit step at the version the form was opened with.
struct VisitStepForm {
    id: i64,
    version: i64,
    step: VisitStepKind,
}

impl Record for VisitStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let step = match self.step {
            VisitStepKind::Complete => VisitStep::Complete {
                outcome: f.text("outcome"),
                people_reached: f.number("people_reached").unwrap_or(0),
                on: f.date("date"),
                handouts: super::form::handouts_of(f)?,
            },
            VisitStepKind::Cancel => VisitStep::Cancel {
                reason: f.text("reason"),
            },
            _ => VisitStep::Reschedule {
                date: f.date("date").unwrap_or(ctx.today),
                time: f.time("time"),
            },
        };
        let s = ctx
            .store
            .visit_step(self.id, self.version, &step)
            .map_err(crate::tui::kit::form::field_first)?;
        let said = match step {
            VisitStep::Complete { .. } => Msg::DoneVisitDone,
            VisitStep::Cancel { .. } => Msg::DoneVisitCancelled,
            VisitStep::Reschedule { .. } => Msg::DoneVisitMoved,
        };
        let day = s.record.date;
        Ok(Saved::new(
            s.id,
            day.to_string(),
            Changes::VISITS | Changes::CARE | Changes::CASES,
        )
        .with_message(said.fill(ctx.lang, &[&day]))
        .select(crate::tui::registry::Target::Visit(s.id)))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.version = ctx.store.visit(self.id)?.version;
        Ok(())
    }
}

/// The open-door evaluation form: one rating per offered aspect (a digit
/// picks each), comments, then who (often not given).
fn evaluation(visit_id: i64, ctx: &Ctx) -> Form {
    let cats = ctx.store.categories();
    let aspects: Vec<String> = cats.keys(SetId::Aspect);
    let mut fields = Vec::new();
    for a in &aspects {
        let label = cats.label(SetId::Aspect, a, ctx.lang);
        fields.push(Field::category(RATINGS, Msg::FieldRating, SetId::Rating, "").titled(label));
    }
    fields.push(Field::text("comments", Msg::VisitComments, ""));
    fields.push(Field::line("respondent", Msg::VisitRespondent, ""));
    let record = Box::new(EvaluationForm { visit_id, aspects });
    Form::new(Msg::StepVisitEvaluate, ctx, fields, record)
}

/// The name of every rating field; the domain reports "ratings" errors.
const RATINGS: &str = "ratings";

/// Saves one evaluation of a visit.
struct EvaluationForm {
    visit_id: i64,
    /// The aspect of each rating field, in order.
    aspects: Vec<String>,
}

impl Record for EvaluationForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let ratings = self
            .aspects
            .iter()
            .cloned()
            .zip(f.each_key(RATINGS))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let e = Evaluation {
            respondent: f.text("respondent"),
            ratings,
            comments: f.text("comments"),
        };
        let id = ctx
            .store
            .add_evaluation(self.visit_id, &e)
            .map_err(crate::tui::kit::form::field_first)?;
        Ok(Saved::new(id, e.respondent, Changes::VISITS))
    }
}
