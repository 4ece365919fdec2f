//! What Carryout writes is its owner's alone: folders 0700 and files 0600, and what an earlier
//! version left readable is tightened once.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use carryout::library::{self, FileReceipt, Manifest};
use carryout::session::{Backend, SecretsChoice, Session, SessionOptions};
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

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Every folder 0755 and file 0644 from `dir` down, as the default umask made them before.
fn loosen(dir: &Path) {
    set_mode(dir, 0o755);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            loosen(&path);
        } else {
            set_mode(&path, 0o644);
        }
    }
}

async fn open_session(emulator: &Emulator, data_dir: &Path, backup_dir: &Path) -> Session {
    Session::open(&SessionOptions {
        data_dir: data_dir.to_path_buf(),
        backend: Backend::Emulator(emulator.base_url()),
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: Some(backup_dir.to_path_buf()),
        history: Default::default(),
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn what_an_earlier_version_left_readable_is_tightened_once() {
    let emulator = Emulator::start(Settings::for_tests()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let data_dir = home.path().join("data");
    let backup_dir = home.path().join("backups");
    // An earlier version's data dir and backup folder: an export with its receipt and an
    // extracted archive, a download under way.
    std::fs::create_dir_all(&data_dir).unwrap();
    drop(Store::open(&data_dir).unwrap());
    let export = backup_dir.join("myactivity.search/2026-01-01T00-00-00Z_job");
    std::fs::create_dir_all(export.join("archive/Portability")).unwrap();
    std::fs::write(export.join("archive.zip"), b"zip").unwrap();
    std::fs::write(export.join("archive/Portability/a.json"), b"[]").unwrap();
    Manifest {
        groups: vec!["myactivity.search".into()],
        job_id: "job".into(),
        access_type: "one_time".into(),
        start_time: None,
        export_time: None,
        files: vec![FileReceipt {
            name: "archive.zip".into(),
            object: "archive.zip".into(),
            size: 3,
            sha256: String::new(),
            crc32c: None,
            md5: None,
            downloaded_at: chrono::DateTime::UNIX_EPOCH,
            warnings: Vec::new(),
        }],
        app_version: "0.1.0".into(),
    }
    .write(&export)
    .unwrap();
    loosen(home.path());
    set_mode(home.path(), 0o700);
    // Not Carryout's: left as it is, behind a backup folder only its owner can enter.
    std::fs::write(backup_dir.join("notes.txt"), b"mine").unwrap();
    set_mode(&backup_dir.join("notes.txt"), 0o644);

    let session = open_session(&emulator, &data_dir, &backup_dir).await;
    drop(session);
    let tightened: Vec<PathBuf> = open_to_others(home.path())
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(tightened, [backup_dir.join("notes.txt")]);

    // Once: a folder opened up again afterwards (the person's choice) stays open.
    set_mode(&backup_dir, 0o755);
    set_mode(&data_dir, 0o755);
    drop(open_session(&emulator, &data_dir, &backup_dir).await);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&backup_dir), mode(&data_dir)), (0o755, 0o755));
}
