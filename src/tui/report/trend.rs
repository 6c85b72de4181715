//! The trend of the last twelve months, this one included: visits done,
//! issues raised, rectified on time and satisfaction. Compact, one
//! sparkline a line beside its name and latest value; full-height (`v`),
//! one bar chart a series with the month and value under every bar. The
//! glyphs carry the shape and the labels the meaning, so it reads
//! without colour. A month with nothing to rate shows `·`, not zero; a
//! month with little but not nothing shows at least the lowest glyph.
//! The strip's values are those of one month, named beside them: the
//! selected period's (its last month inside the trend), else the latest.

use crate::msg::Msg;
use crate::report::doc::Cell;
use crate::store::report::{MonthPoint, Period};
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use chrono::Datelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline, SparklineBar};
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

/// The top of a series' bars: rates are out of [`WHOLE`], counts out of
/// their largest month.
fn top(s: &Series) -> u64 {
    match s.rate {
        true => WHOLE,
        false => s.values.iter().flatten().copied().max().unwrap_or(0),
    }
}

/// The bar heights with a floor: a sparkline line has eight steps, so a
/// month under an eighth of `top` would draw blank, like a month of
/// nothing. Any non-zero month is raised to an eighth (the lowest glyph);
/// zero and absent months stay as they are.
pub fn floored(values: &[Option<u64>], top: u64) -> Vec<Option<u64>> {
    let eighth = top.div_ceil(8);
    values
        .iter()
        .map(|v| v.map(|n| if n > 0 { n.max(eighth) } else { 0 }))
        .collect()
}

/// The month whose values the strip shows: the last month of `selected`
/// inside the trend, else the latest month.
pub fn shown_month(points: &[MonthPoint], selected: Option<Period>) -> usize {
    let last = points.len().saturating_sub(1);
    let Some(p) = selected else {
        return last;
    };
    let first_month = p.from.with_day(1).unwrap_or(p.from);
    points
        .iter()
        .rposition(|m| m.month >= first_month && m.month <= p.to)
        .unwrap_or(last)
}

/// The compact strip: name, sparkline, the value of one month named
/// beside it (and on the first line the months covered). The month shown
/// is marked in the sparkline too.
pub fn strip(
    frame: &mut Frame,
    area: Rect,
    points: &[MonthPoint],
    selected: Option<Period>,
    view: &View,
) {
    if points.is_empty() || area.height == 0 {
        return;
    }
    let at = shown_month(points, selected);
    let month = super::period::label(
        Period {
            from: points[at].month,
            to: points[at].month,
        },
        super::period::Length::Month,
        view.lang,
    );
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
        let bars = floored(&s.values, top(s))
            .into_iter()
            .enumerate()
            .map(|(j, v)| {
                let bar = SparklineBar::from(v);
                match j == at {
                    true => bar.style(view.theme.selected()),
                    false => bar,
                }
            });
        let chart = Sparkline::default()
            .data(bars)
            .max(top(s).max(1))
            .style(view.theme.key())
            .absent_value_symbol("·");
        frame.render_widget(chart, spark);
        let shown = s.shown.get(at).cloned().unwrap_or_default();
        let mut spans = vec![
            Span::raw(format!("{shown:>6}")),
            Span::styled(
                Msg::RptTrendAtFmt.fill(view.lang, &[&month]),
                view.theme.dim(),
            ),
        ];
        if i == 0 {
            spans.push(Span::styled(
                format!("  {}", span(points, view)),
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
        let heights = floored(&s.values, top(s));
        let bars: Vec<Bar> = points
            .iter()
            .zip(&heights)
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_small_month_keeps_the_lowest_bar_and_nothing_stays_blank() {
        let v = floored(&[Some(0), Some(1), None, Some(40)], 40);
        assert_eq!(v, vec![Some(0), Some(5), None, Some(40)]);
        // Drawn on one row: the month of 1 shows the lowest glyph, the
        // month of 0 a blank.
        let area = Rect::new(0, 0, 4, 1);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        let data = floored(&[Some(0), Some(1), None, Some(40)], 40);
        ratatui::widgets::Widget::render(Sparkline::default().data(data).max(40), area, &mut buf);
        let cells: Vec<&str> = (0..4).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(cells, [" ", "▁", " ", "█"]);
        assert_eq!(floored(&[Some(0)], 0), vec![Some(0)]);
        assert_eq!(floored(&[Some(3)], WHOLE), vec![Some(125)]);
    }

    #[test]
    fn the_strip_shows_the_selected_month_inside_the_trend() {
        let points: Vec<MonthPoint> = (1..=12)
            .map(|m| MonthPoint {
                month: d(2026, m, 1),
                visits_done: 0,
                issues_raised: 0,
                rectified_on_time: Default::default(),
                satisfaction: Default::default(),
            })
            .collect();
        let month = |a, b| Some(Period { from: a, to: b });
        assert_eq!(shown_month(&points, None), 11);
        assert_eq!(
            shown_month(&points, month(d(2026, 3, 1), d(2026, 3, 31))),
            2
        );
        // A quarter: its last month in the trend.
        assert_eq!(
            shown_month(&points, month(d(2026, 4, 1), d(2026, 6, 30))),
            5
        );
        // An exact period from mid-month counts that month.
        assert_eq!(
            shown_month(&points, month(d(2026, 5, 20), d(2026, 5, 22))),
            4
        );
        // Outside the trend: the latest month.
        assert_eq!(
            shown_month(&points, month(d(2027, 1, 1), d(2027, 1, 31))),
            11
        );
        assert_eq!(
            shown_month(&points, month(d(2025, 1, 1), d(2025, 1, 31))),
            11
        );
    }
}
