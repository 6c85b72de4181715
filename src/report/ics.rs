//! The calendar export: visits as an iCalendar file (RFC 5545) an
//! officer loads into any calendar app (docs/ARCHITECTURE.md, "Reports
//! and exports").
//!
//! Hand-written because the format is small: CRLF line ends, lines folded
//! at 75 octets without splitting a UTF-8 character, TEXT values escaped.
//! One VEVENT per visit in the range, cancelled ones included with
//! `STATUS:CANCELLED` so a calendar that loaded them earlier drops them.
//! The UID (`visit-<id>@<station>.doorstep`) is stable, so a re-import
//! updates events instead of doubling them. Times are the station's wall clock (Asia/Shanghai, UTC+8 all
//! year, with its VTIMEZONE); a visit without a time is an all-day event.

use super::output::{check_interrupted, Progress};
use crate::config::categories::SetId;
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::ledger::{Span, VisitLine};
use crate::store::Store;
use anyhow::Result;
use chrono::{NaiveDate, NaiveTime};
use std::io::Write;

/// The station's time zone (China keeps UTC+8 all year, no summer time).
pub const TZID: &str = "Asia/Shanghai";

/// The VTIMEZONE for [`TZID`].
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// The longest line in octets, CRLF not counted (RFC 5545 §3.1).
const FOLD_AT: usize = 75;

/// Writes the visits in `span` (of `officers`, if any are named) as one
/// calendar to `out`, a page at a time. Returns the number of events.
pub fn write(
    store: &Store,
    span: Span,
    officers: &[i64],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u64> {
    let total = store.visit_ledger_count(span, officers)?;
    let mut progress = Progress::new(
        u64::try_from(total).unwrap_or(0),
        Msg::ExportCalendarLabel.text(lang),
    );
    let host = host(store.station_code());
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//doorstep//outreach calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        put(out, line)?;
    }
    for line in VTIMEZONE {
        put(out, line)?;
    }
    let mut after = None;
    let mut n = 0u64;
    loop {
        check_interrupted()?;
        let page = store.visit_ledger_page(span, officers, after.as_ref())?;
        for v in &page.items {
            for line in event(store, lang, &host, &stamp, v) {
                put(out, &line)?;
            }
        }
        n += page.items.len() as u64;
        progress.inc(page.items.len() as u64);
        match page.next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    put(out, "END:VCALENDAR")?;
    progress.finish();
    Ok(n)
}

/// The lines of one VEVENT, unfolded.
fn event(store: &Store, lang: Lang, host: &str, stamp: &str, v: &VisitLine) -> Vec<String> {
    let cats = store.categories();
    let sep = Msg::LedgerListSep.text(lang);
    let purposes: Vec<String> = v
        .purposes
        .iter()
        .map(|p| cats.label(SetId::Purpose, p, lang))
        .collect();
    let who = v.target.clone().unwrap_or_else(|| v.place.clone());
    let summary = match (purposes.is_empty(), who.is_empty()) {
        (false, false) => Msg::ExportEventSummaryFmt.fill(lang, &[&purposes.join(sep), &who]),
        (false, true) => purposes.join(sep),
        _ => who,
    };
    let mut description = v.mission.clone();
    if !v.officers.is_empty() {
        if !description.is_empty() {
            description.push('\n');
        }
        description.push_str(&Msg::ExportEventOfficersFmt.fill(lang, &[&v.officers.join(sep)]));
    }
    let location = if v.place.is_empty() {
        v.target_address.clone().unwrap_or_default()
    } else {
        v.place.clone()
    };
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:visit-{}@{host}", v.id),
        format!("DTSTAMP:{stamp}"),
    ];
    lines.extend(when(v));
    lines.push(format!("SUMMARY:{}", escape(&summary)));
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
    }
    if !location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&location)));
    }
    let status = if v.status == "cancelled" {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("END:VEVENT".to_string());
    lines
}

/// DTSTART (and DURATION): a local time in the station's zone, or an
/// all-day date when no time is set.
fn when(v: &VisitLine) -> Vec<String> {
    let date = NaiveDate::parse_from_str(&v.on_date, "%Y-%m-%d").ok();
    let time = v.at_time.as_deref().and_then(|t| {
        NaiveTime::parse_from_str(t, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .ok()
    });
    let Some(date) = date else {
        return Vec::new();
    };
    let Some(time) = time else {
        return vec![format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d"))];
    };
    let mut out = vec![format!(
        "DTSTART;TZID={TZID}:{}T{}",
        date.format("%Y%m%d"),
        time.format("%H%M%S")
    )];
    if let Some(min) = v.duration_min.filter(|m| *m > 0) {
        out.push(format!("DURATION:PT{min}M"));
    }
    out
}

/// The UID's host part: the station code, lower case, only letters,
/// digits and hyphens (a code from the config must not break the line).
fn host(code: &str) -> String {
    let code: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let code = if code.is_empty() {
        "station".into()
    } else {
        code
    };
    format!("{code}.doorstep")
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\ ; ,` get a backslash, a
/// line break becomes `\n`, and other control characters (which TEXT
/// does not allow) are dropped.
pub fn escape(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per line, continuation lines
/// begin with one space (which counts), never splitting a character; each
/// line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > FOLD_AT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn put(out: &mut dyn Write, line: &str) -> Result<()> {
    out.write_all(fold(line).as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(folded: &str) -> Vec<&str> {
        folded.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    fn unfold(folded: &str) -> String {
        folded
            .replace("\r\n ", "")
            .trim_end_matches("\r\n")
            .to_string()
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(fold("SUMMARY:hi"), "SUMMARY:hi\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_ascii_folds_at_75_octets_with_a_leading_space() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let folded = fold(&line);
        let parts = lines(&folded);
        assert_eq!(parts[0].len(), 75);
        assert!(parts[1..]
            .iter()
            .all(|l| l.starts_with(' ') && l.len() <= 75));
        assert_eq!(parts[1].len(), 75);
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn folding_never_splits_a_chinese_character() {
        // 8 octets of name, then 3-octet characters: 75 is not a multiple.
        let line = format!("SUMMARY:{}", "送温暖".repeat(30));
        let folded = fold(&line);
        for part in lines(&folded) {
            assert!(part.len() <= 75, "{} octets", part.len());
            assert!(std::str::from_utf8(part.as_bytes()).is_ok());
        }
        assert_eq!(lines(&folded)[0].len(), 74); // 8 + 22 × 3; a 23rd would make 77
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn a_four_octet_character_at_the_edge_moves_whole() {
        let line = format!("{}😀tail", "x".repeat(73));
        let folded = fold(&line);
        assert_eq!(lines(&folded)[0], "x".repeat(73));
        assert_eq!(lines(&folded)[1], " 😀tail");
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_newlines() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\r\ntwo\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("bell\u{7}gone\u{1b}[31m"), "bellgone[31m");
        assert_eq!(escape("张三：送温暖"), "张三：送温暖");
    }

    #[test]
    fn the_uid_host_is_safe_whatever_the_code() {
        assert_eq!(host("XC"), "xc.doorstep");
        assert_eq!(host("X C;\r\n"), "xc.doorstep");
        assert_eq!(host("城关"), "station.doorstep");
    }

    fn visit(at: Option<&str>, minutes: Option<i64>) -> VisitLine {
        VisitLine {
            id: 7,
            on_date: "2026-11-26".into(),
            at_time: at.map(String::from),
            duration_min: minutes,
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
            gift_fen: None,
            officers: Vec::new(),
            purposes: Vec::new(),
        }
    }

    #[test]
    fn a_timed_visit_has_a_zoned_start_and_a_duration() {
        assert_eq!(
            when(&visit(Some("09:30"), Some(90))),
            [
                "DTSTART;TZID=Asia/Shanghai:20261126T093000",
                "DURATION:PT90M"
            ]
        );
    }

    #[test]
    fn a_visit_without_a_time_is_all_day() {
        assert_eq!(
            when(&visit(None, Some(90))),
            ["DTSTART;VALUE=DATE:20261126"]
        );
    }
}
