//! Issues: the list pane, the issue form, view and steps of the closed loop.

pub mod form;
pub mod pane;
pub mod steps;
pub mod view;
