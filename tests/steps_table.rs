//! The step menus are derived from the domain. For every record of the
//! demo database, in every state it holds, the menu offers exactly the
//! steps the domain allows, each under its own key, in the order of the
//! lifecycle written out below; and every step a menu offers opens (its
//! form, or it is done at once) instead of failing.

mod common;

use common::{app, today};
use doorstep::domain::care::{allowed_steps as care_steps, CareStepKind};
use doorstep::domain::issue::{allowed_steps as issue_steps, Issue, IssueStatus, IssueStepKind};
use doorstep::domain::mediation::{allowed_steps as case_steps, CaseStatus};
use doorstep::domain::visit::{allowed_steps as visit_steps, VisitState, VisitStepKind};
use doorstep::domain::StepName;
use doorstep::lang::Lang;
use doorstep::store::history::{CareFilter, QueueFilter};
use doorstep::store::issues::IssueFilter;
use doorstep::tui::registry::{self, Target};
use doorstep::tui::shell::app::App;
use std::collections::{BTreeSet, HashSet};

/// The menu of `target` as step names, checked for one key per step.
fn menu(a: &App, target: Target) -> Vec<StepName> {
    let menu = registry::steps(&a.store, target, Lang::En).unwrap();
    let keys: HashSet<char> = menu.iter().map(|s| s.key).collect();
    assert_eq!(keys.len(), menu.len(), "one key per step on {target:?}");
    assert!(menu.iter().all(|s| !s.label.is_empty()));
    menu.into_iter().map(|s| s.step).collect()
}

/// The issue lifecycle of docs/ARCHITECTURE.md, "Issues", written out
/// independently: the loop's step, then the steps beside it.
fn issue_lifecycle(issue: &Issue) -> Vec<IssueStepKind> {
    use IssueStatus as S;
    use IssueStepKind as K;
    let mut steps = issue_loop(issue.status, issue.anonymous);
    let awaiting = matches!(&issue.handover, Some(h) if h.reply.is_none());
    // Verification: conduct and integrity complaints, assigned until closed.
    let verified_topic = issue.topic == "conduct" || issue.topic == "integrity";
    if verified_topic && !matches!(issue.status, S::New | S::Closed) {
        steps.push(K::Verify);
    }
    // Hand-over: while assigned or rectifying, not while one awaits its reply.
    if matches!(issue.status, S::Assigned | S::Rectifying) && !awaiting {
        steps.push(K::HandOver);
    }
    if awaiting {
        steps.push(K::HandoverReply);
    }
    steps
}

/// The closed loop's own steps in each state.
fn issue_loop(status: IssueStatus, anonymous: bool) -> Vec<IssueStepKind> {
    use IssueStatus as S;
    use IssueStepKind as K;
    match (status, anonymous) {
        (S::New, _) => vec![K::Assign],
        (S::Assigned, _) => vec![K::Start, K::Reassign],
        (S::Rectifying, _) => vec![K::Measure, K::Reassign],
        (S::Rectified, true) => vec![K::CloseAnonymous],
        (S::Rectified, false) => vec![K::Answer],
        (S::Answered, false) => vec![K::Rate],
        (S::Answered, true) | (S::Closed, _) => vec![],
    }
}

#[test]
fn every_issue_menu_is_the_domains_allowed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::En);
    let mut seen = BTreeSet::new();
    let mut sides = BTreeSet::new();
    for status in IssueStatus::ALL {
        let filter = IssueFilter {
            status: Some(status),
            ..IssueFilter::default()
        };
        let page = a.store.issues_page(&filter, None, 500).unwrap();
        for row in page.items {
            let issue = &row.record.issue;
            let want: Vec<StepName> = issue_steps(issue)
                .into_iter()
                .map(StepName::Issue)
                .collect();
            assert_eq!(menu(&a, Target::Issue(row.id)), want, "issue {}", row.id);
            let table: Vec<StepName> = issue_lifecycle(issue)
                .into_iter()
                .map(StepName::Issue)
                .collect();
            assert_eq!(want, table, "the lifecycle of issue {}", row.id);
            seen.insert(format!("{status:?}"));
            for k in issue_steps(issue) {
                if matches!(k, IssueStepKind::Verify | IssueStepKind::HandoverReply) {
                    sides.insert(format!("{k:?}"));
                }
            }
            if issue.verification.is_some() {
                sides.insert("verified".to_string());
            }
            if issue.handover.as_ref().is_some_and(|h| h.reply.is_some()) {
                sides.insert("replied".to_string());
            }
        }
    }
    assert_eq!(seen.len(), IssueStatus::ALL.len(), "every state: {seen:?}");
    // The demo holds issues on each side of the new steps.
    for side in ["Verify", "HandoverReply", "verified", "replied"] {
        assert!(sides.contains(side), "the demo has {side}: {sides:?}");
    }
}

#[test]
fn every_visit_menu_is_the_domains_allowed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::En);
    let from = today() - chrono::Days::new(60);
    let to = today() + chrono::Days::new(30);
    let page = a.store.visits_page(from, to, None, 5000).unwrap();
    let mut seen = BTreeSet::new();
    for v in page.items {
        let want: Vec<StepName> = visit_steps(&v.record)
            .into_iter()
            .map(StepName::Visit)
            .collect();
        assert_eq!(menu(&a, Target::Visit(v.id)), want);
        let table = match v.record.status.state() {
            VisitState::Planned => vec![
                VisitStepKind::Complete,
                VisitStepKind::Cancel,
                VisitStepKind::Reschedule,
            ],
            VisitState::Done => vec![VisitStepKind::Evaluate, VisitStepKind::RaiseIssue],
            VisitState::Cancelled => vec![],
        };
        assert_eq!(
            want,
            table.into_iter().map(StepName::Visit).collect::<Vec<_>>()
        );
        seen.insert(format!("{:?}", v.record.status.state()));
    }
    assert_eq!(seen.len(), 3, "planned, done and cancelled: {seen:?}");
}

#[test]
fn every_case_and_care_menu_is_the_domains_allowed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(&dir, Lang::En);
    let mut seen = BTreeSet::new();
    for status in CaseStatus::ALL {
        let filter = QueueFilter {
            status: Some(status),
            ..QueueFilter::default()
        };
        for row in a.store.queue_rows(&filter, None, 500).unwrap().items {
            let case = a.store.case(row.id).unwrap().record;
            let want: Vec<StepName> = case_steps(&case).into_iter().map(StepName::Case).collect();
            assert_eq!(menu(&a, Target::Case(row.id)), want, "case {}", row.id);
            assert_eq!(want.is_empty(), !case.is_open(), "case {}", row.id);
            seen.insert(format!("{status:?}"));
        }
    }
    assert!(seen.len() >= 5, "most states in the demo: {seen:?}");
    let care = a
        .store
        .care_rows(&CareFilter::default(), None, 500)
        .unwrap();
    assert!(!care.items.is_empty());
    for row in care.items {
        let want: Vec<StepName> = care_steps(&row.record.entry)
            .into_iter()
            .map(StepName::Care)
            .collect();
        assert_eq!(menu(&a, Target::Care(row.id)), want);
        let all: Vec<StepName> = CareStepKind::ALL.into_iter().map(StepName::Care).collect();
        assert_eq!(want, all, "an active entry offers every care step");
    }
}

/// One record of each kind and state: every step its menu offers opens.
#[test]
fn every_offered_step_opens() {
    let dir = tempfile::tempdir().unwrap();
    let probe = app(&dir, Lang::En);
    let mut targets = Vec::new();
    for status in IssueStatus::ALL {
        for anonymous in [false, true] {
            let filter = IssueFilter {
                status: Some(status),
                anonymous: Some(anonymous),
                ..IssueFilter::default()
            };
            let page = probe.store.issues_page(&filter, None, 1).unwrap();
            targets.extend(page.items.iter().map(|r| Target::Issue(r.id)));
        }
    }
    for status in CaseStatus::ALL {
        let filter = QueueFilter {
            status: Some(status),
            ..QueueFilter::default()
        };
        let page = probe.store.queue_rows(&filter, None, 1).unwrap();
        targets.extend(page.items.iter().map(|r| Target::Case(r.id)));
    }
    let visits = probe.store.visits_page(today(), today(), None, 50).unwrap();
    let mut states = HashSet::new();
    for v in visits.items {
        if states.insert(v.record.status.state()) {
            targets.push(Target::Visit(v.id));
        }
    }
    let care = probe
        .store
        .care_rows(&CareFilter::default(), None, 1)
        .unwrap();
    targets.extend(care.items.iter().map(|r| Target::Care(r.id)));
    let steps: Vec<(Target, StepName)> = targets
        .into_iter()
        .flat_map(|t| menu(&probe, t).into_iter().map(move |s| (t, s)))
        .collect();
    drop(probe);

    // A fresh demo each time (the same seed, the same records): a step
    // done at once changes its record.
    for (target, step) in &steps {
        let copy = tempfile::tempdir().unwrap();
        let mut a = app(&copy, Lang::En);
        a.start_step(*target, *step)
            .unwrap_or_else(|e| panic!("{step:?} on {target:?}: {e:#}"));
        assert!(
            a.overlay_open() || a.status.as_ref().is_some_and(|s| !s.error),
            "{step:?} on {target:?} opened a form or said what it did"
        );
    }
    assert!(steps.len() >= 15, "{} steps opened", steps.len());
}
