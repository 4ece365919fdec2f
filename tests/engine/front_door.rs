//! One rule for which groups a backup starts, whichever host asks: the app's Back up calls
//! `Engine::backup` and so does `carryout export`. Both are driven here on identical data
//! folders and must start the same groups.

use std::collections::BTreeSet;

use carryout::engine::{ExportState, RunUntil};
use carryout_emulator::{AccessChoice, Settings};

use crate::command_line::Cli;
use crate::support::{World, export, request, world_keeping_secrets};
use carryout::catalog::GroupId;

const SIGNED_IN: &str = "myactivity.search";
const EXPORTED: &str = "chrome.history";
const NEVER_SIGNED_IN: &str = "youtube.comments";

/// A data folder where one group is ready, one was just exported (its one-time access used,
/// or its 24-hour window running) and one has no sign-in.
async fn prepared(access: AccessChoice) -> World {
    let world = world_keeping_secrets(
        Settings {
            access,
            ..Settings::for_tests()
        },
        carryout::auth::SecretStore::file_in,
    )
    .await;
    world.sign_in(&[SIGNED_IN, EXPORTED]).await;
    let engine = world.engine().unwrap();
    let done = export(&engine, &[EXPORTED]).await;
    assert_eq!(done[0].state, ExportState::Verified, "{done:?}");
    world
}

fn groups_with_rows_since(world: &World, before: &BTreeSet<i64>) -> BTreeSet<GroupId> {
    world
        .engine()
        .unwrap()
        .exports()
        .unwrap()
        .into_iter()
        .filter(|r| !before.contains(&r.id))
        .map(|r| r.group)
        .collect()
}

fn row_ids(world: &World) -> BTreeSet<i64> {
    let engine = world.engine().unwrap();
    engine.exports().unwrap().iter().map(|r| r.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_and_the_command_line_start_the_same_groups() {
    let asked = [SIGNED_IN, EXPORTED, NEVER_SIGNED_IN];
    for access in [AccessChoice::OneTime, AccessChoice::Days30] {
        // The app's way: the core function its `backup` command calls.
        let app = prepared(access).await;
        let before = row_ids(&app);
        let engine = app.engine().unwrap();
        let report = engine.backup(&request(&asked), None).await.unwrap();
        engine.run(RunUntil::OnePass).await.unwrap();
        drop(engine);
        let by_app = groups_with_rows_since(&app, &before);
        let started: BTreeSet<GroupId> = report.started.iter().map(|r| r.group.clone()).collect();
        assert_eq!(started, by_app, "the report names what started");
        assert_eq!(report.need_consent, [NEVER_SIGNED_IN]);

        // The command line's way, on an identical data folder.
        let cli_world = prepared(access).await;
        let before = row_ids(&cli_world);
        let cli = Cli {
            emulator: &cli_world.emulator,
            data_dir: cli_world.data_dir.path(),
        };
        let output = cli
            .command(&[
                "export",
                "--backup-dir",
                cli_world.backup_dir.path().to_str().unwrap(),
                "--resources",
                &asked.join(","),
            ])
            .output()
            .await
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{access:?}: {stderr}");
        assert!(
            stderr.contains(&format!("No sign-in covers {NEVER_SIGNED_IN}: not started")),
            "{stderr}"
        );
        let by_cli = groups_with_rows_since(&cli_world, &before);

        assert_eq!(
            by_app, by_cli,
            "{access:?}: the app and the command line differ"
        );
        match access {
            // Used one-time access needs a reset first: not started.
            AccessChoice::OneTime => {
                assert_eq!(by_app, BTreeSet::from([SIGNED_IN.into()]));
                assert_eq!(report.need_reset, [EXPORTED]);
            }
            // A running window: started, to go by itself when it opens.
            _ => {
                assert_eq!(by_app, BTreeSet::from([SIGNED_IN.into(), EXPORTED.into()]));
                assert_eq!(report.waiting_window, [EXPORTED]);
            }
        }
    }
}
