//! Where every export and report goes, and how long work behaves
//! (docs/ARCHITECTURE.md, "Reports and exports"). Three small pieces:
//!
//! - [`Output`]: `--out FILE` written to a temporary file beside it and
//!   renamed over it only by [`Output::commit`]; an error, an early return
//!   or Ctrl-C drops the temporary file, so no partial file is ever left and
//!   an existing file is untouched. Without `--out`, stdout.
//! - [`watch_interrupts`] and [`check_interrupted`]: Ctrl-C (SIGINT) and
//!   SIGTERM set a flag instead of killing the process; long loops call
//!   `check_interrupted()?` between pages and stop with
//!   [`OutputError::Interrupted`].
//! - [`Progress`]: a bar on stderr that appears only when the work has
//!   taken more than half a second and stderr is a terminal.
//!
//! Use: `watch_interrupts()`, `let mut out = Output::open(path, kind)?`,
//! write to `out.writer()` a page at a time with `check_interrupted()?`
//! and `progress.inc(n)` between pages, then `out.commit()?`.

use crate::explain;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::text::safe;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tempfile::NamedTempFile;

/// Why an output could not be written, said in the user's language by
/// [`OutputError::text`]; `Display` is the English text. Each names the
/// user's `--out` path once, never the temporary file.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Ctrl-C or SIGTERM arrived; the temporary file is gone.
    #[error("{}", Msg::ExportInterrupted.text(Lang::En))]
    Interrupted,
    /// A binary format (xlsx, docx) would have gone to a terminal.
    #[error("{}", Msg::ExportBinaryToTerminal.text(Lang::En))]
    BinaryToTerminal,
    /// The temporary file beside the target could not be made or renamed,
    /// or the target is a folder.
    #[error("{}", write_text(path, source, Lang::En))]
    Write { path: PathBuf, source: io::Error },
    /// The target exists and must not be replaced; nothing was written.
    #[error("{}", why.text(path, Lang::En))]
    Refused { path: PathBuf, why: Refusal },
}

/// Why an existing `--out` file is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It is a SQLite database (a station file, most likely).
    Database,
    /// It has no write permission (the rename would go around it).
    WriteProtected,
    /// It is the station database this command reads.
    Station,
}

impl Refusal {
    fn text(self, path: &Path, lang: Lang) -> String {
        let msg = match self {
            Refusal::Database => Msg::OutIsDatabaseFmt,
            Refusal::WriteProtected => Msg::OutWriteProtectedFmt,
            Refusal::Station => Msg::OutIsStationFmt,
        };
        msg.fill(lang, &[&shown(path)])
    }
}

/// A path for a message, through the text-safety layer.
fn shown(path: &Path) -> String {
    safe(&path.display().to_string())
}

fn write_text(path: &Path, source: &io::Error, lang: Lang) -> String {
    let why = explain::io_reason(path, source, lang);
    Msg::ExportCannotWriteFmt.fill(lang, &[&shown(path), &why])
}

impl OutputError {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            OutputError::Interrupted => Msg::ExportInterrupted.text(lang).to_string(),
            OutputError::BinaryToTerminal => Msg::ExportBinaryToTerminal.text(lang).to_string(),
            OutputError::Write { path, source } => write_text(path, source, lang),
            OutputError::Refused { path, why } => why.text(path, lang),
        }
    }
}

/// `e` as an error in `lang`; a closed pipe stays an I/O error, so the
/// command ends quietly as `cat` does when its reader goes away.
pub fn in_lang(e: OutputError, lang: Lang) -> anyhow::Error {
    match e {
        OutputError::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe => {
            anyhow::Error::from(source)
        }
        e => anyhow::anyhow!(e.text(lang)),
    }
}

/// Whether what is written is text (may go to a terminal) or a binary
/// file format (refused on a terminal: it would only garble the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Binary,
}

enum Sink {
    File {
        tmp: BufWriter<NamedTempFile>,
        path: PathBuf,
    },
    Stdout(BufWriter<io::Stdout>),
}

/// An export's destination: a file replaced atomically, or stdout.
pub struct Output {
    sink: Sink,
}

impl Output {
    /// Opens the destination: a temporary file in the directory of `path`
    /// (so the final rename stays on one file system), or stdout when
    /// `path` is None. Binary output to a terminal is refused, and so is
    /// an existing target that is a folder, a database or write-protected
    /// ([`check_target`]).
    pub fn open(path: Option<&Path>, kind: Kind) -> Result<Output, OutputError> {
        let Some(path) = path else {
            if kind == Kind::Binary && io::stdout().is_terminal() {
                return Err(OutputError::BinaryToTerminal);
            }
            return Ok(Output {
                sink: Sink::Stdout(BufWriter::new(io::stdout())),
            });
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let fail = |source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        };
        check_target(path)?;
        let tmp = tempfile::Builder::new()
            .prefix(".doorstep-export-")
            .tempfile_in(dir)
            .map_err(fail)?;
        Ok(Output {
            sink: Sink::File {
                tmp: BufWriter::new(tmp),
                path: path.to_path_buf(),
            },
        })
    }

    /// Where to write the content.
    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        match &mut self.sink {
            Sink::File { tmp, .. } => tmp,
            Sink::Stdout(out) => out,
        }
    }

    /// The temporary file while writing to a file (tests look for it).
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.sink {
            Sink::File { tmp, .. } => Some(tmp.get_ref().path()),
            Sink::Stdout(_) => None,
        }
    }

    /// Finishes: flushes, then (unless interrupted meanwhile) renames the
    /// temporary file over the target, keeping an existing file's
    /// permissions. Only now does the target change.
    pub fn commit(self) -> Result<(), OutputError> {
        check_interrupted()?;
        match self.sink {
            Sink::Stdout(mut out) => out.flush().map_err(|source| OutputError::Write {
                path: PathBuf::from("-"),
                source,
            }),
            Sink::File { tmp, path } => {
                let fail = |source| OutputError::Write {
                    path: path.clone(),
                    source,
                };
                let tmp = tmp.into_inner().map_err(|e| fail(e.into_error()))?;
                tmp.as_file().sync_all().map_err(fail)?;
                if let Ok(meta) = std::fs::metadata(&path) {
                    tmp.as_file()
                        .set_permissions(meta.permissions())
                        .map_err(fail)?;
                }
                tmp.persist(&path).map_err(|e| fail(e.error))?;
                Ok(())
            }
        }
    }
}

/// Refuses to replace an existing `path` that is a folder, a SQLite
/// database (a station file given to `--out` by mistake) or a file
/// without write permission: the atomic rename would otherwise go around
/// the protection. A missing `path` is fine.
fn check_target(path: &Path) -> Result<(), OutputError> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(OutputError::Write {
            path: path.to_path_buf(),
            source: io::ErrorKind::IsADirectory.into(),
        });
    }
    let refused = |why| OutputError::Refused {
        path: path.to_path_buf(),
        why,
    };
    if is_database(path) {
        return Err(refused(Refusal::Database));
    }
    let appendable = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    if meta.permissions().readonly() || !appendable {
        return Err(refused(Refusal::WriteProtected));
    }
    Ok(())
}

/// Whether the file starts with SQLite's 16-byte header.
fn is_database(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Refuses an `--out` that is one of the `databases` being read (or its
/// journal beside it), even when `--out` does not exist yet: paths are
/// compared resolved ([`resolved`]), so `./s.db` and `dir/../s.db` match.
pub fn not_over(out: Option<&Path>, databases: &[&Path]) -> Result<(), OutputError> {
    let Some(out) = out else {
        return Ok(());
    };
    let target = resolved(out);
    for db in databases {
        let db = resolved(db).into_os_string();
        for tail in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.clone();
            name.push(tail);
            if name == target.as_os_str() {
                return Err(OutputError::Refused {
                    path: out.to_path_buf(),
                    why: Refusal::Station,
                });
            }
        }
    }
    Ok(())
}

/// `path` made absolute with links resolved; for a file not made yet,
/// its folder resolved and its name added (as is, if the folder is
/// missing too).
pub fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (folder.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// The flag Ctrl-C and SIGTERM set once [`watch_interrupts`] ran.
fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// From now on, Ctrl-C (SIGINT) and SIGTERM set the interrupted flag
/// instead of ending the process, so an export can stop between pages and
/// drop its temporary file. Call once before long work; calling again
/// does nothing.
pub fn watch_interrupts() -> io::Result<()> {
    static DONE: OnceLock<()> = OnceLock::new();
    if DONE.get().is_some() {
        return Ok(());
    }
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(flag()))?;
    }
    let _ = DONE.set(());
    Ok(())
}

/// Err([`OutputError::Interrupted`]) once Ctrl-C or SIGTERM arrived.
pub fn check_interrupted() -> Result<(), OutputError> {
    if flag().load(Ordering::SeqCst) {
        Err(OutputError::Interrupted)
    } else {
        Ok(())
    }
}

/// Sets or clears the interrupted flag by hand (tests; an embedding UI).
pub fn set_interrupted(on: bool) {
    flag().store(on, Ordering::SeqCst);
}

/// How long work runs before its bar appears: quick work stays silent.
const SHOW_AFTER: Duration = Duration::from_millis(500);

/// A progress bar on stderr for long work: hidden for the first half
/// second, and always when stderr is not a terminal (piped, in scripts).
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    /// A bar for `total` units of work, labelled `label` (a catalogue
    /// text in the user's language).
    pub fn new(total: u64, label: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {eta}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
            terminal: io::stderr().is_terminal(),
        }
    }

    /// Counts `n` more units done; shows the bar once the work has taken
    /// longer than half a second.
    pub fn inc(&mut self, n: u64) {
        self.bar.inc(n);
        if !self.shown && self.terminal && self.started.elapsed() >= SHOW_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    /// Whether the bar is on screen (tests: never when piped).
    pub fn is_shown(&self) -> bool {
        self.shown
    }

    /// Removes the bar from the screen.
    pub fn finish(self) {
        // Drop clears it.
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut out = Output::open(Some(&path), Kind::Text).unwrap();
        out.writer().write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(files_in(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_dropped_output_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut out = Output::open(Some(&path), Kind::Text).unwrap();
        out.writer().write_all(b"half a ledger").unwrap();
        out.writer().flush().unwrap();
        let tmp = out.temp_path().unwrap().to_path_buf();
        assert!(tmp.exists());
        drop(out);
        assert!(!tmp.exists());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(files_in(dir.path()), ["out.csv"]);
    }

    /// The only test that touches the process-wide flag: it raises a real
    /// SIGINT, so it also proves the handler is installed.
    #[test]
    fn ctrl_c_stops_the_work_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.xlsx");
        watch_interrupts().unwrap();
        let mut out = Output::open(Some(&path), Kind::Binary).unwrap();
        out.writer().write_all(b"page 1").unwrap();
        assert!(check_interrupted().is_ok());
        signal_hook::low_level::raise(signal_hook::consts::SIGINT).unwrap();
        let stopped = check_interrupted();
        let committed = Output::open(Some(&path), Kind::Text).unwrap().commit();
        set_interrupted(false);
        assert!(matches!(stopped, Err(OutputError::Interrupted)));
        assert!(matches!(committed, Err(OutputError::Interrupted)));
        drop(out);
        assert!(
            files_in(dir.path()).is_empty(),
            "{:?}",
            files_in(dir.path())
        );
        assert_eq!(
            OutputError::Interrupted.text(Lang::Zh),
            Msg::ExportInterrupted.text(Lang::Zh)
        );
    }

    #[test]
    fn a_missing_directory_is_a_catalogued_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/out.csv");
        let Err(e) = Output::open(Some(&path), Kind::Text) else {
            panic!("opened a file in a missing directory");
        };
        assert!(e.text(Lang::Zh).contains("out.csv"), "{}", e.text(Lang::Zh));
    }

    #[test]
    fn progress_stays_hidden_when_quick_or_piped() {
        let mut p = Progress::new(10, "test");
        p.inc(10);
        assert!(!p.is_shown());
        p.finish();
    }
}
