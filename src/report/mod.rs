//! Summaries and exchange formats: the work summary and its outputs
//! (ARCHITECTURE.md, "Report"); the shared output (atomic file, Ctrl-C,
//! progress), the ledgers and the calendar export (ARCHITECTURE.md,
//! "Reports and exports").

pub mod command;
pub mod doc;
pub mod docx;
pub mod formula;
pub mod ics;
pub mod ledger;
pub mod output;
pub mod render;
pub mod summary;
