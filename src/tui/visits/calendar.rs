//! The Calendar pane: a month grid (Monday first) with the number of
//! visits on each day and a `!` on days with overdue visits, the selected
//! day's agenda beside the grid (≥100 columns) or below it, and a week
//! view (`w`). Counts come from one grouped query per month (or week);
//! the agenda is read a page at a time.
//!
//! Focus: day keys (h/l, j/k, [/], t) move the selected day on the grid.
//! Enter on a day with visits moves the focus into its agenda, where j/k
//! (and g/G, Ctrl-b/Ctrl-f) move the selection and Enter opens the visit;
//! any day key (h/l, [/], t, w) moves back to the grid.

use crate::config::categories::SetId;
use crate::domain::visit::Visit;
use crate::msg::Msg;
use crate::store::visits::{Cursor, DayCount, VisitFilter};
use crate::store::Stored;
use crate::tui::kit::list::filter_summary;
use crate::tui::kit::nav::Nav;
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::pane::{Effect, Pane, COMMON_HINTS};
use crate::tui::kit::table::{Cell, Column, Table};
use crate::tui::registry::{NewKind, Target};
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use crate::tui::shell::text;
use crate::tui::today::pane::{
    fit_line, hhmm, officers, purposes, row_line, share, visit_status, visit_target,
};
use anyhow::Result;
use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::HashMap;

/// Agenda rows read at a time.
const PAGE: usize = 50;
/// Visits read per day for the other days of the week view.
const WEEK_DAY_PAGE: usize = 20;
/// From this width the agenda sits beside the grid.
const SIDE_BY_SIDE: u16 = 100;

/// The Monday on or before `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of `day`'s month.
pub fn month_end(day: NaiveDate) -> NaiveDate {
    let first = month_start(day);
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// The first cell of the month grid: the Monday on or before the 1st.
pub fn grid_start(day: NaiveDate) -> NaiveDate {
    week_start(month_start(day))
}

/// The Mondays of every grid row of `day`'s month (4 to 6 of them).
pub fn grid_weeks(day: NaiveDate) -> Vec<NaiveDate> {
    let end = month_end(day);
    let mut out = Vec::with_capacity(6);
    let mut w = grid_start(day);
    while w <= end {
        out.push(w);
        w = w + Days::new(7);
    }
    out
}

/// `day` moved by `n` months, the day of month clamped to the target
/// month's length (Jan 31 + 1 month = Feb 28).
pub fn add_months(day: NaiveDate, n: i32) -> NaiveDate {
    let m = Months::new(n.unsigned_abs());
    let moved = if n >= 0 {
        day.checked_add_months(m)
    } else {
        day.checked_sub_months(m)
    };
    moved.unwrap_or(day)
}

/// `day` moved by `n` days.
pub fn add_days(day: NaiveDate, n: i64) -> NaiveDate {
    day.checked_add_signed(chrono::TimeDelta::days(n))
        .unwrap_or(day)
}

/// Which part has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Grid,
    Agenda,
}

/// One choice of the filter menu.
#[derive(Debug, Clone, PartialEq)]
enum Choice {
    Clear,
    Purpose(String),
    Form(String),
    Officer(i64),
}

/// State of the Calendar pane.
#[derive(Default)]
pub struct CalendarPane {
    /// The selected day; None until the first load puts it on today.
    selected: Option<NaiveDate>,
    /// The last `/` text, so searching it again moves on to the next day.
    search: String,
    pub filter: VisitFilter,
    /// The week view instead of the month grid.
    pub week: bool,
    pub focus: Focus,
    /// Counts of the loaded month (or week), by day.
    counts: HashMap<NaiveDate, DayCount>,
    /// The range `counts` covers.
    counted: Option<(NaiveDate, NaiveDate)>,
    /// The selected day's visits, a page at a time.
    agenda: Vec<Stored<Visit>>,
    agenda_day: Option<NaiveDate>,
    next: Option<Cursor>,
    nav: Nav,
    /// Week view: the first visits of each day of the selected week.
    week_days: Vec<(NaiveDate, Vec<Stored<Visit>>)>,
    /// Directory names of the targets shown.
    names: HashMap<i64, String>,
    choices: Vec<Choice>,
}

impl CalendarPane {
    /// The selected day (None before the first load).
    pub fn day(&self) -> Option<NaiveDate> {
        self.selected
    }

    /// The visits counted on `day` (with the filter), if loaded.
    pub fn count_on(&self, day: NaiveDate) -> Option<&DayCount> {
        self.counts.get(&day)
    }

    /// The selected day's loaded visits.
    pub fn agenda(&self) -> &[Stored<Visit>] {
        &self.agenda
    }

    /// The range the counts must cover: the month, or the week.
    fn count_range(&self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        if self.week {
            let s = week_start(day);
            (s, s + Days::new(6))
        } else {
            (month_start(day), month_end(day))
        }
    }

    /// Reads whatever the selected day needs that is not loaded yet;
    /// `force` reads everything again (after a change or a new filter).
    fn refresh(&mut self, env: &Env, force: bool) -> Result<()> {
        let day = *self.selected.get_or_insert(env.today);
        let store = env.store;
        let range = self.count_range(day);
        let new_range = force || self.counted != Some(range);
        if new_range {
            let counts = store.visit_counts_filtered(range.0, range.1, env.today, &self.filter)?;
            self.counts = counts.into_iter().map(|c| (c.date, c)).collect();
            self.counted = Some(range);
        }
        if force || self.agenda_day != Some(day) {
            let page = store.visits_page_filtered(day, day, &self.filter, None, PAGE)?;
            self.agenda = page.items;
            self.next = page.next;
            self.agenda_day = Some(day);
            self.nav.reset();
        }
        if !self.week {
            self.week_days.clear();
        } else if new_range || self.week_days.is_empty() {
            self.week_days.clear();
            for d in (0..7).map(|i| range.0 + Days::new(i)) {
                let visits = match self.counts.get(&d) {
                    Some(_) => {
                        store
                            .visits_page_filtered(d, d, &self.filter, None, WEEK_DAY_PAGE)?
                            .items
                    }
                    None => Vec::new(),
                };
                self.week_days.push((d, visits));
            }
        }
        self.load_names(env)
    }

    /// Names of targets not yet known, in one query.
    fn load_names(&mut self, env: &Env) -> Result<()> {
        let missing: Vec<i64> = self
            .agenda
            .iter()
            .chain(self.week_days.iter().flat_map(|(_, v)| v))
            .filter_map(|v| v.record.target_id)
            .filter(|id| !self.names.contains_key(id))
            .collect();
        if !missing.is_empty() {
            self.names.extend(env.store.entry_names(&missing)?);
        }
        Ok(())
    }

    fn load_more(&mut self, env: &Env) -> Result<()> {
        if let (Some(after), Some(day)) = (self.next.take(), self.agenda_day) {
            let page =
                env.store
                    .visits_page_filtered(day, day, &self.filter, Some(&after), PAGE)?;
            self.agenda.extend(page.items);
            self.next = page.next;
            self.load_names(env)?;
        }
        Ok(())
    }

    /// Moves the selected day and gives the keys back to the grid.
    fn go(&mut self, day: NaiveDate, env: &Env) -> Result<()> {
        self.selected = Some(day);
        self.focus = Focus::Grid;
        self.refresh(env, false)
    }

    /// Moves the agenda selection, reading more when it runs off the end.
    fn move_in_agenda(&mut self, action: Action, env: &Env) -> Result<()> {
        while self
            .nav
            .apply(action, self.agenda.len(), self.next.is_some())
        {
            self.load_more(env)?;
            if action == Action::Bottom && self.agenda.len() >= 10 * PAGE {
                self.nav.selected = self.agenda.len() - 1;
                break;
            }
        }
        Ok(())
    }

    fn filter_summary(&self, view: &View) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        if let Some(p) = &f.purpose {
            parts.push(view.label(SetId::Purpose, p));
        }
        if let Some(x) = &f.form {
            parts.push(view.label(SetId::Form, x));
        }
        if let Some(o) = f.officer {
            parts.push(view.officer(o).to_string());
        }
        filter_summary(parts, view)
    }

    /// `Mo`…`Su` (or `一`…`日`) of `day`.
    fn weekday_name(day: NaiveDate, view: &View) -> &'static str {
        let i = day.weekday().num_days_from_monday() as usize;
        view.t(Msg::Weekdays)
            .split_whitespace()
            .nth(i)
            .unwrap_or("")
    }

    fn draw_title(&self, frame: &mut Frame, area: Rect, view: &View, day: NaiveDate) {
        let period = if self.week {
            Msg::CalWeekOf.fill(view.lang, &[&week_start(day)])
        } else {
            Msg::CalMonthTitle.fill(view.lang, &[&day.year(), &format!("{:02}", day.month())])
        };
        let spans = vec![
            Span::styled(period, view.theme.title()),
            Span::raw(format!(
                "  {}: {}  ",
                view.t(Msg::Filter),
                self.filter_summary(view)
            )),
            Span::styled(view.t(Msg::CalLegend), view.theme.dim()),
        ];
        frame.render_widget(Paragraph::new(fit_line(spans, area.width as usize)), area);
    }

    /// The month grid: weekday names, then `row_h` lines per week (the
    /// second line splits the count into done and overdue when there is
    /// room).
    fn draw_grid(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        day: NaiveDate,
        cw: usize,
        row_h: usize,
    ) {
        let th = view.theme;
        let mut lines = Vec::new();
        let names: Vec<Span> = view
            .t(Msg::Weekdays)
            .split_whitespace()
            .enumerate()
            .flat_map(|(i, d)| {
                let sep = Span::raw(if i == 0 { "" } else { " " });
                [sep, Span::styled(text::pad(d, cw), th.header())]
            })
            .collect();
        lines.push(Line::from(names));
        for monday in grid_weeks(day) {
            for part in 0..row_h {
                let mut spans = Vec::with_capacity(14);
                for i in 0..7 {
                    let d = monday + Days::new(i);
                    if i > 0 {
                        spans.push(Span::raw(" "));
                    }
                    match part {
                        0 => spans.extend(self.grid_cell(d, day, cw, view)),
                        1 => spans.extend(self.grid_detail(d, day, cw, view)),
                        _ => spans.push(Span::styled(" ".repeat(cw), self.sel_style(d, day, view))),
                    }
                }
                lines.push(Line::from(spans));
            }
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// Reverse video on the selected day, nothing elsewhere.
    fn sel_style(&self, d: NaiveDate, sel: NaiveDate, view: &View) -> Style {
        if d == sel {
            view.theme.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    /// The second line of a tall cell: `5✓ 2!` (done, overdue).
    fn grid_detail(
        &self,
        d: NaiveDate,
        sel: NaiveDate,
        cw: usize,
        view: &View,
    ) -> Vec<Span<'static>> {
        let th = view.theme;
        let base = self.sel_style(d, sel, view);
        let in_month = d.month() == sel.month() && d.year() == sel.year();
        let mut parts: Vec<(String, Style)> = Vec::new();
        if let Some(c) = self.counts.get(&d).filter(|_| in_month) {
            if c.done > 0 {
                parts.push((format!("{}✓", c.done), th.done()));
            }
            if c.overdue > 0 {
                parts.push((format!("{}!", c.overdue), th.overdue()));
            }
        }
        let used: usize = parts.iter().map(|(t, _)| text::width(t) + 1).sum();
        if used > cw {
            parts.clear();
        }
        let mut spans = vec![Span::styled(" ".repeat(cw - used.min(cw)), base)];
        for (t, style) in parts {
            spans.push(Span::styled(t, style.patch(base)));
            spans.push(Span::styled(" ", base));
        }
        spans
    }

    /// One day of the grid: `26*    3!`: day, today mark, count, overdue
    /// mark. Days of other months are dim and carry no counts.
    fn grid_cell(
        &self,
        d: NaiveDate,
        sel: NaiveDate,
        cw: usize,
        view: &View,
    ) -> [Span<'static>; 2] {
        let th = view.theme;
        let in_month = d.month() == sel.month() && d.year() == sel.year();
        let mark = if d == view.today { "*" } else { " " };
        let left = format!("{:>2}{mark}", d.day());
        let (right, count_style) = match self.counts.get(&d).filter(|_| in_month) {
            Some(c) if c.total > 0 => {
                let n = if c.total > 9999 {
                    "9999+".to_string()
                } else {
                    c.total.to_string()
                };
                let (o, style) = if c.overdue > 0 {
                    ("!", th.overdue())
                } else if c.done == c.total {
                    (" ", th.done())
                } else {
                    (" ", th.plain())
                };
                (format!("{n}{o}"), style)
            }
            _ => (String::new(), th.plain()),
        };
        let right_w = cw.saturating_sub(3);
        let right = format!("{:>right_w$}", text::fit(&right, right_w));
        let mut day_style = if in_month { th.plain() } else { th.dim() };
        if d == view.today {
            day_style = day_style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        }
        let mut count_style = count_style;
        if d == sel {
            let sel_style = th.selected().add_modifier(Modifier::BOLD);
            day_style = day_style.patch(sel_style);
            count_style = count_style.patch(sel_style);
        }
        [
            Span::styled(left, day_style),
            Span::styled(right, count_style),
        ]
    }

    /// The heading of a day's list: `Th 2026-11-26 · 3 visits`.
    fn day_heading(&self, d: NaiveDate, loaded: usize, view: &View) -> String {
        let total = self.counts.get(&d).map_or(loaded as i64, |c| c.total);
        let mark = if d == view.today { "*" } else { "" };
        format!(
            "{} {d}{mark} · {} {}",
            Self::weekday_name(d, view),
            total,
            view.t(Msg::Visits)
        )
    }

    fn agenda_cells(&self, v: &Visit, view: &View) -> Vec<(String, Style, Constraint)> {
        let (state, style) = visit_status(v, view.today, view);
        vec![
            (hhmm(v), view.theme.plain(), Constraint::Length(5)),
            (
                visit_target(v, &self.names),
                view.theme.plain(),
                Constraint::Fill(1),
            ),
            (
                purposes(v, view),
                view.theme.plain(),
                Constraint::Length(16),
            ),
            (
                officers(v, view),
                view.theme.plain(),
                Constraint::Length(12),
            ),
            (state, style, Constraint::Length(9)),
        ]
    }

    /// The selected day's agenda as a table.
    fn draw_agenda(&self, frame: &mut Frame, area: Rect, view: &View, day: NaiveDate) {
        if area.height == 0 {
            return;
        }
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let mut spans = vec![Span::styled(
            format!(
                "{} — {}",
                view.t(Msg::Agenda),
                self.day_heading(day, self.agenda.len(), view)
            ),
            view.theme.title(),
        )];
        if self.focus == Focus::Agenda {
            spans.push(Span::styled(
                format!("  {}", view.t(Msg::CalAgendaFocus)),
                view.theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(fit_line(spans, head.width as usize)), head);
        let columns = [
            Column::new(view.t(Msg::ColTime), Constraint::Length(5)),
            Column::new(view.t(Msg::ColTarget), Constraint::Fill(1)),
            Column::new(view.t(Msg::ColPurpose), Constraint::Length(16)),
            Column::new(view.t(Msg::ColOfficers), Constraint::Length(12)),
            Column::new(view.t(Msg::ColState), Constraint::Length(9)),
        ];
        let table = Table {
            columns: &columns,
            len: self.agenda.len(),
            nav: &self.nav,
            focused: self.focus == Focus::Agenda,
            empty: view.t(Msg::Empty),
        };
        table.draw(frame, body, view.theme, |i| {
            self.agenda_cells(&self.agenda[i].record, view)
                .into_iter()
                .map(|(t, s, _)| Cell::styled(t, s))
                .collect()
        });
    }

    /// The week view: seven day blocks stacked, each given rows by
    /// `share`; the selected day's block is its agenda.
    fn draw_week(&self, frame: &mut Frame, area: Rect, view: &View, day: NaiveDate) {
        let th = view.theme;
        let heads = self.week_days.len().min(area.height as usize);
        let wants: Vec<usize> = self
            .week_days
            .iter()
            .map(|(d, v)| {
                if *d == day {
                    self.agenda.len()
                } else {
                    v.len()
                }
                .max(1)
            })
            .collect();
        let rows = share(&wants, area.height as usize - heads);
        let mut y = area.y;
        for (k, (d, visits)) in self.week_days.iter().enumerate().take(heads) {
            if y >= area.bottom() {
                break;
            }
            let is_sel = *d == day;
            let list: &[Stored<Visit>] = if is_sel { &self.agenda } else { visits };
            let total = self.counts.get(d).map_or(0, |c| c.total);
            let mut head_style = th.header();
            if is_sel {
                head_style = head_style.patch(th.selected());
            }
            let mut spans = vec![Span::styled(
                self.day_heading(*d, list.len(), view),
                head_style,
            )];
            let hidden = total - list.len() as i64;
            if hidden > 0 {
                spans.push(Span::styled(
                    format!("  {}", Msg::TodayMore.fill(view.lang, &[&hidden])),
                    th.dim(),
                ));
            }
            if is_sel && self.focus == Focus::Agenda {
                spans.push(Span::styled(
                    format!("  {}", view.t(Msg::CalAgendaFocus)),
                    th.dim(),
                ));
            }
            let mut lines = vec![fit_line(spans, area.width as usize)];
            let n = rows[k];
            let offset = if is_sel { self.nav.settle(n) } else { 0 };
            if list.is_empty() && n > 0 {
                lines.push(Line::styled(
                    text::fit(view.t(Msg::Empty), area.width as usize),
                    th.dim(),
                ));
            }
            for (i, v) in list.iter().enumerate().skip(offset).take(n) {
                let row = if is_sel && self.focus == Focus::Agenda && i == self.nav.selected {
                    th.selected()
                } else {
                    Style::new()
                };
                lines.push(row_line(
                    &self.agenda_cells(&v.record, view),
                    area.width,
                    row,
                ));
            }
            let h = (n as u16 + 1).min(area.bottom() - y);
            frame.render_widget(
                Paragraph::new(lines),
                Rect {
                    y,
                    height: h,
                    ..area
                },
            );
            y += h;
        }
    }
}

impl Pane for CalendarPane {
    fn title(&self) -> Msg {
        Msg::PaneCalendar
    }

    fn shows(&self) -> Changes {
        Changes::VISITS | Changes::DIRECTORY
    }

    fn hints(&self) -> Vec<Action> {
        [&COMMON_HINTS[..], &[Action::Today, Action::ToggleWeek]].concat()
    }

    fn scope(&self) -> Scope {
        Scope::Calendar
    }

    fn target(&self) -> Option<Target> {
        match self.focus {
            Focus::Agenda => self
                .agenda
                .get(self.nav.selected)
                .map(|v| Target::Visit(v.id)),
            Focus::Grid => None,
        }
    }

    fn reload(&mut self, env: &Env) -> Result<()> {
        // Keep the agenda selection on the same visit when it is still there.
        let keep = self.agenda.get(self.nav.selected).map(|v| v.id);
        self.names.clear();
        self.refresh(env, true)?;
        match keep.and_then(|id| self.agenda.iter().position(|v| v.id == id)) {
            Some(pos) => self.nav.follow(pos, self.agenda.len()),
            // Gone (done elsewhere, moved): the cursor stays on its line.
            None => self.nav.clamp(self.agenda.len()),
        }
        if self.agenda.is_empty() {
            self.focus = Focus::Grid;
        }
        Ok(())
    }

    /// A visit just created or moved: go to its day, the cursor on it.
    fn select(&mut self, target: Target, env: &Env) -> Result<bool> {
        let Target::Visit(id) = target else {
            return Ok(false);
        };
        let day = env.store.visit(id)?.record.date;
        self.go(day, env)?;
        while !self.agenda.iter().any(|v| v.id == id) && self.next.is_some() {
            self.load_more(env)?;
        }
        match self.agenda.iter().position(|v| v.id == id) {
            Some(pos) => {
                self.nav.selected = pos;
                self.focus = Focus::Agenda;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        let day = *self.selected.get_or_insert(env.today);
        let in_agenda = self.focus == Focus::Agenda;
        match action {
            Action::PrevWeek | Action::Up if in_agenda => self.move_in_agenda(Action::Up, env)?,
            Action::NextWeek | Action::Down if in_agenda => {
                self.move_in_agenda(Action::Down, env)?
            }
            Action::Top | Action::Bottom | Action::PageUp | Action::PageDown if in_agenda => {
                self.move_in_agenda(action, env)?
            }
            Action::Back if in_agenda => self.focus = Focus::Grid,
            Action::PrevDay => self.go(add_days(day, -1), env)?,
            Action::NextDay => self.go(add_days(day, 1), env)?,
            Action::PrevWeek | Action::Up => self.go(add_days(day, -7), env)?,
            Action::NextWeek | Action::Down => self.go(add_days(day, 7), env)?,
            Action::PrevMonth => self.go(add_months(day, -1), env)?,
            Action::NextMonth => self.go(add_months(day, 1), env)?,
            Action::Today => self.go(env.today, env)?,
            Action::ToggleWeek => {
                self.week = !self.week;
                self.focus = Focus::Grid;
                self.refresh(env, false)?;
            }
            Action::Open if in_agenda => {
                return Ok(self
                    .agenda
                    .get(self.nav.selected)
                    .map_or(Effect::None, |v| Effect::Open(Target::Visit(v.id))));
            }
            Action::Open if !self.agenda.is_empty() => {
                self.focus = Focus::Agenda;
                self.nav.reset();
            }
            Action::Edit if in_agenda => {
                return Ok(self
                    .agenda
                    .get(self.nav.selected)
                    .map_or(Effect::None, |v| Effect::Edit(Target::Visit(v.id))));
            }
            Action::New => return Ok(Effect::New(NewKind::Visit(day))),
            _ => {}
        }
        Ok(Effect::None)
    }

    /// Jumps to the next day (from the selected one; after it when the
    /// same text is searched again) with a visit whose target, place or
    /// mission contains `text`, and focuses its agenda.
    fn search(&mut self, text: &str, env: &Env) -> Result<Effect> {
        let text = text.trim();
        if text.is_empty() {
            self.search.clear();
            return Ok(Effect::None);
        }
        let day = self.selected.unwrap_or(env.today);
        let from = if self.search == text {
            add_days(day, 1)
        } else {
            day
        };
        self.search = text.to_string();
        match env.store.next_visit_matching(from, text)? {
            Some(found) => {
                self.go(found, env)?;
                if !self.agenda.is_empty() {
                    self.focus = Focus::Agenda;
                    self.nav.reset();
                }
                Ok(Effect::None)
            }
            None => Ok(Effect::Status(
                Msg::NotFoundFmt.fill(env.lang, &[&text, &from]),
            )),
        }
    }

    fn search_text(&self) -> &str {
        &self.search
    }

    fn filter_menu(&mut self, env: &Env, officers: &[(i64, String)]) -> Option<Vec<String>> {
        let lang = env.lang;
        let cats = env.store.categories();
        let mut choices = vec![Choice::Clear];
        choices.extend(cats.keys(SetId::Purpose).into_iter().map(Choice::Purpose));
        choices.extend(cats.keys(SetId::Form).into_iter().map(Choice::Form));
        choices.extend(officers.iter().map(|(id, _)| Choice::Officer(*id)));
        let labels = choices
            .iter()
            .map(|c| match c {
                Choice::Clear => Msg::FilterAll.text(lang).to_string(),
                Choice::Purpose(p) => format!(
                    "{}: {}",
                    Msg::ColPurpose.text(lang),
                    cats.label(SetId::Purpose, p, lang)
                ),
                Choice::Form(f) => format!(
                    "{}: {}",
                    Msg::FieldForm.text(lang),
                    cats.label(SetId::Form, f, lang)
                ),
                Choice::Officer(id) => {
                    let name = officers
                        .iter()
                        .find(|(o, _)| o == id)
                        .map_or("?", |(_, n)| n.as_str());
                    format!("{}: {name}", Msg::ColOfficers.text(lang))
                }
            })
            .collect();
        self.choices = choices;
        Some(labels)
    }

    fn choose(&mut self, index: usize, env: &Env) -> Result<Effect> {
        let Some(choice) = self.choices.get(index).cloned() else {
            return Ok(Effect::None);
        };
        let f = &mut self.filter;
        match choice {
            Choice::Clear => *f = VisitFilter::default(),
            Choice::Purpose(p) => f.purpose = Some(p),
            Choice::Form(x) => f.form = Some(x),
            Choice::Officer(o) => f.officer = Some(o),
        }
        self.focus = Focus::Grid;
        self.refresh(env, true)?;
        Ok(Effect::None)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        if area.height < 2 || area.width == 0 {
            return;
        }
        let day = self.selected.unwrap_or(view.today);
        let [title, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        self.draw_title(frame, title, view, day);
        if self.week {
            self.draw_week(frame, body, view, day);
            return;
        }
        let weeks = grid_weeks(day).len();
        if body.width >= SIDE_BY_SIDE {
            let row_h = ((body.height as usize).saturating_sub(1) / weeks).clamp(1, 3);
            let grid_h = (weeks * row_h + 1) as u16;
            let cw: usize = if body.width >= 140 { 10 } else { 8 };
            let grid_w = (cw * 7 + 6) as u16;
            let [grid, _, agenda] = Layout::horizontal([
                Constraint::Length(grid_w),
                Constraint::Length(2),
                Constraint::Fill(1),
            ])
            .areas(body);
            let grid = Rect {
                height: grid_h.min(grid.height),
                ..grid
            };
            self.draw_grid(frame, grid, view, day, cw, row_h);
            self.draw_agenda(frame, agenda, view, day);
        } else {
            let grid_h = weeks as u16 + 1;
            let cw = ((body.width as usize).saturating_sub(6) / 7).clamp(6, 10);
            let [grid, _, agenda] = Layout::vertical([
                Constraint::Length(grid_h),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(body);
            self.draw_grid(frame, grid, view, day, cw, 1);
            self.draw_agenda(frame, agenda, view, day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_grid_starts_on_the_monday_before_the_first() {
        // 2026-11-01 is a Sunday.
        assert_eq!(grid_start(d("2026-11-18")), d("2026-10-26"));
        // 2026-06-01 is a Monday: the grid starts on the 1st itself.
        assert_eq!(grid_start(d("2026-06-30")), d("2026-06-01"));
        assert_eq!(week_start(d("2026-11-26")), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-23")), d("2026-11-23"));
    }

    #[test]
    fn grid_rows_cover_the_month_and_weeks_span_months() {
        // November 2026: Sunday 1st to Monday 30th needs six rows.
        let weeks = grid_weeks(d("2026-11-10"));
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[0], d("2026-10-26"));
        assert_eq!(weeks[5], d("2026-11-30"));
        // February 2021 starts on a Monday and has 28 days: four rows.
        assert_eq!(grid_weeks(d("2021-02-14")).len(), 4);
        // A week spanning two months and a year end.
        assert_eq!(week_start(d("2027-01-01")), d("2026-12-28"));
        assert_eq!(month_end(d("2026-12-05")), d("2026-12-31"));
        assert_eq!(month_end(d("2028-02-01")), d("2028-02-29"));
    }

    #[test]
    fn month_moves_clamp_the_day() {
        assert_eq!(add_months(d("2027-01-31"), 1), d("2027-02-28"));
        assert_eq!(add_months(d("2028-01-31"), 1), d("2028-02-29"));
        assert_eq!(add_months(d("2026-03-31"), -1), d("2026-02-28"));
        assert_eq!(add_months(d("2026-12-15"), 1), d("2027-01-15"));
        assert_eq!(add_days(d("2026-11-30"), 1), d("2026-12-01"));
        assert_eq!(add_days(d("2026-11-02"), -7), d("2026-10-26"));
    }
}
