//! The `carryout` command against an in-process emulator: signing in, exporting, exit statuses.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use carryout_emulator::{AccessChoice, CooldownScope, Emulator, Settings};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::support::paths_under;

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
            // The history beside the test's backup folder, whatever restic's own variables say.
            .env_remove("RESTIC_REPOSITORY")
            .env_remove("RESTIC_PASSWORD_FILE")
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

/// Three sign-ins of one client whose window Google counts across groups: one goes today, the
/// others wait their turn, and `export --wait` says when and exits 4 ("try again later"). The
/// window is explained once, not once per sign-in, in plain text when stderr is a file.
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
    // The backups, and the history beside them, inside the test's own folder.
    let place = tempfile::tempdir().unwrap();
    let backups = place.path().join("backups");
    let cli = Cli {
        emulator: &emulator,
        data_dir: data_dir.path(),
    };
    sign_in(&cli, &["myactivity.search"]).await;
    sign_in(&cli, &["youtube.comments"]).await;
    sign_in(&cli, &["maps.reviews"]).await;
    let output = cli
        .command(&[
            "export",
            "--wait",
            "--backup-dir",
            backups.to_str().unwrap(),
            "--resources",
            "myactivity.search,youtube.comments,maps.reviews",
        ])
        .env_remove("NO_COLOR")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("kept 1 export(s) in the history"),
        "the one export verified goes into the history: {stderr}"
    );
    assert!(
        stderr.contains("2 of 3 groups wait for Google's 24-hour window"),
        "{stderr}"
    );
    assert_eq!(emulator.control().stats().jobs_created, 1);
    let explained = stderr
        .lines()
        .filter(|line| line.contains("one time-based export per 24 hours"))
        .count();
    assert_eq!(explained, 1, "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour codes into a file: {stderr:?}"
    );
}

/// `carryout ARGS`, refused as a usage mistake (exit status 2): what it said.
async fn refused(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

/// The demo's Google ends with the command: a data folder it would fill could never be picked
/// up again, so asking for one is refused up front, saying why and what to do instead.
#[tokio::test]
async fn the_demo_refuses_a_data_folder_and_says_what_to_do() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().to_str().unwrap();
    let stderr = refused(&["--demo", "--data-dir", data, "export", "--all", "--wait"]).await;
    assert!(
        stderr.contains("--data-dir cannot be used with --demo"),
        "{stderr}"
    );
    assert!(stderr.contains("--emulator URL"), "{stderr}");
    assert_eq!(std::fs::read_dir(data_dir.path()).unwrap().count(), 0);
}

/// `carryout history` reads the person's own history; under `--demo` it would do so quietly, so
/// it is refused, saying why.
#[tokio::test]
async fn the_demo_refuses_the_history_commands() {
    let stderr = refused(&["--demo", "history", "list"]).await;
    assert!(
        stderr.contains("--demo cannot be used with `carryout history`"),
        "{stderr}"
    );
}

/// The demo's backups, history and restic cache live in its throwaway profile, gone when the
/// command ends: the person's home, where their own backup folder and its history are, is left
/// as it was. (A history made beside their backup folder would outlive the in-memory password
/// that opens it, and refuse every real export after.)
#[tokio::test]
async fn the_demo_leaves_the_persons_home_as_it_was() {
    let (home, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let output = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args([
            "--demo",
            "export",
            "--resources",
            "youtube.comments",
            "--wait",
        ])
        .env("HOME", home.path())
        .env("TMPDIR", tmp.path())
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("RESTIC_REPOSITORY")
        .env_remove("RESTIC_PASSWORD_FILE")
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("youtube.comments: verified"), "{stdout}");
    assert!(
        stderr.contains("a throwaway folder removed when this command ends"),
        "{stderr}"
    );
    assert!(
        stderr.contains("made the history"),
        "the demo keeps a history: {stderr}"
    );
    assert_eq!(
        paths_under(home.path()),
        Vec::<PathBuf>::new(),
        "in the home folder"
    );
    assert_eq!(
        paths_under(tmp.path()),
        Vec::<PathBuf>::new(),
        "in the temporary folder"
    );
}

/// A history looked for only beside the default backup folder says so, and how to name the
/// backup folder in use; one looked for where the person said is not second-guessed.
#[tokio::test]
async fn a_history_not_found_says_where_it_was_looked_for() {
    let (home, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let list = |extra: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carryout"));
        command
            .args(["--secrets", "file", "--data-dir"])
            .arg(data.path())
            .args(["history", "list"])
            .args(extra)
            .env("HOME", home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("RESTIC_REPOSITORY")
            .env_remove("RESTIC_PASSWORD_FILE")
            .stdin(Stdio::null());
        command.output()
    };
    let default = list(&[]).await.unwrap();
    let stderr = String::from_utf8_lossy(&default.stderr);
    assert!(!default.status.success(), "{stderr}");
    assert!(
        stderr.contains("no history repository at")
            && stderr.contains("beside the default backup folder")
            && stderr.contains("pass their --backup-dir"),
        "{stderr}"
    );
    let named = home.path().join("elsewhere");
    let given = list(&["--backup-dir", named.to_str().unwrap()])
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&given.stderr);
    assert!(!given.status.success(), "{stderr}");
    assert!(
        stderr.contains("elsewhere history") && !stderr.contains("default backup folder"),
        "{stderr}"
    );
}
