//! Rows read a page at a time with a keyset cursor, and the selection over
//! them: what every list pane shares. Only pages the user has scrolled to
//! are read; `G` stops after a cap rather than reading a whole table.

use crate::store::Page;
use crate::tui::kit::nav::Nav;
use crate::tui::shell::keys::Action;
use anyhow::Result;

/// Loaded rows, the cursor of the next page, the selection.
pub struct Paged<T, C> {
    pub rows: Vec<T>,
    next: Option<C>,
    pub nav: Nav,
    /// Rows read per page.
    page: usize,
}

/// Rows read per page unless a pane (or a test) sets otherwise.
pub const PAGE: usize = 50;

impl<T, C> Default for Paged<T, C> {
    fn default() -> Self {
        Paged {
            rows: Vec::new(),
            next: None,
            nav: Nav::default(),
            page: PAGE,
        }
    }
}

impl<T, C> Paged<T, C> {
    /// Rows read per page.
    pub fn page_size(&self) -> usize {
        self.page
    }

    /// Reads `n` rows per page (tests use small pages to cross pages).
    /// Rows loaded beyond the new size are dropped, so the next reload
    /// reads a page of the new size.
    pub fn set_page_size(&mut self, n: usize) {
        self.page = n.max(1);
        self.rows.truncate(self.page);
    }

    /// The ids of the loaded rows, in list order.
    pub fn ids(&self, id: impl Fn(&T) -> i64) -> Vec<i64> {
        self.rows.iter().map(id).collect()
    }

    /// Replaces the rows with a first page and goes to its top (a new
    /// filter or search).
    pub fn restart(&mut self, page: Page<T, C>) {
        self.rows = page.items;
        self.next = page.next;
        self.nav.reset();
    }

    /// Replaces the rows with `page` (read as long as what was loaded),
    /// keeping the cursor on the same record (by `id`) on the same screen
    /// line; when that record is gone, the cursor stays on the same row.
    pub fn refresh(&mut self, page: Page<T, C>, id: impl Fn(&T) -> i64) {
        let keep = self.selected().map(&id);
        self.rows = page.items;
        self.next = page.next;
        if let Some(pos) = keep.and_then(|k| self.rows.iter().position(|r| id(r) == k)) {
            self.nav.follow(pos, self.rows.len());
        }
        self.nav.clamp(self.rows.len());
    }

    /// Puts the cursor on the first loaded row matching `is`; false when
    /// none is loaded.
    pub fn select(&mut self, is: impl Fn(&T) -> bool) -> bool {
        match self.rows.iter().position(is) {
            Some(pos) => {
                self.nav.selected = pos;
                true
            }
            None => false,
        }
    }

    /// Reads further pages with `more` until a row matches `is` or `cap`
    /// rows are loaded; returns how many rows were loaded before.
    pub fn load_until(
        &mut self,
        is: impl Fn(&T) -> bool,
        cap: usize,
        mut more: impl FnMut(&C) -> Result<Page<T, C>>,
    ) -> Result<usize> {
        let loaded = self.rows.len();
        while !self.rows.iter().any(&is) && self.rows.len() < cap {
            let Some(after) = self.next.take() else { break };
            let page = more(&after)?;
            self.rows.extend(page.items);
            self.next = page.next;
        }
        Ok(loaded)
    }

    /// The selected row.
    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.nav.selected)
    }

    /// More rows follow the loaded ones.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// Applies a movement, reading further pages with `more` when it goes
    /// past the loaded rows; `Bottom` stops once `cap` rows are loaded.
    /// Returns how many rows were loaded before, so callers can look up
    /// what the new rows need (names) in one query.
    pub fn navigate(
        &mut self,
        action: Action,
        cap: usize,
        mut more: impl FnMut(&C) -> Result<Page<T, C>>,
    ) -> Result<usize> {
        let loaded = self.rows.len();
        while self.nav.apply(action, self.rows.len(), self.next.is_some()) {
            let Some(after) = self.next.take() else { break };
            let page = more(&after)?;
            let before = self.rows.len();
            self.rows.extend(page.items);
            self.next = page.next;
            if self.rows.len() == before || (action == Action::Bottom && self.rows.len() >= cap) {
                self.nav.selected = self.rows.len().saturating_sub(1);
                break;
            }
        }
        Ok(loaded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(from: i64, to: i64, more: bool) -> Page<i64, i64> {
        Page {
            items: (from..to).collect(),
            next: more.then_some(to - 1),
        }
    }

    #[test]
    fn moving_past_the_end_reads_the_next_page() {
        let mut p: Paged<i64, i64> = Paged::default();
        p.restart(page(0, 3, true));
        let mut reads = 0;
        for _ in 0..3 {
            p.navigate(Action::Down, 100, |after| {
                reads += 1;
                Ok(page(after + 1, after + 4, true))
            })
            .unwrap();
        }
        assert_eq!(reads, 1);
        assert_eq!(p.selected(), Some(&3));
        assert_eq!(p.rows, (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn bottom_stops_at_the_cap() {
        let mut p: Paged<i64, i64> = Paged::default();
        p.restart(page(0, 10, true));
        p.navigate(Action::Bottom, 25, |after| {
            Ok(page(after + 1, after + 11, true))
        })
        .unwrap();
        assert_eq!(p.rows.len(), 30);
        assert_eq!(p.nav.selected, 29);
    }

    #[test]
    fn refresh_keeps_the_selected_record_on_its_screen_line() {
        let mut p: Paged<i64, i64> = Paged::default();
        p.restart(page(0, 40, false));
        p.nav.selected = 30;
        p.nav.settle(10);
        assert_eq!(p.nav.top(), 21);
        // Two records arrive above the selection.
        let mut items = vec![100, 101];
        items.extend(0..40);
        p.refresh(Page { items, next: None }, |r| *r);
        assert_eq!(p.selected(), Some(&30));
        assert_eq!(p.nav.selected, 32);
        assert_eq!(p.nav.top(), 23, "the window moved with the record");
        // The record goes: the cursor stays on the row it was on.
        p.refresh(
            Page {
                items: (0..40).filter(|r| *r != 30).collect(),
                next: None,
            },
            |r| *r,
        );
        assert_eq!(p.nav.selected, 32);
        assert_eq!(p.nav.top(), 23);
    }

    #[test]
    fn select_finds_a_loaded_record() {
        let mut p: Paged<i64, i64> = Paged::default();
        p.restart(page(0, 5, false));
        assert!(p.select(|r| *r == 3));
        assert_eq!(p.selected(), Some(&3));
        assert!(!p.select(|r| *r == 9));
        assert_eq!(p.selected(), Some(&3));
    }
}
