//! `/` on the Today pane: one search over every kind of record. Each kind
//! answers with its first few matches, listed under its own heading; the
//! list follows the typing, and Enter opens the record under the cursor.

use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::history::{CareFilter, QueueFilter};
use crate::store::issues::IssueFilter;
use crate::tui::kit::nav::Nav;
use crate::tui::kit::overlay::{Hint, Overlay, Transition};
use crate::tui::kit::picker::skip_cells;
use crate::tui::registry::{self, Target};
use crate::tui::shell::context::{Ctx, View};
use crate::tui::shell::keys::{Action, KeyMap, Scope};
use crate::tui::shell::text;
use anyhow::Result;
use chrono::Days;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// Matches read per kind.
const PER_KIND: usize = 5;

/// One kind's matches.
struct Group {
    title: Msg,
    hits: Vec<(Target, String)>,
}

/// One kind's matches, each with the record it opens and its line.
fn group<T>(title: Msg, items: &[T], hit: impl Fn(&T) -> (Target, String)) -> Group {
    Group {
        title,
        hits: items.iter().map(hit).collect(),
    }
}

/// The search-everything overlay.
pub struct SearchAll {
    input: Input,
    groups: Vec<Group>,
    nav: Nav,
    title: String,
}

impl SearchAll {
    pub fn new(lang: Lang) -> SearchAll {
        SearchAll {
            input: Input::default(),
            groups: Vec::new(),
            nav: Nav::default(),
            title: Msg::SearchAllTitle.text(lang).to_string(),
        }
    }

    /// Every hit, in list order.
    fn hits(&self) -> impl Iterator<Item = &(Target, String)> {
        self.groups.iter().flat_map(|g| &g.hits)
    }

    /// Reads each kind's first matches for the typed text.
    fn run(&mut self, ctx: &Ctx) -> Result<()> {
        self.nav.reset();
        self.groups.clear();
        let q = self.input.value().trim().to_string();
        if q.is_empty() {
            return Ok(());
        }
        let store = &*ctx.store;
        let issues = IssueFilter {
            text: q.clone(),
            ..IssueFilter::default()
        };
        let issues = store.issues_page(&issues, None, PER_KIND)?.items;
        let cases = QueueFilter {
            text: q.clone(),
            ..QueueFilter::default()
        };
        let cases = store.queue_rows(&cases, None, PER_KIND)?.items;
        let care = CareFilter {
            text: q.clone(),
            ..CareFilter::default()
        };
        let care = store.care_rows(&care, None, PER_KIND)?.items;
        let names = store.entry_names(
            &care
                .iter()
                .map(|c| c.record.entry.person_id)
                .collect::<Vec<_>>(),
        )?;
        let people = store.entries_page(&q, None, PER_KIND)?.items;
        // Visits of the last three months and the next one.
        let (from, to) = (ctx.today - Days::new(90), ctx.today + Days::new(30));
        let visits = store.visits_matching(&q, from, to, PER_KIND)?;
        let targets: Vec<i64> = visits.iter().filter_map(|v| v.record.target_id).collect();
        let visited = store.entry_names(&targets)?;
        let hit = |t: Target, label: String| (t, label);
        let groups = vec![
            group(Msg::SearchVisits, &visits, |v| {
                let r = &v.record;
                let whom = r.target_id.and_then(|t| visited.get(&t).cloned());
                let what = whom.unwrap_or_else(|| r.place.clone());
                hit(
                    Target::Visit(v.id),
                    format!("{}  {what}  {}", r.date, r.mission),
                )
            }),
            group(Msg::PaneIssues, &issues, |i| {
                let r = &i.record;
                hit(
                    Target::Issue(i.id),
                    format!("{}  {}", r.reference, r.issue.summary),
                )
            }),
            group(Msg::PaneMediation, &cases, |c| {
                hit(
                    Target::Case(c.id),
                    format!("{}  {}", c.reference, c.summary),
                )
            }),
            group(Msg::PaneCare, &care, |c| {
                let name = names.get(&c.record.entry.person_id).cloned();
                let reason = &c.record.entry.reason;
                hit(
                    Target::Care(c.id),
                    format!("{}  {reason}", name.unwrap_or_default()),
                )
            }),
            group(Msg::SearchPeople, &people, |e| {
                let r = &e.record;
                hit(
                    Target::Entry(e.id),
                    format!("{}  {}  {}", r.name, r.phone, r.address),
                )
            }),
        ];
        self.groups = groups.into_iter().filter(|g| !g.hits.is_empty()).collect();
        Ok(())
    }

    /// The lines of the result list, and which line holds the cursor.
    fn lines(&self, view: &View, width: usize) -> (Vec<Line<'static>>, usize) {
        let mut lines = Vec::new();
        let mut at = 0;
        let mut n = 0;
        for g in &self.groups {
            let head = format!("{} ({})", view.t(g.title), g.hits.len());
            lines.push(Line::styled(head, view.theme.header()));
            for (_, label) in &g.hits {
                let style = if n == self.nav.selected {
                    at = lines.len();
                    view.theme.selected()
                } else {
                    view.theme.plain()
                };
                lines.push(Line::styled(text::pad(&format!("  {label}"), width), style));
                n += 1;
            }
        }
        if lines.is_empty() && !self.input.value().trim().is_empty() {
            lines.push(Line::styled(
                view.t(Msg::Empty).to_string(),
                view.theme.dim(),
            ));
        }
        (lines, at)
    }
}

impl Overlay for SearchAll {
    fn key(&mut self, key: KeyEvent, _: Option<Action>, ctx: &mut Ctx) -> Result<Transition> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = self.hits().count();
        let movement = match key.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Char('p') if ctrl => Some(Action::Up),
            KeyCode::Char('n') if ctrl => Some(Action::Down),
            _ => None,
        };
        if let Some(a) = movement {
            self.nav.apply(a, count, false);
            return Ok(Transition::Stay);
        }
        match key.code {
            KeyCode::Esc => Ok(Transition::pop()),
            KeyCode::Enter => match self.hits().nth(self.nav.selected) {
                Some((target, _)) => Ok(Transition::Push(registry::view(*target, ctx)?)),
                None => Ok(Transition::Stay),
            },
            _ => {
                if self
                    .input
                    .handle_event(&Event::Key(key))
                    .is_some_and(|c| c.value)
                {
                    self.run(ctx)?;
                }
                Ok(Transition::Stay)
            }
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Transition {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        match self.run(ctx) {
            Ok(()) => Transition::Stay,
            Err(e) => Transition::refuse(crate::explain::error(&e, ctx.lang)),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        crate::tui::kit::clear(frame, area);
        let block = Block::bordered().title(Span::styled(self.title.clone(), view.theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [prompt, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        let width = prompt.width as usize;
        let room = width.saturating_sub(2);
        let shown = skip_cells(
            &text::safe(self.input.value()),
            self.input.visual_scroll(room),
        );
        let line = Line::from(vec![Span::styled("/ ", view.theme.key()), Span::raw(shown)]);
        frame.render_widget(Paragraph::new(line), prompt);
        let x = prompt.x + 2 + self.input.visual_cursor().min(room) as u16;
        frame.set_cursor_position((x.min(prompt.right().saturating_sub(1)), prompt.y));
        let (lines, at) = self.lines(view, list.width as usize);
        let h = list.height as usize;
        let top = at.saturating_sub(h.saturating_sub(1));
        let visible: Vec<Line> = lines.into_iter().skip(top).take(h).collect();
        frame.render_widget(Paragraph::new(visible), list);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        vec![
            Hint::fixed("↑↓", Msg::HintScroll),
            Hint::fixed("Enter", Msg::ActOpen),
            Hint::fixed("Esc", Msg::HintCancel),
        ]
    }

    fn takes_text(&self) -> bool {
        true
    }
}

impl SearchAll {
    /// The records listed, in order (for tests).
    pub fn targets(&self) -> Vec<Target> {
        self.hits().map(|(t, _)| *t).collect()
    }
}
