//! One export's way from start to verified, and the ways it can go otherwise.

use std::time::Duration;

use carryout::engine::{EngineError, ExportState, ProblemCode, RunUntil};
use carryout_emulator::AccessChoice;

use crate::support::{export, latest, world};

#[tokio::test]
async fn an_export_goes_from_start_to_verified_files_on_disk() {
    let world = world(AccessChoice::OneTime).await;
    world
        .sign_in(&["myactivity.search", "youtube.comments"])
        .await;
    let engine = world.engine().unwrap();
    let rows = export(&engine, &["myactivity.search", "youtube.comments"]).await;

    for row in &rows {
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
        let dir = std::path::Path::new(row.export_dir.as_deref().unwrap());
        assert!(dir.starts_with(world.backup_path()), "{}", dir.display());
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        assert!(!sums.is_empty());
        assert!(row.bytes_total > 0);
    }
    let stats = world.control().stats();
    assert_eq!(stats.jobs_created, 2);
    assert_eq!(stats.initiate_calls["myactivity.search"], 1);
}

#[tokio::test]
async fn a_group_without_consent_waits_for_it_and_then_goes_on() {
    let world = world(AccessChoice::OneTime).await;
    let engine = world.engine().unwrap();
    let rows = export(&engine, &["maps.starred_places"]).await;
    assert_eq!(rows[0].state, ExportState::WaitingConsent);
    assert_eq!(world.control().stats().initiate_requests, 0);

    world.sign_in(&["maps.starred_places"]).await;
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(
        latest(&engine, &["maps.starred_places"])[0].state,
        ExportState::Verified
    );
}

#[tokio::test]
async fn a_failed_job_is_retried_and_one_failing_for_good_surfaces_after_three_retries() {
    let world = world(AccessChoice::OneTime).await;
    world
        .sign_in(&["myactivity.search", "chrome.history"])
        .await;
    world.control().fail_next_jobs("myactivity.search", 1);
    world.control().fail_next_jobs("chrome.history", 4);
    let engine = world.engine().unwrap();
    let rows = export(&engine, &["myactivity.search", "chrome.history"]).await;

    assert_eq!(rows[0].state, ExportState::Verified);
    assert_eq!(rows[0].retries, 1);
    assert_eq!(rows[0].previous_job_ids.len(), 1);
    assert_eq!(rows[1].state, ExportState::Failed);
    assert_eq!(rows[1].retries, 3);
    assert_eq!(rows[1].problem.as_ref().unwrap().code, ProblemCode::Failed);

    // A person's retry after three: a new export of the group. One-time access was used by
    // the first job, so Google refuses it and the row says a reset is needed.
    let fresh = engine.retry(rows[1].id).unwrap();
    assert_ne!(fresh.id, rows[1].id);
    engine.run(RunUntil::Idle).await.unwrap();
    let again = engine.export(fresh.id).unwrap();
    assert_eq!(again.state, ExportState::Blocked, "{again:?}");
    assert_eq!(again.problem.unwrap().code, ProblemCode::OneTimeUsed);
}

#[tokio::test]
async fn a_second_one_time_export_of_a_group_is_blocked_until_a_reset() {
    let world = world(AccessChoice::OneTime).await;
    world.sign_in(&["youtube.subscriptions"]).await;
    let engine = world.engine().unwrap();
    export(&engine, &["youtube.subscriptions"]).await;
    let plan = engine.plan(&["youtube.subscriptions".into()]).unwrap();
    assert_eq!(plan.blocked.len(), 1, "{plan:?}");

    let rows = export(&engine, &["youtube.subscriptions"]).await;
    assert_eq!(rows[0].state, ExportState::Blocked);
    assert_eq!(world.control().stats().jobs_created, 1);
}

#[tokio::test]
async fn a_six_hour_job_costs_at_most_twelve_state_calls() {
    let world = world(AccessChoice::OneTime).await;
    world
        .control()
        .set_job_duration(None, Duration::from_secs(6 * 3600));
    world.sign_in(&["myactivity.youtube"]).await;
    let engine = world.engine().unwrap();
    let rows = export(&engine, &["myactivity.youtube"]).await;
    assert_eq!(rows[0].state, ExportState::Verified);
    let calls = world.control().stats().state_calls;
    assert!(calls <= 12, "{calls} state calls");
    assert_eq!(u64::from(rows[0].checks), calls);
}

#[tokio::test]
async fn time_based_jobs_can_be_cancelled() {
    let world = world(AccessChoice::Days30).await;
    world
        .control()
        .set_job_duration(None, Duration::from_secs(3 * 3600));
    world.sign_in(&["chrome.history"]).await;
    let engine = world.engine().unwrap();
    engine
        .start_exports(&carryout::engine::ExportRequest {
            groups: vec!["chrome.history".into()],
            ..Default::default()
        })
        .unwrap();
    // Run until the job has started, then cancel it.
    let run = engine.clone();
    let task = tokio::spawn(async move { run.run(RunUntil::Stopped).await });
    let mut events = engine.subscribe();
    loop {
        let row = latest(&engine, &["chrome.history"]).remove(0);
        if row.state == ExportState::InProgress {
            break;
        }
        let _ = events.recv().await;
    }
    task.abort();
    let id = latest(&engine, &["chrome.history"])[0].id;
    let cancelled = engine.cancel(id).await.unwrap();
    assert_eq!(cancelled.state, ExportState::Cancelled);
}

#[tokio::test]
async fn a_second_engine_on_one_data_dir_is_refused() {
    let world = world(AccessChoice::OneTime).await;
    let first = world.engine().unwrap();
    let second = world.engine();
    assert!(matches!(second, Err(EngineError::Elsewhere { .. })));
    drop(first);
    assert!(world.engine().is_ok());
}

#[tokio::test]
async fn a_reset_is_refused_while_an_export_is_not_on_disk_and_then_lets_groups_export_again() {
    let world = world(AccessChoice::OneTime).await;
    world.sign_in(&["youtube.comments", "maps.reviews"]).await;
    let engine = world.engine().unwrap();
    export(&engine, &["youtube.comments"]).await;
    // A long job under way: its archives are not on disk yet.
    world
        .control()
        .set_job_duration(None, Duration::from_secs(3 * 24 * 3600));
    engine
        .start_exports(&carryout::engine::ExportRequest {
            groups: vec!["maps.reviews".into()],
            ..Default::default()
        })
        .unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();

    let refused = engine.reset(false).await.unwrap_err();
    assert!(
        matches!(&refused, EngineError::ResetWouldLose { groups } if groups == &["maps.reviews"]),
        "{refused}"
    );
    assert_eq!(world.control().stats().reset_calls, 0);

    let report = engine.reset(true).await.unwrap();
    assert_eq!(report.lost, ["maps.reviews"]);
    assert_eq!(report.revoked.len(), 1);
    assert_eq!(world.control().stats().reset_calls, 1);
    let lost = latest(&engine, &["maps.reviews"]).remove(0);
    assert_eq!(lost.state, ExportState::Failed);
    assert!(
        engine
            .plan(&["youtube.comments".into()])
            .unwrap()
            .consent
            .len()
            == 1
    );

    // A new consent: the one-time group exports again.
    world
        .control()
        .set_job_duration(None, Duration::from_secs(60));
    world.sign_in(&["youtube.comments"]).await;
    let again = export(&engine, &["youtube.comments"]).await;
    assert_eq!(again[0].state, ExportState::Verified, "{again:?}");
    assert_eq!(world.control().stats().jobs_created, 3);
}
