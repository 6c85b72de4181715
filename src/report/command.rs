//! `doorstep report`: the work summary of one station file, or of several
//! (`--merge`, the bureau roll-up), in the format asked for.

use super::output::{self, Kind, Output, Progress};
use super::summary::{self, Column};
use super::{docx, render};
use crate::config::Config;
use crate::explain;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::report::{Period, FIGURE_STEPS};
use crate::store::{OpenMode, OpenOptions, Store, StoreError};
use crate::text::safe;
use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::path::{Path, PathBuf};

/// The summary's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Json,
    Csv,
    Docx,
}

/// `doorstep report ...`
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// First day (YYYY-MM-DD; default: the first of this month).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD; default: the last of this month).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Write to this file (replaced only when the report is complete).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Station files to combine, each opened read-only: one column per
    /// station and a total. Name every station file here, each once;
    /// --db is not used with --merge.
    #[arg(long, num_args = 1.., value_name = "DB")]
    pub merge: Vec<PathBuf>,
}

/// A date the user typed, or a catalogued refusal naming it.
pub fn parse_date(s: &str, lang: Lang) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .with_context(|| Msg::CliBadDateFmt.fill(lang, &[&safe(s)]))
}

/// The period asked for: this month by default.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Period> {
    let first = today.with_day(1).unwrap_or(today);
    let from = from
        .map(|s| parse_date(s, lang))
        .transpose()?
        .unwrap_or(first);
    let to = match to {
        Some(s) => parse_date(s, lang)?,
        None => first + Months::new(1) - Days::new(1),
    };
    if to < from {
        bail!(Msg::CliPeriodBackwards.text(lang));
    }
    Ok(Period { from, to })
}

/// Runs the report; `db` is the station file when there is no `--merge`
/// (with `--merge`, the files named there are the stations). Refuses a
/// file named twice and an `--out` that is one of the stations before
/// reading anything.
pub fn run(
    args: &ReportArgs,
    db: &Path,
    config: &Config,
    lang: Lang,
    today: NaiveDate,
) -> Result<()> {
    let period = period(args.from.as_deref(), args.to.as_deref(), today, lang)?;
    let files: Vec<&Path> = if args.merge.is_empty() {
        vec![db]
    } else {
        args.merge.iter().map(PathBuf::as_path).collect()
    };
    named_once(&files, lang)?;
    output::not_over(args.out.as_deref(), &files).map_err(|e| output::in_lang(e, lang))?;
    output::watch_interrupts()?;
    let steps = files.len() as u64 * FIGURE_STEPS;
    let mut progress = Progress::new(steps, Msg::ReportProgress.text(lang));
    let mut columns = Vec::new();
    for file in &files {
        output::check_interrupted().map_err(|e| output::in_lang(e, lang))?;
        columns.push(station(file, config, lang, (period, today), &mut progress)?);
    }
    progress.finish();
    name_apart(&mut columns, &files);
    let doc = summary::build(&columns, period, &config.categories, lang);
    let bytes = match args.format {
        Format::Md => render::markdown(&doc).into_bytes(),
        Format::Csv => render::csv(&doc)?,
        Format::Json => render::json(&columns, period, &doc).into_bytes(),
        Format::Docx => docx::docx(&doc)?,
    };
    let kind = match args.format {
        Format::Docx => Kind::Binary,
        _ => Kind::Text,
    };
    let mut out = Output::open(args.out.as_deref(), kind).map_err(|e| output::in_lang(e, lang))?;
    out.writer().write_all(&bytes)?;
    out.commit().map_err(|e| output::in_lang(e, lang))
}

/// One station's figures for (period, today), its file opened read-only;
/// `progress` counts the groups of figures as they are done.
fn station(
    file: &Path,
    config: &Config,
    lang: Lang,
    (p, today): (Period, NaiveDate),
    progress: &mut Progress,
) -> Result<Column> {
    let opts = OpenOptions {
        mode: OpenMode::ReadOnly,
        categories: config.categories.clone(),
        station_code: config.station_code.clone(),
        ..OpenOptions::default()
    };
    let said = |e: StoreError| anyhow!(explain::store_error(&e, lang));
    let store =
        Store::open(file, &opts).map_err(|e| anyhow!(explain::open_error(file, &e, lang)))?;
    Ok(Column {
        station: store.station().map_err(said)?,
        figures: store
            .figures_stepped(p, today, &mut || progress.inc(1))
            .map_err(said)?,
    })
}

/// Refuses a station file given twice (or by two paths to one file): it
/// would be counted twice in the total.
fn named_once(files: &[&Path], lang: Lang) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if !seen.insert(output::resolved(file)) {
            bail!(Msg::ReportMergeTwiceFmt.fill(lang, &[&safe(&file.display().to_string())]));
        }
    }
    Ok(())
}

/// Stations sharing a code are told apart by their file names.
fn name_apart(columns: &mut [Column], files: &[&Path]) {
    let codes: Vec<String> = columns.iter().map(|c| c.station.clone()).collect();
    for (c, file) in columns.iter_mut().zip(files) {
        if codes.iter().filter(|s| **s == c.station).count() > 1 {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
            c.station = format!("{} ({})", c.station, stem.unwrap_or_default());
        }
    }
}
