//! Dates and times as a coordinator types them: ISO dates, a few words in
//! English and Chinese, and offsets from today (`+3d`, `-1w`, `+2m`, `+1y`).

use chrono::{Days, Months, NaiveDate, NaiveTime};

/// Text that is not a date (or a time); the form says what it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unparsed;

/// Parses a typed date relative to `today`. Empty text is `Ok(None)`;
/// anything unrecognised is `Err(Unparsed)` and the caller shows why.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Unparsed> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let word = match t.as_str() {
        "today" | "今天" | "今日" => Some(0),
        "tomorrow" | "明天" | "明日" => Some(1),
        "yesterday" | "昨天" | "昨日" => Some(-1),
        "后天" => Some(2),
        "前天" => Some(-2),
        _ => None,
    };
    if let Some(days) = word {
        return shift_days(today, days).map(Some).ok_or(Unparsed);
    }
    if let Some(d) = relative(&t, today) {
        return Ok(Some(d));
    }
    iso(&t).map(Some).ok_or(Unparsed)
}

/// `2026-11-26`, also with `/` or `.` between the parts and without
/// leading zeros (`2026-1-5`).
fn iso(t: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `+3d`, `-1w`, `+2m`, `+1y`: a sign, a count and a unit. Months and
/// years keep the day, or clamp it to the month's end (Jan 31 + 1m is
/// the last day of February).
fn relative(t: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (sign, rest) = match t.chars().next()? {
        '+' => (1i64, &t[1..]),
        '-' => (-1i64, &t[1..]),
        _ => return None,
    };
    let unit = rest.chars().last()?;
    let digits = &rest[..rest.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count: i64 = digits.parse().ok()?;
    if !(0..=10_000).contains(&count) {
        return None;
    }
    let n = sign * count;
    match unit {
        'd' => shift_days(today, n),
        'w' => shift_days(today, n * 7),
        'm' => shift_months(today, n),
        'y' => shift_months(today, n * 12),
        _ => None,
    }
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn shift_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// Parses `09:30` or `9:30` (a full-width colon from a Chinese input
/// method is accepted too). Empty text is `Ok(None)`.
pub fn parse_time(text: &str) -> Result<Option<NaiveTime>, Unparsed> {
    let t = text.trim().replace('：', ":");
    if t.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(&t, "%H:%M")
        .map(Some)
        .map_err(|_| Unparsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(s: &str) -> Option<NaiveDate> {
        parse_date(s, d("2026-11-26")).unwrap()
    }

    #[test]
    fn iso_dates_in_several_spellings() {
        for (typed, want) in [
            ("2026-11-26", "2026-11-26"),
            (" 2027-1-5 ", "2027-01-05"),
            ("2027/01/05", "2027-01-05"),
            ("2027.1.5", "2027-01-05"),
        ] {
            assert_eq!(p(typed), Some(d(want)), "{typed}");
        }
        assert_eq!(p(""), None);
        assert_eq!(p("   "), None);
    }

    #[test]
    fn words_in_english_and_chinese() {
        for (typed, want) in [
            ("today", "2026-11-26"),
            ("Today", "2026-11-26"),
            ("tomorrow", "2026-11-27"),
            ("yesterday", "2026-11-25"),
            ("今天", "2026-11-26"),
            ("明天", "2026-11-27"),
            ("昨天", "2026-11-25"),
            ("后天", "2026-11-28"),
            ("前天", "2026-11-24"),
        ] {
            assert_eq!(p(typed), Some(d(want)), "{typed}");
        }
    }

    #[test]
    fn offsets_from_today() {
        for (typed, want) in [
            ("+3d", "2026-11-29"),
            ("-3d", "2026-11-23"),
            ("+0d", "2026-11-26"),
            ("-1w", "2026-11-19"),
            ("+2w", "2026-12-10"),
            ("+2m", "2027-01-26"),
            ("-1m", "2026-10-26"),
            ("+1y", "2027-11-26"),
            ("+10D", "2026-12-06"),
        ] {
            assert_eq!(p(typed), Some(d(want)), "{typed}");
        }
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        let jan31 = d("2026-01-31");
        assert_eq!(parse_date("+1m", jan31).unwrap(), Some(d("2026-02-28")));
        assert_eq!(
            parse_date("+1m", d("2028-01-31")).unwrap(),
            Some(d("2028-02-29")),
            "leap year"
        );
        assert_eq!(
            parse_date("-1m", d("2026-03-31")).unwrap(),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            parse_date("+1y", d("2028-02-29")).unwrap(),
            Some(d("2029-02-28"))
        );
    }

    #[test]
    fn everything_else_is_refused() {
        let today = d("2026-11-26");
        for bad in [
            "next week",
            "2026-13-01",
            "2026-02-30",
            "26-11-26",
            "20226-11-26",
            "3d",
            "+d",
            "+3",
            "+3x",
            "++3d",
            "+-3d",
            "+99999999999d",
            "11/26/2026",
            "大后天",
            "+３d",
        ] {
            assert_eq!(parse_date(bad, today), Err(Unparsed), "{bad}");
        }
    }

    #[test]
    fn times() {
        let t = |h, m| Some(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(parse_time("09:30"), Ok(t(9, 30)));
        assert_eq!(parse_time("9:30"), Ok(t(9, 30)));
        assert_eq!(parse_time("14：05"), Ok(t(14, 5)));
        assert_eq!(parse_time(""), Ok(None));
        for bad in ["25:00", "9.30", "noon", "09:60", "0930"] {
            assert_eq!(parse_time(bad), Err(Unparsed), "{bad}");
        }
    }
}
