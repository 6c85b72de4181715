//! `doorstep import FILE`: a full dump into an empty database, or a
//! spreadsheet (CSV) of directory entries or planned visits. Everything is
//! read and validated first; nothing is written unless all of it is valid,
//! and then in one IMMEDIATE transaction (docs/EXCHANGE.md).

use super::dump::{Document, DumpCounts, FORMAT_VERSION};
use super::{check, sheet};
use crate::explain;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::Store;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// At most this many problems are listed; the rest are counted.
pub const SHOWN: usize = 20;

/// What was imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportReport {
    Dump(DumpCounts),
    Entries(usize),
    Visits(usize),
}

impl ImportReport {
    /// The summary line, in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        match self {
            ImportReport::Dump(n) => Msg::ExImportedDumpFmt.fill(
                lang,
                &[
                    &n.officers,
                    &n.people,
                    &n.visits,
                    &n.issues,
                    &n.mediation_cases,
                    &n.care_entries,
                ],
            ),
            ImportReport::Entries(n) => Msg::ExImportedEntriesFmt.fill(lang, &[n]),
            ImportReport::Visits(n) => Msg::ExImportedVisitsFmt.fill(lang, &[n]),
        }
    }
}

/// Why nothing was imported: a headline and every problem found (the
/// display lists the first [`SHOWN`], then how many more).
#[derive(Debug, Clone)]
pub struct ImportErrors {
    pub headline: String,
    pub problems: Vec<String>,
    lang: Lang,
}

impl ImportErrors {
    fn one(lang: Lang, headline: String) -> ImportErrors {
        ImportErrors {
            headline,
            problems: Vec::new(),
            lang,
        }
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)?;
        for p in self.problems.iter().take(SHOWN) {
            write!(f, "\n  {p}")?;
        }
        if self.problems.len() > SHOWN {
            let more = self.problems.len() - SHOWN;
            write!(f, "\n  {}", Msg::CliCheckMoreFmt.fill(self.lang, &[&more]))?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Imports `path` into `store`: a dump (JSON) or a spreadsheet (CSV, told
/// apart by its header). UTF-8, with or without a byte-order mark.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    lang: Lang,
) -> Result<ImportReport, ImportErrors> {
    let name = path.display().to_string();
    let cannot = |why: String| {
        ImportErrors::one(
            lang,
            Msg::ExCannotReadWhyFmt.fill(lang, &[&crate::text::safe(&name), &why]),
        )
    };
    let bytes =
        std::fs::read(path).map_err(|e| cannot(crate::explain::io_reason(path, &e, lang)))?;
    let text =
        String::from_utf8(bytes).map_err(|_| cannot(Msg::ExNotUtf8.text(lang).to_string()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rejected = |problems: Vec<String>| ImportErrors {
        headline: Msg::ExRejectedFmt.fill(lang, &[&name]),
        problems,
        lang,
    };
    let stored =
        |e: crate::store::StoreError| ImportErrors::one(lang, explain::store_error(&e, lang));
    if text.trim_start().starts_with('{') {
        let recs = read_dump(store, text, lang).map_err(|p| match p {
            Bad::Problems(p) => rejected(p),
            Bad::One(m) => ImportErrors::one(lang, m),
        })?;
        let counts = DumpCounts {
            officers: recs.officers.len(),
            people: recs.people.len(),
            visits: recs.visits.len(),
            issues: recs.issues.len(),
            mediation_cases: recs.mediation_cases.len(),
            care_entries: recs.care_entries.len(),
        };
        match store.import_records(&recs).map_err(stored)? {
            Some(()) => Ok(ImportReport::Dump(counts)),
            None => Err(ImportErrors::one(lang, Msg::ExNotEmpty.text(lang).into())),
        }
    } else {
        let (rows, report) = sheet::read(store, text, lang).map_err(|p| match p {
            sheet::Bad::Problems(p) => rejected(p),
            sheet::Bad::One(m) => ImportErrors::one(lang, m),
        })?;
        store.import_rows(&rows).map_err(stored)?;
        Ok(report)
    }
}

enum Bad {
    One(String),
    Problems(Vec<String>),
}

/// Only the version, read before the shape it announces.
#[derive(Deserialize)]
struct Head {
    format_version: u32,
}

fn read_dump(
    store: &Store,
    text: &str,
    lang: Lang,
) -> Result<crate::store::exchange::Records, Bad> {
    let shape =
        |e: serde_json::Error| Bad::One(Msg::ExBadShapeFmt.fill(lang, &[&e.line(), &e.column()]));
    let head: Head = serde_json::from_str(text).map_err(shape)?;
    if head.format_version != FORMAT_VERSION {
        let m = Msg::ExVersionFmt.fill(lang, &[&head.format_version, &FORMAT_VERSION]);
        return Err(Bad::One(m));
    }
    let doc: Document = serde_json::from_str(text).map_err(shape)?;
    let refuse = || Bad::One(Msg::ExNotEmpty.text(lang).into());
    if store.holds_records().map_err(|_| refuse())? {
        return Err(refuse());
    }
    let problems = check::dump(&doc, store.categories(), store.today(), lang);
    if !problems.is_empty() {
        return Err(Bad::Problems(problems));
    }
    Ok(doc.into_records())
}
