//! The issue view: fields, then the whole timeline.

use crate::config::categories::SetId;
use crate::domain::issue::{Issue, IssueStatus, DISSATISFIED};
use crate::msg::Msg;
use crate::store::Store;
use crate::tui::kit::record_view::{by_whom, field, paragraph, timeline_step, Detail};
use crate::tui::registry::Target;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use anyhow::Result;
use ratatui::text::{Line, Span};

/// The issue with its whole timeline.
pub fn load(store: &Store, id: i64, view: &View) -> Result<Detail> {
    let row = store.issue(id)?;
    let i = &row.record.issue;
    let mut state = field(view, Msg::ColState, view.t(i.status.label()));
    // Right after a dissatisfied rating, say why it is rectifying again.
    if i.status == IssueStatus::Rectifying && i.reopened > 0 {
        let why = format!("  ↺ {}", view.t(Msg::TlReopened));
        state.push_span(Span::styled(why, view.theme.overdue()));
    }
    let mut lines = vec![
        state,
        field(view, Msg::FieldRaisedOn, &i.raised_on.to_string()),
        field(view, Msg::FieldTopic, &view.label(SetId::Topic, &i.topic)),
    ];
    let raiser = match (i.anonymous, i.raiser_id) {
        (true, _) => view.t(Msg::Anonymous).to_string(),
        (false, Some(p)) => store.entry_names(&[p])?.remove(&p).unwrap_or_default(),
        (false, None) => String::new(),
    };
    lines.push(field(view, Msg::FieldRaiser, &raiser));
    if let Some(a) = &i.assignment {
        let who = format!(
            "{} · {}",
            view.label(SetId::Unit, &a.unit),
            view.officer(a.officer_id)
        );
        lines.push(field(view, Msg::ColResponsible, &who));
        let overdue = if i.is_overdue(view.today) {
            format!("  ({})", view.t(Msg::Overdue))
        } else {
            String::new()
        };
        lines.push(field(
            view,
            Msg::ColDeadline,
            &format!("{}{overdue}", a.deadline),
        ));
    }
    if let Some(c) = i.close_deadline {
        lines.push(field(view, Msg::FieldCloseDeadline, &c.to_string()));
    }
    if let Some(v) = &i.verification {
        let label = view.label(SetId::Verification, v);
        lines.push(field(view, Msg::FieldVerification, &label));
    }
    lines.extend(handover(view, i));
    if i.reopened > 0 {
        lines.push(field(view, Msg::FieldReopened, &i.reopened.to_string()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        view.t(Msg::FieldSummary).to_string(),
        view.theme.header(),
    ));
    lines.extend(paragraph(&i.summary, 72));
    if !i.details.is_empty() {
        lines.extend(paragraph(&i.details, 72));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        view.t(Msg::Timeline).to_string(),
        view.theme.header(),
    ));
    for step in store.issue_timeline(id)? {
        let mut parts = vec![step.on.to_string(), timeline_step(view, &step.step)];
        if let Some(u) = &step.unit {
            parts.push(view.label(SetId::Unit, u));
        }
        if let Some(o) = step.officer_id {
            parts.push(view.officer(o).to_string());
        }
        if let Some(d) = step.deadline {
            parts.push(format!("→ {d}"));
        }
        if let Some(c) = &step.category {
            let set = match step.step.as_str() {
                "rate" => SetId::Rating,
                "answer" => SetId::FeedbackChannel,
                "verify" => SetId::Verification,
                "hand_over" => SetId::Department,
                _ => SetId::Theme,
            };
            parts.push(view.label(set, c));
        }
        // A dissatisfied rating stays in the timeline, marked as the reopen.
        let reopen = step.step == "rate" && step.category.as_deref() == Some(DISSATISFIED);
        if reopen {
            parts.push(format!("→ {}", view.t(Msg::TlReopened)));
        }
        let style = if reopen {
            view.theme.overdue()
        } else {
            view.theme.plain()
        };
        lines.push(Line::styled(text::safe(&parts.join("  ")), style));
        lines.push(by_whom(view, &step.who, &step.at));
        if !step.text.is_empty() && step.step != "raise" {
            lines.extend(paragraph(&step.text, 72));
        }
    }
    let title = format!("{} {}", row.record.reference, i.summary);
    Ok(Detail::new(title, Target::Issue(id), lines))
}

/// The latest hand-over: to whom and when, then their reply and its date,
/// or that it is awaited.
fn handover(view: &View, i: &Issue) -> Vec<Line<'static>> {
    let Some(h) = &i.handover else {
        return Vec::new();
    };
    let to = format!(
        "{} · {}",
        view.label(SetId::Department, &h.department),
        h.on
    );
    let mut lines = vec![field(view, Msg::FieldHandover, &to)];
    match &h.reply {
        Some((text, on)) => {
            lines.push(field(view, Msg::FieldReplyOn, &on.to_string()));
            lines.extend(paragraph(text, 72));
        }
        None => lines.push(Line::styled(
            format!("  {}", view.t(Msg::HandoverAwaiting)),
            view.theme.overdue(),
        )),
    }
    lines
}
