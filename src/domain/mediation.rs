//! Mediation of civil disputes, DESIGN §1.3.
//!
//! received → accepted (every party consents) | closed as declined →
//! sessions → agreement | no agreement → referred → closed (agreement
//! honoured, or referral confirmed). Mediation is voluntary, so nothing
//! happens in a session before every party has consented.

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
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Received,
        CaseStatus::Accepted,
        CaseStatus::Agreement,
        CaseStatus::NoAgreement,
        CaseStatus::Referred,
        CaseStatus::Closed,
    ];
    pub fn name(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Accepted => "accepted",
            CaseStatus::Agreement => "agreement",
            CaseStatus::NoAgreement => "no_agreement",
            CaseStatus::Referred => "referred",
            CaseStatus::Closed => "closed",
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
        v::plausible_date("received_on", self.received_on)?;
        let same = |f: fn(&MediationCase) -> &str| match old {
            Some(o) if f(o) == f(self) => Use::Existing,
            _ => Use::New,
        };
        v::category(
            cats,
            SetId::DisputeKind,
            "kind",
            &self.kind,
            same(|c| &c.kind),
        )?;
        v::category(
            cats,
            SetId::MediationSource,
            "source",
            &self.source,
            same(|c| &c.source),
        )?;
        v::category(cats, SetId::Risk, "risk", &self.risk, same(|c| &c.risk))?;
        let mut parties = Vec::with_capacity(self.parties.len());
        for p in &self.parties {
            parties.push(Party {
                name: v::line("parties", &p.name, true)?,
                ..p.clone()
            });
        }
        let has = |r: Role| parties.iter().any(|p| p.role == r);
        if !has(Role::Applicant) || !has(Role::Respondent) {
            let why = "a dispute needs at least one applicant and one respondent";
            return Err(FieldError::new("parties", Problem::Invalid(why)));
        }
        Ok(MediationCase {
            summary: v::text("summary", &self.summary, true)?,
            parties,
            ..self.clone()
        })
    }

    /// The case is still being worked (not closed).
    pub fn is_open(&self) -> bool {
        self.status != CaseStatus::Closed
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
}

/// Applies one step, or says why it is not allowed.
pub fn apply(
    case: &MediationCase,
    step: &CaseStep,
    cats: &Categories,
) -> Result<MediationCase, StepError> {
    use CaseStatus as S;
    let refuse = || StepError::NotAllowed {
        step: step.name(),
        state: case.status.name(),
    };
    let expect = |allowed: &[S]| {
        if allowed.contains(&case.status) {
            Ok(())
        } else {
            Err(refuse())
        }
    };
    let mut next = case.clone();
    match step {
        CaseStep::Consent {
            party,
            given,
            reason,
            on,
        } => {
            expect(&[S::Received])?;
            consent(&mut next, *party, *given, reason, *on)?;
        }
        CaseStep::ScheduleSession { on, mediators } => {
            if case.status == S::Received {
                return Err(StepError::Rule(
                    "no session before every party has consented",
                ));
            }
            expect(&[S::Accepted])?;
            v::distinct_ids("mediators", mediators, true)?;
            v::not_before("date", *on, "received_on", case.received_on)?;
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
            expect(&[S::Accepted])?;
            let s = next
                .sessions
                .get_mut(*index)
                .ok_or(StepError::Rule("no such session"))?;
            if s.held {
                return Err(StepError::Rule("this session is already recorded"));
            }
            s.attendees = v::text("attendees", attendees, true)?;
            s.notes = v::text("notes", notes, false)?;
            s.held = true;
        }
        CaseStep::Agree(a) => {
            expect(&[S::Accepted])?;
            held_session(case)?;
            v::not_before("follow_up_on", a.follow_up_on, "date", a.on)?;
            next.agreement = Some(Agreement {
                terms: v::text("terms", &a.terms, true)?,
                ..a.clone()
            });
            next.status = S::Agreement;
        }
        CaseStep::NoAgreement => {
            expect(&[S::Accepted])?;
            held_session(case)?;
            next.status = S::NoAgreement;
        }
        CaseStep::Refer(r) => {
            expect(&[S::Accepted, S::Agreement, S::NoAgreement])?;
            v::category(cats, SetId::ReferralTarget, "target", &r.target, Use::New)?;
            v::not_before("date", r.on, "received_on", case.received_on)?;
            next.referral = Some(Referral {
                note: v::text("note", &r.note, false)?,
                ..r.clone()
            });
            next.status = S::Referred;
        }
        CaseStep::Close { on } => {
            expect(&[S::Agreement, S::Referred])?;
            v::not_before("date", *on, "received_on", case.received_on)?;
            let outcome = if case.status == S::Agreement {
                Outcome::Honoured
            } else {
                Outcome::ReferralConfirmed
            };
            next.outcome = Some(outcome);
            next.status = S::Closed;
            next.closed_on = Some(*on);
        }
        CaseStep::ConsentToExtend { party } => {
            expect(&[S::Accepted])?;
            next.parties
                .get_mut(*party)
                .ok_or(StepError::Rule("no such party"))?
                .extension_consent = true;
        }
        CaseStep::Extend { days } => {
            expect(&[S::Accepted])?;
            v::range("days", i64::from(*days), 1, 90)?;
            let principal = |p: &&Party| p.role != Role::Other;
            if !case
                .parties
                .iter()
                .filter(principal)
                .all(|p| p.extension_consent)
            {
                return Err(StepError::Rule(
                    "extending the time limit needs both parties' consent",
                ));
            }
            next.limit_on = case
                .limit_on
                .map(|l| l + chrono::Days::new(u64::from(*days)));
        }
    }
    Ok(next)
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
    v::not_before("date", on, "received_on", next.received_on)?;
    let p = next
        .parties
        .get_mut(party)
        .ok_or(StepError::Rule("no such party"))?;
    if given {
        p.consent = Consent::Given;
    } else {
        p.consent = Consent::Refused;
        next.decline_reason = v::text("reason", reason, true)?;
        next.status = CaseStatus::Closed;
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

fn held_session(case: &MediationCase) -> Result<(), StepError> {
    if case.sessions.iter().any(|s| s.held) {
        Ok(())
    } else {
        Err(StepError::Rule("record a held session first"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            .fold(c.clone(), |c, s| apply(&c, s, &cats()).unwrap())
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
            (CaseStatus::Closed, Some(Outcome::Declined))
        );
        assert_eq!(c.decline_reason, "不愿调解");
        let no_reason = CaseStep::Consent {
            party: 1,
            given: false,
            reason: "".into(),
            on: d("2026-11-02"),
        };
        assert!(apply(&case(), &no_reason, &cats()).is_err());
    }

    #[test]
    fn no_session_before_consent() {
        let e = apply(&case(), &schedule(), &cats()).unwrap_err();
        assert_eq!(
            e,
            StepError::Rule("no session before every party has consented")
        );
    }

    #[test]
    fn agreement_needs_a_held_session_then_closes_honoured() {
        let accepted = run(&case(), &consent_all());
        let scheduled = run(&accepted, &[schedule()]);
        assert_eq!(scheduled.next_session(), Some(d("2026-11-05")));
        assert!(matches!(
            apply(&scheduled, &agree(), &cats()),
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
            assert!(apply(&closed, &step, &cats()).is_err(), "{step:?}");
        }
        assert!(apply(
            &case(),
            &CaseStep::Close {
                on: d("2026-12-06")
            },
            &cats()
        )
        .is_err());
        assert!(apply(&case(), &CaseStep::NoAgreement, &cats()).is_err());
        let bad_target = CaseStep::Refer(Referral {
            target: "moon".into(),
            on: d("2026-11-10"),
            note: "".into(),
        });
        assert!(apply(&sessions_held(), &bad_target, &cats()).is_err());
    }

    #[test]
    fn recording_a_session_twice_is_refused() {
        let e = apply(&sessions_held(), &record(), &cats()).unwrap_err();
        assert_eq!(e, StepError::Rule("this session is already recorded"));
    }

    #[test]
    fn extension_needs_both_consents() {
        let accepted = run(&case(), &consent_all());
        let extend = CaseStep::Extend { days: 15 };
        assert!(matches!(
            apply(&accepted, &extend, &cats()),
            Err(StepError::Rule(_))
        ));
        let one = run(&accepted, &[CaseStep::ConsentToExtend { party: 0 }]);
        assert!(apply(&one, &extend, &cats()).is_err());
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
                let r = apply(state, step, &cats());
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
        assert_eq!(m.validated(&c, None).unwrap_err().field, "parties");
        let mut m = case();
        m.risk = "extreme".into();
        assert_eq!(m.validated(&c, None).unwrap_err().field, "risk");
        let mut m = case();
        m.summary.clear();
        assert_eq!(m.validated(&c, None).unwrap_err().field, "summary");
        assert!(case().is_high_risk(&c));
    }
}
