//! The work summary's figures (工作总结): what is counted, and the two
//! rules that need more than a count: an issue's state as it stood on a
//! past day (rebuilt from its timeline), and the care visits an entry fell
//! due for in a period. The store fills [`Figures`] (`store/report.rs`);
//! `src/report` lays them out. See ARCHITECTURE.md, "Report".

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts by category key (the key "" stands for "none given").
pub type ByKey = BTreeMap<String, i64>;

/// A rate as its two counts; the value is undefined when nothing was
/// counted (shown "—", never NaN).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    pub num: i64,
    pub den: i64,
}

impl Ratio {
    pub fn new(num: i64, den: i64) -> Ratio {
        Ratio { num, den }
    }

    /// num / den, or None when den is zero.
    pub fn value(self) -> Option<f64> {
        (self.den != 0).then(|| self.num as f64 / self.den as f64)
    }
}

/// Satisfaction ratings on the three-grade scale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratings {
    pub satisfied: i64,
    pub basically: i64,
    pub dissatisfied: i64,
}

impl Ratings {
    /// Counts one rating by its key; keys off the scale are not counted.
    pub fn add(&mut self, rating: &str, n: i64) {
        match rating {
            "satisfied" => self.satisfied += n,
            "basically_satisfied" => self.basically += n,
            "dissatisfied" => self.dissatisfied += n,
            _ => {}
        }
    }

    pub fn total(self) -> i64 {
        self.satisfied + self.basically + self.dissatisfied
    }

    /// (satisfied + basically satisfied) / all ratings.
    pub fn satisfaction(self) -> Ratio {
        Ratio::new(self.satisfied + self.basically, self.total())
    }

    pub fn satisfied_only(self) -> Ratio {
        Ratio::new(self.satisfied, self.total())
    }

    pub fn dissatisfaction(self) -> Ratio {
        Ratio::new(self.dissatisfied, self.total())
    }
}

/// Meetings held and the people who came.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meetings {
    pub meetings: i64,
    pub attendance: i64,
}

/// Issues still open on a day, and those of them past their deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLoad {
    pub open: i64,
    pub overdue: i64,
}

/// Figures 1–9: visits for the six deliveries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VisitFigures {
    /// Officer links of done visits (出动警力 人次).
    pub turnouts: i64,
    pub done: i64,
    pub planned: i64,
    pub cancelled: i64,
    pub overdue: i64,
    /// Distinct targets of done visits, by target kind.
    pub targets_by_kind: ByKey,
    pub targets: i64,
    pub people_reached: i64,
    /// Done visits per purpose; a visit with two purposes counts in both.
    pub by_purpose: ByKey,
    /// Done visits with more than one purpose.
    pub multi_purpose: i64,
    /// Distinct done-visit targets per group, as the group stood that day.
    pub vulnerable_by_group: ByKey,
    pub vulnerable: i64,
    /// Done visits whose form is a consultation, by form.
    pub consultations: BTreeMap<String, Meetings>,
    /// Done visits with the law purpose.
    pub legal: Meetings,
    pub legal_materials: i64,
    /// Done visits with the care purpose; gifts given on them.
    pub care_visits: i64,
    pub gifts: i64,
    pub gift_fen: i64,
}

/// Figures 10–11 and the comments of 12: the open-door evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvaluationFigures {
    pub sheets_out: i64,
    /// Evaluations recorded at visits in the period.
    pub collected: i64,
    pub overall: Ratings,
    pub by_aspect: BTreeMap<String, Ratings>,
    /// Evaluations with a comment (opinions collected).
    pub comments: i64,
}

/// Figures 13–23: the issue loop. Rates 14–18 follow the issues raised in
/// the period; reopenings, measures and hand-overs are the ones dated in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IssueFigures {
    pub raised: i64,
    pub raised_by_topic: ByKey,
    pub from_visits: i64,
    pub assigned: i64,
    /// Rectified or later now.
    pub rectified: i64,
    /// Ever rectified, and of those first rectified on time.
    pub ever_rectified: i64,
    pub rectified_on_time: i64,
    pub closed: i64,
    pub closed_on_time: i64,
    /// Named issues ever rectified, and of those ever answered.
    pub named_rectified: i64,
    pub answered: i64,
    /// Every rating given, and each issue's first rating.
    pub ratings: Ratings,
    pub first_ratings: Ratings,
    /// Dissatisfied ratings dated in the period.
    pub reopened: i64,
    /// Open on the period's last day, by unit and by responsible officer.
    pub open_by_unit: BTreeMap<String, OpenLoad>,
    pub open_by_officer: BTreeMap<String, OpenLoad>,
    pub open: OpenLoad,
    /// Rectification measures dated in the period, by evaluation theme.
    pub measures_by_theme: ByKey,
    /// Conduct and integrity complaints raised, by verification result.
    pub complaints: i64,
    pub verification: ByKey,
    /// Hand-overs dated in the period, by department; replies dated in it.
    pub handed_over_by_department: ByKey,
    pub handover_replies: i64,
}

/// Figures 24–26: mediation, by what happened in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MediationFigures {
    pub received: i64,
    pub received_by_kind: ByKey,
    pub received_by_source: ByKey,
    /// Cases with a session held in the period.
    pub mediated: i64,
    pub agreements: i64,
    pub no_agreements: i64,
    pub declined: i64,
    pub referred_by_target: ByKey,
    pub referred: i64,
    pub honoured: i64,
    /// Cases whose time limit fell in the period and passed unconcluded.
    pub past_limit: i64,
    pub sessions: i64,
}

/// Figure 27: the care list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CareFigures {
    pub on_list: i64,
    pub on_list_by_group: ByKey,
    /// Care visits falling due in the period, and those a visit met.
    pub due: i64,
    pub met: i64,
    /// Dues unmet and passed by the period's end.
    pub overdue: i64,
}

/// Every figure of one station for one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub visits: VisitFigures,
    pub evaluation: EvaluationFigures,
    pub issues: IssueFigures,
    pub mediation: MediationFigures,
    pub care: CareFigures,
}

impl Figures {
    /// Opinions collected: issues raised plus evaluations with a comment.
    pub fn opinions(&self) -> i64 {
        self.issues.raised + self.evaluation.comments
    }

    /// Adds another station's figures to these (the bureau roll-up). Every
    /// figure is a count, so the sum is exact and rates are recomputed
    /// from the summed counts.
    pub fn absorb(&mut self, o: &Figures) {
        self.visits.absorb(&o.visits);
        self.evaluation.absorb(&o.evaluation);
        self.issues.absorb(&o.issues);
        self.mediation.absorb(&o.mediation);
        self.care.absorb(&o.care);
    }
}

/// Adds like to like.
trait Absorb {
    fn absorb(&mut self, other: &Self);
}

impl Absorb for i64 {
    fn absorb(&mut self, other: &i64) {
        *self += other;
    }
}

impl<T: Absorb + Default + Clone> Absorb for BTreeMap<String, T> {
    fn absorb(&mut self, other: &Self) {
        for (k, v) in other {
            self.entry(k.clone()).or_default().absorb(v);
        }
    }
}

/// Implements [`Absorb`] field by field.
macro_rules! absorb_fields {
    ($t:ty: $($f:ident),*) => {
        impl Absorb for $t {
            fn absorb(&mut self, o: &Self) {
                $(self.$f.absorb(&o.$f);)*
            }
        }
        impl $t {
            /// Adds another station's figures (see [`Figures::absorb`]).
            pub fn absorb(&mut self, o: &Self) {
                <Self as Absorb>::absorb(self, o)
            }
        }
    };
}

absorb_fields!(Ratings: satisfied, basically, dissatisfied);
absorb_fields!(Meetings: meetings, attendance);
absorb_fields!(OpenLoad: open, overdue);
absorb_fields!(VisitFigures: turnouts, done, planned, cancelled, overdue, targets_by_kind,
    targets, people_reached, by_purpose, multi_purpose, vulnerable_by_group, vulnerable,
    consultations, legal, legal_materials, care_visits, gifts, gift_fen);
absorb_fields!(EvaluationFigures: sheets_out, collected, overall, by_aspect, comments);
absorb_fields!(IssueFigures: raised, raised_by_topic, from_visits, assigned, rectified,
    ever_rectified, rectified_on_time, closed, closed_on_time, named_rectified, answered,
    ratings, first_ratings, reopened, open_by_unit, open_by_officer, open, measures_by_theme,
    complaints, verification, handed_over_by_department, handover_replies);
absorb_fields!(MediationFigures: received, received_by_kind, received_by_source, mediated,
    agreements, no_agreements, declined, referred_by_target, referred, honoured, past_limit,
    sessions);
absorb_fields!(CareFigures: on_list, on_list_by_group, due, met, overdue);

/// One row of an issue's timeline, as far as its state is concerned.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub step: String,
    pub on: NaiveDate,
    /// The deadline an assignment set.
    pub deadline: Option<NaiveDate>,
    pub unit: Option<String>,
    pub officer: Option<i64>,
    /// A rating's key.
    pub category: Option<String>,
}

/// Where an issue stood at the end of a day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateAt {
    /// New, assigned or rectifying: not yet rectified.
    pub open: bool,
    pub deadline: Option<NaiveDate>,
    pub unit: Option<String>,
    pub officer: Option<i64>,
}

impl StateAt {
    /// Open and past its deadline on `day`.
    pub fn overdue(&self, day: NaiveDate) -> bool {
        self.open && self.deadline.is_some_and(|d| d < day)
    }
}

/// The issue's state at the end of `day`, replaying its timeline (in the
/// order written) up to steps dated that day. None when it had not been
/// raised. A record's own columns cannot say this for a past day: a
/// reopen overwrites its dates.
pub fn state_at(timeline: &[TimelineRow], day: NaiveDate) -> Option<StateAt> {
    let mut state: Option<StateAt> = None;
    for row in timeline.iter().filter(|r| r.on <= day) {
        let s = state.get_or_insert_with(StateAt::default);
        match row.step.as_str() {
            "raise" => s.open = true,
            "assign" => {
                s.deadline = row.deadline;
                s.unit.clone_from(&row.unit);
                s.officer = row.officer;
            }
            "rectify" | "close_anonymous" => s.open = false,
            "rate" => s.open = row.category.as_deref() == Some("dissatisfied"),
            _ => {}
        }
    }
    state
}

/// Whether the first rectification came on or before the deadline in
/// force when it was made: None when the issue was never rectified.
pub fn rectified_on_time(timeline: &[TimelineRow]) -> Option<bool> {
    let mut deadline = None;
    for row in timeline {
        match row.step.as_str() {
            "assign" => deadline = row.deadline,
            "rectify" => return Some(deadline.is_none_or(|d| row.on <= d)),
            _ => {}
        }
    }
    None
}

/// Care visits due and met for one entry in `from..=to`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dues {
    pub due: i64,
    pub met: i64,
    pub overdue: i64,
}

/// The care visits one entry fell due for in `from..=to`. The first visit
/// is due on `since`, each next one `cadence` days after the last care
/// visit (as the care list computes it); each care visit meets the due
/// before it, early or late. A due in the period counts, met or not; an
/// unmet due dated before `end` (the period's end, or today if sooner) is
/// overdue, whenever it fell due. A visit restarts the cadence, so an
/// entry can fall due more than once in a period. `visits` are the entry's
/// care visit days, sorted; those before `from - 366 days` may be left
/// out (a cadence is at most 366 days, so their dues fall before `from`).
pub fn care_dues(
    since: NaiveDate,
    cadence: u32,
    visits: &[NaiveDate],
    (from, to): (NaiveDate, NaiveDate),
    end: NaiveDate,
) -> Dues {
    let in_period = |d: NaiveDate| from <= d && d <= to;
    let mut out = Dues::default();
    let mut due = since;
    for v in visits.iter().copied().filter(|v| *v <= to) {
        if in_period(due) {
            out.due += 1;
            out.met += 1;
        }
        due = v + Days::new(u64::from(cadence));
    }
    out.due += i64::from(in_period(due));
    out.overdue += i64::from(due < end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(step: &str, on: &str) -> TimelineRow {
        TimelineRow {
            step: step.into(),
            on: d(on),
            deadline: None,
            unit: None,
            officer: None,
            category: None,
        }
    }

    fn assign(on: &str, deadline: &str) -> TimelineRow {
        TimelineRow {
            deadline: Some(d(deadline)),
            unit: Some("patrol".into()),
            officer: Some(7),
            ..row("assign", on)
        }
    }

    fn rate(on: &str, rating: &str) -> TimelineRow {
        TimelineRow {
            category: Some(rating.into()),
            ..row("rate", on)
        }
    }

    #[test]
    fn a_reopened_issue_is_open_again_from_the_dissatisfied_rating() {
        let t = vec![
            row("raise", "2026-03-01"),
            assign("2026-03-02", "2026-03-10"),
            row("rectify", "2026-03-08"),
            row("answer", "2026-03-09"),
            rate("2026-03-12", "dissatisfied"),
            row("rectify", "2026-04-02"),
        ];
        assert_eq!(state_at(&t, d("2026-02-28")), None);
        let open = |day| state_at(&t, d(day)).unwrap().open;
        assert!(open("2026-03-05"));
        assert!(!open("2026-03-08"));
        assert!(open("2026-03-31"));
        assert!(state_at(&t, d("2026-03-31"))
            .unwrap()
            .overdue(d("2026-03-31")));
        assert!(!open("2026-04-02"));
        assert_eq!(rectified_on_time(&t), Some(true));
    }

    #[test]
    fn on_time_uses_the_deadline_in_force_at_the_first_rectification() {
        let late = vec![
            row("raise", "2026-03-01"),
            assign("2026-03-02", "2026-03-10"),
            row("rectify", "2026-03-11"),
            assign("2026-03-20", "2026-04-30"),
        ];
        assert_eq!(rectified_on_time(&late), Some(false));
        let extended = vec![
            row("raise", "2026-03-01"),
            assign("2026-03-02", "2026-03-10"),
            assign("2026-03-09", "2026-03-20"),
            row("rectify", "2026-03-15"),
        ];
        assert_eq!(rectified_on_time(&extended), Some(true));
        assert_eq!(rectified_on_time(&late[..2]), None);
    }

    #[test]
    fn an_entry_can_fall_due_twice_in_a_period() {
        let period = (d("2026-03-01"), d("2026-03-31"));
        // Visited 02-20 with a 14-day cadence: due 03-06 (met 03-07), then
        // 03-21 (met 03-21); the next due 04-04 is after the period.
        let visits = [d("2026-02-20"), d("2026-03-07"), d("2026-03-21")];
        let dues = care_dues(d("2026-01-01"), 14, &visits, period, d("2026-03-31"));
        assert_eq!(
            dues,
            Dues {
                due: 2,
                met: 2,
                overdue: 0
            }
        );
        // Without the last visit the second due is unmet and overdue.
        let dues = care_dues(d("2026-01-01"), 14, &visits[..2], period, d("2026-03-31"));
        assert_eq!(
            dues,
            Dues {
                due: 2,
                met: 1,
                overdue: 1
            }
        );
    }

    #[test]
    fn an_entry_never_visited_is_due_on_its_since_date() {
        let period = (d("2026-03-01"), d("2026-03-31"));
        let dues = care_dues(d("2026-03-10"), 30, &[], period, d("2026-03-31"));
        assert_eq!(
            dues,
            Dues {
                due: 1,
                met: 0,
                overdue: 1
            }
        );
        // Due before the period and still unmet: overdue, not due in it.
        let dues = care_dues(d("2026-01-10"), 30, &[], period, d("2026-03-31"));
        assert_eq!(
            dues,
            Dues {
                due: 0,
                met: 0,
                overdue: 1
            }
        );
        // Due after today: not yet overdue.
        let dues = care_dues(d("2026-03-20"), 30, &[], period, d("2026-03-15"));
        assert_eq!(
            dues,
            Dues {
                due: 1,
                met: 0,
                overdue: 0
            }
        );
    }

    #[test]
    fn a_zero_denominator_has_no_value() {
        assert_eq!(Ratio::new(0, 0).value(), None);
        assert_eq!(Ratings::default().satisfaction().value(), None);
        assert_eq!(Ratio::new(1, 4).value(), Some(0.25));
    }

    #[test]
    fn absorbing_adds_every_count_and_key() {
        let mut a = Figures::default();
        a.visits.done = 2;
        a.visits.by_purpose.insert("law".into(), 1);
        let mut b = Figures::default();
        b.visits.done = 3;
        b.visits.by_purpose.insert("law".into(), 2);
        b.visits.by_purpose.insert("care".into(), 1);
        b.issues.ratings.add("satisfied", 4);
        a.absorb(&b);
        assert_eq!(a.visits.done, 5);
        assert_eq!(a.visits.by_purpose["law"], 3);
        assert_eq!(a.visits.by_purpose["care"], 1);
        assert_eq!(a.issues.ratings.satisfied, 4);
    }
}
