//! A table that measures text in terminal cells (CJK is two wide), cuts
//! with an ellipsis, shows control characters as placeholders and marks
//! the selection with reverse video, so it reads without colour too.

use crate::tui::kit::nav::Nav;
use crate::tui::shell::text;
use crate::tui::shell::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A column: its title and width rule.
pub struct Column {
    pub title: String,
    pub width: Constraint,
}

impl Column {
    pub fn new(title: &str, width: Constraint) -> Column {
        Column {
            title: title.to_string(),
            width,
        }
    }
}

/// One cell: text and its style.
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: Style::new(),
        }
    }
    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

/// A table over `len` rows; only the visible ones are built, by `row`.
pub struct Table<'a> {
    pub columns: &'a [Column],
    pub len: usize,
    pub nav: &'a Nav,
    /// Draw the selection (the list has the focus).
    pub focused: bool,
    /// Shown when there are no rows.
    pub empty: &'a str,
}

impl Table<'_> {
    /// Draws the header and the visible rows.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        row: impl Fn(usize) -> Vec<Cell>,
    ) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        let widths: Vec<u16> = Layout::horizontal(self.columns.iter().map(|c| c.width))
            .spacing(1)
            .split(Rect { height: 1, ..area })
            .iter()
            .map(|r| r.width)
            .collect();
        let mut lines = Vec::with_capacity(area.height as usize);
        let titles = self
            .columns
            .iter()
            .map(|c| (c.title.as_str(), theme.header()));
        lines.push(line(titles, &widths, Style::new()));
        let body = (area.height as usize).saturating_sub(1);
        let offset = self.nav.settle(body);
        if self.len == 0 {
            lines.push(Line::styled(
                text::fit(self.empty, area.width as usize),
                theme.dim(),
            ));
        }
        for i in (offset..self.len).take(body) {
            let style = if self.focused && i == self.nav.selected {
                theme.selected()
            } else {
                Style::new()
            };
            let cells = row(i);
            lines.push(line(
                cells.iter().map(|c| (c.text.as_str(), c.style)),
                &widths,
                style,
            ));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// One table line: every cell padded to its column, one space between.
fn line<'a>(
    cells: impl Iterator<Item = (&'a str, Style)>,
    widths: &[u16],
    row: Style,
) -> Line<'static> {
    let mut spans = Vec::with_capacity(widths.len() * 2);
    for (n, ((t, style), w)) in cells.zip(widths).enumerate() {
        if n > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            text::pad(text::first_line(t), *w as usize),
            style,
        ));
    }
    Line::from(spans).style(row)
}
