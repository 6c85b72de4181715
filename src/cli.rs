//! The command line: global options, subcommands and their dispatch.

use crate::config::categories::SetId;
use crate::config::Config;
use crate::demo::{self, Size};
use crate::domain::officer::Officer;
use crate::lang::Lang;
use crate::store::{check, OpenOptions, Store};
use crate::tui::shell::app::App;
use crate::tui::shell::keys::KeyMap;
use crate::tui::shell::theme::Theme;
use crate::tui::RunOptions;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
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

/// Parses the arguments and runs; errors print as one plain message.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("doorstep: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    let lang = Lang::choose(cli.lang, config.lang);
    match &cli.command {
        None => workbench(&cli, &config, lang),
        Some(Command::Demo { size, seed }) => fill_demo(&cli, &config, *size, *seed),
        Some(Command::Check) => run_check(&database_path(&cli)?),
        Some(Command::Officer(cmd)) => officer(&cli, &config, cmd),
        Some(Command::Categories) => {
            print!("{}", config.categories.render_listing(lang));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The station database: `--db`, `DOORSTEP_DB`, else the data dir.
fn database_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => Ok(data_dir()?.join("doorstep.db")),
    }
}

fn data_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "doorstep")
        .context("no home directory to keep the database in; pass --db PATH")?;
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

fn open(path: &Path, config: &Config) -> Result<Store> {
    Store::open(path, &open_options(config))
        .with_context(|| format!("cannot open {}", path.display()))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn fill_demo(cli: &Cli, config: &Config, size: Size, seed: u64) -> Result<ExitCode> {
    let Some(path) = &cli.db else {
        bail!("`doorstep demo` needs --db PATH (it never fills the station database by default)");
    };
    let mut store = open(path, config)?;
    let summary = demo::generate(&mut store, size, seed, cli.today.unwrap_or_else(today))?;
    println!("{}: {summary}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The demo database, created and filled on first use. It is built under a
/// temporary name and renamed, so an interrupted first run leaves nothing
/// half-filled behind.
fn demo_database(config: &Config) -> Result<PathBuf> {
    let path = data_dir()?.join("demo.db");
    if path.exists() {
        return Ok(path);
    }
    let tmp = path.with_extension("db.partial");
    let _ = std::fs::remove_file(&tmp);
    let mut store = open(&tmp, config)?;
    demo::generate(&mut store, Size::Small, 42, today())?;
    drop(store);
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(path)
}

/// Opens the workbench on a terminal; prints a summary when output is
/// not a terminal (a pipe or a script).
fn workbench(cli: &Cli, config: &Config, lang: Lang) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let path = if cli.demo {
        demo_database(config)?
    } else {
        database_path(cli)?
    };
    let store = open(&path, config)?;
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
    let path = store.path();
    let zh = lang == Lang::Zh;
    let ro = match (store.is_read_only(), zh) {
        (false, _) => "",
        (true, false) => " (read-only)",
        (true, true) => "（只读）",
    };
    println!("doorstep — {}{ro}", path.display());
    let counts: Vec<String> = store
        .counts()?
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    println!("{}", counts.join(" · "));
    Ok(ExitCode::SUCCESS)
}

fn run_check(path: &Path) -> Result<ExitCode> {
    let report = check::run(path).with_context(|| format!("cannot check {}", path.display()))?;
    if report.is_clean() {
        println!(
            "{}: ok (quick check, integrity check, foreign keys)",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}: problems found", path.display());
    let sections = [
        ("quick check", &report.quick),
        ("integrity check", &report.integrity),
        ("foreign keys", &report.foreign_keys),
    ];
    for (name, rows) in sections {
        for row in rows.iter().take(20) {
            println!("  {name}: {row}");
        }
        if rows.len() > 20 {
            println!("  {name}: … and {} more", rows.len() - 20);
        }
    }
    Ok(ExitCode::FAILURE)
}

/// Lists or adds officers, so a new station file can be set up without
/// the demo.
fn officer(cli: &Cli, config: &Config, cmd: &OfficerCommand) -> Result<ExitCode> {
    let mut store = open(&database_path(cli)?, config)?;
    match cmd {
        OfficerCommand::List => {
            for o in store.officers()? {
                let o = (o.id, o.record);
                let unit = config.categories.label(
                    SetId::Unit,
                    &o.1.unit,
                    Lang::choose(cli.lang, config.lang),
                );
                let login = o.1.os_user.as_deref().unwrap_or("-");
                let leader = if o.1.leader { " leader" } else { "" };
                println!(
                    "{:>4}  {}  {}  {}  login {}{}",
                    o.0, o.1.name, o.1.badge, unit, login, leader
                );
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
            let added = store.add_officer(&officer)?;
            println!("added officer #{} {}", added.id, added.record.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
