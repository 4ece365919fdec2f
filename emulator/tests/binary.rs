//! The `carryout-emulator` binary announces where it listens and serves there.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn binary_prints_its_address_and_serves_until_killed() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carryout-emulator"))
        .args([
            "--port",
            "0",
            "--auto-consent",
            "--access",
            "30d",
            "--seed",
            "7",
            "--initiate-after-consent",
            "first-within-24h",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let served = line
        .trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|port| port.parse::<u16>().ok())
        .map(|port| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
            use std::io::{Read, Write};
            stream
                .write_all(
                    b"GET /_emulator/settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                )
                .expect("request written");
            let mut reply = String::new();
            stream.read_to_string(&mut reply).expect("reply read");
            reply
        });
    child.kill().expect("killed");
    let _ = child.wait();
    let reply = served.unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        reply.contains("\"initiate_after_consent\":\"first-within-24h\""),
        "{reply}"
    );
}

#[test]
fn help_describes_the_options() {
    let output = Command::new(env!("CARGO_BIN_EXE_carryout-emulator"))
        .arg("--help")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--port",
        "--auto-consent",
        "--access",
        "--cooldown",
        "--initiate-after-consent",
        "--job-duration",
        "--seed",
    ] {
        assert!(text.contains(option), "{option} missing from --help");
    }
}
