//! Summaries and exchange formats: the work summary and its outputs
//! (ARCHITECTURE.md, "Report"); the shared output (atomic file, Ctrl-C,
//! progress), the ledgers and the calendar export (ARCHITECTURE.md,
//! "Reports and exports").

pub mod command;
pub mod doc;
pub mod docx;
pub mod ics;
pub mod ledger;
pub mod output;
pub mod render;
pub mod summary;

use crate::lang::Lang;
use crate::msg::Msg;
use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Writes `bytes` to `out`, replacing it only once everything is written
/// (a temporary file beside it, then a rename), or to stdout. A binary
/// file is not poured onto a terminal.
pub fn write_out(out: Option<&Path>, bytes: &[u8], binary: bool, lang: Lang) -> Result<()> {
    let Some(path) = out else {
        let mut stdout = std::io::stdout().lock();
        if binary && stdout.is_terminal() {
            bail!(Msg::CliBinaryToTerminal.text(lang));
        }
        stdout.write_all(bytes)?;
        return Ok(stdout.flush()?);
    };
    let cannot = || Msg::CliCannotWriteFmt.fill(lang, &[&path.display()]);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.part",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.with_context(cannot)
}
