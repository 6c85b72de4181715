//! The visit form: when, whom or where, who goes, why, in what form.

use crate::config::categories::SetId;
use crate::domain::visit::{self, Handouts, Visit, VisitState, CARE, LAW};
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::{default_key, Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::Changes;
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;
use chrono::NaiveDate;

/// The stored visit being edited: id, version and the parts the form
/// does not show (its status).
struct Edit {
    id: i64,
    version: i64,
    old: Visit,
}

struct VisitForm {
    edit: Option<Edit>,
}

fn fields(v: &Visit, target_name: &str) -> Vec<Field> {
    vec![
        Field::date("date", Msg::FieldDate, Some(v.date), true),
        Field::time("time", Msg::FieldTime, v.time),
        Field::number("duration", Msg::FieldDuration, v.duration_min, false),
        Field::person("target", Msg::FieldTarget, v.target_id, target_name, false),
        Field::line("place", Msg::FieldPlace, &v.place),
        Field::officers("officers", Msg::FieldOfficers, &v.officers),
        Field::categories("purposes", Msg::FieldPurposes, SetId::Purpose, &v.purposes),
        Field::category("form", Msg::FieldForm, SetId::Form, &v.form),
        Field::text("mission", Msg::FieldMission, &v.mission),
    ]
}

/// The fields of what was handed out at a done visit: sheets always,
/// materials on a legal-publicity visit, a gift on a care visit.
pub(super) fn handout_fields(v: &Visit) -> Vec<Field> {
    let h = &v.handouts;
    let has = |p: &str| v.purposes.iter().any(|k| k == p);
    let mut out = Vec::new();
    if has(LAW) {
        out.push(Field::number(
            "materials",
            Msg::FieldMaterials,
            h.materials,
            false,
        ));
    }
    out.push(Field::number(
        "sheets_out",
        Msg::FieldSheetsOut,
        h.sheets_out,
        false,
    ));
    if has(CARE) {
        let amount = h.gift_fen.map(visit::yuan).unwrap_or_default();
        out.push(Field::line("gift", Msg::FieldGift, &h.gift));
        out.push(Field::line("gift_yuan", Msg::FieldGiftYuan, &amount));
    }
    out
}

/// What the handout fields hold (fields a form lacks read as not
/// recorded); an amount that is not yuan is refused on its field.
pub(super) fn handouts_of(f: &Fields) -> Result<Handouts, StoreError> {
    Ok(Handouts {
        materials: f.number("materials"),
        sheets_out: f.number("sheets_out"),
        gift: f.text("gift"),
        gift_fen: visit::fen_of_yuan(&f.text("gift_yuan")).map_err(StoreError::Invalid)?,
    })
}

/// A new visit on `day`, the current officer going, an ordinary visit.
pub fn new(ctx: &Ctx, day: NaiveDate) -> Form {
    let officers = ctx.me.into_iter().collect();
    let form = default_key(ctx, SetId::Form, "ordinary");
    let v = Visit::planned(day, officers, Vec::new(), &form);
    let record = Box::new(VisitForm { edit: None });
    Form::new(Msg::FormNewVisit, ctx, fields(&v, ""), record)
}

/// The stored visit `id`, prefilled.
pub fn edit(ctx: &Ctx, id: i64) -> Result<Form, StoreError> {
    let s = ctx.store.visit(id)?;
    let name = match s.record.target_id {
        Some(t) => ctx.store.entry(t)?.record.name,
        None => String::new(),
    };
    let mut list = fields(&s.record, &name);
    if s.record.status.state() == VisitState::Done {
        list.extend(handout_fields(&s.record));
    }
    let record = Box::new(VisitForm {
        edit: Some(Edit {
            id,
            version: s.version,
            old: s.record,
        }),
    });
    Ok(Form::new(Msg::FormEditVisit, ctx, list, record))
}

impl Record for VisitForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let base = match &self.edit {
            Some(e) => e.old.clone(),
            None => Visit::planned(ctx.today, Vec::new(), Vec::new(), ""),
        };
        let handouts = match base.status.state() {
            VisitState::Done => handouts_of(f)?,
            _ => base.handouts.clone(),
        };
        let v = Visit {
            date: f.date("date").unwrap_or(base.date),
            time: f.time("time"),
            duration_min: f.number("duration"),
            target_id: f.person("target").0,
            place: f.text("place"),
            officers: f.officers("officers"),
            purposes: f.keys("purposes"),
            form: f.key("form"),
            mission: f.text("mission"),
            handouts,
            ..base
        };
        let stored = match &self.edit {
            Some(e) => ctx.store.update_visit(e.id, e.version, &v)?,
            None => ctx.store.add_visit(&v)?,
        };
        Ok(Saved::new(
            stored.id,
            stored.record.date.to_string(),
            Changes::VISITS | Changes::CARE,
        )
        .select(Target::Visit(stored.id)))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if let Some(e) = &mut self.edit {
            let s = ctx.store.visit(e.id)?;
            e.version = s.version;
            e.old = s.record;
        }
        Ok(())
    }
}
