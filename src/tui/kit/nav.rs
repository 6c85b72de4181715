//! Selection and scrolling over a list: the cursor, the window kept in
//! view while drawing, and movement by the key map's actions.

use crate::tui::shell::keys::Action;
use std::cell::Cell;

/// Selection and scrolling over rows loaded a page at a time. Moving near
/// the end of what is loaded asks for the next page; nothing loads more
/// than the user has scrolled to.
/// The window (offset, height) is settled while drawing, hence the cells.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub selected: usize,
    offset: Cell<usize>,
    /// Rows visible at the last draw (a page for PgUp/PgDn).
    height: Cell<usize>,
}

impl Nav {
    /// Applies a movement over `len` loaded rows; true when the move wants
    /// rows past the end (load the next page, then call again).
    pub fn apply(&mut self, action: Action, len: usize, more: bool) -> bool {
        let page = self.height.get().max(1);
        let last = len.saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                if self.selected >= last && more {
                    return true;
                }
                self.selected = (self.selected + 1).min(last);
            }
            Action::Top => self.selected = 0,
            Action::Bottom => {
                if more {
                    return true;
                }
                self.selected = last;
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => {
                if self.selected + page > last && more {
                    return true;
                }
                self.selected = (self.selected + page).min(last);
            }
            _ => {}
        }
        false
    }

    /// The first visible row for a window of `height`, keeping the
    /// selection in view.
    pub fn window(&self, height: usize) -> usize {
        let h = height.max(1);
        let offset = self.offset.get();
        if self.selected < offset {
            self.selected
        } else if self.selected >= offset + h {
            self.selected + 1 - h
        } else {
            offset
        }
    }

    /// Remembers the window after a draw decided it.
    pub fn settle(&self, height: usize) -> usize {
        let offset = self.window(height);
        self.offset.set(offset);
        self.height.set(height);
        offset
    }

    /// Back to the first row.
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    /// The first visible row at the last draw.
    pub fn top(&self) -> usize {
        self.offset.get()
    }

    /// Moves the selection to `row` of `len` and the window by as much, so
    /// the selected record stays on the same screen line (after rows were
    /// added or removed above it) — as far as the window can: it never
    /// starts past the last full page, so no row hides above a list that
    /// fits.
    pub fn follow(&mut self, row: usize, len: usize) {
        let shift = row as isize - self.selected as isize;
        let top = (self.offset.get() as isize + shift).max(0) as usize;
        // Never drawn: no window to keep yet.
        let last_page = match self.height.get() {
            0 => 0,
            h => len.saturating_sub(h),
        };
        self.offset.set(top.min(row).min(last_page));
        self.selected = row;
    }

    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}
