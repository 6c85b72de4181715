//! The care list: its pane, the care-entry form, view and steps, and the
//! festival batch planner.

pub mod batch;
pub mod form;
pub mod pane;
pub mod steps;
pub mod view;
