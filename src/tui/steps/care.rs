//! Steps on a care (being built).

use super::{Opened, Step};
use crate::lang::Lang;
use crate::store::Store;
use crate::tui::form::Ctx;
use anyhow::Result;

/// The steps the record allows now.
pub fn menu(_store: &Store, _id: i64, _lang: Lang) -> Result<Vec<Step>> {
    Ok(Vec::new())
}

/// Starts step `step`.
pub fn open(_id: i64, step: &'static str, _ctx: &mut Ctx) -> Result<Opened> {
    anyhow::bail!("unknown step {step}")
}
