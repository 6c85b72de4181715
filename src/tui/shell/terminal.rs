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
use std::time::{Duration, Instant};

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
        watch(Arc::clone(&guard.signalled));
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

/// How long the loop gets to wind down after a stop signal before the
/// watchdog ends the process itself.
const GRACE: Duration = Duration::from_secs(2);

/// Starts the watchdog. When the terminal hangs up, crossterm's event poll
/// reads end-of-file forever and never returns (it spins at full CPU), so
/// neither the loop nor the signal flag would ever end the process. The
/// watchdog notices a terminal that is gone, or a stop signal the loop has
/// not acted on within [`GRACE`], restores what can be restored and exits.
fn watch(signalled: Arc<AtomicBool>) {
    use std::io::IsTerminal;
    let spawned = std::thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || {
            let mut since: Option<Instant> = None;
            loop {
                std::thread::sleep(Duration::from_millis(200));
                if !ACTIVE.load(Ordering::SeqCst) {
                    return; // restored normally: the loop is over
                }
                if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
                    // Hung up: there is no terminal left to restore.
                    std::process::exit(129);
                }
                if signalled.load(Ordering::SeqCst) {
                    let start = *since.get_or_insert_with(Instant::now);
                    if start.elapsed() >= GRACE {
                        restore();
                        std::process::exit(143);
                    }
                }
            }
        });
    if let Err(e) = spawned {
        // Without the watchdog the app still works; only a hang-up while
        // idle could leave it running.
        eprintln!("doorstep: no watchdog thread: {e}");
    }
}
