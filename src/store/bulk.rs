//! Bulk loading: rows with explicit ids, written through cached prepared
//! statements inside the one transaction of [`Store::bulk`], without a
//! read-validate-audit cycle per record. The demo generator fills a file
//! with a million visits this way; everything it writes goes through
//! these functions, so its SQL lives here with the rest.

use super::sql::Cell;
use super::{issues, mediation, Result};
use crate::domain::care::CareEntry;
use crate::domain::directory::DirectoryEntry;
use crate::domain::issue::{Issue, IssueStep};
use crate::domain::mediation::{CaseStatus, MediationCase, Outcome};
use crate::domain::officer::Officer;
use chrono::{Datelike, NaiveDate, NaiveTime};
use rusqlite::{params, Statement, Transaction};
use std::cell::RefCell;
use std::collections::HashMap;

/// The state of a bulk-loaded visit, with what that state carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitState<'r> {
    Planned,
    Done {
        outcome: &'r str,
        people_reached: u32,
    },
    Cancelled {
        reason: &'r str,
    },
}

/// One visit as the bulk loader writes it; borrowed, so a million of
/// them cost no allocation each.
#[derive(Debug, Clone, Copy)]
pub struct VisitRow<'r> {
    pub id: i64,
    pub on: NaiveDate,
    pub at: Option<NaiveTime>,
    pub duration_min: Option<u16>,
    pub target_id: Option<i64>,
    pub place: &'r str,
    pub form: &'r str,
    pub mission: &'r str,
    pub state: VisitState<'r>,
    pub officers: &'r [i64],
    pub purposes: &'r [&'r str],
    /// What was handed out (done visits): legal materials, evaluation
    /// sheets, a gift and its value in fen.
    pub materials: Option<u32>,
    pub sheets_out: Option<u32>,
    pub gift: Option<&'r str>,
    pub gift_fen: Option<u32>,
}

/// One open-door evaluation of a done visit, with its ratings as
/// (aspect key, rating key).
#[derive(Debug, Clone, Copy)]
pub struct EvaluationRow<'r> {
    pub id: i64,
    pub visit_id: i64,
    pub respondent: &'r str,
    pub comments: &'r str,
    pub ratings: &'r [(&'r str, &'r str)],
}

/// The writer [`Store::bulk`] hands its closure: typed inserts into the
/// open transaction. Rows are stamped as created by the batch's action
/// name (e.g. `demo`) at the batch's start time.
pub struct Bulk<'a> {
    tx: &'a Transaction<'a>,
    code: String,
    now: String,
    by: String,
    /// Statements prepared once for the whole load, keyed by their SQL
    /// text's address (every one is a literal here): a million visits
    /// would otherwise pay a statement-cache lookup per row.
    held: RefCell<HashMap<(usize, usize), Statement<'a>>>,
    /// The last reference serial given per (issues?, year): the loader is
    /// the only writer inside its transaction.
    serials: RefCell<HashMap<(bool, i32), i64>>,
}

impl<'a> Bulk<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>, code: &str, by: &str) -> Result<Bulk<'a>> {
        let code = issues::station_code(tx, code)?;
        Ok(Bulk {
            tx,
            code,
            now: super::now(),
            by: by.to_string(),
            held: RefCell::new(HashMap::new()),
            serials: RefCell::new(HashMap::new()),
        })
    }

    /// Runs `f` on the held statement for `sql`, preparing it on first use.
    fn with<T>(
        &self,
        sql: &'static str,
        f: impl FnOnce(&mut Statement<'a>) -> Result<T>,
    ) -> Result<T> {
        let mut held = self.held.borrow_mut();
        let key = (sql.as_ptr() as usize, sql.len());
        let stmt = match held.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(self.tx.prepare(sql)?),
        };
        f(stmt)
    }

    /// The next serial of `year` for issues (`issue`) or cases.
    fn serial(&self, issue: bool, year: i32) -> Result<i64> {
        let mut serials = self.serials.borrow_mut();
        let last = match serials.get(&(issue, year)) {
            Some(n) => *n,
            None => {
                let sql = if issue {
                    "SELECT coalesce(max(ref_serial), 0) FROM issues WHERE ref_year = ?1"
                } else {
                    "SELECT coalesce(max(ref_serial), 0) FROM mediation_cases WHERE ref_year = ?1"
                };
                self.tx.query_row(sql, [year], |r| r.cell(0))?
            }
        };
        serials.insert((issue, year), last + 1);
        Ok(last + 1)
    }

    /// The station code reference numbers use (fixed in the file).
    pub fn station_code(&self) -> &str {
        &self.code
    }

    /// Whether the file holds no records at all, checked under the write
    /// lock.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM officers) AND NOT EXISTS (SELECT 1 FROM directory)
               AND NOT EXISTS (SELECT 1 FROM visits) AND NOT EXISTS (SELECT 1 FROM issues)
               AND NOT EXISTS (SELECT 1 FROM mediation_cases) AND NOT EXISTS (SELECT 1 FROM care_entries)",
            [],
            |r| r.cell(0),
        )?)
    }

    /// An officer with id `id`.
    pub fn officer(&self, id: i64, o: &Officer) -> Result<()> {
        const STMT: &str =
            "INSERT INTO officers (id, name, badge, unit, os_user, phone, leader, active,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?9, ?10)";
        self.with(STMT, |st| {
            Ok(st.execute(params![
                id, o.name, o.badge, o.unit, o.os_user, o.phone, o.leader, o.active, self.now,
                self.by
            ])?)
        })?;
        Ok(())
    }

    /// A directory entry with id `id` and its tags.
    pub fn entry(&self, id: i64, e: &DirectoryEntry) -> Result<()> {
        const STMT: &str = "INSERT INTO directory (id, name, kind, address, phone, notes,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?7, ?8)";
        self.with(STMT, |st| {
            Ok(st.execute(params![
                id, e.name, e.kind, e.address, e.phone, e.notes, self.now, self.by
            ])?)
        })?;
        const TAG: &str = "INSERT INTO directory_tags (entry_id, tag) VALUES (?1, ?2)";
        for t in &e.tags {
            self.with(TAG, |st| Ok(st.execute(params![id, t])?))?;
        }
        Ok(())
    }

    /// A visit with its officer and purpose links.
    pub fn visit(&self, v: &VisitRow<'_>) -> Result<()> {
        let (status, outcome, reached, reason) = match v.state {
            VisitState::Planned => ("planned", None, None, None),
            VisitState::Done {
                outcome,
                people_reached,
            } => ("done", Some(outcome), Some(people_reached), None),
            VisitState::Cancelled { reason } => ("cancelled", None, None, Some(reason)),
        };
        const VISIT: &str = "INSERT INTO visits (id, on_date, at_time, duration_min, target_id, place, form, mission,
               status, outcome, people_reached, cancel_reason, materials, sheets_out, gift, gift_fen,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?15, ?16, ?17, ?18,
               1, ?13, ?14, ?13, ?14)";
        self.with(VISIT, |st| {
            Ok(st.execute(params![
                v.id,
                v.on,
                v.at,
                v.duration_min,
                v.target_id,
                v.place,
                v.form,
                v.mission,
                status,
                outcome,
                reached,
                reason,
                self.now,
                self.by,
                v.materials,
                v.sheets_out,
                v.gift,
                v.gift_fen
            ])?)
        })?;
        const OFFICER: &str =
            "INSERT INTO visit_officers (visit_id, officer_id, on_date) VALUES (?1, ?2, ?3)";
        for o in v.officers {
            self.with(OFFICER, |st| Ok(st.execute(params![v.id, o, v.on])?))?;
        }
        const PURPOSE: &str =
            "INSERT INTO visit_purposes (visit_id, purpose, on_date) VALUES (?1, ?2, ?3)";
        for p in v.purposes {
            self.with(PURPOSE, |st| Ok(st.execute(params![v.id, p, v.on])?))?;
        }
        Ok(())
    }

    /// An open-door evaluation with its ratings.
    pub fn evaluation(&self, e: &EvaluationRow<'_>) -> Result<()> {
        const EVAL: &str = "INSERT INTO evaluations (id, visit_id, respondent, comments,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?5, ?6)";
        self.with(EVAL, |st| {
            Ok(st.execute(params![
                e.id,
                e.visit_id,
                e.respondent,
                e.comments,
                self.now,
                self.by
            ])?)
        })?;
        const RATING: &str =
            "INSERT INTO evaluation_ratings (evaluation_id, aspect, rating) VALUES (?1, ?2, ?3)";
        for (aspect, r) in e.ratings {
            self.with(RATING, |st| Ok(st.execute(params![e.id, aspect, r])?))?;
        }
        Ok(())
    }

    /// A mediation case with id `id`, its parties, sessions and session
    /// mediators; it gets the next reference number of its year, so cases
    /// written in the order received are numbered in that order. `visit`
    /// maps the visit ids the case and its sessions name. Returns the
    /// reference.
    pub fn case(&self, id: i64, c: &MediationCase, visit: impl Fn(i64) -> i64) -> Result<String> {
        let year = c.received_on.year();
        let serial = self.serial(false, year)?;
        let reference = mediation::reference(&self.code, year, serial);
        let a = c.agreement.as_ref();
        let r = c.referral.as_ref();
        const CASE: &str =
            "INSERT INTO mediation_cases (id, received_on, kind, summary, source, risk, leader_id,
               visit_id, status, accepted_on, limit_on, agreement_terms, agreed_on, follow_up_on,
               referral_target, referred_on, referral_note, outcome, decline_reason, closed_on,
               next_session_on, reference, ref_year, ref_serial,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
               ?18, ?19, ?20, ?21, ?22, ?23, ?24, 1, ?25, ?26, ?25, ?26)";
        self.with(CASE, |st| {
            Ok(st.execute(params![
                id,
                c.received_on,
                c.kind,
                c.summary,
                c.source,
                c.risk,
                c.leader_id,
                c.visit_id.map(&visit),
                super::mediation::stored_status(c.status),
                c.accepted_on,
                c.limit_on,
                a.map(|a| &a.terms),
                a.map(|a| a.on),
                a.map(|a| a.follow_up_on),
                r.map(|r| &r.target),
                r.map(|r| r.on),
                r.map(|r| &r.note),
                c.outcome.map(Outcome::name),
                c.decline_reason,
                c.closed_on,
                c.next_session(),
                reference,
                year,
                serial,
                self.now,
                self.by
            ])?)
        })?;
        mediation::write_children(self.tx, id, c, visit)?;
        self.case_timeline(id, c)?;
        Ok(reference)
    }

    /// The timeline a case's record implies. A case written whole (the
    /// demo walks its lifecycle in memory) gets the steps the work summary
    /// counts, dated as the record dates them: received, agreed, no
    /// agreement (on the last session held, when it was decided), referred,
    /// closed.
    fn case_timeline(&self, id: i64, c: &MediationCase) -> Result<()> {
        let last_held = c.sessions.iter().filter(|s| s.held).map(|s| s.on).max();
        let decided = last_held.or(c.accepted_on).unwrap_or(c.received_on);
        let no_agreement = matches!(c.status, CaseStatus::NoAgreement | CaseStatus::Referred)
            || c.outcome == Some(Outcome::ReferralConfirmed);
        let mut rows = vec![("receive", c.received_on, c.summary.as_str())];
        rows.extend(
            c.agreement
                .as_ref()
                .map(|a| ("agree", a.on, a.terms.as_str())),
        );
        rows.extend(no_agreement.then_some(("no_agreement", decided, "")));
        rows.extend(
            c.referral
                .as_ref()
                .map(|r| ("refer", r.on, r.note.as_str())),
        );
        if let (Some(on), Some(o)) = (c.closed_on, c.outcome) {
            rows.extend((o != Outcome::Declined).then_some(("close", on, "")));
        }
        const STEP: &str =
            "INSERT INTO case_steps (case_id, step, on_date, text, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        for (step, on, text) in rows {
            self.with(STEP, |st| {
                Ok(st.execute(params![id, step, on, text, self.now, self.by])?)
            })?;
        }
        Ok(())
    }

    /// An issue with id `id` and its timeline: the raise step, then each
    /// of `path` on its date. It gets the next reference number of the
    /// year it was raised, which is returned.
    pub fn issue(&self, id: i64, i: &Issue, path: &[(IssueStep, NaiveDate)]) -> Result<String> {
        let year = i.raised_on.year();
        let serial = self.serial(true, year)?;
        let reference = issues::reference(&self.code, year, serial);
        let a = i.assignment.as_ref();
        let m = i.measure.as_ref();
        let ans = i.answer.as_ref();
        let h = i.handover.as_ref();
        let reply = h.and_then(|h| h.reply.as_ref());
        const INS: &str = "INSERT INTO issues (id, reference, ref_year, ref_serial, raised_on, topic, summary, details,
               raiser_id, anonymous, visit_id, status, unit, responsible_id, deadline, measure, theme,
               rectified_on, answer_channel, answered_on, answered_by, answer_text, rating, reopened,
               closed_on, close_deadline, verification, handed_to, handed_on, handover_reply,
               handover_reply_on, version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
               ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?28, ?29, ?30, ?31, ?32, ?33,
               1, ?26, ?27, ?26, ?27)";
        self.with(INS, |st| {
            Ok(st.execute(params![
                id,
                reference,
                year,
                serial,
                i.raised_on,
                i.topic,
                i.summary,
                i.details,
                i.raiser_id,
                i.anonymous,
                i.visit_id,
                i.status.name(),
                a.map(|a| &a.unit),
                a.map(|a| a.officer_id),
                a.map(|a| a.deadline),
                m.map(|m| &m.text),
                m.and_then(|m| m.theme.as_ref()),
                m.map(|m| m.on),
                ans.map(|a| &a.channel),
                ans.map(|a| a.on),
                ans.map(|a| a.by),
                ans.map(|a| &a.text),
                i.rating,
                i.reopened,
                i.closed_on,
                self.now,
                self.by,
                i.close_deadline,
                i.verification,
                h.map(|h| &h.department),
                h.map(|h| h.on),
                reply.map(|r| &r.0),
                reply.map(|r| r.1)
            ])?)
        })?;
        let steps = std::iter::once(("raise", i.raised_on, None))
            .chain(path.iter().map(|(s, on)| (s.name(), *on, Some(s))));
        for (name, on, step) in steps {
            let (officer, unit, deadline, category, text) =
                issues::step_values(step, if step.is_none() { &i.summary } else { "" });
            self.with(issues::INSERT_STEP, |st| {
                Ok(st.execute(params![
                    id, name, on, officer, unit, deadline, category, text, self.now, self.by
                ])?)
            })?;
        }
        Ok(reference)
    }

    /// A care entry with id `id`, its last visit and next due date as
    /// given (the loader wrote the visits they come from).
    pub fn care(
        &self,
        id: i64,
        c: &CareEntry,
        last_visit_on: Option<NaiveDate>,
        next_due_on: NaiveDate,
    ) -> Result<()> {
        const STMT: &str =
            "INSERT INTO care_entries (id, person_id, care_group, reason, needs, help_given,
               cadence_days, since, active, last_visit_on, next_due_on,
               version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13, ?12, ?13)";
        self.with(STMT, |st| {
            Ok(st.execute(params![
                id,
                c.person_id,
                c.group,
                c.reason,
                c.needs,
                c.help_given,
                c.cadence_days,
                c.since,
                c.active,
                last_visit_on,
                next_due_on,
                self.now,
                self.by
            ])?)
        })?;
        Ok(())
    }
}
