//! The data-loss alarm: an export holding fewer records than the same groups' earlier exports
//! foretell is flagged, for single, combined and incremental exports, and never because of
//! another group's files.

use std::time::Duration;

use carryout::engine::{Engine, EngineEvent, ExportRequest, RunUntil, Since, WarningCode};
use carryout_emulator::{AccessChoice, CooldownScope, Settings};

use crate::support::{World, world_with};
use carryout::catalog::GroupId;

const DAY: Duration = Duration::from_secs(24 * 3600);

async fn world(scope: CooldownScope) -> World {
    world_with(Settings {
        access: AccessChoice::Days180,
        cooldown: scope,
        ..Settings::for_tests()
    })
    .await
}

async fn export(engine: &Engine, groups: &[&str], since: Since) {
    let request = ExportRequest {
        groups: groups.iter().map(|g| GroupId::from(*g)).collect(),
        since,
        until: None,
    };
    engine.start_exports(&request).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
}

/// The messages of the data-loss alarms kept.
fn alarms(engine: &Engine) -> Vec<String> {
    engine
        .warnings()
        .unwrap()
        .into_iter()
        .filter(|w| w.code == WarningCode::DataShrank)
        .map(|w| w.message)
        .collect()
}

#[tokio::test]
async fn a_full_export_with_far_fewer_records_than_the_last_raises_the_alarm() {
    let world = world(CooldownScope::PerResource).await;
    world.sign_in(&["youtube.comments"]).await;
    let engine = world.engine().unwrap();
    let mut events = engine.subscribe();
    export(&engine, &["youtube.comments"], Since::Beginning).await;
    // The same history and a day more: no alarm.
    world.clock.0.advance(DAY + DAY / 24);
    export(&engine, &["youtube.comments"], Since::Beginning).await;
    assert_eq!(alarms(&engine), Vec::<String>::new());
    // The person deletes the older two thirds of their comments at Google.
    world.clock.0.advance(DAY + DAY / 24);
    let until = world.control().now() - chrono::Duration::days(10);
    world.control().delete_history("youtube.comments", until);
    export(&engine, &["youtube.comments"], Since::Beginning).await;

    let mut raised = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let EngineEvent::Warning { warning } = event
            && warning.code == WarningCode::DataShrank
        {
            raised.push(warning.message);
        }
    }
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert!(raised[0].contains("comments.json"), "{}", raised[0]);
    // Kept until dismissed: a host started later still sees it.
    assert_eq!(alarms(&engine), raised);
    let kept = engine.warnings().unwrap();
    let alarm = kept
        .iter()
        .find(|w| w.code == WarningCode::DataShrank)
        .unwrap();
    engine.dismiss_warning(alarm.id).unwrap();
    assert_eq!(alarms(&engine), Vec::<String>::new());
}

#[tokio::test]
async fn a_combined_export_is_compared_group_by_group_with_the_last_of_the_same_groups() {
    let world = world(CooldownScope::PerClient).await;
    let groups = ["chrome.history", "youtube.comments"];
    world.sign_in(&groups).await;
    let engine = world.engine().unwrap();
    export(&engine, &groups, Since::Beginning).await;
    let jobs = world.control().jobs();
    assert!(
        jobs.iter().any(|j| j.resources.len() == 2),
        "the export is one combined job: {jobs:?}"
    );
    world.clock.0.advance(DAY + DAY / 24);
    let until = world.control().now() - chrono::Duration::days(10);
    world.control().delete_history("chrome.history", until);
    export(&engine, &groups, Since::LastExport).await;

    let alarms = alarms(&engine);
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    assert!(alarms[0].contains("History.json"), "{}", alarms[0]);
    assert!(!alarms[0].contains("comments.json"), "{}", alarms[0]);
}

#[tokio::test]
async fn another_groups_files_in_an_earlier_combined_export_never_raise_the_alarm() {
    let world = world(CooldownScope::PerClient).await;
    let groups = ["chrome.history", "youtube.comments"];
    world.sign_in(&groups).await;
    let engine = world.engine().unwrap();
    export(&engine, &groups, Since::Beginning).await;
    // Now only the comments, alone: the Chrome history it lacks is no loss.
    world.clock.0.advance(DAY + DAY / 24);
    export(&engine, &["youtube.comments"], Since::Beginning).await;
    assert_eq!(alarms(&engine), Vec::<String>::new());
}

#[tokio::test]
async fn an_incremental_export_far_below_the_groups_recent_pace_raises_the_alarm() {
    let world = world(CooldownScope::PerResource).await;
    let group = ["myactivity.search"];
    world.sign_in(&group).await;
    let engine = world.engine().unwrap();
    export(&engine, &group, Since::Beginning).await;
    // Two windows of 25 days at the usual pace: no alarm.
    for _ in 0..2 {
        world.clock.0.advance(25 * DAY);
        export(&engine, &group, Since::LastExport).await;
    }
    assert_eq!(alarms(&engine), Vec::<String>::new());
    // Then a window whose activity was deleted at Google.
    world.clock.0.advance(25 * DAY);
    world
        .control()
        .delete_history(group[0], world.control().now());
    export(&engine, &group, Since::LastExport).await;

    let alarms = alarms(&engine);
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    assert!(alarms[0].contains("myactivity.search"), "{}", alarms[0]);
    assert!(
        alarms[0].contains("where its recent pace foretold"),
        "{}",
        alarms[0]
    );
}
