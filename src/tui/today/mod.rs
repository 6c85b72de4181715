//! The Today pane: what is due now, across every record kind.

pub mod pane;
pub mod search;
