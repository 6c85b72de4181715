//! Errors the domain gives: a field that fails validation, or a lifecycle
//! step that is not allowed from the record's current state. Everything
//! here is typed (fields, rules, steps and states are enums), so the UI
//! can say it in the user's language; `crate::explain` renders them.

use super::care::{CareState, CareStepKind};
use super::directory::EntryStepKind;
use super::issue::{IssueStatus, IssueStepKind};
use super::mediation::{CaseStatus, CaseStepKind};
use super::visit::{VisitState, VisitStepKind};
use crate::config::categories::SetId;

/// Declares [`FieldId`] with the stable key of each field (the name a form
/// field carries, so an error lands next to it).
macro_rules! field_ids {
    ($($id:ident => $key:literal,)*) => {
        /// A field of a record or of a step's values.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldId {
            $($id,)*
        }

        impl FieldId {
            /// Every field, for tests that render them all.
            pub const ALL: &'static [FieldId] = &[$(FieldId::$id,)*];

            /// The stable key: the name of the form field it belongs to.
            pub fn key(self) -> &'static str {
                match self {
                    $(FieldId::$id => $key,)*
                }
            }
        }
    };
}

field_ids! {
    Address => "address",
    Answer => "answer",
    Applicant => "applicant",
    Attendees => "attendees",
    Badge => "badge",
    CadenceDays => "cadence_days",
    CloseDeadline => "close_deadline",
    Department => "department",
    Gift => "gift",
    GiftAmount => "gift_yuan",
    HandedOn => "handed_on",
    Materials => "materials",
    Reply => "reply",
    SheetsOut => "sheets_out",
    Verification => "verification",
    Channel => "channel",
    Comments => "comments",
    DailyLimit => "daily_limit",
    Date => "date",
    From => "from",
    AgreedOn => "agreed_on",
    Days => "days",
    Deadline => "deadline",
    Details => "details",
    Duration => "duration",
    Evaluator => "respondent",
    FollowUpOn => "follow_up_on",
    Form => "form",
    Group => "group",
    Groups => "groups",
    HelpGiven => "help_given",
    Kind => "kind",
    Measure => "measure",
    Mediators => "mediators",
    Mission => "mission",
    Name => "name",
    Needs => "needs",
    Note => "note",
    Notes => "notes",
    Officer => "officer",
    Officers => "officers",
    OsUser => "os_user",
    Outcome => "outcome",
    Parties => "parties",
    PeopleReached => "people_reached",
    Person => "person",
    Phone => "phone",
    Place => "place",
    Purposes => "purposes",
    RaisedOn => "raised_on",
    Raiser => "raiser",
    Rating => "rating",
    Ratings => "ratings",
    Reason => "reason",
    ReceivedOn => "received_on",
    ReferralTarget => "target",
    Respondent => "respondent",
    Risk => "risk",
    Since => "since",
    Source => "source",
    Summary => "summary",
    Tags => "tags",
    Target => "target",
    Terms => "terms",
    Theme => "theme",
    Topic => "topic",
    Unit => "unit",
}

impl FieldId {
    /// The field with stable key `key`.
    pub fn from_key(key: &str) -> Option<FieldId> {
        FieldId::ALL.iter().copied().find(|f| f.key() == key)
    }
}

/// A rule of the record that a value or a step broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// An anonymous issue names nobody as its raiser.
    AnonymousHasRaiser,
    /// A named issue needs its raiser.
    RaiserRequired,
    /// An anonymous issue has nobody to answer.
    AnonymousNoAnswer,
    /// An anonymous issue has nobody to rate it.
    AnonymousNoRating,
    /// Only an anonymous issue closes without answer and rating.
    OnlyAnonymousCloses,
    /// A dispute needs an applicant and a respondent.
    ApplicantAndRespondent,
    /// One person cannot be two parties of one dispute.
    SamePartyTwice,
    /// No session before every party has consented.
    SessionBeforeConsent,
    NoSuchSession,
    SessionAlreadyRecorded,
    /// Agreement or no agreement needs a held session.
    HeldSessionFirst,
    NoSuchParty,
    /// Extending the time limit needs every principal party's consent.
    ExtensionNeedsConsent,
    /// The time limit has already been extended once.
    AlreadyExtended,
    /// An open-door evaluation needs a done visit.
    EvaluationNeedsDoneVisit,
    /// The demo refuses to write into a file that holds records.
    DatabaseNotEmpty,
    /// A directory entry cannot be merged into itself.
    MergeIntoItself,
    /// Nothing is merged into a retired directory entry.
    MergeIntoRetired,
    /// Legal materials are counted only on a visit with the law purpose.
    MaterialsNeedLawPurpose,
    /// A gift is recorded only on a visit with the care purpose.
    GiftNeedsCarePurpose,
    /// Materials, sheets and gifts are recorded on a done visit.
    HandoutsNeedDoneVisit,
    /// Only conduct and integrity complaints are verified.
    VerifyOnlyConductIntegrity,
    /// A hand-over is awaiting the department's reply.
    HandoverAwaitingReply,
    /// A reply needs a hand-over that awaits one.
    NoHandoverAwaitingReply,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::AnonymousHasRaiser,
        Rule::RaiserRequired,
        Rule::AnonymousNoAnswer,
        Rule::AnonymousNoRating,
        Rule::OnlyAnonymousCloses,
        Rule::ApplicantAndRespondent,
        Rule::SamePartyTwice,
        Rule::SessionBeforeConsent,
        Rule::NoSuchSession,
        Rule::SessionAlreadyRecorded,
        Rule::HeldSessionFirst,
        Rule::NoSuchParty,
        Rule::ExtensionNeedsConsent,
        Rule::AlreadyExtended,
        Rule::EvaluationNeedsDoneVisit,
        Rule::DatabaseNotEmpty,
        Rule::MergeIntoItself,
        Rule::MergeIntoRetired,
        Rule::MaterialsNeedLawPurpose,
        Rule::GiftNeedsCarePurpose,
        Rule::HandoutsNeedDoneVisit,
        Rule::VerifyOnlyConductIntegrity,
        Rule::HandoverAwaitingReply,
        Rule::NoHandoverAwaitingReply,
    ];
}

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
    /// This date must not be before the date in field `other`.
    Before {
        other: FieldId,
    },
    /// Something done cannot be dated after today.
    AfterToday,
    /// Something planned cannot be put in the past.
    BeforeToday,
    OutOfRange {
        min: i64,
        max: i64,
    },
    UnknownCategory {
        set: SetId,
        key: String,
    },
    RetiredCategory {
        set: SetId,
        key: String,
    },
    Duplicate(String),
    /// Not an amount of money in yuan (at most two decimals).
    BadAmount,
    /// The value breaks a rule of the record.
    Broken(Rule),
}

/// A validation failure tied to the field it concerns, so a form can show
/// the message next to that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: FieldId,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: FieldId, problem: Problem) -> Self {
        FieldError { field, problem }
    }
}

/// A step of some record kind, as a refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepName {
    Visit(VisitStepKind),
    Issue(IssueStepKind),
    Case(CaseStepKind),
    Care(CareStepKind),
    Entry(EntryStepKind),
}

/// A record's state, as a refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateName {
    Visit(VisitState),
    Issue(IssueStatus),
    Case(CaseStatus),
    Care(CareState),
    /// A directory entry: retired or not.
    Entry(bool),
}

/// Why a lifecycle step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// The step does not follow from the current state.
    NotAllowed { step: StepName, state: StateName },
    /// The step is allowed but one of its values is invalid.
    Field(FieldError),
    /// A refusal with its own reason (for example: a rating on an anonymous
    /// issue, or a session before every party consented).
    Rule(Rule),
}

impl From<FieldError> for StepError {
    fn from(e: FieldError) -> Self {
        StepError::Field(e)
    }
}
