//! The `carryout` command against an in-process emulator: signing in, exporting, exit statuses.

use std::path::Path;
use std::process::Stdio;

use carryout_emulator::{AccessChoice, CooldownScope, Emulator, Settings};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

pub struct Cli<'a> {
    pub emulator: &'a Emulator,
    pub data_dir: &'a Path,
}

impl Cli<'_> {
    pub fn command(&self, args: &[&str]) -> Command {
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
    pub async fn run_killed_after(&self, args: &[&str], lines: usize) -> bool {
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

/// Signs in for `groups` through the command line and a browser that follows the link.
pub async fn sign_in(cli: &Cli<'_>, groups: &[&str]) {
    sign_in_with(cli, &["--resources", &groups.join(",")]).await;
}

/// `carryout login ARGS --no-browser`, its links followed as a browser would: one per consent
/// (many scopes take several); the emulator consents and redirects to the CLI's loopback.
pub async fn sign_in_with(cli: &Cli<'_>, args: &[&str]) {
    let mut login = cli.command(&[&["login", "--no-browser"], args].concat());
    login.stderr(Stdio::null());
    let mut child = login.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = stdout.next_line().await.unwrap() {
        if line.starts_with("http") {
            reqwest::get(&line)
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
        }
    }
    assert!(child.wait().await.unwrap().success());
}

/// Two sign-ins of one client whose window Google counts across groups: one goes today, the
/// other waits for tomorrow, and `export --wait` says when and exits 4 ("try again later").
#[tokio::test(flavor = "multi_thread")]
async fn export_wait_ending_with_groups_waiting_for_the_window_exits_4_and_says_when() {
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
    sign_in(&cli, &["myactivity.search"]).await;
    sign_in(&cli, &["youtube.comments"]).await;
    let output = cli
        .command(&[
            "export",
            "--wait",
            "--backup-dir",
            backup_dir.path().to_str().unwrap(),
            "--resources",
            "myactivity.search,youtube.comments",
        ])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("1 of 2 groups wait for Google's 24-hour window"),
        "{stderr}"
    );
    assert_eq!(emulator.control().stats().jobs_created, 1);
}
