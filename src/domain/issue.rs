//! Issues residents raise and the closed loop each must go through,
//! docs/ARCHITECTURE.md, "Issues":
//!
//! new → assigned → rectifying → rectified → answered → closed (rating).
//! A dissatisfied rating reopens to rectifying; an anonymous issue closes
//! straight after the measure, since nobody can be answered.

use super::error::{FieldId as F, Problem, Rule, StateName, StepName};
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

/// A hand-over (转办) of an issue to an outside department, and its reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    /// Department key.
    pub department: String,
    pub on: NaiveDate,
    /// Their reply and its date, once it came.
    pub reply: Option<(String, NaiveDate)>,
}

/// The topics whose complaints get a verification result (查实 …).
pub const VERIFIED_TOPICS: [&str; 2] = ["conduct", "integrity"];

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
    /// By when it should be closed (办结时限); the store fills in the
    /// topic's `close_days` after the raised date when a new issue has none.
    #[serde(default)]
    pub close_deadline: Option<NaiveDate>,
    /// The verification result key of a conduct or integrity complaint.
    #[serde(default)]
    pub verification: Option<String>,
    /// The latest hand-over to an outside department (the timeline keeps
    /// every one).
    #[serde(default)]
    pub handover: Option<Handover>,
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
            close_deadline: None,
            verification: None,
            handover: None,
        }
    }

    /// The closure deadline of a new issue: `close_days` (the topic's)
    /// after the raised date.
    pub fn default_close_deadline(&self, close_days: u32) -> NaiveDate {
        self.raised_on + chrono::Days::new(close_days.into())
    }

    /// Whether its topic is one whose complaints are verified.
    pub fn is_verified_topic(&self) -> bool {
        VERIFIED_TOPICS.contains(&self.topic.as_str())
    }

    /// Handed over and still awaiting the department's reply.
    pub fn awaits_reply(&self) -> bool {
        self.handover.as_ref().is_some_and(|h| h.reply.is_none())
    }

    /// Validates the fields a form edits (not the loop's steps). An issue
    /// is raised today or earlier, and names its raiser unless anonymous.
    pub fn validated(
        &self,
        cats: &Categories,
        old: Option<&Issue>,
        today: NaiveDate,
    ) -> Result<Issue, FieldError> {
        v::plausible_date(F::RaisedOn, self.raised_on)?;
        v::not_after_today(F::RaisedOn, self.raised_on, today)?;
        let topic_use = match old {
            Some(o) if o.topic == self.topic => Use::Existing,
            _ => Use::New,
        };
        v::category(cats, SetId::Topic, F::Topic, &self.topic, topic_use)?;
        let broken = |rule| Err(FieldError::new(F::Raiser, Problem::Broken(rule)));
        match (self.anonymous, self.raiser_id) {
            (true, Some(_)) => return broken(Rule::AnonymousHasRaiser),
            (false, None) => return broken(Rule::RaiserRequired),
            _ => {}
        }
        if let Some(a) = &self.assignment {
            v::not_before(F::Deadline, a.deadline, F::RaisedOn, self.raised_on)?;
        }
        if let Some(c) = self.close_deadline {
            v::plausible_date(F::CloseDeadline, c)?;
            v::not_before(F::CloseDeadline, c, F::RaisedOn, self.raised_on)?;
        }
        Ok(Issue {
            summary: v::line(F::Summary, &self.summary, true)?,
            details: v::text(F::Details, &self.details, false)?,
            ..self.clone()
        })
    }

    /// The deadline an assignment form offers: `days` (the topic's default)
    /// after today, or after the raised date when that is later, so the
    /// default never fails the deadline's own check.
    pub fn default_deadline(&self, days: u32, today: NaiveDate) -> NaiveDate {
        today.max(self.raised_on) + chrono::Days::new(days.into())
    }

    /// Past its deadline and not yet rectified.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, IssueStatus::Assigned | IssueStatus::Rectifying)
            && self.assignment.as_ref().is_some_and(|a| a.deadline < today)
    }
}

/// The kinds of step of the loop, as menus offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueStepKind {
    /// Give a new issue its unit, responsible person and deadline.
    Assign,
    /// Change the assignment before the measure is recorded.
    Reassign,
    Start,
    Measure,
    Answer,
    Rate,
    CloseAnonymous,
    /// Record the verification result of a conduct or integrity complaint.
    Verify,
    /// Hand the issue over to an outside department (转办).
    HandOver,
    /// Record the department's reply to a hand-over.
    HandoverReply,
}

impl IssueStepKind {
    pub const ALL: [IssueStepKind; 10] = [
        IssueStepKind::Assign,
        IssueStepKind::Reassign,
        IssueStepKind::Start,
        IssueStepKind::Measure,
        IssueStepKind::Answer,
        IssueStepKind::Rate,
        IssueStepKind::CloseAnonymous,
        IssueStepKind::Verify,
        IssueStepKind::HandOver,
        IssueStepKind::HandoverReply,
    ];
}

/// The steps `issue` allows in its current state, in menu order: the
/// loop's next step, then verification (a conduct or integrity complaint
/// from assignment until closed, again if revised) and the hand-over and
/// its reply (handed over while assigned or rectifying, never twice while
/// a reply is awaited; the reply whenever one is awaited).
pub fn allowed_steps(issue: &Issue) -> Vec<IssueStepKind> {
    use IssueStatus as S;
    use IssueStepKind as K;
    let mut steps = loop_steps(issue);
    let open = !matches!(issue.status, S::New | S::Closed);
    if open && issue.is_verified_topic() {
        steps.push(K::Verify);
    }
    if matches!(issue.status, S::Assigned | S::Rectifying) && !issue.awaits_reply() {
        steps.push(K::HandOver);
    }
    if issue.awaits_reply() {
        steps.push(K::HandoverReply);
    }
    steps
}

/// The steps of the closed loop itself the issue allows now.
fn loop_steps(issue: &Issue) -> Vec<IssueStepKind> {
    use IssueStatus as S;
    use IssueStepKind as K;
    match issue.status {
        S::New => vec![K::Assign],
        S::Assigned => vec![K::Start, K::Reassign],
        S::Rectifying => vec![K::Measure, K::Reassign],
        // Nobody to answer: the anonymous issue closes here.
        S::Rectified if issue.anonymous => vec![K::CloseAnonymous],
        S::Rectified => vec![K::Answer],
        S::Answered if issue.anonymous => Vec::new(),
        S::Answered => vec![K::Rate],
        S::Closed => Vec::new(),
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
        /// Why they rated so (optional); kept with the rating.
        reason: String,
    },
    /// Close an anonymous issue after its measure: no answer is owed.
    CloseAnonymous {
        on: NaiveDate,
    },
    /// The verification result (a `verification` key) found on `on`.
    Verify {
        result: String,
        on: NaiveDate,
        note: String,
    },
    /// Handed over to `department` (a key) on `on`.
    HandOver {
        department: String,
        on: NaiveDate,
        note: String,
    },
    /// The department's reply, received on `on`.
    HandoverReply {
        reply: String,
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
            IssueStep::Verify { .. } => "verify",
            IssueStep::HandOver { .. } => "hand_over",
            IssueStep::HandoverReply { .. } => "handover_reply",
        }
    }

    /// The step's kind on `issue`: an assignment of an issue that already
    /// has one is a reassignment.
    pub fn kind(&self, issue: &Issue) -> IssueStepKind {
        use IssueStepKind as K;
        match self {
            IssueStep::Assign(_) if issue.assignment.is_some() => K::Reassign,
            IssueStep::Assign(_) => K::Assign,
            IssueStep::StartRectifying { .. } => K::Start,
            IssueStep::Rectify(_) => K::Measure,
            IssueStep::Answer(_) => K::Answer,
            IssueStep::Rate { .. } => K::Rate,
            IssueStep::CloseAnonymous { .. } => K::CloseAnonymous,
            IssueStep::Verify { .. } => K::Verify,
            IssueStep::HandOver { .. } => K::HandOver,
            IssueStep::HandoverReply { .. } => K::HandoverReply,
        }
    }

    /// The date the step happened.
    pub fn on(&self, today: NaiveDate) -> NaiveDate {
        match self {
            IssueStep::Assign(_) => today,
            IssueStep::StartRectifying { on }
            | IssueStep::Rate { on, .. }
            | IssueStep::CloseAnonymous { on }
            | IssueStep::Verify { on, .. }
            | IssueStep::HandOver { on, .. }
            | IssueStep::HandoverReply { on, .. } => *on,
            IssueStep::Rectify(m) => m.on,
            IssueStep::Answer(a) => a.on,
        }
    }
}

/// Applies one step of the loop on `today`, or says why it is not
/// allowed. Exactly the kinds [`allowed_steps`] lists succeed (with valid
/// values); nothing done is dated after today.
pub fn apply(
    issue: &Issue,
    step: &IssueStep,
    cats: &Categories,
    today: NaiveDate,
) -> Result<Issue, StepError> {
    let kind = step.kind(issue);
    if !allowed_steps(issue).contains(&kind) {
        return Err(refusal(issue, kind));
    }
    let done_on = |on: NaiveDate| -> Result<(), FieldError> {
        v::not_before(F::Date, on, F::RaisedOn, issue.raised_on)?;
        v::not_after_today(F::Date, on, today)
    };
    let mut next = issue.clone();
    match step {
        IssueStep::Assign(a) => {
            v::category(cats, SetId::Unit, F::Unit, &a.unit, Use::New)?;
            v::not_before(F::Deadline, a.deadline, F::RaisedOn, issue.raised_on)?;
            next.assignment = Some(a.clone());
            if issue.status == IssueStatus::New {
                next.status = IssueStatus::Assigned;
            }
        }
        IssueStep::StartRectifying { on } => {
            done_on(*on)?;
            next.status = IssueStatus::Rectifying;
        }
        IssueStep::Rectify(m) => {
            done_on(m.on)?;
            next.measure = Some(measure(m, cats)?);
            next.status = IssueStatus::Rectified;
        }
        IssueStep::Answer(a) => {
            done_on(a.on)?;
            next.answer = Some(answer(a, cats)?);
            next.status = IssueStatus::Answered;
        }
        IssueStep::Rate { rating, on, reason } => {
            v::category(cats, SetId::Rating, F::Rating, rating, Use::New)?;
            v::text(F::Reason, reason, false)?;
            done_on(*on)?;
            rate(&mut next, rating, *on);
        }
        IssueStep::CloseAnonymous { on } => {
            done_on(*on)?;
            next.status = IssueStatus::Closed;
            next.closed_on = Some(*on);
        }
        IssueStep::Verify { result, on, note } => {
            v::category(cats, SetId::Verification, F::Verification, result, Use::New)?;
            v::text(F::Note, note, false)?;
            done_on(*on)?;
            next.verification = Some(result.clone());
        }
        IssueStep::HandOver {
            department,
            on,
            note,
        } => {
            v::category(cats, SetId::Department, F::Department, department, Use::New)?;
            v::text(F::Note, note, false)?;
            v::not_before(F::HandedOn, *on, F::RaisedOn, issue.raised_on)?;
            v::not_after_today(F::HandedOn, *on, today)?;
            next.handover = Some(Handover {
                department: department.clone(),
                on: *on,
                reply: None,
            });
        }
        IssueStep::HandoverReply { reply, on } => {
            let Some(h) = next.handover.as_mut() else {
                return Err(StepError::Rule(Rule::NoHandoverAwaitingReply));
            };
            let text = v::text(F::Reply, reply, true)?;
            v::not_before(F::Date, *on, F::HandedOn, h.on)?;
            v::not_after_today(F::Date, *on, today)?;
            h.reply = Some((text, *on));
        }
    }
    Ok(next)
}

/// Why a step of `kind` is refused on `issue`: a rule of anonymous issues
/// when that is the reason, else the state.
fn refusal(issue: &Issue, kind: IssueStepKind) -> StepError {
    use IssueStepKind as K;
    match (kind, issue.anonymous, issue.status) {
        (K::Answer, true, IssueStatus::Rectified) => StepError::Rule(Rule::AnonymousNoAnswer),
        (K::Rate, true, _) => StepError::Rule(Rule::AnonymousNoRating),
        (K::CloseAnonymous, false, IssueStatus::Rectified) => {
            StepError::Rule(Rule::OnlyAnonymousCloses)
        }
        (K::Verify, ..) if !issue.is_verified_topic() => {
            StepError::Rule(Rule::VerifyOnlyConductIntegrity)
        }
        (K::HandOver, ..) if issue.awaits_reply() => StepError::Rule(Rule::HandoverAwaitingReply),
        (K::HandoverReply, ..) => StepError::Rule(Rule::NoHandoverAwaitingReply),
        _ => StepError::NotAllowed {
            step: StepName::Issue(kind),
            state: StateName::Issue(issue.status),
        },
    }
}

fn measure(m: &Measure, cats: &Categories) -> Result<Measure, FieldError> {
    if let Some(theme) = &m.theme {
        v::category(cats, SetId::Theme, F::Theme, theme, Use::New)?;
    }
    Ok(Measure {
        text: v::text(F::Measure, &m.text, true)?,
        ..m.clone()
    })
}

fn answer(a: &Answer, cats: &Categories) -> Result<Answer, FieldError> {
    v::category(
        cats,
        SetId::FeedbackChannel,
        F::Channel,
        &a.channel,
        Use::New,
    )?;
    Ok(Answer {
        text: v::text(F::Answer, &a.text, true)?,
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
    use crate::domain::FieldId as F;

    const TODAY: &str = "2026-12-31";

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
            reason: String::new(),
        }
    }

    fn raised() -> Issue {
        let mut i = Issue::new(d("2026-11-26"), "security", "路口夜间无照明");
        i.raiser_id = Some(9);
        i
    }

    fn walk(issue: &Issue, steps: &[IssueStep]) -> Issue {
        steps.iter().fold(issue.clone(), |i, s| {
            apply(&i, s, &cats(), d(TODAY)).unwrap()
        })
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
                let r = apply(&state, step, &cats(), d(TODAY));
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
        let e = apply(&raised(), &rectify(), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(
            e,
            StepError::NotAllowed {
                step: StepName::Issue(IssueStepKind::Measure),
                state: StateName::Issue(IssueStatus::New)
            }
        );
        let assigned = walk(&raised(), &[assign()]);
        assert!(apply(&assigned, &answer_step(), &cats(), d(TODAY)).is_err());
        let rectified = walk(&raised(), &[assign(), start(), rectify()]);
        let e = apply(&rectified, &rate_step("satisfied"), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(
            e,
            StepError::NotAllowed {
                step: StepName::Issue(IssueStepKind::Rate),
                state: StateName::Issue(IssueStatus::Rectified)
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
        let e = apply(&rectified, &answer_step(), &cats(), d(TODAY)).unwrap_err();
        assert!(matches!(e, StepError::Rule(_)));
        let closed = walk(
            &rectified,
            &[IssueStep::CloseAnonymous {
                on: d("2026-12-01"),
            }],
        );
        assert_eq!(closed.status, IssueStatus::Closed);
        assert!(closed.rating.is_none());
        let e = apply(&closed, &rate_step("satisfied"), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::AnonymousNoRating));
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
            d(TODAY),
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
        let e = apply(&raised(), &early, &cats(), d(TODAY)).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                field: F::Deadline,
                ..
            })
        ));
        let rectifying = walk(&raised(), &[assign(), start()]);
        let empty = IssueStep::Rectify(Measure {
            text: " ".into(),
            theme: None,
            on: d("2026-11-28"),
        });
        assert!(apply(&rectifying, &empty, &cats(), d(TODAY)).is_err());
        let bad_theme = IssueStep::Rectify(Measure {
            text: "x".into(),
            theme: Some("nope".into()),
            on: d("2026-11-28"),
        });
        assert!(apply(&rectifying, &bad_theme, &cats(), d(TODAY)).is_err());
        let answered = walk(&raised(), &[assign(), start(), rectify(), answer_step()]);
        assert!(apply(&answered, &rate_step("meh"), &cats(), d(TODAY)).is_err());
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
        assert_eq!(
            i.validated(&c, None, d(TODAY)).unwrap_err().field,
            F::Summary
        );
        let mut i = raised();
        i.anonymous = true;
        assert_eq!(
            i.validated(&c, None, d(TODAY)).unwrap_err().field,
            F::Raiser
        );
        let mut i = raised();
        i.topic = "weather".into();
        assert_eq!(i.validated(&c, None, d(TODAY)).unwrap_err().field, F::Topic);
        let mut i = raised();
        i.details = "\x1b]0;x\x07".into();
        assert_eq!(
            i.validated(&c, None, d(TODAY)).unwrap_err().field,
            F::Details
        );
    }

    /// A valid step of each kind, for the allowed-steps table.
    fn sample(kind: IssueStepKind) -> IssueStep {
        use IssueStepKind as K;
        match kind {
            K::Assign | K::Reassign => assign(),
            K::Start => start(),
            K::Measure => rectify(),
            K::Answer => answer_step(),
            K::Rate => rate_step("satisfied"),
            K::CloseAnonymous => IssueStep::CloseAnonymous {
                on: d("2026-11-30"),
            },
            K::Verify => verify_step("founded"),
            K::HandOver => hand_over(),
            K::HandoverReply => reply("2026-11-29"),
        }
    }

    fn verify_step(result: &str) -> IssueStep {
        IssueStep::Verify {
            result: result.into(),
            on: d("2026-11-28"),
            note: "经调取执法记录仪核实".into(),
        }
    }
    fn hand_over() -> IssueStep {
        IssueStep::HandOver {
            department: "urban_management".into(),
            on: d("2026-11-27"),
            note: "占道经营，转城管".into(),
        }
    }
    fn reply(on: &str) -> IssueStep {
        IssueStep::HandoverReply {
            reply: "已清理".into(),
            on: d(on),
        }
    }
    fn conduct() -> Issue {
        let mut i = raised();
        i.topic = "conduct".into();
        i
    }

    /// Every state of a named and an anonymous issue.
    fn every_state() -> Vec<Issue> {
        let mut anon = raised();
        anon.raiser_id = None;
        anon.anonymous = true;
        let named = [
            vec![],
            vec![assign()],
            vec![assign(), start()],
            vec![assign(), start(), rectify()],
            vec![assign(), start(), rectify(), answer_step()],
            vec![
                assign(),
                start(),
                rectify(),
                answer_step(),
                rate_step("satisfied"),
            ],
            vec![
                assign(),
                start(),
                rectify(),
                answer_step(),
                rate_step(DISSATISFIED),
            ],
        ];
        let anonymous = [
            vec![],
            vec![assign()],
            vec![assign(), start()],
            vec![assign(), start(), rectify()],
            vec![
                assign(),
                start(),
                rectify(),
                sample(IssueStepKind::CloseAnonymous),
            ],
        ];
        let mut out: Vec<Issue> = named.iter().map(|p| walk(&raised(), p)).collect();
        out.extend(anonymous.iter().map(|p| walk(&anon, p)));
        // A conduct complaint in every state, then handed over (awaiting,
        // replied) in the states a hand-over is allowed.
        out.extend(named.iter().map(|p| walk(&conduct(), p)));
        for path in [vec![assign()], vec![assign(), start()]] {
            let handed = walk(&conduct(), &path);
            let handed = walk(&handed, &[hand_over()]);
            out.push(handed.clone());
            out.push(walk(&handed, &[reply("2026-11-29")]));
        }
        let closed_awaiting = walk(
            &raised(),
            &[assign(), hand_over(), start(), rectify(), answer_step()],
        );
        out.push(walk(&closed_awaiting, &[rate_step("satisfied")]));
        out
    }

    /// For every state: each allowed kind succeeds with valid values, each
    /// other kind is refused (an assignment on an assigned issue is a
    /// reassignment, so it counts as that kind).
    #[test]
    fn allowed_steps_agree_with_apply() {
        for state in every_state() {
            let allowed = allowed_steps(&state);
            for kind in IssueStepKind::ALL {
                let step = sample(kind);
                let ok =
                    apply(&state, &step, &cats(), d(TODAY)).is_ok() && step.kind(&state) == kind;
                assert_eq!(
                    ok,
                    allowed.contains(&kind),
                    "{:?} anonymous={} {kind:?}",
                    state.status,
                    state.anonymous
                );
            }
        }
    }

    #[test]
    fn nothing_done_is_dated_after_today() {
        let today = d("2026-11-28");
        let e = raised()
            .validated(&cats(), None, d("2026-11-25"))
            .unwrap_err();
        assert_eq!((e.field, e.problem), (F::RaisedOn, Problem::AfterToday));
        assert!(raised().validated(&cats(), None, d("2026-11-26")).is_ok());
        let assigned = walk(&raised(), &[assign()]);
        let late = IssueStep::StartRectifying {
            on: d("2026-11-29"),
        };
        let after = |e: Result<Issue, StepError>| {
            matches!(
                e,
                Err(StepError::Field(FieldError {
                    problem: Problem::AfterToday,
                    ..
                }))
            )
        };
        assert!(after(apply(&assigned, &late, &cats(), today)));
        let rectifying = walk(&assigned, &[start()]);
        let mut m = Measure {
            text: "x".into(),
            theme: None,
            on: d("2026-11-29"),
        };
        assert!(after(apply(
            &rectifying,
            &IssueStep::Rectify(m.clone()),
            &cats(),
            today
        )));
        m.on = today;
        let rectified = apply(&rectifying, &IssueStep::Rectify(m), &cats(), today).unwrap();
        let mut a = Answer {
            channel: "phone".into(),
            on: d("2026-11-29"),
            by: 3,
            text: "x".into(),
        };
        assert!(after(apply(
            &rectified,
            &IssueStep::Answer(a.clone()),
            &cats(),
            today
        )));
        a.on = today;
        let answered = apply(&rectified, &IssueStep::Answer(a), &cats(), today).unwrap();
        let rate = |on| IssueStep::Rate {
            rating: "satisfied".into(),
            on,
            reason: String::new(),
        };
        assert!(after(apply(
            &answered,
            &rate(d("2026-11-29")),
            &cats(),
            today
        )));
        assert!(apply(&answered, &rate(today), &cats(), today).is_ok());
    }

    #[test]
    fn a_named_issue_needs_its_raiser() {
        let mut i = raised();
        i.raiser_id = None;
        let e = i.validated(&cats(), None, d(TODAY)).unwrap_err();
        assert_eq!(
            (e.field, e.problem),
            (F::Raiser, Problem::Broken(Rule::RaiserRequired))
        );
        i.anonymous = true;
        assert!(i.validated(&cats(), None, d(TODAY)).is_ok());
    }

    #[test]
    fn the_default_deadline_passes_its_own_check() {
        // Raised after today (an old record): the default still fits.
        let mut i = raised();
        i.raised_on = d("2027-01-20");
        let deadline = i.default_deadline(10, d("2026-12-01"));
        assert_eq!(deadline, d("2027-01-30"));
        let step = IssueStep::Assign(Assignment {
            unit: unit(),
            officer_id: 1,
            deadline,
        });
        assert!(apply(&i, &step, &cats(), d("2026-12-01")).is_ok());
        assert_eq!(
            raised().default_deadline(10, d("2026-11-30")),
            d("2026-12-10")
        );
    }

    #[test]
    fn a_rating_keeps_its_optional_reason_checked() {
        let answered = walk(&raised(), &[assign(), start(), rectify(), answer_step()]);
        let bad = IssueStep::Rate {
            rating: DISSATISFIED.into(),
            on: d("2026-11-30"),
            reason: "\x1b[2J".into(),
        };
        let e = apply(&answered, &bad, &cats(), d(TODAY)).unwrap_err();
        assert!(matches!(
            e,
            StepError::Field(FieldError {
                field: F::Reason,
                ..
            })
        ));
    }

    #[test]
    fn only_conduct_and_integrity_complaints_are_verified() {
        let e = apply(
            &walk(&raised(), &[assign()]),
            &verify_step("founded"),
            &cats(),
            d(TODAY),
        )
        .unwrap_err();
        assert_eq!(e, StepError::Rule(Rule::VerifyOnlyConductIntegrity));
        let new = apply(&conduct(), &verify_step("founded"), &cats(), d(TODAY));
        assert!(matches!(new, Err(StepError::NotAllowed { .. })));
        let mut integrity = conduct();
        integrity.topic = "integrity".into();
        let v = walk(&integrity, &[assign(), verify_step("partly_founded")]);
        assert_eq!(v.verification.as_deref(), Some("partly_founded"));
        assert_eq!(v.status, IssueStatus::Assigned, "verifying keeps the state");
        // Revised later: the latest result stands.
        let v = walk(&v, &[verify_step("inspectorate")]);
        assert_eq!(v.verification.as_deref(), Some("inspectorate"));
        let bad = apply(&v, &verify_step("maybe"), &cats(), d(TODAY)).unwrap_err();
        assert!(matches!(
            bad,
            StepError::Field(FieldError {
                field: F::Verification,
                ..
            })
        ));
        let closed = walk(
            &conduct(),
            &[
                assign(),
                start(),
                rectify(),
                answer_step(),
                rate_step("satisfied"),
            ],
        );
        assert!(!allowed_steps(&closed).contains(&IssueStepKind::Verify));
    }

    #[test]
    fn a_hand_over_awaits_its_reply_before_another() {
        let assigned = walk(&raised(), &[assign()]);
        let handed = walk(&assigned, &[hand_over()]);
        let h = handed.handover.clone().unwrap();
        assert_eq!(
            (h.department.as_str(), h.on),
            ("urban_management", d("2026-11-27"))
        );
        assert!(handed.awaits_reply());
        let again = apply(&handed, &hand_over(), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(again, StepError::Rule(Rule::HandoverAwaitingReply));
        let replied = walk(&handed, &[reply("2026-11-29")]);
        assert_eq!(
            replied.handover.unwrap().reply,
            Some(("已清理".to_string(), d("2026-11-29")))
        );
        let none = apply(&assigned, &reply("2026-11-29"), &cats(), d(TODAY)).unwrap_err();
        assert_eq!(none, StepError::Rule(Rule::NoHandoverAwaitingReply));
        // Not from a new, rectified or closed issue.
        let rectified = walk(&assigned, &[start(), rectify()]);
        for i in [raised(), rectified] {
            assert!(apply(&i, &hand_over(), &cats(), d(TODAY)).is_err());
        }
    }

    #[test]
    fn hand_over_and_reply_dates_are_checked() {
        let assigned = walk(&raised(), &[assign()]);
        let today = d("2026-11-28");
        let field_of = |r: Result<Issue, StepError>| match r {
            Err(StepError::Field(e)) => Some((e.field, e.problem)),
            _ => None,
        };
        let late = IssueStep::HandOver {
            department: "housing".into(),
            on: d("2026-11-29"),
            note: String::new(),
        };
        assert_eq!(
            field_of(apply(&assigned, &late, &cats(), today)),
            Some((F::HandedOn, Problem::AfterToday))
        );
        let early = IssueStep::HandOver {
            department: "housing".into(),
            on: d("2026-11-25"),
            note: String::new(),
        };
        assert!(matches!(
            field_of(apply(&assigned, &early, &cats(), today)),
            Some((F::HandedOn, Problem::Before { .. }))
        ));
        let handed = walk(&assigned, &[hand_over()]); // on 11-27
        assert_eq!(
            field_of(apply(&handed, &reply("2026-11-26"), &cats(), today)),
            Some((F::Date, Problem::Before { other: F::HandedOn }))
        );
        assert_eq!(
            field_of(apply(&handed, &reply("2026-11-29"), &cats(), today)),
            Some((F::Date, Problem::AfterToday))
        );
        let blank = IssueStep::HandoverReply {
            reply: " ".into(),
            on: today,
        };
        assert_eq!(
            field_of(apply(&handed, &blank, &cats(), today)),
            Some((F::Reply, Problem::Required))
        );
        assert!(apply(&handed, &reply("2026-11-27"), &cats(), today).is_ok());
        let verify_late = IssueStep::Verify {
            result: "founded".into(),
            on: d("2026-11-29"),
            note: String::new(),
        };
        let c = walk(&conduct(), &[assign()]);
        assert_eq!(
            field_of(apply(&c, &verify_late, &cats(), today)),
            Some((F::Date, Problem::AfterToday))
        );
    }

    #[test]
    fn the_closure_deadline_is_not_before_the_raised_date() {
        let mut i = raised();
        assert_eq!(i.default_close_deadline(30), d("2026-12-26"));
        i.close_deadline = Some(d("2026-11-25"));
        let e = i.validated(&cats(), None, d(TODAY)).unwrap_err();
        assert_eq!(
            (e.field, e.problem),
            (F::CloseDeadline, Problem::Before { other: F::RaisedOn })
        );
        i.close_deadline = Some(d("2026-11-26"));
        assert!(i.validated(&cats(), None, d(TODAY)).is_ok());
        assert_eq!(cats().close_days("stability"), 30);
        assert_eq!(cats().close_days("security"), 20);
        assert_eq!(cats().close_days("conduct"), 15);
        assert_eq!(cats().close_days("no_such_topic"), 30);
    }
}
