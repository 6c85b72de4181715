//! The summary as text: Markdown for reading and pasting, CSV for a
//! spreadsheet, JSON for other programs.

use super::doc::{Doc, Table};
use super::formula::defuse;
use crate::domain::figures::Figures;
use crate::store::report::Period;
use serde::Serialize;
use std::fmt::Write;

/// Markdown: a heading per part and table, GitHub tables, each table's
/// rules under it, and 本期无 for a table with nothing in the period.
pub fn markdown(doc: &Doc) -> String {
    let mut out = format!("# {}\n\n{}\n", doc.title, doc.subtitle);
    for part in &doc.parts {
        let _ = write!(out, "\n## {}\n", part.title);
        for table in &part.tables {
            let _ = write!(out, "\n### {}\n\n", table.title);
            if table.is_empty() {
                let _ = writeln!(out, "{}", doc.nothing);
                continue;
            }
            md_table(&mut out, doc, table);
            for rule in &table.rules {
                let _ = write!(out, "\n*{}* {}\n", doc.rule.trim_end(), rule);
            }
        }
    }
    out
}

fn md_table(out: &mut String, doc: &Doc, table: &Table) {
    let cells = |v: Vec<String>| v.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ");
    let mut head = vec![doc.item.clone()];
    head.extend(doc.columns.iter().cloned());
    let _ = writeln!(out, "| {} |", cells(head));
    let _ = writeln!(
        out,
        "|---|{}",
        doc.columns.iter().map(|_| "---:|").collect::<String>()
    );
    for row in &table.rows {
        let mut line = vec![row.label.clone()];
        line.extend(row.cells.iter().map(|c| c.text()));
        let _ = writeln!(out, "| {} |", cells(line));
    }
}

/// A table cell's text with the characters Markdown tables give meaning
/// escaped.
fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

/// CSV in UTF-8 with a BOM (a spreadsheet on a station PC then opens the
/// Chinese correctly): part, table, item, one column per station. Titles,
/// labels and station names (some from config) are defused as formulas;
/// the figures are ours and stay numbers.
pub fn csv(doc: &Doc) -> anyhow::Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        // A table with nothing has one line, shorter than the others.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        let text = |s: &str| defuse(s).into_owned();
        let mut head = vec![text(&doc.part), text(&doc.table), text(&doc.item)];
        head.extend(doc.columns.iter().map(|c| text(c)));
        w.write_record(&head)?;
        for (part, table) in doc.tables() {
            let (part, title) = (text(&part.title), text(&table.title));
            if table.is_empty() {
                w.write_record([&part, &title, &text(&doc.nothing)])?;
                continue;
            }
            for row in &table.rows {
                let mut line = vec![part.clone(), title.clone(), text(&row.label)];
                line.extend(row.cells.iter().map(|c| c.text()));
                w.write_record(&line)?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// The JSON report: the period, every station's figures (counts; a rate is
/// its numerator and denominator), their total, and the laid-out summary.
#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    format_version: u32,
    from: String,
    to: String,
    stations: Vec<JsonStation<'a>>,
    total: Figures,
    summary: &'a Doc,
}

#[derive(Serialize)]
struct JsonStation<'a> {
    station: &'a str,
    figures: &'a Figures,
}

/// See [`JsonReport`].
pub fn json(stations: &[super::summary::Column], period: Period, doc: &Doc) -> String {
    let mut total = Figures::default();
    for s in stations {
        total.absorb(&s.figures);
    }
    let report = JsonReport {
        format: "doorstep-report",
        format_version: 1,
        from: period.from.to_string(),
        to: period.to.to_string(),
        stations: stations
            .iter()
            .map(|s| JsonStation {
                station: &s.station,
                figures: &s.figures,
            })
            .collect(),
        total,
        summary: doc,
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Cell, Part, Row};

    fn doc(label: &str, station: &str) -> Doc {
        Doc {
            title: "t".into(),
            subtitle: "s".into(),
            columns: vec![station.into()],
            parts: vec![Part {
                title: "一、走访".into(),
                tables: vec![Table {
                    title: "+慰问".into(),
                    rows: vec![
                        Row {
                            label: label.into(),
                            cells: vec![Cell::Count(-5)],
                        },
                        Row {
                            label: "金额".into(),
                            cells: vec![Cell::Money(19950)],
                        },
                    ],
                    rules: Vec::new(),
                }],
            }],
            nothing: "本期无".into(),
            item: "项目".into(),
            part: "部分".into(),
            table: "表".into(),
            rule: "口径：".into(),
        }
    }

    fn records(doc: &Doc) -> Vec<Vec<String>> {
        let bytes = csv(doc).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[3..])
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn csv_text_that_starts_like_a_formula_is_defused_but_figures_are_not() {
        let rows = records(&doc("=HYPERLINK(\"x\")", "@站"));
        assert_eq!(rows[0], ["部分", "表", "项目", "'@站"]);
        assert_eq!(rows[1], ["一、走访", "'+慰问", "'=HYPERLINK(\"x\")", "-5"]);
        assert_eq!(rows[2], ["一、走访", "'+慰问", "金额", "199.50"]);
    }
}
