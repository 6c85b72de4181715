//! Drawing the whole screen from the app state: tabs, the pane, the status
//! bar, the key hints, and any overlay. Nothing here touches the store.

use crate::msg::Msg;
use crate::tui::kit::overlay::Hint;
use crate::tui::shell::app::App;
use crate::tui::shell::context::View;
use crate::tui::shell::keys::Action;
use crate::tui::shell::text;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The smallest size the panes are drawn at.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws one frame: the tabs, the pane, the status and hint bars, then
/// the overlay stack from the bottom up.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let view = app.view();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, &view);
        return;
    }
    let [tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(frame, tabs, app, &view);
    app.pane().draw(frame, body, &view);
    draw_status(frame, status, app, &view);
    draw_hints(frame, hints, app, &view);
    for overlay in &app.stack {
        overlay.draw(frame, body, &view);
    }
}

/// The notice shown instead of the panes when the terminal is too small;
/// safe down to 1x1.
fn too_small(frame: &mut Frame, area: Rect, view: &View) {
    let msg = view.t(Msg::TooSmall);
    let lines: Vec<Line> = wrap_cells(msg, area.width as usize)
        .into_iter()
        .take(area.height as usize)
        .map(|l| Line::styled(l, view.theme.error()))
        .collect();
    let h = (lines.len() as u16).min(area.height);
    let rect = Rect {
        y: area.y + (area.height - h) / 2,
        height: h,
        ..area
    };
    frame.render_widget(Paragraph::new(lines).centered(), rect);
}

/// Splits `s` into lines of at most `width` cells, between words where it
/// can, inside a word when a word alone is too wide (a 1-cell terminal).
/// Chinese text has no spaces: it breaks between any two wide characters,
/// except before closing punctuation (，。）…), which stays on its line.
pub fn wrap_cells(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = vec![String::new()];
    for word in s.split(' ') {
        for (i, unit) in units(word).into_iter().enumerate() {
            let cur = out.last().map(|l| text::width(l)).unwrap_or(0);
            // Only the first unit of a word follows a space.
            let sep = usize::from(cur > 0 && i == 0);
            if cur > 0 && cur + sep + text::width(&unit) > width {
                out.push(String::new());
            } else if sep > 0 {
                out.last_mut().expect("never empty").push(' ');
            }
            for c in unit.chars() {
                let line = out.last_mut().expect("never empty");
                if !line.is_empty() && text::width(line) + text::width(&c.to_string()) > width {
                    out.push(String::new());
                }
                out.last_mut().expect("never empty").push(c);
            }
        }
    }
    out
}

/// The pieces of a space-free `word` a line may break between: a run of
/// narrow characters, or one wide character with any closing punctuation
/// after it.
fn units(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut narrow_run = false;
    for c in word.chars() {
        let wide = text::width(&c.to_string()) > 1;
        let joins = match out.last() {
            None => false,
            Some(_) if closing(c) => true,
            Some(_) => !wide && narrow_run,
        };
        match (joins, out.last_mut()) {
            (true, Some(last)) => last.push(c),
            _ => out.push(c.to_string()),
        }
        narrow_run = !wide;
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Punctuation a line must not start with.
fn closing(c: char) -> bool {
    "，。、；：？！）」』》〉】…,.;:?!)".contains(c)
}

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let mut spans = Vec::new();
    for (i, pane) in app.panes.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, view.t(pane.title()));
        let style = if i == app.current {
            view.theme.tab_active()
        } else {
            view.theme.plain()
        };
        spans.push(Span::styled(label, style));
    }
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let name = view.t(Msg::AppName);
    let gap = (area.width as usize).saturating_sub(used + text::width(name) + 1);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(name, view.theme.title()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let who = match &app.me {
        Some((_, name)) => format!("{}: {}", view.t(Msg::Officer), name),
        None => view.t(Msg::NoOfficer).to_string(),
    };
    let file = app
        .store
        .path()
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let ro = if app.store.is_read_only() {
        format!(" ({})", view.t(Msg::ReadOnly))
    } else {
        String::new()
    };
    let o = app.overdue;
    let overdue = Msg::OverdueCountsFmt.fill(view.lang, &[&o.visits, &o.issues, &o.care]);
    let width = area.width as usize;
    // A message outranks the file name, then the counts: they drop out
    // (in that order) until the message fits.
    let message = app.status.as_ref().map_or(0, |s| text::width(&s.text) + 1);
    let mut parts = vec![who, format!("{file}{ro}"), overdue];
    for drop in [1, 1] {
        let left = format!(" {} ", parts.join(" │ "));
        if parts.len() > 1 && text::width(&left) + message > width {
            parts.remove(drop);
        }
    }
    let left = format!(" {} ", parts.join(" │ "));
    let mut spans = vec![Span::styled(text::fit(&left, width), view.theme.bar())];
    if let Some(s) = &app.status {
        let room = width.saturating_sub(text::width(&left) + 1);
        let style = if s.error {
            view.theme.error()
        } else {
            view.theme.plain()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(text::fit(&s.text, room), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hint bar: the top overlay's hints, or the pane's actions with the
/// keys the live key map binds (in brief words when the full ones crowd). Help and quit are kept first when space is
/// short, so the way to every other binding is always on screen.
fn draw_hints(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let scope = app.scope();
    let top = app.stack.last();
    let mut first = Vec::new();
    if top.is_none_or(|o| !o.takes_text()) {
        first = Hint::actions(&app.keymap, scope, &[Action::Help, Action::Quit]);
    }
    let width = |h: &Hint| text::width(&h.keys) + text::width(h.what.text(view.lang)) + 3;
    let total = |hints: &[Hint]| hints.iter().chain(&first).map(width).sum::<usize>();
    // A pane's actions say in full what they do when all fit, else in
    // the brief words, so its main keys stay on an 80-column line.
    let mut shown = match top {
        Some(o) => o.hints(&app.keymap, scope),
        None => {
            let mut actions = app.pane().hints();
            actions.push(Action::Palette);
            let full = Hint::actions(&app.keymap, scope, &actions);
            match total(&full) <= area.width as usize {
                true => full,
                false => Hint::briefs(&app.keymap, scope, &actions),
            }
        }
    };
    let mut room = area.width as usize;
    let mut keep = vec![false; shown.len()];
    for h in &first {
        room = room.saturating_sub(width(h));
    }
    for (i, h) in shown.iter().enumerate() {
        if width(h) <= room {
            room -= width(h);
            keep[i] = true;
        }
    }
    let mut kept: Vec<Hint> = shown
        .drain(..)
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect();
    kept.extend(first);
    let mut spans = Vec::new();
    for h in kept {
        spans.push(Span::styled(h.keys, view.theme.key()));
        spans.push(Span::raw(format!(" {}  ", h.what.text(view.lang))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_wraps_between_characters_and_english_between_words() {
        let zh = "逾期 = 超过整改期限仍未整改完成的问题，按转办之日起算。";
        let lines = wrap_cells(zh, 20);
        // Every line but the last is filled to within one wide cell.
        for l in &lines[..lines.len() - 1] {
            assert!(text::width(l) >= 19 && text::width(l) <= 20, "{lines:?}");
        }
        assert_eq!(lines.concat().replace(" ", ""), zh.replace(" ", ""));
        // Closing punctuation never starts a line.
        for l in wrap_cells("一二三四五六七八九，十", 18) {
            assert!(!l.starts_with('，'), "{l}");
        }
        let en = wrap_cells("before the deadline then in force, 1,536 visits", 12);
        assert_eq!(
            en,
            [
                "before the",
                "deadline",
                "then in",
                "force, 1,536",
                "visits"
            ]
        );
    }
}
