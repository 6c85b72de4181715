//! Work-summary benchmark on the large demo (≥1,000,000 visits, 200,000
//! issues; see `common`). Targets from issue 8: a one-month report under
//! 200 ms, a full-year report under 1 s. Run with `cargo bench --bench report`.

mod common;

use chrono::NaiveDate;
use doorstep::store::report::Period;
use doorstep::store::{OpenOptions, Store};
use std::time::{Duration, Instant};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Median and worst of `runs` timings of `f`, after one warm-up run.
fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[runs - 1])
}

fn main() {
    let path = common::large_db();
    let store = Store::open(&path, &OpenOptions::default()).expect("open the bench database");
    let today = common::today();
    let cases: [(&str, Period, usize, Duration); 4] = [
        (
            "one month (2026-11)",
            Period {
                from: date(2026, 11, 1),
                to: date(2026, 11, 30),
            },
            20,
            Duration::from_millis(200),
        ),
        (
            "a past month (2021-03)",
            Period {
                from: date(2021, 3, 1),
                to: date(2021, 3, 31),
            },
            20,
            Duration::from_millis(200),
        ),
        (
            "full year (2026)",
            Period {
                from: date(2026, 1, 1),
                to: date(2026, 12, 31),
            },
            5,
            Duration::from_secs(1),
        ),
        (
            "a past year (2020)",
            Period {
                from: date(2020, 1, 1),
                to: date(2020, 12, 31),
            },
            5,
            Duration::from_secs(1),
        ),
    ];
    println!(
        "{:<26} {:>10} {:>10} {:>9}",
        "report", "median", "worst", "target"
    );
    let mut over = false;
    for (name, period, runs, target) in cases {
        let (median, worst) = measure(runs, || {
            std::hint::black_box(store.figures(period, today).expect("figures"));
        });
        let mark = if median > target { "  OVER" } else { "" };
        over |= median > target;
        println!("{name:<26} {median:>10.1?} {worst:>10.1?} {target:>9?}{mark}");
    }
    let (median, worst) = measure(10, || {
        std::hint::black_box(store.trend(today, 12).expect("trend"));
    });
    println!("{:<26} {median:>10.1?} {worst:>10.1?}", "12-month trend");
    if over {
        std::process::exit(1);
    }
}
