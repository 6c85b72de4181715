//! The terminal guard: raw mode, alternate screen, hidden cursor and
//! bracketed paste on entry; everything restored exactly once on quit, on
//! an error, on a panic (the hook restores first, then prints) and on
//! SIGHUP/SIGTERM/SIGINT (the loop sees the flag and unwinds normally).

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

/// Whether the terminal is currently in our mode; makes restore idempotent.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Puts the terminal back as it was when entered; does nothing on a second call.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Errors are ignored: after a hang-up there is no terminal to restore,
    // and restoring must never be the thing that fails.
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    // A panic or error in the middle of a frame leaves a synchronized
    // update open, and some terminals then stop showing output; closing
    // one that is not open does nothing.
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
}

/// Owns the terminal mode for the workbench's lifetime.
pub struct Guard {
    /// Set by SIGHUP, SIGTERM or SIGINT.
    pub signalled: Arc<AtomicBool>,
}

impl Guard {
    /// Enters raw mode and the alternate screen, and installs the panic
    /// hook and signal flags.
    pub fn enter() -> io::Result<Guard> {
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        let signalled = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGINT,
        ] {
            // A second signal while the first is still pending means the
            // loop is stuck: exit at once rather than ignore the user.
            signal_hook::flag::register_conditional_shutdown(
                sig,
                128 + sig,
                Arc::clone(&signalled),
            )?;
            signal_hook::flag::register(sig, Arc::clone(&signalled))?;
        }
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // The guard exists from here, so a failure below still restores.
        let guard = Guard { signalled };
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        Ok(guard)
    }

    /// A signal asked us to stop.
    pub fn stop_requested(&self) -> bool {
        self.signalled.load(Ordering::SeqCst)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
