//! The Report pane: the work summary of one period with the trend of the
//! last twelve months. The figures are read when the period changes and
//! when records change (`reload`, deferred while the pane is hidden),
//! never while drawing; the scroll position survives a reload. See ARCHITECTURE.md, "Report".

use super::period::{self, Length};
use super::{body, trend};
use crate::msg::Msg;
use crate::report::doc::Doc;
use crate::report::summary::{self, Column};
use crate::store::report::{MonthPoint, Period};
use crate::tui::kit::overlay::Changes;
use crate::tui::kit::pane::{Effect, Pane};
use crate::tui::registry::NewKind;
use crate::tui::shell::context::{Env, View};
use crate::tui::shell::keys::{Action, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

/// Months in the trend.
pub const TREND_MONTHS: u32 = 12;

/// State of the Report pane.
#[derive(Default)]
pub struct ReportPane {
    length: Length,
    /// None until the first load puts this month here.
    period: Option<Period>,
    doc: Option<Doc>,
    trend: Vec<MonthPoint>,
    /// The summary's lines, laid out once per load.
    lines: Vec<body::Item>,
    /// The first line shown.
    top: usize,
    /// Lines visible at the last draw (a page for PgUp/PgDn).
    height: Cell<usize>,
    /// The trend fills the pane instead of the summary.
    full_trend: bool,
    /// On screen: a reload reads at once; hidden, it only marks the
    /// figures stale, read when the pane comes on screen.
    shown: bool,
    stale: bool,
}

impl ReportPane {
    /// The period shown.
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The summary shown.
    pub fn doc(&self) -> Option<&Doc> {
        self.doc.as_ref()
    }

    /// The trend shown, oldest month first.
    pub fn trend(&self) -> &[MonthPoint] {
        &self.trend
    }

    /// The first line shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// Reads the figures of `p`; on an error the pane keeps what it
    /// showed (the status line says why).
    fn load(&mut self, p: Period, env: &Env) -> Result<()> {
        let store = env.store;
        let column = Column {
            station: store.station()?,
            figures: store.figures(p, env.today)?,
        };
        let doc = summary::build(&[column], p, store.categories(), env.lang);
        self.lines = body::items(&doc);
        self.doc = Some(doc);
        self.period = Some(p);
        Ok(())
    }

    /// Reads everything again: the period's figures and the trend of the
    /// twelve months to today's (which a period change leaves alone, so
    /// `[`/`]` read one summary, not two).
    fn refresh(&mut self, env: &Env) -> Result<()> {
        self.load(self.current(env), env)?;
        self.trend = env.store.trend(env.today, TREND_MONTHS)?;
        self.stale = false;
        Ok(())
    }

    /// The period shown, or this month before the first load.
    fn current(&self, env: &Env) -> Period {
        self.period
            .unwrap_or_else(|| period::containing(env.today, Length::Month))
    }

    /// Moves to `p` of `length`, back at the top.
    fn go(&mut self, p: Period, length: Length, env: &Env) -> Result<Effect> {
        self.load(p, env)?;
        self.length = length;
        self.top = 0;
        Ok(Effect::None)
    }

    fn max_top(&self) -> usize {
        self.lines.len().saturating_sub(self.height.get().max(1))
    }

    /// Scrolls by the key map's movements and part jumps.
    fn scroll(&mut self, action: Action) {
        let page = self.height.get().max(1);
        let starts = body::part_starts(&self.lines);
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => self.top + 1,
            Action::PageUp => self.top.saturating_sub(page),
            Action::PageDown => self.top + page,
            Action::Top => 0,
            Action::Bottom => self.max_top(),
            Action::NextPart => starts
                .into_iter()
                .find(|s| *s > self.top)
                .unwrap_or(self.top),
            Action::PrevPart => starts
                .into_iter()
                .rev()
                .find(|s| *s < self.top)
                .unwrap_or(0),
            _ => self.top,
        }
        .min(self.max_top());
    }

    /// The title: the period, its length, the station and days.
    fn title(&self, view: &View) -> Line<'static> {
        let Some(p) = self.period else {
            return Line::styled(view.t(Msg::PaneReport).to_string(), view.theme.title());
        };
        let label = period::label(p, self.length, view.lang);
        let length = view.t(self.length.name());
        let mut spans = vec![Span::styled(
            Msg::RptTitleFmt.fill(view.lang, &[&label, &length]),
            view.theme.title(),
        )];
        // A typed period's days are its label already.
        if let Some(doc) = self.doc.as_ref().filter(|_| self.length != Length::Range) {
            spans.push(Span::styled(
                format!("  {}", doc.subtitle),
                view.theme.dim(),
            ));
        }
        if !self.full_trend && !self.lines.is_empty() {
            let end = (self.top + self.height.get()).min(self.lines.len());
            spans.push(Span::styled(
                format!("  {}-{}/{}", self.top + 1, end, self.lines.len()),
                view.theme.dim(),
            ));
        }
        Line::from(spans)
    }
}

impl Pane for ReportPane {
    fn title(&self) -> Msg {
        Msg::PaneReport
    }

    fn scope(&self) -> Scope {
        Scope::Report
    }

    /// Every kind of record feeds a figure.
    fn shows(&self) -> Changes {
        Changes::ALL
    }

    /// Reads at once when on screen; else only marks the figures stale
    /// (the summary costs tens of milliseconds on a large station, too
    /// much for every save on another pane).
    fn reload(&mut self, env: &Env) -> Result<()> {
        self.stale = true;
        match self.shown {
            true => self.refresh(env),
            false => Ok(()),
        }
    }

    fn on_screen(&mut self, shown: bool, env: &Env) -> Result<()> {
        self.shown = shown;
        match shown && (self.stale || self.period.is_none()) {
            true => self.refresh(env),
            false => Ok(()),
        }
    }

    fn handle(&mut self, action: Action, env: &Env) -> Result<Effect> {
        let p = self.current(env);
        let length = self.length;
        match action {
            Action::PrevPeriod => self.go(period::shift(p, length, -1), length, env),
            Action::NextPeriod => self.go(period::shift(p, length, 1), length, env),
            Action::PeriodLength => {
                let next = length.next();
                self.go(period::containing(p.from, next), next, env)
            }
            Action::ThisMonth => self.go(
                period::containing(env.today, Length::Month),
                Length::Month,
                env,
            ),
            Action::Range => Ok(Effect::New(NewKind::Period(p))),
            Action::Trend => {
                self.full_trend = !self.full_trend;
                Ok(Effect::None)
            }
            other => {
                self.scroll(other);
                Ok(Effect::None)
            }
        }
    }

    fn show_period(&mut self, p: Period, env: &Env) -> Result<Effect> {
        self.go(p, Length::Range, env)
    }

    /// Every rule of the summary's rates, once each, in order.
    fn notes(&self) -> Vec<String> {
        let mut rules: Vec<String> = Vec::new();
        for (_, table) in self.doc.iter().flat_map(Doc::tables) {
            for rule in &table.rules {
                if !rules.contains(rule) {
                    rules.push(rule.clone());
                }
            }
        }
        rules
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::PrevPeriod,
            Action::NextPeriod,
            Action::PeriodLength,
            Action::ThisMonth,
            Action::Range,
            Action::Trend,
            Action::NextPart,
        ]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        if area.height == 0 {
            return;
        }
        let title_area = Rect { height: 1, ..area };
        let rest = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        if self.full_trend {
            self.height.set(0);
            frame.render_widget(Paragraph::new(self.title(view)), title_area);
            trend::full(frame, rest, &self.trend, view);
            return;
        }
        let strip = trend::STRIP.min(rest.height / 3);
        let [spark, tables] =
            Layout::vertical([Constraint::Length(strip), Constraint::Fill(1)]).areas(rest);
        self.height.set(tables.height as usize);
        frame.render_widget(Paragraph::new(self.title(view)), title_area);
        trend::strip(frame, spark, &self.trend, self.period, view);
        match &self.doc {
            Some(doc) => {
                let top = self.top.min(self.max_top());
                body::draw(frame, tables, doc, &self.lines, top, view);
            }
            None => frame.render_widget(
                Paragraph::new(text::fit(view.t(Msg::RptNotLoaded), tables.width as usize)),
                tables,
            ),
        }
    }
}
