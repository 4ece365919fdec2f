//! The `carryout` command killed at many points of an export and started again each time:
//! every group ends up exported exactly once.

use std::path::Path;
use std::process::Stdio;

use carryout_emulator::{AccessChoice, Emulator, Settings};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const GROUPS: [&str; 3] = ["myactivity.search", "youtube.comments", "maps.reviews"];

struct Cli<'a> {
    emulator: &'a Emulator,
    data_dir: &'a Path,
}

impl Cli<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carryout"));
        command
            .arg("--emulator")
            .arg(self.emulator.base_url())
            .arg("--data-dir")
            .arg(self.data_dir)
            .args(["--secrets", "file"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    }

    /// Runs the command and kills it (SIGKILL) once it has printed `lines` lines on stderr.
    /// Returns whether it finished by itself first, successfully.
    async fn run_killed_after(&self, args: &[&str], lines: usize) -> bool {
        let mut child = self.command(args).spawn().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = 0;
        while stderr.next_line().await.unwrap().is_some() {
            seen += 1;
            if seen == lines {
                child.kill().await.unwrap();
                return false;
            }
        }
        child.wait().await.unwrap().success()
    }
}

async fn sign_in(cli: &Cli<'_>) {
    let mut login = Command::new(env!("CARGO_BIN_EXE_carryout"));
    login
        .arg("--emulator")
        .arg(cli.emulator.base_url())
        .arg("--data-dir")
        .arg(cli.data_dir)
        .args(["--secrets", "file", "login", "--no-browser", "--resources"])
        .arg(GROUPS.join(","))
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = login.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = stdout.next_line().await.unwrap() {
        if line.starts_with("http") {
            // The browser: the emulator auto-consents and redirects to the loopback.
            reqwest::get(&line)
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
            break;
        }
    }
    assert!(child.wait().await.unwrap().success());
}

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
    sign_in(&cli).await;

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
