//! Twenty groups in one export, each meeting a different answer from Google: every one ends
//! in its own state with its own message.

use std::time::Duration;

use carryout::engine::{ExportRequest, ExportRow, ExportState, ProblemCode, RunUntil};
use carryout_emulator::{AccessChoice, CooldownScope, InitiateAfterConsent, Settings};

use crate::support::{export, latest, world_with};
use carryout::catalog::GroupId;

const HOUR: Duration = Duration::from_secs(3600);

/// Time-based, never exported: its consent is older than a day when the export starts.
const STALE: &str = "maps.reviews";
/// One-time (the grant mixes access types) and already exported.
const USED: &str = "play.library";
/// Time-based and exported an hour before.
const RECENT: &str = "myactivity.search";
const FAILS_ONCE: [&str; 2] = ["youtube.comments", "chrome.history"];
const FAILS_FOR_GOOD: &str = "maps.starred_places";
const CANCELLED: &str = "youtube.music";
const COMPLETE: [&str; 13] = [
    "chrome.bookmarks",
    "chrome.autofill",
    "discover.likes",
    "maps.photos_videos",
    "myactivity.youtube",
    "play.installs",
    "saved.collections",
    "shopping.addresses",
    "youtube.channel",
    "youtube.subscriptions",
    "youtube.public_playlists",
    "search_ugc.comments",
    "nest.user",
];

fn row<'a>(rows: &'a [ExportRow], group: &str) -> &'a ExportRow {
    rows.iter()
        .find(|r| r.group == group)
        .unwrap_or_else(|| panic!("no row of {group}"))
}

#[tokio::test]
async fn twenty_groups_with_mixed_answers_each_end_in_the_right_state_with_the_right_message() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        mixed_access: vec![USED.to_owned()],
        initiate_after_consent: InitiateAfterConsent::FirstWithin24h,
        ..Settings::for_tests()
    })
    .await;
    world.sign_in(&[STALE]).await;
    world.control().advance(25 * HOUR);
    // The stale consent is 25 h old now; the recent export's window stays shut for a day,
    // longer than the run below takes on the engine's clock (even on a busy machine).
    world.sign_in(&[USED, RECENT]).await;
    let engine = world.engine().unwrap();
    let earlier = export(&engine, &[USED, RECENT]).await;
    assert!(
        earlier.iter().all(|r| r.state == ExportState::Verified),
        "{earlier:?}"
    );

    let mut groups: Vec<&str> = COMPLETE.to_vec();
    groups.extend(FAILS_ONCE);
    groups.extend([FAILS_FOR_GOOD, CANCELLED]);
    world.sign_in(&groups).await;
    groups.extend([STALE, USED, RECENT]);
    assert_eq!(groups.len(), 20);
    for group in FAILS_ONCE {
        world.control().fail_next_jobs(group, 1);
    }
    world.control().fail_next_jobs(FAILS_FOR_GOOD, 4);
    world.control().set_job_duration(Some(CANCELLED), 10 * HOUR);

    let plan = engine
        .plan(&groups.iter().map(|g| GroupId::from(*g)).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(plan.ready.len(), 18, "{plan:?}");
    let blocked: Vec<&str> = plan.blocked.iter().map(|b| b.group.as_str()).collect();
    assert_eq!(blocked, [USED, RECENT].map(|g| g), "{plan:?}");

    let created_before = world.control().stats().jobs_created;
    engine
        .start_exports(&ExportRequest {
            groups: groups.iter().map(|g| GroupId::from(*g)).collect(),
            ..ExportRequest::default()
        })
        .unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    // Google's refusals are in after one pass: the recent group waits for its window.
    let recent = latest(&engine, &[RECENT]).remove(0);
    assert_eq!(recent.state, ExportState::WaitingWindow, "{recent:?}");
    assert_eq!(recent.problem.as_ref().unwrap().code, ProblemCode::Window);
    let opens = earlier[1].started_at.unwrap() + chrono::Duration::hours(24);
    assert!(
        recent.window_until.is_some_and(|at| at >= opens),
        "{recent:?}"
    );
    let cancel = latest(&engine, &[CANCELLED])[0].clone();
    assert_eq!(cancel.state, ExportState::InProgress, "{cancel:?}");
    engine.cancel(cancel.id).await.unwrap();
    engine.run(RunUntil::Idle).await.unwrap();

    let rows = latest(&engine, &groups);
    for group in COMPLETE {
        let r = row(&rows, group);
        assert_eq!(r.state, ExportState::Verified, "{r:?}");
        assert_eq!(r.retries, 0);
        assert!(r.problem.is_none());
    }
    for group in FAILS_ONCE {
        let r = row(&rows, group);
        assert_eq!((r.state, r.retries), (ExportState::Verified, 1), "{r:?}");
    }
    let failed = row(&rows, FAILS_FOR_GOOD);
    assert_eq!((failed.state, failed.retries), (ExportState::Failed, 3));
    let problem = failed.problem.as_ref().unwrap();
    assert_eq!(problem.code, ProblemCode::Failed);
    assert!(problem.message.contains("3 retries"), "{problem:?}");

    assert_eq!(row(&rows, CANCELLED).state, ExportState::Cancelled);

    let stale = row(&rows, STALE);
    assert_eq!(stale.state, ExportState::WaitingConsent, "{stale:?}");
    let problem = stale.problem.as_ref().unwrap();
    assert_eq!(problem.code, ProblemCode::NotAuthorized);
    assert!(problem.message.contains("consent"), "{problem:?}");

    let used = row(&rows, USED);
    assert_eq!(used.state, ExportState::Blocked, "{used:?}");
    let problem = used.problem.as_ref().unwrap();
    assert_eq!(problem.code, ProblemCode::OneTimeUsed);
    assert!(problem.message.contains("reset"), "{problem:?}");

    // Still waiting, or (the engine's clock reached the window while downloads ran) started
    // by itself once the window opened, never before.
    let recent = row(&rows, RECENT);
    let started_itself = match recent.state {
        ExportState::WaitingWindow => false,
        ExportState::Verified => {
            assert!(
                recent.started_at.is_some_and(|at| at >= opens),
                "{recent:?}"
            );
            true
        }
        _ => panic!("{recent:?}"),
    };

    // One job per group that Google let start, and one per retry of a failed job.
    let stats = world.control().stats();
    let jobs_now = stats.jobs_created - created_before;
    let expected = 13 + 2 * 2 + 4 + 1 + u64::from(started_itself);
    assert_eq!(jobs_now, expected, "{stats:?}");
    for group in COMPLETE {
        assert_eq!(stats.initiate_calls[group], 1, "{group}");
    }
}
