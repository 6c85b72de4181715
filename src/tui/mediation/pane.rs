//! The Mediation pane: the queue of open disputes, highest risk first,
//! then by next session date, then by age; filtered by state, kind or
//! risk, searchable by summary and party names.

use crate::config::categories::SetId;
use crate::domain::mediation::{CaseStatus, Consent, Outcome, Role};
use crate::msg::Msg;
use crate::store::history::{QueueFilter, QueueRow};
use crate::store::mediation::Cursor;
use crate::store::Page;
use crate::tui::kit::list::{
    category_choice, cleared, labelled, with_labels, About, ListPane, Listed, Source,
};
use crate::tui::kit::list::{filter_summary, title_line};
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::table::{Cell, Column};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::Scope;
use crate::tui::shell::text;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Below this width dates shorten (`26-11-06`, next session `11-29`).
const WIDE: u16 = 120;

/// The label of a party's role.
pub fn role_msg(r: Role) -> Msg {
    match r {
        Role::Applicant => Msg::MedRoleApplicant,
        Role::Respondent => Msg::MedRoleRespondent,
        Role::Other => Msg::MedRoleOther,
    }
}

/// The label of a party's consent.
pub fn consent_msg(c: Consent) -> Msg {
    match c {
        Consent::Pending => Msg::MedConsentPending,
        Consent::Given => Msg::MedConsentGiven,
        Consent::Refused => Msg::MedConsentRefused,
    }
}

/// The label of a closed case's outcome.
pub fn outcome_msg(o: Outcome) -> Msg {
    match o {
        Outcome::Declined => Msg::MedOutcomeDeclined,
        Outcome::Honoured => Msg::MedOutcomeHonoured,
        Outcome::ReferralConfirmed => Msg::MedOutcomeReferralConfirmed,
    }
}

/// The risk cell: the top grade is marked `!!` (readable without colour)
/// and drawn red bold; the rest plain.
pub fn risk_cell(risk: &str, view: &View) -> (String, Style) {
    let label = view.label(SetId::Risk, risk);
    if risk == view.cats.top_risk() {
        (format!("!!{label}"), view.theme.overdue())
    } else {
        (label, view.theme.plain())
    }
}

/// Red when the time limit has passed, yellow within a week of it.
pub fn days_left_style(days: i64, view: &View) -> Style {
    if days < 0 {
        view.theme.overdue()
    } else if days <= 7 {
        view.theme.due_soon()
    } else {
        view.theme.plain()
    }
}

/// One choice of the filter menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Clear,
    HighRisk,
    State(CaseStatus),
    Kind(String),
    Risk(String),
}

/// Where the Mediation pane's rows come from: the queue filter.
#[derive(Default)]
pub struct Queue {
    pub filter: QueueFilter,
}

/// The Mediation pane.
pub type MediationPane = ListPane<Queue>;

impl Queue {
    fn filter_summary(&self, view: &View) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        if let Some(s) = f.status {
            parts.push(view.t(s.label()).to_string());
        }
        if let Some(k) = &f.kind {
            parts.push(view.label(SetId::DisputeKind, k));
        }
        if let Some(r) = &f.risk {
            parts.push(format!(
                "{}: {}",
                view.t(Msg::ColRisk),
                view.label(SetId::Risk, r)
            ));
        }
        if !f.text.is_empty() {
            parts.push(format!("/{}", f.text));
        }
        filter_summary(parts, view)
    }

    fn row(&self, r: &QueueRow, view: &View, wide: bool) -> Vec<Cell> {
        let th = view.theme;
        let (risk, risk_style) = risk_cell(&r.risk, view);
        let parties = match (&r.applicant, &r.respondent) {
            (Some(a), Some(b)) => Msg::MedPartiesFmt.fill(view.lang, &[a, b]),
            (Some(a), None) | (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        };
        let parties = if r.parties > 2 {
            format!("{parties} +{}", r.parties - 2)
        } else {
            parties
        };
        let next = match r.next_session {
            Some(d) => short_date(d, wide),
            None => String::new(),
        };
        let next_style = match r.next_session {
            Some(d) if d < view.today => th.overdue(),
            Some(d) if d == view.today => th.due_soon(),
            _ => th.plain(),
        };
        // The time limit only runs while mediation is under way.
        let (left, left_style) = match r.days_left(view.today) {
            Some(d) if r.status == CaseStatus::Accepted => {
                (days_left_text(d, view), days_left_style(d, view))
            }
            _ => (String::new(), th.plain()),
        };
        let state_style = if matches!(r.status, CaseStatus::Closed | CaseStatus::Declined) {
            th.done()
        } else {
            th.plain()
        };
        vec![
            Cell::styled(risk, risk_style),
            Cell::plain(if wide {
                r.received_on.to_string()
            } else {
                r.received_on.format("%y-%m-%d").to_string()
            }),
            Cell::plain(view.label(SetId::DisputeKind, &r.kind)),
            Cell::plain(match wide {
                true => format!("{} {}", r.reference, r.summary),
                false => r.summary.clone(),
            }),
            Cell::plain(parties),
            Cell::styled(view.t(r.status.label()), state_style),
            Cell::styled(next, next_style),
            Cell::styled(left, left_style),
        ]
    }
}

/// `2026-12-03`, or `12-03` where room is short (sessions are near).
fn short_date(d: NaiveDate, wide: bool) -> String {
    if wide {
        d.to_string()
    } else {
        d.format("%m-%d").to_string()
    }
}

impl Source for Queue {
    type Row = QueueRow;
    type Cursor = Cursor;
    type Choice = Choice;

    fn about(&self) -> About {
        About::new(
            Msg::PaneMediation,
            Scope::Mediation,
            Changes::CASES | Changes::DIRECTORY,
            NewKind::Case,
        )
    }

    fn target(&self, row: &QueueRow) -> Target {
        Target::Case(row.id)
    }

    fn page(&self, env: &Env, after: Option<&Cursor>, n: usize) -> Result<Page<QueueRow, Cursor>> {
        Ok(env.store.queue_rows(&self.filter, after, n)?)
    }

    fn count(&self, env: &Env) -> Result<Option<u64>> {
        Ok(Some(env.store.queue_count(&self.filter)? as u64))
    }

    fn search(&mut self) -> &mut String {
        &mut self.filter.text
    }

    fn choices(&self, env: &Env, _officers: &[(i64, String)]) -> Vec<(Choice, String)> {
        let cats = env.store.categories();
        let mut choices = vec![Choice::Clear, Choice::HighRisk];
        choices.extend(CaseStatus::ALL.into_iter().map(Choice::State));
        choices.extend(cats.keys(SetId::DisputeKind).into_iter().map(Choice::Kind));
        choices.extend(cats.keys(SetId::Risk).into_iter().rev().map(Choice::Risk));
        with_labels(choices, |c| match c {
            Choice::Clear => Msg::FilterAll.text(env.lang).to_string(),
            Choice::HighRisk => Msg::MedFilterHighRisk.text(env.lang).to_string(),
            Choice::State(s) => labelled(env.lang, Msg::ColState, s.label().text(env.lang)),
            Choice::Kind(k) => category_choice(env, Msg::ColKind, SetId::DisputeKind, k),
            Choice::Risk(r) => category_choice(env, Msg::ColRisk, SetId::Risk, r),
        })
    }

    fn choose(&mut self, choice: Choice, env: &Env) {
        let f = &mut self.filter;
        match choice {
            Choice::Clear => cleared(f, |f| &mut f.text),
            Choice::HighRisk => {
                let top = env.store.categories().top_risk().to_string();
                f.risk = if f.risk.as_deref() == Some(top.as_str()) {
                    None
                } else {
                    Some(top)
                };
            }
            Choice::State(s) => f.status = Some(s),
            Choice::Kind(k) => f.kind = Some(k),
            Choice::Risk(r) => f.risk = Some(r),
        }
    }

    fn heading(&self, list: &Listed<QueueRow>, view: &View) -> Line<'static> {
        let top = view.cats.top_risk();
        let high = list.rows.iter().filter(|r| r.risk == top).count();
        let badge = (high > 0).then(|| {
            let text = format!("!!{}", Msg::MedHighRiskCount.fill(view.lang, &[&high]));
            Span::styled(text, view.theme.overdue())
        });
        title_line(
            view,
            Msg::PaneMediation,
            list,
            badge,
            self.filter_summary(view),
        )
    }

    fn columns(&self, width: u16, view: &View) -> Vec<Column> {
        let wide = width >= WIDE;
        let top = view.cats.top_risk();
        let state_w = CaseStatus::ALL
            .iter()
            .map(|s| text::width(view.t(s.label())))
            .max()
            .unwrap_or(8)
            .min(12) as u16;
        let risk_w = view
            .cats
            .set(SetId::Risk)
            .items
            .iter()
            .map(|i| text::width(i.label(view.lang)) + if i.key == top { 2 } else { 0 })
            .chain([text::width(view.t(Msg::ColRisk))])
            .max()
            .unwrap_or(6)
            .min(8) as u16;
        let left_w = text::width(&days_left_text(-99, view)) as u16;
        let (received_w, kind_w, parties_w, date_w, next_title) = if wide {
            (10, 20, 22, 12, Msg::ColNextSession)
        } else {
            (8, 8, 12, 5, Msg::MedColNext)
        };
        vec![
            Column::new(view.t(Msg::ColRisk), Constraint::Length(risk_w)),
            Column::new(view.t(Msg::MedColReceived), Constraint::Length(received_w)),
            Column::new(view.t(Msg::ColKind), Constraint::Length(kind_w)),
            Column::new(view.t(Msg::ColSummary), Constraint::Fill(1)),
            Column::new(view.t(Msg::Parties), Constraint::Length(parties_w)),
            Column::new(view.t(Msg::ColState), Constraint::Length(state_w)),
            Column::new(view.t(next_title), Constraint::Length(date_w)),
            Column::new(view.t(Msg::MedColLeft), Constraint::Length(left_w)),
        ]
    }

    fn cells(&self, r: &QueueRow, width: u16, view: &View) -> Vec<Cell> {
        self.row(r, view, width >= WIDE)
    }
}

/// Days left on the time limit, or how far past it: "12 d", "!49 d over".
pub fn days_left_text(days: i64, view: &View) -> String {
    if days < 0 {
        format!("!{}", Msg::MedListOverFmt.fill(view.lang, &[&-days]))
    } else {
        Msg::MedListLeftFmt.fill(view.lang, &[&days])
    }
}

/// Cuts a line of styled spans to `width` cells.
pub fn fit_line(spans: Vec<Span<'static>>, width: u16) -> Line<'static> {
    let mut room = width as usize;
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        if room == 0 {
            break;
        }
        let t = text::fit(&s.content, room);
        room = room.saturating_sub(text::width(&t));
        out.push(Span::styled(t, s.style));
    }
    Line::from(out)
}
