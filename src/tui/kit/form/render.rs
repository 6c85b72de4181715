//! Drawing a form: the label column, values with their errors, the
//! focused field's cursor, the form-wide note, and what is open over it.

use super::date;
use super::field::digit_keys;
use super::{Field, Form, Kind, Value};
use crate::msg::Msg;
use crate::tui::kit::centered;
use crate::tui::kit::picker::skip_cells;
use crate::tui::shell::context::View;
use crate::tui::shell::text;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use tui_input::Input;

/// Cells of the label column (marker and gap included) at the least;
/// it grows to fit the form's longest label, up to [`LABEL_FIFTHS`].
const LABEL: usize = 16;
/// The label column takes at most this many fifths of the form's width
/// (31 cells at 80 columns, enough for the longest shipped label), so
/// values keep most of the room; a longer label is cut with an ellipsis.
const LABEL_FIFTHS: usize = 2;
/// The marker ("> ") and the gap after a label.
const LABEL_EXTRA: usize = 3;
/// The widest a form is drawn.
const MAX_WIDTH: u16 = 96;

impl Form {
    /// Draws the form as a box over `area`, and whatever is open over it.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let note = self.note.as_deref();
        // The whole height, so the pane behind does not distract; wide
        // terminals keep a readable width.
        let w = area.width.min(MAX_WIDTH);
        let inner_w = w.saturating_sub(2) as usize;
        let note_lines: Vec<String> = note
            .map(|n| wrap(n, inner_w).into_iter().take(3).collect())
            .unwrap_or_default();
        let rows = self.rows(view, inner_w);
        let rect = centered(area, w, area.height);
        crate::tui::kit::clear(frame, rect);
        let block = Block::bordered().title(Span::styled(
            text::fit(&self.title, inner_w.saturating_sub(2)),
            view.theme.title(),
        ));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [body, notes] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(note_lines.len() as u16),
        ])
        .areas(inner);
        let top = self.settle(&rows, body.height as usize);
        let lines: Vec<Line> = rows
            .iter()
            .skip(top)
            .take(body.height as usize)
            .map(|r| r.1.clone())
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
        let notes_text: Vec<Line> = note_lines
            .into_iter()
            .map(|l| Line::styled(l, view.theme.error()))
            .collect();
        frame.render_widget(Paragraph::new(notes_text), notes);
        // What is open over the form draws after it and sets its own
        // cursor.
        self.place_cursor(frame, body, &rows, top, view);
    }

    /// Cells of the label column in a form `width` cells wide: the
    /// longest label whole where two fifths of the width allow, never less
    /// than [`LABEL`].
    pub(super) fn label_width(&self, view: &View, width: usize) -> usize {
        let longest = self
            .fields
            .list
            .iter()
            .map(|f| text::width(f.caption(view.lang)))
            .max()
            .unwrap_or(0);
        label_column(longest, width)
    }

    /// The form's lines: (field index, line) — a field's row, then its
    /// error row if it has one.
    pub(super) fn rows(&self, view: &View, width: usize) -> Vec<(usize, Line<'static>)> {
        let label_w = self.label_width(view, width);
        let value_w = width.saturating_sub(label_w);
        let mut rows = Vec::with_capacity(self.fields.list.len() * 2);
        for (i, f) in self.fields.list.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "> " } else { "  " };
            let label = text::pad(f.caption(view.lang), label_w - LABEL_EXTRA);
            let label_style = if focused {
                view.theme.selected()
            } else {
                view.theme.plain()
            };
            let mut spans = vec![
                Span::styled(marker, view.theme.key()),
                Span::styled(label, label_style),
                Span::raw(" "),
            ];
            spans.extend(self.value_spans(f, focused, value_w, view));
            rows.push((i, Line::from(spans)));
            if let Some(e) = &f.error {
                let msg = text::fit(&format!("! {e}"), value_w);
                rows.push((
                    i,
                    Line::from(vec![
                        Span::raw(" ".repeat(label_w)),
                        Span::styled(msg, view.theme.error()),
                    ]),
                ));
            }
        }
        rows
    }

    pub(super) fn value_spans(
        &self,
        f: &Field,
        focused: bool,
        w: usize,
        view: &View,
    ) -> Vec<Span<'static>> {
        let none = || {
            vec![Span::styled(
                view.t(Msg::None_).to_string(),
                view.theme.dim(),
            )]
        };
        let plain = |s: String| vec![Span::raw(text::fit(&s, w))];
        let list = |items: Vec<String>| {
            if items.is_empty() {
                none()
            } else {
                plain(items.join(", "))
            }
        };
        match (&f.value, f.kind) {
            (Value::Text(input), kind) | (Value::Person(_, input), kind @ Kind::Person { .. }) => {
                if matches!(kind, Kind::Person { named: false }) && input.value().is_empty() {
                    return none();
                }
                let shown = if focused {
                    scrolled(input, w).0
                } else {
                    text::fit(input.value(), w)
                };
                let mut spans = vec![Span::raw(shown.clone())];
                // A date typed as a word or offset shows the day it means.
                if let Kind::Date { .. } = kind {
                    let raw = input.value().trim();
                    if let Ok(Some(d)) = date::parse_date(raw, view.today) {
                        let hint = format!("  = {d} {}", weekday(d, view));
                        if raw != d.to_string() && text::width(&shown) + text::width(&hint) <= w {
                            spans.push(Span::styled(hint, view.theme.dim()));
                        }
                    }
                }
                spans
            }
            (Value::Bool(b), _) => {
                let (mark, word) = if *b {
                    ("[x] ", Msg::Yes)
                } else {
                    ("[ ] ", Msg::No)
                };
                plain(format!("{mark}{}", view.t(word)))
            }
            (Value::Key(k), Kind::Category(set)) => {
                let hints = digit_keys(view.cats, f.kind).filter(|_| focused);
                // Empty and focused, the digits alone say it is to choose
                // (the room goes to the choices, beside a wide label column).
                let mut spans = match (k.is_empty(), &hints) {
                    (true, Some(_)) => Vec::new(),
                    (true, None) => none(),
                    (false, _) => plain(view.label(set, k)),
                };
                // The focused field shows which digit picks which item.
                if let Some(keys) = hints {
                    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
                    let hint: Vec<String> = keys
                        .iter()
                        .enumerate()
                        .map(|(i, k)| format!("{} {}", i + 1, view.label(set, k)))
                        .collect();
                    let gap = if used > 0 { "  " } else { "" };
                    let hint = text::fit(
                        &format!("{gap}{}", hint.join(" · ")),
                        w.saturating_sub(used),
                    );
                    spans.push(Span::styled(hint, view.theme.dim()));
                }
                spans
            }
            (Value::Keys(keys), Kind::Categories(set)) => {
                list(keys.iter().map(|k| view.label(set, k)).collect())
            }
            (Value::Officer(Some(id)), _) => plain(view.officer(*id).to_string()),
            (Value::Officers(ids), _) => {
                list(ids.iter().map(|i| view.officer(*i).into()).collect())
            }
            _ => none(),
        }
    }

    /// Scrolls so the focused field (and its error) is in view.
    pub(super) fn settle(&self, rows: &[(usize, Line)], height: usize) -> usize {
        let first = rows.iter().position(|r| r.0 == self.focus).unwrap_or(0);
        let last = rows.iter().rposition(|r| r.0 == self.focus).unwrap_or(0);
        let mut top = self.top.get();
        if last + 1 > top + height {
            top = last + 1 - height.min(last + 1);
        }
        if first < top {
            top = first;
        }
        top = top.min(rows.len().saturating_sub(height));
        self.top.set(top);
        top
    }

    pub(super) fn place_cursor(
        &self,
        frame: &mut Frame,
        body: Rect,
        rows: &[(usize, Line)],
        top: usize,
        view: &View,
    ) {
        let f = &self.fields.list[self.focus];
        if !f.kind.typed() {
            return;
        }
        let Some(input) = f.input() else {
            return;
        };
        let Some(row) = rows.iter().position(|r| r.0 == self.focus) else {
            return;
        };
        if row < top || row >= top + body.height as usize {
            return;
        }
        let label_w = self.label_width(view, body.width as usize);
        let w = (body.width as usize).saturating_sub(label_w);
        let x = body.x as usize + label_w + scrolled(input, w).1;
        let x = (x as u16).min(body.right().saturating_sub(1));
        frame.set_cursor_position((x, body.y + (row - top) as u16));
    }
}

/// Cells of the label column for a longest label of `longest` cells in a
/// form `width` cells wide.
fn label_column(longest: usize, width: usize) -> usize {
    (longest + LABEL_EXTRA).clamp(LABEL, (width * LABEL_FIFTHS / 5).max(LABEL))
}

/// The visible part of a focused input `w` cells wide, scrolled so the
/// cursor shows, and the cursor's cell within it.
fn scrolled(input: &Input, w: usize) -> (String, usize) {
    let value = input.value();
    let shown = text::safe(value);
    let before: String = value.chars().take(input.cursor()).collect();
    let cursor = text::width(&text::safe(&before));
    let scroll = cursor.saturating_sub(w.saturating_sub(1));
    let rest = skip_cells(&shown, scroll);
    let skipped = text::width(&shown) - text::width(&rest);
    (text::fit(&rest, w), cursor.saturating_sub(skipped))
}

/// Splits `s` into lines of at most `width` cells (by character).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text::safe(s).chars() {
        let line = out.last_mut().expect("never empty");
        if text::width(line) + text::width(c.encode_utf8(&mut [0; 4])) > width.max(1) {
            out.push(String::new());
        }
        out.last_mut().expect("never empty").push(c);
    }
    out
}

/// The weekday of `d` in the UI language ("Wed", "周三").
pub fn weekday(d: chrono::NaiveDate, view: &View) -> String {
    use chrono::Datelike;
    let i = d.weekday().num_days_from_monday() as usize;
    Msg::WeekdayShort
        .text(view.lang)
        .split(' ')
        .nth(i)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_column_fits_the_longest_label_up_to_two_fifths() {
        // Short labels keep the least column.
        assert_eq!(label_column(8, 78), LABEL);
        assert_eq!(label_column(17, 78), 20);
        // "Evaluation sheets handed out" (28 cells) fits in 78.
        assert_eq!(label_column(28, 78), 31);
        assert_eq!(label_column(40, 78), 31);
        // Narrow: the least column, the label cut.
        assert_eq!(label_column(28, 30), LABEL);
        assert_eq!(
            text::pad("Evaluation sheets", LABEL - LABEL_EXTRA)
                .chars()
                .last(),
            Some('…')
        );
    }

    #[test]
    pub(super) fn scrolling_keeps_the_cursor_in_view() {
        let i = Input::new("张三丰太极拳".into());
        let (shown, x) = scrolled(&i, 6);
        assert!(text::width(&shown) <= 6, "{shown}");
        assert!(x <= 5);
        let i = Input::new("abc".into());
        assert_eq!(scrolled(&i, 10), ("abc".to_string(), 3));
    }
}
