//! The trend of the last twelve months, this one included: visits done,
//! issues raised, rectified on time and satisfaction. Compact, one
//! sparkline a line beside its name and latest value; full-height (`v`),
//! one bar chart a series with the month and value under every bar. The
//! glyphs carry the shape and the labels the meaning, so it reads
//! without colour. A month with nothing to rate shows `·`, not zero.

use crate::msg::Msg;
use crate::report::doc::Cell;
use crate::store::report::MonthPoint;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline};
use ratatui::Frame;

/// Lines of the compact strip: one a series.
pub const STRIP: u16 = 4;
/// Cells of a series' name in the strip.
const NAME: usize = 20;
/// Rates are drawn in tenths of a percent, out of this.
const WHOLE: u64 = 1000;

/// One series of the trend.
struct Series {
    name: Msg,
    /// The bar heights; None when the month had nothing to count.
    values: Vec<Option<u64>>,
    /// What each month shows as text.
    shown: Vec<String>,
    /// A rate's bars are out of [`WHOLE`]; a count's out of its largest.
    rate: bool,
}

fn count(name: Msg, points: &[MonthPoint], f: impl Fn(&MonthPoint) -> i64) -> Series {
    Series {
        name,
        values: points.iter().map(|p| Some(f(p).max(0) as u64)).collect(),
        shown: points.iter().map(|p| f(p).to_string()).collect(),
        rate: false,
    }
}

fn rate(name: Msg, points: &[MonthPoint], f: impl Fn(&MonthPoint) -> Cell) -> Series {
    Series {
        name,
        values: points
            .iter()
            .map(|p| match f(p) {
                Cell::Rate(r) => r
                    .value()
                    .map(|v| (v * WHOLE as f64).round().clamp(0.0, WHOLE as f64) as u64),
                _ => None,
            })
            .collect(),
        shown: points.iter().map(|p| f(p).short()).collect(),
        rate: true,
    }
}

fn series(points: &[MonthPoint]) -> [Series; 4] {
    [
        count(Msg::RptVisitsDone, points, |p| p.visits_done),
        count(Msg::RptIssuesRaised, points, |p| p.issues_raised),
        rate(Msg::RptOnTime, points, |p| Cell::Rate(p.rectified_on_time)),
        rate(Msg::RptSatisfaction, points, |p| Cell::Rate(p.satisfaction)),
    ]
}

/// "2025-12 to 2026-11": the months the trend covers.
fn span(points: &[MonthPoint], view: &View) -> String {
    match (points.first(), points.last()) {
        (Some(a), Some(b)) => Msg::RptTrendFmt.fill(
            view.lang,
            &[&a.month.format("%Y-%m"), &b.month.format("%Y-%m")],
        ),
        _ => String::new(),
    }
}

/// The compact strip: name, sparkline, latest value (and on the first
/// line the months covered).
pub fn strip(frame: &mut Frame, area: Rect, points: &[MonthPoint], view: &View) {
    if points.is_empty() || area.height == 0 {
        return;
    }
    let rows = Layout::vertical([Constraint::Length(1); STRIP as usize]).split(area);
    for (i, (s, row)) in series(points).iter().zip(rows.iter()).enumerate() {
        let [name, spark, value] = Layout::horizontal([
            Constraint::Length(NAME as u16 + 1),
            Constraint::Length(points.len() as u16 + 1),
            Constraint::Fill(1),
        ])
        .areas(*row);
        let label = text::pad(&text::fit(view.t(s.name), NAME), NAME);
        frame.render_widget(Paragraph::new(label), name);
        let mut chart = Sparkline::default()
            .data(s.values.iter().copied())
            .style(view.theme.key())
            .absent_value_symbol("·");
        if s.rate {
            chart = chart.max(WHOLE);
        }
        frame.render_widget(chart, spark);
        let mut spans = vec![Span::raw(format!(
            "{:>6}",
            s.shown.last().cloned().unwrap_or_default()
        ))];
        if i == 0 {
            spans.push(Span::styled(
                format!("   {}", span(points, view)),
                view.theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), value);
    }
}

/// The full-height trend: one bar chart a series, stacked.
pub fn full(frame: &mut Frame, area: Rect, points: &[MonthPoint], view: &View) {
    if points.is_empty() || area.height == 0 {
        return;
    }
    let n = points.len().max(1) as u16;
    let bar_width = ((area.width + 1) / n).saturating_sub(1).clamp(1, 9);
    let rows = Layout::vertical([Constraint::Fill(1); STRIP as usize]).split(area);
    for (s, row) in series(points).iter().zip(rows.iter()) {
        let bars: Vec<Bar> = points
            .iter()
            .zip(&s.values)
            .zip(&s.shown)
            .map(|((p, v), shown)| {
                Bar::with_label(p.month.format("%y-%m").to_string(), v.unwrap_or(0))
                    .text_value(shown.clone())
            })
            .collect();
        let title = Line::from(vec![
            Span::styled(view.t(s.name).to_string(), view.theme.header()),
            Span::styled(format!("  {}", span(points, view)), view.theme.dim()),
        ]);
        let mut chart = BarChart::default()
            .block(Block::new().title(title))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(view.theme.key())
            .value_style(view.theme.selected())
            .label_style(view.theme.dim());
        if s.rate {
            chart = chart.max(WHOLE);
        }
        frame.render_widget(chart, *row);
    }
}
