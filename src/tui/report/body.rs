//! The summary's tables as scrollable lines: a part's title, each table's
//! title over its value-column headings, its rows with the values right
//! aligned (widths in terminal cells, CJK counted double), or its 本期无
//! line. Rates show their counts when there is room ("95.2% (40/42)"),
//! else the rate alone.

use crate::report::doc::{Cell, Doc};
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// From this width rates show their counts.
pub const WIDE: u16 = 120;

/// One line of the laid-out summary, by index into the doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Part(usize),
    Table(usize, usize),
    Row(usize, usize, usize),
    Nothing,
    Blank,
}

/// The lines of `doc`, in order; a table counting nothing gets one line
/// saying so instead of its rows.
pub fn items(doc: &Doc) -> Vec<Item> {
    let mut out = Vec::new();
    for (p, part) in doc.parts.iter().enumerate() {
        if p > 0 {
            out.push(Item::Blank);
        }
        out.push(Item::Part(p));
        for (t, table) in part.tables.iter().enumerate() {
            out.push(Item::Table(p, t));
            if table.is_empty() {
                out.push(Item::Nothing);
            } else {
                out.extend((0..table.rows.len()).map(|r| Item::Row(p, t, r)));
            }
        }
    }
    out
}

/// Where each part begins, for the part jumps.
pub fn part_starts(items: &[Item]) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| matches!(item, Item::Part(_)).then_some(i))
        .collect()
}

/// A cell as shown at this width.
fn cell_text(c: Cell, wide: bool) -> String {
    if wide {
        c.text()
    } else {
        c.short()
    }
}

/// The width of each value column: its widest cell or heading.
fn value_widths(doc: &Doc, wide: bool) -> Vec<usize> {
    let mut widths: Vec<usize> = doc.columns.iter().map(|h| text::width(h)).collect();
    for (_, table) in doc.tables() {
        for row in &table.rows {
            for (w, c) in widths.iter_mut().zip(&row.cells) {
                *w = (*w).max(text::width(&cell_text(*c, wide)));
            }
        }
    }
    widths
}

/// `s` right-aligned in `cells` cells.
fn right(s: &str, cells: usize) -> String {
    let s = text::fit(s, cells);
    format!("{}{s}", " ".repeat(cells.saturating_sub(text::width(&s))))
}

/// Draws the lines from `top` into `area`.
pub fn draw(frame: &mut Frame, area: Rect, doc: &Doc, items: &[Item], top: usize, view: &View) {
    let width = area.width as usize;
    let wide = area.width >= WIDE;
    let values = value_widths(doc, wide);
    let values_w: usize = values.iter().map(|w| w + 2).sum();
    // Labels as wide as the widest, so the values sit near them.
    let longest = doc
        .tables()
        .flat_map(|(_, t)| t.rows.iter().map(|r| text::width(&r.label) + 2))
        .chain(doc.tables().map(|(_, t)| text::width(&t.title)))
        .max()
        .unwrap_or(0);
    let label_w = width.saturating_sub(values_w + 2).min(longest);
    let th = view.theme;
    let lines: Vec<Line> = items
        .iter()
        .skip(top)
        .take(area.height as usize)
        .map(|item| match *item {
            Item::Part(p) => Line::styled(text::fit(&doc.parts[p].title, width), th.header()),
            Item::Table(p, t) => {
                let title = &doc.parts[p].tables[t].title;
                let mut spans = vec![Span::styled(
                    format!("  {}", text::pad(&text::fit(title, label_w), label_w)),
                    th.title(),
                )];
                for (h, w) in doc.columns.iter().zip(&values) {
                    spans.push(Span::styled(format!("  {}", right(h, *w)), th.dim()));
                }
                Line::from(spans)
            }
            Item::Row(p, t, r) => {
                let row = &doc.parts[p].tables[t].rows[r];
                let lw = label_w.saturating_sub(2);
                let mut s = format!("    {}", text::pad(&text::fit(&row.label, lw), lw));
                for (c, w) in row.cells.iter().zip(&values) {
                    s.push_str("  ");
                    s.push_str(&right(&cell_text(*c, wide), *w));
                }
                Line::raw(s)
            }
            Item::Nothing => Line::styled(format!("    {}", doc.nothing), th.dim()),
            Item::Blank => Line::raw(""),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
