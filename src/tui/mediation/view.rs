//! The mediation case view: the case, its parties and their consent, the
//! sessions held or planned, and how it ended (agreement, referral,
//! outcome), with the time limit.

use crate::config::categories::SetId;
use crate::domain::mediation::{CaseStatus, MediationCase, Role};
use crate::msg::Msg;
use crate::store::Store;
use crate::tui::kit::record_view::{by_whom, field, paragraph, timeline_step, Detail};
use crate::tui::mediation::pane::{consent_msg, days_left_style, outcome_msg, risk_cell, role_msg};
use crate::tui::registry::Target;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use anyhow::Result;
use chrono::Months;
use ratatui::text::{Line, Span};

/// The case with parties, sessions and outcome.
pub fn load(store: &Store, id: i64, view: &View) -> Result<Detail> {
    let row = store.case(id)?;
    let c = &row.record;
    let mut lines = head(c, view);
    lines.push(Line::raw(""));
    lines.push(heading(view, Msg::FieldSummary));
    lines.extend(paragraph(&c.summary, 72));
    lines.push(Line::raw(""));
    lines.extend(parties(c, view));
    lines.push(Line::raw(""));
    lines.extend(sessions(c, view));
    lines.extend(ending(c, view));
    lines.push(Line::raw(""));
    lines.extend(timeline(store, id, view)?);
    let title = format!("{} {}", c.reference, c.summary);
    Ok(Detail::new(title, Target::Case(id), lines))
}

fn heading(view: &View, m: Msg) -> Line<'static> {
    Line::styled(view.t(m).to_string(), view.theme.header())
}

/// State, dates, kind, source, risk, leader and the time limit.
fn head(c: &MediationCase, view: &View) -> Vec<Line<'static>> {
    let th = view.theme;
    let (risk, risk_style) = risk_cell(&c.risk, view);
    let mut risk_spans = vec![
        Span::styled(format!("{}: ", view.t(Msg::FieldRisk)), th.dim()),
        Span::styled(text::safe(risk.trim()), risk_style),
    ];
    if c.is_high_risk(view.cats) {
        risk_spans.push(Span::styled(
            format!("  {}", view.t(Msg::HighRisk)),
            th.overdue(),
        ));
    }
    let state_style = if !c.is_open() { th.done() } else { th.plain() };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{}: ", view.t(Msg::ColState)), th.dim()),
            Span::styled(view.t(c.status.label()).to_string(), state_style),
        ]),
        Line::from(risk_spans),
        field(view, Msg::FieldReceivedOn, &c.received_on.to_string()),
        field(
            view,
            Msg::FieldDisputeKind,
            &view.label(SetId::DisputeKind, &c.kind),
        ),
        field(
            view,
            Msg::FieldSource,
            &view.label(SetId::MediationSource, &c.source),
        ),
    ];
    match c.leader_id {
        Some(l) => lines.push(field(view, Msg::MedLeader, view.officer(l))),
        // A high-risk case should have a leader in personal charge.
        None if c.is_high_risk(view.cats) && c.is_open() => lines.push(Line::from(vec![
            Span::styled(format!("{}: ", view.t(Msg::MedLeader)), th.dim()),
            Span::styled(view.t(Msg::CaseNoLeader).to_string(), th.due_soon()),
        ])),
        None => {}
    }
    if let Some(a) = c.accepted_on {
        lines.push(field(view, Msg::MedAcceptedOn, &a.to_string()));
    }
    if let Some(limit) = c.limit_on {
        let mut spans = vec![
            Span::styled(format!("{}: ", view.t(Msg::MedTimeLimit)), th.dim()),
            Span::raw(limit.to_string()),
        ];
        let extended = c
            .accepted_on
            .and_then(|a| a.checked_add_months(Months::new(1)))
            .is_some_and(|plain| limit > plain);
        let mut notes = Vec::new();
        let mut style = th.plain();
        // The limit only runs while mediation is under way.
        if let (Some(d), CaseStatus::Accepted) = (c.days_left(view.today), c.status) {
            notes.push(if d < 0 {
                Msg::MedDaysOverFmt.fill(view.lang, &[&-d])
            } else {
                Msg::MedDaysLeftFmt.fill(view.lang, &[&d])
            });
            style = days_left_style(d, view);
        }
        if extended {
            notes.push(view.t(Msg::CaseExtended).to_string());
        }
        if !notes.is_empty() {
            let sep = match view.lang {
                crate::lang::Lang::Zh => "，",
                crate::lang::Lang::En => ", ",
            };
            spans.push(Span::styled(format!("  ({})", notes.join(sep)), style));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// Every party with role, consent and consent to extend.
fn parties(c: &MediationCase, view: &View) -> Vec<Line<'static>> {
    let th = view.theme;
    let mut lines = vec![heading(view, Msg::Parties)];
    for p in &c.parties {
        let consent_style = match p.consent {
            crate::domain::mediation::Consent::Refused => th.overdue(),
            crate::domain::mediation::Consent::Given => th.done(),
            crate::domain::mediation::Consent::Pending => th.due_soon(),
        };
        let mut spans = vec![
            Span::raw(format!("  {}  ", text::safe(&p.name))),
            Span::styled(format!("{}  ", view.t(role_msg(p.role))), th.dim()),
            Span::styled(view.t(consent_msg(p.consent)).to_string(), consent_style),
        ];
        if p.extension_consent {
            spans.push(Span::raw(format!(
                "  · {}",
                view.t(Msg::MedExtensionConsent)
            )));
        }
        lines.push(Line::from(spans));
    }
    let waiting: Vec<String> = c
        .parties
        .iter()
        .filter(|p| p.role != Role::Other && !p.extension_consent)
        .map(|p| text::safe(&p.name))
        .collect();
    let some_agree = c.parties.iter().any(|p| p.extension_consent);
    if c.status == CaseStatus::Accepted && some_agree && !waiting.is_empty() {
        lines.push(Line::styled(
            format!(
                "  {}",
                Msg::CaseExtensionWaitFmt.fill(view.lang, &[&waiting.join(", ")])
            ),
            th.dim(),
        ));
    }
    if !c.is_open() && !c.decline_reason.is_empty() {
        lines.push(field(view, Msg::MedDeclineReason, &c.decline_reason));
    }
    lines
}

/// Sessions in order: date, held or planned, mediators, attendees, notes.
fn sessions(c: &MediationCase, view: &View) -> Vec<Line<'static>> {
    let th = view.theme;
    let mut lines = vec![heading(view, Msg::Sessions)];
    if c.sessions.is_empty() {
        lines.push(Line::styled(
            format!("  {}", view.t(Msg::MedNoSessions)),
            th.dim(),
        ));
    }
    for s in &c.sessions {
        let (state, style) = if s.held {
            (view.t(Msg::MedSessionHeld), th.done())
        } else if s.on < view.today {
            (view.t(Msg::Overdue), th.overdue())
        } else {
            (view.t(Msg::StPlanned), th.due_soon())
        };
        let mediators: Vec<&str> = s.mediators.iter().map(|m| view.officer(*m)).collect();
        let mut spans = vec![
            Span::raw(format!("  {}  ", s.on)),
            Span::styled(state.to_string(), style),
        ];
        // The planned visit that put the session on the calendar.
        if s.visit_id.is_some() {
            spans.push(Span::styled(
                format!("  {}", Msg::CaseSessionVisitFmt.fill(view.lang, &[&s.on])),
                th.dim(),
            ));
        }
        spans.push(Span::styled(
            format!("  {}: ", view.t(Msg::MedMediators)),
            th.dim(),
        ));
        spans.push(Span::raw(text::safe(&mediators.join(", "))));
        lines.push(Line::from(spans));
        if !s.attendees.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("    {}: ", view.t(Msg::MedAttendees)), th.dim()),
                Span::raw(text::safe(&s.attendees)),
            ]));
        }
        if !s.notes.is_empty() {
            lines.extend(paragraph(&s.notes, 72).into_iter().map(indent));
        }
    }
    lines
}

/// Agreement, referral and outcome, those that exist.
fn ending(c: &MediationCase, view: &View) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(a) = &c.agreement {
        lines.push(Line::raw(""));
        lines.push(heading(view, Msg::MedAgreement));
        lines.push(field(view, Msg::MedAgreedOn, &a.on.to_string()));
        let style = if c.status == CaseStatus::Agreement && a.follow_up_on < view.today {
            view.theme.overdue()
        } else {
            view.theme.plain()
        };
        let mut spans = vec![
            Span::styled(format!("{}: ", view.t(Msg::MedFollowUp)), view.theme.dim()),
            Span::styled(a.follow_up_on.to_string(), style),
        ];
        // The check shows on Today from its date until the case closes.
        if c.status == CaseStatus::Agreement && a.follow_up_on <= view.today {
            let (note, due) = if a.follow_up_on < view.today {
                (Msg::Overdue, view.theme.overdue())
            } else {
                (Msg::CaseFollowUpDue, view.theme.due_soon())
            };
            spans.push(Span::styled(format!("  ({})", view.t(note)), due));
        }
        lines.push(Line::from(spans));
        lines.extend(paragraph(&a.terms, 72));
    }
    if let Some(r) = &c.referral {
        lines.push(Line::raw(""));
        lines.push(heading(view, Msg::MedReferral));
        lines.push(field(
            view,
            Msg::MedReferredTo,
            &view.label(SetId::ReferralTarget, &r.target),
        ));
        lines.push(field(view, Msg::MedReferredOn, &r.on.to_string()));
        if !r.note.is_empty() {
            lines.extend(paragraph(&r.note, 72));
        }
    }
    if let Some(o) = c.outcome {
        lines.push(Line::raw(""));
        lines.push(field(view, Msg::MedOutcome, view.t(outcome_msg(o))));
    }
    if let Some(on) = c.closed_on {
        lines.push(field(view, Msg::MedClosedOn, &on.to_string()));
    }
    lines
}

fn indent(line: Line<'static>) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    spans.extend(line.spans);
    Line::from(spans)
}

/// Every step of the case with who did it and when, oldest first.
fn timeline(store: &Store, id: i64, view: &View) -> Result<Vec<Line<'static>>> {
    let mut lines = vec![heading(view, Msg::Timeline)];
    let steps = store.case_timeline(id)?;
    if steps.is_empty() {
        lines.push(Line::styled(
            format!("  {}", view.t(Msg::Empty)),
            view.theme.dim(),
        ));
    }
    for step in steps {
        let head = format!("  {}  {}", step.on, timeline_step(view, &step.step));
        lines.push(Line::raw(text::safe(&head)));
        lines.push(by_whom(view, &step.who, &step.at));
        let text = match step.step.as_str() {
            "extend" => Msg::TlExtendDaysFmt.fill(view.lang, &[&step.text]),
            _ => step.text.clone(),
        };
        if !text.is_empty() {
            lines.extend(paragraph(&text, 72).into_iter().map(indent));
        }
    }
    Ok(lines)
}
