//! Drawing the whole screen from the app state: tabs, the pane, the status
//! bar, the key hints, and any overlay. Nothing here touches the store.

use super::app::{App, Overlay, PANES};
use super::keys::{Action, Scope};
use super::panes::View;
use super::text;
use super::widgets::centered;
use super::widgets::picker::skip_cells;
use crate::msg::Msg;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// The smallest size the panes are drawn at.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws one frame.
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
    match &app.overlay {
        None => {}
        Some(Overlay::Help) => draw_help(frame, body, app, &view),
        Some(Overlay::Palette(p, _)) | Some(Overlay::Filter(p)) => p.draw(frame, body, view.theme),
        Some(Overlay::Detail(d)) => d.draw(frame, body, &view),
        Some(Overlay::Steps(m)) => m.draw(frame, body, view.theme, view.t(Msg::PressEsc)),
        Some(Overlay::Form(f)) => {
            f.draw(frame, body, &view);
            f.draw_hints(frame, hints, &view);
        }
        Some(Overlay::Batch(b)) => b.draw(frame, body, hints, &view),
        Some(Overlay::Search(input)) => {
            let prompt = format!(
                "/{}",
                skip_cells(
                    &text::safe(input.value()),
                    input.visual_scroll(hints.width as usize - 2)
                )
            );
            super::widgets::clear(frame, hints);
            frame.render_widget(
                Paragraph::new(text::fit(&prompt, hints.width as usize)),
                hints,
            );
            let x = hints.x + 1 + input.visual_cursor().min(hints.width as usize - 2) as u16;
            frame.set_cursor_position((x, hints.y));
        }
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
fn wrap_cells(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = vec![String::new()];
    for word in s.split(' ') {
        let cur = out.last().map(|l| text::width(l)).unwrap_or(0);
        let sep = usize::from(cur > 0);
        if cur > 0 && cur + sep + text::width(word) > width {
            out.push(String::new());
        } else if cur > 0 {
            out.last_mut().expect("never empty").push(' ');
        }
        for c in word.chars() {
            let line = out.last_mut().expect("never empty");
            if !line.is_empty() && text::width(line) + text::width(&c.to_string()) > width {
                out.push(String::new());
            }
            out.last_mut().expect("never empty").push(c);
        }
    }
    out
}

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let mut spans = Vec::new();
    for (i, m) in PANES.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, view.t(*m));
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
    let overdue = format!(
        "{} {}/{}/{}",
        view.t(Msg::Overdue),
        o.visits,
        o.issues,
        o.care
    );
    let left = format!(" {who} │ {file}{ro} │ {overdue} ");
    let width = area.width as usize;
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

/// The hint bar, generated from the live key map.
fn draw_hints(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let scope = app.scope();
    // Display order; `?` and quit are kept first when space is short, so
    // the way to every other binding is always on screen.
    let mut shown = match app.overlay {
        Some(Overlay::Detail(_)) => {
            vec![Action::Steps, Action::Edit, Action::History, Action::Back]
        }
        _ => vec![
            Action::Open,
            Action::New,
            Action::Steps,
            Action::Search,
            Action::Filter,
        ],
    };
    if scope == Scope::Calendar && app.overlay.is_none() {
        shown.extend([Action::Today, Action::ToggleWeek]);
    }
    shown.extend([Action::Palette, Action::Help, Action::Quit]);
    let hint = |a: Action| {
        let keys = app.keymap.label(scope, a);
        (!keys.is_empty()).then(|| (keys, format!(" {}  ", view.t(a.describe()))))
    };
    let mut room = area.width as usize;
    let mut keep = Vec::new();
    let priority = [Action::Help, Action::Quit]
        .into_iter()
        .chain(shown.iter().copied());
    for a in priority {
        if keep.contains(&a) {
            continue;
        }
        if let Some((keys, desc)) = hint(a) {
            let w = text::width(&keys) + text::width(&desc);
            if w <= room {
                room -= w;
                keep.push(a);
            }
        }
    }
    let mut spans = Vec::new();
    for a in shown.into_iter().filter(|a| keep.contains(a)) {
        if let Some((keys, desc)) = hint(a) {
            spans.push(Span::styled(keys, view.theme.key()));
            spans.push(Span::raw(desc));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help overlay: every binding of the current pane and the global ones.
fn draw_help(frame: &mut Frame, area: Rect, app: &App, view: &View) {
    let scope = app.scope();
    let mut lines = Vec::new();
    let section = |title: Msg, s: Scope, lines: &mut Vec<Line>| {
        let bindings = app.keymap.scope_bindings(s);
        if bindings.is_empty() {
            return;
        }
        lines.push(Line::styled(view.t(title).to_string(), view.theme.header()));
        for (action, keys) in bindings {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(text::pad(&keys.join(" "), 14), view.theme.key()),
                Span::raw(view.t(action.describe())),
            ]));
        }
    };
    if scope != Scope::Global {
        section(Msg::HelpPane, scope, &mut lines);
    }
    section(Msg::HelpGlobal, Scope::Global, &mut lines);
    // Two columns when it does not fit in one.
    let rect = centered(area, 76, area.height);
    super::widgets::clear(frame, rect);
    let block = Block::bordered()
        .title(Span::styled(view.t(Msg::HelpTitle), view.theme.title()))
        .title_bottom(Line::styled(view.t(Msg::PressEsc), view.theme.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let h = inner.height as usize;
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let (a, b) = lines.split_at(lines.len().min(h));
    frame.render_widget(Paragraph::new(a.to_vec()), left);
    frame.render_widget(
        Paragraph::new(b.iter().take(h).cloned().collect::<Vec<_>>()),
        right,
    );
}
