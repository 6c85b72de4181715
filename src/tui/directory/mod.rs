//! The directory of people and places: the entry form and view (with the
//! history across every record).

pub mod form;
pub mod steps;
pub mod view;
