//! The kit: the pieces every record kind composes (paged lists, tables,
//! pickers, menus, the form engine, the record view).

pub mod confirm;
pub mod form;
pub mod list;
pub mod menu;
pub mod nav;
pub mod overlay;
pub mod paged;
pub mod pane;
pub mod picker;
pub mod record_view;
pub mod table;

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// A rectangle of at most `w`x`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [c] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    c
}

/// Clears `rect` for an overlay. A double-width character just left of it
/// would straddle the overlay's left border and, once drawn, eat it, so
/// that character is blanked too.
pub fn clear(frame: &mut ratatui::Frame, rect: Rect) {
    frame.render_widget(ratatui::widgets::Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        let cell = &mut buf[(rect.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}
