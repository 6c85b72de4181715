//! The work summary as a document: four parts of titled tables, one value
//! column per station (plus a total when there are several), each rate
//! with its rule. Every output (the Report pane, md, csv, docx) draws this
//! one shape, so they cannot disagree. See ARCHITECTURE.md, "Report".

use crate::domain::figures::{Ratings, Ratio};
use crate::lang::Lang;
use crate::msg::Msg;
use serde::Serialize;

/// One cell of a table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Cell {
    Count(i64),
    Rate(Ratio),
    /// Two counts: meetings / attendance, open / overdue.
    Pair(i64, i64),
    /// An amount in fen, shown in yuan.
    Money(i64),
}

impl Cell {
    /// Whether the cell counts nothing.
    pub fn is_zero(self) -> bool {
        match self {
            Cell::Count(n) | Cell::Money(n) => n == 0,
            Cell::Rate(r) => r.num == 0 && r.den == 0,
            Cell::Pair(a, b) => a == 0 && b == 0,
        }
    }

    /// The cell as shown: a rate as "95.2% (40/42)", "—" when nothing was
    /// counted.
    pub fn text(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Rate(r) => match r.value() {
                Some(v) => format!("{:.1}% ({}/{})", v * 100.0, r.num, r.den),
                None => "—".to_string(),
            },
            Cell::Pair(a, b) => format!("{a} / {b}"),
            Cell::Money(fen) => format!("{}.{:02}", fen / 100, (fen % 100).abs()),
        }
    }

    /// The rate alone ("95.2%"), for narrow columns; other cells as
    /// [`Cell::text`].
    pub fn short(self) -> String {
        match self {
            Cell::Rate(r) => r
                .value()
                .map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0)),
            other => other.text(),
        }
    }
}

/// One line of a table: a label and a cell per column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
}

/// A titled table with the rules of its rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub title: String,
    pub rows: Vec<Row>,
    pub rules: Vec<String>,
}

impl Table {
    /// Nothing in the period: every cell of every column is zero.
    pub fn is_empty(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.cells.iter().all(|c| c.is_zero()))
    }
}

/// One of the campaign's four parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub title: String,
    pub tables: Vec<Table>,
}

/// The whole summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    pub title: String,
    /// Station(s) and period.
    pub subtitle: String,
    /// The value columns' headings.
    pub columns: Vec<String>,
    pub parts: Vec<Part>,
    /// The line a table with nothing in the period shows (本期无).
    pub nothing: String,
    /// The headings of the label column and, in CSV, of the part and
    /// table columns; the words before a rule ("Rule: ").
    pub item: String,
    pub part: String,
    pub table: String,
    pub rule: String,
}

impl Doc {
    /// Every table, in order.
    pub fn tables(&self) -> impl Iterator<Item = (&Part, &Table)> {
        self.parts
            .iter()
            .flat_map(|p| p.tables.iter().map(move |t| (p, t)))
    }
}

/// Builds tables in `lang`, one cell per column from `pick`.
pub(super) struct Builder<'a, F> {
    pub lang: Lang,
    pub columns: &'a [F],
}

impl<F> Builder<'_, F> {
    /// A row from one cell per column.
    pub fn row(&self, label: impl Into<String>, cell: impl Fn(&F) -> Cell) -> Row {
        Row {
            label: label.into(),
            cells: self.columns.iter().map(cell).collect(),
        }
    }

    /// A row labelled from the catalogue.
    pub fn msg(&self, label: Msg, cell: impl Fn(&F) -> Cell) -> Row {
        self.row(label.text(self.lang), cell)
    }

    /// Three rate rows of a satisfaction tally, labelled `label`.
    pub fn satisfaction(&self, label: &str, ratings: impl Fn(&F) -> Ratings) -> Vec<Row> {
        let l = self.lang;
        vec![
            self.row(Msg::ReportSatisfactionOfFmt.fill(l, &[&label]), |f| {
                Cell::Rate(ratings(f).satisfaction())
            }),
            self.row(Msg::ReportSatisfiedOnlyOfFmt.fill(l, &[&label]), |f| {
                Cell::Rate(ratings(f).satisfied_only())
            }),
            self.row(Msg::ReportDissatisfiedOfFmt.fill(l, &[&label]), |f| {
                Cell::Rate(ratings(f).dissatisfaction())
            }),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_rates_with_their_counts_and_never_nan() {
        assert_eq!(Cell::Rate(Ratio::new(40, 42)).text(), "95.2% (40/42)");
        assert_eq!(Cell::Rate(Ratio::new(0, 0)).text(), "—");
        assert_eq!(Cell::Rate(Ratio::new(0, 0)).short(), "—");
        assert_eq!(Cell::Money(19950).text(), "199.50");
        assert_eq!(Cell::Pair(3, 45).text(), "3 / 45");
        assert!(Cell::Rate(Ratio::new(0, 0)).is_zero());
        assert!(!Cell::Rate(Ratio::new(0, 3)).is_zero());
    }
}
