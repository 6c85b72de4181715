//! Read-only views of one record, opened with Enter: the fields, then the
//! history (an issue's timeline, a case's parties and sessions, a care
//! entry's visits). Built once when opened; drawing just scrolls lines.

use crate::msg::Msg;
use crate::tui::kit::overlay::{Hint, Overlay, Transition};
use crate::tui::registry;
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;
use crate::tui::shell::context::View;
use crate::tui::shell::keys::Action;
use crate::tui::shell::keys::{KeyMap, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

/// An open record view.
pub struct Detail {
    pub title: String,
    pub target: Target,
    lines: Vec<Line<'static>>,
    top: usize,
    /// Lines visible at the last draw, so scrolling stops at the last page.
    height: Cell<usize>,
}

impl Detail {
    /// Scrolls with the movement actions; a page is what the last draw
    /// showed, half a page for Ctrl-d/Ctrl-u.
    pub fn scroll(&mut self, action: Option<Action>, key: &KeyEvent) {
        let page = self.height.get().max(1);
        let last = self.lines.len().saturating_sub(page);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.top = match (key.code, action) {
            (KeyCode::Char('d'), _) if ctrl => self.top + page / 2,
            (KeyCode::Char('u'), _) if ctrl => self.top.saturating_sub(page / 2),
            (_, Some(Action::Down)) => self.top + 1,
            (_, Some(Action::Up)) => self.top.saturating_sub(1),
            (_, Some(Action::PageDown)) => self.top + page,
            (_, Some(Action::PageUp)) => self.top.saturating_sub(page),
            (_, Some(Action::Top)) => 0,
            (_, Some(Action::Bottom)) => last,
            _ => self.top,
        }
        .min(last);
    }

    /// The first line shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// Draws over the whole pane area.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        crate::tui::kit::clear(frame, area);
        let title = Span::styled(
            text::fit(&self.title, area.width.saturating_sub(4) as usize),
            view.theme.title(),
        );
        let h = area.height.saturating_sub(2) as usize;
        self.height.set(h);
        // Never scroll past the last full page.
        let top = self.top.min(self.lines.len().saturating_sub(h));
        let below = self.lines.len().saturating_sub(top + h);
        let mut block = Block::bordered()
            .title(title)
            .title_bottom(Line::styled(view.t(Msg::PressEsc), view.theme.dim()));
        if below > 0 {
            let more = Msg::MoreBelowFmt.fill(view.lang, &[&below]);
            block = block.title_bottom(Line::styled(more, view.theme.key()).right_aligned());
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines: Vec<Line> = self.lines.iter().skip(top).take(h).cloned().collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// A `label: value` line, the value made safe.
pub fn field(view: &View, label: Msg, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{}: ", view.t(label)), view.theme.dim()),
        Span::raw(text::safe(value)),
    ])
}

/// A timeline step's name in the UI language, for every record kind's
/// timeline ("changed" for a step this build does not know: never the
/// stored internal name).
pub fn timeline_step(view: &View, step: &str) -> String {
    let m = match step {
        "raise" => Msg::TlRaise,
        "assign" => Msg::TlAssign,
        "start_rectifying" => Msg::TlStart,
        "rectify" => Msg::TlRectify,
        "answer" => Msg::TlAnswer,
        "rate" => Msg::TlRate,
        "close_anonymous" => Msg::TlCloseAnonymous,
        "verify" => Msg::TlVerify,
        "hand_over" => Msg::TlHandOver,
        "handover_reply" => Msg::TlHandoverReply,
        crate::store::issues::RAISED_ON_CHANGED => Msg::TlRaisedOnChanged,
        "receive" => Msg::TlCaseReceive,
        "consent" => Msg::TlCaseConsent,
        "schedule_session" => Msg::TlCaseSchedule,
        "record_session" => Msg::TlCaseRecord,
        "agree" => Msg::TlCaseAgree,
        "no_agreement" => Msg::TlCaseNoAgreement,
        "refer" => Msg::TlCaseRefer,
        "close" => Msg::TlCaseClose,
        "consent_to_extend" => Msg::TlCaseExtendConsent,
        "extend" => Msg::TlCaseExtend,
        crate::store::mediation::PARTY_CHANGED => Msg::TlCasePartyChanged,
        crate::store::mediation::REFUSED => Msg::TlCaseRefused,
        _ => Msg::TlCaseOther,
    };
    view.t(m).to_string()
}

/// When a timeline row was written, in local time to the minute.
pub fn written_at(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// Who wrote a timeline row and when, on a dim line of its own under it:
/// "    — 丁玉兰, 2026-12-01 09:30".
pub fn by_whom(view: &View, who: &str, at: &str) -> Line<'static> {
    let text = Msg::TlByAtFmt.fill(view.lang, &[&who, &written_at(at)]);
    Line::styled(format!("    {}", text::safe(&text)), view.theme.dim())
}

/// Wrapped, safe lines of a long text, indented.
pub fn paragraph(value: &str, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for raw in value.lines() {
        let mut line = String::from("  ");
        for c in text::safe(raw).chars() {
            if text::width(&line) + text::width(&c.to_string()) > width {
                out.push(Line::raw(std::mem::replace(&mut line, String::from("  "))));
            }
            line.push(c);
        }
        out.push(Line::raw(line));
    }
    out
}

/// A record view on the stack: `s` steps, `e` edit, `H` history, movement
/// scrolls, Esc closes; `q`, `?` and `:` pass through to the app.
impl Overlay for Detail {
    fn key(&mut self, key: KeyEvent, action: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        Ok(match action {
            Some(Action::Back) => Transition::pop(),
            Some(Action::Edit) => {
                Transition::Push(Box::new(registry::edit_form(self.target, ctx)?))
            }
            Some(Action::Steps) => registry::steps_menu(Some(self.target), ctx)?,
            Some(Action::History) => registry::history(Some(self.target), ctx)?,
            Some(
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom,
            ) => {
                self.scroll(action, &key);
                Transition::Stay
            }
            _ if key.modifiers.contains(KeyModifiers::CONTROL)
                && matches!(key.code, KeyCode::Char('d' | 'u')) =>
            {
                self.scroll(None, &key);
                Transition::Stay
            }
            _ => Transition::Ignored,
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        Detail::draw(self, frame, area, view);
    }

    fn actions(&self) -> Vec<Action> {
        vec![Action::Steps, Action::Edit, Action::History, Action::Back]
    }

    fn hints(&self, keys: &KeyMap, scope: Scope) -> Vec<Hint> {
        let mut hints = Hint::actions(keys, scope, &self.actions());
        hints.insert(3, Hint::fixed("j/k", Msg::HintScroll));
        hints
    }

    /// Reads the record again, keeping the scroll position.
    fn refresh(&mut self, ctx: &Ctx) -> Result<()> {
        let fresh = registry::load_view(self.target, ctx.store, &ctx.view())?;
        self.title = fresh.title;
        self.lines = fresh.lines;
        Ok(())
    }
}

impl Detail {
    /// A view of `target` from prepared lines.
    pub fn new(title: String, target: Target, lines: Vec<Line<'static>>) -> Detail {
        Detail {
            title,
            target,
            lines,
            top: 0,
            height: Cell::new(0),
        }
    }
}
