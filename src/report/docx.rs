//! The summary as the Word document a coordinator hands in: a title with
//! the station and period, the four parts in order, their tables, each
//! table's rules, and 本期无 where a table has nothing.

use super::doc::{Doc, Table};
use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table as DocxTable, TableCell,
    TableRow,
};

/// Chinese body text in the font every station PC has.
fn fonts() -> RunFonts {
    RunFonts::new().east_asia("SimSun").ascii("Times New Roman")
}

fn text(s: &str) -> Run {
    Run::new().add_text(s).fonts(fonts())
}

fn para(s: &str) -> Paragraph {
    Paragraph::new().add_run(text(s))
}

/// Heading styles named as Word names them, so its navigation pane and
/// any reader find the structure.
fn heading_style(id: &str, name: &str, size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .size(size)
        .bold()
        .fonts(RunFonts::new().east_asia("SimHei"))
}

fn heading(style: &str, s: &str) -> Paragraph {
    Paragraph::new().add_run(text(s)).style(style)
}

fn table(doc: &Doc, t: &Table) -> DocxTable {
    let cell = |s: &str, bold: bool| {
        let run = if bold { text(s).bold() } else { text(s) };
        TableCell::new().add_paragraph(Paragraph::new().add_run(run))
    };
    let mut head = vec![cell(&doc.item, true)];
    head.extend(doc.columns.iter().map(|c| cell(c, true)));
    let mut rows = vec![TableRow::new(head)];
    rows.extend(t.rows.iter().map(|r| {
        let mut line = vec![cell(&r.label, false)];
        line.extend(r.cells.iter().map(|c| cell(&c.text(), false)));
        TableRow::new(line)
    }));
    DocxTable::new(rows)
}

/// The packed .docx file.
pub fn docx(doc: &Doc) -> anyhow::Result<Vec<u8>> {
    let mut d = Docx::new()
        .add_style(heading_style("Title", "Title", 36))
        .add_style(heading_style("Heading1", "Heading 1", 32))
        .add_style(heading_style("Heading2", "Heading 2", 26))
        .add_paragraph(heading("Title", &doc.title).align(AlignmentType::Center))
        .add_paragraph(para(&doc.subtitle).align(AlignmentType::Center));
    for part in &doc.parts {
        d = d.add_paragraph(heading("Heading1", &part.title));
        for t in &part.tables {
            d = d.add_paragraph(heading("Heading2", &t.title));
            if t.is_empty() {
                d = d.add_paragraph(para(&doc.nothing));
                continue;
            }
            d = d.add_table(table(doc, t));
            for rule in &t.rules {
                let p = Paragraph::new()
                    .add_run(text(&doc.rule).bold())
                    .add_run(text(rule));
                d = d.add_paragraph(p);
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out)?;
    Ok(out.into_inner())
}
