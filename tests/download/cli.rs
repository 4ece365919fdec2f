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

#[tokio::test]
async fn verify_and_extract_refuse_a_receipt_naming_a_file_outside_its_folder() {
    let setup = completed_job(1 << 20, 1).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let backups = setup.root.path().join("backups");
    let export = setup.export_dir();
    // A true copy outside the folder: followed, the receipt would check out.
    std::fs::copy(
        export.join(&manifest.files[0].name),
        export.join("../escaped.zip"),
    )
    .unwrap();
    crate::library::tamper_receipt(&export, "../escaped.zip");

    let verified = carryout(&["verify", "--backup-dir", path(&backups)]);
    assert_eq!(verified.status.code(), Some(1), "{verified:?}");
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(said.contains("manifest.json"), "{said}");
    let verified = carryout(&["verify", "--backup-dir", path(&backups), "--json"]);
    assert_eq!(verified.status.code(), Some(1), "{verified:?}");
    let report: Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(
        report["unreadable_receipts"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );

    let extracted = carryout(&["extract", path(&export)]);
    assert_eq!(extracted.status.code(), Some(1), "{extracted:?}");
    let said = String::from_utf8_lossy(&extracted.stderr);
    assert!(said.contains("../escaped.zip"), "{said}");
    assert!(
        !export.join("../escaped").exists(),
        "extracted outside the export folder"
    );
}
