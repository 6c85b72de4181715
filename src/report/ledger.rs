//! The ledgers (台账): one row per record with the columns of a station's
//! paper ledger, written as xlsx or csv a page at a time
//! (docs/ARCHITECTURE.md, "Reports and exports").
//!
//! Each ledger is a list of columns (a header from the catalogue) and a
//! function from a store line to cells; labels come from the category sets
//! and the catalogue in the chosen language. Text from the database is
//! data here: it goes into the file as it is, never to the terminal.

use super::formula::defuse;
use super::output::{check_interrupted, Output, Progress};
use crate::config::categories::{Categories, SetId};
use crate::domain::issue::IssueStatus;
use crate::domain::mediation::{CaseStatus, Outcome};
use crate::domain::visit::VisitState;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::ledger::{CareLine, CaseLine, IssueLine, Span, VisitLine};
use crate::store::Store;
use anyhow::Result;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Which ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ledger {
    Visits,
    Issues,
    Mediation,
    Care,
}

impl Ledger {
    pub const ALL: [Ledger; 4] = [
        Ledger::Visits,
        Ledger::Issues,
        Ledger::Mediation,
        Ledger::Care,
    ];

    /// The name on the command line (`--ledger visits`).
    pub fn name(self) -> &'static str {
        match self {
            Ledger::Visits => "visits",
            Ledger::Issues => "issues",
            Ledger::Mediation => "mediation",
            Ledger::Care => "care",
        }
    }

    /// The ledger with this command-line name.
    pub fn from_name(s: &str) -> Option<Ledger> {
        Ledger::ALL.into_iter().find(|l| l.name() == s)
    }

    /// The ledger's title (the xlsx sheet name, the progress label).
    pub fn title(self) -> Msg {
        match self {
            Ledger::Visits => Msg::LedgerVisitsTitle,
            Ledger::Issues => Msg::LedgerIssuesTitle,
            Ledger::Mediation => Msg::LedgerMediationTitle,
            Ledger::Care => Msg::LedgerCareTitle,
        }
    }

    /// The column headers, in order.
    pub fn columns(self) -> &'static [Msg] {
        match self {
            Ledger::Visits => VISIT_COLUMNS,
            Ledger::Issues => ISSUE_COLUMNS,
            Ledger::Mediation => CASE_COLUMNS,
            Ledger::Care => CARE_COLUMNS,
        }
    }
}

/// The file format of a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

/// One cell: text, a whole number, an amount, or nothing. Text is data
/// (from the database, config or catalogue): csv defuses it as a formula,
/// xlsx stores it as a string. Numbers and amounts are ours and stay
/// numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An amount in fen, written as yuan with two decimals.
    Yuan(i64),
    /// A day as the store keeps it (ISO 8601): a real date in xlsx, so a
    /// spreadsheet sorts and filters it as one; as written in csv.
    Date(String),
    Blank,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(s)
        }
    }

    fn opt(s: &Option<String>) -> Cell {
        s.as_deref().map_or(Cell::Blank, Cell::text)
    }

    fn date(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Date(s.to_string())
        }
    }

    fn opt_date(s: &Option<String>) -> Cell {
        s.as_deref().map_or(Cell::Blank, Cell::date)
    }

    fn int(n: Option<i64>) -> Cell {
        n.map_or(Cell::Blank, Cell::Int)
    }

    /// The cell as csv text.
    fn as_text(&self) -> String {
        match self {
            Cell::Text(s) => defuse(s).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Yuan(fen) => yuan(*fen),
            Cell::Date(d) => defuse(d).into_owned(),
            Cell::Blank => String::new(),
        }
    }
}

/// Writes the `ledger` of records in `span` to `out`, a page at a time,
/// checking for Ctrl-C between pages. Returns the number of rows. The
/// caller commits `out`.
pub fn write(
    store: &Store,
    ledger: Ledger,
    format: TableFormat,
    span: Span,
    lang: Lang,
    out: &mut Output,
) -> Result<u64> {
    let headers: Vec<String> = ledger
        .columns()
        .iter()
        .map(|m| m.text(lang).to_string())
        .collect();
    let title = ledger.title().text(lang);
    let mut table: Box<dyn Table + '_> = match format {
        TableFormat::Csv => Box::new(CsvTable::new(out.writer(), &headers)?),
        TableFormat::Xlsx => Box::new(XlsxTable::new(out.writer(), title, &headers)?),
    };
    let labels = Labels {
        cats: store.categories(),
        lang,
    };
    let total = match ledger {
        Ledger::Visits => store.visit_ledger_count(span, &[])?,
        Ledger::Issues => store.issue_ledger_count(span)?,
        Ledger::Mediation => store.case_ledger_count(span)?,
        Ledger::Care => store.care_ledger_count(span)?,
    };
    let mut progress = Progress::new(u64::try_from(total).unwrap_or(0), title);
    let rows = match ledger {
        Ledger::Visits => pages(
            table.as_mut(),
            &mut progress,
            |after| store.visit_ledger_page(span, &[], after.as_ref()),
            |v| visit_row(&labels, v),
        )?,
        Ledger::Issues => pages(
            table.as_mut(),
            &mut progress,
            |after| store.issue_ledger_page(span, after.as_ref()),
            |i| issue_row(&labels, i),
        )?,
        Ledger::Mediation => pages(
            table.as_mut(),
            &mut progress,
            |after| store.case_ledger_page(span, after.as_ref()),
            |c| case_row(&labels, c),
        )?,
        Ledger::Care => pages(
            table.as_mut(),
            &mut progress,
            |after| store.care_ledger_page(span, after.unwrap_or(0)),
            |c| care_row(&labels, c),
        )?,
    };
    table.finish()?;
    progress.finish();
    Ok(rows)
}

/// Reads pages until the last, writing each row as it comes.
fn pages<L, C: Clone>(
    table: &mut dyn Table,
    progress: &mut Progress,
    mut page: impl FnMut(Option<C>) -> crate::store::Result<crate::store::Page<L, C>>,
    row: impl Fn(&L) -> Vec<Cell>,
) -> Result<u64> {
    let mut after = None;
    let mut n = 0u64;
    loop {
        check_interrupted()?;
        let p = page(after.take())?;
        for line in &p.items {
            table.row(&row(line))?;
        }
        n += p.items.len() as u64;
        progress.inc(p.items.len() as u64);
        match p.next {
            Some(c) => after = Some(c),
            None => return Ok(n),
        }
    }
}

/// Category and state labels in the chosen language.
struct Labels<'a> {
    cats: &'a Categories,
    lang: Lang,
}

impl Labels<'_> {
    fn cat(&self, set: SetId, key: &str) -> String {
        if key.is_empty() {
            return String::new();
        }
        self.cats.label(set, key, self.lang)
    }

    fn cat_opt(&self, set: SetId, key: &Option<String>) -> Cell {
        key.as_deref()
            .map_or(Cell::Blank, |k| Cell::text(self.cat(set, k)))
    }

    fn msg(&self, m: Msg) -> String {
        m.text(self.lang).to_string()
    }

    /// Items of a list cell, joined as the language writes a list.
    fn join(&self, items: impl IntoIterator<Item = String>) -> Cell {
        let sep = Msg::LedgerListSep.text(self.lang);
        Cell::text(items.into_iter().collect::<Vec<_>>().join(sep))
    }
}

const VISIT_COLUMNS: &[Msg] = &[
    Msg::ColRef,
    Msg::FieldDate,
    Msg::FieldTime,
    Msg::FieldDuration,
    Msg::FieldTarget,
    Msg::FieldPlace,
    Msg::FieldOfficers,
    Msg::FieldPurposes,
    Msg::FieldForm,
    Msg::FieldMission,
    Msg::ColState,
    Msg::FieldOutcome,
    Msg::FieldPeopleReached,
    Msg::LedgerMaterials,
    Msg::LedgerSheetsOut,
    Msg::LedgerGift,
    Msg::LedgerGiftYuan,
    Msg::LedgerCancelReason,
];

fn visit_row(l: &Labels<'_>, v: &VisitLine) -> Vec<Cell> {
    let state = match v.status.as_str() {
        "planned" => Some(VisitState::Planned),
        "done" => Some(VisitState::Done),
        "cancelled" => Some(VisitState::Cancelled),
        _ => None,
    };
    let place = if v.place.is_empty() {
        v.target_address.clone().unwrap_or_default()
    } else {
        v.place.clone()
    };
    vec![
        Cell::Int(v.id),
        Cell::date(&v.on_date),
        Cell::opt(&v.at_time),
        Cell::int(v.duration_min),
        Cell::opt(&v.target),
        Cell::text(place),
        l.join(v.officers.iter().cloned()),
        l.join(v.purposes.iter().map(|p| l.cat(SetId::Purpose, p))),
        Cell::text(l.cat(SetId::Form, &v.form)),
        Cell::text(&v.mission),
        state.map_or_else(|| Cell::text(&v.status), |s| Cell::text(l.msg(s.label()))),
        Cell::opt(&v.outcome),
        Cell::int(v.people_reached),
        Cell::int(v.materials),
        Cell::int(v.sheets_out),
        Cell::opt(&v.gift),
        v.gift_fen.map_or(Cell::Blank, Cell::Yuan),
        Cell::opt(&v.cancel_reason),
    ]
}

/// An amount in fen as yuan with two decimals.
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

const ISSUE_COLUMNS: &[Msg] = &[
    Msg::ColRef,
    Msg::FieldRaisedOn,
    Msg::FieldRaiser,
    Msg::FieldTopic,
    Msg::FieldSummary,
    Msg::FieldUnit,
    Msg::FieldResponsible,
    Msg::FieldDeadline,
    Msg::ColState,
    Msg::FieldMeasure,
    Msg::FieldTheme,
    Msg::LedgerRectifiedOn,
    Msg::FieldChannel,
    Msg::LedgerAnsweredOn,
    Msg::FieldAnsweredBy,
    Msg::FieldAnswer,
    Msg::FieldRating,
    Msg::FieldReopened,
    Msg::LedgerCloseDeadline,
    Msg::LedgerClosedOn,
    Msg::FieldVerification,
    Msg::LedgerHandedTo,
    Msg::FieldHandedOn,
    Msg::LedgerHandoverReply,
    Msg::FieldReplyOn,
];

fn issue_row(l: &Labels<'_>, i: &IssueLine) -> Vec<Cell> {
    let raiser = if i.anonymous {
        Cell::text(l.msg(Msg::Anonymous))
    } else {
        Cell::opt(&i.raiser)
    };
    let state =
        IssueStatus::from_name(&i.status).map_or_else(|| i.status.clone(), |s| l.msg(s.label()));
    vec![
        Cell::text(&i.reference),
        Cell::date(&i.raised_on),
        raiser,
        Cell::text(l.cat(SetId::Topic, &i.topic)),
        Cell::text(&i.summary),
        l.cat_opt(SetId::Unit, &i.unit),
        Cell::opt(&i.responsible),
        Cell::opt_date(&i.deadline),
        Cell::text(state),
        Cell::opt(&i.measure),
        l.cat_opt(SetId::Theme, &i.theme),
        Cell::opt_date(&i.rectified_on),
        l.cat_opt(SetId::FeedbackChannel, &i.answer_channel),
        Cell::opt_date(&i.answered_on),
        Cell::opt(&i.answered_by),
        Cell::opt(&i.answer_text),
        l.cat_opt(SetId::Rating, &i.rating),
        Cell::Int(i.reopened),
        Cell::opt_date(&i.close_deadline),
        Cell::opt_date(&i.closed_on),
        l.cat_opt(SetId::Verification, &i.verification),
        l.cat_opt(SetId::Department, &i.handed_to),
        Cell::opt_date(&i.handed_on),
        Cell::opt(&i.handover_reply),
        Cell::opt_date(&i.handover_reply_on),
    ]
}

const CASE_COLUMNS: &[Msg] = &[
    Msg::ColRef,
    Msg::FieldReceivedOn,
    Msg::FieldParties,
    Msg::FieldDisputeKind,
    Msg::FieldSummary,
    Msg::FieldSource,
    Msg::FieldRisk,
    Msg::MedLeader,
    Msg::MedMediators,
    Msg::ColState,
    Msg::MedAcceptedOn,
    Msg::MedTimeLimit,
    Msg::LedgerSessionsHeld,
    Msg::MedAgreement,
    Msg::MedAgreedOn,
    Msg::MedFollowUp,
    Msg::MedReferredTo,
    Msg::MedReferredOn,
    Msg::MedOutcome,
    Msg::MedDeclineReason,
    Msg::MedClosedOn,
];

fn case_row(l: &Labels<'_>, c: &CaseLine) -> Vec<Cell> {
    let parties = c.parties.iter().map(|(name, role)| {
        let role = match role.as_str() {
            "applicant" => l.msg(Msg::MedRoleApplicant),
            "respondent" => l.msg(Msg::MedRoleRespondent),
            "other" => l.msg(Msg::MedRoleOther),
            other => other.to_string(),
        };
        Msg::LedgerPartyFmt.fill(l.lang, &[name, &role])
    });
    let state =
        CaseStatus::from_name(&c.status).map_or_else(|| c.status.clone(), |s| l.msg(s.label()));
    let outcome = c.outcome.as_deref().map_or(Cell::Blank, |o| {
        Cell::text(match Outcome::from_name(o) {
            Some(Outcome::Declined) => l.msg(Msg::MedOutcomeDeclined),
            Some(Outcome::Honoured) => l.msg(Msg::MedOutcomeHonoured),
            Some(Outcome::ReferralConfirmed) => l.msg(Msg::MedOutcomeReferralConfirmed),
            None => o.to_string(),
        })
    });
    vec![
        Cell::text(&c.reference),
        Cell::date(&c.received_on),
        l.join(parties),
        Cell::text(l.cat(SetId::DisputeKind, &c.kind)),
        Cell::text(&c.summary),
        Cell::text(l.cat(SetId::MediationSource, &c.source)),
        Cell::text(l.cat(SetId::Risk, &c.risk)),
        Cell::opt(&c.leader),
        l.join(c.mediators.iter().cloned()),
        Cell::text(state),
        Cell::opt_date(&c.accepted_on),
        Cell::opt_date(&c.limit_on),
        Cell::Int(c.sessions_held),
        Cell::opt(&c.agreement_terms),
        Cell::opt_date(&c.agreed_on),
        Cell::opt_date(&c.follow_up_on),
        l.cat_opt(SetId::ReferralTarget, &c.referral_target),
        Cell::opt_date(&c.referred_on),
        outcome,
        Cell::text(&c.decline_reason),
        Cell::opt_date(&c.closed_on),
    ]
}

const CARE_COLUMNS: &[Msg] = &[
    Msg::ColRef,
    Msg::FieldPerson,
    Msg::FieldAddress,
    Msg::FieldPhone,
    Msg::FieldGroup,
    Msg::FieldReason,
    Msg::FieldNeeds,
    Msg::FieldHelp,
    Msg::FieldCadence,
    Msg::FieldSince,
    Msg::ColLastVisit,
    Msg::ColNextDue,
    Msg::LedgerCareVisits,
    Msg::ColState,
];

fn care_row(l: &Labels<'_>, c: &CareLine) -> Vec<Cell> {
    let state = if c.active {
        Msg::StCareActive
    } else {
        Msg::StCareInactive
    };
    vec![
        Cell::Int(c.id),
        Cell::text(&c.person),
        Cell::text(&c.address),
        Cell::text(&c.phone),
        Cell::text(l.cat(SetId::CareGroup, &c.group)),
        Cell::text(&c.reason),
        Cell::text(&c.needs),
        Cell::text(&c.help_given),
        Cell::Int(c.cadence_days),
        Cell::date(&c.since),
        Cell::opt_date(&c.last_visit_on),
        Cell::date(&c.next_due_on),
        Cell::Int(c.visits_in_span),
        Cell::text(l.msg(state)),
    ]
}

/// A table being written row by row.
trait Table {
    fn row(&mut self, cells: &[Cell]) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

/// UTF-8 with a byte-order mark, so a spreadsheet on a station PC reads
/// Chinese correctly.
struct CsvTable<'w> {
    csv: csv::Writer<&'w mut (dyn Write + Send)>,
}

impl<'w> CsvTable<'w> {
    fn new(out: &'w mut (dyn Write + Send), headers: &[String]) -> Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(headers).map_err(csv_error)?;
        Ok(CsvTable { csv })
    }
}

impl Table for CsvTable<'_> {
    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        self.csv
            .write_record(cells.iter().map(Cell::as_text))
            .map_err(csv_error)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

/// A csv error, with a write failure as the plain I/O error it is (so a
/// reader that went away, `| head`, ends the export quietly).
fn csv_error(e: csv::Error) -> anyhow::Error {
    if !e.is_io_error() {
        return e.into();
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("{other:?}"),
    }
}

/// Widest column, in characters, however long the text.
const MAX_WIDTH: usize = 60;

/// The longest text a cell holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// A workbook in constant-memory mode (rows go to a temporary file as
/// they are written), laid out for printing: bold frozen header repeated
/// on every page, A4 landscape, columns as wide as their text.
struct XlsxTable<'w> {
    out: &'w mut (dyn Write + Send),
    book: rust_xlsxwriter::Workbook,
    widths: Vec<usize>,
    next_row: u32,
    /// Two decimals, for amounts in yuan.
    money: rust_xlsxwriter::Format,
    /// Days as 2026-11-26.
    day: rust_xlsxwriter::Format,
}

impl<'w> XlsxTable<'w> {
    fn new(out: &'w mut (dyn Write + Send), title: &str, headers: &[String]) -> Result<Self> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name(title))?;
        sheet.set_landscape();
        sheet.set_paper_size(9); // A4
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_repeat_rows(0, 0)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c)?, h, &bold)?;
        }
        Ok(XlsxTable {
            out,
            book,
            widths: headers.iter().map(|h| h.width()).collect(),
            next_row: 1,
            money: rust_xlsxwriter::Format::new().set_num_format("0.00"),
            day: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
        })
    }
}

impl Table for XlsxTable<'_> {
    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let r = self.next_row;
        let sheet = self.book.worksheet_from_index(0)?;
        for (c, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    let s = clip(s);
                    sheet.write_string(r, col(c)?, s)?;
                    let w = s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
                    self.widths[c] = self.widths[c].max(w);
                }
                Cell::Int(n) => {
                    // Ids and counts stay well inside f64's exact range.
                    sheet.write_number(r, col(c)?, *n as f64)?;
                    self.widths[c] = self.widths[c].max(n.to_string().len());
                }
                Cell::Yuan(fen) => {
                    // A number a spreadsheet can add up, shown as 199.50.
                    sheet.write_number_with_format(r, col(c)?, *fen as f64 / 100.0, &self.money)?;
                    self.widths[c] = self.widths[c].max(yuan(*fen).len());
                }
                Cell::Date(d) => {
                    match rust_xlsxwriter::ExcelDateTime::parse_from_str(d) {
                        Ok(day) => sheet.write_datetime_with_format(r, col(c)?, &day, &self.day)?,
                        // Not a day after all (another tool wrote it): kept as text.
                        Err(_) => sheet.write_string(r, col(c)?, clip(d))?,
                    };
                    self.widths[c] = self.widths[c].max(d.len());
                }
                Cell::Blank => {}
            }
        }
        self.next_row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let sheet = self.book.worksheet_from_index(0)?;
        for (c, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(col(c)?, (w.min(&MAX_WIDTH) + 2) as f64)?;
        }
        check_interrupted()?;
        self.book.save_to_writer(&mut *self.out)?;
        Ok(())
    }
}

fn col(c: usize) -> Result<u16> {
    Ok(u16::try_from(c)?)
}

/// At most Excel's cell limit, cut on a character boundary.
fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ledger_has_a_name_that_parses_back() {
        for l in Ledger::ALL {
            assert_eq!(Ledger::from_name(l.name()), Some(l));
        }
        assert_eq!(Ledger::from_name("visit"), None);
    }

    #[test]
    fn yuan_has_two_decimals() {
        assert_eq!(yuan(12345), "123.45");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-250), "-2.50");
    }

    #[test]
    fn clip_cuts_on_a_character_boundary() {
        let long = "警".repeat(MAX_CELL_CHARS + 3);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("短"), "短");
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn rows_have_one_cell_per_column() {
        let cats = Categories::shipped();
        let l = Labels {
            cats: &cats,
            lang: Lang::Zh,
        };
        let v = VisitLine {
            id: 1,
            on_date: "2026-11-26".into(),
            at_time: None,
            duration_min: None,
            target: None,
            target_address: None,
            place: String::new(),
            form: "ordinary".into(),
            mission: String::new(),
            status: "planned".into(),
            outcome: None,
            people_reached: None,
            cancel_reason: None,
            materials: None,
            sheets_out: None,
            gift: None,
            gift_fen: Some(1000),
            officers: vec!["王".into(), "李".into()],
            purposes: vec!["warmth".into(), "safety".into()],
        };
        let row = visit_row(&l, &v);
        assert_eq!(row.len(), VISIT_COLUMNS.len());
        assert_eq!(row[6], Cell::Text("王、李".into()));
        assert_eq!(row[7], Cell::Text("送温暖、送平安".into()));
        assert_eq!(row[10], Cell::Text("计划".into()));
        assert_eq!(row[16], Cell::Yuan(1000));
        assert_eq!(row[16].as_text(), "10.00");
    }
}
