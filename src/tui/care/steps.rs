//! Steps on a care entry (docs/ARCHITECTURE.md, "Care list"): log a care visit (a done visit with
//! the care purpose to the person, so the last visit and next due move at
//! once), plan the next visit (a planned care visit on the calendar), and
//! change the cadence (next due recomputes).

use crate::config::categories::SetId;
use crate::domain::care::{allowed_steps, CareEntry, CareStepKind};
use crate::domain::visit::{Visit, VisitStatus, CARE};
use crate::domain::StepName;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::{default_key, Field, Fields, Form, Record, Saved};
use crate::tui::kit::menu::{derived, Opened, Step};
use crate::tui::kit::overlay::Changes;
use crate::tui::shell::context::Ctx;
use anyhow::Result;

/// The visit form of a care visit.
const ORDINARY: &str = "ordinary";

/// The letter that picks a step in the menu.
fn letter(k: CareStepKind) -> char {
    match k {
        CareStepKind::Log => 'l',
        CareStepKind::Plan => 'p',
        CareStepKind::Cadence => 'c',
    }
}

/// The menu of the steps the domain allows `entry` now.
pub fn menu_of(entry: &CareEntry, lang: Lang) -> Vec<Step> {
    derived(
        allowed_steps(entry),
        lang,
        letter,
        CareStepKind::label,
        StepName::Care,
    )
}

/// The steps the stored entry `id` allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    Ok(menu_of(&store.care(id)?.record.entry, lang))
}

/// Starts step `step`: each opens a small form.
pub fn open(id: i64, step: CareStepKind, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.care(id)?;
    let me: Vec<i64> = ctx.me.into_iter().collect();
    let (title, fields) = match step {
        CareStepKind::Log => (
            Msg::StepCareLog,
            vec![
                Field::date("date", Msg::FieldDate, Some(ctx.today), true),
                Field::officers("officers", Msg::FieldOfficers, &me),
                Field::text("outcome", Msg::FieldOutcome, ""),
                Field::number("people_reached", Msg::FieldPeopleReached, Some(1), true),
            ],
        ),
        CareStepKind::Plan => (
            Msg::StepCarePlan,
            vec![
                // Due in the future: that day; overdue: as soon as possible.
                Field::date(
                    "date",
                    Msg::FieldDate,
                    Some(s.record.next_due.max(ctx.today)),
                    true,
                ),
                Field::officers("officers", Msg::FieldOfficers, &me),
            ],
        ),
        CareStepKind::Cadence => (
            Msg::StepCareCadence,
            vec![Field::number(
                "cadence_days",
                Msg::FieldCadence,
                Some(s.record.entry.cadence_days),
                true,
            )],
        ),
    };
    let record = Box::new(CareStepForm {
        id,
        version: s.version,
        entry: s.record.entry,
        step,
        form: default_key(ctx, SetId::Form, ORDINARY),
    });
    Ok(Opened::Form(Form::new(title, ctx, fields, record)))
}

/// Saves one care step.
struct CareStepForm {
    id: i64,
    /// The entry as the form opened it: a cadence change saves over this
    /// version only.
    version: i64,
    entry: CareEntry,
    step: CareStepKind,
    /// The visit form key of the visits it creates.
    form: String,
}

impl CareStepForm {
    /// A care visit to the entry's person, from the form's date and officers.
    fn visit(&self, f: &Fields, ctx: &Ctx) -> Visit {
        let date = f.date("date").unwrap_or(ctx.today);
        let mut v = Visit::planned(
            date,
            f.officers("officers"),
            vec![CARE.to_string()],
            &self.form,
        );
        v.target_id = Some(self.entry.person_id);
        v
    }
}

impl Record for CareStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        match self.step {
            CareStepKind::Log => {
                let mut v = self.visit(f, ctx);
                v.status = VisitStatus::Done {
                    outcome: f.text("outcome"),
                    people_reached: f.number("people_reached").unwrap_or(0),
                };
                ctx.store.add_visit(&v)?;
            }
            CareStepKind::Plan => {
                let v = self.visit(f, ctx);
                // A plan is for today or later (a past visit is logged).
                crate::domain::validate::not_before_today(
                    crate::domain::FieldId::Date,
                    v.date,
                    ctx.today,
                )?;
                ctx.store.add_visit(&v)?;
            }
            CareStepKind::Cadence => {
                let e = CareEntry {
                    cadence_days: f.number("cadence_days").unwrap_or(self.entry.cadence_days),
                    ..self.entry.clone()
                };
                ctx.store.update_care(self.id, self.version, &e)?;
            }
        }
        // The entry's dates as they are now: the visit moved them.
        let due = ctx.store.care(self.id)?.record.next_due;
        Ok(
            Saved::new(self.id, String::new(), Changes::CARE | Changes::VISITS)
                .with_message(Msg::CareNextDueFmt.fill(ctx.lang, &[&due])),
        )
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        let s = ctx.store.care(self.id)?;
        self.version = s.version;
        self.entry = s.record.entry;
        Ok(())
    }
}
