//! Steps on an issue: the closed loop of docs/ARCHITECTURE.md, "Issues". Assign (unit,
//! responsible person, deadline from the topic) → start rectifying → record
//! the measure → record the answer → record the rating; a dissatisfied
//! rating reopens the issue; an anonymous issue closes after its measure.
//! The menu offers only what the issue's state allows; the domain refuses
//! anything else, with its reason, and then nothing is written.

use crate::config::categories::SetId;
use crate::domain::issue::{
    allowed_steps, Answer, Assignment, Issue, IssueStatus, IssueStep, IssueStepKind, Measure,
};
use crate::domain::StepName;
use crate::domain::{FieldError, FieldId, Problem};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::field_first;
use crate::tui::kit::form::{step_form, Field, Fields, Record, Saved};
use crate::tui::kit::menu::{derived, Opened, Step};
use crate::tui::kit::overlay::Changes;
use crate::tui::shell::context::Ctx;
use anyhow::Result;

/// The letter that picks a step in the menu.
fn letter(k: IssueStepKind) -> char {
    match k {
        IssueStepKind::Assign | IssueStepKind::Reassign => 'a',
        IssueStepKind::Start => 'r',
        IssueStepKind::Measure => 'm',
        IssueStepKind::Answer => 'n',
        IssueStepKind::Rate => 't',
        IssueStepKind::CloseAnonymous => 'c',
        IssueStepKind::Verify => 'v',
        IssueStepKind::HandOver => 'h',
        IssueStepKind::HandoverReply => 'p',
    }
}

/// The menu of the steps the domain allows `issue` now.
pub fn menu_of(issue: &Issue, lang: Lang) -> Vec<Step> {
    derived(
        allowed_steps(issue),
        lang,
        letter,
        IssueStepKind::label,
        StepName::Issue,
    )
}

/// The steps the stored issue `id` allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    Ok(menu_of(&store.issue(id)?.record.issue, lang))
}

/// Starts step `step`: a form for its values, or at once when it needs
/// none (start rectifying, close an anonymous issue: dated today).
pub fn open(id: i64, step: IssueStepKind, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.issue(id)?;
    let i = &s.record.issue;
    let today = ctx.today;
    let at_once = |step: IssueStep, done: Msg, ctx: &mut Ctx| -> Result<Opened> {
        let r = ctx.store.issue_step(id, s.version, &step, today)?;
        Ok(Opened::Done(done.fill(ctx.lang, &[&r.record.reference])))
    };
    let (title, fields) = match step {
        IssueStepKind::Start => {
            let step = IssueStep::StartRectifying { on: today };
            return at_once(step, Msg::DoneRectifying, ctx);
        }
        IssueStepKind::CloseAnonymous => {
            let step = IssueStep::CloseAnonymous { on: today };
            return at_once(step, Msg::DoneClosedAnonymous, ctx);
        }
        IssueStepKind::Assign | IssueStepKind::Reassign => {
            let a = i.assignment.as_ref();
            let days = ctx.store.categories().deadline_days(&i.topic);
            let deadline = a.map_or(i.default_deadline(days, today), |a| a.deadline);
            let unit = a.map_or("", |a| a.unit.as_str());
            let title = match a {
                Some(_) => Msg::StepIssueReassign,
                None => Msg::StepIssueAssign,
            };
            let fields = vec![
                Field::category("unit", Msg::FieldUnit, SetId::Unit, unit),
                Field::officer(
                    "officer",
                    Msg::FieldResponsible,
                    a.map(|a| a.officer_id).or(ctx.me),
                ),
                Field::date("deadline", Msg::FieldDeadline, Some(deadline), true),
            ];
            (title, fields)
        }
        IssueStepKind::Measure => (
            Msg::StepIssueMeasure,
            vec![
                Field::text("measure", Msg::FieldMeasure, ""),
                Field::category("theme", Msg::FieldTheme, SetId::Theme, ""),
                Field::date("date", Msg::FieldDate, Some(today), true),
            ],
        ),
        IssueStepKind::Answer => (
            Msg::StepIssueAnswer,
            vec![
                Field::category("channel", Msg::FieldChannel, SetId::FeedbackChannel, ""),
                Field::text("answer", Msg::FieldAnswer, ""),
                Field::date("date", Msg::FieldDate, Some(today), true),
                Field::officer("officer", Msg::FieldAnsweredBy, ctx.me),
            ],
        ),
        IssueStepKind::Rate => (
            Msg::StepIssueRate,
            vec![
                Field::category("rating", Msg::FieldRating, SetId::Rating, ""),
                Field::date("date", Msg::FieldDate, Some(today), true),
                Field::text("reason", Msg::FieldRatingReason, ""),
            ],
        ),
        IssueStepKind::Verify => (
            Msg::StepIssueVerify,
            vec![
                Field::category(
                    "verification",
                    Msg::FieldVerification,
                    SetId::Verification,
                    i.verification.as_deref().unwrap_or(""),
                ),
                Field::date("date", Msg::FieldDate, Some(today), true),
                Field::text("note", Msg::CaseFieldNote, ""),
            ],
        ),
        IssueStepKind::HandOver => (
            Msg::StepIssueHandOver,
            vec![
                Field::category("department", Msg::FieldDepartment, SetId::Department, ""),
                Field::date("handed_on", Msg::FieldHandedOn, Some(today), true),
                Field::text("note", Msg::CaseFieldNote, ""),
            ],
        ),
        IssueStepKind::HandoverReply => (
            Msg::StepIssueHandoverReply,
            vec![
                Field::text("reply", Msg::FieldReply, ""),
                Field::date("date", Msg::FieldReplyOn, Some(today), true),
            ],
        ),
    };
    let record = Box::new(IssueStepForm {
        id,
        version: s.version,
        step,
    });
    Ok(step_form(&s.record.reference, title, ctx, fields, record))
}

/// Saves one step of the loop at the version the form was opened with.
struct IssueStepForm {
    id: i64,
    version: i64,
    step: IssueStepKind,
}

impl IssueStepForm {
    /// The step the form's values describe.
    fn build(&self, f: &Fields, ctx: &Ctx) -> Result<IssueStep, StoreError> {
        let date = f.date("date").unwrap_or(ctx.today);
        let officer = |name: &'static str| {
            f.officer(name).ok_or(StoreError::Invalid(FieldError::new(
                FieldId::from_key(name).unwrap_or(FieldId::Officer),
                Problem::Required,
            )))
        };
        Ok(match self.step {
            IssueStepKind::Assign | IssueStepKind::Reassign => IssueStep::Assign(Assignment {
                unit: f.key("unit"),
                officer_id: officer("officer")?,
                deadline: f.date("deadline").unwrap_or(ctx.today),
            }),
            IssueStepKind::Measure => {
                let theme = f.key("theme");
                IssueStep::Rectify(Measure {
                    text: f.text("measure"),
                    theme: (!theme.is_empty()).then_some(theme),
                    on: date,
                })
            }
            IssueStepKind::Answer => IssueStep::Answer(Answer {
                channel: f.key("channel"),
                on: date,
                by: officer("officer")?,
                text: f.text("answer"),
            }),
            IssueStepKind::Verify => IssueStep::Verify {
                result: f.key("verification"),
                on: date,
                note: f.text("note"),
            },
            IssueStepKind::HandOver => IssueStep::HandOver {
                department: f.key("department"),
                on: f.date("handed_on").unwrap_or(ctx.today),
                note: f.text("note"),
            },
            IssueStepKind::HandoverReply => IssueStep::HandoverReply {
                reply: f.text("reply"),
                on: date,
            },
            _ => IssueStep::Rate {
                rating: f.key("rating"),
                on: date,
                reason: f.text("reason"),
            },
        })
    }
}

impl Record for IssueStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let step = self.build(f, ctx)?;
        let s = ctx
            .store
            .issue_step(self.id, self.version, &step, ctx.today)
            .map_err(field_first)?;
        // What the step led to (a rating either closes the issue or
        // reopens it), named by the issue's reference.
        let outcome = match (&step, s.record.issue.status) {
            (IssueStep::Rate { .. }, IssueStatus::Rectifying) => Msg::DoneReopened,
            (IssueStep::Rate { .. }, _) => Msg::DoneClosed,
            (IssueStep::Assign(_), _) => Msg::DoneAssigned,
            (IssueStep::Rectify(_), IssueStatus::Closed) => Msg::DoneClosedAnonymous,
            (IssueStep::Rectify(_), _) => Msg::DoneRectified,
            (IssueStep::Verify { .. }, _) => Msg::DoneVerified,
            (IssueStep::HandOver { .. }, _) => Msg::DoneHandedOver,
            (IssueStep::HandoverReply { .. }, _) => Msg::DoneHandoverReply,
            _ => Msg::DoneAnswered,
        };
        let reference = &s.record.reference;
        Ok(Saved::new(s.id, reference.clone(), Changes::ISSUES)
            .with_message(outcome.fill(ctx.lang, &[reference])))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.version = ctx.store.issue(self.id)?.version;
        Ok(())
    }
}
