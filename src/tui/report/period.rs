//! The periods the Report pane steps through: a calendar month, quarter
//! or year, or an exact range typed in. Pure date arithmetic, so the
//! pane's keys can be tested without a terminal.

use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::report::Period;
use chrono::{Datelike, Days, Months, NaiveDate};

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Length {
    #[default]
    Month,
    Quarter,
    Year,
    /// Typed in: `[`/`]` move it by its own length in days.
    Range,
}

impl Length {
    fn months(self) -> Option<u32> {
        match self {
            Length::Month => Some(1),
            Length::Quarter => Some(3),
            Length::Year => Some(12),
            Length::Range => None,
        }
    }

    /// The next length of `m`: month, quarter, year, month again (a typed
    /// range becomes a month).
    pub fn next(self) -> Length {
        match self {
            Length::Month => Length::Quarter,
            Length::Quarter => Length::Year,
            Length::Year | Length::Range => Length::Month,
        }
    }

    /// The length's name, for the title.
    pub fn name(self) -> Msg {
        match self {
            Length::Month => Msg::RptMonth,
            Length::Quarter => Msg::RptQuarter,
            Length::Year => Msg::RptYear,
            Length::Range => Msg::RptRange,
        }
    }
}

/// The calendar period of `length` that `day` falls in.
pub fn containing(day: NaiveDate, length: Length) -> Period {
    let Some(months) = length.months() else {
        return Period { from: day, to: day };
    };
    let month0 = (day.month0() / months) * months;
    let from = NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day);
    Period {
        from,
        to: from + Months::new(months) - Days::new(1),
    }
}

/// The period `steps` periods after `p` (before, when negative).
pub fn shift(p: Period, length: Length, steps: i32) -> Period {
    match length.months() {
        Some(months) => {
            let n = Months::new(months * steps.unsigned_abs());
            let from = if steps < 0 {
                p.from.checked_sub_months(n)
            } else {
                p.from.checked_add_months(n)
            };
            containing(from.unwrap_or(p.from), length)
        }
        None => {
            let days = (p.to - p.from).num_days() + 1;
            let by = chrono::Duration::days(days * i64::from(steps));
            match (p.from.checked_add_signed(by), p.to.checked_add_signed(by)) {
                (Some(from), Some(to)) => Period { from, to },
                _ => p,
            }
        }
    }
}

/// The period's name in the title: "2026-11", "2026-Q4", "2026", or
/// "2026-11-03 to 2026-11-20" (in Chinese "2026年11月" and so on).
pub fn label(p: Period, length: Length, lang: Lang) -> String {
    let y = p.from.year();
    match length {
        Length::Month => Msg::RptMonthFmt.fill(lang, &[&y, &format!("{:02}", p.from.month())]),
        Length::Quarter => Msg::RptQuarterFmt.fill(lang, &[&y, &(p.from.month0() / 3 + 1)]),
        Length::Year => Msg::RptYearFmt.fill(lang, &[&y]),
        Length::Range => Msg::RptRangeFmt.fill(lang, &[&p.from, &p.to]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_contain_the_day_and_step_over_year_ends() {
        let nov = containing(d(2026, 11, 26), Length::Month);
        assert_eq!((nov.from, nov.to), (d(2026, 11, 1), d(2026, 11, 30)));
        let dec = shift(nov, Length::Month, 1);
        assert_eq!((dec.from, dec.to), (d(2026, 12, 1), d(2026, 12, 31)));
        let jan = shift(dec, Length::Month, 1);
        assert_eq!(jan.from, d(2027, 1, 1));
        let q = containing(d(2026, 11, 26), Length::Quarter);
        assert_eq!((q.from, q.to), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(shift(q, Length::Quarter, -1).from, d(2026, 7, 1));
        let y = containing(d(2026, 2, 28), Length::Year);
        assert_eq!((y.from, y.to), (d(2026, 1, 1), d(2026, 12, 31)));
        let r = Period {
            from: d(2026, 11, 3),
            to: d(2026, 11, 9),
        };
        assert_eq!(shift(r, Length::Range, 1).from, d(2026, 11, 10));
        assert_eq!(shift(r, Length::Range, -1).to, d(2026, 11, 2));
    }

    #[test]
    fn labels_name_the_period_in_both_languages() {
        let nov = containing(d(2026, 11, 26), Length::Month);
        assert_eq!(label(nov, Length::Month, Lang::En), "2026-11");
        assert_eq!(label(nov, Length::Month, Lang::Zh), "2026年11月");
        let q = containing(d(2026, 11, 26), Length::Quarter);
        assert_eq!(label(q, Length::Quarter, Lang::En), "2026-Q4");
        assert_eq!(label(q, Length::Quarter, Lang::Zh), "2026年第4季度");
    }
}
