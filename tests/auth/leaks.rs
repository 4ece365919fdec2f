//! A full sign-in through the CLI binary, then a search for every issued token in the data
//! dir, the output and the logs: none may appear outside the opt-in 0600 secrets file.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use carryout_emulator::{AccessChoice, Emulator, Settings};
use reqwest::redirect::Policy;

fn carryout(data_dir: &Path, emulator: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carryout"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--emulator", emulator, "--secrets", "file"])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn no_token_leaks_into_the_data_dir_output_or_logs() {
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let base = emulator.base_url();
    let data = tempfile::tempdir().unwrap();

    let mut login = carryout(data.path(), &base)
        .args(["login", "--resources", "myactivity.search,youtube.comments"])
        .args(["--no-browser", "--timeout", "60"])
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(login.stdout.take().unwrap());
    let mut stderr = login.stderr.take().unwrap();
    // Read the printed link (blocking reads off the async workers).
    let (link, mut seen, mut stdout) = tokio::task::spawn_blocking(move || {
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            assert_ne!(stdout.read_line(&mut line).unwrap(), 0, "no link in {seen}");
            seen.push_str(&line);
            if line.starts_with("http") {
                return (line.trim().to_owned(), seen, stdout);
            }
        }
    })
    .await
    .unwrap();

    let browser = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    // The link leads to the consent page, which consents and sends the browser back.
    let mut location = link;
    for status in [303, 302] {
        let answer = browser.get(&location).send().await.unwrap();
        assert_eq!(answer.status(), status);
        location = answer.headers()["location"].to_str().unwrap().to_owned();
    }
    let page = browser.get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("You can close this tab")
    );

    let (status, all_output) = tokio::task::spawn_blocking(move || {
        let status = login.wait().unwrap();
        stdout.read_to_string(&mut seen).unwrap();
        stderr.read_to_string(&mut seen).unwrap();
        (status, seen)
    })
    .await
    .unwrap();
    assert!(status.success(), "{all_output}");
    assert!(
        all_output.contains("You granted every requested resource group (2)"),
        "{all_output}"
    );
    assert!(
        all_output.contains("warning: --secrets file"),
        "{all_output}"
    );

    let grants = carryout(data.path(), &base)
        .args(["grants", "--json"])
        .output()
        .unwrap();
    assert!(grants.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&grants.stdout).unwrap();
    assert_eq!(listed[0]["state"], "active");
    assert_eq!(listed[0]["resources"]["myactivity.search"], "time_based");

    let mut texts = vec![
        ("login output".to_owned(), all_output.into_bytes()),
        ("grants stdout".to_owned(), grants.stdout),
        ("grants stderr".to_owned(), grants.stderr),
    ];
    let secrets_file = data.path().join(carryout::auth::secrets::SECRETS_FILE_NAME);
    for file in files_under(data.path()) {
        if file != secrets_file {
            texts.push((file.display().to_string(), std::fs::read(&file).unwrap()));
        }
    }
    let tokens = emulator.control().issued_tokens();
    assert!(
        tokens.len() >= 2,
        "an access and a refresh token were issued"
    );
    for token in &tokens {
        for (place, bytes) in &texts {
            let found = bytes
                .windows(token.len())
                .any(|window| window == token.as_bytes());
            assert!(!found, "a token leaked into {place}");
        }
    }

    // The opt-in store holds the refresh token, readable by its owner only.
    let stored = std::fs::read_to_string(&secrets_file).unwrap();
    assert!(tokens.iter().any(|t| stored.contains(t.as_str())));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
