//! Time-based access: one export per 24 h, per group or per client, and windows that chain.

use std::time::Duration;

use carryout::engine::{ExportRequest, ExportState, RunUntil, Since};
use carryout_emulator::{AccessChoice, CooldownScope, Settings};

use crate::support::{latest, world_with};
use carryout::catalog::GroupId;

const GROUPS: [&str; 3] = ["myactivity.search", "chrome.history", "youtube.comments"];

fn request(since: Since) -> ExportRequest {
    ExportRequest {
        groups: GROUPS.iter().map(|g| GroupId::from(*g)).collect(),
        since,
        until: None,
    }
}

#[tokio::test]
async fn every_group_is_exported_under_either_window_scope() {
    for scope in [CooldownScope::PerClient, CooldownScope::PerResource] {
        let world = world_with(Settings {
            access: AccessChoice::Days30,
            cooldown: scope,
            ..Settings::for_tests()
        })
        .await;
        world.sign_in(&GROUPS).await;
        let engine = world.engine().unwrap();
        engine.start_exports(&request(Since::Beginning)).unwrap();
        engine.run(RunUntil::Idle).await.unwrap();
        for row in latest(&engine, &GROUPS) {
            assert_eq!(row.state, ExportState::Verified, "{scope:?}: {row:?}");
        }
        let started = world.control().stats().jobs_created;
        match scope {
            // The first job, cancelled once the window shows it holds per client, and one
            // job for all three.
            CooldownScope::PerClient => assert_eq!(started, 2),
            CooldownScope::PerResource => assert_eq!(started, 3),
        }
    }
}

#[tokio::test]
async fn recurring_exports_chain_their_windows_and_wait_out_the_24_hours() {
    for scope in [CooldownScope::PerClient, CooldownScope::PerResource] {
        let world = world_with(Settings {
            access: AccessChoice::Days180,
            cooldown: scope,
            ..Settings::for_tests()
        })
        .await;
        world.sign_in(&GROUPS).await;
        let engine = world.engine().unwrap();
        let mut windows = Vec::new();
        for run in 0..3 {
            engine.start_exports(&request(Since::LastExport)).unwrap();
            engine.run(RunUntil::Idle).await.unwrap();
            // Inside the window: nothing new starts, the groups wait for it.
            let plan = engine.plan(&GROUPS.map(GroupId::from)).unwrap();
            assert_eq!(plan.blocked.len(), 3, "{scope:?} run {run}: {plan:?}");
            let rows = latest(&engine, &GROUPS);
            for row in &rows {
                assert_eq!(
                    row.state,
                    ExportState::Verified,
                    "{scope:?} run {run}: {row:?}"
                );
            }
            windows.push((rows[0].start_time, rows[0].export_time));
            world.clock.0.advance(Duration::from_secs(25 * 3600));
        }
        // myactivity.search supports time filters: each window starts where the last ended.
        // Under a per-client window it shares one job with groups that take none, and that
        // job exports in full.
        let after = |end| {
            (scope == CooldownScope::PerResource)
                .then_some(end)
                .flatten()
        };
        assert_eq!(windows[0].0, None);
        assert_eq!(windows[1].0, after(windows[0].1), "{scope:?}");
        assert_eq!(windows[2].0, after(windows[1].1), "{scope:?}");
    }
}

#[tokio::test]
async fn an_export_asked_for_inside_the_window_starts_by_itself_when_it_opens() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    world.sign_in(&["chrome.history"]).await;
    let engine = world.engine().unwrap();
    let one = ExportRequest {
        groups: vec!["chrome.history".into()],
        ..ExportRequest::default()
    };
    engine.start_exports(&one).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    world.clock.0.advance(Duration::from_secs(3600));
    engine.start_exports(&one).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    let waiting = latest(&engine, &["chrome.history"]).remove(0);
    assert_eq!(waiting.state, ExportState::WaitingWindow);
    let until = waiting.window_until.unwrap();

    // `run` until stopped keeps the schedule: it sleeps to the window and starts the job.
    let run = engine.clone();
    let task = tokio::spawn(async move { run.run(RunUntil::Stopped).await });
    let mut events = engine.subscribe();
    while engine.export(waiting.id).unwrap().state != ExportState::Verified {
        let _ = events.recv().await;
    }
    task.abort();
    let done = engine.export(waiting.id).unwrap();
    assert!(done.started_at.unwrap() >= until);
    assert_eq!(world.control().stats().jobs_created, 2);
}

#[tokio::test]
async fn a_window_that_starts_after_the_last_export_ended_shows_as_a_gap() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    world.sign_in(&["chrome.history"]).await;
    let engine = world.engine().unwrap();
    let first = ExportRequest {
        groups: vec!["chrome.history".into()],
        ..ExportRequest::default()
    };
    engine.start_exports(&first).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    let ended = latest(&engine, &["chrome.history"])[0].export_time.unwrap();
    world.clock.0.advance(Duration::from_secs(25 * 3600));
    let skipped_to = ended + chrono::Duration::hours(2);
    engine
        .start_exports(&ExportRequest {
            since: Since::At(skipped_to),
            ..first
        })
        .unwrap();
    engine.run(RunUntil::Idle).await.unwrap();

    let coverage = engine.coverage(Some("chrome.history")).unwrap().remove(0);
    assert_eq!(coverage.windows.len(), 2, "{coverage:?}");
    assert_eq!(coverage.gaps.len(), 1, "{coverage:?}");
    assert_eq!(coverage.gaps[0].start, Some(ended));
    assert_eq!(coverage.gaps[0].end, skipped_to);
}
