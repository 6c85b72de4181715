//! Validation of a dump before anything is written: every record through
//! the domain's validators where they exist, category keys against the
//! sets in force (retired keys stay valid on old records), dates that
//! parse, nothing done dated after today, and links that resolve inside
//! the file. Each problem names its record and field in the UI language.

use super::dump::{Document, VisitRec};
use crate::config::categories::{Categories, SetId};
use crate::domain::directory::DirectoryEntry;
use crate::domain::officer::Officer;
use crate::domain::validate::{self as v, Use};
use crate::domain::visit::{Visit, VisitStatus};
use crate::domain::{FieldError, FieldId as F};
use crate::explain::{field_label, problem};
use crate::lang::Lang;
use crate::msg::Msg;
use chrono::{NaiveDate, NaiveTime};
use std::collections::HashSet;

/// Every problem of `doc`, in file order; empty when it may be imported.
pub fn dump(doc: &Document, cats: &Categories, today: NaiveDate, lang: Lang) -> Vec<String> {
    let mut c = Checker {
        cats,
        today,
        lang,
        place: String::new(),
        out: Vec::new(),
    };
    let officers = c.ids(Msg::ExSecOfficers, doc.officers.iter().map(|r| r.id));
    let people = c.ids(Msg::ExSecPeople, doc.people.iter().map(|r| r.id));
    let visits = c.ids(Msg::ExSecVisits, doc.visits.iter().map(|r| r.id));
    c.ids(Msg::ExSecIssues, doc.issues.iter().map(|r| r.id));
    c.ids(Msg::ExSecCases, doc.mediation_cases.iter().map(|r| r.id));
    let known = Known {
        officers,
        people,
        visits,
    };
    officers_ok(&mut c, doc);
    people_ok(&mut c, doc, &known);
    visits_ok(&mut c, doc, &known);
    issues_ok(&mut c, doc, &known);
    cases_ok(&mut c, doc, &known);
    care_ok(&mut c, doc, &known);
    c.out
}

/// The ids a link may point to.
struct Known {
    officers: HashSet<i64>,
    people: HashSet<i64>,
    visits: HashSet<i64>,
}

struct Checker<'a> {
    cats: &'a Categories,
    today: NaiveDate,
    lang: Lang,
    place: String,
    out: Vec<String>,
}

impl Checker<'_> {
    /// Problems that follow are about record `index` of `section`.
    fn at(&mut self, section: Msg, index: usize, id: i64) {
        let s = section.text(self.lang);
        self.place = Msg::ExRecordFmt.fill(self.lang, &[&s, &(index + 1), &id]);
    }

    fn fail(&mut self, field: Msg, problem: &str) {
        let f = field.text(self.lang);
        let line = Msg::ExWhereFieldFmt.fill(self.lang, &[&self.place, &f, &problem]);
        self.out.push(line);
    }

    fn fail_msg(&mut self, field: Msg, p: Msg) {
        let text = p.text(self.lang);
        self.fail(field, text);
    }

    fn field(&mut self, e: &FieldError) {
        let text = problem(e, self.lang);
        self.fail(field_label(e.field), &text);
    }

    /// The ids of a section; a number used twice is a problem.
    fn ids(&mut self, section: Msg, ids: impl Iterator<Item = i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.at(section, i, id);
                self.fail_msg(Msg::ExFieldNumber, Msg::ExDuplicateNumber);
            }
        }
        seen
    }

    fn date(&mut self, field: Msg, s: &str) -> Option<NaiveDate> {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if d.is_none() {
            self.fail_msg(field, Msg::ExNotADate);
        }
        d
    }

    fn opt_date(&mut self, field: Msg, s: &Option<String>) {
        if let Some(s) = s {
            self.date(field, s);
        }
    }

    /// A date of something done: it parses and is not after today.
    fn done_date(&mut self, field: Msg, s: &str) {
        if let Some(d) = self.date(field, s) {
            if d > self.today {
                self.fail_msg(field, Msg::ErrAfterToday);
            }
        }
    }

    fn opt_done_date(&mut self, field: Msg, s: &Option<String>) {
        if let Some(s) = s {
            self.done_date(field, s);
        }
    }

    fn cat(&mut self, set: SetId, field: F, key: &str) {
        if let Err(e) = v::category(self.cats, set, field, key, Use::Existing) {
            self.field(&e);
        }
    }

    fn opt_cat(&mut self, set: SetId, field: F, key: &Option<String>) {
        if let Some(k) = key {
            self.cat(set, field, k);
        }
    }

    fn link(&mut self, field: Msg, known: &HashSet<i64>, id: Option<i64>) {
        if id.is_some_and(|id| !known.contains(&id)) {
            self.fail_msg(field, Msg::ExNoSuchRecord);
        }
    }

    fn one_of(&mut self, field: Msg, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.fail_msg(field, Msg::ExUnknownState);
        }
    }

    fn required(&mut self, field: F, value: &str) {
        if value.trim().is_empty() {
            self.field(&FieldError::new(field, crate::domain::Problem::Required));
        }
    }
}

fn officers_ok(c: &mut Checker<'_>, doc: &Document) {
    for (i, r) in doc.officers.iter().enumerate() {
        c.at(Msg::ExSecOfficers, i, r.id);
        let o = Officer {
            name: r.name.clone(),
            badge: r.badge.clone(),
            unit: r.unit.clone(),
            os_user: r.os_user.clone(),
            phone: r.phone.clone(),
            leader: r.leader,
            active: r.active,
        };
        if let Err(e) = o.validated(c.cats, Some(&o)) {
            c.field(&e);
        }
    }
}

fn people_ok(c: &mut Checker<'_>, doc: &Document, k: &Known) {
    for (i, r) in doc.people.iter().enumerate() {
        c.at(Msg::ExSecPeople, i, r.id);
        let e = DirectoryEntry {
            name: r.name.clone(),
            kind: r.kind.clone(),
            address: r.address.clone(),
            phone: r.phone.clone(),
            tags: r.tags.clone(),
            notes: r.notes.clone(),
            retired: r.retired_on.is_some(),
        };
        if let Err(err) = e.validated(c.cats, Some(&e)) {
            c.field(&err);
        }
        for s in &r.tag_spans {
            c.cat(SetId::VulnerableGroup, F::Tags, &s.tag);
            c.date(Msg::ExFieldTagSpans, &s.from);
            c.opt_date(Msg::ExFieldTagSpans, &s.to);
        }
        c.opt_done_date(Msg::ExFieldRetiredOn, &r.retired_on);
        c.link(Msg::FieldMergeInto, &k.people, r.merged_into);
    }
}

/// The domain's visit, so its validator checks the record.
fn as_visit(c: &mut Checker<'_>, r: &VisitRec) -> Option<Visit> {
    let date = c.date(Msg::FieldDate, &r.date)?;
    let time = match &r.time {
        Some(t) => match t.parse::<NaiveTime>() {
            Ok(t) => Some(t),
            Err(_) => {
                c.fail_msg(Msg::FieldTime, Msg::ExNotATime);
                return None;
            }
        },
        None => None,
    };
    let status = match r.status.as_str() {
        "planned" => VisitStatus::Planned,
        "done" => VisitStatus::Done {
            outcome: r.outcome.clone().unwrap_or_default(),
            people_reached: u32::try_from(r.people_reached.unwrap_or(0)).unwrap_or(u32::MAX),
        },
        "cancelled" => VisitStatus::Cancelled {
            reason: r.cancel_reason.clone().unwrap_or_default(),
        },
        _ => {
            c.fail_msg(Msg::ExFieldState, Msg::ExUnknownState);
            return None;
        }
    };
    Some(Visit {
        date,
        time,
        duration_min: r.duration_min.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
        target_id: r.target_id,
        place: r.place.clone(),
        officers: r.officers.clone(),
        purposes: r.purposes.clone(),
        form: r.form.clone(),
        mission: r.mission.clone(),
        status,
    })
}

fn visits_ok(c: &mut Checker<'_>, doc: &Document, k: &Known) {
    let mut evaluations = HashSet::new();
    for (i, r) in doc.visits.iter().enumerate() {
        c.at(Msg::ExSecVisits, i, r.id);
        if let Some(visit) = as_visit(c, r) {
            if let Err(e) = visit.validated(c.cats, Some(&visit), c.today) {
                c.field(&e);
            }
        }
        c.link(Msg::FieldTarget, &k.people, r.target_id);
        for o in &r.officers {
            c.link(Msg::FieldOfficers, &k.officers, Some(*o));
        }
        for e in &r.evaluations {
            if !evaluations.insert(e.id) {
                c.fail_msg(Msg::ExFieldEvaluations, Msg::ExDuplicateNumber);
            }
            for rating in &e.ratings {
                c.cat(SetId::Aspect, F::Ratings, &rating.aspect);
                c.cat(SetId::Rating, F::Rating, &rating.rating);
            }
        }
    }
}

const ISSUE_STATES: &[&str] = &[
    "new",
    "assigned",
    "rectifying",
    "rectified",
    "answered",
    "closed",
];

fn issues_ok(c: &mut Checker<'_>, doc: &Document, k: &Known) {
    let mut refs = HashSet::new();
    let mut steps = HashSet::new();
    for (i, r) in doc.issues.iter().enumerate() {
        c.at(Msg::ExSecIssues, i, r.id);
        if r.reference.trim().is_empty() || !refs.insert(r.reference.as_str()) {
            c.fail_msg(Msg::ExFieldReference, Msg::ExDuplicateNumber);
        }
        c.done_date(Msg::FieldRaisedOn, &r.raised_on);
        c.cat(SetId::Topic, F::Topic, &r.topic);
        c.required(F::Summary, &r.summary);
        c.one_of(Msg::ExFieldState, &r.status, ISSUE_STATES);
        c.link(Msg::FieldRaiser, &k.people, r.raiser_id);
        c.link(Msg::FieldVisit, &k.visits, r.visit_id);
        c.link(Msg::FieldResponsible, &k.officers, r.responsible_id);
        c.link(Msg::FieldAnsweredBy, &k.officers, r.answered_by);
        c.opt_cat(SetId::Unit, F::Unit, &r.unit);
        c.opt_cat(SetId::Theme, F::Theme, &r.theme);
        c.opt_cat(SetId::FeedbackChannel, F::Channel, &r.answer_channel);
        c.opt_cat(SetId::Rating, F::Rating, &r.rating);
        c.opt_date(Msg::FieldDeadline, &r.deadline);
        c.opt_done_date(Msg::ExFieldDates, &r.rectified_on);
        c.opt_done_date(Msg::ExFieldDates, &r.answered_on);
        c.opt_done_date(Msg::ExFieldDates, &r.closed_on);
        for d in [&r.close_deadline, &r.handed_on, &r.handover_reply_on] {
            c.opt_date(Msg::ExFieldDates, d);
        }
        for s in &r.steps {
            if !steps.insert(s.id) {
                c.fail_msg(Msg::ExFieldTimeline, Msg::ExDuplicateNumber);
            }
            c.date(Msg::ExFieldTimeline, &s.date);
            c.opt_date(Msg::ExFieldTimeline, &s.deadline);
            c.link(Msg::ExFieldTimeline, &k.officers, s.officer_id);
        }
    }
}

const CASE_STATES: &[&str] = &[
    "received",
    "accepted",
    "agreement",
    "no_agreement",
    "referred",
    "closed",
];

fn cases_ok(c: &mut Checker<'_>, doc: &Document, k: &Known) {
    let mut steps = HashSet::new();
    for (i, r) in doc.mediation_cases.iter().enumerate() {
        c.at(Msg::ExSecCases, i, r.id);
        c.done_date(Msg::FieldReceivedOn, &r.received_on);
        c.cat(SetId::DisputeKind, F::Kind, &r.kind);
        c.cat(SetId::MediationSource, F::Source, &r.source);
        c.cat(SetId::Risk, F::Risk, &r.risk);
        c.opt_cat(SetId::ReferralTarget, F::ReferralTarget, &r.referral_target);
        c.required(F::Summary, &r.summary);
        c.one_of(Msg::ExFieldState, &r.status, CASE_STATES);
        c.link(Msg::FieldLeader, &k.officers, r.leader_id);
        c.link(Msg::FieldVisit, &k.visits, r.visit_id);
        for d in [&r.accepted_on, &r.agreed_on, &r.referred_on, &r.closed_on] {
            c.opt_done_date(Msg::ExFieldDates, d);
        }
        for d in [&r.limit_on, &r.follow_up_on, &r.next_session_on] {
            c.opt_date(Msg::ExFieldDates, d);
        }
        for p in &r.parties {
            c.link(Msg::FieldParties, &k.people, p.entry_id);
            c.one_of(
                Msg::FieldParties,
                &p.role,
                &["applicant", "respondent", "other"],
            );
            c.one_of(
                Msg::FieldParties,
                &p.consent,
                &["pending", "given", "refused"],
            );
        }
        for s in &r.sessions {
            match s.held {
                true => c.done_date(Msg::ExFieldSessions, &s.date),
                false => _ = c.date(Msg::ExFieldSessions, &s.date),
            }
            c.link(Msg::ExFieldSessions, &k.visits, s.visit_id);
            for m in &s.mediators {
                c.link(Msg::MedMediators, &k.officers, Some(*m));
            }
        }
        for s in &r.steps {
            if !steps.insert(s.id) {
                c.fail_msg(Msg::ExFieldTimeline, Msg::ExDuplicateNumber);
            }
            c.date(Msg::ExFieldTimeline, &s.date);
        }
    }
}

fn care_ok(c: &mut Checker<'_>, doc: &Document, k: &Known) {
    let ids = c.ids(Msg::ExSecCare, doc.care_entries.iter().map(|r| r.id));
    drop(ids);
    for (i, r) in doc.care_entries.iter().enumerate() {
        c.at(Msg::ExSecCare, i, r.id);
        if !k.people.contains(&r.person_id) {
            c.fail_msg(Msg::FieldPerson, Msg::ExNoSuchRecord);
        }
        c.cat(SetId::CareGroup, F::Group, &r.care_group);
        c.required(F::Reason, &r.reason);
        if let Err(e) = v::range(F::CadenceDays, r.cadence_days, 1, 366) {
            c.field(&e);
        }
        c.date(Msg::FieldSince, &r.since);
        c.date(Msg::ExFieldDates, &r.next_due_on);
        c.opt_done_date(Msg::ExFieldDates, &r.last_visit_on);
    }
}
