//! The workbench: a terminal UI over the station database.
//!
//! How the house works (the picture is in `docs/ARCHITECTURE.md`, "The
//! workbench"):
//! - a **pane** is a tab that reads pages from the store and draws only its
//!   own state (`kit::pane`); list panes are one generic `kit::list::ListPane`
//!   over a row source;
//! - an **overlay** is anything over the panes (forms, pickers, menus,
//!   record views, help, prompts, the festival batch); they sit on one
//!   stack in the app, the top one gets each key and answers with a
//!   **transition** (stay, push, replace, pop with a reply, quit), and
//!   publishes its **hints** for the hint bar and `?` (`kit::overlay`);
//! - a **record kind** (visits, issues, mediation, care, directory) owns
//!   one folder with its pane or row source, form, view and steps; the
//!   **registry** is the only place that matches on the kind;
//! - the **report** pane draws the work summary of a period with its
//!   trend, computed when the period changes or the records do;
//! - the **shell** holds the app and its update, the key map, the terminal
//!   guard, the theme and text safety; the **kit** holds what every kind
//!   composes.

pub mod care;
pub mod directory;
pub mod issues;
pub mod kit;
pub mod mediation;
pub mod registry;
pub mod report;
pub mod shell;
pub mod today;
pub mod visits;

use anyhow::Result;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::Terminal;
use shell::app::App;
use shell::{screen as ui, terminal};
use std::io::{self, Write};
use std::time::Duration;

/// Options from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Draw once and exit (for timing start-up from outside).
    pub exit_after_first_frame: bool,
}

/// How long the loop waits for input before checking signals and other
/// users' changes. Nothing is drawn unless something changed.
const IDLE: Duration = Duration::from_millis(250);

/// Runs the workbench until the user quits or a signal arrives.
pub fn run(mut app: App, opts: RunOptions) -> Result<()> {
    let guard = terminal::Guard::enter()?;
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut dirty = true;
    loop {
        if dirty {
            draw(&mut term, &app)?;
            if opts.exit_after_first_frame {
                break;
            }
        }
        if guard.stop_requested() || app.quit {
            break;
        }
        let size = term.size()?;
        app.too_small = size.width < ui::MIN_WIDTH || size.height < ui::MIN_HEIGHT;
        if event::poll(IDLE)? {
            dirty = handle(&mut app, event::read()?);
        } else {
            dirty = app.poll_changes();
        }
    }
    drop(guard);
    Ok(())
}

/// Applies one terminal event; true when the screen must be redrawn.
fn handle(app: &mut App, event: Event) -> bool {
    match event {
        // Only presses count: release and repeat events would double keys
        // on terminals that report them.
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            app.on_key(key);
            true
        }
        Event::Paste(text) => {
            app.on_paste(&text);
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}

/// Draws one frame inside a synchronized update, so the terminal shows it
/// at once and only the changed cells travel (ratatui diffs the buffers).
pub fn draw<B: Backend + Write>(term: &mut Terminal<B>, app: &App) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    execute!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| ui::draw(f, app))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}
