//! Steps on a directory entry: merge a duplicate into the right entry
//! (every record that named it moves there), or retire one made by
//! mistake. Both ask first; the store does each in one transaction.

use crate::domain::directory::{allowed_steps, DirectoryEntry, EntryStepKind};
use crate::domain::StepName;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::{Store, StoreError};
use crate::tui::kit::form::{step_form, Field, Fields, Record, Saved};
use crate::tui::kit::menu::{derived, Opened, Step};
use crate::tui::kit::overlay::Changes;
use crate::tui::shell::context::Ctx;
use anyhow::Result;

/// The menu of the steps the domain allows `entry` now.
pub fn menu_of(entry: &DirectoryEntry, lang: Lang) -> Vec<Step> {
    derived(allowed_steps(entry), lang, letter, label, StepName::Entry)
}

/// The letter that picks a step in the menu.
fn letter(k: EntryStepKind) -> char {
    match k {
        EntryStepKind::Merge => 'm',
        EntryStepKind::Retire => 'r',
    }
}

fn label(k: EntryStepKind) -> Msg {
    match k {
        EntryStepKind::Merge => Msg::StepEntryMerge,
        EntryStepKind::Retire => Msg::StepEntryRetire,
    }
}

/// The steps the stored entry `id` allows now.
pub fn menu(store: &Store, id: i64, lang: Lang) -> Result<Vec<Step>> {
    Ok(menu_of(&store.entry(id)?.record, lang))
}

/// The form of step `step` on entry `id`.
pub fn open(id: i64, step: EntryStepKind, ctx: &mut Ctx) -> Result<Opened> {
    let s = ctx.store.entry(id)?;
    let fields = match step {
        EntryStepKind::Merge => vec![Field::person(
            "person",
            Msg::FieldMergeInto,
            None,
            "",
            false,
        )],
        EntryStepKind::Retire => vec![Field::text("note", Msg::FieldNotes, "")],
    };
    let record = Box::new(EntryStepForm {
        id,
        version: s.version,
        name: s.record.name.clone(),
        step,
    });
    Ok(step_form(&s.record.name, label(step), ctx, fields, record))
}

/// Merges or retires one entry at the version the form was opened with.
struct EntryStepForm {
    id: i64,
    version: i64,
    name: String,
    step: EntryStepKind,
}

impl Record for EntryStepForm {
    fn save(&mut self, f: &Fields, ctx: &mut Ctx) -> Result<Saved, StoreError> {
        let said = match self.step {
            EntryStepKind::Merge => {
                let (into, name) = f.person("person");
                let into = into.ok_or_else(|| {
                    StoreError::Invalid(crate::domain::FieldError::new(
                        crate::domain::FieldId::Person,
                        crate::domain::Problem::Required,
                    ))
                })?;
                ctx.store.merge_entry(self.id, self.version, into)?;
                Msg::EntryMergedFmt.fill(ctx.lang, &[&self.name, &name])
            }
            EntryStepKind::Retire => {
                ctx.store.retire_entry(self.id, self.version)?;
                Msg::EntryRetiredFmt.fill(ctx.lang, &[&self.name])
            }
        };
        // A merge moves records of every kind.
        Ok(Saved::new(self.id, self.name.clone(), Changes::ALL).with_message(said))
    }

    fn rebase(&mut self, ctx: &Ctx) -> Result<(), StoreError> {
        self.version = ctx.store.entry(self.id)?.version;
        Ok(())
    }

    /// Both change what other records point at: asked first.
    fn confirm(&self, f: &Fields, lang: Lang) -> Option<String> {
        match self.step {
            EntryStepKind::Retire => Some(Msg::EntryRetireAsk.text(lang).to_string()),
            EntryStepKind::Merge => {
                let (into, name) = f.person("person");
                into.map(|_| Msg::EntryMergeAskFmt.fill(lang, &[&self.name, &name]))
            }
        }
    }
}
