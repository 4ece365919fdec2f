//! Recurring backups: runs on the schedule, windows that chain, nothing inside the window.

use std::time::Duration;

use carryout::engine::{ExportState, RunUntil};
use carryout_emulator::{AccessChoice, CooldownScope, Settings};

use crate::support::{World, latest, world_with};
use carryout::catalog::GroupId;

const GROUPS: [&str; 2] = ["myactivity.search", "youtube.comments"];

/// Moves the emulator's clock to `at` (never back).
fn advance_to(world: &World, at: chrono::DateTime<chrono::Utc>) {
    let now = world.control().now();
    if at > now {
        world.control().advance((at - now).to_std().unwrap());
    }
}

#[tokio::test]
async fn three_scheduled_runs_chain_their_windows_under_both_cooldown_scopes() {
    for scope in [CooldownScope::PerClient, CooldownScope::PerResource] {
        let world = world_with(Settings {
            access: AccessChoice::Days180,
            cooldown: scope,
            ..Settings::for_tests()
        })
        .await;
        world.sign_in(&GROUPS).await;
        let engine = world.engine().unwrap();
        let schedule = engine.add_schedule(&GROUPS.map(GroupId::from), 1).unwrap();
        let mut windows = Vec::new();
        for run in 0..3 {
            let next = engine.schedules().unwrap()[0].next_run_at;
            advance_to(&world, next);
            engine.run(RunUntil::Idle).await.unwrap();
            // A group that reached the window first starts when it opens.
            while let Some(until) = latest(&engine, &GROUPS)
                .iter()
                .filter(|r| r.state == ExportState::WaitingWindow)
                .filter_map(|r| r.window_until)
                .max()
            {
                advance_to(&world, until);
                engine.run(RunUntil::Idle).await.unwrap();
            }
            let rows = latest(&engine, &GROUPS);
            for row in &rows {
                assert_eq!(
                    row.state,
                    ExportState::Verified,
                    "{scope:?} run {run}: {row:?}"
                );
            }
            windows.push((rows[0].start_time, rows[0].export_time));

            // Half a day later nothing is due: no job starts inside the window.
            let jobs = world.control().stats().jobs_created;
            world.control().advance(Duration::from_secs(12 * 3600));
            engine.run(RunUntil::Idle).await.unwrap();
            assert_eq!(
                world.control().stats().jobs_created,
                jobs,
                "{scope:?} run {run}"
            );
        }
        assert_eq!(
            windows[0].0, None,
            "the first run exports the whole history"
        );
        // Under a per-client window the sign-in's groups share one job, in full when one of
        // them takes no time filter.
        let after = |end| {
            (scope == CooldownScope::PerResource)
                .then_some(end)
                .flatten()
        };
        assert_eq!(
            windows[1].0,
            after(windows[0].1),
            "{scope:?}: no gap after run 1"
        );
        assert_eq!(
            windows[2].0,
            after(windows[1].1),
            "{scope:?}: no gap after run 2"
        );
        // Three chained windows cover the whole history without a gap.
        let coverage = engine
            .coverage(Some("myactivity.search"))
            .unwrap()
            .remove(0);
        assert_eq!(coverage.windows.len(), 1, "{coverage:?}");
        assert_eq!(coverage.windows[0].start, None);
        assert_eq!(coverage.windows[0].end, windows[2].1.unwrap());
        assert!(coverage.gaps.is_empty(), "{coverage:?}");
        let last = engine.schedules().unwrap().remove(0);
        assert_eq!(last.id, schedule.id);
        assert!(last.last_run_at.is_some());
    }
}

#[tokio::test]
async fn a_schedule_missed_while_asleep_runs_once_on_waking() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    world.sign_in(&["chrome.history"]).await;
    let engine = world.engine().unwrap();
    engine.add_schedule(&["chrome.history".into()], 1).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(world.control().stats().jobs_created, 1);

    // A week asleep: on waking, one run, not seven.
    world
        .control()
        .advance(Duration::from_secs(7 * 24 * 3600 + 60));
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(world.control().stats().jobs_created, 2);
    let next = engine.schedules().unwrap()[0].next_run_at;
    assert!(next > world.control().now());
}
