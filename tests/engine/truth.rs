//! The engine never claims what Google did not do: a group is verified only with a job Google
//! made for it, one receipt per group and job, whatever failed on the way.

use std::time::Duration;

use carryout::engine::{Engine, ExportState, ProblemCode, RunUntil};
use carryout_emulator::{AccessChoice, Control, CooldownScope, Fault, Route, Settings};

use crate::support::{latest, request, world_with};
use carryout::catalog::GroupId;

const DAY: Duration = Duration::from_secs(24 * 3600);

/// Every verified export names a job Google made for exactly the groups whose exports name it,
/// and no group has two verified exports of one job.
pub fn assert_truthful(engine: &Engine, control: &Control) {
    let rows = engine.exports().unwrap();
    let jobs = control.jobs();
    for row in rows.iter().filter(|r| r.state == ExportState::Verified) {
        let job = row.job_id.as_ref().expect("a verified export has a job");
        let made = jobs
            .iter()
            .find(|j| j.id == job.0)
            .unwrap_or_else(|| panic!("{row:?}: Google never made job {job}"));
        let mut claimed: Vec<&str> = rows
            .iter()
            .filter(|r| r.state == ExportState::Verified && r.job_id.as_ref() == Some(job))
            .map(|r| r.group.as_str())
            .collect();
        claimed.sort_unstable();
        let mut exported: Vec<&str> = made.resources.iter().map(String::as_str).collect();
        exported.sort_unstable();
        assert_eq!(
            claimed, exported,
            "job {job} exported {exported:?}, but these exports claim it: {claimed:?}"
        );
    }
}

#[tokio::test]
async fn a_failed_start_never_adopts_the_job_of_another_group() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerClient,
        ..Settings::for_tests()
    })
    .await;
    let groups = ["myactivity.search", "chrome.history"];
    world.sign_in(&groups).await;
    // The first start fails and creates nothing; the second group's start takes the window.
    world
        .control()
        .inject_fault(Route::Initiate, Fault::Status(503), 1);
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&groups)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    assert_truthful(&engine, &world.control());
    world.clock.0.advance(DAY);
    engine.run(RunUntil::Idle).await.unwrap();
    for row in latest(&engine, &groups) {
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
    }
    assert_truthful(&engine, &world.control());
}

#[tokio::test]
async fn a_failed_start_never_adopts_the_groups_own_earlier_job() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerResource,
        ..Settings::for_tests()
    })
    .await;
    let group = ["myactivity.search"];
    world.sign_in(&group).await;
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&group)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    let first = latest(&engine, &group).remove(0);
    assert_eq!(first.state, ExportState::Verified);
    // Again within the day: a start that fails, then Google's refusal names the first job.
    world
        .control()
        .inject_fault(Route::Initiate, Fault::Status(503), 1);
    engine.start_exports(&request(&group)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    let second = latest(&engine, &group).remove(0);
    assert_ne!(second.id, first.id);
    assert_eq!(second.state, ExportState::WaitingWindow, "{second:?}");
    assert_truthful(&engine, &world.control());
    world.clock.0.advance(DAY);
    engine.run(RunUntil::Idle).await.unwrap();
    let second = latest(&engine, &group).remove(0);
    assert_eq!(second.state, ExportState::Verified, "{second:?}");
    assert_ne!(second.job_id, first.job_id);
    assert_truthful(&engine, &world.control());
}

/// Three sign-ins of one client, whose 24 h window Google counts across groups: a daily
/// schedule of all their groups exports each sign-in's groups in turn, every group within three
/// days and again every three days, as the plan announced; none starves.
#[tokio::test]
async fn sign_ins_sharing_a_window_take_turns_and_none_starves() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerClient,
        ..Settings::for_tests()
    })
    .await;
    let sign_ins: [&[&str]; 3] = [
        &["myactivity.search", "chrome.history"],
        &["youtube.comments"],
        &["maps.reviews", "play.library"],
    ];
    for groups in sign_ins {
        world.sign_in(groups).await;
    }
    let all: Vec<GroupId> = sign_ins
        .concat()
        .iter()
        .map(|g| GroupId::from(*g))
        .collect();
    let engine = world.engine().unwrap();
    engine.add_schedule(&all, 1).unwrap();
    let start = world.clock.0.now();
    let days_after_start =
        |at: chrono::DateTime<chrono::Utc>| (at - start).num_minutes() as f64 / 1440.0;
    engine.run(RunUntil::OnePass).await.unwrap();
    // Told up front: the last sign-in's turn comes on the third day.
    let plan = engine.plan(&all).unwrap();
    let last = days_after_start(plan.all_started_by.expect("groups wait for their turn"));
    assert!(
        (1.9..2.1).contains(&last),
        "the last turn after {last} days: {plan:?}"
    );
    while world.clock.0.now() < start + chrono::Duration::days(7) {
        engine.run(RunUntil::Idle).await.unwrap();
        assert_truthful(&engine, &world.control());
        world.clock.0.advance(Duration::from_secs(3600));
    }
    let rows = engine.exports().unwrap();
    for group in &all {
        let first = rows
            .iter()
            .filter(|r| &r.group == group && r.state == ExportState::Verified)
            .filter_map(|r| r.started_at)
            .min()
            .map(days_after_start);
        assert!(
            first.is_some_and(|d| d <= last),
            "{group} first started after {first:?} days"
        );
    }
    // Seven days, three sign-ins in turn: each sign-in's groups exported two or three times.
    let week = start + chrono::Duration::days(7);
    for groups in sign_ins {
        let exports = rows
            .iter()
            .filter(|r| r.state == ExportState::Verified && r.group == groups[0])
            .filter(|r| r.started_at.is_some_and(|at| at < week))
            .count();
        assert!(
            (2..=3).contains(&exports),
            "{groups:?}: {exports} exports in 7 days"
        );
    }
    // One job a day at most, as Google allows under this reading.
    let mut per_day = std::collections::HashMap::new();
    for job in world
        .control()
        .jobs()
        .iter()
        .filter(|j| j.state != "CANCELLED")
    {
        *per_day
            .entry((job.requested_at - start).num_hours() / 24)
            .or_insert(0) += 1;
    }
    assert!(
        per_day.values().all(|n| *n <= 1),
        "jobs per day: {per_day:?}"
    );
}

#[tokio::test]
async fn the_rows_of_one_job_that_come_due_apart_share_one_download_and_one_receipt() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerClient,
        ..Settings::for_tests()
    })
    .await;
    let groups = ["myactivity.search", "chrome.history"];
    world.sign_in(&groups).await;
    let engine = world.engine().unwrap();
    // A first backup teaches the engine that the window holds per client; the second starts
    // one job for both groups.
    engine.start_exports(&request(&groups)).unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    world.clock.0.advance(DAY);
    engine.run(RunUntil::Idle).await.unwrap();
    world.clock.0.advance(DAY + Duration::from_secs(3600));
    engine.start_exports(&request(&groups)).unwrap();
    let first_receipts = receipts(world.backup_dir.path()).len();
    let mut passes = 0;
    let job = loop {
        engine.run(RunUntil::OnePass).await.unwrap();
        let rows = latest(&engine, &groups);
        if rows.iter().all(|r| r.state == ExportState::InProgress)
            && rows[0].job_id.is_some()
            && rows[0].job_id == rows[1].job_id
        {
            break rows[0].job_id.clone().unwrap();
        }
        passes += 1;
        assert!(passes < 20, "no combined job: {rows:?}");
        world.clock.0.advance(Duration::from_secs(60));
    };
    // One row's next check is put off (as a lost answer adopted later, or a setback, does).
    let db = rusqlite::Connection::open(world.data_dir.path().join("carryout.sqlite3")).unwrap();
    let later = world.control().now() + chrono::Duration::days(3);
    db.execute(
        "UPDATE exports SET next_check_at = ?1 WHERE resource = 'chrome.history'",
        [later.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
    )
    .unwrap();
    drop(db);
    world.clock.0.advance(Duration::from_secs(3600));
    engine.run(RunUntil::Idle).await.unwrap();

    for row in latest(&engine, &groups) {
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
        assert_eq!(row.job_id.as_ref(), Some(&job));
    }
    let mut receipts = receipts(world.backup_dir.path());
    assert_eq!(receipts.len(), first_receipts + 1, "{receipts:?}");
    receipts.retain(|r| r.to_string_lossy().contains(&job.0));
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let receipt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&receipts[0]).unwrap()).unwrap();
    let mut claimed: Vec<&str> = receipt["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    claimed.sort_unstable();
    assert_eq!(
        claimed,
        ["chrome.history", "myactivity.search"],
        "{receipt}"
    );
    assert_truthful(&engine, &world.control());
}

/// Every receipt under `dir`.
fn receipts(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(receipts(&path));
        } else if path.ends_with("manifest.json") {
            found.push(path);
        }
    }
    found
}

/// A promised turn that moves says which way, so the person is told why their time changed:
/// the sign-in promised the next turn is signed out, so at that turn the one after it starts
/// and the last one comes a day sooner than first promised.
#[tokio::test]
async fn a_turn_that_moves_says_which_way() {
    let world = world_with(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerClient,
        ..Settings::for_tests()
    })
    .await;
    let groups = [
        "myactivity.search",
        "youtube.comments",
        "maps.reviews",
        "chrome.history",
    ];
    let mut grants = Vec::new();
    for group in groups {
        grants.push(world.sign_in(&[group]).await.grants[0].id.clone());
    }
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&groups)).unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    let waiting = || {
        let mut rows: Vec<_> = engine
            .exports()
            .unwrap()
            .into_iter()
            .filter(|r| r.state == ExportState::WaitingWindow)
            .collect();
        rows.sort_by_key(|r| r.window_until);
        rows
    };
    let promised = waiting();
    assert_eq!(promised.len(), 3, "{:#?}", engine.exports().unwrap());
    assert!(
        promised.iter().all(|r| r
            .problem
            .as_ref()
            .is_some_and(|p| p.code == ProblemCode::Window)),
        "{promised:?}"
    );
    let (next, then, last) = (&promised[0], &promised[1], &promised[2]);
    let gone = groups.iter().position(|g| next.group == *g).unwrap();
    world.auth.logout(&grants[gone]).await.unwrap();
    // Its turn comes (a little after the promised time: the first refusal's time is Google's,
    // without the margin the turns keep).
    let turn = next.window_until.unwrap() + chrono::Duration::minutes(2);
    world
        .clock
        .0
        .advance((turn - world.clock.0.now()).to_std().unwrap());
    engine.run(RunUntil::OnePass).await.unwrap();

    let started = engine.export(then.id).unwrap();
    assert!(
        started.job_id.is_some(),
        "the freed turn is taken at once: {started:?}"
    );
    let moved = engine.export(last.id).unwrap();
    assert_eq!(moved.state, ExportState::WaitingWindow, "{moved:?}");
    let sooner = last.window_until.unwrap() - moved.window_until.unwrap();
    assert!(
        sooner > chrono::Duration::hours(23),
        "the last turn comes a day sooner, not {sooner}: {moved:?}"
    );
    let problem = moved.problem.expect("it says why");
    assert_eq!(problem.code, ProblemCode::WindowSooner, "{problem:?}");
    assert!(problem.message.contains("moved from"), "{problem:?}");
}
