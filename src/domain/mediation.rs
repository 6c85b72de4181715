//! Mediation of civil disputes, docs/ARCHITECTURE.md, "Mediation cases".
//!
//! received → accepted (every party consents) | declined →
//! sessions → agreement | no agreement → referred → closed (agreement
//! honoured, or referral confirmed). Mediation is voluntary, so nothing
//! happens in a session before every party has consented.

use super::error::{FieldId as F, Rule, StateName, StepName};
use super::validate::{self as v, Use};
use super::{FieldError, Id, Problem, StepError};
use crate::config::categories::{Categories, SetId};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A party's role in the dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Applicant,
    Respondent,
    Other,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Respondent => "respondent",
            Role::Other => "other",
        }
    }
    pub fn from_name(s: &str) -> Option<Role> {
        [Role::Applicant, Role::Respondent, Role::Other]
            .into_iter()
            .find(|r| r.name() == s)
    }
}

/// A party's consent to mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    Pending,
    Given,
    Refused,
}

impl Consent {
    pub fn name(self) -> &'static str {
        match self {
            Consent::Pending => "pending",
            Consent::Given => "given",
            Consent::Refused => "refused",
        }
    }
    pub fn from_name(s: &str) -> Option<Consent> {
        [Consent::Pending, Consent::Given, Consent::Refused]
            .into_iter()
            .find(|c| c.name() == s)
    }
}

/// One party to the dispute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub entry_id: Option<Id>,
    pub name: String,
    pub role: Role,
    pub consent: Consent,
    /// Consent to extend the one-month time limit.
    pub extension_consent: bool,
}

impl Party {
    pub fn new(entry_id: Option<Id>, name: &str, role: Role) -> Party {
        Party {
            entry_id,
            name: name.into(),
            role,
            consent: Consent::Pending,
            extension_consent: false,
        }
    }

    /// The same person: the same directory entry, or (neither in the
    /// directory) the same name.
    pub fn is_same_person(&self, other: &Party) -> bool {
        match (self.entry_id, other.entry_id) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.name.trim() == other.name.trim(),
            _ => false,
        }
    }
}

/// Most days one extension of the time limit may add.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// A party that an edit replaced, added or removed (for the timeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyChange {
    /// The party's place in the case.
    pub index: usize,
    /// Who was there before (None: a party was added).
    pub from: Option<String>,
    /// Who is there now (None: the party was removed).
    pub to: Option<String>,
}

/// Applies an edit's parties to `old`. Consent belongs to a person: a party
/// that is still the same person keeps their consents, a replaced or added
/// party starts with none, whatever the edit carried. An accepted case
/// whose parties no longer all consent goes back to received.
pub fn edit_parties(old: &MediationCase, parties: &[Party]) -> (MediationCase, Vec<PartyChange>) {
    let mut next = old.clone();
    let mut changes = Vec::new();
    next.parties = parties
        .iter()
        .enumerate()
        .map(|(i, p)| match old.parties.get(i) {
            Some(o) if o.is_same_person(p) => Party {
                consent: o.consent,
                extension_consent: o.extension_consent,
                ..p.clone()
            },
            o => {
                changes.push(PartyChange {
                    index: i,
                    from: o.map(|o| o.name.clone()),
                    to: Some(p.name.clone()),
                });
                Party::new(p.entry_id, &p.name, p.role)
            }
        })
        .collect();
    for (i, o) in old.parties.iter().enumerate().skip(parties.len()) {
        changes.push(PartyChange {
            index: i,
            from: Some(o.name.clone()),
            to: None,
        });
    }
    let all_consent = next.parties.iter().all(|p| p.consent == Consent::Given);
    if next.status == CaseStatus::Accepted && !all_consent {
        next.status = CaseStatus::Received;
        next.accepted_on = None;
        next.limit_on = None;
        next.extended_days = None;
    }
    (next, changes)
}

/// A mediation session, planned or held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub on: NaiveDate,
    pub mediators: Vec<Id>,
    pub attendees: String,
    pub notes: String,
    pub held: bool,
    /// The planned visit that puts the session on the calendar.
    pub visit_id: Option<Id>,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Received,
    Accepted,
    Agreement,
    NoAgreement,
    Referred,
    Closed,
    /// A party refused mediation: the case ended before it began.
    Declined,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 7] = [
        CaseStatus::Received,
        CaseStatus::Accepted,
        CaseStatus::Agreement,
        CaseStatus::NoAgreement,
        CaseStatus::Referred,
        CaseStatus::Closed,
        CaseStatus::Declined,
    ];
    pub fn name(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Accepted => "accepted",
            CaseStatus::Agreement => "agreement",
            CaseStatus::NoAgreement => "no_agreement",
            CaseStatus::Referred => "referred",
            CaseStatus::Closed => "closed",
            CaseStatus::Declined => "declined",
        }
    }
    pub fn from_name(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// How a closed case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Declined,
    Honoured,
    ReferralConfirmed,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Declined => "declined",
            Outcome::Honoured => "honoured",
            Outcome::ReferralConfirmed => "referral_confirmed",
        }
    }
    pub fn from_name(s: &str) -> Option<Outcome> {
        [
            Outcome::Declined,
            Outcome::Honoured,
            Outcome::ReferralConfirmed,
        ]
        .into_iter()
        .find(|o| o.name() == s)
    }
}

/// The terms agreed and when to check they are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub terms: String,
    pub on: NaiveDate,
    pub follow_up_on: NaiveDate,
}

/// Where the case was sent when mediation here could not settle it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub target: String,
    pub on: NaiveDate,
    pub note: String,
}

/// A civil dispute in the mediation queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediationCase {
    pub received_on: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub source: String,
    pub risk: String,
    /// A station leader in personal charge (for high-risk cases).
    pub leader_id: Option<Id>,
    pub visit_id: Option<Id>,
    pub parties: Vec<Party>,
    pub sessions: Vec<Session>,
    pub status: CaseStatus,
    pub accepted_on: Option<NaiveDate>,
    /// The time limit: one month from acceptance unless extended.
    pub limit_on: Option<NaiveDate>,
    /// The days the time limit was extended by (it extends at most once).
    pub extended_days: Option<u32>,
    pub agreement: Option<Agreement>,
    pub referral: Option<Referral>,
    pub outcome: Option<Outcome>,
    pub decline_reason: String,
    pub closed_on: Option<NaiveDate>,
    /// The readable reference number (e.g. `XC-M-2026-0007`), assigned by
    /// the store when the case is received; empty until then.
    #[serde(default)]
    pub reference: String,
}

impl MediationCase {
    /// A newly received case.
    pub fn received(
        on: NaiveDate,
        kind: &str,
        summary: &str,
        risk: &str,
        parties: Vec<Party>,
    ) -> Self {
        MediationCase {
            received_on: on,
            kind: kind.into(),
            summary: summary.into(),
            source: "walk_in".into(),
            risk: risk.into(),
            leader_id: None,
            visit_id: None,
            parties,
            sessions: Vec::new(),
            status: CaseStatus::Received,
            accepted_on: None,
            limit_on: None,
            extended_days: None,
            agreement: None,
            referral: None,
            outcome: None,
            decline_reason: String::new(),
            closed_on: None,
            reference: String::new(),
        }
    }

    /// Validates the fields a form edits.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&MediationCase>,
    ) -> Result<Self, FieldError> {
        v::plausible_date(F::ReceivedOn, self.received_on)?;
        let same = |f: fn(&MediationCase) -> &str| match old {
            Some(o) if f(o) == f(self) => Use::Existing,
            _ => Use::New,
        };
        v::category(
            cats,
            SetId::DisputeKind,
            F::Kind,
            &self.kind,
            same(|c| &c.kind),
        )?;
        v::category(
            cats,
            SetId::MediationSource,
            F::Source,
            &self.source,
            same(|c| &c.source),
        )?;
        v::category(cats, SetId::Risk, F::Risk, &self.risk, same(|c| &c.risk))?;
        let mut parties = Vec::with_capacity(self.parties.len());
        for p in &self.parties {
            parties.push(Party {
                name: v::line(F::Parties, &p.name, true)?,
                ..p.clone()
            });
        }
        let broken = |rule| Err(FieldError::new(F::Parties, Problem::Broken(rule)));
        let has = |r: Role| parties.iter().any(|p| p.role == r);
        if !has(Role::Applicant) || !has(Role::Respondent) {
            return broken(Rule::ApplicantAndRespondent);
        }
        for (i, p) in parties.iter().enumerate() {
            if parties[..i].iter().any(|q| q.is_same_person(p)) {
                return broken(Rule::SamePartyTwice);
            }
        }
        Ok(MediationCase {
            summary: v::text(F::Summary, &self.summary, true)?,
            parties,
            ..self.clone()
        })
    }

    /// The case is still being worked (not closed, not declined).
    pub fn is_open(&self) -> bool {
        !matches!(self.status, CaseStatus::Closed | CaseStatus::Declined)
    }

    /// The top risk grade: marked everywhere the case appears.
    pub fn is_high_risk(&self, cats: &Categories) -> bool {
        self.risk == cats.top_risk()
    }

    /// Days left of the time limit (negative when past it).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.limit_on.map(|l| (l - today).num_days())
    }

    /// The earliest session not yet held.
    pub fn next_session(&self) -> Option<NaiveDate> {
        self.sessions.iter().filter(|s| !s.held).map(|s| s.on).min()
    }
}

/// The kinds of step on a case, as menus offer them; per-party and
/// per-session kinds carry the party's or session's place in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStepKind {
    /// Record party n's answer (given or refused).
    Consent {
        party: usize,
    },
    ScheduleSession,
    RecordSession {
        index: usize,
    },
    Agree,
    NoAgreement,
    /// Refer a case that found no agreement here.
    Refer,
    /// Refer a case whose agreement was not honoured.
    ReferBroken,
    /// Close: the agreement was honoured.
    CloseHonoured,
    /// Close: the referral was confirmed.
    CloseReferral,
    /// Party n agrees to extend the time limit.
    ConsentToExtend {
        party: usize,
    },
    Extend,
}

/// The session the next "record" step records: the earliest not held (by
/// date, then order).
pub fn session_to_record(c: &MediationCase) -> Option<usize> {
    c.sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.held)
        .min_by_key(|(i, s)| (s.on, *i))
        .map(|(i, _)| i)
}

/// The steps `case` allows in its current state, in menu order.
pub fn allowed_steps(c: &MediationCase) -> Vec<CaseStepKind> {
    use CaseStepKind as K;
    let mut steps = Vec::new();
    match c.status {
        CaseStatus::Received => {
            for (party, p) in c.parties.iter().enumerate() {
                if p.consent == Consent::Pending {
                    steps.push(K::Consent { party });
                }
            }
        }
        CaseStatus::Accepted => {
            steps.push(K::ScheduleSession);
            if let Some(index) = session_to_record(c) {
                steps.push(K::RecordSession { index });
            }
            if c.sessions.iter().any(|s| s.held) {
                steps.push(K::Agree);
                steps.push(K::NoAgreement);
            }
            steps.push(K::Refer);
            if c.extended_days.is_none() && c.limit_on.is_some() {
                for (party, p) in c.parties.iter().enumerate() {
                    if !p.extension_consent {
                        steps.push(K::ConsentToExtend { party });
                    }
                }
                if c.parties.iter().all(|p| p.extension_consent) {
                    steps.push(K::Extend);
                }
            }
        }
        CaseStatus::Agreement => {
            steps.push(K::CloseHonoured);
            steps.push(K::ReferBroken);
        }
        CaseStatus::NoAgreement => steps.push(K::Refer),
        CaseStatus::Referred => steps.push(K::CloseReferral),
        CaseStatus::Closed | CaseStatus::Declined => {}
    }
    steps
}

/// A step of the mediation lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseStep {
    /// Record one party's answer; `reason` is required when refusing.
    Consent {
        party: usize,
        given: bool,
        reason: String,
        on: NaiveDate,
    },
    ScheduleSession {
        on: NaiveDate,
        mediators: Vec<Id>,
    },
    /// Record the session at `index` as held.
    RecordSession {
        index: usize,
        attendees: String,
        notes: String,
    },
    Agree(Agreement),
    NoAgreement,
    Refer(Referral),
    /// Close: the agreement honoured, or the referral confirmed.
    Close {
        on: NaiveDate,
    },
    ConsentToExtend {
        party: usize,
    },
    /// Extend the time limit once, by at most [`MAX_EXTENSION_DAYS`].
    Extend {
        days: u32,
    },
}

impl CaseStep {
    pub fn name(&self) -> &'static str {
        match self {
            CaseStep::Consent { .. } => "consent",
            CaseStep::ScheduleSession { .. } => "schedule_session",
            CaseStep::RecordSession { .. } => "record_session",
            CaseStep::Agree(_) => "agree",
            CaseStep::NoAgreement => "no_agreement",
            CaseStep::Refer(_) => "refer",
            CaseStep::Close { .. } => "close",
            CaseStep::ConsentToExtend { .. } => "consent_to_extend",
            CaseStep::Extend { .. } => "extend",
        }
    }

    /// The step's kind on `case` (a referral or close is named by what it
    /// follows).
    pub fn kind(&self, case: &MediationCase) -> CaseStepKind {
        use CaseStepKind as K;
        let agreed = case.status == CaseStatus::Agreement;
        match self {
            CaseStep::Consent { party, .. } => K::Consent { party: *party },
            CaseStep::ScheduleSession { .. } => K::ScheduleSession,
            CaseStep::RecordSession { index, .. } => K::RecordSession { index: *index },
            CaseStep::Agree(_) => K::Agree,
            CaseStep::NoAgreement => K::NoAgreement,
            CaseStep::Refer(_) if agreed => K::ReferBroken,
            CaseStep::Refer(_) => K::Refer,
            CaseStep::Close { .. } if agreed => K::CloseHonoured,
            CaseStep::Close { .. } => K::CloseReferral,
            CaseStep::ConsentToExtend { party } => K::ConsentToExtend { party: *party },
            CaseStep::Extend { .. } => K::Extend,
        }
    }
}

/// Applies one step on `today`, or says why it is not allowed: exactly the
/// kinds [`allowed_steps`] lists succeed (with valid values), and nothing
/// done (a consent, a held session, an agreement, a referral, a close) is
/// dated after today.
pub fn apply(
    case: &MediationCase,
    step: &CaseStep,
    cats: &Categories,
    today: NaiveDate,
) -> Result<MediationCase, StepError> {
    let kind = step.kind(case);
    if !allowed_steps(case).contains(&kind) {
        return Err(refusal(case, step, kind));
    }
    let done_on = |on: NaiveDate| -> Result<(), FieldError> {
        v::not_before(F::Date, on, F::ReceivedOn, case.received_on)?;
        v::not_after_today(F::Date, on, today)
    };
    let mut next = case.clone();
    match step {
        CaseStep::Consent {
            party,
            given,
            reason,
            on,
        } => {
            done_on(*on)?;
            consent(&mut next, *party, *given, reason, *on)?;
        }
        CaseStep::ScheduleSession { on, mediators } => {
            v::distinct_ids(F::Mediators, mediators, true)?;
            v::not_before(F::Date, *on, F::ReceivedOn, case.received_on)?;
            next.sessions.push(Session {
                on: *on,
                mediators: mediators.clone(),
                attendees: String::new(),
                notes: String::new(),
                held: false,
                visit_id: None,
            });
        }
        CaseStep::RecordSession {
            index,
            attendees,
            notes,
        } => {
            let s = &mut next.sessions[*index];
            v::not_after_today(F::Date, s.on, today)?;
            s.attendees = v::text(F::Attendees, attendees, true)?;
            s.notes = v::text(F::Notes, notes, false)?;
            s.held = true;
        }
        CaseStep::Agree(a) => {
            done_on(a.on)?;
            v::not_before(F::FollowUpOn, a.follow_up_on, F::AgreedOn, a.on)?;
            next.agreement = Some(Agreement {
                terms: v::text(F::Terms, &a.terms, true)?,
                ..a.clone()
            });
            next.status = CaseStatus::Agreement;
        }
        CaseStep::NoAgreement => next.status = CaseStatus::NoAgreement,
        CaseStep::Refer(r) => {
            v::category(
                cats,
                SetId::ReferralTarget,
                F::ReferralTarget,
                &r.target,
                Use::New,
            )?;
            done_on(r.on)?;
            next.referral = Some(Referral {
                note: v::text(F::Note, &r.note, false)?,
                ..r.clone()
            });
            next.status = CaseStatus::Referred;
        }
        CaseStep::Close { on } => {
            done_on(*on)?;
            next.outcome = Some(if case.status == CaseStatus::Agreement {
                Outcome::Honoured
            } else {
                Outcome::ReferralConfirmed
            });
            next.status = CaseStatus::Closed;
            next.closed_on = Some(*on);
        }
        CaseStep::ConsentToExtend { party } => next.parties[*party].extension_consent = true,
        CaseStep::Extend { days } => {
            v::range(F::Days, i64::from(*days), 1, i64::from(MAX_EXTENSION_DAYS))?;
            next.limit_on = case
                .limit_on
                .map(|l| l + chrono::Days::new(u64::from(*days)));
            next.extended_days = Some(*days);
        }
    }
    Ok(next)
}

/// Why a step of `kind` is refused on `case`: the rule it breaks when one
/// explains it better than the state.
fn refusal(case: &MediationCase, step: &CaseStep, kind: CaseStepKind) -> StepError {
    use CaseStatus as S;
    let rule = match (step, case.status) {
        (CaseStep::ScheduleSession { .. }, S::Received) => Some(Rule::SessionBeforeConsent),
        (CaseStep::Consent { party, .. } | CaseStep::ConsentToExtend { party }, _)
            if *party >= case.parties.len() =>
        {
            Some(Rule::NoSuchParty)
        }
        (CaseStep::RecordSession { index, .. }, S::Accepted) => {
            Some(match case.sessions.get(*index) {
                Some(s) if s.held => Rule::SessionAlreadyRecorded,
                Some(_) => return not_allowed(case, kind),
                None => Rule::NoSuchSession,
            })
        }
        (CaseStep::Agree(_) | CaseStep::NoAgreement, S::Accepted) => Some(Rule::HeldSessionFirst),
        (CaseStep::Extend { .. } | CaseStep::ConsentToExtend { .. }, S::Accepted)
            if case.extended_days.is_some() =>
        {
            Some(Rule::AlreadyExtended)
        }
        (CaseStep::Extend { .. }, S::Accepted) => Some(Rule::ExtensionNeedsConsent),
        _ => None,
    };
    match rule {
        Some(r) => StepError::Rule(r),
        None => not_allowed(case, kind),
    }
}

fn not_allowed(case: &MediationCase, kind: CaseStepKind) -> StepError {
    StepError::NotAllowed {
        step: StepName::Case(kind),
        state: StateName::Case(case.status),
    }
}

/// Records a party's consent. A refusal closes the case as declined; the
/// last consent accepts it and starts the one-month time limit.
fn consent(
    next: &mut MediationCase,
    party: usize,
    given: bool,
    reason: &str,
    on: NaiveDate,
) -> Result<(), StepError> {
    let p = &mut next.parties[party];
    if given {
        p.consent = Consent::Given;
    } else {
        p.consent = Consent::Refused;
        next.decline_reason = v::text(F::Reason, reason, true)?;
        next.status = CaseStatus::Declined;
        next.outcome = Some(Outcome::Declined);
        next.closed_on = Some(on);
        return Ok(());
    }
    if next.parties.iter().all(|p| p.consent == Consent::Given) {
        next.status = CaseStatus::Accepted;
        next.accepted_on = Some(on);
        next.limit_on = on.checked_add_months(Months::new(1));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldId as F;

    const TODAY: &str = "2026-12-31";

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn cats() -> Categories {
        Categories::shipped()
    }
    fn case() -> MediationCase {
        let parties = vec![
            Party::new(Some(1), "刘强", Role::Applicant),
            Party::new(Some(2), "陈明", Role::Respondent),
        ];
        MediationCase::received(
            d("2026-11-01"),
            "neighbour",
            "楼上漏水纠纷",
            "high",
            parties,
        )
    }
    fn run(c: &MediationCase, steps: &[CaseStep]) -> MediationCase {
        steps
            .iter()
            .fold(c.clone(), |c, s| apply(&c, s, &cats(), d(TODAY)).unwrap())
    }
    fn consent_all() -> Vec<CaseStep> {
        (0..2)
            .map(|party| CaseStep::Consent {
                party,
                given: true,
                reason: String::new(),
                on: d("2026-11-02"),
            })
            .collect()
    }
    fn schedule() -> CaseStep {
        CaseStep::ScheduleSession {
            on: d("2026-11-05"),
            mediators: vec![4],
        }
    }
    fn record() -> CaseStep {
        CaseStep::RecordSession {
            index: 0,
            attendees: "双方当事人".into(),
            notes: "初步沟通".into(),
        }
    }
    fn agree() -> CaseStep {
        CaseStep::Agree(Agreement {
            terms: "陈明赔偿 800 元".into(),
            on: d("2026-11-05"),
            follow_up_on: d("2026-12-05"),
        })
    }
    fn sessions_held() -> MediationCase {
        run(
            &case(),
            &[consent_all(), vec![schedule(), record()]].concat(),
        )
    }

    #[test]
    fn consent_of_all_accepts_and_starts_time_limit() {
        let c = run(&case(), &consent_all()[..1]);
        assert_eq!(c.status, CaseStatus::Received);
        let c = run(&case(), &consent_all());
        assert_eq!(c.status, CaseStatus::Accepted);
        assert_eq!(c.limit_on, Some(d("2026-12-02")));
        assert_eq!(c.days_left(d("2026-11-26")), Some(6));
    }

    #[test]
    fn a_refusal_closes_as_declined_with_reason() {
        let refuse = CaseStep::Consent {
            party: 1,
            given: false,
            reason: "不愿调解".into(),
            on: d("2026-11-02"),
        };
        let c = run(&case(), &[refuse]);
        assert_eq!(
            (c.status, c.outcome),
            (CaseStatus::Declined, Some(Outcome::Declined))
        );
        assert_eq!(c.decline_reason, "不愿调解");
        let no_reason = CaseStep::Consent {
            party: 1,
            given: false,
            reason: "".into(),
            on: d("2026-11-02"),
        };
        assert!(apply(&case(), &no_reason, &cats(), d(TODAY)).is_err());
    }

    #[test]
    fn no_session_before_consent() {
        let e = apply(&case(), &schedule(), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::SessionBeforeConsent));
    }

    #[test]
    fn agreement_needs_a_held_session_then_closes_honoured() {
        let accepted = run(&case(), &consent_all());
        let scheduled = run(&accepted, &[schedule()]);
        assert_eq!(scheduled.next_session(), Some(d("2026-11-05")));
        assert!(matches!(
            apply(&scheduled, &agree(), &cats(), d(TODAY)),
            Err(StepError::Rule(_))
        ));
        let agreed = run(&sessions_held(), &[agree()]);
        assert_eq!(agreed.status, CaseStatus::Agreement);
        let closed = run(
            &agreed,
            &[CaseStep::Close {
                on: d("2026-12-05"),
            }],
        );
        assert_eq!(closed.outcome, Some(Outcome::Honoured));
    }

    #[test]
    fn no_agreement_then_referral_then_confirmed() {
        let c = run(&sessions_held(), &[CaseStep::NoAgreement]);
        assert_eq!(c.status, CaseStatus::NoAgreement);
        let refer = CaseStep::Refer(Referral {
            target: "court".into(),
            on: d("2026-11-10"),
            note: "".into(),
        });
        let c = run(
            &c,
            &[
                refer,
                CaseStep::Close {
                    on: d("2026-11-20"),
                },
            ],
        );
        assert_eq!(c.outcome, Some(Outcome::ReferralConfirmed));
    }

    #[test]
    fn closed_and_received_cases_refuse_later_steps() {
        let closed = run(
            &sessions_held(),
            &[
                agree(),
                CaseStep::Close {
                    on: d("2026-12-05"),
                },
            ],
        );
        for step in [
            schedule(),
            record(),
            agree(),
            CaseStep::NoAgreement,
            CaseStep::Close {
                on: d("2026-12-06"),
            },
        ] {
            assert!(
                apply(&closed, &step, &cats(), d(TODAY)).is_err(),
                "{step:?}"
            );
        }
        assert!(apply(
            &case(),
            &CaseStep::Close {
                on: d("2026-12-06")
            },
            &cats(),
            d(TODAY)
        )
        .is_err());
        assert!(apply(&case(), &CaseStep::NoAgreement, &cats(), d(TODAY)).is_err());
        let bad_target = CaseStep::Refer(Referral {
            target: "moon".into(),
            on: d("2026-11-10"),
            note: "".into(),
        });
        assert!(apply(&sessions_held(), &bad_target, &cats(), d(TODAY)).is_err());
    }

    #[test]
    fn recording_a_session_twice_is_refused() {
        let e = apply(&sessions_held(), &record(), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::SessionAlreadyRecorded));
    }

    #[test]
    fn extension_needs_both_consents() {
        let accepted = run(&case(), &consent_all());
        let extend = CaseStep::Extend { days: 15 };
        assert!(matches!(
            apply(&accepted, &extend, &cats(), d(TODAY)),
            Err(StepError::Rule(_))
        ));
        let one = run(&accepted, &[CaseStep::ConsentToExtend { party: 0 }]);
        assert!(apply(&one, &extend, &cats(), d(TODAY)).is_err());
        let both = run(&one, &[CaseStep::ConsentToExtend { party: 1 }, extend]);
        assert_eq!(both.limit_on, Some(d("2026-12-17")));
    }

    /// Every step tried from every state: exactly the listed ones succeed.
    #[test]
    fn each_state_allows_only_its_steps() {
        let refer = || {
            CaseStep::Refer(Referral {
                target: "court".into(),
                on: d("2026-11-10"),
                note: "".into(),
            })
        };
        let steps = || {
            vec![
                CaseStep::Consent {
                    party: 0,
                    given: true,
                    reason: String::new(),
                    on: d("2026-11-02"),
                },
                schedule(),
                record(),
                agree(),
                CaseStep::NoAgreement,
                refer(),
                CaseStep::Close {
                    on: d("2026-12-06"),
                },
                CaseStep::ConsentToExtend { party: 0 },
            ]
        };
        let received = case();
        let accepted = run(&case(), &consent_all());
        let held = sessions_held();
        let agreed = run(&held, &[agree()]);
        let failed = run(&held, &[CaseStep::NoAgreement]);
        let referred = run(&failed, &[refer()]);
        let closed = run(
            &agreed,
            &[CaseStep::Close {
                on: d("2026-12-05"),
            }],
        );
        // (state, indexes of steps() allowed from it)
        let table: [(&MediationCase, &[usize]); 7] = [
            (&received, &[0]),
            (&accepted, &[1, 5, 7]),
            (&held, &[1, 3, 4, 5, 7]),
            (&agreed, &[5, 6]),
            (&failed, &[5]),
            (&referred, &[6]),
            (&closed, &[]),
        ];
        for (state, allowed) in table {
            for (n, step) in steps().iter().enumerate() {
                let r = apply(state, step, &cats(), d(TODAY));
                assert_eq!(
                    r.is_ok(),
                    allowed.contains(&n),
                    "{:?} then {step:?}: {r:?}",
                    state.status
                );
            }
        }
    }

    #[test]
    fn case_fields_are_checked() {
        let c = cats();
        let mut m = case();
        m.parties.pop();
        assert_eq!(m.validated(&c, None).unwrap_err().field, F::Parties);
        let mut m = case();
        m.risk = "extreme".into();
        assert_eq!(m.validated(&c, None).unwrap_err().field, F::Risk);
        let mut m = case();
        m.summary.clear();
        assert_eq!(m.validated(&c, None).unwrap_err().field, F::Summary);
        assert!(case().is_high_risk(&c));
    }

    /// A valid step of `kind` on `c`.
    fn sample(kind: CaseStepKind) -> CaseStep {
        use CaseStepKind as K;
        match kind {
            K::Consent { party } => CaseStep::Consent {
                party,
                given: true,
                reason: String::new(),
                on: d("2026-11-02"),
            },
            K::ScheduleSession => schedule(),
            K::RecordSession { index } => CaseStep::RecordSession {
                index,
                attendees: "双方".into(),
                notes: String::new(),
            },
            K::Agree => agree(),
            K::NoAgreement => CaseStep::NoAgreement,
            K::Refer | K::ReferBroken => CaseStep::Refer(Referral {
                target: "court".into(),
                on: d("2026-11-10"),
                note: String::new(),
            }),
            K::CloseHonoured | K::CloseReferral => CaseStep::Close {
                on: d("2026-12-06"),
            },
            K::ConsentToExtend { party } => CaseStep::ConsentToExtend { party },
            K::Extend => CaseStep::Extend { days: 10 },
        }
    }

    /// Every kind, with per-party and per-session kinds for places 0..4.
    fn every_kind() -> Vec<CaseStepKind> {
        use CaseStepKind as K;
        let mut kinds = vec![
            K::ScheduleSession,
            K::Agree,
            K::NoAgreement,
            K::Refer,
            K::ReferBroken,
            K::CloseHonoured,
            K::CloseReferral,
            K::Extend,
        ];
        for n in 0..4 {
            kinds.push(K::Consent { party: n });
            kinds.push(K::RecordSession { index: n });
            kinds.push(K::ConsentToExtend { party: n });
        }
        kinds
    }

    fn three_parties() -> MediationCase {
        let mut c = case();
        c.parties.push(Party::new(Some(3), "王芳", Role::Other));
        c
    }

    fn every_state() -> Vec<MediationCase> {
        let accepted = run(&case(), &consent_all());
        let held = sessions_held();
        let agreed = run(&held, &[agree()]);
        let failed = run(&held, &[CaseStep::NoAgreement]);
        let referred = run(&failed, &[sample(CaseStepKind::Refer)]);
        let closed = run(&agreed, &[sample(CaseStepKind::CloseHonoured)]);
        let refuse = CaseStep::Consent {
            party: 1,
            given: false,
            reason: "不愿".into(),
            on: d("2026-11-02"),
        };
        let declined = run(&case(), &[refuse]);
        let one_consent = run(&accepted, &[CaseStep::ConsentToExtend { party: 1 }]);
        let extended = run(
            &one_consent,
            &[
                CaseStep::ConsentToExtend { party: 0 },
                CaseStep::Extend { days: 10 },
            ],
        );
        let two_planned = run(&accepted, &[schedule(), schedule()]);
        let three = three_parties();
        let three_some = run(&three, &consent_all());
        vec![
            case(),
            run(&case(), &consent_all()[..1]),
            accepted,
            held,
            agreed,
            failed,
            referred,
            closed,
            declined,
            one_consent,
            extended,
            two_planned,
            three,
            three_some,
        ]
    }

    /// For every state: each allowed kind succeeds with valid values and
    /// every other kind is refused.
    #[test]
    fn allowed_steps_agree_with_apply() {
        for state in every_state() {
            let allowed = allowed_steps(&state);
            for kind in every_kind() {
                let step = sample(kind);
                let ok =
                    apply(&state, &step, &cats(), d(TODAY)).is_ok() && step.kind(&state) == kind;
                assert_eq!(
                    ok,
                    allowed.contains(&kind),
                    "{:?} {kind:?}: {allowed:?}",
                    state.status
                );
            }
        }
    }

    #[test]
    fn the_time_limit_extends_once_within_the_maximum_with_every_consent() {
        let accepted = run(
            &three_parties(),
            &[
                consent_all(),
                vec![sample(CaseStepKind::Consent { party: 2 })],
            ]
            .concat(),
        );
        assert_eq!(accepted.status, CaseStatus::Accepted);
        let two = run(
            &accepted,
            &[
                CaseStep::ConsentToExtend { party: 0 },
                CaseStep::ConsentToExtend { party: 1 },
            ],
        );
        // The third party has not agreed to extend yet.
        let e = apply(&two, &CaseStep::Extend { days: 10 }, &cats(), d(TODAY)).unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::ExtensionNeedsConsent));
        let all = run(&two, &[CaseStep::ConsentToExtend { party: 2 }]);
        let too_long = CaseStep::Extend {
            days: MAX_EXTENSION_DAYS + 1,
        };
        let e = apply(&all, &too_long, &cats(), d(TODAY)).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError { field: F::Days, .. })
        ));
        let extended = run(&all, &[CaseStep::Extend { days: 30 }]);
        assert_eq!(extended.limit_on, Some(d("2027-01-01")));
        assert_eq!(extended.extended_days, Some(30));
        assert!(!allowed_steps(&extended).contains(&CaseStepKind::Extend));
        let e = apply(&extended, &CaseStep::Extend { days: 1 }, &cats(), d(TODAY)).unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::AlreadyExtended));
    }

    #[test]
    fn replacing_a_party_drops_their_consent() {
        let accepted = run(&case(), &consent_all());
        let accepted = run(&accepted, &[CaseStep::ConsentToExtend { party: 1 }]);
        let mut parties = accepted.parties.clone();
        // The edit carries the old consents over: they must not survive.
        parties[1].entry_id = Some(8);
        parties[1].name = "赵磊".into();
        parties[0].name = "刘强 ".into();
        let (next, changes) = edit_parties(&accepted, &parties);
        assert_eq!(next.parties[1].consent, Consent::Pending);
        assert!(!next.parties[1].extension_consent);
        assert_eq!(
            next.parties[0].consent,
            Consent::Given,
            "the same person keeps it"
        );
        assert_eq!(
            changes,
            vec![PartyChange {
                index: 1,
                from: Some("陈明".into()),
                to: Some("赵磊".into()),
            }]
        );
        assert_eq!(next.status, CaseStatus::Received);
        assert_eq!(next.limit_on, None);
        assert_eq!(
            allowed_steps(&next),
            vec![CaseStepKind::Consent { party: 1 }]
        );
        let (same, none) = edit_parties(&accepted, &accepted.parties);
        assert!(none.is_empty());
        assert_eq!(same, accepted);
    }

    #[test]
    fn one_person_is_one_party_and_a_case_may_have_three() {
        let c = cats();
        let mut m = case();
        m.parties[1].entry_id = Some(1);
        let e = m.validated(&c, None).unwrap_err();
        assert_eq!(
            (e.field, e.problem),
            (F::Parties, Problem::Broken(Rule::SamePartyTwice))
        );
        let mut m = case();
        m.parties.push(Party::new(None, "王芳", Role::Other));
        m.parties.push(Party::new(None, "王芳", Role::Other));
        assert!(m.validated(&c, None).is_err());
        let three = three_parties().validated(&c, None).unwrap();
        assert_eq!(three.parties.len(), 3);
    }

    #[test]
    fn a_refusal_declines_the_case() {
        let refuse = CaseStep::Consent {
            party: 0,
            given: false,
            reason: "不愿".into(),
            on: d("2026-11-02"),
        };
        let c = run(&case(), &[refuse]);
        assert_eq!(c.status, CaseStatus::Declined);
        assert_eq!(c.status.name(), "declined");
        assert!(!c.is_open());
        assert!(allowed_steps(&c).is_empty());
    }

    #[test]
    fn nothing_done_is_dated_after_today() {
        let today = d("2026-11-04");
        let consent = |on| CaseStep::Consent {
            party: 0,
            given: true,
            reason: String::new(),
            on,
        };
        let after = |r: Result<MediationCase, StepError>| {
            matches!(
                r,
                Err(StepError::Field(FieldError {
                    problem: Problem::AfterToday,
                    ..
                }))
            )
        };
        assert!(after(apply(
            &case(),
            &consent(d("2026-11-05")),
            &cats(),
            today
        )));
        // A session planned for the 5th cannot be recorded held on the 4th.
        let planned = run(&case(), &[consent_all(), vec![schedule()]].concat());
        assert!(after(apply(&planned, &record(), &cats(), today)));
        assert!(apply(&planned, &record(), &cats(), d("2026-11-05")).is_ok());
    }
}
