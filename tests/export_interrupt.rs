//! Ctrl-C during an export (issue 8 §6): the work stops at the next page
//! with the catalogued error and no file, temporary or final, is left. A
//! test binary of its own, because the interrupted flag is process-wide.

use doorstep::demo::{self, Size};
use doorstep::lang::Lang;
use doorstep::report::ics;
use doorstep::report::ledger::{self, Ledger, TableFormat};
use doorstep::report::output::{self, Kind, Output, OutputError};
use doorstep::store::ledger::Span;
use doorstep::store::{OpenOptions, Store};

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_interrupted_export_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("station.db"), &OpenOptions::default()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    demo::generate(&mut store, Size::Small, 3, today).unwrap();
    let outdir = dir.path().join("out");
    std::fs::create_dir(&outdir).unwrap();
    let existing = outdir.join("care.csv");
    std::fs::write(&existing, "kept").unwrap();

    output::watch_interrupts().unwrap();
    output::set_interrupted(true);
    for (format, name) in [
        (TableFormat::Xlsx, "visits.xlsx"),
        (TableFormat::Csv, "care.csv"),
    ] {
        let mut out = Output::open(Some(&outdir.join(name)), Kind::Binary).unwrap();
        let ledger = if name.starts_with("visits") {
            Ledger::Visits
        } else {
            Ledger::Care
        };
        let e = ledger::write(&store, ledger, format, Span::default(), Lang::Zh, &mut out)
            .expect_err("an interrupted export succeeded");
        assert!(
            matches!(e.downcast_ref(), Some(OutputError::Interrupted)),
            "{e:#}"
        );
        drop(out);
    }
    let mut out = Output::open(Some(&outdir.join("v.ics")), Kind::Text).unwrap();
    let e = ics::write(&store, Span::default(), &[], Lang::Zh, out.writer()).unwrap_err();
    assert!(
        matches!(e.downcast_ref(), Some(OutputError::Interrupted)),
        "{e:#}"
    );
    drop(out);
    output::set_interrupted(false);

    assert_eq!(files(&outdir), ["care.csv"]);
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "kept");
    assert_eq!(
        OutputError::Interrupted.text(Lang::Zh),
        "已中断，未写入任何文件"
    );
}
