//! The form receiving or editing a mediation case. An edit changes the
//! facts (kind, risk, summary, party names); the lifecycle changes only by
//! its steps (consent, sessions, outcome).

use crate::config::categories::SetId;
use crate::domain::mediation::{MediationCase, Party, Role};
use crate::domain::{FieldError, Problem};
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::{default_key, Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::Changes;
use crate::tui::registry::Target;
use crate::tui::shell::context::Ctx;

struct CaseForm {
    /// (id, version, stored case) when editing.
    edit: Option<(i64, i64, MediationCase)>,
}

/// The first party with `role`, as (entry id, name).
fn first(c: &MediationCase, role: Role) -> (Option<i64>, String) {
    c.parties
        .iter()
        .find(|p| p.role == role)
        .map(|p| (p.entry_id, p.name.clone()))
        .unwrap_or_default()
}

fn fields(ctx: &Ctx, c: Option<&MediationCase>) -> Vec<Field> {
    let low = ctx
        .store
        .categories()
        .set(SetId::Risk)
        .offered()
        .next()
        .map(|i| i.key.clone())
        .unwrap_or_default();
    let source = default_key(ctx, SetId::MediationSource, "walk_in");
    let (applicant, respondent) = match c {
        Some(c) => (first(c, Role::Applicant), first(c, Role::Respondent)),
        None => Default::default(),
    };
    let others: Vec<&str> = c
        .map(|c| {
            c.parties
                .iter()
                .filter(|p| p.role == Role::Other)
                .map(|p| p.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    vec![
        Field::date(
            "received_on",
            Msg::FieldReceivedOn,
            Some(c.map_or(ctx.today, |c| c.received_on)),
            true,
        ),
        Field::category(
            "kind",
            Msg::FieldDisputeKind,
            SetId::DisputeKind,
            c.map_or("", |c| &c.kind),
        ),
        Field::category(
            "source",
            Msg::FieldSource,
            SetId::MediationSource,
            c.map_or(&source, |c| &c.source),
        ),
        Field::category(
            "risk",
            Msg::FieldRisk,
            SetId::Risk,
            c.map_or(&low, |c| &c.risk),
        ),
        Field::text("summary", Msg::FieldSummary, c.map_or("", |c| &c.summary)),
        Field::person(
            "applicant",
            Msg::FieldApplicant,
            applicant.0,
            &applicant.1,
            true,
        )
        .also(&["parties"]),
        Field::person(
            "respondent",
            Msg::FieldRespondent,
            respondent.0,
            &respondent.1,
            true,
        ),
        Field::line("others", Msg::FieldOtherParties, &others.join("、")),
        Field::officer("leader", Msg::FieldLeader, c.and_then(|c| c.leader_id)),
    ]
}

/// The names typed into "other parties", split at 、 , ， ; or ；.
fn other_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in text.split(['、', ',', '，', ';', '；']).map(str::trim) {
        if !n.is_empty() && !names.iter().any(|m| m == n) {
            names.push(n.to_string());
        }
    }
    names
}

/// Sets the other parties to `names`: those still named keep their
/// consent, the others go, new names join.
fn set_others(c: &mut MediationCase, names: &[String]) {
    c.parties
        .retain(|p| p.role != Role::Other || names.contains(&p.name));
    for n in names {
        let known = c
            .parties
            .iter()
            .any(|p| p.role == Role::Other && &p.name == n);
        if !known {
            c.parties.push(Party::new(None, n, Role::Other));
        }
    }
}

/// A new case received today, walked in, at the lowest risk offered.
pub fn new(ctx: &Ctx) -> Form {
    Form::new(
        Msg::FormNewCase,
        ctx,
        fields(ctx, None),
        Box::new(CaseForm { edit: None }),
    )
}

/// The stored case `id`, prefilled.
pub fn edit(ctx: &Ctx, id: i64) -> Result<Form, StoreError> {
    let s = ctx.store.case(id)?;
    let list = fields(ctx, Some(&s.record));
    let record = Box::new(CaseForm {
        edit: Some((id, s.version, s.record)),
    });
    Ok(Form::new(Msg::FormEditCase, ctx, list, record))
}

/// Puts the form's party into the first party of `role`, keeping their
/// consent; adds the party when the case had none in that role.
fn set_party(c: &mut MediationCase, p: Party) {
    match c.parties.iter_mut().find(|q| q.role == p.role) {
        Some(q) => {
            q.entry_id = p.entry_id;
            q.name = p.name;
        }
        None => c.parties.push(p),
    }
}

/// A party from a person field: the picked entry, or a typed name.
fn party(f: &Fields, field: &'static str, role: Role) -> Result<Party, FieldError> {
    let (id, name) = f.person(field);
    if name.is_empty() {
        let id = crate::domain::FieldId::from_key(field).unwrap_or(crate::domain::FieldId::Parties);
        return Err(FieldError::new(id, Problem::Required));
    }
    Ok(Party::new(id, &name, role))
}

impl Record for CaseForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let applicant = party(f, "applicant", Role::Applicant)?;
        let respondent = party(f, "respondent", Role::Respondent)?;
        let received_on = f.date("received_on").unwrap_or(ctx.today);
        let mut c = match &self.edit {
            Some((_, _, old)) => old.clone(),
            None => MediationCase::received(received_on, "", "", "", Vec::new()),
        };
        set_party(&mut c, applicant);
        set_party(&mut c, respondent);
        set_others(&mut c, &other_names(&f.text("others")));
        c.received_on = received_on;
        c.kind = f.key("kind");
        c.summary = f.text("summary");
        c.risk = f.key("risk");
        c.source = f.key("source");
        c.leader_id = f.officer("leader");
        let stored = match &self.edit {
            Some((id, version, _)) => ctx.store.update_case(*id, *version, &c)?,
            None => ctx.store.add_case(&c)?,
        };
        Ok(Saved::new(stored.id, stored.record.summary, Changes::CASES)
            .select(Target::Case(stored.id)))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if let Some((id, version, old)) = &mut self.edit {
            let s = ctx.store.case(*id)?;
            *version = s.version;
            *old = s.record;
        }
        Ok(())
    }
}
