//! The issue form: the raised fields of an issue (its loop moves by steps).

use crate::config::categories::SetId;
use crate::domain::issue::Issue;
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::{Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::Changes;
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;

struct IssueForm {
    /// (id, version, stored issue) when editing; the store keeps the
    /// loop's steps, the visit link comes from the stored issue.
    edit: Option<(i64, i64, Issue)>,
    /// The visit a new issue was raised at.
    visit_id: Option<i64>,
}

fn fields(i: &Issue, raiser: &str) -> Vec<Field> {
    vec![
        Field::date("raised_on", Msg::FieldRaisedOn, Some(i.raised_on), true),
        Field::category("topic", Msg::FieldTopic, SetId::Topic, &i.topic),
        Field::line("summary", Msg::FieldSummary, &i.summary),
        Field::text("details", Msg::FieldDetails, &i.details),
        Field::person("raiser", Msg::FieldRaiser, i.raiser_id, raiser, false),
        Field::flag("anonymous", Msg::FieldAnonymous, i.anonymous),
        // Blank on a new issue: the topic's closure time limit applies.
        Field::date(
            "close_deadline",
            Msg::FieldCloseDeadline,
            i.close_deadline,
            false,
        ),
    ]
}

/// A new issue raised today.
pub fn new(ctx: &Ctx) -> Form {
    // Topics have no sensible default: the user picks one.
    let i = Issue::new(ctx.today, "", "");
    let record = Box::new(IssueForm {
        edit: None,
        visit_id: None,
    });
    Form::new(Msg::FormNewIssue, ctx, fields(&i, ""), record)
}

/// A new issue raised at done visit `visit_id`: raised on the visit's day
/// by the person visited, linked to the visit. Opened again for each issue
/// raised there, nothing of the visit needs retyping.
pub fn raise_from_visit(ctx: &Ctx, visit_id: i64) -> Result<Form, StoreError> {
    let v = ctx.store.visit(visit_id)?.record;
    let mut i = Issue::new(v.date, "", "");
    i.raiser_id = v.target_id;
    let name = match v.target_id {
        Some(r) => ctx.store.entry(r)?.record.name,
        None => String::new(),
    };
    let record = Box::new(IssueForm {
        edit: None,
        visit_id: Some(visit_id),
    });
    // What differs from one issue to the next comes first; the person is
    // filled in below. The raised date is the visit's (the title says
    // which): no field offers a date the store would not keep.
    let mut list = fields(&i, &name);
    list.remove(0);
    let mut form = Form::new(Msg::FormNewIssue, ctx, list, record);
    form.title = Msg::FormRaiseFromVisit.fill(ctx.lang, &[&v.date]);
    Ok(form)
}

/// The stored issue `id`, prefilled.
pub fn edit(ctx: &Ctx, id: i64) -> Result<Form, StoreError> {
    let s = ctx.store.issue(id)?;
    let issue = s.record.issue;
    let name = match issue.raiser_id {
        Some(r) => ctx.store.entry(r)?.record.name,
        None => String::new(),
    };
    let list = fields(&issue, &name);
    let title = format!(
        "{} {}",
        Msg::FormEditIssue.text(ctx.lang),
        s.record.reference
    );
    let record = Box::new(IssueForm {
        edit: Some((id, s.version, issue)),
        visit_id: None,
    });
    let mut form = Form::new(Msg::FormEditIssue, ctx, list, record);
    form.title = title;
    Ok(form)
}

impl Record for IssueForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let base = match &self.edit {
            Some((_, _, old)) => old.clone(),
            None => Issue {
                visit_id: self.visit_id,
                ..Issue::new(ctx.today, "", "")
            },
        };
        let i = Issue {
            raised_on: f.date("raised_on").unwrap_or(base.raised_on),
            topic: f.key("topic"),
            summary: f.text("summary"),
            details: f.text("details"),
            raiser_id: f.person("raiser").0,
            anonymous: f.flag("anonymous"),
            close_deadline: f.date("close_deadline"),
            ..base
        };
        let stored = match &self.edit {
            Some((id, version, _)) => ctx.store.update_issue(*id, *version, &i)?,
            None => ctx.store.add_issue(&i)?,
        };
        let said = match self.edit {
            Some(_) => Msg::Saved.text(ctx.lang).to_string(),
            None => Msg::DoneRaisedFmt.fill(ctx.lang, &[&stored.record.reference]),
        };
        Ok(
            Saved::new(stored.id, stored.record.reference, Changes::ISSUES)
                .with_message(said)
                .select(Target::Issue(stored.id)),
        )
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if let Some((id, version, old)) = &mut self.edit {
            let s = ctx.store.issue(*id)?;
            *version = s.version;
            *old = s.record.issue;
        }
        Ok(())
    }
}
