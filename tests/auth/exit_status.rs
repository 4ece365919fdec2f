//! The binary's exit status tells a script what kind of failure it met (`carryout --help`).

use std::process::{Command, Output, Stdio};

/// Runs the binary in a data folder of its own.
fn carryout(args: &[&str]) -> Output {
    let data_dir = tempfile::tempdir().unwrap();
    let data_dir = data_dir.path().to_str().unwrap();
    run(&[&["--data-dir", data_dir], args].concat())
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the carryout binary runs")
}

#[test]
fn no_oauth_client_exits_3_a_person_must_act() {
    let output = carryout(&["login", "--resources", "myactivity.search"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("--client-secret"), "{stderr}");
}

#[test]
fn an_unreachable_google_exits_4_try_again_later() {
    // Nothing listens on the discard port.
    let output = carryout(&[
        "--emulator",
        "http://127.0.0.1:9",
        "login",
        "--no-browser",
        "--resources",
        "myactivity.search",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
}

#[test]
fn the_demo_backs_up_every_group_and_exits_0() {
    let backup = tempfile::tempdir().unwrap();
    // The demo keeps nothing, so it refuses a data folder.
    let output = run(&[
        "--demo",
        "export",
        "--all",
        "--wait",
        "--backup-dir",
        backup.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let verified = stdout.lines().filter(|l| l.contains(": verified")).count();
    assert_eq!(verified, carryout::catalog::all().len(), "{stdout}");
}
