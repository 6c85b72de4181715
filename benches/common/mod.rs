//! The large database both benchmarks run on: `DOORSTEP_BENCH_DB`
//! (default `target/bench-large.db`), built once with `demo --size large`
//! on a fixed seed and day, reused while complete, rebuilt with
//! `DOORSTEP_BENCH_REGEN=1`.

use chrono::NaiveDate;
use doorstep::demo::{self, Size};
use doorstep::store::{OpenOptions, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const SEED: u64 = 2026;

/// The fixed "today" of every benchmark.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

/// The path of the large database, built first if needed.
pub fn large_db() -> PathBuf {
    let path = std::env::var_os("DOORSTEP_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-large.db"));
    prepare(&path);
    path
}

/// A file written by a finished large run: the load is one transaction, so
/// a million visits means it committed.
fn complete(path: &Path) -> bool {
    if !path.exists() {
        return false;
    }
    let Ok(store) = Store::open(path, &OpenOptions::default()) else {
        return false;
    };
    let visits: i64 = store
        .counts()
        .ok()
        .and_then(|c| c.into_iter().find(|(name, _)| *name == "visits"))
        .map_or(0, |(_, n)| n);
    visits >= 1_000_000
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn prepare(path: &Path) {
    let regen = std::env::var("DOORSTEP_BENCH_REGEN").is_ok_and(|v| v == "1");
    if !regen && complete(path) {
        println!(
            "reusing {} (DOORSTEP_BENCH_REGEN=1 rebuilds it)",
            path.display()
        );
        return;
    }
    remove(path);
    let mut store = Store::open(path, &OpenOptions::default()).expect("open the bench database");
    let started = Instant::now();
    let summary = demo::generate(&mut store, Size::Large, SEED, today()).expect("generate");
    let took = started.elapsed();
    drop(store);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {} in {:.1} s ({} MB): {summary}",
        path.display(),
        took.as_secs_f64(),
        size / 1_000_000
    );
}
