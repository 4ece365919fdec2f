//! What the engine watches besides jobs: sign-ins about to end, one-time consents too old to
//! start with, and the library re-verified on disk.

use std::time::Duration;

use carryout::auth::AuthError;
use carryout::engine::{EngineEvent, ExportState, RunUntil, WarningCode};
use carryout_emulator::{AccessChoice, Settings};

use crate::support::{export, latest, request, world, world_with};
use carryout::catalog::GroupId;

const DAY: Duration = Duration::from_secs(86_400);

fn codes(engine: &carryout::engine::Engine) -> Vec<WarningCode> {
    let mut codes: Vec<WarningCode> = engine.warnings().unwrap().iter().map(|w| w.code).collect();
    codes.reverse(); // oldest first
    codes
}

#[tokio::test]
async fn a_production_sign_in_is_announced_14_and_3_days_ahead_with_its_renewal_link() {
    let world = world(AccessChoice::Days30).await;
    let report = world.sign_in(&["myactivity.search"]).await;
    let grant = report.grants[0].clone();
    let engine = world.engine().unwrap();
    let authorizations = world.control().stats().authorize_calls;

    world.control().advance(15 * DAY);
    engine.run(RunUntil::OnePass).await.unwrap();
    assert!(codes(&engine).is_empty(), "{:?}", engine.warnings());

    world.control().advance(DAY + Duration::from_secs(3600));
    engine.run(RunUntil::OnePass).await.unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(codes(&engine), [WarningCode::GrantExpiring], "said once");
    let warning = &engine.warnings().unwrap()[0];
    assert_eq!(warning.grant_id.as_ref(), Some(&grant.id));
    let link = world.auth.renewal_url(&grant.id).unwrap();
    assert!(
        warning.message.contains(link.as_str()),
        "{}",
        warning.message
    );
    let project = world.control().project_number().to_string();
    assert_eq!(link.path(), "/connections/link");
    assert_eq!(
        link.query(),
        Some(format!("project_number={project}").as_str())
    );

    world.control().advance(11 * DAY);
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(
        codes(&engine),
        [WarningCode::GrantExpiring, WarningCode::GrantExpiring]
    );
    assert!(engine.warnings().unwrap()[0].message.contains("3 days"));
    // Nothing asked the person to consent again.
    assert_eq!(world.control().stats().authorize_calls, authorizations);
}

#[tokio::test]
async fn a_testing_clients_sign_in_is_explained_once_and_offered_again_a_day_before_it_ends() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        testing_client: true,
        ..Settings::for_tests()
    })
    .await;
    let report = world.sign_in(&["myactivity.search"]).await;
    let first = report.grants[0].id.clone();
    let engine = world.engine().unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(codes(&engine), [WarningCode::TestingLimit]);
    assert!(matches!(
        world.auth.renewal_url(&first),
        Err(AuthError::NotRenewable { from: None, .. })
    ));

    world.control().advance(6 * DAY + Duration::from_secs(3600));
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(
        codes(&engine),
        [WarningCode::TestingLimit, WarningCode::ReconsentDue]
    );
    let offer = &engine.warnings().unwrap()[0];
    assert_eq!(offer.grant_id.as_ref(), Some(&first));
    assert!(
        offer
            .message
            .contains("login --again --resources myactivity.search")
    );

    // Consenting again gives a new sign-in; the limit is not explained a second time.
    let again = world.sign_in_again(&["myactivity.search"]).await;
    assert_eq!(again.granted, ["myactivity.search"]);
    assert_ne!(again.grants[0].id, first);
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(
        codes(&engine),
        [WarningCode::TestingLimit],
        "the offer is settled by the new consent"
    );
}

#[tokio::test]
async fn a_one_time_consent_older_than_a_day_is_asked_for_again_before_its_export() {
    let world = world(AccessChoice::OneTime).await;
    world.sign_in(&["maps.starred_places"]).await;
    world.control().advance(Duration::from_secs(25 * 3600));
    let engine = world.engine().unwrap();
    let group = vec![GroupId::from("maps.starred_places")];
    assert_eq!(engine.plan(&group).unwrap().consent, group);

    let rows = export(&engine, &["maps.starred_places"]).await;
    assert_eq!(rows[0].state, ExportState::WaitingConsent);
    assert_eq!(world.control().stats().initiate_requests, 0);

    let report = world.sign_in(&["maps.starred_places"]).await;
    assert_eq!(report.granted, group, "the stale consent did not count");
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(
        latest(&engine, &["maps.starred_places"])[0].state,
        ExportState::Verified
    );
    // Used now: a day later the plan says a reset is needed, not a new consent.
    world.control().advance(2 * DAY);
    let plan = engine.plan(&group).unwrap();
    assert!(plan.consent.is_empty(), "{plan:?}");
    assert_eq!(plan.blocked[0].group, "maps.starred_places");
}

#[tokio::test]
async fn the_library_is_reverified_every_week_and_a_changed_file_raises_the_alarm() {
    let world = world(AccessChoice::OneTime).await;
    world.sign_in(&["youtube.comments"]).await;
    let engine = world.engine().unwrap();
    let row = export(&engine, &["youtube.comments"]).await.remove(0);
    assert_eq!(row.state, ExportState::Verified);
    let dir = std::path::PathBuf::from(row.export_dir.unwrap());
    let archive = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .unwrap();
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes[100] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();

    // Nothing is under way: a run until idle is one pass, as `carryout run --until-idle`.
    world.control().advance(6 * DAY);
    engine.run(RunUntil::Idle).await.unwrap();
    assert!(codes(&engine).is_empty(), "not due yet");

    // A quick command's single pass leaves the library alone; a longer run re-verifies it.
    world.control().advance(DAY + Duration::from_secs(60));
    engine.run(RunUntil::OnePass).await.unwrap();
    assert!(codes(&engine).is_empty(), "{:?}", engine.warnings());
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(codes(&engine), [WarningCode::LibraryChanged]);
    let alarm = &engine.warnings().unwrap()[0];
    let name = archive.file_name().unwrap().to_string_lossy();
    assert!(alarm.message.contains(&*name), "{}", alarm.message);
    assert!(alarm.message.contains("changed"), "{}", alarm.message);
}

#[tokio::test]
async fn a_sign_in_renewed_through_googles_link_ends_later_and_its_old_notice_is_settled() {
    let world = world(AccessChoice::Days30).await;
    let grant = world.sign_in(&["myactivity.search"]).await.grants[0].clone();
    let engine = world.engine().unwrap();
    world.control().advance(20 * DAY);
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(codes(&engine), [WarningCode::GrantExpiring]);

    // The person opens the link; Google (auto-consenting here) renews at once.
    let link = world.auth.renewal_url(&grant.id).unwrap();
    let page = reqwest::get(link).await.unwrap();
    assert!(page.status().is_success(), "{}", page.status());
    assert_eq!(world.control().stats().grants_renewed, 1);

    let renewed = world.auth.check_grant(&grant.id).await.unwrap();
    let ends = renewed.refresh_expires_at.unwrap();
    let expected = world.control().now() + chrono::Duration::days(30);
    assert!(
        (ends - expected).num_seconds().abs() < 60,
        "{ends} vs {expected}"
    );
    // What was said about the old end no longer holds; the new end is announced in its time.
    engine.run(RunUntil::OnePass).await.unwrap();
    assert!(codes(&engine).is_empty(), "{:?}", engine.warnings());
    world.control().advance(17 * DAY);
    engine.run(RunUntil::OnePass).await.unwrap();
    assert_eq!(codes(&engine), [WarningCode::GrantExpiring]);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn re_verifying_the_library_holds_up_no_poll_and_no_download() {
    let world = world(AccessChoice::Days30).await;
    world
        .sign_in(&["youtube.comments", "youtube.subscriptions"])
        .await;
    let engine = world.engine().unwrap();
    let row = export(&engine, &["youtube.comments"]).await.remove(0);
    // An archive whose reading waits until the test lets it go: a named pipe.
    let archive = std::fs::read_dir(row.export_dir.unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .unwrap();
    std::fs::remove_file(&archive).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&archive)
        .status()
        .unwrap();
    assert!(made.success());

    world.control().advance(7 * DAY + Duration::from_secs(60));
    engine
        .start_exports(&request(&["youtube.subscriptions"]))
        .unwrap();
    let mut events = engine.subscribe();
    let run = tokio::spawn({
        let engine = engine.clone();
        async move { engine.run(RunUntil::Idle).await }
    });
    // A fail-safe for the old behaviour, not a wait: the export ends in moments or never.
    let exported = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            if let Ok(EngineEvent::Export { export }) = events.recv().await
                && export.group == "youtube.subscriptions"
                && export.state.is_final()
            {
                break export.state;
            }
        }
    })
    .await;
    // Let the re-verification read on: the pipe ends at once, a changed archive.
    drop(
        std::fs::OpenOptions::new()
            .write(true)
            .open(&archive)
            .unwrap(),
    );
    assert_eq!(
        exported.ok(),
        Some(ExportState::Verified),
        "the export waited for the library's re-verification"
    );
    run.await.unwrap().unwrap();
    assert_eq!(codes(&engine), [WarningCode::LibraryChanged]);
}
