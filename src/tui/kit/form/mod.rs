//! Forms to create and edit records: a list of fields the user moves
//! through with Tab/Shift-Tab, pickers for categories, officers and
//! people, Ctrl-S to save and Esc to cancel (asking first when input
//! would be lost). On a category field of up to nine items a digit picks
//! the item and moves on, so a row of ratings takes one key each. The
//! engine here knows nothing of the records; each record's module lays
//! out its fields and builds the record from them (see [`Record`]).
//!
//! Nothing typed is ever lost: a value that does not parse, a domain
//! validation error or a conflicting save leaves every field as it was and
//! shows the message next to the field (or in the form).

pub mod date;
mod engine;
mod field;
pub mod pick;
mod render;

pub use engine::{default_key, field_first, form_hints, step_form, Done, Form, Record, Saved};
pub use field::{Field, Fields, Kind, Value};
