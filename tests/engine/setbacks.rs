//! Bad moments the engine waits out: a keychain that cannot be read, Google failing a retry,
//! a window end already past by our clock. None stops the run loop or fails an export for good.

use carryout::auth::SecretStore;
use carryout::engine::{ExportState, RunUntil};
use carryout_emulator::{AccessChoice, CooldownScope, Fault, Route, Settings};

use crate::support::{export, latest, request, world, world_keeping_secrets, world_with};

#[tokio::test]
async fn an_unreadable_secret_store_is_a_problem_of_the_export_not_the_end_of_the_run() {
    let world = world_keeping_secrets(
        Settings {
            access: AccessChoice::Days30,
            ..Settings::for_tests()
        },
        SecretStore::file_in,
    )
    .await;
    let group = ["myactivity.search"];
    world.sign_in(&group).await;
    let secrets = world
        .data_dir
        .path()
        .join(carryout::auth::secrets::SECRETS_FILE_NAME);
    let kept = std::fs::read(&secrets).unwrap();
    // Locked: what is there cannot be read.
    std::fs::write(&secrets, b"locked").unwrap();
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&group)).unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    let row = latest(&engine, &group).remove(0);
    assert_eq!(row.state, ExportState::Starting, "{row:?}");
    let problem = row.problem.expect("the export says what is wrong");
    assert!(
        problem.message.contains("could not read the sign-in"),
        "{problem:?}"
    );
    // A second setback waits longer than the first.
    let first_wait = row.next_check_at.unwrap() - world.clock.0.now();
    world.clock.0.advance(first_wait.to_std().unwrap());
    engine.run(RunUntil::OnePass).await.unwrap();
    let row = latest(&engine, &group).remove(0);
    assert!(
        row.next_check_at.unwrap() - world.clock.0.now() > first_wait,
        "{row:?}"
    );
    // Unlocked: the same run loop carries on to the end.
    std::fs::write(&secrets, kept).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(latest(&engine, &group)[0].state, ExportState::Verified);
}

#[tokio::test]
async fn a_retry_google_fails_for_a_moment_is_asked_again() {
    let world = world(AccessChoice::OneTime).await;
    let group = ["youtube.comments"];
    world.sign_in(&group).await;
    world.control().fail_next_jobs(group[0], 1);
    world
        .control()
        .inject_fault(Route::Retry, Fault::Status(503), 1);
    let engine = world.engine().unwrap();
    let row = export(&engine, &group).await.remove(0);
    assert_eq!(row.state, ExportState::Verified, "{row:?}");
    assert_eq!(row.previous_job_ids.len(), 1);
    let stats = world.control().stats();
    assert_eq!(stats.retry_calls, 2, "{stats:?}");
    assert_eq!(stats.jobs_created, 2, "{stats:?}");
}

#[tokio::test]
async fn a_window_end_already_past_by_our_clock_is_asked_about_again_after_growing_waits() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    let group = ["myactivity.search"];
    world.sign_in(&group).await;
    // This computer's clock is ten minutes ahead of Google's.
    let engine = world
        .engine_with_skew(chrono::Duration::minutes(10))
        .unwrap();
    export(&engine, &group).await;
    engine.start_exports(&request(&group)).unwrap();
    let initiates = world.control().stats().initiate_requests;
    let mut waits = Vec::new();
    for _ in 0..10 {
        let row = latest(&engine, &group).remove(0);
        if row.state != ExportState::WaitingWindow && row.state != ExportState::Starting {
            break;
        }
        let now = world.clock.0.now() + chrono::Duration::minutes(10);
        let wait = (row.next_check_at.unwrap_or(now) - now).max(chrono::Duration::zero());
        waits.push(wait.num_seconds());
        world.clock.0.advance(wait.to_std().unwrap());
        engine.run(RunUntil::OnePass).await.unwrap();
    }
    let asked = world.control().stats().initiate_requests - initiates;
    let row = latest(&engine, &group).remove(0);
    assert_eq!(
        row.state,
        ExportState::InProgress,
        "{row:?} after waits {waits:?}"
    );
    // The first wait is Google's day; then the ten minutes are waited out in growing steps
    // of at least two minutes, not asked about at once.
    let retries = &waits[2..];
    assert!(retries.iter().all(|w| *w >= 120), "waits {waits:?}");
    assert!(retries.windows(2).all(|w| w[1] >= w[0]), "waits {waits:?}");
    assert!(asked <= 5, "{asked} initiates, waits {waits:?}");
}

#[tokio::test]
async fn a_sign_in_google_refuses_a_group_no_longer_counts_as_covering_it() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        initiate_after_consent: carryout_emulator::InitiateAfterConsent::FirstWithin24h,
        ..Settings::for_tests()
    })
    .await;
    let group = ["maps.reviews"];
    world.sign_in(&group).await;
    // Google wants the first export within a day of consent.
    world
        .clock
        .0
        .advance(std::time::Duration::from_secs(25 * 3600));
    let engine = world.engine().unwrap();
    let row = export(&engine, &group).await.remove(0);
    assert_eq!(row.state, ExportState::WaitingConsent, "{row:?}");
    let problem = row.problem.unwrap();
    assert!(
        problem
            .message
            .contains("carryout login --resources maps.reviews")
            && problem.message.contains("Consent again"),
        "{problem:?}"
    );
    // The plan asks for consent, and a plain sign-in (no --again) asks for the group.
    let plan = engine.plan(&["maps.reviews".into()]).unwrap();
    assert_eq!(plan.consent, ["maps.reviews"], "{plan:?}");
    let report = world.sign_in(&group).await;
    assert_eq!(report.granted, ["maps.reviews"]);
    engine.wake();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(latest(&engine, &group)[0].state, ExportState::Verified);
}

#[tokio::test]
async fn the_warning_before_google_deletes_an_archive_counts_from_google_s_completion() {
    let world = world(AccessChoice::OneTime).await;
    let group = ["youtube.comments"];
    world.sign_in(&group).await;
    // Google takes a day and a half, so the engine's checks are hours apart by the end; then
    // the archives cannot be downloaded for days.
    world
        .control()
        .set_job_duration(None, std::time::Duration::from_secs(36 * 3600));
    world
        .control()
        .inject_fault(Route::Storage, Fault::Status(503), 1_000_000);
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&group)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    let warning = engine
        .warnings()
        .unwrap()
        .into_iter()
        .find(|w| w.code == carryout::engine::WarningCode::ArchiveExpiring)
        .expect("warned before Google deleted the archives");
    let job = world.control().jobs().remove(0);
    let deleted = job.ready_at + chrono::Duration::days(14);
    let stated = chrono::NaiveDateTime::parse_and_remainder(
        warning.message.rsplit("on ").next().unwrap(),
        "%Y-%m-%d %H:%M",
    )
    .unwrap()
    .0
    .and_utc();
    // Never a date after Google's deletion, and not days before it either.
    assert!(stated <= deleted, "{stated} after {deleted}: {warning:?}");
    assert!(
        deleted - stated < chrono::Duration::hours(12),
        "{stated} long before {deleted}"
    );
}
