//! The generator proper: builds the records in memory from one seeded RNG,
//! walks issue and mediation lifecycles through the domain functions (so
//! every state is reachable and consistent by construction), then writes
//! rows with explicit ids through cached prepared statements inside the
//! caller's transaction.

use super::names::{self as n, pick};
use super::{Size, Summary};
use crate::config::categories::{Categories, SetId};
use crate::domain::care::next_due;
use crate::domain::care::CareEntry;
use crate::domain::directory::DirectoryEntry;
use crate::domain::issue::{
    self as di, Answer, Assignment, Issue, IssueStatus, IssueStep, Measure,
};
use crate::domain::mediation::{
    self as dm, Agreement, CaseStatus, CaseStep, MediationCase, Outcome, Party, Referral, Role,
};
use crate::domain::officer::Officer;
use crate::domain::visit::{CARE, LAW, MEDIATION};
use crate::store::bulk::{Bulk, EvaluationRow, VisitRow, VisitState};
use crate::store::Result;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Weekday};
use fastrand::Rng;

/// How much of everything to make.
struct Plan {
    officers: usize,
    entries: usize,
    visits: usize,
    issues: usize,
    cases: usize,
    care: usize,
    /// The calendar spans `today - past_days ..= today + future_days`.
    past_days: i64,
    future_days: i64,
    /// Share (percent) of done visits that get an open-door evaluation.
    eval_pct: u8,
}

impl Plan {
    fn of(size: Size) -> Plan {
        match size {
            Size::Small => Plan {
                officers: 12,
                entries: 400,
                visits: 1_500,
                issues: 300,
                cases: 80,
                care: 60,
                past_days: 365,
                future_days: 30,
                eval_pct: 70,
            },
            Size::Large => Plan {
                officers: 40,
                entries: 50_000,
                visits: 1_000_000,
                issues: 200_000,
                cases: 20_000,
                care: 3_000,
                past_days: 3_652,
                future_days: 30,
                eval_pct: 60,
            },
        }
    }
}

/// Offered keys of every set the generator uses.
struct Keys {
    purpose: Vec<String>,
    form: Vec<String>,
    kind: Vec<String>,
    tag: Vec<String>,
    topic: Vec<String>,
    theme: Vec<String>,
    aspect: Vec<String>,
    dispute: Vec<String>,
    source: Vec<String>,
    referral: Vec<String>,
    risk: Vec<String>,
    care_group: Vec<String>,
    rating: Vec<String>,
    channel: Vec<String>,
    unit: Vec<String>,
    verification: Vec<String>,
    department: Vec<String>,
}

impl Keys {
    fn of(cats: &Categories) -> Keys {
        let k = |id| cats.keys(id);
        let mut purpose = k(SetId::Purpose);
        // Care and mediation visits carry these keys whatever the config says.
        for fixed in [CARE, MEDIATION] {
            if !purpose.iter().any(|p| p == fixed) {
                purpose.push(fixed.to_string());
            }
        }
        Keys {
            purpose,
            form: k(SetId::Form),
            kind: k(SetId::TargetKind),
            tag: k(SetId::VulnerableGroup),
            topic: k(SetId::Topic),
            theme: k(SetId::Theme),
            aspect: k(SetId::Aspect),
            dispute: k(SetId::DisputeKind),
            source: k(SetId::MediationSource),
            referral: k(SetId::ReferralTarget),
            risk: k(SetId::Risk),
            care_group: k(SetId::CareGroup),
            rating: k(SetId::Rating),
            channel: k(SetId::FeedbackChannel),
            unit: k(SetId::Unit),
            verification: k(SetId::Verification),
            department: k(SetId::Department),
        }
    }
}

fn index_of(keys: &[String], key: &str) -> Option<usize> {
    keys.iter().position(|k| k == key)
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + TimeDelta::days(n)
}

const PLANNED: u8 = 0;
const DONE: u8 = 1;
const CANCELLED: u8 = 2;

/// A visit kept compactly until ids are assigned in calendar order.
#[derive(Clone)]
struct VisitGen {
    date: NaiveDate,
    /// Minutes after midnight.
    minute: Option<u16>,
    duration: Option<u16>,
    target: Option<u32>,
    place: u8,
    form: u8,
    purposes: [u8; 2],
    np: u8,
    officers: [u16; 3],
    no: u8,
    status: u8,
    text: u8,
    reached: u16,
    /// Open-door evaluations are only asked at ordinary outreach visits.
    evaluable: bool,
}

struct EntryInfo {
    name: String,
    is_person: bool,
    tagged: bool,
}

struct CareGen {
    person: u32,
    group: usize,
    text: u8,
    cadence: u32,
    since: NaiveDate,
    last: Option<NaiveDate>,
    next: NaiveDate,
}

/// An issue to raise: when, where, and (for coverage) a forced scenario.
struct IssueSpec {
    raised_on: NaiveDate,
    visit: Option<u32>,
    anonymous: bool,
    forced: Option<(IssueStatus, bool)>,
}

struct Gen<'a> {
    rng: Rng,
    /// What issue 8 added to an issue's loop (verification, hand-over)
    /// draws from its own stream, so the rest of the demo stays as it was.
    side: Rng,
    cats: &'a Categories,
    keys: Keys,
    plan: Plan,
    today: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
    /// Officer ids by unit index, and the leaders.
    by_unit: Vec<Vec<u16>>,
    leaders: Vec<u16>,
    n_officers: u16,
    entries: Vec<EntryInfo>,
    persons: Vec<u32>,
    vulnerable: Vec<u32>,
    by_kind: Vec<Vec<u32>>,
    visits: Vec<VisitGen>,
    form_dispute: u8,
    form_ordinary: u8,
    p_care: u8,
    p_mediation: u8,
}

impl Gen<'_> {
    fn chance(&mut self, pct: u8) -> bool {
        self.rng.u8(..100) < pct
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.rng.u32(..total.max(1));
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    fn gap(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.i64(lo..=hi)
    }

    /// A day in `from..=to`, weekends half as likely.
    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        loop {
            let d = days(from, self.rng.i64(0..=span));
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            if !weekend || self.rng.bool() {
                return d;
            }
        }
    }

    fn officers(&mut self, k: usize) -> ([u16; 3], u8) {
        let mut out = [0u16; 3];
        let k = k.clamp(1, 3).min(usize::from(self.n_officers));
        let mut got = 0;
        while got < k {
            let o = self.rng.u16(1..=self.n_officers);
            if !out[..got].contains(&o) {
                out[got] = o;
                got += 1;
            }
        }
        (out, k as u8)
    }

    fn some_officers(&mut self) -> ([u16; 3], u8) {
        let k = 1 + self.weighted(&[45, 45, 10]);
        self.officers(k)
    }

    fn person(&mut self) -> u32 {
        self.persons[self.rng.usize(..self.persons.len())]
    }

    fn entry_of_kind(&mut self, kinds: &[&str]) -> Option<u32> {
        let k = kinds[self.rng.usize(..kinds.len())];
        let list = &self.by_kind[index_of(&self.keys.kind, k)?];
        if list.is_empty() {
            return None;
        }
        Some(list[self.rng.usize(..list.len())])
    }

    fn time(&mut self) -> (Option<u16>, Option<u16>) {
        if self.chance(75) {
            let m = 8 * 60 + 30 * self.rng.u16(0..20);
            (Some(m), Some(30 * self.rng.u16(1..=6)))
        } else {
            (None, None)
        }
    }

    fn push_visit(&mut self, v: VisitGen) -> u32 {
        self.visits.push(v);
        (self.visits.len() - 1) as u32
    }

    /// A done or planned single-purpose visit (care, mediation).
    fn simple_visit(
        &mut self,
        date: NaiveDate,
        (purpose, form): (u8, u8),
        target: Option<u32>,
        officers: ([u16; 3], u8),
        (status, reached): (u8, u16),
    ) -> u32 {
        let (minute, duration) = self.time();
        let text = self.rng.u8(..);
        let place = self.rng.u8(..n::PLACES.len() as u8);
        self.push_visit(VisitGen {
            date,
            minute,
            duration,
            target,
            place,
            form,
            purposes: [purpose, 0],
            np: 1,
            officers: officers.0,
            no: officers.1,
            status,
            text,
            reached,
            evaluable: false,
        })
    }
}

/// Generates and writes everything; returns the counts.
pub(super) fn run(
    w: &Bulk<'_>,
    cats: &Categories,
    size: Size,
    seed: u64,
    today: NaiveDate,
    os_user: &str,
) -> Result<Summary> {
    let plan = Plan::of(size);
    let keys = Keys::of(cats);
    let start = days(today, -plan.past_days);
    let end = days(today, plan.future_days);
    let form_ordinary = index_of(&keys.form, "ordinary").unwrap_or(0) as u8;
    let form_dispute = index_of(&keys.form, "dispute_parties").unwrap_or(0) as u8;
    let p_care = index_of(&keys.purpose, CARE).unwrap_or(0) as u8;
    let p_mediation = index_of(&keys.purpose, MEDIATION).unwrap_or(0) as u8;
    let mut g = Gen {
        rng: Rng::with_seed(seed),
        side: Rng::with_seed(seed ^ 0x6973_7375_6538),
        cats,
        keys,
        plan,
        today,
        start,
        end,
        by_unit: Vec::new(),
        leaders: Vec::new(),
        n_officers: 0,
        entries: Vec::new(),
        persons: Vec::new(),
        vulnerable: Vec::new(),
        by_kind: Vec::new(),
        visits: Vec::new(),
        form_dispute,
        form_ordinary,
        p_care,
        p_mediation,
    };
    let mut summary = Summary {
        officers: officers(&mut g, w, os_user)?,
        entries: directory(&mut g, w)?,
        ..Summary::default()
    };
    let care = care_list(&mut g);
    let cases = mediation_cases(&mut g)?;
    let done_general = general_visits(&mut g);

    // Ids in calendar order, so the file reads like a real station's.
    let mut order: Vec<u32> = (0..g.visits.len() as u32).collect();
    order.sort_by_key(|&i| {
        let v = &g.visits[i as usize];
        (v.date, v.minute.map_or(0, |m| m + 1), i)
    });
    let mut id_of = vec![0i64; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        id_of[i as usize] = pos as i64 + 1;
    }
    let (visits, evaluations) = write_visits(&g, w, &order, seed)?;
    summary.visits = visits;
    summary.evaluations = evaluations;
    summary.cases = write_cases(w, cases, &id_of)?;
    summary.issues = issues(&mut g, w, &done_general, &id_of)?;
    summary.care = write_care(&g, w, &care)?;
    Ok(summary)
}

fn officers(g: &mut Gen<'_>, w: &Bulk<'_>, os_user: &str) -> Result<usize> {
    let n = g.plan.officers;
    let units = g.keys.unit.len();
    g.by_unit = vec![Vec::new(); units];
    let n_leaders = if n >= 10 { 2 + n / 40 } else { 1 };
    for i in 0..n {
        let id = i as u16 + 1;
        let unit = i % units;
        let leader = i < n_leaders;
        let name = n::person(&mut g.rng);
        let badge = format!("03{:02}{:02}", unit + 1, i + 1);
        let phone = n::phone(&mut g.rng, 10, 0);
        let officer = Officer {
            name,
            badge,
            unit: g.keys.unit[unit].clone(),
            os_user: (i == 0).then(|| os_user.to_string()),
            phone,
            leader,
            active: true,
        };
        w.officer(i64::from(id), &officer)?;
        g.by_unit[unit].push(id);
        if leader {
            g.leaders.push(id);
        }
    }
    g.n_officers = n as u16;
    Ok(n)
}

fn directory(g: &mut Gen<'_>, w: &Bulk<'_>) -> Result<usize> {
    let n = g.plan.entries;
    let kinds = g.keys.kind.clone();
    let person = index_of(&kinds, "person");
    let household = index_of(&kinds, "household");
    g.by_kind = vec![Vec::new(); kinds.len()];
    let mut people_seen = 0usize;
    for i in 0..n {
        let id = i as u32 + 1;
        // Every kind at least once, then mostly people and households.
        let kind = if i < kinds.len() {
            i
        } else {
            match g.weighted(&[55, 20, 25]) {
                0 if person.is_some() => person.unwrap_or(0),
                1 if household.is_some() => household.unwrap_or(0),
                _ => g.rng.usize(..kinds.len()),
            }
        };
        let is_person = Some(kind) == person;
        let is_home = is_person || Some(kind) == household;
        let name = if is_person {
            n::person(&mut g.rng)
        } else {
            n::organisation(&mut g.rng, &kinds[kind])
        };
        let address = n::address(&mut g.rng);
        let phone = if is_home {
            n::phone(&mut g.rng, 15, 15)
        } else {
            n::phone(&mut g.rng, 60, 10)
        };
        let mut tags: Vec<usize> = Vec::new();
        if is_home && !g.keys.tag.is_empty() {
            if is_person && people_seen < g.keys.tag.len() {
                tags.push(people_seen);
            } else if g.chance(25) {
                tags.push(g.rng.usize(..g.keys.tag.len()));
                if g.chance(20) {
                    let t = g.rng.usize(..g.keys.tag.len());
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
            }
        }
        if is_person {
            people_seen += 1;
        }
        let notes = if tags.is_empty() {
            ""
        } else {
            pick(&mut g.rng, n::ENTRY_NOTES)
        };
        tags.sort_unstable();
        let entry = DirectoryEntry {
            retired: false,
            name,
            kind: kinds[kind].clone(),
            address,
            phone,
            tags: tags.iter().map(|t| g.keys.tag[*t].clone()).collect(),
            notes: notes.to_string(),
        };
        w.entry(i64::from(id), &entry)?;
        let name = entry.name;
        if is_home {
            g.persons.push(id);
        }
        if !tags.is_empty() {
            g.vulnerable.push(id);
        }
        g.by_kind[kind].push(id);
        g.entries.push(EntryInfo {
            name,
            is_person,
            tagged: !tags.is_empty(),
        });
    }
    if g.persons.is_empty() {
        g.persons = (1..=n as u32).collect();
    }
    if g.vulnerable.is_empty() {
        g.vulnerable = g.persons.clone();
    }
    Ok(n)
}

/// Care entries and their done care visits, so last visit and next due
/// vary; about a fifth are left overdue.
fn care_list(g: &mut Gen<'_>) -> Vec<CareGen> {
    let groups = g.keys.care_group.len();
    let mut pool = g.persons.clone();
    g.rng.shuffle(&mut pool);
    let n = g.plan.care.min(pool.len());
    let mut out = Vec::with_capacity(n);
    for (i, &person) in pool.iter().take(n).enumerate() {
        let group = if i < groups { i } else { g.rng.usize(..groups) };
        let cadence = [30, 60, 90, 180][if i < 4 { i } else { g.rng.usize(..4) }];
        let c = i64::from(cadence);
        // 0: kept up, 1: visits stopped (overdue), 2: never visited yet.
        let mode = match i {
            0 => 1,
            1 => 2,
            _ => g.weighted(&[72, 20, 8]),
        };
        let since = if mode == 2 {
            days(g.today, -g.gap(1, 45))
        } else {
            days(g.today, -g.gap(60, g.plan.past_days + 365))
        };
        let stop = match mode {
            0 => g.today,
            1 => days(g.today, -c - g.gap(5, 60)),
            _ => days(since, -1),
        };
        let mut last = None;
        let mut d = days(since.max(g.start), g.gap(0, c / 3));
        while d <= stop {
            let k = 1 + usize::from(g.chance(50));
            let officers = g.officers(k);
            let reached = g.rng.u16(1..=3);
            g.simple_visit(
                d,
                (g.p_care, g.form_ordinary),
                Some(person),
                officers,
                (DONE, reached),
            );
            last = Some(d);
            d = days(d, c + g.gap(-c / 10, c / 10));
        }
        let next = next_due(since, cadence, last);
        // Some entries already have their next visit on the calendar.
        if mode == 0 && next >= g.today && next <= g.end && g.chance(50) {
            let officers = g.officers(1);
            g.simple_visit(
                next,
                (g.p_care, g.form_ordinary),
                Some(person),
                officers,
                (PLANNED, 0),
            );
        }
        out.push(CareGen {
            person,
            group,
            text: g.rng.u8(..),
            cadence,
            since,
            last,
            next,
        });
    }
    out
}

/// A planned lifecycle for one case; `None` fields are drawn at random.
struct CaseSpec {
    received: NaiveDate,
    target: CaseStatus,
    outcome: Option<Outcome>,
    risk: Option<usize>,
    /// Session offsets (days) from acceptance.
    sessions: Option<Vec<i64>>,
}

fn case_target(g: &mut Gen<'_>, age: i64) -> (CaseStatus, Option<Outcome>) {
    use CaseStatus as S;
    if g.chance(6) && age >= 1 {
        return (S::Declined, Some(Outcome::Declined));
    }
    let states = [
        S::Received,
        S::Accepted,
        S::Agreement,
        S::NoAgreement,
        S::Referred,
        S::Closed,
    ];
    let w: &[u32] = match age {
        ..=2 => &[60, 40, 0, 0, 0, 0],
        3..=29 => &[10, 45, 15, 10, 10, 10],
        30..=89 => &[2, 10, 25, 5, 13, 45],
        _ => &[0, 0, 2, 1, 2, 95],
    };
    let s = states[g.weighted(w)];
    let outcome = (s == S::Closed).then(|| {
        if g.chance(60) {
            Outcome::Honoured
        } else {
            Outcome::ReferralConfirmed
        }
    });
    (s, outcome)
}

fn step(
    c: &MediationCase,
    s: &CaseStep,
    cats: &Categories,
    today: NaiveDate,
) -> Result<MediationCase> {
    Ok(dm::apply(c, s, cats, today)?)
}

/// Every case, its lifecycle walked through `domain::mediation::apply`;
/// sessions' and source visits' `visit_id`s hold local visit indexes until
/// ids are assigned.
fn mediation_cases(g: &mut Gen<'_>) -> Result<Vec<MediationCase>> {
    use CaseStatus as S;
    let risks = g.keys.risk.len();
    let t = g.today;
    let forced: Vec<CaseSpec> = [
        (1, S::Received, None, None),
        (2, S::Accepted, None, Some(vec![3])),
        (20, S::Accepted, None, Some(vec![3, 23])),
        (30, S::Agreement, None, Some(vec![3])),
        (20, S::NoAgreement, None, Some(vec![3])),
        (30, S::Referred, None, Some(vec![3])),
        (15, S::Declined, Some(Outcome::Declined), None),
        (100, S::Closed, Some(Outcome::Honoured), Some(vec![3])),
        (
            100,
            S::Closed,
            Some(Outcome::ReferralConfirmed),
            Some(vec![3]),
        ),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (age, target, outcome, sessions))| CaseSpec {
        received: days(t, -age),
        target,
        outcome,
        risk: Some(i % risks),
        sessions,
    })
    .collect();
    let n = g.plan.cases;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let spec = match forced.get(i) {
            Some(s) => CaseSpec {
                sessions: s.sessions.clone(),
                ..*s
            },
            None => {
                let received = g.day_between(g.start, g.today);
                let (target, outcome) = case_target(g, (g.today - received).num_days());
                CaseSpec {
                    received,
                    target,
                    outcome,
                    risk: None,
                    sessions: None,
                }
            }
        };
        out.push(one_case(g, &spec)?);
    }
    Ok(out)
}

fn one_case(g: &mut Gen<'_>, spec: &CaseSpec) -> Result<MediationCase> {
    use CaseStatus as S;
    let cats = g.cats;
    let tight = spec.sessions.is_some() || spec.risk.is_some();
    let kind = g.rng.usize(..g.keys.dispute.len());
    let kind_key = g.keys.dispute[kind].clone();
    let summary = pick(&mut g.rng, n::dispute_summaries(&kind_key)).to_string();
    let risk = match spec.risk {
        Some(r) => r,
        None if g.keys.risk.len() == 3 => g.weighted(&[45, 35, 20]),
        None => g.rng.usize(..g.keys.risk.len()),
    };
    let n_parties = if g.chance(75) { 2 } else { 3 };
    let mut parties = Vec::with_capacity(n_parties);
    for p in 0..n_parties {
        let role = [Role::Applicant, Role::Respondent, Role::Other][p];
        // One person is one party: draw again on a repeat (rare, so the
        // rest of the demo stays as it was).
        let party = loop {
            let (entry, name) = if g.chance(80) {
                let e = g.person();
                (Some(i64::from(e)), g.entries[e as usize - 1].name.clone())
            } else {
                (None, n::person(&mut g.rng))
            };
            let party = Party::new(entry, &name, role);
            if !parties.iter().any(|q: &Party| q.is_same_person(&party)) {
                break party;
            }
        };
        parties.push(party);
    }
    let mut c = MediationCase::received(
        spec.received,
        &kind_key,
        &summary,
        &g.keys.risk[risk],
        parties,
    );
    let target_entry = c.parties.iter().find_map(|p| p.entry_id).map(|e| e as u32);
    let source = g.rng.usize(..g.keys.source.len());
    c.source = g.keys.source[source].clone();
    if c.risk == cats.top_risk() && !g.leaders.is_empty() {
        c.leader_id = Some(i64::from(g.leaders[g.rng.usize(..g.leaders.len())]));
    }
    if c.source == "visit" {
        // Found on a visit: that visit is on the calendar too.
        let officers = g.some_officers();
        let v = g.simple_visit(
            spec.received,
            (g.p_mediation, g.form_ordinary),
            target_entry,
            officers,
            (DONE, n_parties as u16),
        );
        c.visit_id = Some(i64::from(v));
    }
    let c = c.validated(cats, None)?;
    let mut c = c;
    if spec.target == S::Received {
        if g.chance(50) {
            let on = spec.received;
            c = step(&c, &consent(0, true, on), cats, g.today)?;
        }
        return Ok(c);
    }
    let on = days(spec.received, if tight { 0 } else { g.gap(0, 3) });
    if on > g.today {
        return Ok(c);
    }
    let last_party = c.parties.len() - 1;
    for p in 0..last_party {
        c = step(&c, &consent(p, true, on), cats, g.today)?;
    }
    if spec.outcome == Some(Outcome::Declined) {
        let reason = pick(&mut g.rng, n::DECLINE_REASONS);
        let refuse = CaseStep::Consent {
            party: last_party,
            given: false,
            reason: reason.into(),
            on,
        };
        return step(&c, &refuse, cats, g.today);
    }
    c = step(&c, &consent(last_party, true, on), cats, g.today)?;
    let offsets = match &spec.sessions {
        Some(s) => s.clone(),
        None => {
            let k = 1 + g.weighted(&[50, 35, 15]);
            let mut d = g.gap(1, 7);
            let mut v = Vec::with_capacity(k);
            for _ in 0..k {
                v.push(d);
                d += g.gap(3, 10);
            }
            v
        }
    };
    let mut last_held = None;
    for off in offsets {
        let date = days(on, off);
        let mediators = {
            let k = 1 + usize::from(g.chance(40));
            let (o, k) = g.officers(k);
            o[..usize::from(k)]
                .iter()
                .map(|&m| i64::from(m))
                .collect::<Vec<_>>()
        };
        c = step(
            &c,
            &CaseStep::ScheduleSession {
                on: date,
                mediators: mediators.clone(),
            },
            cats,
            g.today,
        )?;
        let held = date < g.today;
        let mut o = [0u16; 3];
        for (slot, m) in o.iter_mut().zip(&mediators) {
            *slot = *m as u16;
        }
        let status = if held { DONE } else { PLANNED };
        let v = g.simple_visit(
            date,
            (g.p_mediation, g.form_dispute),
            target_entry,
            (o, mediators.len() as u8),
            (status, if held { c.parties.len() as u16 } else { 0 }),
        );
        let index = c.sessions.len() - 1;
        c.sessions[index].visit_id = Some(i64::from(v));
        if !held {
            break;
        }
        let rec = CaseStep::RecordSession {
            index,
            attendees: pick(&mut g.rng, n::ATTENDEES).into(),
            notes: pick(&mut g.rng, n::SESSION_NOTES).into(),
        };
        c = step(&c, &rec, cats, g.today)?;
        last_held = Some(date);
    }
    let Some(decided) = last_held else {
        return Ok(c);
    };
    if spec.target == S::Accepted || c.sessions.iter().any(|s| !s.held) {
        return Ok(c);
    }
    let agree = match spec.target {
        S::Agreement => true,
        S::Closed => spec.outcome == Some(Outcome::Honoured),
        _ => false,
    };
    if agree {
        let follow = days(decided, [15, 30, 30, 60][g.rng.usize(..4)]);
        let a = Agreement {
            terms: pick(&mut g.rng, n::AGREEMENT_TERMS).into(),
            on: decided,
            follow_up_on: if tight { days(decided, 30) } else { follow },
        };
        let follow_up = a.follow_up_on;
        c = step(&c, &CaseStep::Agree(a), cats, g.today)?;
        if spec.target == S::Closed && follow_up <= g.today {
            c = step(&c, &CaseStep::Close { on: follow_up }, cats, g.today)?;
        }
        return Ok(c);
    }
    c = step(&c, &CaseStep::NoAgreement, cats, g.today)?;
    if spec.target == S::NoAgreement {
        return Ok(c);
    }
    let referred = days(decided, if tight { 2 } else { g.gap(1, 5) });
    if referred > g.today {
        return Ok(c);
    }
    let r = Referral {
        target: g.keys.referral[g.rng.usize(..g.keys.referral.len())].clone(),
        on: referred,
        note: pick(&mut g.rng, n::REFERRAL_NOTES).into(),
    };
    c = step(&c, &CaseStep::Refer(r), cats, g.today)?;
    let closed = days(referred, if tight { 10 } else { g.gap(5, 30) });
    if spec.target == S::Closed && closed <= g.today {
        c = step(&c, &CaseStep::Close { on: closed }, cats, g.today)?;
    }
    Ok(c)
}

fn consent(party: usize, given: bool, on: NaiveDate) -> CaseStep {
    CaseStep::Consent {
        party,
        given,
        reason: String::new(),
        on,
    }
}

/// Ordinary outreach visits filling the calendar up to the planned total;
/// returns the local indexes of past done ones (where issues get raised).
fn general_visits(g: &mut Gen<'_>) -> Vec<u32> {
    let want = g.plan.visits.saturating_sub(g.visits.len());
    // Purposes other than care (care visits come from the care list).
    let purposes: Vec<u8> = (0..g.keys.purpose.len() as u8)
        .filter(|&p| p != g.p_care)
        .collect();
    let weights: Vec<u32> = purposes
        .iter()
        .map(|&p| match g.keys.purpose[usize::from(p)].as_str() {
            "warmth" | "safety" => 25,
            "law" | "service" => 20,
            "mediation" => 10,
            _ => 10,
        })
        .collect();
    let n_forms = g.keys.form.len() as u8;
    let form_keys = g.keys.form.clone();
    let purpose_keys = g.keys.purpose.clone();
    let mut done = Vec::with_capacity(want);
    g.visits.reserve(want);
    for i in 0..want {
        let date = g.day_between(g.start, g.end);
        let first = if i < purposes.len() {
            purposes[i]
        } else {
            purposes[g.weighted(&weights)]
        };
        let mut ps = [first, 0];
        let mut np = 1;
        if g.chance(30) {
            let second = purposes[g.weighted(&weights)];
            if second != first {
                ps[1] = second;
                np = 2;
            }
        }
        let form = if i < usize::from(n_forms) {
            i as u8
        } else if g.chance(80) {
            g.form_ordinary
        } else {
            g.rng.u8(..n_forms)
        };
        let form_key = form_keys[usize::from(form)].as_str();
        let purpose_key = purpose_keys[usize::from(first)].as_str();
        let target = match (form_key, purpose_key) {
            ("enterprises", _) => g.entry_of_kind(&["enterprise"]),
            ("leaders_deputies" | "volunteers" | "public_clues", _) => {
                g.entry_of_kind(&["community", "village"])
            }
            ("media", _) => None,
            (_, "warmth") => Some(g.vulnerable[g.rng.usize(..g.vulnerable.len())]),
            (_, "safety") => {
                if g.chance(12) {
                    None
                } else {
                    g.entry_of_kind(&[
                        "crowded_place",
                        "school",
                        "kindergarten",
                        "hospital",
                        "nursing_home",
                        "key_unit",
                        "hazardous_unit",
                        "high_rise",
                        "enterprise",
                    ])
                }
            }
            (_, "law") => g.entry_of_kind(&["school", "community", "village", "enterprise"]),
            _ => Some(g.person()),
        };
        let target = match target {
            None if form_key != "media" && !g.chance(50) => Some(g.person()),
            t => t,
        };
        let age = (g.today - date).num_days();
        let status = if age < 0 {
            PLANNED
        } else if age == 0 {
            if g.chance(30) {
                DONE
            } else {
                PLANNED
            }
        } else {
            let overdue_pct: u32 = match age {
                ..=30 => 100,
                31..=90 => 30,
                _ => 3,
            };
            let r = g.rng.u32(..1000);
            if r < overdue_pct {
                PLANNED
            } else if r < overdue_pct + 60 {
                CANCELLED
            } else {
                DONE
            }
        };
        let group = form != g.form_ordinary;
        let reached = match target {
            _ if group => g.rng.u16(8..80),
            Some(e) if g.entries[e as usize - 1].is_person => g.rng.u16(1..=3),
            Some(e) if g.entries[e as usize - 1].tagged => g.rng.u16(1..=5),
            Some(_) => g.rng.u16(3..=120),
            None => g.rng.u16(10..200),
        };
        let (minute, duration) = g.time();
        let officers = g.some_officers();
        let text = g.rng.u8(..);
        let place = g.rng.u8(..n::PLACES.len() as u8);
        let v = g.push_visit(VisitGen {
            date,
            minute,
            duration,
            target,
            place,
            form,
            purposes: ps,
            np,
            officers: officers.0,
            no: officers.1,
            status,
            text,
            reached,
            evaluable: true,
        });
        if status == DONE && age > 0 && target.is_some() {
            done.push(v);
        }
    }
    done
}

fn write_visits(g: &Gen<'_>, w: &Bulk<'_>, order: &[u32], seed: u64) -> Result<(usize, usize)> {
    // Evaluations draw from their own stream so their number does not
    // shift anything else.
    let mut rng = Rng::with_seed(seed ^ 0x6576_616c_7561_7465);
    // Handouts too, for the same reason.
    let mut hand = Rng::with_seed(seed ^ 0x6861_6e64_6f75_7473);
    let p_law = index_of(&g.keys.purpose, LAW).map(|i| i as u8);
    let times: Vec<NaiveTime> = (0..24 * 60)
        .map(|m| NaiveTime::from_num_seconds_from_midnight_opt(m * 60, 0).unwrap_or_default())
        .collect();
    let ratings = rating_keys(&g.keys.rating);
    let mut evals = 0usize;
    let mut rated: Vec<(&str, &str)> = Vec::with_capacity(g.keys.aspect.len());
    for (pos, &i) in order.iter().enumerate() {
        let id = pos as i64 + 1;
        let v = &g.visits[i as usize];
        let p0 = g.keys.purpose[usize::from(v.purposes[0])].as_str();
        let pool = n::missions(p0);
        let mission = pool[usize::from(v.text) % pool.len()];
        let state = match v.status {
            DONE => {
                let pool = n::outcomes(p0);
                VisitState::Done {
                    outcome: pool[usize::from(v.text) % pool.len()],
                    people_reached: u32::from(v.reached),
                }
            }
            CANCELLED => VisitState::Cancelled {
                reason: n::CANCEL_REASONS[usize::from(v.text) % n::CANCEL_REASONS.len()],
            },
            _ => VisitState::Planned,
        };
        let place = if v.target.is_none() {
            n::PLACES[usize::from(v.place) % n::PLACES.len()]
        } else {
            ""
        };
        let mut officers = [0i64; 3];
        for (slot, o) in officers.iter_mut().zip(&v.officers[..usize::from(v.no)]) {
            *slot = i64::from(*o);
        }
        let mut purposes = [""; 2];
        for (slot, p) in purposes.iter_mut().zip(&v.purposes[..usize::from(v.np)]) {
            *slot = g.keys.purpose[usize::from(*p)].as_str();
        }
        let evaluated = v.status == DONE && v.evaluable && rng.u8(..100) < g.plan.eval_pct;
        let h = handouts(&mut hand, v, p_law, g.p_care, evaluated);
        w.visit(&VisitRow {
            id,
            on: v.date,
            at: v.minute.map(|m| times[usize::from(m)]),
            duration_min: v.duration,
            target_id: v.target.map(i64::from),
            place,
            form: &g.keys.form[usize::from(v.form)],
            mission,
            state,
            officers: &officers[..usize::from(v.no)],
            purposes: &purposes[..usize::from(v.np)],
            materials: h.materials,
            sheets_out: h.sheets_out,
            gift: h.gift.map(|(g, _)| g),
            gift_fen: h.gift.map(|(_, f)| f),
        })?;
        if evaluated {
            evals += 1;
            let eid = evals as i64;
            let respondent = match v.target {
                Some(e) => {
                    let info = &g.entries[e as usize - 1];
                    match rng.u8(..4) {
                        0 => String::new(),
                        _ if info.is_person => info.name.clone(),
                        _ => n::person(&mut rng),
                    }
                }
                None => String::new(),
            };
            let comments = pick(&mut rng, n::EVAL_COMMENTS);
            rated.clear();
            let mut any = false;
            for (k, aspect) in g.keys.aspect.iter().enumerate() {
                let last = k + 1 == g.keys.aspect.len();
                if rng.u8(..100) < 75 || (last && !any) {
                    any = true;
                    let r = match rng.u8(..100) {
                        ..=83 => &ratings[0],
                        84..=96 => &ratings[1],
                        _ => &ratings[2],
                    };
                    rated.push((aspect.as_str(), r.as_str()));
                }
            }
            w.evaluation(&EvaluationRow {
                id: eid,
                visit_id: id,
                respondent: &respondent,
                comments,
                ratings: &rated,
            })?;
        }
    }
    Ok((order.len(), evals))
}

/// What a demo visit handed out.
struct DemoHandouts {
    materials: Option<u32>,
    sheets_out: Option<u32>,
    gift: Option<(&'static str, u32)>,
}

/// Handouts of a done visit: materials on most legal-publicity visits,
/// evaluation sheets wherever an evaluation was recorded (at least one
/// sheet per evaluation) and on some other visits, a gift on most care
/// visits. Nothing on a visit not done.
fn handouts(
    rng: &mut Rng,
    v: &VisitGen,
    p_law: Option<u8>,
    p_care: u8,
    evaluated: bool,
) -> DemoHandouts {
    let none = DemoHandouts {
        materials: None,
        sheets_out: None,
        gift: None,
    };
    if v.status != DONE {
        return none;
    }
    let has = |p: u8| v.purposes[..usize::from(v.np)].contains(&p);
    let reached = u32::from(v.reached).max(1);
    let materials = (p_law.is_some_and(has) && rng.u8(..100) < 85)
        .then(|| reached * rng.u32(1..=3) + rng.u32(0..20));
    let sheets_out = (evaluated || rng.u8(..100) < 20)
        .then(|| u32::from(evaluated) + rng.u32(0..=reached.min(30)));
    let gift = (has(p_care) && rng.u8(..100) < 80).then(|| n::GIFTS[rng.usize(..n::GIFTS.len())]);
    DemoHandouts {
        materials,
        sheets_out,
        gift,
    }
}

/// (satisfied, basically satisfied, dissatisfied), falling back on the
/// scale's order for a station's own keys.
fn rating_keys(keys: &[String]) -> [String; 3] {
    let find = |k: &str, i: usize| {
        index_of(keys, k)
            .map(|j| keys[j].clone())
            .unwrap_or_else(|| keys[i.min(keys.len() - 1)].clone())
    };
    [
        find("satisfied", 0),
        find("basically_satisfied", 1),
        find(di::DISSATISFIED, 2),
    ]
}

fn write_cases(w: &Bulk<'_>, cases: Vec<MediationCase>, id_of: &[i64]) -> Result<usize> {
    // Ids (and reference numbers) in the order the cases came in.
    let mut cases = cases;
    cases.sort_by_key(|c| c.received_on);
    for (i, c) in cases.iter().enumerate() {
        w.case(i as i64 + 1, c, |l| id_of[l as usize])?;
    }
    Ok(cases.len())
}

fn issue_target(g: &mut Gen<'_>, age: i64) -> IssueStatus {
    use IssueStatus as S;
    let states = [
        S::New,
        S::Assigned,
        S::Rectifying,
        S::Rectified,
        S::Answered,
        S::Closed,
    ];
    let w: &[u32] = match age {
        ..=1 => &[60, 30, 10, 0, 0, 0],
        2..=7 => &[10, 25, 35, 15, 10, 5],
        8..=30 => &[2, 8, 25, 15, 15, 35],
        31..=90 => &[0, 3, 7, 5, 10, 75],
        _ => &[0, 5, 15, 10, 10, 960],
    };
    states[g.weighted(w)]
}

/// Raises every issue (sorted by date, so reference serials run in
/// order), walks it through `domain::issue::apply` and writes it with its
/// timeline.
fn issues(g: &mut Gen<'_>, w: &Bulk<'_>, done: &[u32], id_of: &[i64]) -> Result<usize> {
    use IssueStatus as S;
    let t = g.today;
    let forced = [
        (1, S::New, false, false),
        (0, S::Assigned, false, false),
        (25, S::Assigned, false, false),
        (30, S::Rectifying, false, false),
        (20, S::Rectified, false, false),
        (20, S::Answered, false, false),
        (60, S::Closed, false, false),
        (120, S::Closed, true, false),
        (90, S::Rectifying, true, false),
        (50, S::Closed, false, true),
        (5, S::Rectifying, false, true),
    ];
    let mut specs: Vec<IssueSpec> = Vec::with_capacity(g.plan.issues);
    for (i, &(age, status, reopen, anonymous)) in forced.iter().enumerate() {
        if i >= g.plan.issues {
            break;
        }
        specs.push(IssueSpec {
            raised_on: days(t, -age),
            visit: None,
            anonymous,
            forced: Some((status, reopen)),
        });
    }
    while specs.len() < g.plan.issues {
        let visit = (!done.is_empty() && g.chance(65)).then(|| done[g.rng.usize(..done.len())]);
        let raised_on = match visit {
            Some(v) => g.visits[v as usize].date,
            None => g.day_between(g.start, g.today),
        };
        specs.push(IssueSpec {
            raised_on,
            visit,
            anonymous: g.chance(10),
            forced: None,
        });
    }
    specs.sort_by_key(|s| s.raised_on);

    for (k, spec) in specs.iter().enumerate() {
        let (issue, path) = walk_issue(g, spec, id_of)?;
        w.issue(k as i64 + 1, &issue, &path)?;
    }
    Ok(specs.len())
}

/// One issue's loop: the full path (with a reopen cycle sometimes), cut
/// at the target state and at today.
fn walk_issue(
    g: &mut Gen<'_>,
    spec: &IssueSpec,
    id_of: &[i64],
) -> Result<(Issue, Vec<(IssueStep, NaiveDate)>)> {
    use IssueStatus as S;
    let cats = g.cats;
    let tight = spec.forced.is_some();
    let topic = g.keys.topic[g.rng.usize(..g.keys.topic.len())].clone();
    let mut issue = Issue::new(
        spec.raised_on,
        &topic,
        pick(&mut g.rng, n::issue_summaries(&topic)),
    );
    issue.details = pick(&mut g.rng, n::ISSUE_DETAILS).into();
    issue.anonymous = spec.anonymous;
    if let Some(v) = spec.visit {
        issue.visit_id = Some(id_of[v as usize]);
        if !spec.anonymous {
            issue.raiser_id = g.visits[v as usize].target.map(i64::from);
        }
    } else if !spec.anonymous && g.chance(80) {
        issue.raiser_id = Some(i64::from(g.person()));
    }
    if !spec.anonymous && issue.raiser_id.is_none() {
        // A named issue has its raiser; chosen without the generator so
        // the rest of the demo stays as it was.
        let k = spec.raised_on.num_days_from_ce().unsigned_abs() as usize;
        issue.raiser_id = Some(i64::from(g.persons[k % g.persons.len()]));
    }
    issue.close_deadline = Some(issue.default_close_deadline(cats.close_days(&topic)));
    let issue = issue.validated(cats, None, g.today)?;
    let age = (g.today - spec.raised_on).num_days();
    let (mut target, reopen) = match spec.forced {
        Some(f) => f,
        None => {
            let t = issue_target(g, age);
            (t, !spec.anonymous && g.chance(8))
        }
    };
    if spec.anonymous && target == S::Answered {
        target = S::Rectified;
    }
    let reopen = reopen && !spec.anonymous;
    if target == S::New {
        return Ok((issue, Vec::new()));
    }

    // The full path with its dates.
    let dd = i64::from(cats.deadline_days(&topic));
    let unit = g.rng.usize(..g.keys.unit.len());
    let officer = {
        let list = &g.by_unit[unit];
        if list.is_empty() {
            g.rng.u16(1..=g.n_officers)
        } else {
            list[g.rng.usize(..list.len())]
        }
    };
    let r = |g: &mut Gen<'_>, lo: i64, hi: i64| if tight { lo } else { g.gap(lo, hi) };
    let assigned = days(spec.raised_on, r(g, 0, 2));
    let deadline = days(spec.raised_on, dd);
    let started = days(assigned, r(g, 0, 2));
    let rectified = if !tight && g.chance(15) {
        days(deadline, g.gap(1, 10))
    } else {
        let room = (deadline - started).num_days().max(1);
        days(started, r(g, 1, room))
    };
    let mut path: Vec<(IssueStep, NaiveDate)> = Vec::with_capacity(9);
    path.push((
        IssueStep::Assign(Assignment {
            unit: g.keys.unit[unit].clone(),
            officer_id: i64::from(officer),
            deadline,
        }),
        assigned,
    ));
    path.push((IssueStep::StartRectifying { on: started }, started));
    let side_steps = side_steps(g, &issue, started, rectified.max(started));
    let measure = |g: &mut Gen<'_>, on: NaiveDate| {
        let theme = g
            .chance(70)
            .then(|| g.keys.theme[g.rng.usize(..g.keys.theme.len())].clone());
        IssueStep::Rectify(Measure {
            text: pick(&mut g.rng, n::measures(&topic)).into(),
            theme,
            on,
        })
    };
    let answer = |g: &mut Gen<'_>, on: NaiveDate| {
        IssueStep::Answer(Answer {
            channel: g.keys.channel[g.rng.usize(..g.keys.channel.len())].clone(),
            on,
            by: i64::from(officer),
            text: pick(&mut g.rng, n::ANSWERS).into(),
        })
    };
    let ratings = rating_keys(&g.keys.rating);
    let content = |g: &mut Gen<'_>| {
        if g.chance(82) {
            ratings[0].clone()
        } else {
            ratings[1].clone()
        }
    };
    path.extend(side_steps);
    path.push((measure(g, rectified), rectified));
    if spec.anonymous {
        let closed = days(rectified, r(g, 0, 3));
        path.push((IssueStep::CloseAnonymous { on: closed }, closed));
    } else {
        let answered = days(rectified, r(g, 1, 3));
        path.push((answer(g, answered), answered));
        let rated = days(answered, r(g, 1, 7));
        let first = if reopen {
            di::DISSATISFIED.to_string()
        } else {
            content(g)
        };
        path.push((
            IssueStep::Rate {
                rating: first,
                on: rated,
                reason: String::new(),
            },
            rated,
        ));
        if reopen {
            let again = days(rated, r(g, 3, 15));
            path.push((measure(g, again), again));
            let answered = days(again, r(g, 1, 3));
            path.push((answer(g, answered), answered));
            let rated = days(answered, r(g, 1, 7));
            let rating = content(g);
            path.push((
                IssueStep::Rate {
                    rating,
                    on: rated,
                    reason: String::new(),
                },
                rated,
            ));
        }
    }

    // Walk it, keeping the issue as of the last step that reaches the target.
    let mut states = Vec::with_capacity(path.len());
    let mut cur = issue.clone();
    for (s, on) in &path {
        if *on > g.today {
            break;
        }
        cur = di::apply(&cur, s, cats, g.today)?;
        states.push(cur.clone());
    }
    let stop = states.iter().rposition(|i| i.status == target);
    let taken = match stop {
        Some(k) => k + 1,
        // Cut short by today: keep as far as the dates allow, but never
        // past the target's place in the loop.
        None => states
            .iter()
            .position(|i| i.status.rank() > target.rank())
            .unwrap_or(states.len()),
    };
    let end = if taken == 0 {
        issue
    } else {
        states.swap_remove(taken - 1)
    };
    path.truncate(taken);
    Ok((end, path))
}

/// Steps beside the loop while an issue is rectified (between `from` and
/// `to`): about half of conduct and integrity complaints are verified,
/// about one issue in twenty is handed over to an outside department, and
/// most hand-overs get their reply.
fn side_steps(
    g: &mut Gen<'_>,
    issue: &Issue,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(IssueStep, NaiveDate)> {
    let span = (to - from).num_days().max(0);
    let mut out = Vec::new();
    let rng = &mut g.side;
    let day = |rng: &mut Rng, after: NaiveDate| days(after, rng.i64(0..=span)).min(to);
    if issue.is_verified_topic() && !g.keys.verification.is_empty() && rng.bool() {
        let on = day(rng, from);
        let keys = &g.keys.verification;
        let result = keys[rng.usize(..keys.len())].clone();
        let note = n::VERIFY_NOTES[rng.usize(..n::VERIFY_NOTES.len())].to_string();
        out.push((IssueStep::Verify { result, on, note }, on));
    }
    if !g.keys.department.is_empty() && rng.u8(..100) < 5 {
        let on = day(rng, from);
        let keys = &g.keys.department;
        let department = keys[rng.usize(..keys.len())].clone();
        let note = n::HANDOVER_NOTES[rng.usize(..n::HANDOVER_NOTES.len())].to_string();
        out.push((
            IssueStep::HandOver {
                department,
                on,
                note,
            },
            on,
        ));
        if rng.u8(..100) < 80 {
            let replied = day(rng, on);
            let reply = n::HANDOVER_REPLIES[rng.usize(..n::HANDOVER_REPLIES.len())].to_string();
            out.push((IssueStep::HandoverReply { reply, on: replied }, replied));
        }
    }
    // The timeline reads in date order.
    out.sort_by_key(|(_, on)| *on);
    out
}

trait Rank {
    fn rank(self) -> usize;
}

impl Rank for IssueStatus {
    fn rank(self) -> usize {
        IssueStatus::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
    }
}

fn write_care(g: &Gen<'_>, w: &Bulk<'_>, care: &[CareGen]) -> Result<usize> {
    for (i, c) in care.iter().enumerate() {
        let group = &g.keys.care_group[c.group];
        let reasons = n::care_reasons(group);
        let t = usize::from(c.text);
        let entry = CareEntry {
            person_id: i64::from(c.person),
            group: group.clone(),
            reason: reasons[t % reasons.len()].to_string(),
            needs: n::CARE_NEEDS[t % n::CARE_NEEDS.len()].to_string(),
            help_given: n::CARE_HELP[(t / 7) % n::CARE_HELP.len()].to_string(),
            cadence_days: c.cadence,
            since: c.since,
            active: true,
        };
        w.care(i as i64 + 1, &entry, c.last, c.next)?;
    }
    Ok(care.len())
}
