//! The shell: the app and its overlay stack, the key map, the terminal
//! guard, the theme and the text-safety layer, and the screen around the
//! panes (tabs, status bar, hint bar, help).

pub mod app;
pub mod context;
pub mod help;
pub mod keys;
pub mod prompt;
pub mod screen;
pub mod terminal;
/// The text-safety layer lives at the top (`crate::text`): the CLI and
/// the reports use it too.
pub use crate::text;
pub mod theme;
