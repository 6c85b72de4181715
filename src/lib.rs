//! doorstep: a keyboard-driven terminal workbench for a police station's
//! community outreach campaign (大走访·开门评警).
//!
//! The crate is split as docs/ARCHITECTURE.md ("Layers and what each may
//! import") draws it: `domain` holds pure types
//! and lifecycle rules, `store` all SQL, `config` the category sets and the
//! station's settings, `cli` the command line.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod explain;
pub mod lang;
pub mod msg;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
