//! Pane-query benchmark on a `demo --size large` database (≥1,000,000
//! visits, 200,000 issues). Run with `cargo bench --bench queries`.
//!
//! The database goes to `DOORSTEP_BENCH_DB` (default
//! `target/bench-large.db`) and is reused when it is already complete;
//! `DOORSTEP_BENCH_REGEN=1` forces a fresh one. Each query runs 200 times
//! after a short warm-up; the table gives the median and p99 and marks
//! anything over the 2 ms target.

mod common;

use chrono::NaiveDate;
use common::today;
use doorstep::domain::issue::IssueStatus;
use doorstep::domain::mediation::CaseStatus;
use doorstep::store::history::{CareFilter, QueueFilter};
use doorstep::store::issues::IssueFilter;
use doorstep::store::visits::VisitFilter;
use doorstep::store::{OpenOptions, Store};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 200;
const WARM_UP: usize = 5;
const TARGET: Duration = Duration::from_millis(2);

fn open(path: &Path) -> Store {
    Store::open(path, &OpenOptions::default()).expect("open the bench database")
}

struct Row {
    name: &'static str,
    median: Duration,
    p99: Duration,
    rows: usize,
}

fn measure(name: &'static str, mut f: impl FnMut() -> usize) -> Row {
    let mut rows = 0;
    for _ in 0..WARM_UP {
        rows = f();
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        rows = std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    let p99 = times[(RUNS * 99 / 100).min(RUNS - 1)];
    Row {
        name,
        median: times[RUNS / 2],
        p99,
        rows,
    }
}

fn main() {
    let path = common::large_db();
    let store = open(&path);
    let t = today();
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let last = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let rectifying = IssueFilter {
        status: Some(IssueStatus::Rectifying),
        ..Default::default()
    };
    let closed = IssueFilter {
        status: Some(IssueStatus::Closed),
        ..Default::default()
    };
    let topic = IssueFilter {
        topic: Some("security".into()),
        ..Default::default()
    };
    let overdue = IssueFilter {
        overdue_on: Some(t),
        ..Default::default()
    };
    let rect_next = store
        .issues_page(&rectifying, None, 50)
        .expect("page")
        .next
        .expect("a second page of rectifying issues");
    let topic_next = store
        .issues_page(&topic, None, 50)
        .expect("page")
        .next
        .expect("a second page of topic issues");

    let care = VisitFilter {
        purpose: Some("care".into()),
        ..Default::default()
    };
    let officer = VisitFilter {
        officer: Some(3),
        ..Default::default()
    };
    let ok = "query failed";
    let anonymous = IssueFilter {
        anonymous: Some(true),
        ..Default::default()
    };
    let responsible = IssueFilter {
        responsible: Some(3),
        ..Default::default()
    };
    let high = QueueFilter {
        risk: Some("high".into()),
        ..Default::default()
    };
    let agreement = QueueFilter {
        status: Some(CaseStatus::Agreement),
        ..Default::default()
    };
    let care_overdue = CareFilter {
        overdue_on: Some(t),
        ..Default::default()
    };
    let care_group = CareFilter {
        group: Some("brave_bystander".into()),
        ..Default::default()
    };
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    let rows = vec![
        measure("visit_counts (month grid)", || {
            store.visit_counts(first, last, t).expect(ok).len()
        }),
        measure("visit_counts purpose=care (month)", || {
            store
                .visit_counts_filtered(first, last, t, &care)
                .expect(ok)
                .len()
        }),
        measure("visit_counts officer (month)", || {
            store
                .visit_counts_filtered(first, last, t, &officer)
                .expect(ok)
                .len()
        }),
        measure("visits_page purpose=care (day, 50)", || {
            store
                .visits_page_filtered(t, t, &care, None, 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("visits_page (one day's agenda, 50)", || {
            store.visits_page(t, t, None, 50).expect(ok).items.len()
        }),
        measure("overdue_visits_page (50)", || {
            store
                .overdue_visits_page(t, None, 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("issues_page status=rectifying p1", || {
            store
                .issues_page(&rectifying, None, 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("issues_page status=rectifying p2", || {
            store
                .issues_page(&rectifying, Some(&rect_next), 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("issues_page status=closed p1", || {
            store.issues_page(&closed, None, 50).expect(ok).items.len()
        }),
        measure("issues_page topic=security p1", || {
            store.issues_page(&topic, None, 50).expect(ok).items.len()
        }),
        measure("issues_page topic=security p2", || {
            store
                .issues_page(&topic, Some(&topic_next), 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("issues_page overdue p1", || {
            store.issues_page(&overdue, None, 50).expect(ok).items.len()
        }),
        measure("issues_page no filter p1", || {
            store
                .issues_page(&IssueFilter::default(), None, 50)
                .expect(ok)
                .items
                .len()
        }),
        measure("issues_due (7 days, 50)", || {
            store.issues_due(t, 7, 50).expect(ok).len()
        }),
        measure("care_page due by today (50)", || {
            store.care_page(Some(t), None, 50).expect(ok).items.len()
        }),
        measure("queue_page first page (50)", || {
            store.queue_page(None, 50).expect(ok).items.len()
        }),
        // Exact counts for the list titles and the status bar.
        measure("issues_count no filter", || {
            count(store.issues_count(&IssueFilter::default()).expect(ok))
        }),
        measure("issues_count status=rectifying", || {
            count(store.issues_count(&rectifying).expect(ok))
        }),
        measure("issues_count status=closed", || {
            count(store.issues_count(&closed).expect(ok))
        }),
        measure("issues_count topic=security", || {
            count(store.issues_count(&topic).expect(ok))
        }),
        measure("issues_count overdue", || {
            count(store.issues_count(&overdue).expect(ok))
        }),
        measure("issues_count responsible", || {
            count(store.issues_count(&responsible).expect(ok))
        }),
        measure("issues_count anonymous", || {
            count(store.issues_count(&anonymous).expect(ok))
        }),
        measure("queue_count open", || {
            count(store.queue_count(&QueueFilter::default()).expect(ok))
        }),
        measure("queue_count risk=high", || {
            count(store.queue_count(&high).expect(ok))
        }),
        measure("queue_count status=agreement", || {
            count(store.queue_count(&agreement).expect(ok))
        }),
        measure("care_count active", || {
            count(store.care_count(&CareFilter::default()).expect(ok))
        }),
        measure("care_count overdue", || {
            count(store.care_count(&care_overdue).expect(ok))
        }),
        measure("care_count group", || {
            count(store.care_count(&care_group).expect(ok))
        }),
    ];

    println!();
    println!(
        "{:<40} {:>10} {:>10} {:>6}  (target {} µs, {RUNS} runs)",
        "query",
        "median µs",
        "p99 µs",
        "rows",
        TARGET.as_micros()
    );
    let mut missed = 0;
    for r in &rows {
        let mark = if r.median > TARGET {
            missed += 1;
            "  MISSES 2 ms"
        } else if r.p99 > TARGET {
            "  (p99 over 2 ms)"
        } else {
            ""
        };
        println!(
            "{:<40} {:>10} {:>10} {:>6}{mark}",
            r.name,
            r.median.as_micros(),
            r.p99.as_micros(),
            r.rows
        );
    }
    println!();
    if missed == 0 {
        println!("every median is within the 2 ms target");
    } else {
        println!("{missed} queries miss the 2 ms target");
    }
}
