//! What Carryout writes is its owner's alone: folders 0700 and files 0600.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use carryout::library;
use carryout::store::Store;
use carryout_emulator::{AccessChoice, Emulator, Settings};

use crate::command_line::{Cli, sign_in};

/// Every folder and file from `dir` down (`dir` included) that its group or others may use.
fn open_to_others(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mode = std::fs::symlink_metadata(dir).unwrap().permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        found.push((dir.to_path_buf(), format!("{mode:o}")));
    }
    if std::fs::symlink_metadata(dir).unwrap().is_dir() {
        for entry in std::fs::read_dir(dir).unwrap() {
            found.extend(open_to_others(&entry.unwrap().path()));
        }
    }
    found
}

/// Every name from `dir` down, relative to it.
fn names(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        found.push(path.strip_prefix(dir).unwrap().display().to_string());
        if path.is_dir() {
            found.extend(names(&path).into_iter().map(|n| {
                let folder = path.strip_prefix(dir).unwrap().display().to_string();
                format!("{folder}/{n}")
            }));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_and_state_are_readable_by_their_owner_alone() {
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        speed: 600.0,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    // Folders Carryout makes itself (a temporary folder is 0700 already).
    let home = tempfile::tempdir().unwrap();
    let data_dir = home.path().join("data");
    let backup_dir = home.path().join("backups");
    let cli = Cli {
        emulator: &emulator,
        data_dir: &data_dir,
    };
    sign_in(&cli, &["myactivity.search"]).await;
    let exported = cli
        .command(&[
            "export",
            "--wait",
            "--backup-dir",
            backup_dir.to_str().unwrap(),
            "--resources",
            "myactivity.search",
        ])
        .output()
        .await
        .unwrap();
    assert!(exported.status.success(), "{exported:?}");
    let exports = library::exports(&backup_dir).unwrap();
    assert_eq!(exports.len(), 1);
    let extracted = cli
        .command(&["extract", exports[0].path.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert!(extracted.status.success(), "{extracted:?}");
    // An open database has its write-ahead log and shared memory beside it.
    let store = Store::open(&data_dir).unwrap();

    let data = names(&data_dir);
    for name in [
        "carryout.sqlite3",
        "carryout.sqlite3-wal",
        "carryout.sqlite3-shm",
        "engine.lock",
        "secrets.json",
        "secrets.json.lock",
    ] {
        assert!(data.contains(&name.to_owned()), "no {name} in {data:?}");
    }
    let backups = names(&backup_dir);
    assert!(
        backups.iter().any(|n| n.ends_with("/manifest.json"))
            && backups.iter().any(|n| n.ends_with("/SHA256SUMS"))
            && backups.iter().any(|n| n.ends_with("archive_browser.json")),
        "{backups:?}"
    );
    assert_eq!(open_to_others(&data_dir), []);
    assert_eq!(open_to_others(&backup_dir), []);
    drop(store);
}
