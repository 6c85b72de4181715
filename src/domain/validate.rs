//! Field validation shared by every record: text, phone numbers, dates
//! and category keys.

use super::error::{FieldError, FieldId, Problem};
use crate::config::categories::{Categories, SetId};
use chrono::NaiveDate;

/// Longest single-line value (names, summaries, addresses).
pub const LINE_MAX: usize = 200;
/// Longest multi-line value (notes, outcomes, measures).
pub const TEXT_MAX: usize = 5000;

/// A single-line text: trimmed, no control characters at all.
pub fn line(field: FieldId, value: &str, required: bool) -> Result<String, FieldError> {
    checked(field, value, required, LINE_MAX, false)
}

/// A multi-line text: trimmed, newlines allowed, other control characters
/// refused so nothing stored can drive a terminal.
pub fn text(field: FieldId, value: &str, required: bool) -> Result<String, FieldError> {
    checked(field, value, required, TEXT_MAX, true)
}

fn checked(
    field: FieldId,
    value: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    let got = trimmed.chars().count();
    if got > max {
        return Err(FieldError::new(field, Problem::TooLong { max, got }));
    }
    let bad = |c: char| c.is_control() && !(multiline && c == '\n');
    if trimmed.chars().any(bad) {
        return Err(FieldError::new(field, Problem::ControlCharacter));
    }
    Ok(trimmed.to_string())
}

/// A phone number: digits with optional leading `+` and spaces or hyphens
/// between groups; a Chinese mobile (leading 1, no area code) has 11
/// digits. Empty is allowed: not everyone gives a number.
pub fn phone(field: FieldId, value: &str) -> Result<String, FieldError> {
    let value = line(field, value, false)?;
    if value.is_empty() {
        return Ok(value);
    }
    let bad = || FieldError::new(field, Problem::BadPhone);
    let body = value.strip_prefix('+').unwrap_or(&value);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return Err(bad());
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if !(3..=15).contains(&digits.len()) || body.starts_with(['-', ' ']) {
        return Err(bad());
    }
    if !value.starts_with('+') && digits.starts_with('1') && digits.len() > 5 && digits.len() != 11
    {
        return Err(bad());
    }
    Ok(value)
}

/// `later` must not come before `earlier`.
pub fn not_before(
    field: FieldId,
    later: NaiveDate,
    other: FieldId,
    earlier: NaiveDate,
) -> Result<(), FieldError> {
    if later < earlier {
        return Err(FieldError::new(field, Problem::Before { other }));
    }
    Ok(())
}

/// Something done (a visit, a session, a care visit, a raise, an answer,
/// a rating) cannot be dated after `today`.
pub fn not_after_today(
    field: FieldId,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if date > today {
        return Err(FieldError::new(field, Problem::AfterToday));
    }
    Ok(())
}

/// Something planned cannot be put before `today`.
pub fn not_before_today(
    field: FieldId,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if date < today {
        return Err(FieldError::new(field, Problem::BeforeToday));
    }
    Ok(())
}

/// A number inside an inclusive range.
pub fn range(field: FieldId, value: i64, min: i64, max: i64) -> Result<(), FieldError> {
    if value < min || value > max {
        return Err(FieldError::new(field, Problem::OutOfRange { min, max }));
    }
    Ok(())
}

/// Dates the campaign can plausibly hold; catches typos like 20226.
pub fn plausible_date(field: FieldId, date: NaiveDate) -> Result<(), FieldError> {
    use chrono::Datelike;
    range(field, i64::from(date.year()), 2000, 2100)
}

/// Whether a category key may be used. `new` records may only use offered
/// keys; an edit may keep a retired key that the record already had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    New,
    Existing,
}

/// A category key that must be known (and offered, for new values).
pub fn category(
    cats: &Categories,
    set: SetId,
    field: FieldId,
    key: &str,
    usage: Use,
) -> Result<(), FieldError> {
    if key.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if !cats.is_known(set, key) {
        let key = key.to_string();
        return Err(FieldError::new(
            field,
            Problem::UnknownCategory { set, key },
        ));
    }
    if usage == Use::New && !cats.is_offered(set, key) {
        let key = key.to_string();
        return Err(FieldError::new(
            field,
            Problem::RetiredCategory { set, key },
        ));
    }
    Ok(())
}

/// A list of category keys: each valid, none repeated, and at least one
/// when `required`. Keys already on the record (`old`) may be retired.
pub fn categories(
    cats: &Categories,
    set: SetId,
    field: FieldId,
    keys: &[String],
    old: &[String],
    required: bool,
) -> Result<(), FieldError> {
    if required && keys.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    for (i, key) in keys.iter().enumerate() {
        if keys[..i].contains(key) {
            return Err(FieldError::new(field, Problem::Duplicate(key.clone())));
        }
        let usage = if old.contains(key) {
            Use::Existing
        } else {
            Use::New
        };
        category(cats, set, field, key, usage)?;
    }
    Ok(())
}

/// Ids that must be distinct (officers on a visit, mediators).
pub fn distinct_ids(field: FieldId, ids: &[i64], required: bool) -> Result<(), FieldError> {
    if required && ids.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(FieldError::new(field, Problem::Duplicate(id.to_string())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldId as F;

    #[test]
    fn line_trims_and_requires() {
        assert_eq!(line(F::Name, "  王芳 ", true).unwrap(), "王芳");
        assert_eq!(
            line(F::Name, "   ", true).unwrap_err().problem,
            Problem::Required
        );
        assert_eq!(line(F::Notes, "", false).unwrap(), "");
    }

    #[test]
    fn line_refuses_control_characters_including_newline() {
        let e = line(F::Name, "a\x1b[2Jb", true).unwrap_err();
        assert_eq!(e.problem, Problem::ControlCharacter);
        assert!(line(F::Name, "a\nb", true).is_err());
        assert!(text(F::Notes, "a\nb", true).is_ok());
        assert!(text(F::Notes, "a\u{7}b", true).is_err());
        assert!(text(F::Notes, "a\rb", true).is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let cjk = "张".repeat(LINE_MAX);
        assert!(line(F::Name, &cjk, true).is_ok());
        let long = "x".repeat(10_000);
        let e = text(F::Notes, &long, true).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::TooLong {
                max: TEXT_MAX,
                got: 10_000
            }
        );
    }

    #[test]
    fn emoji_and_cjk_are_kept() {
        assert_eq!(text(F::Notes, "谢谢 👍", true).unwrap(), "谢谢 👍");
    }

    #[test]
    fn phone_accepts_common_forms() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "010-65521234",
            "+86 138 0013 8000",
            "110",
            "",
        ] {
            assert!(phone(F::Phone, ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn phone_refuses_bad_forms() {
        for bad in [
            "abc",
            "1380013800",
            "138001380001",
            "12",
            "-123456",
            "+",
            "0755-1234567x",
        ] {
            assert_eq!(
                phone(F::Phone, bad).unwrap_err().problem,
                Problem::BadPhone,
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_in_order_and_plausible() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(not_before(F::Deadline, d("2026-11-26"), F::RaisedOn, d("2026-11-26")).is_ok());
        let e = not_before(F::Deadline, d("2026-11-25"), F::RaisedOn, d("2026-11-26")).unwrap_err();
        assert_eq!(e.problem, Problem::Before { other: F::RaisedOn });
        let today = d("2026-11-26");
        assert!(not_after_today(F::Date, today, today).is_ok());
        let e = not_after_today(F::Date, d("2026-11-27"), today).unwrap_err();
        assert_eq!(e.problem, Problem::AfterToday);
        assert!(not_before_today(F::Date, today, today).is_ok());
        let e = not_before_today(F::Date, d("2026-11-25"), today).unwrap_err();
        assert_eq!(e.problem, Problem::BeforeToday);
        assert!(plausible_date(F::Date, d("1999-12-31")).is_err());
        assert!(plausible_date(F::Date, d("2026-01-01")).is_ok());
    }

    #[test]
    fn categories_refuse_unknown_retired_and_duplicates() {
        let cats = Categories::shipped();
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(categories(
            &cats,
            SetId::Purpose,
            F::Purposes,
            &keys(&["care"]),
            &[],
            true
        )
        .is_ok());
        let e = categories(&cats, SetId::Purpose, F::Purposes, &[], &[], true).unwrap_err();
        assert_eq!(e.problem, Problem::Required);
        let e = categories(
            &cats,
            SetId::Purpose,
            F::Purposes,
            &keys(&["nope"]),
            &[],
            true,
        );
        assert!(matches!(
            e.unwrap_err().problem,
            Problem::UnknownCategory { .. }
        ));
        let e = categories(
            &cats,
            SetId::Purpose,
            F::Purposes,
            &keys(&["care", "care"]),
            &[],
            true,
        );
        assert!(matches!(e.unwrap_err().problem, Problem::Duplicate(_)));
    }

    #[test]
    fn ids_distinct() {
        assert!(distinct_ids(F::Officers, &[1, 2], true).is_ok());
        assert!(distinct_ids(F::Officers, &[1, 1], true).is_err());
        assert!(distinct_ids(F::Officers, &[], true).is_err());
        assert!(distinct_ids(F::Mediators, &[], false).is_ok());
    }
}
