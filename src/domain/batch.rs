//! The festival batch of docs/ARCHITECTURE.md, "Care list": before a festival the coordinator
//! plans one care visit for every entry of the chosen care groups inside a
//! date window. This module only plans (pure, deterministic); the store
//! writes the plan and the UI shows it first.
//!
//! The plan spreads the visits evenly: over the working days (Monday to
//! Friday) of the window and over the officers, and no officer goes above
//! the daily limit on any day, counting the visits they already have.
//! Entries most overdue come first, so they get the earliest days.

use super::Id;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// A care entry the batch must visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub care_id: Id,
    pub person_id: Id,
    /// Care group key.
    pub group: String,
    /// The entry's next due date; earlier ones are planned first.
    pub next_due: NaiveDate,
}

/// One proposed visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub care_id: Id,
    pub person_id: Id,
    pub group: String,
    pub date: NaiveDate,
    pub officer: Id,
}

/// Who the chosen groups hold for a window: the entries still to visit,
/// and how many active entries of the groups already have a care visit
/// planned inside it (they are left out of the batch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pool {
    pub candidates: Vec<Candidate>,
    pub already_planned: usize,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchError {
    /// The window ends before it starts.
    Reversed {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The window holds no Monday–Friday.
    NoWorkingDay {
        from: NaiveDate,
        to: NaiveDate,
    },
    NoOfficers,
    ZeroLimit,
    /// No active care entry in the chosen groups (or no group chosen).
    NobodyInGroups,
    /// Every active entry of the chosen groups already has a care visit
    /// planned in the window.
    AllPlanned {
        entries: usize,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// More entries than working days × officers × daily limit.
    Capacity {
        entries: usize,
        capacity: usize,
    },
}

/// The working days (Monday to Friday) of `from..=to`, in order.
pub fn working_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push(d);
        }
        match d.checked_add_days(Days::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// Visits each officer already has on each day of the window; they count
/// towards the daily limit.
pub type Busy = BTreeMap<(NaiveDate, Id), u32>;

/// Plans one visit per entry. The days share the visits evenly (see
/// [`shares`]); on each day a visit goes to the officer with the fewest
/// visits (then the fewest in this batch, then the order given) who is
/// still under `daily_limit`, counting `busy`.
pub fn plan(
    entries: &[Candidate],
    officers: &[Id],
    from: NaiveDate,
    to: NaiveDate,
    daily_limit: u32,
    busy: &Busy,
) -> Result<Vec<Planned>, BatchError> {
    if from > to {
        return Err(BatchError::Reversed { from, to });
    }
    let days = working_days(from, to);
    if days.is_empty() {
        return Err(BatchError::NoWorkingDay { from, to });
    }
    let mut team: Vec<Id> = Vec::with_capacity(officers.len());
    for o in officers {
        if !team.contains(o) {
            team.push(*o);
        }
    }
    if team.is_empty() {
        return Err(BatchError::NoOfficers);
    }
    if daily_limit == 0 {
        return Err(BatchError::ZeroLimit);
    }
    // load[d][o]: visits of officer o on day d, existing ones included.
    let mut load: Vec<Vec<u32>> = days
        .iter()
        .map(|d| {
            team.iter()
                .map(|o| busy.get(&(*d, *o)).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    let capacity: usize = load
        .iter()
        .flatten()
        .map(|l| daily_limit.saturating_sub(*l) as usize)
        .sum();
    if entries.len() > capacity {
        return Err(BatchError::Capacity {
            entries: entries.len(),
            capacity,
        });
    }
    let mut order: Vec<&Candidate> = entries.iter().collect();
    order.sort_by_key(|c| (c.next_due, c.care_id));
    let shares = shares(&load, order.len(), daily_limit);
    let mut batch_total = vec![0u32; team.len()];
    let mut out = Vec::with_capacity(order.len());
    let mut next = order.into_iter();
    for (d, share) in shares.into_iter().enumerate() {
        for c in next.by_ref().take(share) {
            // Capacity was checked, so the day's share fits under the limit.
            let o = (0..team.len())
                .filter(|o| load[d][*o] < daily_limit)
                .min_by_key(|o| (load[d][*o], batch_total[*o], *o))
                .unwrap_or(0);
            load[d][o] += 1;
            batch_total[o] += 1;
            out.push(Planned {
                care_id: c.care_id,
                person_id: c.person_id,
                group: c.group.clone(),
                date: days[d],
                officer: team[o],
            });
        }
    }
    Ok(out)
}

/// Plans the batch for `pool` like [`plan`], or says why nothing can be
/// planned: the window and team are checked first, then whether anyone in
/// the groups is left to visit.
pub fn plan_pool(
    pool: &Pool,
    officers: &[Id],
    from: NaiveDate,
    to: NaiveDate,
    daily_limit: u32,
    busy: &Busy,
) -> Result<Vec<Planned>, BatchError> {
    plan(&[], officers, from, to, daily_limit, busy)?;
    if pool.candidates.is_empty() {
        return Err(match pool.already_planned {
            0 => BatchError::NobodyInGroups,
            entries => BatchError::AllPlanned { entries, from, to },
        });
    }
    plan(&pool.candidates, officers, from, to, daily_limit, busy)
}

/// How many of `n` visits each day takes: one at a time to the day with the
/// fewest visits (existing ones included) that still has room, earlier on
/// a tie. Days then take the entries in order, so the most overdue get the
/// earliest days.
fn shares(load: &[Vec<u32>], n: usize, daily_limit: u32) -> Vec<usize> {
    let room: Vec<u32> = load
        .iter()
        .map(|l| l.iter().map(|x| daily_limit.saturating_sub(*x)).sum())
        .collect();
    let mut total: Vec<u32> = load.iter().map(|l| l.iter().sum()).collect();
    let mut share = vec![0usize; load.len()];
    for _ in 0..n {
        let Some(d) = (0..load.len())
            .filter(|d| (share[*d] as u32) < room[*d])
            .min_by_key(|d| (total[*d], *d))
        else {
            break;
        };
        share[d] += 1;
        total[d] += 1;
    }
    share
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// `n` entries, due on scattered days so sorting matters.
    fn entries(n: i64) -> Vec<Candidate> {
        (1..=n)
            .map(|i| Candidate {
                care_id: i,
                person_id: 100 + i,
                group: if i % 2 == 0 {
                    "volunteer"
                } else {
                    "meritorious"
                }
                .into(),
                next_due: d("2026-11-01") + Days::new(((i * 7) % 23) as u64),
            })
            .collect()
    }

    /// Visits per (day, officer).
    fn loads(p: &[Planned]) -> BTreeMap<(NaiveDate, Id), usize> {
        let mut m = BTreeMap::new();
        for v in p {
            *m.entry((v.date, v.officer)).or_default() += 1;
        }
        m
    }

    fn per_officer(p: &[Planned], officers: &[Id]) -> Vec<usize> {
        officers
            .iter()
            .map(|o| p.iter().filter(|v| v.officer == *o).count())
            .collect()
    }

    fn spread(v: &[usize]) -> usize {
        v.iter().max().unwrap() - v.iter().min().unwrap()
    }

    // 2026-12-14 is a Monday; the window below has 10 working days.
    const FROM: &str = "2026-12-12";
    const TO: &str = "2026-12-25";

    #[test]
    fn working_days_skip_weekends() {
        let days = working_days(d(FROM), d(TO));
        assert_eq!(days.len(), 10);
        assert_eq!(days[0], d("2026-12-14"));
        assert_eq!(days[9], d("2026-12-25"));
        assert!(days
            .iter()
            .all(|x| !matches!(x.weekday(), Weekday::Sat | Weekday::Sun)));
        assert!(working_days(d("2026-12-19"), d("2026-12-20")).is_empty());
        assert!(working_days(d("2026-12-20"), d("2026-12-14")).is_empty());
    }

    #[test]
    fn every_entry_is_planned_exactly_once() {
        let e = entries(37);
        let p = plan(&e, &[3, 1, 2], d(FROM), d(TO), 4, &Busy::new()).unwrap();
        assert_eq!(p.len(), e.len());
        let ids: HashSet<Id> = p.iter().map(|v| v.care_id).collect();
        assert_eq!(ids.len(), e.len());
        for c in &e {
            let v = p.iter().find(|v| v.care_id == c.care_id).unwrap();
            assert_eq!((v.person_id, &v.group), (c.person_id, &c.group));
        }
    }

    #[test]
    fn the_daily_limit_holds_for_every_day_and_officer() {
        // Exactly at capacity: 10 days × 2 officers × 3.
        let e = entries(60);
        let p = plan(&e, &[1, 2], d(FROM), d(TO), 3, &Busy::new()).unwrap();
        assert_eq!(p.len(), 60);
        assert!(loads(&p).values().all(|n| *n <= 3), "{:?}", loads(&p));
        // Every size up to capacity, several team sizes and limits.
        for officers in [vec![1], vec![1, 2], vec![5, 6, 7]] {
            for limit in 1..=3u32 {
                let cap = 10 * officers.len() * limit as usize;
                for n in 0..=cap as i64 {
                    let p =
                        plan(&entries(n), &officers, d(FROM), d(TO), limit, &Busy::new()).unwrap();
                    assert_eq!(p.len(), n as usize);
                    assert!(
                        loads(&p).values().all(|x| *x <= limit as usize),
                        "n {n} limit {limit} officers {officers:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn only_working_days_of_the_window_are_used() {
        let p = plan(&entries(40), &[1, 2], d(FROM), d(TO), 4, &Busy::new()).unwrap();
        let days = working_days(d(FROM), d(TO));
        assert!(p.iter().all(|v| days.contains(&v.date)));
    }

    #[test]
    fn visits_spread_evenly_over_officers_and_days() {
        let officers = [4, 9, 2];
        for n in [1, 2, 5, 10, 11, 29, 30, 31, 59, 120] {
            let p = plan(&entries(n), &officers, d(FROM), d(TO), 4, &Busy::new()).unwrap();
            assert!(spread(&per_officer(&p, &officers)) <= 1, "n {n}");
            let days = working_days(d(FROM), d(TO));
            let per_day: Vec<usize> = days
                .iter()
                .map(|x| p.iter().filter(|v| v.date == *x).count())
                .collect();
            assert!(spread(&per_day) <= 1, "n {n}: {per_day:?}");
        }
        // Fewer entries than days: one a day, the officers in turn.
        let p = plan(&entries(4), &[1, 2], d(FROM), d(TO), 4, &Busy::new()).unwrap();
        let dates: Vec<_> = p.iter().map(|v| v.date).collect();
        assert_eq!(dates, working_days(d(FROM), d(TO))[..4].to_vec());
        assert_eq!(per_officer(&p, &[1, 2]), vec![2, 2]);
    }

    #[test]
    fn the_most_overdue_entries_come_first() {
        let p = plan(&entries(12), &[1], d(FROM), d(TO), 4, &Busy::new()).unwrap();
        let keys: Vec<_> = p
            .iter()
            .map(|v| {
                let c = entries(12).into_iter().find(|c| c.care_id == v.care_id);
                (v.date, c.unwrap().next_due, v.care_id)
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn visits_officers_already_have_count_towards_the_limit() {
        // Officer 1 is full on the first day; officer 2 has one visit there.
        let first = working_days(d(FROM), d(TO))[0];
        let busy: Busy = [((first, 1), 3), ((first, 2), 1)].into_iter().collect();
        let p = plan(&entries(20), &[1, 2], d(FROM), d(TO), 3, &busy).unwrap();
        let mut with_busy = loads(&p);
        for (slot, n) in &busy {
            *with_busy.entry(*slot).or_default() += *n as usize;
        }
        assert!(with_busy.values().all(|n| *n <= 3), "{with_busy:?}");
        assert!(!p.iter().any(|v| v.date == first && v.officer == 1));
        // The room left is counted too: 2 slots of officer 2 on the first day.
        let room = working_days(d(FROM), d(TO)).len() * 2 * 3 - 4;
        let err = plan(&entries(room as i64 + 1), &[1, 2], d(FROM), d(TO), 3, &busy).unwrap_err();
        assert_eq!(
            err,
            BatchError::Capacity {
                entries: room + 1,
                capacity: room
            }
        );
    }

    #[test]
    fn too_many_entries_name_both_numbers() {
        let err = plan(&entries(61), &[1, 2], d(FROM), d(TO), 3, &Busy::new()).unwrap_err();
        assert_eq!(
            err,
            BatchError::Capacity {
                entries: 61,
                capacity: 60
            }
        );
        let text = err.to_string();
        assert!(text.contains("61") && text.contains("60"), "{text}");
    }

    #[test]
    fn an_empty_window_no_officers_or_a_zero_limit_are_refused() {
        let e = entries(3);
        let weekend = plan(&e, &[1], d("2026-12-19"), d("2026-12-20"), 4, &Busy::new());
        assert!(matches!(weekend, Err(BatchError::NoWorkingDay { .. })));
        let backwards = plan(&e, &[1], d(TO), d(FROM), 4, &Busy::new());
        assert_eq!(
            backwards,
            Err(BatchError::Reversed {
                from: d(TO),
                to: d(FROM)
            })
        );
        assert_eq!(
            plan(&e, &[], d(FROM), d(TO), 4, &Busy::new()),
            Err(BatchError::NoOfficers)
        );
        assert_eq!(
            plan(&e, &[1], d(FROM), d(TO), 0, &Busy::new()),
            Err(BatchError::ZeroLimit)
        );
        assert_eq!(
            plan(&[], &[1], d(FROM), d(TO), 4, &Busy::new()),
            Ok(Vec::new())
        );
    }

    #[test]
    fn an_empty_pool_says_why() {
        let none = Pool::default();
        let all_planned = Pool {
            candidates: Vec::new(),
            already_planned: 7,
        };
        let go = |pool: &Pool, from: &str, to: &str, officers: &[Id]| {
            plan_pool(pool, officers, d(from), d(to), 3, &Busy::new())
        };
        assert_eq!(go(&none, FROM, TO, &[1]), Err(BatchError::NobodyInGroups));
        assert_eq!(
            go(&all_planned, FROM, TO, &[1]),
            Err(BatchError::AllPlanned {
                entries: 7,
                from: d(FROM),
                to: d(TO)
            })
        );
        // The window and the team are wrong before anyone is missing.
        assert_eq!(
            go(&all_planned, TO, FROM, &[1]),
            Err(BatchError::Reversed {
                from: d(TO),
                to: d(FROM)
            })
        );
        assert!(matches!(
            go(&none, "2026-12-19", "2026-12-20", &[1]),
            Err(BatchError::NoWorkingDay { .. })
        ));
        assert_eq!(go(&none, FROM, TO, &[]), Err(BatchError::NoOfficers));
        let pool = Pool {
            candidates: entries(5),
            already_planned: 2,
        };
        assert_eq!(go(&pool, FROM, TO, &[1]).unwrap().len(), 5);
    }

    #[test]
    fn the_plan_is_deterministic_and_ignores_input_order() {
        let e = entries(33);
        let a = plan(&e, &[1, 2, 2, 3], d(FROM), d(TO), 2, &Busy::new()).unwrap();
        let mut shuffled = e.clone();
        shuffled.reverse();
        shuffled.swap(3, 17);
        let b = plan(&shuffled, &[1, 2, 3], d(FROM), d(TO), 2, &Busy::new()).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a,
            plan(&e, &[1, 2, 3], d(FROM), d(TO), 2, &Busy::new()).unwrap()
        );
    }
}
