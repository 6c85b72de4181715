//! Summaries and exchange formats: the shared output (atomic file,
//! Ctrl-C, progress), the ledgers and the calendar export
//! (docs/ARCHITECTURE.md, "Reports and exports").

pub mod ics;
pub mod ledger;
pub mod output;
