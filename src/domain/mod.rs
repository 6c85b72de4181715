//! Pure domain types, field validation and the lifecycle state machines of
//! docs/ARCHITECTURE.md, "The domain in brief". Nothing here does I/O: the store persists what these
//! functions return, and the UI shows the errors they give.

pub mod batch;
pub mod care;
pub mod directory;
pub mod error;
pub mod figures;
pub mod issue;
pub mod mediation;
pub mod officer;
pub mod validate;
pub mod visit;

pub use error::{FieldError, FieldId, Problem, Rule, StateName, StepError, StepName};

/// Database id of a stored record.
pub type Id = i64;
