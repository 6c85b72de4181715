//! The spreadsheets a station keeps, read as CSV: directory entries
//! (name, kind, address, phone, tags, notes) or planned visits (date, time,
//! duration, target, officers, purposes, form, mission), told apart by the
//! header, in English or Chinese. Categories may be given as keys or as
//! labels in either language; several values are separated by `;`.

use super::import::ImportReport;
use crate::config::categories::{Categories, SetId};
use crate::domain::directory::DirectoryEntry;
use crate::domain::visit::Visit;
use crate::domain::FieldError;
use crate::explain::{field_label, problem};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::exchange::Imported;
use crate::store::Store;
use chrono::{NaiveDate, NaiveTime};

/// Why a spreadsheet was not imported.
pub enum Bad {
    One(String),
    Problems(Vec<String>),
}

/// The header names a column may carry, by column.
const ENTRY_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "姓名", "名称", "姓名/名称"]),
    ("kind", &["kind", "类别", "类型"]),
    ("address", &["address", "地址"]),
    ("phone", &["phone", "电话", "联系电话"]),
    ("tags", &["tags", "困难群体", "特殊群体", "群体"]),
    ("notes", &["notes", "备注"]),
];

const VISIT_COLUMNS: &[(&str, &[&str])] = &[
    ("date", &["date", "日期"]),
    ("time", &["time", "时间"]),
    ("duration", &["duration", "时长", "时长（分钟）"]),
    ("target", &["target", "target name", "走访对象", "对象"]),
    ("officers", &["officers", "民警"]),
    ("purposes", &["purposes", "目的"]),
    ("form", &["form", "形式"]),
    ("mission", &["mission", "任务"]),
];

/// Column positions of a header: `cols[i]` is the position of column i.
fn positions(header: &csv::StringRecord, spec: &[(&str, &[&str])]) -> Vec<Option<usize>> {
    spec.iter()
        .map(|(_, names)| {
            header.iter().position(|h| {
                let h = h.trim().to_lowercase();
                names.iter().any(|n| *n == h)
            })
        })
        .collect()
}

/// Reads and validates every line; the rows to write and what they are.
pub fn read(store: &Store, text: &str, lang: Lang) -> Result<(Vec<Imported>, ImportReport), Bad> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| Bad::One(Msg::ExUnknownHeader.text(lang).into()))?
        .clone();
    let entries = positions(&header, ENTRY_COLUMNS);
    let visits = positions(&header, VISIT_COLUMNS);
    let mut s = Sheet {
        cats: store.categories(),
        lang,
        problems: Vec::new(),
        line: 1,
    };
    let mut rows = Vec::new();
    if entries[0].is_some() {
        need(&entries, ENTRY_COLUMNS, &[1], lang)?;
        for rec in reader.records() {
            if let Some(rec) = s.record(rec) {
                if let Some(e) = s.entry(&entries, &rec) {
                    rows.push(Imported::Entry(e));
                }
            }
        }
        s.finish(rows, ImportReport::Entries)
    } else if visits[0].is_some() && visits[3].is_some() {
        need(&visits, VISIT_COLUMNS, &[4, 5], lang)?;
        let (officers, people) = store
            .exchange_names()
            .map_err(|e| Bad::One(crate::explain::store_error(&e, lang)))?;
        let today = store.today();
        for rec in reader.records() {
            if let Some(rec) = s.record(rec) {
                if let Some(v) = s.visit(&visits, &rec, &officers, &people, today) {
                    rows.push(Imported::Visit(v));
                }
            }
        }
        s.finish(rows, ImportReport::Visits)
    } else {
        Err(Bad::One(Msg::ExUnknownHeader.text(lang).into()))
    }
}

/// Columns (by index into `spec`) the header must have.
fn need(
    cols: &[Option<usize>],
    spec: &[(&str, &[&str])],
    must: &[usize],
    lang: Lang,
) -> Result<(), Bad> {
    for &i in must {
        if cols[i].is_none() {
            return Err(Bad::One(Msg::ExMissingColumnFmt.fill(lang, &[&spec[i].0])));
        }
    }
    Ok(())
}

struct Sheet<'a> {
    cats: &'a Categories,
    lang: Lang,
    problems: Vec<String>,
    line: u64,
}

impl Sheet<'_> {
    fn finish(
        self,
        rows: Vec<Imported>,
        report: fn(usize) -> ImportReport,
    ) -> Result<(Vec<Imported>, ImportReport), Bad> {
        match self.problems.is_empty() {
            true => {
                let n = rows.len();
                Ok((rows, report(n)))
            }
            false => Err(Bad::Problems(self.problems)),
        }
    }

    /// The next record, or a problem naming its line.
    fn record(&mut self, rec: csv::Result<csv::StringRecord>) -> Option<csv::StringRecord> {
        match rec {
            Ok(r) => {
                self.line = r.position().map_or(self.line + 1, |p| p.line());
                Some(r).filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            }
            Err(e) => {
                self.line = e.position().map_or(self.line + 1, |p| p.line());
                let place = Msg::ExLineFmt.fill(self.lang, &[&self.line]);
                let text = Msg::ExBadCsv.text(self.lang);
                self.problems
                    .push(Msg::ExWhereFmt.fill(self.lang, &[&place, &text]));
                None
            }
        }
    }

    fn fail(&mut self, field: Msg, problem: &str) {
        let place = Msg::ExLineFmt.fill(self.lang, &[&self.line]);
        let f = field.text(self.lang);
        self.problems
            .push(Msg::ExWhereFieldFmt.fill(self.lang, &[&place, &f, &problem]));
    }

    fn field(&mut self, e: &FieldError) {
        let text = problem(e, self.lang);
        self.fail(field_label(e.field), &text);
    }

    /// The key of a category given as a key or a label in either language;
    /// unknown values stay as given, for the validator to name.
    fn key(&self, set: SetId, value: &str) -> String {
        let v = value.trim();
        self.cats
            .set(set)
            .items
            .iter()
            .find(|i| i.key == v || i.zh == v || i.en.eq_ignore_ascii_case(v))
            .map_or_else(|| v.to_string(), |i| i.key.clone())
    }

    fn keys(&self, set: SetId, value: &str) -> Vec<String> {
        split(value).map(|v| self.key(set, v)).collect()
    }

    fn entry(&mut self, cols: &[Option<usize>], rec: &csv::StringRecord) -> Option<DirectoryEntry> {
        let get = |i: usize| cell(cols, rec, i);
        let e = DirectoryEntry {
            name: get(0).to_string(),
            kind: self.key(SetId::TargetKind, get(1)),
            address: get(2).to_string(),
            phone: get(3).to_string(),
            tags: self.keys(SetId::VulnerableGroup, get(4)),
            notes: get(5).to_string(),
            retired: false,
        };
        match e.validated(self.cats, None) {
            Ok(e) => Some(e),
            Err(err) => {
                self.field(&err);
                None
            }
        }
    }

    fn visit(
        &mut self,
        cols: &[Option<usize>],
        rec: &csv::StringRecord,
        officers: &[(i64, String)],
        people: &[(i64, String)],
        today: NaiveDate,
    ) -> Option<Visit> {
        let get = |i: usize| cell(cols, rec, i);
        let Ok(date) = NaiveDate::parse_from_str(get(0).trim(), "%Y-%m-%d") else {
            self.fail(Msg::FieldDate, Msg::ExNotADate.text(self.lang));
            return None;
        };
        let time = match get(1).trim() {
            "" => None,
            t => match t
                .parse::<NaiveTime>()
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            {
                Ok(t) => Some(t),
                Err(_) => {
                    self.fail(Msg::FieldTime, Msg::ExNotATime.text(self.lang));
                    return None;
                }
            },
        };
        let duration_min = match get(2).trim() {
            "" => None,
            d => match d.parse::<u32>() {
                Ok(d) => Some(d),
                Err(_) => {
                    self.fail(Msg::FieldDuration, Msg::ExNotANumber.text(self.lang));
                    return None;
                }
            },
        };
        let target = self.target(people, get(3))?;
        let mut ids = Vec::new();
        for name in split(get(4)) {
            match officers.iter().find(|(_, n)| n == name) {
                Some((id, _)) => ids.push(*id),
                None => {
                    let p = Msg::ExNoOfficerFmt.fill(self.lang, &[&name]);
                    self.fail(Msg::FieldOfficers, &p);
                    return None;
                }
            }
        }
        let form = match get(6).trim() {
            "" => "ordinary".to_string(),
            f => self.key(SetId::Form, f),
        };
        let mut v = Visit::planned(date, ids, self.keys(SetId::Purpose, get(5)), &form);
        v.time = time;
        v.duration_min = duration_min;
        v.target_id = Some(target);
        v.mission = get(7).to_string();
        match v.validated(self.cats, None, today) {
            Ok(v) => Some(v),
            Err(e) => {
                self.field(&e);
                None
            }
        }
    }

    /// The one directory entry in use named `name`.
    fn target(&mut self, people: &[(i64, String)], name: &str) -> Option<i64> {
        let name = name.trim();
        let found: Vec<i64> = people
            .iter()
            .filter(|(_, n)| n == name)
            .map(|(id, _)| *id)
            .collect();
        match found.as_slice() {
            [id] => Some(*id),
            [] => {
                let p = Msg::ExNoEntryFmt.fill(self.lang, &[&name]);
                self.fail(Msg::FieldTarget, &p);
                None
            }
            many => {
                let p = Msg::ExManyEntriesFmt.fill(self.lang, &[&many.len(), &name]);
                self.fail(Msg::FieldTarget, &p);
                None
            }
        }
    }
}

fn cell<'r>(cols: &[Option<usize>], rec: &'r csv::StringRecord, i: usize) -> &'r str {
    cols[i].and_then(|p| rec.get(p)).unwrap_or("")
}

/// The values of a `;`-separated cell (also the Chinese `；`).
fn split(value: &str) -> impl Iterator<Item = &str> {
    value
        .split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
