//! The Report pane (key `6`): the work summary of a month, quarter, year
//! or typed period, and the trend of the last twelve months. See
//! ARCHITECTURE.md, "Report".

mod body;
pub mod pane;
pub mod period;
pub mod range;
mod trend;
