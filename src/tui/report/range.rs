//! The form for an exact period (`f` on the Report pane): two dates, typed
//! as any date field takes them (ISO, "today", `-1m`), the second not
//! before the first. Saving writes nothing; it hands the period to the
//! pane beneath.

use crate::domain::{FieldError, FieldId, Problem};
use crate::msg::Msg;
use crate::store::report::Period;
use crate::store::StoreError;
use crate::tui::kit::form::{Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::{Changes, Then};
use crate::tui::shell::context::Ctx;

/// The form, prefilled with the period shown.
pub fn form(ctx: &Ctx, shown: Period) -> Form {
    let fields = vec![
        Field::date("from", Msg::FieldFrom, Some(shown.from), true),
        Field::date("to", Msg::FieldTo, Some(shown.to), true).also(&["date"]),
    ];
    Form::new(Msg::RptRangeTitle, ctx, fields, Box::new(Range))
}

struct Range;

impl Record for Range {
    fn save(&mut self, fields: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let required = |id| StoreError::Invalid(FieldError::new(id, Problem::Required));
        let from = fields.date("from").ok_or_else(|| required(FieldId::From))?;
        let to = fields.date("to").ok_or_else(|| required(FieldId::Date))?;
        if to < from {
            let before = Problem::Before {
                other: FieldId::From,
            };
            return Err(StoreError::Invalid(FieldError::new(FieldId::Date, before)));
        }
        let p = Period { from, to };
        let label = super::period::label(p, super::period::Length::Range, ctx.lang);
        Ok(Saved::new(0, label.clone(), Changes::NONE)
            .with_message(Msg::RptShowingFmt.fill(ctx.lang, &[&label]))
            .then(Then::Period(p)))
    }
}
