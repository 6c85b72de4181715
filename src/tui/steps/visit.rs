//! Steps on a visit: mark done (outcome, people reached), cancel (reason),
//! reschedule (keeps the history in the audit trail).

use super::{Opened, Step};
use crate::domain::visit::{VisitStatus, VisitStep};
use crate::lang::Lang;
use crate::store::{Store, StoreError};
use crate::tui::form::{Ctx, Field, Fields, Form, Record, Saved};
use crate::tui::msg::Msg;
use anyhow::Result;

/// The steps the visit allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    let v = store.visit(id)?.record;
    Ok(match v.status {
        VisitStatus::Planned => vec![
            Step::new('d', Msg::StepVisitDone, lang, "done"),
            Step::new('c', Msg::StepVisitCancel, lang, "cancel"),
            Step::new('r', Msg::StepVisitReschedule, lang, "reschedule"),
        ],
        VisitStatus::Done { .. } | VisitStatus::Cancelled { .. } => Vec::new(),
    })
}

/// Starts step `step`: each opens a form for its values.
pub fn open(id: i64, step: &'static str, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.visit(id)?;
    let record = Box::new(VisitStepForm {
        id,
        version: s.version,
        step,
    });
    let (title, fields) = match step {
        "done" => (
            Msg::StepVisitDone,
            vec![
                Field::text("outcome", Msg::FieldOutcome, ""),
                Field::number("people_reached", Msg::FieldPeopleReached, Some(1), true),
            ],
        ),
        "cancel" => (
            Msg::StepVisitCancel,
            vec![Field::text("reason", Msg::FieldReason, "")],
        ),
        "reschedule" => (
            Msg::StepVisitReschedule,
            vec![
                Field::date("date", Msg::FieldDate, Some(s.record.date), true),
                Field::time("time", Msg::FieldTime, s.record.time),
            ],
        ),
        other => anyhow::bail!("unknown visit step {other}"),
    };
    Ok(Opened::Form(Form::new(title, ctx, fields, record)))
}

/// Saves one visit step at the version the form was opened with.
struct VisitStepForm {
    id: i64,
    version: i64,
    step: &'static str,
}

impl Record for VisitStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let step = match self.step {
            "done" => VisitStep::Complete {
                outcome: f.text("outcome"),
                people_reached: f.number("people_reached").unwrap_or(0),
            },
            "cancel" => VisitStep::Cancel {
                reason: f.text("reason"),
            },
            _ => VisitStep::Reschedule {
                date: f.date("date").unwrap_or(ctx.today),
                time: f.time("time"),
            },
        };
        let s = ctx.store.visit_step(self.id, self.version, &step)?;
        Ok(Saved {
            id: s.id,
            name: s.record.date.to_string(),
        })
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.version = ctx.store.visit(self.id)?.version;
        Ok(())
    }
}
