//! The visit view (being built).

use super::Detail;
use crate::store::Store;
use crate::tui::msg::Msg;
use crate::tui::panes::{Target, View};
use anyhow::Result;
use ratatui::text::Line;

/// Loads the view.
pub fn load(_store: &Store, id: i64, view: &View) -> Result<Detail> {
    Ok(Detail::new(
        String::new(),
        Target::Visit(id),
        vec![Line::raw(view.t(Msg::Loading))],
    ))
}
