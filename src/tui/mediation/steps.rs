//! Steps on a mediation case (DESIGN §1.3): each party's consent, then
//! sessions (scheduling one puts a planned visit on the calendar), an
//! agreement with its follow-up check or no agreement, a referral, and the
//! close; the time limit extends only when both parties agree to it.
//!
//! The menu offers only what the case's state allows now. Per-party steps
//! take the party's number (1–9, its place in the case) as their key.

use crate::config::categories::SetId;
use crate::domain::mediation::{
    Agreement, CaseStatus, CaseStep, Consent, MediationCase, Outcome, Party, Referral, Role,
};
use crate::domain::StepError;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::{default_key, Field, Fields, Form, Record, Saved};
use crate::tui::kit::menu::{Opened, Step};
use crate::tui::kit::overlay::Changes;
use crate::tui::mediation::pane::{outcome_msg, role_msg};
use crate::tui::shell::context::Ctx;
use anyhow::Result;
use chrono::{Days, NaiveDate};

/// Consent of party n (its index in the case).
const CONSENT: [&str; 9] = [
    "consent:0",
    "consent:1",
    "consent:2",
    "consent:3",
    "consent:4",
    "consent:5",
    "consent:6",
    "consent:7",
    "consent:8",
];
/// Party n agrees to extend the time limit.
const EXTEND_CONSENT: [&str; 9] = [
    "extend_consent:0",
    "extend_consent:1",
    "extend_consent:2",
    "extend_consent:3",
    "extend_consent:4",
    "extend_consent:5",
    "extend_consent:6",
    "extend_consent:7",
    "extend_consent:8",
];
const SCHEDULE: &str = "schedule";
const RECORD: &str = "record";
const AGREE: &str = "agree";
const NO_AGREEMENT: &str = "no_agreement";
const REFER: &str = "refer";
const EXTEND: &str = "extend";
const CLOSE: &str = "close";

/// Days from the agreement to its follow-up check, by default.
const FOLLOW_UP_DAYS: u64 = 30;
/// Days an extension adds, by default.
const EXTEND_DAYS: u32 = 15;

/// The menu key of party `i`: its number, 1–9.
fn party_key(i: usize) -> char {
    char::from_digit(i as u32 + 1, 10).unwrap_or('?')
}

/// The party a per-party step id names.
fn party_of(ids: &[&'static str], step: &str) -> Option<usize> {
    ids.iter().position(|s| *s == step)
}

/// A party as the menu names them: "name (role)".
fn who(p: &Party, lang: Lang) -> (String, &'static str) {
    (p.name.clone(), role_msg(p.role).text(lang))
}

/// The session `r` records: the earliest planned one (by date, then order).
fn session_to_record(c: &MediationCase) -> Option<usize> {
    c.sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.held)
        .min_by_key(|(i, s)| (s.on, *i))
        .map(|(i, _)| i)
}

/// Applicants and respondents: the parties an extension needs.
fn principal(p: &Party) -> bool {
    p.role != Role::Other
}

/// The steps the case allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    let c = store.case(id)?.record;
    let mut steps = Vec::new();
    match c.status {
        CaseStatus::Received => {
            for (i, p) in c.parties.iter().enumerate().take(CONSENT.len()) {
                if p.consent == Consent::Pending {
                    let (name, role) = who(p, lang);
                    steps.push(Step {
                        key: party_key(i),
                        label: Msg::CaseStepConsentFmt.fill(lang, &[&name, &role]),
                        id: CONSENT[i],
                    });
                }
            }
        }
        CaseStatus::Accepted => {
            steps.push(Step::new('s', Msg::CaseStepSchedule, lang, SCHEDULE));
            if let Some(i) = session_to_record(&c) {
                steps.push(Step {
                    key: 'r',
                    label: Msg::CaseStepRecordFmt.fill(lang, &[&c.sessions[i].on]),
                    id: RECORD,
                });
            }
            if c.sessions.iter().any(|s| s.held) {
                steps.push(Step::new('a', Msg::CaseStepAgree, lang, AGREE));
                steps.push(Step::new('x', Msg::CaseStepNoAgreement, lang, NO_AGREEMENT));
            }
            steps.push(Step::new('f', Msg::CaseStepRefer, lang, REFER));
            for (i, p) in c.parties.iter().enumerate().take(EXTEND_CONSENT.len()) {
                if principal(p) && !p.extension_consent {
                    steps.push(Step {
                        key: party_key(i),
                        label: Msg::CaseStepExtendConsentFmt.fill(lang, &[&p.name]),
                        id: EXTEND_CONSENT[i],
                    });
                }
            }
            let all_agree = c
                .parties
                .iter()
                .filter(|p| principal(p))
                .all(|p| p.extension_consent);
            if all_agree && c.limit_on.is_some() {
                steps.push(Step::new('l', Msg::CaseStepExtend, lang, EXTEND));
            }
        }
        CaseStatus::Agreement => {
            steps.push(Step::new('c', Msg::CaseStepCloseHonoured, lang, CLOSE));
            steps.push(Step::new('f', Msg::CaseStepReferBroken, lang, REFER));
        }
        CaseStatus::NoAgreement => {
            steps.push(Step::new('f', Msg::CaseStepRefer, lang, REFER));
        }
        CaseStatus::Referred => {
            steps.push(Step::new('c', Msg::CaseStepCloseReferral, lang, CLOSE));
        }
        CaseStatus::Closed | CaseStatus::Declined => {}
    }
    Ok(steps)
}

/// Starts step `step`: a form for its values, or (no agreement, a party's
/// consent to extend) the step itself.
pub fn open(id: i64, step: &'static str, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.case(id)?;
    let c = &s.record;
    let today = ctx.today;
    let lang = ctx.lang;
    let mut index = 0;
    let (title, fields) = if let Some(i) = party_of(&CONSENT, step) {
        let p = c
            .parties
            .get(i)
            .ok_or_else(|| anyhow::anyhow!("no party {}", i + 1))?;
        index = i;
        let (name, role) = who(p, lang);
        let title = Msg::CaseStepConsentFmt.fill(lang, &[&name, &role]);
        let fields = vec![
            Field::flag("given", Msg::CaseFieldGiven, true),
            Field::text("reason", Msg::FieldReason, ""),
            Field::date("date", Msg::FieldDate, Some(today), true),
        ];
        (title, fields)
    } else if let Some(i) = party_of(&EXTEND_CONSENT, step) {
        let step = CaseStep::ConsentToExtend { party: i };
        let saved = ctx.store.case_step(id, s.version, &step)?;
        return Ok(Opened::Done(said(&saved.record, &step, ctx)));
    } else {
        match step {
            SCHEDULE => (
                Msg::CaseStepSchedule.text(lang).to_string(),
                vec![
                    Field::date("date", Msg::FieldDate, Some(today), true),
                    Field::officers(
                        "mediators",
                        Msg::MedMediators,
                        &ctx.me.into_iter().collect::<Vec<_>>(),
                    ),
                ],
            ),
            RECORD => {
                index = session_to_record(c)
                    .ok_or_else(|| anyhow::anyhow!("no planned session to record"))?;
                (
                    Msg::CaseStepRecordFmt.fill(lang, &[&c.sessions[index].on]),
                    vec![
                        Field::text("attendees", Msg::MedAttendees, ""),
                        Field::text("notes", Msg::FieldNotes, ""),
                    ],
                )
            }
            AGREE => (
                Msg::CaseStepAgree.text(lang).to_string(),
                vec![
                    Field::text("terms", Msg::CaseFieldTerms, ""),
                    Field::date("date", Msg::MedAgreedOn, Some(today), true),
                    Field::date(
                        "follow_up_on",
                        Msg::CaseFieldFollowUp,
                        Some(today + Days::new(FOLLOW_UP_DAYS)),
                        true,
                    ),
                ],
            ),
            NO_AGREEMENT => {
                let step = CaseStep::NoAgreement;
                let saved = ctx.store.case_step(id, s.version, &step)?;
                return Ok(Opened::Done(said(&saved.record, &step, ctx)));
            }
            REFER => {
                let target = default_key(ctx, SetId::ReferralTarget, "mediation_committee");
                let title = if c.status == CaseStatus::Agreement {
                    Msg::CaseStepReferBroken
                } else {
                    Msg::CaseStepRefer
                };
                (
                    title.text(lang).to_string(),
                    vec![
                        Field::category(
                            "target",
                            Msg::MedReferredTo,
                            SetId::ReferralTarget,
                            &target,
                        ),
                        Field::date("date", Msg::FieldDate, Some(today), true),
                        Field::text("note", Msg::CaseFieldNote, ""),
                    ],
                )
            }
            EXTEND => (
                Msg::CaseStepExtend.text(lang).to_string(),
                vec![Field::number(
                    "days",
                    Msg::CaseFieldDays,
                    Some(EXTEND_DAYS),
                    true,
                )],
            ),
            CLOSE => {
                let title = if c.status == CaseStatus::Referred {
                    Msg::CaseStepCloseReferral
                } else {
                    Msg::CaseStepCloseHonoured
                };
                (
                    title.text(lang).to_string(),
                    vec![Field::date("date", Msg::FieldDate, Some(today), true)],
                )
            }
            other => anyhow::bail!("unknown case step {other}"),
        }
    };
    let record = Box::new(CaseStepForm {
        id,
        version: s.version,
        step,
        index,
    });
    let mut form = Form::new(Msg::StepsTitle, ctx, fields, record);
    form.title = title;
    Ok(Opened::Form(form))
}

/// Saves one case step at the version the form was opened with.
struct CaseStepForm {
    id: i64,
    version: i64,
    step: &'static str,
    /// The party (consent) or session (record) the step is about.
    index: usize,
}

impl CaseStepForm {
    /// The domain step from the form's values.
    fn step(&self, f: &Fields, today: NaiveDate) -> CaseStep {
        let date = f.date("date").unwrap_or(today);
        match self.step {
            SCHEDULE => CaseStep::ScheduleSession {
                on: date,
                mediators: f.officers("mediators"),
            },
            RECORD => CaseStep::RecordSession {
                index: self.index,
                attendees: f.text("attendees"),
                notes: f.text("notes"),
            },
            AGREE => CaseStep::Agree(Agreement {
                terms: f.text("terms"),
                on: date,
                follow_up_on: f.date("follow_up_on").unwrap_or(date),
            }),
            REFER => CaseStep::Refer(Referral {
                target: f.key("target"),
                on: date,
                note: f.text("note"),
            }),
            EXTEND => CaseStep::Extend {
                days: f.number("days").unwrap_or(0),
            },
            CLOSE => CaseStep::Close { on: date },
            _ => CaseStep::Consent {
                party: self.index,
                given: f.flag("given"),
                reason: f.text("reason"),
                on: date,
            },
        }
    }
}

impl Record for CaseStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let step = self.step(f, ctx.today);
        let s = ctx
            .store
            .case_step(self.id, self.version, &step)
            .map_err(on_field)?;
        Ok(
            Saved::new(s.id, String::new(), Changes::CASES | Changes::VISITS)
                .with_message(said(&s.record, &step, ctx)),
        )
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.version = ctx.store.case(self.id)?.version;
        Ok(())
    }
}

/// A step's invalid value is shown next to its field, like a form's.
fn on_field(e: StoreError) -> StoreError {
    match e {
        StoreError::Step(StepError::Field(f)) => StoreError::Invalid(f),
        other => other,
    }
}

/// What the step did, for the status bar: `c` is the case after it.
pub fn said(c: &MediationCase, step: &CaseStep, ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let cats = ctx.store.categories();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match step {
        CaseStep::Consent { given: false, .. } => {
            Msg::CaseSaidDeclinedFmt.fill(lang, &[&c.decline_reason])
        }
        CaseStep::Consent { .. } if c.status == CaseStatus::Accepted => {
            Msg::CaseSaidAcceptedFmt.fill(lang, &[&date(c.limit_on)])
        }
        CaseStep::Consent { .. } => {
            let left = c
                .parties
                .iter()
                .filter(|p| p.consent == Consent::Pending)
                .count();
            Msg::CaseSaidConsentFmt.fill(lang, &[&left])
        }
        CaseStep::ScheduleSession { on, .. } => Msg::CaseSaidScheduledFmt.fill(lang, &[on]),
        CaseStep::RecordSession { index, .. } => {
            let on = date(c.sessions.get(*index).map(|s| s.on));
            Msg::CaseSaidRecordedFmt.fill(lang, &[&on])
        }
        CaseStep::Agree(a) => Msg::CaseSaidAgreedFmt.fill(lang, &[&a.follow_up_on]),
        CaseStep::NoAgreement => Msg::CaseSaidNoAgreement.text(lang).to_string(),
        CaseStep::Refer(r) => {
            let to = cats.label(SetId::ReferralTarget, &r.target, lang);
            Msg::CaseSaidReferredFmt.fill(lang, &[&to])
        }
        CaseStep::Close { .. } => {
            let o = c.outcome.unwrap_or(Outcome::Honoured);
            Msg::CaseSaidClosedFmt.fill(lang, &[&outcome_msg(o).text(lang)])
        }
        CaseStep::ConsentToExtend { party } => {
            let left = c
                .parties
                .iter()
                .filter(|p| principal(p) && !p.extension_consent)
                .count();
            if left == 0 {
                Msg::CaseSaidExtendReady.text(lang).to_string()
            } else {
                let name = c.parties.get(*party).map_or("", |p| p.name.as_str());
                Msg::CaseSaidExtendConsentFmt.fill(lang, &[&name, &left])
            }
        }
        CaseStep::Extend { .. } => Msg::CaseSaidExtendedFmt.fill(lang, &[&date(c.limit_on)]),
    }
}
