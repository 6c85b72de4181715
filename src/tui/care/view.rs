//! The care entry view: the person, why they are on the list and what
//! they need, the cadence and due dates, then their visits, newest first.

use crate::config::categories::SetId;
use crate::domain::visit::VisitStatus;
use crate::msg::Msg;
use crate::store::Store;
use crate::tui::care::pane::{due_style, due_text};
use crate::tui::directory::view::{person_lines, visit_state};
use crate::tui::kit::record_view::{field, paragraph, Detail};
use crate::tui::registry::Target;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use anyhow::Result;
use ratatui::text::{Line, Span};

/// Visits shown; older ones are in the person's history.
const VISITS: usize = 20;

/// The care entry with the person's visits.
pub fn load(store: &Store, id: i64, view: &View) -> Result<Detail> {
    let row = store.care(id)?;
    let c = &row.record;
    let e = &c.entry;
    let person = store.entry(e.person_id)?;
    let th = view.theme;
    let mut lines = person_lines(&person.record, view);
    lines.push(Line::raw(""));
    lines.push(field(
        view,
        Msg::FieldGroup,
        &view.label(SetId::CareGroup, &e.group),
    ));
    let active = if e.active {
        Msg::CareActive
    } else {
        Msg::CareInactive
    };
    lines.push(field(view, Msg::ColState, view.t(active)));
    lines.push(field(view, Msg::FieldSince, &e.since.to_string()));
    lines.push(field(view, Msg::FieldCadence, &e.cadence_days.to_string()));
    let last = match c.last_visit {
        Some(d) => d.to_string(),
        None => view.t(Msg::CareNever).to_string(),
    };
    lines.push(field(view, Msg::ColLastVisit, &last));
    let mut due = vec![
        Span::styled(format!("{}: ", view.t(Msg::ColNextDue)), th.dim()),
        Span::styled(
            due_text(c.next_due, view.today).trim().to_string(),
            due_style(c.next_due, view),
        ),
    ];
    if c.next_due < view.today {
        due.push(Span::styled(
            format!("  ({})", view.t(Msg::Overdue)),
            th.overdue(),
        ));
    }
    lines.push(Line::from(due));
    for (label, value) in [
        (Msg::FieldReason, &e.reason),
        (Msg::FieldNeeds, &e.needs),
        (Msg::FieldHelp, &e.help_given),
    ] {
        if value.is_empty() {
            continue;
        }
        // A short text on its label's line; a long one wrapped below it.
        if !value.contains('\n') && text::width(value) <= 56 {
            lines.push(field(view, label, value));
        } else {
            lines.push(Line::styled(format!("{}:", view.t(label)), th.dim()));
            lines.extend(paragraph(value, 72));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(view.t(Msg::History).to_string(), th.header()));
    let visits = store.visits_of_page(e.person_id, None, VISITS)?;
    if visits.items.is_empty() {
        lines.push(Line::styled(format!("  {}", view.t(Msg::Empty)), th.dim()));
    }
    for v in &visits.items {
        let v = &v.record;
        let (state, style) = visit_state(v.status.name(), v.date, view);
        let purposes: Vec<String> = v
            .purposes
            .iter()
            .map(|p| view.label(SetId::Purpose, p))
            .collect();
        let officers: Vec<&str> = v.officers.iter().map(|o| view.officer(*o)).collect();
        lines.push(Line::from(vec![
            Span::raw(format!("  {}  ", v.date)),
            Span::styled(format!("{state}  "), style),
            Span::raw(text::safe(&purposes.join(", "))),
            Span::styled(format!("  {}", text::safe(&officers.join(", "))), th.dim()),
        ]));
        let note = match &v.status {
            VisitStatus::Done { outcome, .. } => outcome.as_str(),
            VisitStatus::Cancelled { reason } => reason.as_str(),
            VisitStatus::Planned => v.mission.as_str(),
        };
        if !note.is_empty() {
            lines.extend(paragraph(note, 72).into_iter().map(|l| {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    if visits.next.is_some() {
        lines.push(Line::styled(
            format!("  {}", view.t(Msg::CareMoreVisits)),
            th.dim(),
        ));
    }
    let title = format!(
        "{} · {}",
        person.record.name,
        view.label(SetId::CareGroup, &e.group)
    );
    Ok(Detail::new(title, Target::Care(id), lines))
}
