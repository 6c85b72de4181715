//! Says the domain's errors and names in the user's language: validation
//! problems (next to a field, or with the field's label on the status
//! line), refusals of steps, the festival batch's errors, and the labels
//! of step kinds and states. The domain stays free of UI text; everything
//! here goes through the message catalogue (`crate::msg`). The `Display`
//! impls of the domain errors are the English rendering, for logs and the
//! command line.

use crate::domain::batch::BatchError;
use crate::domain::care::{CareState, CareStepKind};
use crate::domain::directory::EntryStepKind;
use crate::domain::error::{FieldId, Rule, StateName, StepName};
use crate::domain::issue::{IssueStatus, IssueStepKind};
use crate::domain::mediation::{CaseStatus, CaseStepKind};
use crate::domain::visit::{VisitState, VisitStepKind};
use crate::domain::{FieldError, Problem, StepError};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::StoreError;
use crate::text::safe;
use std::fmt;
use std::io;
use std::path::Path;

/// The label a user knows a field by.
pub fn field_label(f: FieldId) -> Msg {
    use FieldId as F;
    match f {
        F::Address => Msg::FieldAddress,
        F::Answer => Msg::FieldAnswer,
        F::Applicant => Msg::FieldApplicant,
        F::Attendees => Msg::FieldAttendees,
        F::Badge => Msg::FieldBadge,
        F::CadenceDays => Msg::FieldCadence,
        F::CloseDeadline => Msg::FieldCloseDeadline,
        F::Department => Msg::FieldDepartment,
        F::Gift => Msg::FieldGift,
        F::GiftAmount => Msg::FieldGiftYuan,
        F::HandedOn => Msg::FieldHandedOn,
        F::Materials => Msg::FieldMaterials,
        F::Reply => Msg::FieldReply,
        F::SheetsOut => Msg::FieldSheetsOut,
        F::Verification => Msg::FieldVerification,
        F::Channel => Msg::FieldChannel,
        F::Comments => Msg::FieldComments,
        F::DailyLimit => Msg::FieldDailyLimit,
        F::Date => Msg::FieldDate,
        F::From => Msg::FieldFrom,
        F::AgreedOn => Msg::MedAgreedOn,
        F::Days => Msg::CaseFieldDays,
        F::Deadline => Msg::FieldDeadline,
        F::Details => Msg::FieldDetails,
        F::Duration => Msg::FieldDuration,
        F::Evaluator => Msg::FieldEvaluator,
        F::FollowUpOn => Msg::CaseFieldFollowUp,
        F::Form => Msg::FieldForm,
        F::Group => Msg::FieldGroup,
        F::Groups => Msg::FieldGroups,
        F::HelpGiven => Msg::FieldHelp,
        F::Kind => Msg::FieldKind,
        F::Measure => Msg::FieldMeasure,
        F::Mediators => Msg::MedMediators,
        F::Mission => Msg::FieldMission,
        F::Name => Msg::FieldName,
        F::Needs => Msg::FieldNeeds,
        F::Note => Msg::CaseFieldNote,
        F::Notes => Msg::FieldNotes,
        F::Officer => Msg::FieldOfficer,
        F::Officers => Msg::FieldOfficers,
        F::OsUser => Msg::FieldLogin,
        F::Outcome => Msg::FieldOutcome,
        F::Parties => Msg::FieldParties,
        F::PeopleReached => Msg::FieldPeopleReached,
        F::Person => Msg::FieldPerson,
        F::Phone => Msg::FieldPhone,
        F::Place => Msg::FieldPlace,
        F::Purposes => Msg::FieldPurposes,
        F::RaisedOn => Msg::FieldRaisedOn,
        F::Raiser => Msg::FieldRaiser,
        F::Rating => Msg::FieldRating,
        F::Ratings => Msg::FieldRatings,
        F::Reason => Msg::FieldReason,
        F::ReceivedOn => Msg::FieldReceivedOn,
        F::ReferralTarget => Msg::FieldReferralTarget,
        F::Respondent => Msg::FieldRespondent,
        F::Risk => Msg::FieldRisk,
        F::Since => Msg::FieldSince,
        F::Source => Msg::FieldSource,
        F::Summary => Msg::FieldSummary,
        F::Tags => Msg::FieldTags,
        F::Target => Msg::FieldTarget,
        F::Terms => Msg::CaseFieldTerms,
        F::Theme => Msg::FieldTheme,
        F::Topic => Msg::FieldTopic,
        F::Unit => Msg::FieldUnit,
    }
}

/// What a rule says.
pub fn rule(r: Rule) -> Msg {
    match r {
        Rule::AnonymousHasRaiser => Msg::RuleAnonymousHasRaiser,
        Rule::RaiserRequired => Msg::RuleRaiserRequired,
        Rule::AnonymousNoAnswer => Msg::RuleAnonymousNoAnswer,
        Rule::AnonymousNoRating => Msg::RuleAnonymousNoRating,
        Rule::OnlyAnonymousCloses => Msg::RuleOnlyAnonymousCloses,
        Rule::ApplicantAndRespondent => Msg::RuleApplicantAndRespondent,
        Rule::SamePartyTwice => Msg::RuleSamePartyTwice,
        Rule::SessionBeforeConsent => Msg::RuleSessionBeforeConsent,
        Rule::NoSuchSession => Msg::RuleNoSuchSession,
        Rule::SessionAlreadyRecorded => Msg::RuleSessionAlreadyRecorded,
        Rule::HeldSessionFirst => Msg::RuleHeldSessionFirst,
        Rule::NoSuchParty => Msg::RuleNoSuchParty,
        Rule::ExtensionNeedsConsent => Msg::RuleExtensionNeedsConsent,
        Rule::AlreadyExtended => Msg::RuleAlreadyExtended,
        Rule::EvaluationNeedsDoneVisit => Msg::RuleEvaluationNeedsDoneVisit,
        Rule::DatabaseNotEmpty => Msg::RuleDatabaseNotEmpty,
        Rule::MergeIntoItself => Msg::RuleMergeIntoItself,
        Rule::MergeIntoRetired => Msg::RuleMergeIntoRetired,
        Rule::MaterialsNeedLawPurpose => Msg::RuleMaterialsNeedLawPurpose,
        Rule::GiftNeedsCarePurpose => Msg::RuleGiftNeedsCarePurpose,
        Rule::HandoutsNeedDoneVisit => Msg::RuleHandoutsNeedDoneVisit,
        Rule::VerifyOnlyConductIntegrity => Msg::RuleVerifyOnlyConductIntegrity,
        Rule::HandoverAwaitingReply => Msg::RuleHandoverAwaitingReply,
        Rule::NoHandoverAwaitingReply => Msg::RuleNoHandoverAwaitingReply,
    }
}

/// A validation problem as shown next to its field (the field's label is
/// beside it already, so it is not repeated).
pub fn problem(e: &FieldError, lang: Lang) -> String {
    match &e.problem {
        Problem::Required => Msg::Required.text(lang).to_string(),
        Problem::TooLong { max, got } => Msg::ErrTooLong.fill(lang, &[got, max]),
        Problem::ControlCharacter => Msg::ErrControl.text(lang).to_string(),
        Problem::BadPhone => Msg::ErrPhone.text(lang).to_string(),
        Problem::Before { other } => {
            Msg::ErrBeforeFmt.fill(lang, &[&field_label(*other).text(lang)])
        }
        Problem::AfterToday => Msg::ErrAfterToday.text(lang).to_string(),
        Problem::BeforeToday => Msg::ErrBeforeToday.text(lang).to_string(),
        Problem::OutOfRange { min, max } => Msg::ErrRange.fill(lang, &[min, max]),
        Problem::UnknownCategory { key, .. } => Msg::ErrUnknownChoiceFmt.fill(lang, &[key]),
        Problem::RetiredCategory { .. } => Msg::ErrCategory.text(lang).to_string(),
        Problem::Duplicate(_) => Msg::ErrDuplicate.text(lang).to_string(),
        Problem::BadAmount => Msg::ErrAmount.text(lang).to_string(),
        Problem::Broken(r) => rule(*r).text(lang).to_string(),
    }
}

/// A validation problem with its field's label, for the status line.
/// A broken rule names its own subject, so it stands alone.
pub fn field_error(e: &FieldError, lang: Lang) -> String {
    let label = field_label(e.field).text(lang);
    match &e.problem {
        Problem::Broken(r) => rule(*r).text(lang).to_string(),
        Problem::Required => Msg::ErrRequiredFmt.fill(lang, &[&label]),
        _ => Msg::ErrOnFieldFmt.fill(lang, &[&label, &problem(e, lang)]),
    }
}

/// A refused step, for the status line.
pub fn step_error(e: &StepError, lang: Lang) -> String {
    match e {
        StepError::NotAllowed { step, state } => {
            let step = step_label(*step).text(lang);
            let state = state_label(*state).text(lang);
            Msg::ErrNotAllowedFmt.fill(lang, &[&state, &step])
        }
        StepError::Field(f) => field_error(f, lang),
        StepError::Rule(r) => rule(*r).text(lang).to_string(),
    }
}

/// Why the festival batch could not plan.
pub fn batch_error(e: &BatchError, lang: Lang) -> String {
    match e {
        BatchError::Reversed { from, to } => Msg::BatchReversedFmt.fill(lang, &[to, from]),
        BatchError::NobodyInGroups => Msg::BatchNoEntries.text(lang).to_string(),
        BatchError::AllPlanned { entries, from, to } => {
            Msg::BatchAllPlannedFmt.fill(lang, &[entries, from, to])
        }
        BatchError::NoWorkingDay { from, to } => Msg::BatchNoWorkingDayFmt.fill(lang, &[from, to]),
        BatchError::NoOfficers => Msg::BatchNoOfficers.text(lang).to_string(),
        BatchError::ZeroLimit => Msg::BatchZeroLimit.text(lang).to_string(),
        BatchError::Capacity { entries, capacity } => {
            Msg::BatchCapacityFmt.fill(lang, &[entries, capacity])
        }
    }
}

/// Any error for the status line: domain errors (also inside a store
/// error or an `anyhow` chain) in the UI language, others as they say.
pub fn error(e: &anyhow::Error, lang: Lang) -> String {
    if let Some(s) = e.downcast_ref::<StoreError>() {
        return store_error(s, lang);
    }
    if let Some(s) = e.downcast_ref::<StepError>() {
        return step_error(s, lang);
    }
    if let Some(f) = e.downcast_ref::<FieldError>() {
        return field_error(f, lang);
    }
    if let Some(b) = e.downcast_ref::<BatchError>() {
        return batch_error(b, lang);
    }
    format!("{e:#}")
}

/// A store error: the domain's and those of a working session in the UI
/// language (no internal ids); opening errors (a foreign, damaged or newer
/// file) as one "cannot open FILE: why" ([`open_error`]).
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    match e {
        StoreError::Invalid(f) => field_error(f, lang),
        StoreError::Step(s) => step_error(s, lang),
        StoreError::ReadOnly => Msg::StoreReadOnly.text(lang).to_string(),
        StoreError::Busy => Msg::StoreBusy.text(lang).to_string(),
        StoreError::NotFound { .. } => Msg::StoreNotFound.text(lang).to_string(),
        StoreError::Conflict { by, at, .. } => {
            let at = at.get(..16).unwrap_or(at).replace('T', " ");
            Msg::StoreConflictFmt.fill(lang, &[by, &at])
        }
        StoreError::NotADatabase { path }
        | StoreError::Corrupt { path, .. }
        | StoreError::TooNew { path, .. }
        | StoreError::NeedsUpgrade { path, .. } => open_error(path, e, lang),
        other => other.to_string(),
    }
}

/// "cannot open FILE: why", naming `path` (the file the user gave) once,
/// the reason from the catalogue.
pub fn open_error(path: &Path, e: &StoreError, lang: Lang) -> String {
    let shown = safe(&path.display().to_string());
    Msg::OpenFailedFmt.fill(lang, &[&shown, &open_reason(path, e, lang)])
}

/// Why a station file could not be opened, without its name.
fn open_reason(path: &Path, e: &StoreError, lang: Lang) -> String {
    match e {
        StoreError::NotADatabase { .. } => Msg::WhyNotDatabase.text(lang).to_string(),
        StoreError::Corrupt { .. } => Msg::WhyDamaged.text(lang).to_string(),
        StoreError::TooNew { found, known, .. } => Msg::WhyTooNewFmt.fill(lang, &[found, known]),
        StoreError::NeedsUpgrade { found, known, .. } => {
            Msg::WhyNeedsUpgradeFmt.fill(lang, &[found, known])
        }
        StoreError::Io(io) => io_reason(path, io, lang),
        other => store_error(other, lang),
    }
}

/// Why reading or writing `path` failed, without its name (nor that of a
/// temporary file beside it): not found, folder missing, a folder,
/// permission denied, a full or read-only disk; anything else as the
/// system says it.
pub fn io_reason(path: &Path, e: &io::Error, lang: Lang) -> String {
    use io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound if folder_of(path).is_dir() => Msg::WhyNotFound,
        K::NotFound => Msg::WhyNoFolder,
        K::IsADirectory => Msg::WhyIsFolder,
        K::NotADirectory => Msg::WhyNotFolder,
        K::PermissionDenied => Msg::WhyPermission,
        K::ReadOnlyFilesystem => Msg::WhyReadOnlyDisk,
        K::StorageFull => Msg::WhyDiskFull,
        _ => return Msg::WhySystemFmt.fill(lang, &[&system_text(e)]),
    };
    why.text(lang).to_string()
}

/// The folder `path` is in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The system's words for `e`, without any path a library added to it.
fn system_text(e: &io::Error) -> String {
    let inner = e
        .get_ref()
        .and_then(|i| i.source())
        .and_then(|s| s.downcast_ref::<io::Error>());
    match e
        .raw_os_error()
        .or_else(|| inner.and_then(io::Error::raw_os_error))
    {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => io::Error::from(e.kind()).to_string(),
    }
}

/// The label of a step of any kind.
pub fn step_label(s: StepName) -> Msg {
    match s {
        StepName::Visit(k) => k.label(),
        StepName::Issue(k) => k.label(),
        StepName::Case(k) => k.label(),
        StepName::Care(k) => k.label(),
        StepName::Entry(EntryStepKind::Merge) => Msg::StepEntryMerge,
        StepName::Entry(EntryStepKind::Retire) => Msg::StepEntryRetire,
    }
}

/// The label of a state of any kind of record.
pub fn state_label(s: StateName) -> Msg {
    match s {
        StateName::Visit(v) => v.label(),
        StateName::Issue(i) => i.label(),
        StateName::Case(c) => c.label(),
        StateName::Care(c) => c.label(),
        StateName::Entry(true) => Msg::StEntryRetired,
        StateName::Entry(false) => Msg::StEntryInUse,
    }
}

impl VisitStepKind {
    /// The menu label.
    pub fn label(self) -> Msg {
        match self {
            VisitStepKind::Complete => Msg::StepVisitDone,
            VisitStepKind::Cancel => Msg::StepVisitCancel,
            VisitStepKind::Reschedule => Msg::StepVisitReschedule,
            VisitStepKind::Evaluate => Msg::StepVisitEvaluate,
            VisitStepKind::RaiseIssue => Msg::StepVisitRaise,
        }
    }
}

impl IssueStepKind {
    /// The menu label.
    pub fn label(self) -> Msg {
        match self {
            IssueStepKind::Assign => Msg::StepIssueAssign,
            IssueStepKind::Reassign => Msg::StepIssueReassign,
            IssueStepKind::Start => Msg::StepIssueStart,
            IssueStepKind::Measure => Msg::StepIssueMeasure,
            IssueStepKind::Answer => Msg::StepIssueAnswer,
            IssueStepKind::Rate => Msg::StepIssueRate,
            IssueStepKind::CloseAnonymous => Msg::StepIssueClose,
            IssueStepKind::Verify => Msg::StepIssueVerify,
            IssueStepKind::HandOver => Msg::StepIssueHandOver,
            IssueStepKind::HandoverReply => Msg::StepIssueHandoverReply,
        }
    }
}

impl CaseStepKind {
    /// The menu label. Per-party and per-session steps name the party or
    /// session in the menu through `CaseStepConsentFmt`,
    /// `CaseStepExtendConsentFmt` and `CaseStepRecordFmt`; this is the
    /// general label (for refusals).
    pub fn label(self) -> Msg {
        match self {
            CaseStepKind::Consent { .. } => Msg::CaseStepConsent,
            CaseStepKind::ScheduleSession => Msg::CaseStepSchedule,
            CaseStepKind::RecordSession { .. } => Msg::CaseStepRecord,
            CaseStepKind::Agree => Msg::CaseStepAgree,
            CaseStepKind::NoAgreement => Msg::CaseStepNoAgreement,
            CaseStepKind::Refer => Msg::CaseStepRefer,
            CaseStepKind::ReferBroken => Msg::CaseStepReferBroken,
            CaseStepKind::CloseHonoured => Msg::CaseStepCloseHonoured,
            CaseStepKind::CloseReferral => Msg::CaseStepCloseReferral,
            CaseStepKind::ConsentToExtend { .. } => Msg::CaseStepExtendConsent,
            CaseStepKind::Extend => Msg::CaseStepExtend,
        }
    }
}

impl CareStepKind {
    /// The menu label.
    pub fn label(self) -> Msg {
        match self {
            CareStepKind::Log => Msg::StepCareLog,
            CareStepKind::Plan => Msg::StepCarePlan,
            CareStepKind::Cadence => Msg::StepCareCadence,
        }
    }
}

impl CareState {
    pub fn label(self) -> Msg {
        match self {
            CareState::Active => Msg::StCareActive,
            CareState::Inactive => Msg::StCareInactive,
        }
    }
}

impl VisitState {
    pub fn label(self) -> Msg {
        match self {
            VisitState::Planned => Msg::StPlanned,
            VisitState::Done => Msg::StDone,
            VisitState::Cancelled => Msg::StCancelled,
        }
    }
}

impl IssueStatus {
    pub fn label(self) -> Msg {
        match self {
            IssueStatus::New => Msg::StNew,
            IssueStatus::Assigned => Msg::StAssigned,
            IssueStatus::Rectifying => Msg::StRectifying,
            IssueStatus::Rectified => Msg::StRectified,
            IssueStatus::Answered => Msg::StAnswered,
            IssueStatus::Closed => Msg::StClosed,
        }
    }
}

impl CaseStatus {
    pub fn label(self) -> Msg {
        match self {
            CaseStatus::Received => Msg::StReceived,
            CaseStatus::Accepted => Msg::StAccepted,
            CaseStatus::Agreement => Msg::StAgreement,
            CaseStatus::NoAgreement => Msg::StNoAgreement,
            CaseStatus::Referred => Msg::StReferred,
            CaseStatus::Closed => Msg::StClosed,
            CaseStatus::Declined => Msg::StDeclined,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&field_error(self, Lang::En))
    }
}

impl std::error::Error for FieldError {}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&step_error(self, Lang::En))
    }
}

impl std::error::Error for StepError {}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&batch_error(self, Lang::En))
    }
}

impl std::error::Error for BatchError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::categories::SetId;
    use chrono::NaiveDate;

    fn problems() -> Vec<Problem> {
        let mut v = vec![
            Problem::Required,
            Problem::TooLong { max: 200, got: 201 },
            Problem::ControlCharacter,
            Problem::BadPhone,
            Problem::AfterToday,
            Problem::BeforeToday,
            Problem::OutOfRange { min: 1, max: 30 },
            Problem::UnknownCategory {
                set: SetId::Topic,
                key: "weather".into(),
            },
            Problem::RetiredCategory {
                set: SetId::Topic,
                key: "old_topic".into(),
            },
            Problem::Duplicate("care".into()),
            Problem::BadAmount,
        ];
        v.extend(FieldId::ALL.iter().map(|&other| Problem::Before { other }));
        v.extend(Rule::ALL.iter().map(|&r| Problem::Broken(r)));
        v
    }

    fn step_errors() -> Vec<StepError> {
        let mut steps: Vec<StepName> = Vec::new();
        steps.extend(VisitStepKind::ALL.map(StepName::Visit));
        steps.extend(IssueStepKind::ALL.map(StepName::Issue));
        use CaseStepKind as K;
        steps.extend(
            [
                K::Consent { party: 0 },
                K::ScheduleSession,
                K::RecordSession { index: 0 },
                K::Agree,
                K::NoAgreement,
                K::Refer,
                K::ReferBroken,
                K::CloseHonoured,
                K::CloseReferral,
                K::ConsentToExtend { party: 1 },
                K::Extend,
            ]
            .map(StepName::Case),
        );
        steps.extend(CareStepKind::ALL.map(StepName::Care));
        steps.extend(EntryStepKind::ALL.map(StepName::Entry));
        let mut states: Vec<StateName> = Vec::new();
        states.extend([CareState::Active, CareState::Inactive].map(StateName::Care));
        states.extend(VisitState::ALL.map(StateName::Visit));
        states.extend(IssueStatus::ALL.map(StateName::Issue));
        states.extend(CaseStatus::ALL.map(StateName::Case));
        let mut out = Vec::new();
        for &step in &steps {
            for &state in &states {
                out.push(StepError::NotAllowed { step, state });
            }
        }
        out.extend(Rule::ALL.iter().map(|&r| StepError::Rule(r)));
        out
    }

    fn batch_errors() -> Vec<BatchError> {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        vec![
            BatchError::NoWorkingDay { from: d, to: d },
            BatchError::NoOfficers,
            BatchError::ZeroLimit,
            BatchError::Capacity {
                entries: 40,
                capacity: 20,
            },
        ]
    }

    /// A snake_case identifier: letters joined by an underscore.
    fn internal_name(text: &str) -> Option<&str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| {
                w.contains('_')
                    && w.split('_').filter(|p| !p.is_empty()).count() > 1
                    && w.chars().any(|c| c.is_ascii_lowercase())
            })
    }

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn check(what: &str, lang: Lang, text: &str) {
        assert!(!text.trim().is_empty(), "{what}: empty in {lang:?}");
        if lang == Lang::Zh {
            assert!(has_cjk(text), "{what}: untranslated: {text}");
        }
        assert_eq!(internal_name(text), None, "{what}: internal name in {text}");
        for sep in [": ", "："] {
            if let Some((a, b)) = text.split_once(sep) {
                assert_ne!(a.trim(), b.trim(), "{what}: doubled: {text}");
            }
        }
        for key in ["raised_on", "received_on", "follow_up_on", "#"] {
            assert!(!text.contains(key), "{what}: {key} in {text}");
        }
    }

    #[test]
    fn every_error_reads_in_both_languages_without_internal_names() {
        for lang in [Lang::En, Lang::Zh] {
            for &field in FieldId::ALL {
                check(&format!("{field:?}"), lang, field_label(field).text(lang));
                for p in problems() {
                    let e = FieldError::new(field, p.clone());
                    let what = format!("{field:?} {p:?}");
                    check(&what, lang, &problem(&e, lang));
                    check(&what, lang, &field_error(&e, lang));
                    check(&what, lang, &step_error(&StepError::Field(e), lang));
                }
            }
            for e in step_errors() {
                check(&format!("{e:?}"), lang, &step_error(&e, lang));
            }
            for e in batch_errors() {
                check(&format!("{e:?}"), lang, &batch_error(&e, lang));
            }
            let conflict = StoreError::Conflict {
                entity: "mediation case",
                id: 73,
                expected: 1,
                actual: 2,
                by: "王丽".into(),
                at: "2026-11-26T09:30:00.000Z".into(),
            };
            let not_found = StoreError::NotFound {
                entity: "visit",
                id: 118,
            };
            for e in [StoreError::ReadOnly, StoreError::Busy, conflict, not_found] {
                let text = store_error(&e, lang);
                check(&format!("{e:?}"), lang, &text);
                assert!(!text.contains("73") && !text.contains("118"), "{text}");
            }
        }
    }

    #[test]
    fn the_status_line_names_the_field_once() {
        let e = FieldError::new(
            FieldId::Deadline,
            Problem::Before {
                other: FieldId::RaisedOn,
            },
        );
        assert_eq!(
            field_error(&e, Lang::En),
            "Deadline: must not be before Raised on"
        );
        assert_eq!(field_error(&e, Lang::Zh), "整改期限：不得早于反映日期");
        let e = FieldError::new(FieldId::Summary, Problem::Required);
        assert_eq!(field_error(&e, Lang::Zh), "摘要：必填");
        assert_eq!(problem(&e, Lang::En), "required");
    }

    #[test]
    fn a_chain_says_a_domain_error_once() {
        let e = FieldError::new(
            FieldId::Unit,
            Problem::UnknownCategory {
                set: SetId::Unit,
                key: "nowhere".into(),
            },
        );
        let any = anyhow::Error::new(StoreError::Invalid(e));
        assert_eq!(
            format!("{any:#}"),
            "Unit: “nowhere” is not one of the choices"
        );
    }

    #[test]
    fn errors_inside_store_and_anyhow_errors_are_explained() {
        let e = StepError::Rule(Rule::AlreadyExtended);
        let any = anyhow::Error::new(StoreError::Step(e.clone()));
        assert_eq!(error(&any, Lang::Zh), "调解期限已经延长过一次");
        let any = anyhow::Error::new(e).context("saving");
        assert_eq!(
            error(&any, Lang::En),
            "the time limit was already extended once"
        );
    }

    #[test]
    fn the_checker_catches_what_it_claims() {
        assert_eq!(
            internal_name("must not be before raised_on"),
            Some("raised_on")
        );
        assert_eq!(internal_name("Raised on"), None);
        assert!(!has_cjk("date must not be before raised_on"));
    }

    #[test]
    fn every_reason_reads_in_both_languages() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        const FROM: &str = "2026-12-14";
        const TO: &str = "2026-12-18";
        let (from, to) = (d(FROM), d(TO));
        let all = [
            BatchError::Reversed { from: to, to: from },
            BatchError::NoWorkingDay { from, to },
            BatchError::NoOfficers,
            BatchError::ZeroLimit,
            BatchError::NobodyInGroups,
            BatchError::AllPlanned {
                entries: 7,
                from,
                to,
            },
            BatchError::Capacity {
                entries: 61,
                capacity: 60,
            },
        ];
        for e in &all {
            let en = batch_error(e, Lang::En);
            let zh = batch_error(e, Lang::Zh);
            assert!(!en.contains("{}") && !zh.contains("{}"), "{en} / {zh}");
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        let all_planned = batch_error(&all[5], Lang::Zh);
        assert!(
            all_planned.contains('7') && all_planned.contains(FROM),
            "{all_planned}"
        );
        let reversed = batch_error(&all[0], Lang::En);
        assert!(
            reversed.contains(FROM) && reversed.contains(TO),
            "{reversed}"
        );
    }
}
