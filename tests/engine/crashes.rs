//! The `carryout` command killed at many points of an export and started again each time:
//! every group ends up exported exactly once.

use carryout_emulator::{AccessChoice, CooldownScope, Emulator, Settings};

use crate::command_line::{Cli, sign_in};

const GROUPS: [&str; 3] = ["myactivity.search", "youtube.comments", "maps.reviews"];

#[tokio::test(flavor = "multi_thread")]
async fn killed_at_many_points_the_cli_exports_every_group_exactly_once() {
    let emulator = Emulator::start(Settings {
        access: AccessChoice::OneTime,
        // Five emulator minutes (the first poll) pass in half a real second.
        speed: 600.0,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        emulator: &emulator,
        data_dir: data_dir.path(),
    };
    let backup = backup_dir.path().to_str().unwrap();
    sign_in(&cli, &GROUPS).await;

    // Killed between the first initiate's answer and the database write.
    let groups = GROUPS.join(",");
    let export = [
        "export",
        "--wait",
        "--backup-dir",
        backup,
        "--resources",
        &groups,
    ];
    let mut crash = cli.command(&export);
    crash.env("CARRYOUT_CRASH_AT", "initiate-answered");
    let crashed = crash.output().await.unwrap();
    assert!(!crashed.status.success());
    // Initiates run side by side: one or more answers were lost.
    assert!(emulator.control().stats().jobs_created >= 1);

    // Then killed after its 1st, 2nd, … line of progress, until a run gets to the end.
    let mut kills = 0;
    while !cli
        .run_killed_after(&["run", "--until-idle", "--backup-dir", backup], kills + 1)
        .await
    {
        kills += 1;
        assert!(kills < 40, "no run got to the end");
    }
    eprintln!("killed {kills} times");
    // Every state change prints a line: a kill after each of them, through the downloads.
    assert!(kills >= 3, "only {kills} kills");
    let stats = emulator.control().stats();
    assert_eq!(stats.jobs_created, 3, "one job per group");
    for group in GROUPS {
        let exports = std::fs::read_dir(backup_dir.path().join(group))
            .unwrap()
            .count();
        assert_eq!(exports, 1, "{group}");
    }
    let status = cli.command(&["status", "--json"]).output().await.unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["state"] == "verified"), "{rows:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_after_cancelling_a_young_job_to_fold_it_the_export_starts_again() {
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        cooldown: CooldownScope::PerClient,
        speed: 600.0,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        emulator: &emulator,
        data_dir: data_dir.path(),
    };
    let backup = backup_dir.path().to_str().unwrap();
    sign_in(&cli, &GROUPS).await;
    // The first group's start takes the window; the second's refusal shows it holds per
    // client, so the engine cancels the young job to start one job for all three, and is
    // killed right after Google's cancel.
    let groups = GROUPS.join(",");
    let mut crash = cli.command(&[
        "export",
        "--wait",
        "--backup-dir",
        backup,
        "--resources",
        &groups,
    ]);
    crash.env("CARRYOUT_CRASH_AT", "fold-cancelled");
    let crashed = crash.output().await.unwrap();
    assert!(!crashed.status.success(), "{crashed:?}");
    let cancelled = emulator.control().jobs();
    assert!(
        cancelled.iter().any(|j| j.state == "CANCELLED"),
        "{cancelled:?}"
    );

    let run = cli
        .command(&["run", "--until-idle", "--backup-dir", backup])
        .output()
        .await
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let status = cli.command(&["status", "--json"]).output().await.unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["state"] == "verified"), "{rows:#?}");
}
