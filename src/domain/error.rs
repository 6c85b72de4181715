//! Errors the domain gives: a field that fails validation, or a lifecycle
//! step that is not allowed from the record's current state.

use std::fmt;

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
        got: usize,
    },
    ControlCharacter,
    BadPhone,
    /// This date must not be before `other` (named field).
    Before {
        other: &'static str,
    },
    OutOfRange {
        min: i64,
        max: i64,
    },
    UnknownCategory {
        set: &'static str,
        key: String,
    },
    RetiredCategory {
        set: &'static str,
        key: String,
    },
    Duplicate(String),
    Invalid(&'static str),
}

/// A validation failure tied to the field it concerns, so a form can show
/// the message next to that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        FieldError { field, problem }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match &self.problem {
            Problem::Required => write!(f, "{field} is required"),
            Problem::TooLong { max, got } => {
                write!(f, "{field} is too long ({got} characters, at most {max})")
            }
            Problem::ControlCharacter => write!(f, "{field} contains a control character"),
            Problem::BadPhone => write!(
                f,
                "{field} is not a phone number (digits, optional +, spaces or hyphens; mobiles have 11 digits)"
            ),
            Problem::Before { other } => write!(f, "{field} must not be before {other}"),
            Problem::OutOfRange { min, max } => {
                write!(f, "{field} must be between {min} and {max}")
            }
            Problem::UnknownCategory { set, key } => {
                write!(f, "{field}: '{key}' is not a known {set}")
            }
            Problem::RetiredCategory { set, key } => {
                write!(f, "{field}: {set} '{key}' is retired and not offered for new records")
            }
            Problem::Duplicate(what) => write!(f, "{field}: '{what}' appears twice"),
            Problem::Invalid(why) => write!(f, "{field}: {why}"),
        }
    }
}

impl std::error::Error for FieldError {}

/// Why a lifecycle step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// The step does not follow from the current state.
    NotAllowed {
        step: &'static str,
        state: &'static str,
    },
    /// The step is allowed but one of its values is invalid.
    Field(FieldError),
    /// A refusal with its own reason (for example: a rating on an anonymous
    /// issue, or a session before every party consented).
    Rule(&'static str),
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::NotAllowed { step, state } => {
                write!(f, "cannot {step}: the record is {state}")
            }
            StepError::Field(e) => e.fmt(f),
            StepError::Rule(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for StepError {}

impl From<FieldError> for StepError {
    fn from(e: FieldError) -> Self {
        StepError::Field(e)
    }
}
