//! The schema and its migrations, keyed on `PRAGMA user_version`.
//!
//! Each migration runs inside one transaction together with the version
//! bump, so a crash leaves the file at the old version or the new one,
//! never between.

use super::sql::Cell;
use rusqlite::Connection;

/// Columns every record carries: optimistic-concurrency version and who
/// created and last changed it.
macro_rules! meta {
    () => {
        "version INTEGER NOT NULL DEFAULT 1,
         created_at TEXT NOT NULL, created_by TEXT NOT NULL,
         updated_at TEXT NOT NULL, updated_by TEXT NOT NULL"
    };
}

/// The triggers that keep `issue_counts` (migration 2); the bulk loader
/// drops them for a load and recounts once at the end.
macro_rules! issue_count_triggers {
    () => {
        "CREATE TRIGGER issue_counts_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issue_counts (status, anonymous, topic, n)
        VALUES (NEW.status, NEW.anonymous, NEW.topic, 1)
        ON CONFLICT (status, anonymous, topic) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER issue_counts_delete AFTER DELETE ON issues BEGIN
    UPDATE issue_counts SET n = n - 1
        WHERE status = OLD.status AND anonymous = OLD.anonymous AND topic = OLD.topic;
END;
CREATE TRIGGER issue_counts_update AFTER UPDATE OF status, anonymous, topic ON issues
    WHEN OLD.status IS NOT NEW.status OR OLD.anonymous IS NOT NEW.anonymous
      OR OLD.topic IS NOT NEW.topic
BEGIN
    UPDATE issue_counts SET n = n - 1
        WHERE status = OLD.status AND anonymous = OLD.anonymous AND topic = OLD.topic;
    INSERT INTO issue_counts (status, anonymous, topic, n)
        VALUES (NEW.status, NEW.anonymous, NEW.topic, 1)
        ON CONFLICT (status, anonymous, topic) DO UPDATE SET n = n + 1;
END;
"
    };
}

/// Rebuilds `issue_counts` from the issues and recreates its triggers.
pub(super) const RECOUNT_ISSUES: &str = concat!(
    "DELETE FROM issue_counts;
INSERT INTO issue_counts (status, anonymous, topic, n)
    SELECT status, anonymous, topic, count(*) FROM issues GROUP BY status, anonymous, topic;
",
    issue_count_triggers!()
);

/// Drops the triggers that keep `issue_counts` (see [`RECOUNT_ISSUES`]).
pub(super) const DROP_ISSUE_COUNT_TRIGGERS: &str = "DROP TRIGGER IF EXISTS issue_counts_insert;
DROP TRIGGER IF EXISTS issue_counts_delete;
DROP TRIGGER IF EXISTS issue_counts_update;";

/// Migration `n` (1-based) brings the file from version n-1 to n.
pub const MIGRATIONS: &[&str] = &[concat!(
    "
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE officers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, badge TEXT NOT NULL, unit TEXT NOT NULL,
    os_user TEXT UNIQUE, phone TEXT NOT NULL DEFAULT '',
    leader INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1,
    ",
    meta!(),
    ");

CREATE TABLE directory (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, kind TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    ",
    meta!(),
    ");
CREATE INDEX directory_by_name ON directory(name, id);
CREATE TABLE directory_tags (
    entry_id INTEGER NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (entry_id, tag)
) WITHOUT ROWID;
CREATE INDEX directory_tags_by_tag ON directory_tags(tag, entry_id);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    on_date TEXT NOT NULL, at_time TEXT, duration_min INTEGER,
    target_id INTEGER REFERENCES directory(id),
    place TEXT NOT NULL DEFAULT '', form TEXT NOT NULL, mission TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    outcome TEXT, people_reached INTEGER, cancel_reason TEXT,
    ",
    meta!(),
    ");
CREATE INDEX visits_by_date ON visits(on_date, status);
CREATE INDEX visits_by_target ON visits(target_id, on_date);
CREATE INDEX visits_overdue ON visits(on_date) WHERE status = 'planned';
-- on_date repeats the visit's date (rewritten with the links on every
-- save) so a calendar filtered by officer or purpose reads only that
-- officer's or purpose's visits of the month, by index.
CREATE TABLE visit_officers (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    on_date TEXT NOT NULL,
    PRIMARY KEY (visit_id, officer_id)
) WITHOUT ROWID;
CREATE INDEX visit_officers_by_officer ON visit_officers(officer_id, on_date, visit_id);
CREATE TABLE visit_purposes (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    on_date TEXT NOT NULL,
    PRIMARY KEY (visit_id, purpose)
) WITHOUT ROWID;
CREATE INDEX visit_purposes_by_purpose ON visit_purposes(purpose, on_date, visit_id);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    respondent TEXT NOT NULL DEFAULT '', comments TEXT NOT NULL DEFAULT '',
    ",
    meta!(),
    ");
CREATE INDEX evaluations_by_visit ON evaluations(visit_id);
CREATE TABLE evaluation_ratings (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    aspect TEXT NOT NULL, rating TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, aspect)
) WITHOUT ROWID;

CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE, ref_year INTEGER NOT NULL, ref_serial INTEGER NOT NULL,
    raised_on TEXT NOT NULL, topic TEXT NOT NULL, summary TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    raiser_id INTEGER REFERENCES directory(id), anonymous INTEGER NOT NULL DEFAULT 0,
    visit_id INTEGER REFERENCES visits(id),
    status TEXT NOT NULL CHECK (status IN ('new','assigned','rectifying','rectified','answered','closed')),
    unit TEXT, responsible_id INTEGER REFERENCES officers(id), deadline TEXT,
    measure TEXT, theme TEXT, rectified_on TEXT,
    answer_channel TEXT, answered_on TEXT, answered_by INTEGER REFERENCES officers(id), answer_text TEXT,
    rating TEXT, reopened INTEGER NOT NULL DEFAULT 0, closed_on TEXT,
    ",
    meta!(),
    ",
    UNIQUE (ref_year, ref_serial)
);
CREATE INDEX issues_by_raised ON issues(raised_on, id);
CREATE INDEX issues_by_status ON issues(status, raised_on, id);
CREATE INDEX issues_by_topic ON issues(topic, raised_on, id);
CREATE INDEX issues_by_responsible ON issues(responsible_id, deadline);
CREATE INDEX issues_open_deadline ON issues(deadline) WHERE status IN ('assigned', 'rectifying');
CREATE INDEX issues_open_raised ON issues(raised_on, id) WHERE status IN ('assigned', 'rectifying');
CREATE INDEX issues_by_raiser ON issues(raiser_id);
CREATE INDEX issues_by_visit ON issues(visit_id);
CREATE TABLE issue_steps (
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id),
    step TEXT NOT NULL, on_date TEXT NOT NULL,
    officer_id INTEGER REFERENCES officers(id), unit TEXT, deadline TEXT,
    category TEXT, text TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL, by TEXT NOT NULL
);
CREATE INDEX issue_steps_by_issue ON issue_steps(issue_id, id);

CREATE TABLE mediation_cases (
    id INTEGER PRIMARY KEY,
    received_on TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
    source TEXT NOT NULL, risk TEXT NOT NULL,
    leader_id INTEGER REFERENCES officers(id), visit_id INTEGER REFERENCES visits(id),
    status TEXT NOT NULL CHECK (status IN ('received','accepted','agreement','no_agreement','referred','closed')),
    accepted_on TEXT, limit_on TEXT,
    agreement_terms TEXT, agreed_on TEXT, follow_up_on TEXT,
    referral_target TEXT, referred_on TEXT, referral_note TEXT,
    outcome TEXT, decline_reason TEXT NOT NULL DEFAULT '', closed_on TEXT,
    next_session_on TEXT,
    ",
    meta!(),
    ");
CREATE INDEX mediation_open ON mediation_cases(risk, next_session_on, received_on) WHERE status <> 'closed';
CREATE INDEX mediation_by_status ON mediation_cases(status, received_on);
CREATE INDEX mediation_follow_up ON mediation_cases(follow_up_on) WHERE status = 'agreement';
CREATE TABLE mediation_parties (
    case_id INTEGER NOT NULL REFERENCES mediation_cases(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entry_id INTEGER REFERENCES directory(id), name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant','respondent','other')),
    consent TEXT NOT NULL CHECK (consent IN ('pending','given','refused')),
    extension_consent INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE INDEX mediation_parties_by_entry ON mediation_parties(entry_id);
CREATE TABLE mediation_sessions (
    case_id INTEGER NOT NULL REFERENCES mediation_cases(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    on_date TEXT NOT NULL, mediators TEXT NOT NULL DEFAULT '',
    attendees TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    held INTEGER NOT NULL DEFAULT 0, visit_id INTEGER REFERENCES visits(id),
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE INDEX mediation_sessions_by_date ON mediation_sessions(on_date);

CREATE TABLE care_entries (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES directory(id),
    care_group TEXT NOT NULL, reason TEXT NOT NULL,
    needs TEXT NOT NULL DEFAULT '', help_given TEXT NOT NULL DEFAULT '',
    cadence_days INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 366),
    since TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
    last_visit_on TEXT, next_due_on TEXT NOT NULL,
    ",
    meta!(),
    ");
CREATE INDEX care_by_due ON care_entries(active, next_due_on, id);
CREATE INDEX care_by_person ON care_entries(person_id);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL, actor TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id INTEGER, action TEXT NOT NULL,
    before TEXT, after TEXT
);
CREATE INDEX audit_by_entity ON audit(entity, entity_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"
),
// 2: the mediation time limit extends once (the days it was extended by;
// cases extended before this are found by their limit); every case gets a
// timeline like issues have (steps, party changes, with who and when).
"
ALTER TABLE mediation_cases ADD COLUMN extended_days INTEGER;
UPDATE mediation_cases SET extended_days =
    CAST(julianday(limit_on) - julianday(date(accepted_on, '+1 month')) AS INTEGER)
    WHERE limit_on > date(accepted_on, '+1 month');
CREATE TABLE case_steps (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_cases(id),
    step TEXT NOT NULL, on_date TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL, by TEXT NOT NULL
);
CREATE INDEX case_steps_by_case ON case_steps(case_id, id);
",
// 3: a session's mediators become rows with foreign keys to officers (the
// comma-separated ids move over, unknown ids dropped, order kept), and a
// mediation case gets a reference number like an issue's, assigned to
// existing cases in the order they were received within each year; and
// issue counts by state, anonymity and topic are kept in a table of their
// own.
concat!(
    "
CREATE TABLE mediation_session_mediators (
    case_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    PRIMARY KEY (case_id, seq, pos),
    UNIQUE (case_id, seq, officer_id),
    FOREIGN KEY (case_id, seq) REFERENCES mediation_sessions(case_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX mediation_session_mediators_by_officer ON mediation_session_mediators(officer_id);
INSERT OR IGNORE INTO mediation_session_mediators (case_id, seq, pos, officer_id)
    SELECT s.case_id, s.seq, CAST(j.key AS INTEGER), CAST(j.value AS INTEGER)
    FROM mediation_sessions s, json_each('[' || s.mediators || ']') j
    WHERE json_valid('[' || s.mediators || ']')
      AND CAST(j.value AS INTEGER) IN (SELECT id FROM officers);
ALTER TABLE mediation_sessions DROP COLUMN mediators;

ALTER TABLE mediation_cases ADD COLUMN reference TEXT;
ALTER TABLE mediation_cases ADD COLUMN ref_year INTEGER;
ALTER TABLE mediation_cases ADD COLUMN ref_serial INTEGER;
INSERT OR IGNORE INTO settings (key, value)
    SELECT 'station_code', 'XC' WHERE EXISTS (SELECT 1 FROM mediation_cases);
UPDATE mediation_cases SET ref_year = r.y, ref_serial = r.n
    FROM (SELECT id, CAST(strftime('%Y', received_on) AS INTEGER) AS y,
                 row_number() OVER (PARTITION BY strftime('%Y', received_on) ORDER BY received_on, id) AS n
          FROM mediation_cases) AS r
    WHERE r.id = mediation_cases.id;
UPDATE mediation_cases SET reference =
    (SELECT value FROM settings WHERE key = 'station_code') || '-M-' || ref_year || '-' || printf('%04d', ref_serial);
CREATE UNIQUE INDEX mediation_by_reference ON mediation_cases(reference);
CREATE UNIQUE INDEX mediation_by_serial ON mediation_cases(ref_year, ref_serial);

-- Exact issue counts by state, anonymity and topic for list titles and
-- the status bar, kept by triggers: counting 190,000 closed issues
-- through an index takes ~10 ms, summing this table microseconds.
CREATE TABLE issue_counts (
    status TEXT NOT NULL, anonymous INTEGER NOT NULL, topic TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (status, anonymous, topic)
) WITHOUT ROWID;
INSERT INTO issue_counts (status, anonymous, topic, n)
    SELECT status, anonymous, topic, count(*) FROM issues GROUP BY status, anonymous, topic;
",
    issue_count_triggers!()
),
// 4: a directory entry made by mistake can be retired, or merged into the
// right one (its records move there; it stays, retired, for the audit).
"
ALTER TABLE directory ADD COLUMN retired_on TEXT;
ALTER TABLE directory ADD COLUMN merged_into INTEGER REFERENCES directory(id);
",
// 5: what the work summary counts that the records did not hold: legal
// materials and evaluation sheets handed out on a visit, a care visit's
// gift; an issue's closure deadline (per-topic default, the shipped ones
// written out here for existing issues), the verification of a conduct or
// integrity complaint, its hand-over to an outside department; and the
// days each vulnerable-group tag held, so a report counts a household in
// the group it was in on the visit's day (see ARCHITECTURE.md, "Report").
"
ALTER TABLE visits ADD COLUMN materials INTEGER;
ALTER TABLE visits ADD COLUMN sheets_out INTEGER;
ALTER TABLE visits ADD COLUMN gift TEXT;
ALTER TABLE visits ADD COLUMN gift_fen INTEGER;

ALTER TABLE issues ADD COLUMN close_deadline TEXT;
ALTER TABLE issues ADD COLUMN verification TEXT;
ALTER TABLE issues ADD COLUMN handed_to TEXT;
ALTER TABLE issues ADD COLUMN handed_on TEXT;
ALTER TABLE issues ADD COLUMN handover_reply TEXT;
ALTER TABLE issues ADD COLUMN handover_reply_on TEXT;
UPDATE issues SET close_deadline = date(raised_on, '+' || CASE topic
    WHEN 'stability' THEN 30 WHEN 'security' THEN 20 ELSE 15 END || ' days');
CREATE INDEX issue_steps_by_date ON issue_steps(on_date, step, issue_id);
CREATE INDEX issues_by_closed ON issues(closed_on, raised_on) WHERE closed_on IS NOT NULL;
CREATE INDEX issue_steps_by_issue_day ON issue_steps(issue_id, on_date);
CREATE INDEX case_steps_by_date ON case_steps(on_date, step);

-- A tag given when the entry is made holds from the start (the first tags
-- describe the person as known); one added or removed later changes on
-- the day of that save. A save rewrites every tag, so a tag removed and
-- given back on the same day keeps its one span.
CREATE TABLE directory_tag_spans (
    entry_id INTEGER NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT,
    PRIMARY KEY (entry_id, tag, from_on)
) WITHOUT ROWID;
CREATE INDEX directory_tag_spans_by_tag ON directory_tag_spans(tag, entry_id);
INSERT INTO directory_tag_spans (entry_id, tag, from_on)
    SELECT entry_id, tag, '0001-01-01' FROM directory_tags;
CREATE TRIGGER directory_tag_added AFTER INSERT ON directory_tags BEGIN
    UPDATE directory_tag_spans SET to_on = NULL
        WHERE entry_id = NEW.entry_id AND tag = NEW.tag
          AND to_on = (SELECT date(updated_at, 'localtime') FROM directory WHERE id = NEW.entry_id);
    INSERT INTO directory_tag_spans (entry_id, tag, from_on)
        SELECT NEW.entry_id, NEW.tag,
               CASE WHEN d.version = 1 THEN '0001-01-01' ELSE date(d.updated_at, 'localtime') END
        FROM directory d
        WHERE d.id = NEW.entry_id
          AND NOT EXISTS (SELECT 1 FROM directory_tag_spans s
                          WHERE s.entry_id = NEW.entry_id AND s.tag = NEW.tag AND s.to_on IS NULL);
END;
CREATE TRIGGER directory_tag_removed AFTER DELETE ON directory_tags BEGIN
    UPDATE directory_tag_spans
        SET to_on = (SELECT date(updated_at, 'localtime') FROM directory WHERE id = OLD.entry_id)
        WHERE entry_id = OLD.entry_id AND tag = OLD.tag AND to_on IS NULL;
END;
"];

/// The schema version this build writes.
pub const CURRENT: i64 = MIGRATIONS.len() as i64;

/// The file's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.cell(0))
}

/// Runs every migration the file lacks, all in one transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let from = version(&tx)?;
    for sql in MIGRATIONS
        .iter()
        .skip(usize::try_from(from).unwrap_or(usize::MAX))
    {
        tx.execute_batch(sql)?;
    }
    if from < CURRENT {
        tx.pragma_update(None, "user_version", CURRENT)?;
    }
    tx.commit()
}
