//! The library subcommands of the `carryout` binary on a real downloaded export.

use std::path::Path;
use std::process::{Command, Output};

use carryout::download::DownloadOptions;
use serde_json::Value;

use crate::support::completed_job;

fn carryout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(args)
        .output()
        .expect("the carryout binary runs")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

#[tokio::test]
async fn library_verify_contents_and_extract_work_from_the_command_line() {
    let setup = completed_job(1 << 20, 2).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let backups = setup.root.path().join("backups");
    let export = setup.export_dir();

    let listed = json(&carryout(&[
        "library",
        "--backup-dir",
        path(&backups),
        "--json",
    ]));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["manifest"]["job_id"], manifest.job_id.as_str());

    let verified = json(&carryout(&[
        "verify",
        "--backup-dir",
        path(&backups),
        "--json",
    ]));
    assert_eq!(verified["ok"], 2, "{verified}");

    let contents = carryout(&["contents", path(&export), "--json"]);
    let contents = json(&contents);
    assert!(
        contents
            .to_string()
            .contains("Portability/archive_browser.json"),
        "{contents}"
    );

    let extracted = carryout(&["extract", path(&export)]);
    assert!(extracted.status.success(), "{extracted:?}");
    let index = carryout::library::extraction_folder(&export.join(&manifest.files[0].name))
        .join("Portability/archive_browser.json");
    assert!(index.is_file(), "{} was not extracted", index.display());

    // A changed byte makes verify fail, and say which file.
    let first = export.join(&manifest.files[1].name);
    let mut bytes = std::fs::read(&first).unwrap();
    bytes[10] ^= 0xff;
    std::fs::write(&first, bytes).unwrap();
    let failed = carryout(&["verify", "--backup-dir", path(&backups)]);
    assert_eq!(failed.status.code(), Some(1), "{failed:?}");
    let report = String::from_utf8_lossy(&failed.stdout);
    assert!(
        report.contains("CHANGED") && report.contains(&manifest.files[1].name),
        "{report}"
    );
}
