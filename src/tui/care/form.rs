//! The care-list form: who, which group, why, what they need, how often.

use crate::config::categories::SetId;
use crate::domain::care::CareEntry;
use crate::domain::{FieldError, Problem};
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::{Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::Changes;
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;

/// A new entry's cadence, in days, until the coordinator says otherwise.
const CADENCE: u32 = 30;

struct CareForm {
    /// (id, version, stored entry) when editing.
    edit: Option<(i64, i64, CareEntry)>,
}

fn fields(e: Option<&CareEntry>, person: &str, today: chrono::NaiveDate) -> Vec<Field> {
    let text = |f: fn(&CareEntry) -> &str| e.map(f).unwrap_or("");
    vec![
        Field::person(
            "person",
            Msg::FieldPerson,
            e.map(|e| e.person_id),
            person,
            false,
        ),
        Field::category(
            "group",
            Msg::FieldGroup,
            SetId::CareGroup,
            text(|e| &e.group),
        ),
        Field::text("reason", Msg::FieldReason, text(|e| &e.reason)),
        Field::text("needs", Msg::FieldNeeds, text(|e| &e.needs)),
        Field::text("help_given", Msg::FieldHelp, text(|e| &e.help_given)),
        Field::number(
            "cadence_days",
            Msg::FieldCadence,
            Some(e.map_or(CADENCE, |e| e.cadence_days)),
            true,
        ),
        Field::date(
            "since",
            Msg::FieldSince,
            Some(e.map_or(today, |e| e.since)),
            true,
        ),
    ]
}

/// A new care entry from today.
pub fn new(ctx: &Ctx) -> Form {
    let list = fields(None, "", ctx.today);
    Form::new(
        Msg::FormNewCare,
        ctx,
        list,
        Box::new(CareForm { edit: None }),
    )
}

/// The stored care entry `id`, prefilled.
pub fn edit(ctx: &Ctx, id: i64) -> Result<Form, StoreError> {
    let s = ctx.store.care(id)?;
    let e = s.record.entry;
    let name = ctx.store.entry(e.person_id)?.record.name;
    let list = fields(Some(&e), &name, ctx.today);
    let record = Box::new(CareForm {
        edit: Some((id, s.version, e)),
    });
    Ok(Form::new(Msg::FormEditCare, ctx, list, record))
}

impl Record for CareForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let person_id = f.person("person").0.ok_or(FieldError::new(
            crate::domain::FieldId::Person,
            Problem::Required,
        ))?;
        let e = CareEntry {
            person_id,
            group: f.key("group"),
            reason: f.text("reason"),
            needs: f.text("needs"),
            help_given: f.text("help_given"),
            cadence_days: f.number("cadence_days").unwrap_or(CADENCE),
            since: f.date("since").unwrap_or(ctx.today),
            active: self.edit.as_ref().is_none_or(|(_, _, old)| old.active),
        };
        let stored = match &self.edit {
            Some((id, version, _)) => ctx.store.update_care(*id, *version, &e)?,
            None => ctx.store.add_care(&e)?,
        };
        Ok(Saved::new(stored.id, f.person("person").1, Changes::CARE)
            .select(Target::Care(stored.id)))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if let Some((id, version, old)) = &mut self.edit {
            let s = ctx.store.care(*id)?;
            *version = s.version;
            *old = s.record.entry;
        }
        Ok(())
    }
}
