//! The directory entry view: the person or place, then its whole history
//! across visits, issues, mediation and care, newest first.

use crate::config::categories::SetId;
use crate::domain::directory::DirectoryEntry;
use crate::domain::issue::IssueStatus;
use crate::domain::mediation::{CaseStatus, Role};
use crate::msg::Msg;
use crate::store::history::{HistoryItem, HistoryKind};
use crate::store::Store;
use crate::tui::kit::record_view::{field, paragraph, Detail};
use crate::tui::mediation::pane::role_msg;
use crate::tui::registry::Target;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// History lines shown (one page).
const HISTORY: usize = 50;

/// The label and style of a visit state; a planned visit whose day has
/// passed is overdue.
pub fn visit_state(name: &str, date: NaiveDate, view: &View) -> (&'static str, Style) {
    match name {
        "done" => (view.t(Msg::StDone), view.theme.done()),
        "cancelled" => (view.t(Msg::StCancelled), view.theme.dim()),
        _ if date < view.today => (view.t(Msg::Overdue), view.theme.overdue()),
        _ => (view.t(Msg::StPlanned), view.theme.plain()),
    }
}

/// Name, kind, address, phone, groups and notes of an entry.
pub fn person_lines(e: &DirectoryEntry, view: &View) -> Vec<Line<'static>> {
    let mut lines = vec![
        field(view, Msg::FieldName, &e.name),
        field(
            view,
            Msg::FieldKind,
            &view.label(SetId::TargetKind, &e.kind),
        ),
    ];
    if !e.address.is_empty() {
        lines.push(field(view, Msg::FieldAddress, &e.address));
    }
    if !e.phone.is_empty() {
        lines.push(field(view, Msg::FieldPhone, &e.phone));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e
            .tags
            .iter()
            .map(|t| view.label(SetId::VulnerableGroup, t))
            .collect();
        lines.push(field(view, Msg::FieldTags, &tags.join(", ")));
    }
    if !e.notes.is_empty() {
        lines.push(Line::styled(
            format!("{}:", view.t(Msg::FieldNotes)),
            view.theme.dim(),
        ));
        lines.extend(paragraph(&e.notes, 72));
    }
    lines
}

/// The entry with its history.
pub fn load(store: &Store, id: i64, view: &View) -> Result<Detail> {
    let entry = store.entry(id)?;
    let th = view.theme;
    let mut lines = person_lines(&entry.record, view);
    if entry.record.retired {
        lines.insert(0, field(view, Msg::ColState, view.t(Msg::StEntryRetired)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        view.t(Msg::EntryHistory).to_string(),
        th.header(),
    ));
    let items = store.history_of(id, HISTORY)?;
    let kinds = [
        Msg::EntryKindVisit,
        Msg::EntryKindIssue,
        Msg::EntryKindCase,
        Msg::EntryKindCare,
    ];
    let kind_w = kinds
        .iter()
        .map(|k| text::width(view.t(*k)))
        .max()
        .unwrap_or(6);
    if items.is_empty() {
        lines.push(Line::styled(format!("  {}", view.t(Msg::Empty)), th.dim()));
    }
    let rows: Vec<_> = items.iter().map(|h| history_row(h, view)).collect();
    let state_w = rows.iter().map(|r| text::width(r.1)).max().unwrap_or(0);
    for (h, (kind, state, style, detail)) in items.iter().zip(rows) {
        lines.push(Line::from(vec![
            Span::raw(format!("  {}  ", h.on)),
            Span::styled(text::pad(view.t(kind), kind_w), th.key()),
            Span::raw("  "),
            Span::styled(text::pad(state, state_w), style),
            Span::raw("  "),
            Span::raw(text::fit(&h.title, 60)),
            Span::styled(format!("  {}", text::safe(&detail)), th.dim()),
        ]));
    }
    let title = entry.record.name.clone();
    Ok(Detail::new(title, Target::Entry(id), lines))
}

/// Kind, state label, state style and detail of one history line.
fn history_row(h: &HistoryItem, view: &View) -> (Msg, &'static str, Style, String) {
    let th = view.theme;
    match h.kind {
        HistoryKind::Visit => {
            let (s, style) = visit_state(&h.status, h.on, view);
            let purposes: Vec<String> = h
                .detail
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| view.label(SetId::Purpose, p))
                .collect();
            (Msg::EntryKindVisit, s, style, purposes.join(", "))
        }
        HistoryKind::Issue => {
            let status = IssueStatus::from_name(&h.status).unwrap_or(IssueStatus::New);
            let style = if status == IssueStatus::Closed {
                th.done()
            } else {
                th.plain()
            };
            let s = view.t(status.label());
            (
                Msg::EntryKindIssue,
                s,
                style,
                view.label(SetId::Topic, &h.detail),
            )
        }
        HistoryKind::Case => {
            let status = CaseStatus::from_name(&h.status).unwrap_or(CaseStatus::Received);
            let style = if matches!(status, CaseStatus::Closed | CaseStatus::Declined) {
                th.done()
            } else {
                th.plain()
            };
            let role = Role::from_name(&h.detail).map_or("", |r| view.t(role_msg(r)));
            (
                Msg::EntryKindCase,
                view.t(status.label()),
                style,
                role.to_string(),
            )
        }
        HistoryKind::Care => {
            let active = if h.status == "active" {
                Msg::CareActive
            } else {
                Msg::CareInactive
            };
            let group = view.label(SetId::CareGroup, &h.detail);
            (Msg::EntryKindCare, view.t(active), th.plain(), group)
        }
    }
}
