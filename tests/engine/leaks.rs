//! The leak scan: full flows through the command line (sign-in, exports whose access tokens
//! are refreshed on the way, sign-out, a reset) with logs at TRACE, then a search of every
//! output, the data folder and the backups for any access or refresh token, the client secret
//! or a signed URL's signature. None may appear anywhere but the opt-in 0600 secrets file.

use std::time::Duration;

use carryout_emulator::{AccessChoice, Emulator, Settings};

use crate::command_line::{Cli, sign_in};
use crate::support::files_under;

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_leaks_from_a_full_flow_into_outputs_logs_or_files() {
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        // Tokens end while the exports run: each export refreshes its access token.
        access_token_lifetime: Duration::from_secs(120),
        job_duration: Duration::from_secs(600),
        speed: 600.0,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().to_str().unwrap();
    let cli = Cli {
        emulator: &emulator,
        data_dir: data.path(),
    };
    let groups = ["myactivity.search", "youtube.comments"];
    sign_in(&cli, &groups).await;

    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    let run = |args: &[&str]| {
        let mut command = cli.command(args);
        command.env("RUST_LOG", "trace");
        let name = args.join(" ");
        async move {
            let output = command.output().await.unwrap();
            assert!(output.status.success(), "{name}: {output:?}");
            (name, output)
        }
    };
    let joined = groups.join(",");
    for args in [
        vec![
            "export",
            "--wait",
            "--backup-dir",
            backup,
            "--resources",
            &joined,
        ],
        vec!["status", "--json"],
        vec!["grants", "--json"],
        vec!["reset", "--backup-dir", backup],
    ] {
        let (name, output) = run(&args).await;
        outputs.push((format!("{name} stdout"), output.stdout));
        outputs.push((format!("{name} stderr"), output.stderr));
    }
    // Signed in again, then signed out.
    sign_in(&cli, &groups).await;
    let (_, grants) = run(&["grants", "--json"]).await;
    let listed: serde_json::Value = serde_json::from_slice(&grants.stdout).unwrap();
    let active = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["state"] == "active")
        .expect("the new sign-in")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (name, output) = run(&["logout", &active]).await;
    outputs.push((format!("{name} stdout"), output.stdout));
    outputs.push((format!("{name} stderr"), output.stderr));

    let stats = emulator.control().stats();
    assert!(stats.token_calls >= 4, "tokens were refreshed: {stats:?}");
    assert!(
        stats.storage_requests >= 2,
        "archives were downloaded: {stats:?}"
    );
    let trace_lines: usize = outputs
        .iter()
        .map(|(_, bytes)| bytes.split(|b| *b == b'\n').count())
        .sum();
    assert!(
        trace_lines > 100,
        "logs at TRACE were written ({trace_lines} lines)"
    );

    let secrets_file = data.path().join(carryout::auth::secrets::SECRETS_FILE_NAME);
    let mut places = outputs;
    for file in files_under(data.path())
        .into_iter()
        .chain(files_under(backups.path()))
        .filter(|f| *f != secrets_file)
        .filter(|f| f.extension().is_none_or(|e| e != "zip"))
    {
        places.push((file.display().to_string(), std::fs::read(&file).unwrap()));
    }
    let mut secrets = emulator.control().issued_tokens();
    assert!(secrets.len() >= 4, "{} tokens issued", secrets.len());
    secrets.push(emulator.client_secret());
    // A signed URL's signature, whatever its value: the parameter never appears.
    secrets.push("X-Goog-Signature".to_owned());
    for secret in &secrets {
        for (place, bytes) in &places {
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(
                !found,
                "a secret ({} chars) leaked into {place}",
                secret.len()
            );
        }
    }
}
