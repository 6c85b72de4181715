//! The Today pane, shown first: what is due. Five sections (today's
//! visits, overdue planned visits, issues overdue or due within a week,
//! mediation today with the high-risk cases, care visits due), each read
//! as one bounded page with a count of the whole, so "+N more" is honest.
//! One selection runs across every section (headings are skipped) and
//! Enter opens the line's record. Traffic lights: red overdue, yellow due
//! soon, green done.

use crate::config::categories::SetId;
use crate::domain::visit::{Visit, VisitStatus};
use crate::msg::Msg;
use crate::store::agenda::{CaseBrief, SessionBrief, TodayCounts};
use crate::store::care::CareRow;
use crate::store::issues::IssueRow;
use crate::store::Stored;
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::pane::{Effect, Pane, SearchMode};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;
use std::collections::HashMap;

/// Rows read per section.
const PAGE: usize = 50;
/// Issues due within this many days are listed.
const DUE_DAYS: u64 = 7;
/// From this width the sections sit in two columns.
const TWO_COLUMNS: u16 = 120;

/// The sections, in selection order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Visits,
    Overdue,
    Issues,
    Mediation,
    Care,
}

impl Section {
    fn title(self) -> Msg {
        match self {
            Section::Visits => Msg::TodayVisits,
            Section::Overdue => Msg::OverdueVisits,
            Section::Issues => Msg::IssuesDue,
            Section::Mediation => Msg::SessionsToday,
            Section::Care => Msg::CareDue,
        }
    }
}

/// One line of a section.
#[derive(Debug, Clone)]
enum Item {
    Visit(Stored<Visit>),
    Issue(Stored<IssueRow>),
    Session(SessionBrief),
    HighRisk(CaseBrief),
    PastLimit(CaseBrief),
    FollowUp(CaseBrief),
    Care(Stored<CareRow>),
}

impl Item {
    fn target(&self) -> Target {
        match self {
            Item::Visit(v) => Target::Visit(v.id),
            Item::Issue(i) => Target::Issue(i.id),
            Item::Session(s) => Target::Case(s.case_id),
            Item::HighRisk(c) | Item::PastLimit(c) | Item::FollowUp(c) => Target::Case(c.id),
            Item::Care(c) => Target::Care(c.id),
        }
    }
}

/// A section as loaded: a page of its lines and the size of the whole.
#[derive(Debug)]
struct Block {
    section: Section,
    items: Vec<Item>,
    total: i64,
    /// First visible line, settled while drawing.
    offset: Cell<usize>,
}

impl Block {
    fn new(section: Section, items: Vec<Item>, total: i64) -> Block {
        Block {
            section,
            items,
            total,
            offset: Cell::new(0),
        }
    }

    /// Lines counted but not loaded.
    fn more(&self) -> i64 {
        (self.total - self.items.len() as i64).max(0)
    }
}

/// A case's line: why it is listed, a date, its summary and kind.
fn case_cells(
    label: (String, Style),
    date: (String, Style),
    c: &CaseBrief,
    view: &View,
) -> Vec<(String, Style, Constraint)> {
    vec![
        (label.0, label.1, Constraint::Length(14)),
        (date.0, date.1, Constraint::Length(10)),
        (c.summary.clone(), view.theme.plain(), Constraint::Fill(1)),
        (
            view.label(SetId::DisputeKind, &c.kind),
            view.theme.plain(),
            Constraint::Length(12),
        ),
    ]
}

/// State of the Today pane.
#[derive(Default)]
pub struct TodayPane {
    blocks: Vec<Block>,
    /// Directory names of the visits' targets and care persons.
    names: HashMap<i64, String>,
    /// Index into all lines of all sections, in order.
    selected: usize,
}

impl TodayPane {
    fn len(&self) -> usize {
        self.blocks.iter().map(|b| b.items.len()).sum()
    }

    fn item(&self, index: usize) -> Option<&Item> {
        self.blocks.iter().flat_map(|b| &b.items).nth(index)
    }

    /// The record the selection stands on.
    pub fn selected_target(&self) -> Option<Target> {
        self.item(self.selected).map(Item::target)
    }

    /// The index of the first line of block `n`.
    fn start_of(&self, n: usize) -> usize {
        self.blocks[..n].iter().map(|b| b.items.len()).sum()
    }

    fn load(&mut self, env: &Env) -> Result<()> {
        let store = env.store;
        let today = env.today;
        let top = store.categories().top_risk().to_string();
        let until = today + chrono::Days::new(DUE_DAYS);
        let c: TodayCounts = store.today_counts(today, DUE_DAYS, &top)?;
        let visits = store.visits_page(today, today, None, PAGE)?.items;
        let overdue = store.overdue_visits_page(today, None, PAGE)?.items;
        let issues = store.issues_due(today, DUE_DAYS, PAGE)?;
        let mut mediation: Vec<Item> = store
            .sessions_on(today, PAGE)?
            .into_iter()
            .map(Item::Session)
            .collect();
        mediation.extend(
            store
                .open_cases_at_risk(&top, PAGE)?
                .into_iter()
                .map(Item::HighRisk),
        );
        mediation.extend(
            store
                .cases_past_limit(today, PAGE)?
                .into_iter()
                .map(Item::PastLimit),
        );
        mediation.extend(
            store
                .follow_ups_due(until, PAGE)?
                .into_iter()
                .map(Item::FollowUp),
        );
        let care = store.care_page(Some(until), None, PAGE)?.items;
        let mut ids: Vec<i64> = visits
            .iter()
            .chain(&overdue)
            .filter_map(|v| v.record.target_id)
            .collect();
        ids.extend(care.iter().map(|c| c.record.entry.person_id));
        self.names = store.entry_names(&ids)?;
        self.blocks = vec![
            Block::new(
                Section::Visits,
                visits.into_iter().map(Item::Visit).collect(),
                c.visits_today,
            ),
            Block::new(
                Section::Overdue,
                overdue.into_iter().map(Item::Visit).collect(),
                c.overdue_visits,
            ),
            Block::new(
                Section::Issues,
                issues.into_iter().map(Item::Issue).collect(),
                c.issues_due,
            ),
            Block::new(
                Section::Mediation,
                mediation,
                c.sessions_today + c.high_risk + c.past_limit + c.follow_ups,
            ),
            Block::new(
                Section::Care,
                care.into_iter().map(Item::Care).collect(),
                c.care_due,
            ),
        ];
        Ok(())
    }

    /// The cells of one line and their widths.
    /// The cells of one line and their widths; `wide` (≥100 cells) adds
    /// the dates that the day counts already imply.
    fn cells(&self, item: &Item, wide: bool, view: &View) -> Vec<(String, Style, Constraint)> {
        let th = view.theme;
        let today = view.today;
        match item {
            Item::Visit(v) => {
                let r = &v.record;
                let (when, status) = if r.date < today {
                    let days = (today - r.date).num_days();
                    (
                        (r.date.to_string(), th.overdue(), Constraint::Length(10)),
                        (
                            Msg::TodayDaysOver.fill(view.lang, &[&days]),
                            th.overdue(),
                            Constraint::Length(13),
                        ),
                    )
                } else {
                    let (label, style) = visit_status(r, today, view);
                    (
                        (hhmm(r), th.plain(), Constraint::Length(5)),
                        (label, style, Constraint::Length(10)),
                    )
                };
                vec![
                    when,
                    (
                        visit_target(r, &self.names),
                        th.plain(),
                        Constraint::Fill(1),
                    ),
                    (purposes(r, view), th.plain(), Constraint::Length(14)),
                    (officers(r, view), th.plain(), Constraint::Length(12)),
                    status,
                ]
            }
            Item::Issue(row) => {
                let i = &row.record.issue;
                let deadline = i.assignment.as_ref().map(|a| a.deadline);
                let style = match deadline {
                    Some(d) if d < today => th.overdue(),
                    _ => th.due_soon(),
                };
                let responsible = i
                    .assignment
                    .as_ref()
                    .map(|a| view.officer(a.officer_id).to_string())
                    .unwrap_or_default();
                let mut cells = vec![(row.record.reference.clone(), style, Constraint::Length(13))];
                if wide {
                    cells.push((
                        deadline.map(|d| d.to_string()).unwrap_or_default(),
                        style,
                        Constraint::Length(10),
                    ));
                }
                cells.extend([
                    (i.summary.clone(), th.plain(), Constraint::Fill(1)),
                    (responsible, th.plain(), Constraint::Length(8)),
                    (due_label(deadline, view), style, Constraint::Length(13)),
                    (
                        view.t(i.status.label()).to_string(),
                        th.plain(),
                        Constraint::Length(10),
                    ),
                ]);
                cells
            }
            Item::Session(s) => {
                let style = if s.held { th.done() } else { th.due_soon() };
                vec![
                    (
                        view.t(Msg::TodaySession).to_string(),
                        style,
                        Constraint::Length(14),
                    ),
                    (
                        risk_label(&s.risk, view),
                        risk_style(&s.risk, view),
                        Constraint::Length(10),
                    ),
                    (s.summary.clone(), th.plain(), Constraint::Fill(1)),
                    (
                        view.label(SetId::DisputeKind, &s.kind),
                        th.plain(),
                        Constraint::Length(12),
                    ),
                ]
            }
            Item::HighRisk(c) => {
                let next = c.next_session_on.map(|d| d.to_string());
                let label = (view.t(Msg::HighRisk).to_string(), th.overdue());
                case_cells(label, (next.unwrap_or_default(), th.plain()), c, view)
            }
            Item::PastLimit(c) => {
                let over = c.limit_on.map_or(0, |d| (today - d).num_days());
                let label = (view.t(Msg::TodayPastLimit).to_string(), th.overdue());
                let over = format!("!{}", Msg::MedListOverFmt.fill(view.lang, &[&over]));
                case_cells(label, (over, th.overdue()), c, view)
            }
            Item::FollowUp(c) => {
                let style = match c.follow_up_on {
                    Some(d) if d < today => th.overdue(),
                    _ => th.due_soon(),
                };
                let label = (view.t(Msg::TodayFollowUp).to_string(), style);
                let due = c.follow_up_on.map(|d| d.to_string());
                case_cells(label, (due.unwrap_or_default(), style), c, view)
            }
            Item::Care(c) => {
                let due = c.record.next_due;
                let style = if due < today {
                    th.overdue()
                } else {
                    th.due_soon()
                };
                let person = self
                    .names
                    .get(&c.record.entry.person_id)
                    .cloned()
                    .unwrap_or_else(|| "?".into());
                vec![
                    (person, th.plain(), Constraint::Length(12)),
                    (
                        view.label(SetId::CareGroup, &c.record.entry.group),
                        th.plain(),
                        Constraint::Length(16),
                    ),
                    (
                        c.record.entry.reason.clone(),
                        th.plain(),
                        Constraint::Fill(1),
                    ),
                    (due.to_string(), style, Constraint::Length(10)),
                    (due_label(Some(due), view), style, Constraint::Length(13)),
                ]
            }
        }
    }

    /// Draws the blocks `which` stacked in `area`, each given rows by
    /// `share` so every section stays in sight.
    fn draw_column(&self, frame: &mut Frame, area: Rect, view: &View, which: &[usize]) {
        let heads = which.len().min(area.height as usize);
        let wants: Vec<usize> = which
            .iter()
            .map(|&n| self.blocks[n].items.len().max(1))
            .collect();
        let rows = share(&wants, area.height as usize - heads);
        let mut y = area.y;
        for (k, &n) in which.iter().enumerate().take(heads) {
            let h = rows[k] as u16 + 1;
            let rect = Rect {
                y,
                height: h.min(area.bottom() - y),
                ..area
            };
            self.draw_block(frame, rect, view, n);
            y += rect.height;
            if y >= area.bottom() {
                break;
            }
        }
    }

    fn draw_block(&self, frame: &mut Frame, area: Rect, view: &View, n: usize) {
        let b = &self.blocks[n];
        let width = area.width as usize;
        let mut head = vec![Span::styled(
            format!("{} ({})", view.t(b.section.title()), b.total),
            view.theme.header(),
        )];
        if b.more() > 0 {
            head.push(Span::styled(
                format!("  {}", Msg::TodayMore.fill(view.lang, &[&b.more()])),
                view.theme.dim(),
            ));
        }
        let mut lines = vec![fit_line(head, width)];
        let rows = (area.height as usize).saturating_sub(1);
        if b.items.is_empty() {
            lines.push(Line::styled(
                text::fit(view.t(Msg::Empty), width),
                view.theme.dim(),
            ));
        }
        let start = self.start_of(n);
        let local = self
            .selected
            .checked_sub(start)
            .filter(|l| *l < b.items.len());
        let mut offset = b.offset.get();
        if let Some(l) = local {
            if l < offset {
                offset = l;
            } else if l >= offset + rows {
                offset = l + 1 - rows.max(1);
            }
        }
        offset = offset.min(b.items.len().saturating_sub(rows));
        b.offset.set(offset);
        for (i, item) in b.items.iter().enumerate().skip(offset).take(rows) {
            let row = if Some(i) == local {
                view.theme.selected()
            } else {
                Style::new()
            };
            let cells = self.cells(item, area.width >= 100, view);
            lines.push(row_line(&cells, area.width, row));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

impl Pane for TodayPane {
    fn title(&self) -> Msg {
        Msg::PaneToday
    }

    fn shows(&self) -> Changes {
        Changes::ALL
    }

    fn scope(&self) -> Scope {
        Scope::Today
    }

    fn target(&self) -> Option<Target> {
        self.selected_target()
    }

    fn reload(&mut self, env: &Env) -> Result<()> {
        // Keep the selection on the same record when it is still listed.
        let keep = self.selected_target();
        self.load(env)?;
        let found = keep.and_then(|t| {
            self.blocks
                .iter()
                .flat_map(|b| &b.items)
                .position(|i| i.target() == t)
        });
        // When it is gone, the cursor stays on the same line.
        self.selected = found
            .unwrap_or(self.selected)
            .min(self.len().saturating_sub(1));
        Ok(())
    }

    fn search_mode(&self) -> SearchMode {
        SearchMode::Everything
    }

    fn select(&mut self, target: Target, _env: &Env) -> Result<bool> {
        let found = self
            .blocks
            .iter()
            .flat_map(|b| &b.items)
            .position(|i| i.target() == target);
        if let Some(pos) = found {
            self.selected = pos;
        }
        Ok(found.is_some())
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        let last = self.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::PageUp | Action::PageDown => {
                // A page jumps to the first line of the previous/next section.
                let mut starts: Vec<usize> = (0..self.blocks.len())
                    .filter(|n| !self.blocks[*n].items.is_empty())
                    .map(|n| self.start_of(n))
                    .collect();
                starts.dedup();
                self.selected = if action == Action::PageDown {
                    starts
                        .into_iter()
                        .find(|s| *s > self.selected)
                        .unwrap_or(last)
                } else {
                    starts
                        .into_iter()
                        .rev()
                        .find(|s| *s < self.selected)
                        .unwrap_or(0)
                };
            }
            Action::Open => {
                return Ok(self.selected_target().map_or(Effect::None, Effect::Open));
            }
            Action::Edit => {
                return Ok(self.selected_target().map_or(Effect::None, Effect::Edit));
            }
            Action::New => return Ok(Effect::New(NewKind::Visit(env.today))),
            _ => {}
        }
        Ok(Effect::None)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        if area.width >= TWO_COLUMNS {
            let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                .spacing(2)
                .areas(area);
            self.draw_column(frame, left, view, &[0, 1, 3]);
            self.draw_column(frame, right, view, &[2, 4]);
        } else {
            self.draw_column(frame, area, view, &[0, 1, 2, 3, 4]);
        }
    }
}

/// Shares `rows` among sections wanting `wants` rows: one round at a time,
/// a row to each section still wanting one, so small sections show whole
/// and large ones split what is left.
pub(crate) fn share(wants: &[usize], rows: usize) -> Vec<usize> {
    let mut got = vec![0; wants.len()];
    let mut left = rows;
    loop {
        let mut gave = false;
        for (g, w) in got.iter_mut().zip(wants) {
            if left == 0 {
                return got;
            }
            if *g < *w {
                *g += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            return got;
        }
    }
}

/// One list line: every cell fitted and padded to its width (measured in
/// cells, made safe), one space between, the row style over all.
pub(crate) fn row_line(
    cells: &[(String, Style, Constraint)],
    width: u16,
    row: Style,
) -> Line<'static> {
    let widths = Layout::horizontal(cells.iter().map(|c| c.2))
        .spacing(1)
        .split(Rect::new(0, 0, width, 1));
    let mut spans = Vec::with_capacity(cells.len() * 2);
    for (n, ((t, style, _), w)) in cells.iter().zip(widths.iter()).enumerate() {
        if n > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            text::pad(text::first_line(t), w.width as usize),
            *style,
        ));
    }
    Line::from(spans).style(row)
}

/// A heading made of spans, cut to `width` cells.
pub(crate) fn fit_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let t = text::fit(&s.content, room);
        used += text::width(&t);
        out.push(Span::styled(t, s.style));
    }
    Line::from(out)
}

/// `09:30`, or `--:--` for a visit with no time.
pub(crate) fn hhmm(v: &Visit) -> String {
    v.time
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|| "--:--".into())
}

/// The directory name of the visit's target, else its place.
pub(crate) fn visit_target(v: &Visit, names: &HashMap<i64, String>) -> String {
    match v.target_id {
        Some(id) => names.get(&id).cloned().unwrap_or_else(|| "?".into()),
        None => v.place.clone(),
    }
}

pub(crate) fn purposes(v: &Visit, view: &View) -> String {
    v.purposes
        .iter()
        .map(|p| view.label(SetId::Purpose, p))
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn officers(v: &Visit, view: &View) -> String {
    v.officers
        .iter()
        .map(|o| view.officer(*o).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The state of a visit in words and its traffic-light colour.
pub(crate) fn visit_status(v: &Visit, today: NaiveDate, view: &View) -> (String, Style) {
    let th = view.theme;
    match &v.status {
        VisitStatus::Done { .. } => (view.t(Msg::StDone).into(), th.done()),
        VisitStatus::Cancelled { .. } => (view.t(Msg::StCancelled).into(), th.dim()),
        VisitStatus::Planned if v.date < today => (view.t(Msg::Overdue).into(), th.overdue()),
        VisitStatus::Planned if v.date == today => (view.t(Msg::StPlanned).into(), th.due_soon()),
        VisitStatus::Planned => (view.t(Msg::StPlanned).into(), th.plain()),
    }
}

/// "3 d overdue", "due today" or "5 d left" for a deadline.
fn due_label(deadline: Option<NaiveDate>, view: &View) -> String {
    let Some(d) = deadline else {
        return String::new();
    };
    let days = (d - view.today).num_days();
    match days {
        n if n < 0 => Msg::TodayDaysOver.fill(view.lang, &[&-n]),
        0 => view.t(Msg::TodayDueToday).to_string(),
        n => Msg::TodayDaysLeft.fill(view.lang, &[&n]),
    }
}

fn risk_label(risk: &str, view: &View) -> String {
    view.label(SetId::Risk, risk)
}

fn risk_style(risk: &str, view: &View) -> Style {
    if risk == view.cats.top_risk() {
        view.theme.overdue()
    } else {
        view.theme.plain()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_shows_small_sections_whole_and_splits_the_rest() {
        assert_eq!(share(&[1, 12, 26, 3, 23], 16), vec![1, 4, 4, 3, 4]);
        assert_eq!(share(&[1, 2, 3], 100), vec![1, 2, 3]);
        assert_eq!(share(&[5, 5], 0), vec![0, 0]);
        assert_eq!(share(&[], 5), Vec::<usize>::new());
        let got = share(&[50, 50, 50, 50, 50], 16);
        assert_eq!(got.iter().sum::<usize>(), 16);
    }
}
