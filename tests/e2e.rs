//! End-to-end: the real binary in a pseudo-terminal, keys typed, the
//! screen read back through a vt100 emulator. See `e2e_support` for the
//! harness (private home, a copy of the seed-42 demo database per test,
//! `--today 2026-11-26`, 80x24).

mod e2e_support;

use e2e_support::{find, key, Home, Tui, LEAVE_ALT_SCREEN, PASTE_OFF, SHOW_CURSOR};

/// Text that must never reach the screen.
fn assert_no_panic(t: &Tui) {
    let raw = t.raw_text();
    assert!(
        !raw.contains("panicked") && !raw.contains("RUST_BACKTRACE"),
        "panic output:\n{raw}"
    );
}

/// Starts the workbench and waits for its first frame.
fn start(home: &Home) -> Tui {
    let t = home.spawn();
    t.wait_ready();
    t
}

/// Opens the Issues pane and waits until its table is drawn.
fn open_issues(t: &mut Tui) -> String {
    t.send("3");
    t.wait_until("the Issues pane", |s| {
        s.contains("Issues (") && s.contains("Filter: ") && s.contains("XC-2026-")
    })
}

/// Quits with `q` and checks the exit.
fn quit(mut t: Tui) -> Tui {
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}\n{}", t.raw_text());
    t
}

#[test]
fn each_pane_opens_with_its_number_key() {
    let home = Home::new();
    let mut t = start(&home);
    // The Today pane opens first.
    assert_eq!(t.active_tab(), "1 Today");
    // Each pane's number key, tab label, and text only that pane shows.
    let panes = [
        ("1", "Today", "Today's visits ("),
        ("2", "Calendar", "Agenda — "),
        ("3", "Issues", "Issues ("),
        ("4", "Mediation", "Mediation ("),
        ("5", "Care", "Care ("),
        ("6", "Report", "Work summary 20"),
    ];
    // Out of order, so every switch is a real change.
    for i in [2usize, 1, 5, 3, 4, 0, 2] {
        let (k, name, marker) = panes[i];
        t.send(k);
        let want = format!("{k} {name}");
        let s = t.wait_until(&format!("pane {want}"), |s| {
            s.contains(marker) && t.active_tab() == want
        });
        for (_, _, other) in panes {
            assert!(
                other == marker || !s.contains(other),
                "{other} on {name}:\n{s}"
            );
        }
        if name == "Issues" {
            assert!(s.contains("XC-2026-"), "{s}");
        }
        // The tab bar stays whole.
        let top = s.lines().next().unwrap_or_default();
        for (k, n, _) in panes {
            assert!(top.contains(&format!("{k} {n}")), "tab bar: {top}");
        }
        assert_no_panic(&t);
    }
    quit(t).assert_restored();
}

#[test]
fn filter_issues_by_state() {
    let home = Home::new();
    let mut t = start(&home);
    open_issues(&mut t);
    t.send("f");
    t.wait_for("State: closed");
    t.type_text("closed");
    t.send(key::ENTER);
    let s = t.wait_for("Filter: closed");
    let rows: Vec<&str> = s
        .lines()
        .map(str::trim_end)
        .filter(|l| l.contains("XC-2026-"))
        .collect();
    assert!(rows.len() >= 10, "too few rows listed:\n{s}");
    for r in &rows {
        assert!(r.ends_with("closed"), "row not closed: {r:?}\n{s}");
    }
    quit(t).assert_restored();
}

#[test]
fn help_shows_the_live_key_map_and_esc_closes_it() {
    let home = Home::new();
    let mut t = start(&home);
    open_issues(&mut t);
    t.send("?");
    let s = t.wait_for("Esc closes");
    for want in ["filter", "Ctrl-c", "quit", "This pane", "Everywhere"] {
        assert!(s.contains(want), "help lacks {want:?}:\n{s}");
    }
    t.send(key::ESC);
    let s = t.wait_gone("Esc closes");
    assert!(!s.contains("Everywhere"), "{s}");
    assert!(s.contains("XC-2026-"), "the pane is back:\n{s}");
    quit(t).assert_restored();
}

#[test]
fn quit_with_q_restores_the_terminal() {
    let home = Home::new();
    let t = start(&home);
    if let Some(cooked) = t.cooked() {
        assert!(!cooked, "raw mode while running: {:?}", t.local_flags());
    }
    t.with_screen(|s| {
        assert!(s.alternate_screen(), "not on the alternate screen");
        assert!(s.hide_cursor(), "cursor shown while drawing panes");
        assert!(s.bracketed_paste(), "bracketed paste off while running");
    });
    let t = quit(t);
    t.assert_restored();
    // Leaving is the very last thing written: nothing drawn after it.
    let raw = t.raw();
    let tail = &raw[raw.len().saturating_sub(32)..];
    for seq in [PASTE_OFF, LEAVE_ALT_SCREEN, SHOW_CURSOR] {
        assert!(
            find(tail, seq).is_some(),
            "output does not end with the restore sequences: {}",
            e2e_support::esc(tail)
        );
    }
    assert!(
        raw.ends_with(SHOW_CURSOR) || raw.ends_with(LEAVE_ALT_SCREEN) || raw.ends_with(PASTE_OFF),
        "output ends with something else: {}",
        e2e_support::esc(tail)
    );
    assert_no_panic(&t);
}

#[test]
fn ctrl_c_quits_like_q() {
    let home = Home::new();
    let mut t = start(&home);
    open_issues(&mut t);
    t.send(key::CTRL_C);
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}\n{}", t.raw_text());
    t.assert_restored();
    assert_no_panic(&t);
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = Home::new();
    let mut t = start(&home);
    t.signal("TERM");
    let status = t.wait_exit();
    // It handled the signal and unwound; a default SIGTERM death would
    // leave the terminal raw (and fail the checks below).
    assert!(status.signal().is_none(), "killed by {status:?}");
    // An orderly shutdown: exit 0, no error message.
    assert!(status.success(), "exit {status:?}: {}", t.screen());
    assert!(!t.raw_text().contains("doorstep:"), "{}", t.screen());
    t.assert_restored();
    assert_no_panic(&t);
}

#[test]
fn sighup_restores_the_terminal() {
    let home = Home::new();
    let mut t = start(&home);
    t.signal("HUP");
    let status = t.wait_exit();
    assert!(status.signal().is_none(), "killed by {status:?}");
    assert!(status.success(), "exit {status:?}: {}", t.screen());
    t.assert_restored();
}

#[test]
fn panic_restores_the_terminal_before_printing() {
    let home = Home::new();
    let mut t = home.launch().env("DOORSTEP_TEST_PANIC", "1").spawn();
    t.wait_ready();
    t.send(key::F12);
    let status = t.wait_exit();
    assert!(!status.success(), "a panic exited 0");
    t.assert_restored();
    let raw = t.raw();
    let msg = find(&raw, b"test panic requested with F12")
        .unwrap_or_else(|| panic!("no panic message:\n{}", t.raw_text()));
    for (name, seq) in [
        ("leave alternate screen", LEAVE_ALT_SCREEN),
        ("show cursor", SHOW_CURSOR),
        ("bracketed paste off", PASTE_OFF),
    ] {
        let at = find(&raw, seq).unwrap_or(usize::MAX);
        assert!(at < msg, "{name} comes after the panic message");
    }
    // The message is readable on the main screen afterwards.
    assert!(
        t.screen().contains("test panic requested with F12"),
        "{}",
        t.screen()
    );
}

#[test]
fn without_the_test_variable_f12_does_nothing() {
    let home = Home::new();
    let mut t = start(&home);
    t.send(key::F12);
    open_issues(&mut t);
    quit(t).assert_restored();
}

#[test]
fn resize_below_80x24_shows_the_notice_and_back() {
    let home = Home::new();
    let mut t = start(&home);
    open_issues(&mut t);
    t.resize(60, 20);
    let s = t.wait_for("terminal too small (needs 80x24)");
    assert!(!s.contains("XC-2026-"), "panes still drawn:\n{s}");
    for (w, h) in [(20, 5), (1, 1), (79, 24), (80, 23)] {
        // It draws a whole frame at each size: it neither dies nor panics.
        let s = t.resize_and_redraw(w, h);
        assert!(t.with_screen(|s| s.alternate_screen()), "left at {w}x{h}");
        if w >= 20 {
            assert!(s.contains("too small"), "{w}x{h}:\n{s}");
        }
    }
    t.resize(80, 24);
    let s = t.wait_for("Filter: all");
    assert!(!s.contains("too small"), "{s}");
    assert_eq!(t.active_tab(), "3 Issues");
    assert_eq!(t.emulator_resets(), 0, "the emulator lost frames");
    assert_no_panic(&t);
    quit(t).assert_restored();
}

#[test]
fn exit_after_first_frame_draws_the_tab_bar_and_exits() {
    let home = Home::new();
    let mut t = home.launch().arg("--exit-after-first-frame").spawn();
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}\n{}", t.raw_text());
    let frame = t.last_frame(80, 24);
    let top = frame.lines().next().unwrap_or_default();
    for tab in ["1 Today", "2 Calendar", "3 Issues", "4 Mediation", "5 Care"] {
        assert!(top.contains(tab), "first frame lacks {tab}:\n{frame}");
    }
    t.assert_restored();
}

#[test]
fn chinese_locale_shows_chinese_tabs_and_headers() {
    let home = Home::new();
    let mut t = home.launch().lang("zh_CN.UTF-8").spawn();
    let s = t.wait_for("今日");
    let top = s.lines().next().unwrap_or_default();
    for tab in ["1 今日", "2 日历", "3 问题", "4 调解", "5 关爱"] {
        assert!(top.contains(tab), "tab bar: {top}");
    }
    t.send("3");
    let s = t.wait_for("筛选: ");
    for header in ["编号", "问题摘要", "状态"] {
        assert!(s.contains(header), "no {header}:\n{s}");
    }
    assert_eq!(t.active_tab(), "3 问题");
    quit(t).assert_restored();
}

#[test]
fn quitting_from_an_overlay_still_restores() {
    let home = Home::new();
    let mut t = start(&home);
    t.send(":");
    t.wait_for("Commands");
    t.send(key::ESC);
    t.wait_gone("Commands");
    t.send("?");
    t.wait_for("Esc closes");
    quit(t).assert_restored();
}

/// The visit form on the Calendar: `n` on a day, fill it, Ctrl-S, and the
/// new visit is listed in that day's agenda.
#[test]
fn create_a_visit_through_the_form_and_see_it_on_the_calendar() {
    let home = Home::new();
    let mut t = start(&home);
    t.send("2");
    t.wait_until("Calendar active", |_| t.active_tab() == "2 Calendar");
    // Three days on from today, so the agenda is easy to tell apart.
    t.send("lll");
    t.send("n");
    let s = t.wait_for("New visit");
    assert!(
        s.contains("2026-11-29"),
        "date not prefilled with the day:\n{s}"
    );
    // Fields: date, time, minutes, visiting, place, officers, purposes...
    t.send(key::TAB.repeat(4));
    t.type_text("Building 7 lobby E2E");
    // Purposes: Enter opens the picker, Space ticks the first, Enter done.
    t.send(key::TAB.repeat(2));
    t.send(key::ENTER);
    t.wait_for("Space toggles");
    t.send(" ");
    t.send(key::ENTER);
    t.wait_gone("Space toggles");
    t.send(key::CTRL_S);
    let s = t.wait_gone("New visit");
    assert!(!s.contains("not a date") && !s.contains("required"), "{s}");
    let s = t.wait_for("Building 7 lobby E2E");
    assert!(
        s.contains("Agenda — Su 2026-11-29"),
        "not that day's agenda:\n{s}"
    );
    let row = s
        .lines()
        .find(|l| l.contains("Building 7 lobby E2E"))
        .unwrap();
    assert!(row.trim_end().ends_with("planned"), "{row}");
    assert!(s.contains("saved"), "no saved message:\n{s}");
    assert_no_panic(&t);
    quit(t).assert_restored();
}

/// A bracketed paste through the terminal lands in the search prompt as
/// text (its newline is not Enter), and Enter searches for exactly it.
#[test]
fn a_bracketed_paste_reaches_the_search_prompt() {
    let home = Home::new();
    let mut t = start(&home);
    open_issues(&mut t);
    t.send("/");
    t.wait_for("Enter search");
    t.send(b"\x1b[200~2026-0271\r\n\x1b[201~");
    let s = t.wait_until("the pasted text on the prompt line", |s| {
        s.lines()
            .nth(21)
            .is_some_and(|l| l.trim_end() == "/2026-0271")
    });
    assert!(s.contains("Enter search"), "the prompt closed:\n{s}");
    t.send(key::ENTER);
    let s = t.wait_gone("XC-2026-0270");
    assert!(s.contains("XC-2026-0271"), "{s}");
    quit(t).assert_restored();
}

/// An invalid date says what is wrong and keeps what was typed.
#[test]
fn an_invalid_date_shows_the_message_and_keeps_the_text() {
    let home = Home::new();
    let mut t = start(&home);
    t.send("2");
    t.wait_until("Calendar active", |_| t.active_tab() == "2 Calendar");
    t.send("n");
    t.wait_for("New visit");
    // The date field has the focus: rub out the prefilled day, type junk.
    t.send(b"\x7f".repeat(12));
    t.type_text("next tuesday");
    t.send(key::CTRL_S);
    let s = t.wait_for("not a date");
    assert!(s.contains("next tuesday"), "typed text lost:\n{s}");
    assert!(s.contains("New visit"), "form closed:\n{s}");
    // Esc asks before throwing the input away; y discards.
    t.send(key::ESC);
    t.wait_for("Discard unsaved input?");
    t.send("y");
    t.wait_gone("New visit");
    quit(t).assert_restored();
}

/// The harness's own check: a program killed outright (SIGKILL cannot be
/// caught) leaves the terminal raw and on the alternate screen, and the
/// restore checks see it. Without this, a broken check would pass.
#[test]
fn the_restore_check_catches_a_killed_program() {
    let home = Home::new();
    let mut t = start(&home);
    t.signal("KILL");
    let status = t.wait_exit();
    assert!(!status.success());
    t.with_screen(|s| assert!(s.alternate_screen()));
    assert_eq!(t.cooked(), Some(false), "{:?}", t.local_flags());
    let check = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.assert_restored()));
    assert!(check.is_err(), "assert_restored passed on a killed program");
}

/// A terminal that goes away (an SSH drop, a closed window) must not leave
/// doorstep running: crossterm's poll then reads end-of-file forever, so
/// the watchdog has to end the process.
#[test]
fn a_vanished_terminal_ends_the_process() {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::io::Read;
    use std::time::{Duration, Instant};
    let home = Home::new();
    let size = PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pair = native_pty_system().openpty(size).expect("open a pty");
    let mut cmd = CommandBuilder::new(e2e_support::bin());
    cmd.env_clear();
    cmd.env("HOME", home.dir.path());
    cmd.env("XDG_DATA_HOME", home.dir.path().join("data"));
    cmd.env("TERM", "xterm-256color");
    cmd.arg("--db");
    cmd.arg(&home.db);
    cmd.args(["--today", "2026-11-26"]);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn doorstep");
    drop(pair.slave);
    // Read until the first frame is out, then let go of every master fd:
    // the kernel hangs the terminal up.
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    // The first frame is whole: its tab bar and the end of its update are
    // out, so the program is idle in its event loop.
    let drawn = |seen: &[u8]| {
        find(seen, "Today".as_bytes())
            .is_some_and(|at| find(&seen[at..], e2e_support::FRAME_END).is_some())
    };
    while !drawn(&seen) && start.elapsed() < Duration::from_secs(10) {
        let n = reader.read(&mut buf).unwrap_or(0);
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(drawn(&seen), "the workbench never drew a whole frame");
    drop((reader, writer, pair.master));
    if !e2e_support::poll(|| child.try_wait().expect("wait").is_some()) {
        let _ = child.kill();
        panic!("doorstep kept running after its terminal went away");
    }
}
