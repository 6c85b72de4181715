//! Issues residents raise and the closed loop each must go through,
//! DESIGN §1.2:
//!
//! new → assigned → rectifying → rectified → answered → closed (rating).
//! A dissatisfied rating reopens to rectifying; an anonymous issue closes
//! straight after the measure, since nobody can be answered.

use super::validate::{self as v, Use};
use super::{FieldError, Id, StepError};
use crate::config::categories::{Categories, SetId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The rating key that reopens an issue.
pub const DISSATISFIED: &str = "dissatisfied";

/// Where an issue stands in the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatus {
    New,
    Assigned,
    Rectifying,
    Rectified,
    Answered,
    Closed,
}

impl IssueStatus {
    pub const ALL: [IssueStatus; 6] = [
        IssueStatus::New,
        IssueStatus::Assigned,
        IssueStatus::Rectifying,
        IssueStatus::Rectified,
        IssueStatus::Answered,
        IssueStatus::Closed,
    ];

    /// The stored name of the state.
    pub fn name(self) -> &'static str {
        match self {
            IssueStatus::New => "new",
            IssueStatus::Assigned => "assigned",
            IssueStatus::Rectifying => "rectifying",
            IssueStatus::Rectified => "rectified",
            IssueStatus::Answered => "answered",
            IssueStatus::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn from_name(s: &str) -> Option<IssueStatus> {
        IssueStatus::ALL.into_iter().find(|st| st.name() == s)
    }
}

/// Who is responsible, and by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub unit: String,
    pub officer_id: Id,
    pub deadline: NaiveDate,
}

/// The rectification measure taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub text: String,
    /// Evaluation theme key (五评), optional.
    pub theme: Option<String>,
    pub on: NaiveDate,
}

/// The feedback given to the person who raised the issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub channel: String,
    pub on: NaiveDate,
    pub by: Id,
    pub text: String,
}

/// A problem or opinion a resident raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub raised_on: NaiveDate,
    pub topic: String,
    pub summary: String,
    pub details: String,
    /// The directory entry of who raised it; None when anonymous.
    pub raiser_id: Option<Id>,
    pub anonymous: bool,
    /// The visit where it was raised.
    pub visit_id: Option<Id>,
    pub status: IssueStatus,
    pub assignment: Option<Assignment>,
    pub measure: Option<Measure>,
    pub answer: Option<Answer>,
    /// The latest rating given (kept after a reopen).
    pub rating: Option<String>,
    /// How many times a dissatisfied rating reopened it.
    pub reopened: u32,
    pub closed_on: Option<NaiveDate>,
}

impl Issue {
    /// A new issue raised on `raised_on`.
    pub fn new(raised_on: NaiveDate, topic: &str, summary: &str) -> Issue {
        Issue {
            raised_on,
            topic: topic.to_string(),
            summary: summary.to_string(),
            details: String::new(),
            raiser_id: None,
            anonymous: false,
            visit_id: None,
            status: IssueStatus::New,
            assignment: None,
            measure: None,
            answer: None,
            rating: None,
            reopened: 0,
            closed_on: None,
        }
    }

    /// Validates the fields a form edits (not the loop's steps).
    pub fn validated(&self, cats: &Categories, old: Option<&Issue>) -> Result<Issue, FieldError> {
        v::plausible_date("raised_on", self.raised_on)?;
        let topic_use = match old {
            Some(o) if o.topic == self.topic => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::Topic, "topic", &self.topic, topic_use)?;
        if self.anonymous && self.raiser_id.is_some() {
            let why = "an anonymous issue cannot name who raised it";
            return Err(FieldError::new("raiser", super::Problem::Invalid(why)));
        }
        if let Some(a) = &self.assignment {
            v::not_before("deadline", a.deadline, "raised_on", self.raised_on)?;
        }
        Ok(Issue {
            summary: v::line("summary", &self.summary, true)?,
            details: v::text("details", &self.details, false)?,
            ..self.clone()
        })
    }

    /// Past its deadline and not yet rectified.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, IssueStatus::Assigned | IssueStatus::Rectifying)
            && self.assignment.as_ref().is_some_and(|a| a.deadline < today)
    }
}

/// A step of the loop.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueStep {
    /// Assign, or reassign before the measure is recorded.
    Assign(Assignment),
    StartRectifying {
        on: NaiveDate,
    },
    Rectify(Measure),
    Answer(Answer),
    /// The raiser's rating; a dissatisfied one reopens the issue.
    Rate {
        rating: String,
        on: NaiveDate,
    },
    /// Close an anonymous issue after its measure: no answer is owed.
    CloseAnonymous {
        on: NaiveDate,
    },
}

impl IssueStep {
    /// The step's stored name (timeline and audit).
    pub fn name(&self) -> &'static str {
        match self {
            IssueStep::Assign(_) => "assign",
            IssueStep::StartRectifying { .. } => "start_rectifying",
            IssueStep::Rectify(_) => "rectify",
            IssueStep::Answer(_) => "answer",
            IssueStep::Rate { .. } => "rate",
            IssueStep::CloseAnonymous { .. } => "close_anonymous",
        }
    }

    /// The date the step happened.
    pub fn on(&self, today: NaiveDate) -> NaiveDate {
        match self {
            IssueStep::Assign(_) => today,
            IssueStep::StartRectifying { on }
            | IssueStep::Rate { on, .. }
            | IssueStep::CloseAnonymous { on } => *on,
            IssueStep::Rectify(m) => m.on,
            IssueStep::Answer(a) => a.on,
        }
    }
}

/// Applies one step of the loop, or says why it is not allowed.
pub fn apply(issue: &Issue, step: &IssueStep, cats: &Categories) -> Result<Issue, StepError> {
    use IssueStatus as S;
    let refuse = || StepError::NotAllowed {
        step: step.name(),
        state: issue.status.name(),
    };
    let mut next = issue.clone();
    match step {
        IssueStep::Assign(a) => {
            if !matches!(issue.status, S::New | S::Assigned | S::Rectifying) {
                return Err(refuse());
            }
            v::category(cats, SetId::Unit, "unit", &a.unit, Use::New)?;
            v::not_before("deadline", a.deadline, "raised_on", issue.raised_on)?;
            next.assignment = Some(a.clone());
            if issue.status == S::New {
                next.status = S::Assigned;
            }
        }
        IssueStep::StartRectifying { on } => {
            if issue.status != S::Assigned {
                return Err(refuse());
            }
            v::not_before("date", *on, "raised_on", issue.raised_on)?;
            next.status = S::Rectifying;
        }
        IssueStep::Rectify(m) => {
            if issue.status != S::Rectifying {
                return Err(refuse());
            }
            next.measure = Some(measure(m, issue, cats)?);
            next.status = S::Rectified;
        }
        IssueStep::Answer(a) => {
            if issue.status != S::Rectified {
                return Err(refuse());
            }
            if issue.anonymous {
                return Err(StepError::Rule(
                    "an anonymous issue has nobody to answer: close it after the measure",
                ));
            }
            next.answer = Some(answer(a, issue, cats)?);
            next.status = S::Answered;
        }
        IssueStep::Rate { rating, on } => {
            if issue.anonymous {
                return Err(StepError::Rule("an anonymous issue cannot be rated"));
            }
            if issue.status != S::Answered {
                return Err(refuse());
            }
            v::category(cats, SetId::Rating, "rating", rating, Use::New)?;
            v::not_before("date", *on, "raised_on", issue.raised_on)?;
            rate(&mut next, rating, *on);
        }
        IssueStep::CloseAnonymous { on } => {
            if !issue.anonymous {
                return Err(StepError::Rule(
                    "only an anonymous issue closes without an answer and a rating",
                ));
            }
            if issue.status != S::Rectified {
                return Err(refuse());
            }
            v::not_before("date", *on, "raised_on", issue.raised_on)?;
            next.status = S::Closed;
            next.closed_on = Some(*on);
        }
    }
    Ok(next)
}

fn measure(m: &Measure, issue: &Issue, cats: &Categories) -> Result<Measure, FieldError> {
    if let Some(theme) = &m.theme {
        v::category(cats, SetId::Theme, "theme", theme, Use::New)?;
    }
    v::not_before("date", m.on, "raised_on", issue.raised_on)?;
    Ok(Measure {
        text: v::text("measure", &m.text, true)?,
        ..m.clone()
    })
}

fn answer(a: &Answer, issue: &Issue, cats: &Categories) -> Result<Answer, FieldError> {
    v::category(
        cats,
        SetId::FeedbackChannel,
        "channel",
        &a.channel,
        Use::New,
    )?;
    v::not_before("date", a.on, "raised_on", issue.raised_on)?;
    Ok(Answer {
        text: v::text("answer", &a.text, true)?,
        ..a.clone()
    })
}

/// A dissatisfied rating sends the issue back to rectifying and counts a
/// reopen; any other rating closes it. The rating itself is kept.
fn rate(next: &mut Issue, rating: &str, on: NaiveDate) {
    next.rating = Some(rating.to_string());
    if rating == DISSATISFIED {
        next.status = IssueStatus::Rectifying;
        next.reopened += 1;
        next.measure = None;
        next.answer = None;
    } else {
        next.status = IssueStatus::Closed;
        next.closed_on = Some(on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cats() -> Categories {
        Categories::shipped()
    }

    fn unit() -> String {
        cats().keys(SetId::Unit)[0].clone()
    }

    fn assign() -> IssueStep {
        IssueStep::Assign(Assignment {
            unit: unit(),
            officer_id: 3,
            deadline: d("2026-12-10"),
        })
    }
    fn start() -> IssueStep {
        IssueStep::StartRectifying {
            on: d("2026-11-27"),
        }
    }
    fn rectify() -> IssueStep {
        let theme = Some("serving_public".to_string());
        IssueStep::Rectify(Measure {
            text: "加装路灯".into(),
            theme,
            on: d("2026-11-28"),
        })
    }
    fn answer_step() -> IssueStep {
        IssueStep::Answer(Answer {
            channel: "phone".into(),
            on: d("2026-11-29"),
            by: 3,
            text: "已电话告知".into(),
        })
    }
    fn rate_step(r: &str) -> IssueStep {
        IssueStep::Rate {
            rating: r.into(),
            on: d("2026-11-30"),
        }
    }

    fn raised() -> Issue {
        let mut i = Issue::new(d("2026-11-26"), "security", "路口夜间无照明");
        i.raiser_id = Some(9);
        i
    }

    fn walk(issue: &Issue, steps: &[IssueStep]) -> Issue {
        steps
            .iter()
            .fold(issue.clone(), |i, s| apply(&i, s, &cats()).unwrap())
    }

    fn all_steps() -> Vec<IssueStep> {
        vec![
            assign(),
            start(),
            rectify(),
            answer_step(),
            rate_step("satisfied"),
            IssueStep::CloseAnonymous {
                on: d("2026-11-30"),
            },
        ]
    }

    #[test]
    fn full_loop_closes_with_rating() {
        let i = walk(
            &raised(),
            &[
                assign(),
                start(),
                rectify(),
                answer_step(),
                rate_step("satisfied"),
            ],
        );
        assert_eq!(i.status, IssueStatus::Closed);
        assert_eq!(i.rating.as_deref(), Some("satisfied"));
        assert_eq!(i.closed_on, Some(d("2026-11-30")));
        assert_eq!(i.reopened, 0);
    }

    #[test]
    fn each_state_allows_only_its_steps() {
        // (steps to reach the state, indexes into all_steps() that are allowed)
        let cases: Vec<(Vec<IssueStep>, Vec<usize>)> = vec![
            (vec![], vec![0]),
            (vec![assign()], vec![0, 1]),
            (vec![assign(), start()], vec![0, 2]),
            (vec![assign(), start(), rectify()], vec![3]),
            (vec![assign(), start(), rectify(), answer_step()], vec![4]),
            (
                vec![
                    assign(),
                    start(),
                    rectify(),
                    answer_step(),
                    rate_step("satisfied"),
                ],
                vec![],
            ),
        ];
        for (path, allowed) in cases {
            let state = walk(&raised(), &path);
            for (n, step) in all_steps().iter().enumerate() {
                let r = apply(&state, step, &cats());
                assert_eq!(
                    r.is_ok(),
                    allowed.contains(&n),
                    "{:?} then {step:?}: {r:?}",
                    state.status
                );
            }
        }
    }

    #[test]
    fn cannot_skip_a_step() {
        let e = apply(&raised(), &rectify(), &cats()).unwrap_err();
        assert_eq!(
            e,
            StepError::NotAllowed {
                step: "rectify",
                state: "new"
            }
        );
        assert_eq!(e.to_string(), "cannot rectify: the record is new");
        let assigned = walk(&raised(), &[assign()]);
        assert!(apply(&assigned, &answer_step(), &cats()).is_err());
        let rectified = walk(&raised(), &[assign(), start(), rectify()]);
        let e = apply(&rectified, &rate_step("satisfied"), &cats()).unwrap_err();
        assert_eq!(
            e,
            StepError::NotAllowed {
                step: "rate",
                state: "rectified"
            }
        );
    }

    #[test]
    fn dissatisfied_reopens_and_keeps_rating() {
        let i = walk(
            &raised(),
            &[
                assign(),
                start(),
                rectify(),
                answer_step(),
                rate_step(DISSATISFIED),
            ],
        );
        assert_eq!(i.status, IssueStatus::Rectifying);
        assert_eq!(i.reopened, 1);
        assert_eq!(i.rating.as_deref(), Some(DISSATISFIED));
        assert!(i.answer.is_none() && i.measure.is_none());
        let i = walk(
            &i,
            &[rectify(), answer_step(), rate_step("basically_satisfied")],
        );
        assert_eq!((i.status, i.reopened), (IssueStatus::Closed, 1));
    }

    #[test]
    fn anonymous_issue_closes_after_measure_without_answer() {
        let mut anon = raised();
        anon.raiser_id = None;
        anon.anonymous = true;
        let rectified = walk(&anon, &[assign(), start(), rectify()]);
        let e = apply(&rectified, &answer_step(), &cats()).unwrap_err();
        assert!(matches!(e, StepError::Rule(_)));
        let closed = walk(
            &rectified,
            &[IssueStep::CloseAnonymous {
                on: d("2026-12-01"),
            }],
        );
        assert_eq!(closed.status, IssueStatus::Closed);
        assert!(closed.rating.is_none());
        let e = apply(&closed, &rate_step("satisfied"), &cats()).unwrap_err();
        assert_eq!(e, StepError::Rule("an anonymous issue cannot be rated"));
    }

    #[test]
    fn named_issue_cannot_close_without_answer() {
        let rectified = walk(&raised(), &[assign(), start(), rectify()]);
        let e = apply(
            &rectified,
            &IssueStep::CloseAnonymous {
                on: d("2026-12-01"),
            },
            &cats(),
        );
        assert!(matches!(e, Err(StepError::Rule(_))));
    }

    #[test]
    fn step_values_are_validated() {
        let early = IssueStep::Assign(Assignment {
            unit: unit(),
            officer_id: 1,
            deadline: d("2026-11-01"),
        });
        let e = apply(&raised(), &early, &cats()).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                field: "deadline",
                ..
            })
        ));
        let rectifying = walk(&raised(), &[assign(), start()]);
        let empty = IssueStep::Rectify(Measure {
            text: " ".into(),
            theme: None,
            on: d("2026-11-28"),
        });
        assert!(apply(&rectifying, &empty, &cats()).is_err());
        let bad_theme = IssueStep::Rectify(Measure {
            text: "x".into(),
            theme: Some("nope".into()),
            on: d("2026-11-28"),
        });
        assert!(apply(&rectifying, &bad_theme, &cats()).is_err());
        let answered = walk(&raised(), &[assign(), start(), rectify(), answer_step()]);
        assert!(apply(&answered, &rate_step("meh"), &cats()).is_err());
    }

    #[test]
    fn overdue_until_rectified() {
        let assigned = walk(&raised(), &[assign()]);
        assert!(!assigned.is_overdue(d("2026-12-10")));
        assert!(assigned.is_overdue(d("2026-12-11")));
        let rectified = walk(&assigned, &[start(), rectify()]);
        assert!(!rectified.is_overdue(d("2027-01-01")));
    }

    #[test]
    fn issue_fields_are_checked() {
        let c = cats();
        let mut i = raised();
        i.summary = "".into();
        assert_eq!(i.validated(&c, None).unwrap_err().field, "summary");
        let mut i = raised();
        i.anonymous = true;
        assert_eq!(i.validated(&c, None).unwrap_err().field, "raiser");
        let mut i = raised();
        i.topic = "weather".into();
        assert_eq!(i.validated(&c, None).unwrap_err().field, "topic");
        let mut i = raised();
        i.details = "\x1b]0;x\x07".into();
        assert_eq!(i.validated(&c, None).unwrap_err().field, "details");
    }
}
