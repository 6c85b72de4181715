//! Steps on a mediation case (docs/ARCHITECTURE.md, "Mediation cases"): each party's consent, then
//! sessions (scheduling one puts a planned visit on the calendar), an
//! agreement with its follow-up check or no agreement, a referral, and the
//! close; the time limit extends only when both parties agree to it.
//!
//! The menu offers only what the case's state allows now. Per-party steps
//! take the party's number (1–9, its place in the case) as their key.

use crate::config::categories::SetId;
use crate::domain::mediation::{
    allowed_steps, Agreement, CaseStatus, CaseStep, CaseStepKind, Consent, MediationCase, Outcome,
    Party, Referral, MAX_EXTENSION_DAYS,
};
use crate::domain::StepError;
use crate::domain::StepName;
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

/// Days from the agreement to its follow-up check, by default.
const FOLLOW_UP_DAYS: u64 = 30;
/// Days an extension adds, by default.
const EXTEND_DAYS: u32 = 15;

/// The menu key of party `i`: its number, 1–9.
fn party_key(i: usize) -> char {
    char::from_digit(i as u32 + 1, 10).unwrap_or('?')
}

/// A party as the menu names them: "name (role)".
fn who(p: &Party, lang: Lang) -> (String, &'static str) {
    (p.name.clone(), role_msg(p.role).text(lang))
}

/// The menu entry of step `k` on case `c`: its key and label. Per-party
/// steps take the party's number; others a letter.
fn entry(c: &MediationCase, k: CaseStepKind, lang: Lang) -> (char, String) {
    let party = |i: usize| c.parties.get(i);
    match k {
        CaseStepKind::Consent { party: i } => {
            let (name, role) = party(i).map_or((String::new(), ""), |p| who(p, lang));
            (
                party_key(i),
                Msg::CaseStepConsentFmt.fill(lang, &[&name, &role]),
            )
        }
        CaseStepKind::ConsentToExtend { party: i } => {
            let name = party(i).map_or("", |p| p.name.as_str());
            (
                party_key(i),
                Msg::CaseStepExtendConsentFmt.fill(lang, &[&name]),
            )
        }
        CaseStepKind::RecordSession { index } => {
            let on = c.sessions.get(index).map(|s| s.on.to_string());
            (
                'r',
                Msg::CaseStepRecordFmt.fill(lang, &[&on.unwrap_or_default()]),
            )
        }
        other => {
            let key = match other {
                CaseStepKind::ScheduleSession => 's',
                CaseStepKind::Agree => 'a',
                CaseStepKind::NoAgreement => 'x',
                CaseStepKind::Refer | CaseStepKind::ReferBroken => 'f',
                CaseStepKind::CloseHonoured | CaseStepKind::CloseReferral => 'c',
                _ => 'l',
            };
            (key, other.label().text(lang).to_string())
        }
    }
}

/// The menu of the steps the domain allows case `c` now.
pub fn menu_of(c: &MediationCase, lang: Lang) -> Vec<Step> {
    allowed_steps(c)
        .into_iter()
        .map(|k| {
            let (key, label) = entry(c, k, lang);
            Step {
                key,
                label,
                step: StepName::Case(k),
            }
        })
        .collect()
}

/// The steps the stored case `id` allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    Ok(menu_of(&store.case(id)?.record, lang))
}

/// Starts step `step`: a form for its values, or (no agreement, a party's
/// consent to extend) the step itself.
pub fn open(id: i64, step: CaseStepKind, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.case(id)?;
    let c = &s.record;
    let today = ctx.today;
    let title = entry(c, step, ctx.lang).1;
    let fields = match step {
        CaseStepKind::Consent { .. } => vec![
            Field::flag("given", Msg::CaseFieldGiven, true),
            Field::text("reason", Msg::FieldReason, ""),
            Field::date("date", Msg::FieldDate, Some(today), true),
        ],
        CaseStepKind::ConsentToExtend { party } => {
            return at_once(id, s.version, CaseStep::ConsentToExtend { party }, ctx)
        }
        CaseStepKind::NoAgreement => return at_once(id, s.version, CaseStep::NoAgreement, ctx),
        CaseStepKind::ScheduleSession => vec![
            Field::date("date", Msg::FieldDate, Some(today), true),
            Field::officers(
                "mediators",
                Msg::MedMediators,
                &ctx.me.into_iter().collect::<Vec<_>>(),
            ),
        ],
        CaseStepKind::RecordSession { .. } => vec![
            Field::text("attendees", Msg::MedAttendees, ""),
            Field::text("notes", Msg::FieldNotes, ""),
        ],
        CaseStepKind::Agree => vec![
            Field::text("terms", Msg::CaseFieldTerms, ""),
            Field::date("date", Msg::MedAgreedOn, Some(today), true),
            Field::date(
                "follow_up_on",
                Msg::CaseFieldFollowUp,
                Some(today + Days::new(FOLLOW_UP_DAYS)),
                true,
            ),
        ],
        CaseStepKind::Refer | CaseStepKind::ReferBroken => {
            let target = default_key(ctx, SetId::ReferralTarget, "mediation_committee");
            vec![
                Field::category("target", Msg::MedReferredTo, SetId::ReferralTarget, &target),
                Field::date("date", Msg::FieldDate, Some(today), true),
                Field::text("note", Msg::CaseFieldNote, ""),
            ]
        }
        CaseStepKind::Extend => vec![Field::number(
            "days",
            Msg::CaseFieldDays,
            Some(EXTEND_DAYS.min(MAX_EXTENSION_DAYS)),
            true,
        )],
        CaseStepKind::CloseHonoured | CaseStepKind::CloseReferral => {
            vec![Field::date("date", Msg::FieldDate, Some(today), true)]
        }
    };
    let record = Box::new(CaseStepForm {
        id,
        version: s.version,
        step,
    });
    let mut form = Form::new(Msg::StepsTitle, ctx, fields, record);
    form.title = title;
    Ok(Opened::Form(form))
}

/// A step that needs no values, done now.
fn at_once(id: i64, version: i64, step: CaseStep, ctx: &mut Ctx) -> Result<Opened> {
    let saved = ctx.store.case_step(id, version, &step)?;
    Ok(Opened::Done(said(&saved.record, &step, ctx)))
}

/// Saves one case step at the version the form was opened with.
struct CaseStepForm {
    id: i64,
    version: i64,
    step: CaseStepKind,
}

impl CaseStepForm {
    /// The domain step from the form's values.
    fn step(&self, f: &Fields, today: NaiveDate) -> CaseStep {
        let date = f.date("date").unwrap_or(today);
        match self.step {
            CaseStepKind::ScheduleSession => CaseStep::ScheduleSession {
                on: date,
                mediators: f.officers("mediators"),
            },
            CaseStepKind::RecordSession { index } => CaseStep::RecordSession {
                index,
                attendees: f.text("attendees"),
                notes: f.text("notes"),
            },
            CaseStepKind::Agree => CaseStep::Agree(Agreement {
                terms: f.text("terms"),
                on: date,
                follow_up_on: f.date("follow_up_on").unwrap_or(date),
            }),
            CaseStepKind::Refer | CaseStepKind::ReferBroken => CaseStep::Refer(Referral {
                target: f.key("target"),
                on: date,
                note: f.text("note"),
            }),
            CaseStepKind::Extend => CaseStep::Extend {
                days: f.number("days").unwrap_or(0),
            },
            CaseStepKind::CloseHonoured | CaseStepKind::CloseReferral => {
                CaseStep::Close { on: date }
            }
            CaseStepKind::ConsentToExtend { party } => CaseStep::ConsentToExtend { party },
            CaseStepKind::NoAgreement => CaseStep::NoAgreement,
            CaseStepKind::Consent { party } => CaseStep::Consent {
                party,
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

    /// A refusal closes the case as declined: asked first (once its
    /// reason is given; without one the domain refuses it anyway).
    fn confirm(&self, f: &Fields, lang: Lang) -> Option<String> {
        let refusal = matches!(self.step, CaseStepKind::Consent { .. })
            && !f.flag("given")
            && !f.text("reason").trim().is_empty();
        refusal.then(|| Msg::CaseDeclineAsk.text(lang).to_string())
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
            let left = c.parties.iter().filter(|p| !p.extension_consent).count();
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
