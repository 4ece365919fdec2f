//! What the app says from the background, on its real path: engine events followed by
//! `notices::follow` into a notifier (here a list, in the app desktop notifications).

use std::sync::{Arc, Mutex};

use carryout::desktop::notices::{self, Language, Notice, Notifier};
use carryout::engine::{ExportState, RunUntil};
use carryout_emulator::{AccessChoice, CooldownScope, Settings};

use crate::support::{export, world, world_with};

#[derive(Clone, Default)]
struct Said(Arc<Mutex<Vec<Notice>>>);

impl Notifier for Said {
    fn notify(&self, notice: &Notice) {
        self.0.lock().unwrap().push(notice.clone());
    }
}

impl Said {
    fn all(&self) -> Vec<Notice> {
        self.0.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn a_failed_export_notifies_with_its_reason_and_a_verified_one_says_it_is_done() {
    let world = world(AccessChoice::OneTime).await;
    world
        .sign_in(&["myactivity.search", "chrome.history"])
        .await;
    world.control().fail_next_jobs("chrome.history", 4);
    let engine = world.engine().unwrap();
    let said = Said::default();
    let following = tokio::spawn(notices::follow(
        engine.subscribe(),
        || Language::English,
        said.clone(),
        |_| {},
    ));
    let rows = export(&engine, &["myactivity.search", "chrome.history"]).await;
    assert_eq!(rows[1].state, ExportState::Failed);
    drop(engine);
    following.await.unwrap();

    let notices = said.all();
    let failures: Vec<&Notice> = notices.iter().filter(|n| n.urgent).collect();
    assert_eq!(failures.len(), 1, "{notices:?}");
    assert!(
        failures[0].title.contains("Browsing history"),
        "{notices:?}"
    );
    assert_eq!(failures[0].body, rows[1].problem.as_ref().unwrap().message);
    let done: Vec<&Notice> = notices.iter().filter(|n| !n.urgent).collect();
    assert_eq!(done.len(), 1, "{notices:?}");
    assert!(done[0].body.contains("Search activity"), "{notices:?}");
}

#[tokio::test]
async fn run_now_runs_each_schedule_once_and_counts_the_next_run_from_then() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    world.sign_in(&["chrome.history"]).await;
    let engine = world.engine().unwrap();
    engine.add_schedule(&["chrome.history".into()], 2).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(world.control().stats().jobs_created, 1);

    // A day and a half later (past the 24 h window, before the next run), the tray's
    // "run now": one run now, none at the old time, the next two days from now.
    world
        .control()
        .advance(std::time::Duration::from_secs(36 * 3600));
    engine.run_schedules_now().unwrap();
    engine.run_schedules_now().unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(world.control().stats().jobs_created, 2);
    let report = engine.schedule_reports().unwrap().remove(0);
    assert_eq!(
        report.schedule.next_run_at,
        report.schedule.last_run_at.unwrap() + chrono::Duration::days(2)
    );
    assert_eq!(
        report.last_result,
        Some(carryout::engine::RunResult::Verified)
    );
    world
        .control()
        .advance(std::time::Duration::from_secs(12 * 3600));
    engine.run(RunUntil::Idle).await.unwrap();
    assert_eq!(world.control().stats().jobs_created, 2);
}
