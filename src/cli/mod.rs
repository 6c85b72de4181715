//! The command line: global options, subcommands and their dispatch.

use crate::config::categories::SetId;
use crate::config::Config;
use crate::demo::{self, Size};
use crate::domain::officer::Officer;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::report::ics;
use crate::report::ledger::{self, Ledger, TableFormat};
use crate::report::output::{self, Output, OutputError};
use crate::store::ledger::Span;
use crate::store::{check, OpenOptions, Store};
use crate::text::safe;
use crate::tui::shell::app::App;
use crate::tui::shell::keys::KeyMap;
use crate::tui::shell::theme::Theme;
use crate::tui::RunOptions;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// doorstep: the outreach campaign workbench (大走访·开门评警).
#[derive(Debug, Parser)]
#[command(name = "doorstep", version, about)]
pub struct Cli {
    /// The station database file (default: doorstep.db in the data dir).
    #[arg(long, global = true, env = "DOORSTEP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The station config file (default: config.toml in the config dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// UI language (default: config, else the locale).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Use the demo database (created and filled on first use); never
    /// touches the station database.
    #[arg(long)]
    pub demo: bool,
    /// Draw the first frame and exit (for timing start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    /// Pretend today is this date (tests and demonstrations).
    #[arg(long, hide = true, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands; none opens the workbench.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty database with realistic, reproducible demo data.
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        size: Size,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Check a database: quick, integrity and foreign-key checks. Never writes.
    Check,
    /// List the effective categories, retired ones marked.
    Categories,
    /// The station's officers: list them, or add one.
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// The work summary (工作总结) for a period: this month by default.
    Report(crate::report::command::ReportArgs),
    /// Import a full dump (JSON, into an empty database) or a spreadsheet
    /// (CSV) of directory entries or planned visits; see docs/EXCHANGE.md.
    Import {
        /// The file to import.
        file: PathBuf,
    },
    /// Export a ledger (xlsx, csv) or the visit calendar (ics).
    Export(ExportArgs),
}

/// `doorstep export ...`. Values are taken as text and checked here, so
/// a mistake is told in the user's language (docs/ARCHITECTURE.md, "Reports and exports").
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The ledger for xlsx and csv: visits, issues, mediation or care.
    #[arg(long, value_name = "LEDGER")]
    pub ledger: Option<String>,
    /// xlsx, csv, ics or json (default: the extension of --out).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// The file to write (replaced only when the export succeeds); stdout
    /// if not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// First day of the range (by each record's main date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Last day of the range, inclusive.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Calendar only: the visits of the officer with this name.
    #[arg(long, value_name = "NAME")]
    pub officer: Option<String>,
}

/// The export formats. A new one is a variant here, its name in
/// [`ExportFormat::from_name`] and an arm in [`export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Ics,
    Json,
}

impl ExportFormat {
    /// The format with this name (also a file extension), any case.
    pub fn from_name(s: &str) -> Option<ExportFormat> {
        match s.to_ascii_lowercase().as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            "ics" => Some(ExportFormat::Ics),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// Whether the format is binary (refused on a terminal).
    fn kind(self) -> output::Kind {
        match self {
            ExportFormat::Xlsx => output::Kind::Binary,
            _ => output::Kind::Text,
        }
    }
}

/// `doorstep officer ...`
#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// List the officers with their units and logins.
    List,
    /// Add an officer (the team visits, owns issues and mediates).
    Add {
        #[arg(long)]
        name: String,
        /// Badge number (警号).
        #[arg(long)]
        badge: String,
        /// Unit key from the `unit` category set (see `doorstep categories`).
        #[arg(long)]
        unit: String,
        /// The OS login that maps to this officer (the current user if "me").
        #[arg(long)]
        login: Option<String>,
        #[arg(long, default_value = "")]
        phone: String,
        /// A station leader, who may take charge of high-risk cases.
        #[arg(long)]
        leader: bool,
    },
}

/// Parses the arguments and runs; errors print as one plain message. A
/// reader that goes away early (`doorstep officer list | head -1`) ends the
/// output quietly with success, as `cat` and `ls` do, never with a panic.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // stderr may be closed as well; there is no one left to tell.
            let _ = writeln!(std::io::stderr(), "doorstep: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` is (caused by) writing to a pipe whose reader has gone.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` and a newline to stdout. Every CLI output goes through
/// here (or [`put`]), so a closed pipe is an error to return, not a panic
/// as `println!` would make it.
fn say(text: &str) -> Result<()> {
    put(&format!("{text}\n"))
}

/// Writes `text` to stdout as it is.
fn put(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    let lang = Lang::choose(cli.lang, config.lang);
    match &cli.command {
        None => workbench(&cli, &config, lang),
        Some(Command::Demo { size, seed }) => fill_demo(&cli, &config, lang, *size, *seed),
        Some(Command::Check) => run_check(&database_path(&cli, lang)?, lang),
        Some(Command::Officer(cmd)) => officer(&cli, &config, lang, cmd),
        Some(Command::Report(args)) => {
            let db = station_file(&cli, &config, lang)?;
            let today = cli.today.unwrap_or_else(today);
            crate::report::command::run(args, &db, &config, lang, today)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { file }) => import(&cli, &config, lang, file),
        Some(Command::Export(args)) => export(&cli, &config, lang, args),
        Some(Command::Categories) => {
            put(&config.categories.render_listing(lang))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The station database: `--db`, `DOORSTEP_DB`, else the data dir.
fn database_path(cli: &Cli, lang: Lang) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => Ok(data_dir(lang)?.join("doorstep.db")),
    }
}

fn data_dir(lang: Lang) -> Result<PathBuf> {
    let dirs =
        directories::ProjectDirs::from("", "", "doorstep").context(Msg::CliNoHome.text(lang))?;
    Ok(dirs.data_dir().to_path_buf())
}

fn open_options(config: &Config) -> OpenOptions {
    OpenOptions {
        shared: config.shared_db,
        categories: config.categories.clone(),
        station_code: config.station_code.clone(),
        ..OpenOptions::default()
    }
}

/// Opens the station file; a refusal is one message naming `path` once
/// in the user's language.
fn open(path: &Path, config: &Config, lang: Lang) -> Result<Store> {
    Store::open(path, &open_options(config))
        .map_err(|e| anyhow::anyhow!(crate::explain::open_error(path, &e, lang)))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn fill_demo(cli: &Cli, config: &Config, lang: Lang, size: Size, seed: u64) -> Result<ExitCode> {
    let Some(path) = &cli.db else {
        bail!(Msg::CliDemoNeedsDb.text(lang));
    };
    let mut store = open(path, config, lang)?;
    let s = demo::generate(&mut store, size, seed, cli.today.unwrap_or_else(today))?;
    say(&Msg::CliDemoFilledFmt.fill(
        lang,
        &[
            &path.display(),
            &s.officers,
            &s.entries,
            &s.visits,
            &s.evaluations,
            &s.issues,
            &s.cases,
            &s.care,
        ],
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The demo database, created and filled on first use. It is built under a
/// temporary name and renamed, so an interrupted first run leaves nothing
/// half-filled behind.
fn demo_database(config: &Config, lang: Lang) -> Result<PathBuf> {
    let path = data_dir(lang)?.join("demo.db");
    if path.exists() {
        return Ok(path);
    }
    let tmp = path.with_extension("db.partial");
    let _ = std::fs::remove_file(&tmp);
    let mut store = open(&tmp, config, lang)?;
    demo::generate(&mut store, Size::Small, 42, today())?;
    drop(store);
    std::fs::rename(&tmp, &path)
        .with_context(|| Msg::CliCannotCreateFmt.fill(lang, &[&path.display()]))?;
    Ok(path)
}

/// The file the workbench, the report and the exports read: the demo
/// database with `--demo`, else the station's.
fn station_file(cli: &Cli, config: &Config, lang: Lang) -> Result<PathBuf> {
    if cli.demo {
        demo_database(config, lang)
    } else {
        database_path(cli, lang)
    }
}

/// Opens the workbench on a terminal; prints a summary when output is
/// not a terminal (a pipe or a script).
fn workbench(cli: &Cli, config: &Config, lang: Lang) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let path = station_file(cli, config, lang)?;
    let store = open(&path, config, lang)?;
    if !std::io::stdout().is_terminal() {
        return summary(&store, lang);
    }
    let keymap = KeyMap::new(&config.keys).map_err(anyhow::Error::msg)?;
    let today = cli.today.unwrap_or_else(today);
    let app = App::new(store, lang, today, keymap, Theme::from_env())?;
    let opts = RunOptions {
        exit_after_first_frame: cli.exit_after_first_frame,
    };
    crate::tui::run(app, opts)?;
    Ok(ExitCode::SUCCESS)
}

/// The database summary printed when output is not a terminal.
fn summary(store: &Store, lang: Lang) -> Result<ExitCode> {
    let ro = if store.is_read_only() {
        Msg::CliReadOnly.text(lang)
    } else {
        ""
    };
    say(&format!("doorstep — {}{ro}", store.path().display()))?;
    let counts: Vec<i64> = store.counts()?.into_iter().map(|(_, n)| n).collect();
    let args: Vec<&dyn std::fmt::Display> =
        counts.iter().map(|n| n as &dyn std::fmt::Display).collect();
    say(&Msg::CliCountsFmt.fill(lang, &args))?;
    Ok(ExitCode::SUCCESS)
}

fn run_check(path: &Path, lang: Lang) -> Result<ExitCode> {
    let report =
        check::run(path).with_context(|| Msg::CliCannotCheckFmt.fill(lang, &[&path.display()]))?;
    if report.is_clean() {
        say(&Msg::CliCheckOkFmt.fill(lang, &[&path.display()]))?;
        return Ok(ExitCode::SUCCESS);
    }
    say(&Msg::CliCheckProblemsFmt.fill(lang, &[&path.display()]))?;
    let sections = [
        (Msg::CliCheckQuick, &report.quick),
        (Msg::CliCheckIntegrity, &report.integrity),
        (Msg::CliCheckForeignKeys, &report.foreign_keys),
    ];
    for (name, rows) in sections {
        let name = name.text(lang);
        for row in rows.iter().take(20) {
            say(&format!("  {name}: {}", safe(row)))?;
        }
        if rows.len() > 20 {
            let more = Msg::CliCheckMoreFmt.fill(lang, &[&(rows.len() - 20)]);
            say(&format!("  {name}: {more}"))?;
        }
    }
    Ok(ExitCode::FAILURE)
}

/// Lists or adds officers, so a new station file can be set up without
/// the demo. Names, badges and logins come from the file, so they reach
/// the terminal through the text-safety layer.
fn officer(cli: &Cli, config: &Config, lang: Lang, cmd: &OfficerCommand) -> Result<ExitCode> {
    let mut store = open(&database_path(cli, lang)?, config, lang)?;
    match cmd {
        OfficerCommand::List => {
            for o in store.officers()? {
                let o = o.record;
                let unit = config.categories.label(SetId::Unit, &o.unit, lang);
                let login = match &o.os_user {
                    Some(l) => Msg::CliOfficerLoginFmt.fill(lang, &[&safe(l)]),
                    None => Msg::CliOfficerNoLogin.text(lang).to_string(),
                };
                let leader = if o.leader {
                    format!("  {}", Msg::CliOfficerLeader.text(lang))
                } else {
                    String::new()
                };
                say(&format!(
                    "{}  {}  {}  {login}{leader}",
                    safe(&o.name),
                    safe(&o.badge),
                    safe(&unit)
                ))?;
            }
        }
        OfficerCommand::Add {
            name,
            badge,
            unit,
            login,
            phone,
            leader,
        } => {
            let os_user = login.as_ref().map(|l| {
                if l == "me" {
                    crate::store::os_user()
                } else {
                    l.clone()
                }
            });
            let officer = Officer {
                name: name.clone(),
                badge: badge.clone(),
                unit: unit.clone(),
                os_user,
                phone: phone.clone(),
                leader: *leader,
                active: true,
            };
            let added = store.add_officer(&officer)?.record;
            say(&Msg::CliOfficerAddedFmt.fill(lang, &[&safe(&added.name), &safe(&added.badge)]))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports a dump or a spreadsheet; problems and the summary come from
/// the file's records, so they reach the terminal through `safe`.
fn import(cli: &Cli, config: &Config, lang: Lang, file: &Path) -> Result<ExitCode> {
    let mut store = open(&database_path(cli, lang)?, config, lang)?;
    if let Some(today) = cli.today {
        store.set_today(today);
    }
    match crate::exchange::import::import_file(&mut store, file, lang) {
        Ok(report) => {
            say(&safe(&report.summary(lang)))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for line in e.to_string().lines() {
                writeln!(std::io::stderr(), "{}", safe(line))?;
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Exports a ledger or the calendar. Everything is checked before the
/// output file is opened, and the file is replaced only when all of it
/// is written (`report::output`); Ctrl-C leaves nothing behind.
fn export(cli: &Cli, config: &Config, lang: Lang, args: &ExportArgs) -> Result<ExitCode> {
    let format = export_format(args, lang)?;
    let span = Span {
        from: export_date("--from", args.from.as_deref(), lang)?,
        to: export_date("--to", args.to.as_deref(), lang)?,
    };
    if let (Some(from), Some(to)) = (span.from, span.to) {
        if to < from {
            bail!(Msg::ExportReversedFmt.fill(lang, &[&to, &from]));
        }
    }
    let ledger = match (&args.ledger, format) {
        (Some(name), ExportFormat::Xlsx | ExportFormat::Csv) => Some(
            Ledger::from_name(name)
                .with_context(|| Msg::ExportUnknownLedgerFmt.fill(lang, &[&safe(name)]))?,
        ),
        (None, ExportFormat::Xlsx | ExportFormat::Csv) => bail!(Msg::ExportNeedsLedger.text(lang)),
        (Some(_), _) => bail!(Msg::ExportLedgerNotHere.text(lang)),
        (None, _) => None,
    };
    if args.officer.is_some() && format != ExportFormat::Ics {
        bail!(Msg::ExportOfficerOnlyCalendar.text(lang));
    }
    if format == ExportFormat::Json && (span.from.is_some() || span.to.is_some()) {
        bail!(Msg::ExportJsonWhole.text(lang));
    }
    let db = station_file(cli, config, lang)?;
    let said = |e: OutputError| output::in_lang(e, lang);
    output::not_over(args.out.as_deref(), &[&db]).map_err(said)?;
    let store = open(&db, config, lang)?;
    let officers = match &args.officer {
        Some(name) => {
            let ids = store.officers_named(name)?;
            if ids.is_empty() {
                bail!(Msg::ExportUnknownOfficerFmt.fill(lang, &[&safe(name)]));
            }
            ids
        }
        None => Vec::new(),
    };
    output::watch_interrupts()?;
    let mut out = Output::open(args.out.as_deref(), format.kind()).map_err(said)?;
    let path = args.out.as_ref().map(|p| safe(&p.display().to_string()));
    let written = match (format, ledger) {
        (ExportFormat::Xlsx | ExportFormat::Csv, Some(l)) => {
            let table = if format == ExportFormat::Xlsx {
                TableFormat::Xlsx
            } else {
                TableFormat::Csv
            };
            ledger::write(&store, l, table, span, lang, &mut out).map(|rows| {
                path.as_ref().map(|p| {
                    Msg::ExportRowsWrittenFmt.fill(lang, &[&l.title().text(lang), &rows, p])
                })
            })
        }
        (ExportFormat::Ics, _) => {
            ics::write(&store, span, &officers, lang, out.writer()).map(|n| {
                path.as_ref()
                    .map(|p| Msg::ExportEventsWrittenFmt.fill(lang, &[&n, p]))
            })
        }
        (ExportFormat::Json, _) => crate::exchange::dump::write(&store, out.writer()).map(|n| {
            path.as_ref().map(|p| {
                Msg::ExDumpedFmt.fill(
                    lang,
                    &[
                        p,
                        &n.officers,
                        &n.people,
                        &n.visits,
                        &n.issues,
                        &n.mediation_cases,
                        &n.care_entries,
                    ],
                )
            })
        }),
        (_, None) => unreachable!("xlsx and csv were given a ledger above"),
    };
    let done = written.map_err(|e| export_error(e, lang))?;
    out.commit().map_err(said)?;
    if let Some(done) = done {
        say(&done)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format`, else the extension of `--out`.
fn export_format(args: &ExportArgs, lang: Lang) -> Result<ExportFormat> {
    if let Some(name) = &args.format {
        return ExportFormat::from_name(name)
            .with_context(|| Msg::ExportUnknownFormatFmt.fill(lang, &[&safe(name)]));
    }
    args.out
        .as_deref()
        .and_then(|p| p.extension())
        .and_then(|e| ExportFormat::from_name(&e.to_string_lossy()))
        .with_context(|| Msg::ExportNeedsFormat.text(lang))
}

/// A `--from`/`--to` value as a date.
fn export_date(flag: &str, value: Option<&str>, lang: Lang) -> Result<Option<NaiveDate>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => Ok(Some(d)),
        Err(_) => bail!(Msg::ExportBadDateFmt.fill(lang, &[&flag, &safe(value)])),
    }
}

/// An export error in the user's language; a closed pipe stays an I/O
/// error so [`run`] ends quietly.
fn export_error(e: anyhow::Error, lang: Lang) -> anyhow::Error {
    if let Some(o) = e.downcast_ref::<OutputError>() {
        return anyhow::anyhow!(o.text(lang));
    }
    if let Some(s) = e.downcast_ref::<crate::store::StoreError>() {
        return anyhow::anyhow!(crate::explain::store_error(s, lang));
    }
    e
}
