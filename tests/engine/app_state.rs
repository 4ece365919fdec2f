//! The app's state, as the desktop app holds it (`carryout::desktop::app_state`): a profile
//! drives its engine in the background until paused, resumes, and hands its data folder over
//! when closed; a second app on the same data folder shows the first one's work.

use std::sync::Arc;
use std::time::Duration;

use carryout::catalog::GroupId;
use carryout::desktop::app_state::AppState;
use carryout::desktop::launch::{self, AppStatus, Mode};
use carryout::desktop::pages;
use carryout::desktop::profile::Profile;
use carryout::download::DownloadOptions;
use carryout::engine::{Consent, Engine, EngineEvent, ExportRequest, ExportState};
use carryout::failure::Failure;
use carryout::progress::ProgressEvent;
use carryout::session::{Backend, SecretsChoice, SessionOptions};
use carryout_emulator::{Emulator, Settings};
use url::Url;

/// What the window reads of the app's status.
fn status(state: &AppState) -> serde_json::Value {
    serde_json::to_value(state.status()).unwrap()
}

/// Whether the window is told the engine is paused.
fn paused(status: AppStatus) -> bool {
    serde_json::to_value(status).unwrap()["paused"] == true
}

/// Backs up `group` with the demo's consent (no browser here: the demo's Google answers its
/// own page) and waits, bounded, for the engine's run loop to verify it.
async fn backed_up_by_the_run_loop(profile: &Profile, group: &str) {
    let engine: &Engine = profile.engine().unwrap();
    let mut events = engine.subscribe();
    let session = &profile.session;
    let open = |url: &Url| pages::open_google_page(session, url, |_| Err("no browser".into()));
    let consent = Consent {
        open: &open,
        progress: &|_: ProgressEvent| {},
        options: Default::default(),
    };
    let request = ExportRequest {
        groups: vec![GroupId::from(group)],
        ..ExportRequest::default()
    };
    let report = engine.backup(&request, Some(consent)).await.unwrap();
    assert_eq!(report.started.len(), 1, "{report:?}");
    let verified = async {
        loop {
            if let Ok(EngineEvent::Export { export }) = events.recv().await
                && export.state == ExportState::Verified
            {
                return export;
            }
        }
    };
    // A bound for a run loop that never runs, not a wait: the demo's clock runs fast.
    let export = tokio::time::timeout(Duration::from_secs(60), verified)
        .await
        .unwrap_or_else(|_| panic!("{group} was not verified: the run loop does not run"));
    assert_eq!(export.group.as_str(), group);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_runs_until_paused_resumes_and_leaves_nothing_behind_when_closed() {
    let state = AppState::default();
    assert_eq!(status(&state)["mode"], "unconfigured");
    assert_eq!(state.profile().err().unwrap().code, Failure::NoClient);

    let mut watched = false;
    let options = launch::demo_options();
    let profile = Profile::open(Mode::Demo, &options, DownloadOptions::default(), |_| {
        watched = true
    })
    .await
    .unwrap();
    assert!(watched, "the host sees the engine before it runs");
    let throwaway = profile.session.throwaway_dir().unwrap().to_path_buf();
    state.set(profile);
    let profile = state.profile().unwrap();
    assert_eq!(status(&state)["mode"], "demo");
    assert_eq!(status(&state)["engine"], "here");

    backed_up_by_the_run_loop(&profile, "myactivity.search").await;
    assert_eq!(state.overview().0.len(), 1);

    assert!(paused(state.set_paused(true)));
    assert!(profile.paused() && state.paused() && state.overview().1);
    assert!(paused(state.set_paused(true)), "paused twice");
    assert!(!paused(state.set_paused(false)));
    // Resumed, the run loop goes on with what is started next.
    backed_up_by_the_run_loop(&profile, "chrome.history").await;
    state.run_schedules_now().unwrap();

    // A command still under way holds the profile: closing removes the demo's folder anyway.
    let in_flight = Arc::clone(&profile);
    drop(profile);
    state.close().await;
    assert!(!throwaway.exists(), "{} stays", throwaway.display());
    assert_eq!(status(&state)["mode"], "unconfigured");
    assert_eq!(state.profile().err().unwrap().code, Failure::NoClient);
    drop(in_flight);
    state.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_app_on_one_data_folder_shows_the_first_ones_work_and_gets_the_engine_after_it() {
    let emulator = Emulator::start(Settings::for_tests()).await.unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let options = SessionOptions {
        data_dir: data_dir.path().to_path_buf(),
        backend: Backend::Emulator(emulator.base_url()),
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: Some(backup_dir.path().to_path_buf()),
        history: Default::default(),
    };
    let open = || Profile::open(Mode::Google, &options, DownloadOptions::default(), |_| {});

    let first = AppState::default();
    first.set(open().await.unwrap());
    let second = AppState::default();
    second.set(open().await.unwrap());
    assert_eq!(status(&second)["engine"], "elsewhere");
    let elsewhere = second.profile().unwrap();
    let refused = elsewhere.engine().err().unwrap();
    assert_eq!(refused.code, Failure::EngineElsewhere);
    assert!(
        refused
            .message
            .contains(&data_dir.path().display().to_string())
    );
    assert!(
        !elsewhere.paused(),
        "an engine elsewhere is not paused here"
    );
    assert_eq!(
        second.run_schedules_now().unwrap_err().code,
        Failure::EngineElsewhere
    );
    drop(elsewhere);

    first.close().await;
    second.close().await;
    second.set(open().await.unwrap());
    assert_eq!(status(&second)["engine"], "here", "the first one let go");
    second.close().await;
}
