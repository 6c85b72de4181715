//! The directory-entry form: a person, household or organisation.

use crate::config::categories::SetId;
use crate::domain::directory::DirectoryEntry;
use crate::msg::Msg;
use crate::store::StoreError;
use crate::tui::kit::form::{default_key, Field, Fields, Form, Record, Saved};
use crate::tui::kit::overlay::Changes;
use crate::tui::shell::context::Ctx;

struct EntryForm {
    /// (id, version) of the stored entry being edited.
    edit: Option<(i64, i64)>,
}

fn fields(e: &DirectoryEntry) -> Vec<Field> {
    vec![
        Field::line("name", Msg::FieldName, &e.name),
        Field::category("kind", Msg::FieldKind, SetId::TargetKind, &e.kind),
        Field::line("address", Msg::FieldAddress, &e.address),
        Field::line("phone", Msg::FieldPhone, &e.phone),
        Field::categories("tags", Msg::FieldTags, SetId::VulnerableGroup, &e.tags),
        Field::text("notes", Msg::FieldNotes, &e.notes),
    ]
}

/// A new entry, its name prefilled (from the person picker's query).
pub fn new(ctx: &Ctx, name: &str) -> Form {
    let e = DirectoryEntry {
        name: name.trim().to_string(),
        kind: default_key(ctx, SetId::TargetKind, "person"),
        ..DirectoryEntry::default()
    };
    let mut form = Form::new(
        Msg::FormNewEntry,
        ctx,
        fields(&e),
        Box::new(EntryForm { edit: None }),
    );
    if !e.name.is_empty() {
        // From a picker: say plainly that this adds someone new.
        form.title = Msg::FormNewPersonFmt.fill(ctx.lang, &[&e.name]);
        form.mark_unsaved();
    }
    form
}

/// The stored entry `id`, prefilled.
pub fn edit(ctx: &Ctx, id: i64) -> Result<Form, StoreError> {
    let s = ctx.store.entry(id)?;
    let record = Box::new(EntryForm {
        edit: Some((id, s.version)),
    });
    Ok(Form::new(
        Msg::FormEditEntry,
        ctx,
        fields(&s.record),
        record,
    ))
}

impl Record for EntryForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let e = DirectoryEntry {
            retired: false,
            name: f.text("name"),
            kind: f.key("kind"),
            address: f.text("address"),
            phone: f.text("phone"),
            tags: f.keys("tags"),
            notes: f.text("notes"),
        };
        let stored = match self.edit {
            Some((id, version)) => ctx.store.update_entry(id, version, &e)?,
            None => ctx.store.add_entry(&e)?,
        };
        Ok(Saved::new(
            stored.id,
            stored.record.name,
            Changes::DIRECTORY,
        ))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        if let Some((id, version)) = &mut self.edit {
            *version = ctx.store.entry(*id)?.version;
        }
        Ok(())
    }
}
