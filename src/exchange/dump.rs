//! The full dump: every record, streamed table by table and page by page
//! (keyset on id), one record per line. The shape is documented in
//! docs/EXCHANGE.md; `FORMAT_VERSION` changes with it.

pub use crate::store::exchange::{
    CareRec, CaseRec, CaseStepRec, EvaluationRec, IssueRec, IssueStepRec, Meta, OfficerRec,
    PartyRec, PersonRec, RatingRec, Records, SessionRec, TagSpan, VisitRec,
};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The version of the dump shape this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Rows read per query: a page of records, then one query per child table.
const PAGE: usize = 5_000;

/// How many records of each kind a dump holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DumpCounts {
    pub officers: usize,
    pub people: usize,
    pub visits: usize,
    pub issues: usize,
    pub mediation_cases: usize,
    pub care_entries: usize,
}

/// The whole document, as read back for import.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub format_version: u32,
    pub station_code: String,
    pub officers: Vec<OfficerRec>,
    pub people: Vec<PersonRec>,
    pub visits: Vec<VisitRec>,
    pub issues: Vec<IssueRec>,
    pub mediation_cases: Vec<CaseRec>,
    pub care_entries: Vec<CareRec>,
}

impl Document {
    /// The records, for the store to write.
    pub fn into_records(self) -> Records {
        Records {
            station_code: self.station_code,
            officers: self.officers,
            people: self.people,
            visits: self.visits,
            issues: self.issues,
            mediation_cases: self.mediation_cases,
            care_entries: self.care_entries,
        }
    }
}

/// Writes the dump of `store` to `out`. The same records always give the
/// same bytes, so a dump, import and dump again compare equal.
pub fn write(store: &Store, out: &mut dyn Write) -> anyhow::Result<DumpCounts> {
    let code = serde_json::to_string(&store.exchange_station_code()?)?;
    write!(
        out,
        "{{\"format_version\":{FORMAT_VERSION},\"station_code\":{code}"
    )?;
    let counts = DumpCounts {
        officers: section(out, "officers", |a| store.dump_officers(a, PAGE), |r| r.id)?,
        people: section(out, "people", |a| store.dump_people(a, PAGE), |r| r.id)?,
        visits: section(out, "visits", |a| store.dump_visits(a, PAGE), |r| r.id)?,
        issues: section(out, "issues", |a| store.dump_issues(a, PAGE), |r| r.id)?,
        mediation_cases: section(
            out,
            "mediation_cases",
            |a| store.dump_cases(a, PAGE),
            |r| r.id,
        )?,
        care_entries: section(out, "care_entries", |a| store.dump_care(a, PAGE), |r| r.id)?,
    };
    writeln!(out, "}}")?;
    out.flush()?;
    Ok(counts)
}

/// Writes `,"name":[` and the records page by page, one per line.
fn section<T: Serialize>(
    out: &mut dyn Write,
    name: &str,
    fetch: impl Fn(i64) -> crate::store::Result<Vec<T>>,
    id: impl Fn(&T) -> i64,
) -> anyhow::Result<usize> {
    write!(out, ",\n\"{name}\":[")?;
    let mut after = i64::MIN;
    let mut n = 0;
    loop {
        let page = fetch(after)?;
        let Some(last) = page.last() else { break };
        after = id(last);
        for rec in &page {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, rec)?;
            n += 1;
        }
        if page.len() < PAGE {
            break;
        }
    }
    write!(out, "\n]")?;
    Ok(n)
}
