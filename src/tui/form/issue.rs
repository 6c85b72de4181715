//! The issue form: the raised fields of an issue (its loop moves by steps).

use super::{Ctx, Field, Fields, Form, Record, Saved};
use crate::config::categories::SetId;
use crate::domain::issue::Issue;
use crate::store::StoreError;
use crate::tui::msg::Msg;

struct IssueForm {
    /// (id, version, stored issue) when editing; the store keeps the
    /// loop's steps, the visit link comes from the stored issue.
    edit: Option<(i64, i64, Issue)>,
}

fn fields(i: &Issue, raiser: &str) -> Vec<Field> {
    vec![
        Field::date("raised_on", Msg::FieldRaisedOn, Some(i.raised_on), true),
        Field::category("topic", Msg::FieldTopic, SetId::Topic, &i.topic),
        Field::line("summary", Msg::FieldSummary, &i.summary),
        Field::text("details", Msg::FieldDetails, &i.details),
        Field::person("raiser", Msg::FieldRaiser, i.raiser_id, raiser, false),
        Field::flag("anonymous", Msg::FieldAnonymous, i.anonymous),
    ]
}

/// A new issue raised today.
pub fn new(ctx: &Ctx) -> Form {
    // Topics have no sensible default: the user picks one.
    let i = Issue::new(ctx.today, "", "");
    let record = Box::new(IssueForm { edit: None });
    Form::new(Msg::FormNewIssue, ctx, fields(&i, ""), record)
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
    });
    let mut form = Form::new(Msg::FormEditIssue, ctx, list, record);
    form.title = title;
    Ok(form)
}

impl Record for IssueForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let base = match &self.edit {
            Some((_, _, old)) => old.clone(),
            None => Issue::new(ctx.today, "", ""),
        };
        let i = Issue {
            raised_on: f.date("raised_on").unwrap_or(base.raised_on),
            topic: f.key("topic"),
            summary: f.text("summary"),
            details: f.text("details"),
            raiser_id: f.person("raiser").0,
            anonymous: f.flag("anonymous"),
            ..base
        };
        let stored = match &self.edit {
            Some((id, version, _)) => ctx.store.update_issue(*id, *version, &i)?,
            None => ctx.store.add_issue(&i)?,
        };
        Ok(Saved {
            id: stored.id,
            name: stored.record.reference,
        })
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
