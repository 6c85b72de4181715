//! The festival batch (docs/ARCHITECTURE.md, "Care list"), `b` on the Care pane: a form for the
//! care groups, the date window, the officers and a daily limit per
//! officer; then a preview of every proposed visit. Enter (or Ctrl-S)
//! creates them all in one transaction; Esc creates nothing and says so.

use crate::config::categories::SetId;
use crate::domain::batch::Planned;
use crate::domain::{FieldError, FieldId, Problem};
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::form_hints;
use crate::tui::kit::form::{Done, Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::{self, Changes, Hint, Overlay, Transition};
use crate::tui::kit::{centered, clear};
use crate::tui::shell::context::Ctx;
use crate::tui::shell::context::View;
use crate::tui::shell::keys::Action;
use crate::tui::shell::keys::{KeyMap, Scope};
use crate::tui::shell::text;
use chrono::{Datelike, Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

/// Visits per officer per day until the coordinator says otherwise.
const LIMIT: u32 = 4;
/// The highest daily limit taken.
const MAX_LIMIT: u32 = 50;
/// The default window: today and the next 13 days (two working weeks).
const WINDOW_DAYS: u64 = 13;
/// The widest the preview is drawn.
const MAX_WIDTH: u16 = 96;

/// What a key did to the batch.
pub enum Reply {
    /// Still open.
    Open,
    /// Closed without creating anything; the message says so.
    Cancelled(String),
    /// The visits were created; the message says how many.
    Created(String),
    /// Ctrl-C in the form (confirmed), or quit from the preview.
    Quit,
    /// The form opened this over the batch (a picker, a question).
    Push(Box<dyn Overlay>),
}

/// The festival batch overlay: first its form, then the preview.
pub struct Batch {
    stage: Stage,
    /// Why the last request or creation failed, shown until the next key.
    error: Option<String>,
}

enum Stage {
    Form(Box<Form>),
    Preview(Preview),
}

/// The proposed visits, shown before anything is written.
pub struct Preview {
    plan: Vec<Planned>,
    /// Names of the people visited.
    names: HashMap<i64, String>,
    /// First visible row.
    top: usize,
    /// Rows the last draw showed, for paging.
    rows: Cell<usize>,
}

/// What the form asks for, read from its fields.
struct Request {
    groups: Vec<String>,
    from: NaiveDate,
    to: NaiveDate,
    officers: Vec<i64>,
    limit: u32,
}

impl Request {
    fn read(f: &Fields, today: NaiveDate) -> Request {
        Request {
            groups: f.keys("groups"),
            from: f.date("from").unwrap_or(today),
            to: f.date("to").unwrap_or(today),
            officers: f.officers("officers"),
            limit: f.number("daily_limit").unwrap_or(LIMIT),
        }
    }

    /// The checks that belong next to a field.
    fn check(&self, today: NaiveDate) -> Result<(), FieldError> {
        // A batch plans visits: none in the past.
        crate::domain::validate::not_before_today(FieldId::From, self.from, today)?;
        if self.groups.is_empty() {
            return Err(FieldError::new(FieldId::Groups, Problem::Required));
        }
        if self.officers.is_empty() {
            return Err(FieldError::new(FieldId::Officers, Problem::Required));
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            let range = Problem::OutOfRange {
                min: 1,
                max: i64::from(MAX_LIMIT),
            };
            return Err(FieldError::new(FieldId::DailyLimit, range));
        }
        Ok(())
    }
}

/// The form's record: it only checks the fields; the batch plans once
/// the form is accepted, and writes only from the preview.
struct BatchForm;

impl Record for BatchForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        Request::read(f, ctx.today).check(ctx.today)?;
        Ok(Saved::new(0, String::new(), Changes::NONE))
    }
}

impl Batch {
    /// The batch form: no group chosen yet, the next two weeks, every
    /// active officer, four visits a day each.
    pub fn new(ctx: &Ctx) -> Result<Batch, StoreError> {
        let active: BTreeSet<i64> = ctx
            .store
            .officers()?
            .into_iter()
            .filter(|o| o.record.active)
            .map(|o| o.id)
            .collect();
        let team: Vec<i64> = ctx
            .officers
            .iter()
            .map(|o| o.0)
            .filter(|id| active.contains(id))
            .collect();
        let to = ctx.today + Days::new(WINDOW_DAYS);
        let fields = vec![
            Field::categories("groups", Msg::FieldGroups, SetId::CareGroup, &[]),
            Field::date("from", Msg::FieldFrom, Some(ctx.today), true),
            Field::date("to", Msg::FieldTo, Some(to), true),
            Field::officers("officers", Msg::FieldOfficers, &team),
            Field::number("daily_limit", Msg::FieldDailyLimit, Some(LIMIT), true),
        ];
        let form = Form::new(Msg::BatchTitle, ctx, fields, Box::new(BatchForm));
        Ok(Batch {
            stage: Stage::Form(Box::new(form)),
            error: None,
        })
    }

    /// The proposed visits, once the form was accepted.
    pub fn preview(&self) -> Option<&Preview> {
        match &self.stage {
            Stage::Preview(p) => Some(p),
            Stage::Form(_) => None,
        }
    }

    /// The form, while it is open.
    pub fn form(&self) -> Option<&Form> {
        match &self.stage {
            Stage::Form(f) => Some(f),
            Stage::Preview(_) => None,
        }
    }

    /// The message shown for the last failure, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Handles one key press; `action` is the key map's reading of it.
    pub fn handle(&mut self, key: KeyEvent, action: Option<Action>, ctx: &mut Ctx) -> Reply {
        self.error = None;
        match &mut self.stage {
            Stage::Form(form) => {
                let done = form.handle(key, ctx);
                self.after_form(done, ctx)
            }
            Stage::Preview(p) => Batch::preview_key(p, &mut self.error, key, action, ctx),
        }
    }

    /// What the form's picker or question handed back.
    fn resume_form(&mut self, answer: Box<dyn std::any::Any>, ctx: &mut Ctx) -> Reply {
        match &mut self.stage {
            Stage::Form(form) => {
                let done = form.resume(answer, ctx);
                self.after_form(done, ctx)
            }
            Stage::Preview(_) => Reply::Open,
        }
    }

    /// After the form took a key: still filling it in, or accepted (then
    /// the plan is proposed), or left.
    fn after_form(&mut self, done: Done, ctx: &mut Ctx) -> Reply {
        let Stage::Form(form) = &self.stage else {
            return Reply::Open;
        };
        let preview = match done {
            Done::Open => return Reply::Open,
            Done::Push(o) => return Reply::Push(o),
            Done::Cancelled => {
                return Reply::Cancelled(Msg::BatchCancelled.text(ctx.lang).to_string())
            }
            Done::Quit => return Reply::Quit,
            Done::Saved(_) => propose(&Request::read(&form.fields, ctx.today), ctx),
        };
        match preview {
            Ok(p) => self.stage = Stage::Preview(p),
            Err(e) => self.error = Some(e),
        }
        Reply::Open
    }

    /// A key on the preview: confirm, cancel, quit or scroll.
    fn preview_key(
        p: &mut Preview,
        error: &mut Option<String>,
        key: KeyEvent,
        action: Option<Action>,
        ctx: &mut Ctx,
    ) -> Reply {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let confirm = key.code == KeyCode::Enter || (ctrl && key.code == KeyCode::Char('s'));
        if key.code == KeyCode::Esc {
            return Reply::Cancelled(Msg::BatchCancelled.text(ctx.lang).to_string());
        }
        if confirm {
            return match ctx.store.create_batch(&p.plan) {
                Ok(ids) => Reply::Created(Msg::BatchCreatedFmt.fill(ctx.lang, &[&ids.len()])),
                Err(e) => {
                    *error = Some(crate::explain::store_error(&e, ctx.lang));
                    Reply::Open
                }
            };
        }
        match action {
            Some(Action::Quit) => Reply::Quit,
            Some(a) => {
                p.scroll(a);
                Reply::Open
            }
            None => Reply::Open,
        }
    }

    /// Bracketed paste goes to the form.
    pub fn paste(&mut self, pasted: &str, ctx: &mut Ctx) {
        if let Stage::Form(f) = &mut self.stage {
            f.paste(pasted, ctx);
        }
    }

    /// Draws the form or the preview over `body`, and the last failure
    /// on its bottom line.
    fn draw_stage(&self, frame: &mut Frame, body: Rect, view: &View) {
        match &self.stage {
            Stage::Form(f) => f.draw(frame, body, view),
            Stage::Preview(p) => p.draw(frame, body, view),
        }
        if let Some(e) = &self.error {
            let line = Rect {
                y: body.bottom().saturating_sub(1),
                height: 1.min(body.height),
                ..body
            };
            clear(frame, line);
            let text = text::fit(&format!("! {e}"), line.width as usize);
            frame.render_widget(Paragraph::new(Line::styled(text, view.theme.error())), line);
        }
    }
}

/// The batch on the stack: its form, then its preview; closing says
/// whether visits were created.
impl Overlay for Batch {
    fn key(
        &mut self,
        key: KeyEvent,
        action: Option<Action>,
        ctx: &mut Ctx,
    ) -> anyhow::Result<Transition> {
        let reply = self.handle(key, action, ctx);
        Ok(transition(reply))
    }

    fn resume(
        &mut self,
        answer: Box<dyn std::any::Any>,
        ctx: &mut Ctx,
    ) -> anyhow::Result<Transition> {
        let reply = self.resume_form(answer, ctx);
        Ok(transition(reply))
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Transition {
        Batch::paste(self, text, ctx);
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw_stage(frame, area, view);
    }

    fn hints(&self, _: &KeyMap, _: Scope) -> Vec<Hint> {
        match &self.stage {
            Stage::Form(f) => form_hints(f),
            Stage::Preview(_) => vec![
                Hint::fixed("Enter/Ctrl-S", Msg::HintCreate),
                Hint::fixed("↑↓", Msg::HintScroll),
                Hint::fixed("Esc", Msg::HintCancel),
            ],
        }
    }

    fn takes_text(&self) -> bool {
        matches!(self.stage, Stage::Form(_))
    }
}

/// The stack's reading of what the batch did.
fn transition(reply: Reply) -> Transition {
    match reply {
        Reply::Open => Transition::Stay,
        Reply::Push(o) => Transition::Push(o),
        Reply::Cancelled(m) => Transition::pop_saying(m),
        Reply::Created(m) => Transition::Pop(
            overlay::Reply::default()
                .say(m)
                .changed(Changes::VISITS | Changes::CARE),
        ),
        Reply::Quit => Transition::Quit,
    }
}

/// Plans the batch `req` asks for, or says in the UI language why not.
fn propose(req: &Request, ctx: &Ctx) -> Result<Preview, String> {
    let lang = ctx.lang;
    // Why nothing can be planned (reversed dates, nobody in the groups,
    // everyone already planned, …) comes back as a reason of its own.
    let plan = ctx
        .store
        .plan_batch(&req.groups, &req.officers, req.from, req.to, req.limit)
        .map_err(|e| crate::explain::store_error(&e, lang))?
        .map_err(|e| crate::explain::batch_error(&e, lang))?;
    let people: Vec<i64> = plan.iter().map(|p| p.person_id).collect();
    let names = ctx
        .store
        .entry_names(&people)
        .map_err(|e| crate::explain::store_error(&e, ctx.lang))?;
    Ok(Preview {
        plan,
        names,
        top: 0,
        rows: Cell::new(1),
    })
}

impl Preview {
    /// The proposed visits, in date order.
    pub fn plan(&self) -> &[Planned] {
        &self.plan
    }

    /// "N visits, M officers, from … to …".
    pub fn summary(&self, view: &View) -> String {
        let officers: BTreeSet<i64> = self.plan.iter().map(|p| p.officer).collect();
        let first = self.plan.first().map(|p| p.date.to_string());
        let last = self.plan.last().map(|p| p.date.to_string());
        Msg::BatchSummaryFmt.fill(
            view.lang,
            &[
                &self.plan.len(),
                &officers.len(),
                &first.unwrap_or_default(),
                &last.unwrap_or_default(),
            ],
        )
    }

    fn scroll(&mut self, a: Action) {
        let page = self.rows.get().max(1);
        let last = self.plan.len().saturating_sub(page);
        self.top = match a {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => self.top + 1,
            Action::PageUp => self.top.saturating_sub(page),
            Action::PageDown => self.top + page,
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.top,
        }
        .min(last);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let rect = centered(area, area.width.min(MAX_WIDTH), area.height);
        clear(frame, rect);
        let block = Block::bordered().title(Span::styled(
            text::fit(
                view.t(Msg::BatchPreviewTitle),
                rect.width.saturating_sub(4) as usize,
            ),
            view.theme.title(),
        ));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [summary, header, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let w = inner.width as usize;
        frame.render_widget(
            Paragraph::new(Line::styled(
                text::fit(&self.summary(view), w),
                view.theme.header(),
            )),
            summary,
        );
        let cols = Columns::new(w);
        let head = cols.line(
            view.t(Msg::ColDate),
            view.t(Msg::ColOfficers),
            view.t(Msg::ColPerson),
            view.t(Msg::ColGroup),
        );
        frame.render_widget(
            Paragraph::new(Line::styled(head, view.theme.header())),
            header,
        );
        let rows = list.height as usize;
        self.rows.set(rows);
        let top = self.top.min(self.plan.len().saturating_sub(rows));
        let lines: Vec<Line> = self
            .plan
            .iter()
            .skip(top)
            .take(rows)
            .map(|p| {
                let date = format!("{} {}", p.date, weekday(p.date, view));
                let person = self.names.get(&p.person_id).map_or("?", String::as_str);
                let group = view.label(SetId::CareGroup, &p.group);
                Line::raw(cols.line(&date, view.officer(p.officer), person, &group))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// The day of the week in the UI language ("Mo", "一").
fn weekday(d: NaiveDate, view: &View) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    view.t(Msg::Weekdays).split(' ').nth(i).unwrap_or("")
}

/// Column widths of the preview table (date, officer, person, group).
struct Columns {
    date: usize,
    officer: usize,
    person: usize,
    group: usize,
}

impl Columns {
    fn new(width: usize) -> Columns {
        let (date, officer) = (13, 10);
        let rest = width.saturating_sub(date + officer + 3);
        let person = (rest * 2 / 5).clamp(8, 24);
        Columns {
            date,
            officer,
            person,
            group: rest.saturating_sub(person),
        }
    }

    fn line(&self, date: &str, officer: &str, person: &str, group: &str) -> String {
        format!(
            "{} {} {} {}",
            text::pad(date, self.date),
            text::pad(officer, self.officer),
            text::pad(person, self.person),
            text::fit(group, self.group)
        )
    }
}
