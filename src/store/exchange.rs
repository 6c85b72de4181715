//! The SQL of the full dump and of import (docs/EXCHANGE.md): every
//! table read page by page (keyset on id; one query per child table per
//! page, never one per row), and the rows written back exactly, in one
//! IMMEDIATE transaction. The row shapes are the dump's records.

use super::sql::Cell;
use super::{audit, schema, Result, Store};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Version and who created and last changed a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficerRec {
    pub id: i64,
    pub name: String,
    pub badge: String,
    pub unit: String,
    pub os_user: Option<String>,
    pub phone: String,
    pub leader: bool,
    pub active: bool,
    #[serde(flatten)]
    pub meta: Meta,
}

/// The days one tag held (`to` open while it still holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagSpan {
    pub tag: String,
    pub from: String,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRec {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub phone: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub tag_spans: Vec<TagSpan>,
    pub retired_on: Option<String>,
    pub merged_into: Option<i64>,
    #[serde(flatten)]
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRec {
    pub aspect: String,
    pub rating: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRec {
    pub id: i64,
    pub respondent: String,
    pub comments: String,
    pub ratings: Vec<RatingRec>,
    #[serde(flatten)]
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRec {
    pub id: i64,
    pub date: String,
    pub time: Option<String>,
    pub duration_min: Option<i64>,
    pub target_id: Option<i64>,
    pub place: String,
    pub form: String,
    pub mission: String,
    pub status: String,
    pub outcome: Option<String>,
    pub people_reached: Option<i64>,
    pub cancel_reason: Option<String>,
    pub materials: Option<i64>,
    pub sheets_out: Option<i64>,
    pub gift: Option<String>,
    pub gift_fen: Option<i64>,
    pub officers: Vec<i64>,
    pub purposes: Vec<String>,
    pub evaluations: Vec<EvaluationRec>,
    #[serde(flatten)]
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueStepRec {
    pub id: i64,
    pub step: String,
    pub date: String,
    pub officer_id: Option<i64>,
    pub unit: Option<String>,
    pub deadline: Option<String>,
    pub category: Option<String>,
    pub text: String,
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueRec {
    pub id: i64,
    pub reference: String,
    pub ref_year: i64,
    pub ref_serial: i64,
    pub raised_on: String,
    pub topic: String,
    pub summary: String,
    pub details: String,
    pub raiser_id: Option<i64>,
    pub anonymous: bool,
    pub visit_id: Option<i64>,
    pub status: String,
    pub unit: Option<String>,
    pub responsible_id: Option<i64>,
    pub deadline: Option<String>,
    pub measure: Option<String>,
    pub theme: Option<String>,
    pub rectified_on: Option<String>,
    pub answer_channel: Option<String>,
    pub answered_on: Option<String>,
    pub answered_by: Option<i64>,
    pub answer_text: Option<String>,
    pub rating: Option<String>,
    pub reopened: bool,
    pub closed_on: Option<String>,
    pub close_deadline: Option<String>,
    pub verification: Option<String>,
    pub handed_to: Option<String>,
    pub handed_on: Option<String>,
    pub handover_reply: Option<String>,
    pub handover_reply_on: Option<String>,
    pub steps: Vec<IssueStepRec>,
    #[serde(flatten)]
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyRec {
    pub seq: i64,
    pub entry_id: Option<i64>,
    pub name: String,
    pub role: String,
    pub consent: String,
    pub extension_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRec {
    pub seq: i64,
    pub date: String,
    /// Officer ids in their order.
    pub mediators: Vec<i64>,
    pub attendees: String,
    pub notes: String,
    pub held: bool,
    pub visit_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStepRec {
    pub id: i64,
    pub step: String,
    pub date: String,
    pub text: String,
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRec {
    pub id: i64,
    pub reference: Option<String>,
    pub ref_year: Option<i64>,
    pub ref_serial: Option<i64>,
    pub received_on: String,
    pub kind: String,
    pub summary: String,
    pub source: String,
    pub risk: String,
    pub leader_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub status: String,
    pub accepted_on: Option<String>,
    pub limit_on: Option<String>,
    pub extended_days: Option<i64>,
    pub agreement_terms: Option<String>,
    pub agreed_on: Option<String>,
    pub follow_up_on: Option<String>,
    pub referral_target: Option<String>,
    pub referred_on: Option<String>,
    pub referral_note: Option<String>,
    pub outcome: Option<String>,
    pub decline_reason: String,
    pub closed_on: Option<String>,
    pub next_session_on: Option<String>,
    pub parties: Vec<PartyRec>,
    pub sessions: Vec<SessionRec>,
    pub steps: Vec<CaseStepRec>,
    #[serde(flatten)]
    pub meta: Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareRec {
    pub id: i64,
    pub person_id: i64,
    pub care_group: String,
    pub reason: String,
    pub needs: String,
    pub help_given: String,
    pub cadence_days: i64,
    pub since: String,
    pub active: bool,
    pub last_visit_on: Option<String>,
    pub next_due_on: String,
    #[serde(flatten)]
    pub meta: Meta,
}

/// Every record of a dump, as read back from a file for import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub station_code: String,
    pub officers: Vec<OfficerRec>,
    pub people: Vec<PersonRec>,
    pub visits: Vec<VisitRec>,
    pub issues: Vec<IssueRec>,
    pub mediation_cases: Vec<CaseRec>,
    pub care_entries: Vec<CareRec>,
}

/// A directory entry or planned visit read from a spreadsheet: validated
/// already, written with an audit entry each ("import").
#[derive(Debug, Clone)]
pub enum Imported {
    Entry(crate::domain::directory::DirectoryEntry),
    Visit(crate::domain::visit::Visit),
}

/// Ids with names, in id order.
pub type Names = Vec<(i64, String)>;

const META: &str = "version, created_at, created_by, updated_at, updated_by";

fn meta(r: &Row<'_>, at: usize) -> rusqlite::Result<Meta> {
    Ok(Meta {
        version: r.cell(at)?,
        created_at: r.cell(at + 1)?,
        created_by: r.cell(at + 2)?,
        updated_at: r.cell(at + 3)?,
        updated_by: r.cell(at + 4)?,
    })
}

/// Rows of `sql` (bound to the page's id range) grouped by their first
/// column, the parent id.
fn children<T>(
    conn: &Connection,
    sql: &str,
    after: i64,
    last: i64,
    f: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<i64, Vec<T>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    let mut rows = stmt.query(params![after, last])?;
    while let Some(r) = rows.next()? {
        out.entry(r.cell(0)?).or_default().push(f(r)?);
    }
    Ok(out)
}

fn page<T>(
    conn: &Connection,
    sql: &str,
    after: i64,
    limit: usize,
    f: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![after, limit], f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The station code the dump names (the file's, else the configured one).
    pub fn exchange_station_code(&self) -> Result<String> {
        Ok(self
            .setting("station_code")?
            .unwrap_or_else(|| self.station_code.clone()))
    }

    /// Officers with id > `after`, at most `limit`, by id.
    pub fn dump_officers(&self, after: i64, limit: usize) -> Result<Vec<OfficerRec>> {
        let sql = format!(
            "SELECT id, name, badge, unit, os_user, phone, leader, active, {META}
             FROM officers WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        page(&self.conn, &sql, after, limit, |r| {
            Ok(OfficerRec {
                id: r.cell(0)?,
                name: r.cell(1)?,
                badge: r.cell(2)?,
                unit: r.cell(3)?,
                os_user: r.cell(4)?,
                phone: r.cell(5)?,
                leader: r.cell(6)?,
                active: r.cell(7)?,
                meta: meta(r, 8)?,
            })
        })
    }

    /// Directory entries with their tags and tag spans.
    pub fn dump_people(&self, after: i64, limit: usize) -> Result<Vec<PersonRec>> {
        let sql = format!(
            "SELECT id, name, kind, address, phone, notes, retired_on, merged_into, {META}
             FROM directory WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        let mut out = page(&self.conn, &sql, after, limit, |r| {
            Ok(PersonRec {
                id: r.cell(0)?,
                name: r.cell(1)?,
                kind: r.cell(2)?,
                address: r.cell(3)?,
                phone: r.cell(4)?,
                notes: r.cell(5)?,
                tags: Vec::new(),
                tag_spans: Vec::new(),
                retired_on: r.cell(6)?,
                merged_into: r.cell(7)?,
                meta: meta(r, 8)?,
            })
        })?;
        let Some(last) = out.last().map(|p| p.id) else {
            return Ok(out);
        };
        let mut tags = children(
            &self.conn,
            "SELECT entry_id, tag FROM directory_tags WHERE entry_id > ?1 AND entry_id <= ?2
             ORDER BY entry_id, tag",
            after,
            last,
            |r| r.cell::<_, String>(1),
        )?;
        let mut spans = children(
            &self.conn,
            "SELECT entry_id, tag, from_on, to_on FROM directory_tag_spans
             WHERE entry_id > ?1 AND entry_id <= ?2 ORDER BY entry_id, tag, from_on",
            after,
            last,
            |r| {
                Ok(TagSpan {
                    tag: r.cell(1)?,
                    from: r.cell(2)?,
                    to: r.cell(3)?,
                })
            },
        )?;
        for p in &mut out {
            p.tags = tags.remove(&p.id).unwrap_or_default();
            p.tag_spans = spans.remove(&p.id).unwrap_or_default();
        }
        Ok(out)
    }

    /// Visits with officers, purposes and evaluations (with ratings).
    pub fn dump_visits(&self, after: i64, limit: usize) -> Result<Vec<VisitRec>> {
        let sql = format!(
            "SELECT id, on_date, at_time, duration_min, target_id, place, form, mission, status,
                    outcome, people_reached, cancel_reason, materials, sheets_out, gift, gift_fen,
                    {META}
             FROM visits WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        let mut out = page(&self.conn, &sql, after, limit, |r| {
            Ok(VisitRec {
                id: r.cell(0)?,
                date: r.cell(1)?,
                time: r.cell(2)?,
                duration_min: r.cell(3)?,
                target_id: r.cell(4)?,
                place: r.cell(5)?,
                form: r.cell(6)?,
                mission: r.cell(7)?,
                status: r.cell(8)?,
                outcome: r.cell(9)?,
                people_reached: r.cell(10)?,
                cancel_reason: r.cell(11)?,
                materials: r.cell(12)?,
                sheets_out: r.cell(13)?,
                gift: r.cell(14)?,
                gift_fen: r.cell(15)?,
                officers: Vec::new(),
                purposes: Vec::new(),
                evaluations: Vec::new(),
                meta: meta(r, 16)?,
            })
        })?;
        let Some(last) = out.last().map(|v| v.id) else {
            return Ok(out);
        };
        let c = &self.conn;
        let mut officers = children(
            c,
            "SELECT visit_id, officer_id FROM visit_officers WHERE visit_id > ?1 AND visit_id <= ?2
             ORDER BY visit_id, officer_id",
            after,
            last,
            |r| r.cell::<_, i64>(1),
        )?;
        let mut purposes = children(
            c,
            "SELECT visit_id, purpose FROM visit_purposes WHERE visit_id > ?1 AND visit_id <= ?2
             ORDER BY visit_id, purpose",
            after,
            last,
            |r| r.cell::<_, String>(1),
        )?;
        let mut ratings = children(
            c,
            "SELECT r.evaluation_id, r.aspect, r.rating FROM evaluation_ratings r
             JOIN evaluations e ON e.id = r.evaluation_id
             WHERE e.visit_id > ?1 AND e.visit_id <= ?2 ORDER BY r.evaluation_id, r.aspect",
            after,
            last,
            |r| {
                Ok(RatingRec {
                    aspect: r.cell(1)?,
                    rating: r.cell(2)?,
                })
            },
        )?;
        let mut evaluations = children(
            c,
            &format!(
                "SELECT visit_id, id, respondent, comments, {META} FROM evaluations
                 WHERE visit_id > ?1 AND visit_id <= ?2 ORDER BY visit_id, id"
            ),
            after,
            last,
            |r| {
                Ok(EvaluationRec {
                    id: r.cell(1)?,
                    respondent: r.cell(2)?,
                    comments: r.cell(3)?,
                    ratings: Vec::new(),
                    meta: meta(r, 4)?,
                })
            },
        )?;
        for v in &mut out {
            v.officers = officers.remove(&v.id).unwrap_or_default();
            v.purposes = purposes.remove(&v.id).unwrap_or_default();
            v.evaluations = evaluations.remove(&v.id).unwrap_or_default();
            for e in &mut v.evaluations {
                e.ratings = ratings.remove(&e.id).unwrap_or_default();
            }
        }
        Ok(out)
    }

    /// Issues with every column and their timelines.
    pub fn dump_issues(&self, after: i64, limit: usize) -> Result<Vec<IssueRec>> {
        let sql = format!(
            "SELECT id, reference, ref_year, ref_serial, raised_on, topic, summary, details,
                    raiser_id, anonymous, visit_id, status, unit, responsible_id, deadline,
                    measure, theme, rectified_on, answer_channel, answered_on, answered_by,
                    answer_text, rating, reopened, closed_on, close_deadline, verification,
                    handed_to, handed_on, handover_reply, handover_reply_on, {META}
             FROM issues WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        let mut out = page(&self.conn, &sql, after, limit, |r| {
            Ok(IssueRec {
                id: r.cell(0)?,
                reference: r.cell(1)?,
                ref_year: r.cell(2)?,
                ref_serial: r.cell(3)?,
                raised_on: r.cell(4)?,
                topic: r.cell(5)?,
                summary: r.cell(6)?,
                details: r.cell(7)?,
                raiser_id: r.cell(8)?,
                anonymous: r.cell(9)?,
                visit_id: r.cell(10)?,
                status: r.cell(11)?,
                unit: r.cell(12)?,
                responsible_id: r.cell(13)?,
                deadline: r.cell(14)?,
                measure: r.cell(15)?,
                theme: r.cell(16)?,
                rectified_on: r.cell(17)?,
                answer_channel: r.cell(18)?,
                answered_on: r.cell(19)?,
                answered_by: r.cell(20)?,
                answer_text: r.cell(21)?,
                rating: r.cell(22)?,
                reopened: r.cell(23)?,
                closed_on: r.cell(24)?,
                close_deadline: r.cell(25)?,
                verification: r.cell(26)?,
                handed_to: r.cell(27)?,
                handed_on: r.cell(28)?,
                handover_reply: r.cell(29)?,
                handover_reply_on: r.cell(30)?,
                steps: Vec::new(),
                meta: meta(r, 31)?,
            })
        })?;
        let Some(last) = out.last().map(|i| i.id) else {
            return Ok(out);
        };
        let mut steps = children(
            &self.conn,
            "SELECT issue_id, id, step, on_date, officer_id, unit, deadline, category, text, at, by
             FROM issue_steps WHERE issue_id > ?1 AND issue_id <= ?2 ORDER BY issue_id, id",
            after,
            last,
            |r| {
                Ok(IssueStepRec {
                    id: r.cell(1)?,
                    step: r.cell(2)?,
                    date: r.cell(3)?,
                    officer_id: r.cell(4)?,
                    unit: r.cell(5)?,
                    deadline: r.cell(6)?,
                    category: r.cell(7)?,
                    text: r.cell(8)?,
                    at: r.cell(9)?,
                    by: r.cell(10)?,
                })
            },
        )?;
        for i in &mut out {
            i.steps = steps.remove(&i.id).unwrap_or_default();
        }
        Ok(out)
    }

    /// Mediation cases with parties, sessions (and mediators) and timeline.
    pub fn dump_cases(&self, after: i64, limit: usize) -> Result<Vec<CaseRec>> {
        let sql = format!(
            "SELECT id, reference, ref_year, ref_serial, received_on, kind, summary, source, risk,
                    leader_id, visit_id, status, accepted_on, limit_on, extended_days,
                    agreement_terms, agreed_on, follow_up_on, referral_target, referred_on,
                    referral_note, outcome, decline_reason, closed_on, next_session_on, {META}
             FROM mediation_cases WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        let mut out = page(&self.conn, &sql, after, limit, |r| {
            Ok(CaseRec {
                id: r.cell(0)?,
                reference: r.cell(1)?,
                ref_year: r.cell(2)?,
                ref_serial: r.cell(3)?,
                received_on: r.cell(4)?,
                kind: r.cell(5)?,
                summary: r.cell(6)?,
                source: r.cell(7)?,
                risk: r.cell(8)?,
                leader_id: r.cell(9)?,
                visit_id: r.cell(10)?,
                status: r.cell(11)?,
                accepted_on: r.cell(12)?,
                limit_on: r.cell(13)?,
                extended_days: r.cell(14)?,
                agreement_terms: r.cell(15)?,
                agreed_on: r.cell(16)?,
                follow_up_on: r.cell(17)?,
                referral_target: r.cell(18)?,
                referred_on: r.cell(19)?,
                referral_note: r.cell(20)?,
                outcome: r.cell(21)?,
                decline_reason: r.cell(22)?,
                closed_on: r.cell(23)?,
                next_session_on: r.cell(24)?,
                parties: Vec::new(),
                sessions: Vec::new(),
                steps: Vec::new(),
                meta: meta(r, 25)?,
            })
        })?;
        let Some(last) = out.last().map(|c| c.id) else {
            return Ok(out);
        };
        let c = &self.conn;
        let mut parties = children(
            c,
            "SELECT case_id, seq, entry_id, name, role, consent, extension_consent
             FROM mediation_parties WHERE case_id > ?1 AND case_id <= ?2 ORDER BY case_id, seq",
            after,
            last,
            |r| {
                Ok(PartyRec {
                    seq: r.cell(1)?,
                    entry_id: r.cell(2)?,
                    name: r.cell(3)?,
                    role: r.cell(4)?,
                    consent: r.cell(5)?,
                    extension_consent: r.cell(6)?,
                })
            },
        )?;
        let mut mediators = children(
            c,
            "SELECT case_id, seq, officer_id FROM mediation_session_mediators
             WHERE case_id > ?1 AND case_id <= ?2 ORDER BY case_id, seq, pos",
            after,
            last,
            |r| Ok((r.cell::<_, i64>(1)?, r.cell::<_, i64>(2)?)),
        )?;
        let mut sessions = children(
            c,
            "SELECT case_id, seq, on_date, attendees, notes, held, visit_id
             FROM mediation_sessions WHERE case_id > ?1 AND case_id <= ?2 ORDER BY case_id, seq",
            after,
            last,
            |r| {
                Ok(SessionRec {
                    seq: r.cell(1)?,
                    date: r.cell(2)?,
                    mediators: Vec::new(),
                    attendees: r.cell(3)?,
                    notes: r.cell(4)?,
                    held: r.cell(5)?,
                    visit_id: r.cell(6)?,
                })
            },
        )?;
        let mut steps = children(
            c,
            "SELECT case_id, id, step, on_date, text, at, by FROM case_steps
             WHERE case_id > ?1 AND case_id <= ?2 ORDER BY case_id, id",
            after,
            last,
            |r| {
                Ok(CaseStepRec {
                    id: r.cell(1)?,
                    step: r.cell(2)?,
                    date: r.cell(3)?,
                    text: r.cell(4)?,
                    at: r.cell(5)?,
                    by: r.cell(6)?,
                })
            },
        )?;
        for case in &mut out {
            case.parties = parties.remove(&case.id).unwrap_or_default();
            case.sessions = sessions.remove(&case.id).unwrap_or_default();
            case.steps = steps.remove(&case.id).unwrap_or_default();
            let ms = mediators.remove(&case.id).unwrap_or_default();
            for s in &mut case.sessions {
                s.mediators = ms
                    .iter()
                    .filter(|(seq, _)| *seq == s.seq)
                    .map(|(_, o)| *o)
                    .collect();
            }
        }
        Ok(out)
    }

    /// Care list entries.
    pub fn dump_care(&self, after: i64, limit: usize) -> Result<Vec<CareRec>> {
        let sql = format!(
            "SELECT id, person_id, care_group, reason, needs, help_given, cadence_days, since,
                    active, last_visit_on, next_due_on, {META}
             FROM care_entries WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        page(&self.conn, &sql, after, limit, |r| {
            Ok(CareRec {
                id: r.cell(0)?,
                person_id: r.cell(1)?,
                care_group: r.cell(2)?,
                reason: r.cell(3)?,
                needs: r.cell(4)?,
                help_given: r.cell(5)?,
                cadence_days: r.cell(6)?,
                since: r.cell(7)?,
                active: r.cell(8)?,
                last_visit_on: r.cell(9)?,
                next_due_on: r.cell(10)?,
                meta: meta(r, 11)?,
            })
        })
    }

    /// Whether any record table holds a row (import of a dump needs none).
    pub fn holds_records(&self) -> Result<bool> {
        holds_records(&self.conn)
    }

    /// Officer ids by name and directory entries in use by name, for
    /// resolving a spreadsheet's names.
    pub fn exchange_names(&self) -> Result<(Names, Names)> {
        let read = |sql: &str| -> Result<Names> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.cell(0)?, r.cell(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok((
            read("SELECT id, name FROM officers ORDER BY id")?,
            read("SELECT id, name FROM directory WHERE retired_on IS NULL ORDER BY id")?,
        ))
    }

    /// Writes a whole dump into an empty file in one IMMEDIATE transaction:
    /// ids, metadata, timelines and tag spans as the file has them; issue
    /// counts recounted. Refused (`None`) if the file holds records.
    pub fn import_records(&mut self, recs: &Records) -> Result<Option<()>> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        if holds_records(&tx)? {
            return Ok(None);
        }
        // Links are checked at commit: an entry may be merged into a later one.
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        tx.execute_batch(schema::DROP_ISSUE_COUNT_TRIGGERS)?;
        tx.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('station_code', ?1)",
            [&recs.station_code],
        )?;
        write_officers(&tx, &recs.officers)?;
        write_people(&tx, &recs.people)?;
        write_visits(&tx, &recs.visits)?;
        write_issues(&tx, &recs.issues)?;
        write_cases(&tx, &recs.mediation_cases)?;
        write_care(&tx, &recs.care_entries)?;
        tx.execute_batch(schema::RECOUNT_ISSUES)?;
        let after = serde_json::json!({
            "officers": recs.officers.len(), "directory": recs.people.len(),
            "visits": recs.visits.len(), "issues": recs.issues.len(),
            "mediation": recs.mediation_cases.len(), "care": recs.care_entries.len(),
        });
        audit::record(
            &tx,
            &actor,
            "database",
            0,
            "import",
            None::<&()>,
            Some(&after),
        )?;
        tx.commit()?;
        Ok(Some(()))
    }

    /// Writes validated spreadsheet rows, each with an "import" audit entry.
    pub fn import_rows(&mut self, rows: &[Imported]) -> Result<()> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        for row in rows {
            match row {
                Imported::Entry(e) => {
                    super::directory::insert(&tx, &actor, e, "import")?;
                }
                Imported::Visit(v) => {
                    super::visits::insert_as(&tx, &actor, v, "import")?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn holds_records(conn: &Connection) -> Result<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM officers) OR EXISTS (SELECT 1 FROM directory)
               OR EXISTS (SELECT 1 FROM visits) OR EXISTS (SELECT 1 FROM issues)
               OR EXISTS (SELECT 1 FROM mediation_cases) OR EXISTS (SELECT 1 FROM care_entries)";
    Ok(conn.query_row(sql, [], |r| r.cell(0))?)
}

fn write_officers(tx: &Connection, recs: &[OfficerRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO officers (id, name, badge, unit, os_user, phone, leader, active, {META})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?;
    for o in recs {
        let m = &o.meta;
        stmt.execute(params![
            o.id,
            o.name,
            o.badge,
            o.unit,
            o.os_user,
            o.phone,
            o.leader,
            o.active,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
    }
    Ok(())
}

/// Entries, then their tags, then the spans from the file: the tag
/// triggers would date spans by the save, so theirs are replaced.
fn write_people(tx: &Connection, recs: &[PersonRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO directory (id, name, kind, address, phone, notes, retired_on, merged_into,
           {META}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?;
    for p in recs {
        let m = &p.meta;
        stmt.execute(params![
            p.id,
            p.name,
            p.kind,
            p.address,
            p.phone,
            p.notes,
            p.retired_on,
            p.merged_into,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
    }
    let mut tag = tx.prepare("INSERT INTO directory_tags (entry_id, tag) VALUES (?1, ?2)")?;
    for p in recs {
        for t in &p.tags {
            tag.execute(params![p.id, t])?;
        }
    }
    tx.execute("DELETE FROM directory_tag_spans", [])?;
    let mut span = tx.prepare(
        "INSERT INTO directory_tag_spans (entry_id, tag, from_on, to_on) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for p in recs {
        for s in &p.tag_spans {
            span.execute(params![p.id, s.tag, s.from, s.to])?;
        }
    }
    Ok(())
}

fn write_visits(tx: &Connection, recs: &[VisitRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO visits (id, on_date, at_time, duration_min, target_id, place, form, mission,
           status, outcome, people_reached, cancel_reason, materials, sheets_out, gift, gift_fen,
           {META}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
           ?17, ?18, ?19, ?20, ?21)"
    ))?;
    let mut off = tx.prepare(
        "INSERT INTO visit_officers (visit_id, officer_id, on_date) VALUES (?1, ?2, ?3)",
    )?;
    let mut pur =
        tx.prepare("INSERT INTO visit_purposes (visit_id, purpose, on_date) VALUES (?1, ?2, ?3)")?;
    let mut ev = tx.prepare(&format!(
        "INSERT INTO evaluations (id, visit_id, respondent, comments, {META})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?;
    let mut rat = tx.prepare(
        "INSERT INTO evaluation_ratings (evaluation_id, aspect, rating) VALUES (?1, ?2, ?3)",
    )?;
    for v in recs {
        let m = &v.meta;
        stmt.execute(params![
            v.id,
            v.date,
            v.time,
            v.duration_min,
            v.target_id,
            v.place,
            v.form,
            v.mission,
            v.status,
            v.outcome,
            v.people_reached,
            v.cancel_reason,
            v.materials,
            v.sheets_out,
            v.gift,
            v.gift_fen,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
        for o in &v.officers {
            off.execute(params![v.id, o, v.date])?;
        }
        for p in &v.purposes {
            pur.execute(params![v.id, p, v.date])?;
        }
        for e in &v.evaluations {
            let m = &e.meta;
            ev.execute(params![
                e.id,
                v.id,
                e.respondent,
                e.comments,
                m.version,
                m.created_at,
                m.created_by,
                m.updated_at,
                m.updated_by
            ])?;
            for r in &e.ratings {
                rat.execute(params![e.id, r.aspect, r.rating])?;
            }
        }
    }
    Ok(())
}

fn write_issues(tx: &Connection, recs: &[IssueRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO issues (id, reference, ref_year, ref_serial, raised_on, topic, summary,
           details, raiser_id, anonymous, visit_id, status, unit, responsible_id, deadline,
           measure, theme, rectified_on, answer_channel, answered_on, answered_by, answer_text,
           rating, reopened, closed_on, close_deadline, verification, handed_to, handed_on,
           handover_reply, handover_reply_on, {META})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
           ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)"
    ))?;
    let mut step = tx.prepare(
        "INSERT INTO issue_steps (id, issue_id, step, on_date, officer_id, unit, deadline,
           category, text, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for i in recs {
        let m = &i.meta;
        stmt.execute(params![
            i.id,
            i.reference,
            i.ref_year,
            i.ref_serial,
            i.raised_on,
            i.topic,
            i.summary,
            i.details,
            i.raiser_id,
            i.anonymous,
            i.visit_id,
            i.status,
            i.unit,
            i.responsible_id,
            i.deadline,
            i.measure,
            i.theme,
            i.rectified_on,
            i.answer_channel,
            i.answered_on,
            i.answered_by,
            i.answer_text,
            i.rating,
            i.reopened,
            i.closed_on,
            i.close_deadline,
            i.verification,
            i.handed_to,
            i.handed_on,
            i.handover_reply,
            i.handover_reply_on,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
        for s in &i.steps {
            step.execute(params![
                s.id,
                i.id,
                s.step,
                s.date,
                s.officer_id,
                s.unit,
                s.deadline,
                s.category,
                s.text,
                s.at,
                s.by
            ])?;
        }
    }
    Ok(())
}

fn write_cases(tx: &Connection, recs: &[CaseRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO mediation_cases (id, reference, ref_year, ref_serial, received_on, kind,
           summary, source, risk, leader_id, visit_id, status, accepted_on, limit_on,
           extended_days, agreement_terms, agreed_on, follow_up_on, referral_target, referred_on,
           referral_note, outcome, decline_reason, closed_on, next_session_on, {META})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
           ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)"
    ))?;
    let mut party = tx.prepare(
        "INSERT INTO mediation_parties (case_id, seq, entry_id, name, role, consent,
           extension_consent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut session = tx.prepare(
        "INSERT INTO mediation_sessions (case_id, seq, on_date, attendees, notes, held, visit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut mediator = tx.prepare(
        "INSERT INTO mediation_session_mediators (case_id, seq, pos, officer_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut step = tx.prepare(
        "INSERT INTO case_steps (id, case_id, step, on_date, text, at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in recs {
        let m = &c.meta;
        stmt.execute(params![
            c.id,
            c.reference,
            c.ref_year,
            c.ref_serial,
            c.received_on,
            c.kind,
            c.summary,
            c.source,
            c.risk,
            c.leader_id,
            c.visit_id,
            c.status,
            c.accepted_on,
            c.limit_on,
            c.extended_days,
            c.agreement_terms,
            c.agreed_on,
            c.follow_up_on,
            c.referral_target,
            c.referred_on,
            c.referral_note,
            c.outcome,
            c.decline_reason,
            c.closed_on,
            c.next_session_on,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
        for p in &c.parties {
            party.execute(params![
                c.id,
                p.seq,
                p.entry_id,
                p.name,
                p.role,
                p.consent,
                p.extension_consent
            ])?;
        }
        for s in &c.sessions {
            session.execute(params![
                c.id,
                s.seq,
                s.date,
                s.attendees,
                s.notes,
                s.held,
                s.visit_id
            ])?;
            for (pos, o) in s.mediators.iter().enumerate() {
                mediator.execute(params![c.id, s.seq, pos, o])?;
            }
        }
        for s in &c.steps {
            step.execute(params![s.id, c.id, s.step, s.date, s.text, s.at, s.by])?;
        }
    }
    Ok(())
}

fn write_care(tx: &Connection, recs: &[CareRec]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO care_entries (id, person_id, care_group, reason, needs, help_given,
           cadence_days, since, active, last_visit_on, next_due_on, {META})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?;
    for c in recs {
        let m = &c.meta;
        stmt.execute(params![
            c.id,
            c.person_id,
            c.care_group,
            c.reason,
            c.needs,
            c.help_given,
            c.cadence_days,
            c.since,
            c.active,
            c.last_visit_on,
            c.next_due_on,
            m.version,
            m.created_at,
            m.created_by,
            m.updated_at,
            m.updated_by
        ])?;
    }
    Ok(())
}
