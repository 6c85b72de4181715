//! A station's records in and out as files (docs/EXCHANGE.md): the full
//! dump in a versioned JSON shape, and import of that shape or of the
//! spreadsheets (CSV) a station keeps of its directory and planned visits.
//! The SQL is in `store::exchange`; this layer shapes, reads and validates.

pub mod check;
pub mod dump;
pub mod import;
pub mod sheet;
