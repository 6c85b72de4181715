//! Visits: the calendar (month grid, agenda, week), the visit form, view and steps.

pub mod calendar;
pub mod form;
pub mod steps;
pub mod view;
