//! The visit view: when, whom, who went and why, how it ended, the
//! open-door evaluations given there and the issues raised there.

use crate::config::categories::SetId;
use crate::domain::issue::IssueStatus;
use crate::domain::visit::{yuan, Handouts, VisitStatus};
use crate::msg::Msg;
use crate::store::Store;
use crate::tui::kit::record_view::{field, paragraph, Detail};
use crate::tui::registry::Target;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use crate::tui::today::pane::{officers, purposes, visit_status};
use anyhow::Result;
use ratatui::text::{Line, Span};

/// Issues listed at most (the rest are in the Issues pane).
const ISSUES: usize = 50;

fn heading(view: &View, m: Msg) -> Line<'static> {
    Line::styled(view.t(m).to_string(), view.theme.header())
}

/// What was handed out at a done visit, each only when recorded.
fn handouts(view: &View, h: &Handouts) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(n) = h.materials {
        lines.push(field(view, Msg::FieldMaterials, &n.to_string()));
    }
    if let Some(n) = h.sheets_out {
        lines.push(field(view, Msg::FieldSheetsOut, &n.to_string()));
    }
    if !h.gift.is_empty() {
        lines.push(field(view, Msg::FieldGift, &h.gift));
    }
    if let Some(fen) = h.gift_fen {
        lines.push(field(view, Msg::FieldGiftYuan, &yuan(fen)));
    }
    lines
}

/// Loads the view of visit `id`.
pub fn load(store: &Store, id: i64, view: &View) -> Result<Detail> {
    let row = store.visit(id)?;
    let v = &row.record;
    let target = match v.target_id {
        Some(t) => store.entry_names(&[t])?.remove(&t).unwrap_or_default(),
        None => String::new(),
    };
    let (state, style) = visit_status(v, view.today, view);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", view.t(Msg::ColState)), view.theme.dim()),
        Span::styled(state, style),
    ])];
    lines.push(field(view, Msg::FieldDate, &v.date.to_string()));
    if let Some(t) = v.time {
        let mut when = t.format("%H:%M").to_string();
        if let Some(m) = v.duration_min {
            when.push_str(&format!("  ({} {m})", view.t(Msg::FieldDuration)));
        }
        lines.push(field(view, Msg::FieldTime, &when));
    } else if let Some(m) = v.duration_min {
        lines.push(field(view, Msg::FieldDuration, &m.to_string()));
    }
    if !target.is_empty() {
        lines.push(field(view, Msg::FieldTarget, &target));
    }
    if !v.place.is_empty() {
        lines.push(field(view, Msg::FieldPlace, &v.place));
    }
    lines.push(field(view, Msg::FieldOfficers, &officers(v, view)));
    lines.push(field(view, Msg::FieldPurposes, &purposes(v, view)));
    lines.push(field(
        view,
        Msg::FieldForm,
        &view.label(SetId::Form, &v.form),
    ));
    if !v.mission.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(view, Msg::FieldMission));
        lines.extend(paragraph(&v.mission, 72));
    }
    match &v.status {
        VisitStatus::Done {
            outcome,
            people_reached,
        } => {
            lines.push(Line::raw(""));
            lines.push(field(view, Msg::VisitPeople, &people_reached.to_string()));
            lines.extend(handouts(view, &v.handouts));
            lines.push(heading(view, Msg::VisitOutcome));
            lines.extend(paragraph(outcome, 72));
        }
        VisitStatus::Cancelled { reason } => {
            lines.push(Line::raw(""));
            lines.push(heading(view, Msg::FieldReason));
            lines.extend(paragraph(reason, 72));
        }
        VisitStatus::Planned => {}
    }
    let evaluations = store.evaluations(id)?;
    if !evaluations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(view, Msg::VisitEvaluations));
        for (_, e) in &evaluations {
            let who = if e.respondent.is_empty() {
                view.t(Msg::Anonymous).to_string()
            } else {
                e.respondent.clone()
            };
            lines.push(field(view, Msg::VisitRespondent, &who));
            for (aspect, rating) in &e.ratings {
                let style = if rating == "dissatisfied" {
                    view.theme.overdue()
                } else {
                    view.theme.plain()
                };
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(
                        format!("{}: ", text::safe(&view.label(SetId::Aspect, aspect))),
                        view.theme.dim(),
                    ),
                    Span::styled(text::safe(&view.label(SetId::Rating, rating)), style),
                ]));
            }
            if !e.comments.is_empty() {
                lines.push(Line::styled(
                    format!("  {}:", view.t(Msg::VisitComments)),
                    view.theme.dim(),
                ));
                lines.extend(paragraph(&e.comments, 72));
            }
        }
    }
    let issues = store.issues_of_visit(id, ISSUES)?;
    if !issues.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(view, Msg::VisitIssues));
        for i in &issues {
            let overdue = i.deadline.is_some_and(|d| d < view.today)
                && matches!(i.status, IssueStatus::Assigned | IssueStatus::Rectifying);
            let style = if overdue {
                view.theme.overdue()
            } else {
                view.theme.plain()
            };
            let line = format!(
                "{}  {}  {}",
                i.reference,
                view.t(i.status.label()),
                text::first_line(&i.summary)
            );
            lines.push(Line::styled(text::safe(&line), style));
        }
    }
    let who = if target.is_empty() { &v.place } else { &target };
    let title = format!("{} {}", v.date, text::first_line(who));
    Ok(Detail::new(title, Target::Visit(id), lines))
}
