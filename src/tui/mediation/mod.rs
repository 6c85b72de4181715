//! Mediation cases: the queue, the case form, view and steps.

pub mod form;
pub mod pane;
pub mod steps;
pub mod view;
