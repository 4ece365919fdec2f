//! The history repository, checked by the real `restic` (Debian's package, which
//! `scripts/test` installs): daily exports of a group become snapshots it lists, restores byte
//! for byte as the receipts name them and passes `check --read-data` on.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use carryout::engine::ExportState;
use carryout::history::{History, HistoryError, Opened, Snapshot};
use carryout::library::Manifest;
use carryout::secret::HistoryPassword;
use carryout_emulator::AccessChoice;

use crate::support::{export, world};

const GROUP: &str = "youtube.comments";
const PASSWORD: &str = "a long test password";
const DAYS: usize = 3;
const ONE_EXPORT: u64 = 24 << 20;

/// Runs restic on `repo` with the password in `password_file`; its stdout.
fn restic(repo: &Path, password_file: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("restic")
        .arg("--repo")
        .arg(repo)
        .arg("--password-file")
        .arg(password_file)
        .arg("--no-cache")
        .args(args)
        .output()
        .expect("restic runs: scripts/test installs Debian's restic package (apt install restic)");
    assert!(
        output.status.success(),
        "restic {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread")]
async fn daily_exports_become_snapshots_that_restic_lists_restores_and_checks() {
    let world = world(AccessChoice::Days30).await;
    world.sign_in(&[GROUP]).await;
    let engine = world.engine().unwrap();
    let mut exports: Vec<PathBuf> = Vec::new();
    for day in 0..DAYS as u64 {
        // A little more media each day, as a person's uploads grow.
        world
            .control()
            .set_archive_size(Some(GROUP), ONE_EXPORT + day * (ONE_EXPORT / 100));
        let row = export(&engine, &[GROUP]).await.remove(0);
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
        exports.push(PathBuf::from(row.export_dir.unwrap()));
        world.clock.0.advance(Duration::from_secs(25 * 3600));
    }
    let root = world.backup_path();
    let place = tempfile::tempdir().unwrap();
    let repo = place.path().join("history");
    let cache = place.path().join("cache");
    let location = repo.to_string_lossy().into_owned();
    let password = HistoryPassword::new(PASSWORD);

    let snapshots = tokio::task::spawn_blocking({
        let (location, cache, exports) = (location.clone(), cache.clone(), exports.clone());
        move || -> Result<Vec<Snapshot>, HistoryError> {
            let (mut history, opened) = History::open_or_create(&location, &password, &cache)?;
            assert_eq!(opened, Opened::Created);
            let mut saved = Vec::new();
            for dir in &exports {
                let (next, snapshot) = history.save(&root, dir)?;
                history = next;
                saved.push(snapshot);
            }
            drop(history);
            let (history, opened) = History::open_or_create(&location, &password, &cache)?;
            assert_eq!(opened, Opened::Existing);
            assert_eq!(history.list(Some(GROUP))?, history.list(None)?);
            assert!(history.list(Some("chrome.history"))?.is_empty());
            let listed = history.list(Some(GROUP))?;
            assert_eq!(
                listed.iter().map(|s| &s.id).collect::<Vec<_>>(),
                saved.iter().map(|s| &s.id).collect::<Vec<_>>()
            );
            let wrong = History::open_or_create(&location, &HistoryPassword::new("wrong"), &cache);
            assert!(
                matches!(wrong, Err(HistoryError::WrongPassword { .. })),
                "{:?}",
                wrong.err()
            );
            Ok(saved)
        }
    })
    .await
    .unwrap()
    .unwrap();

    // Each snapshot says which export it is, from its receipt.
    for (snapshot, dir) in snapshots.iter().zip(&exports) {
        let manifest = Manifest::read(dir).unwrap();
        assert_eq!(snapshot.groups, [GROUP]);
        assert_eq!(snapshot.job_id.as_deref(), Some(manifest.job_id.as_str()));
        assert_eq!(snapshot.export_time, manifest.export_time.unwrap());
        assert_eq!(snapshot.access_type.as_deref(), Some("time_based"));
        let inside = dir.strip_prefix(world.backup_path()).unwrap();
        assert_eq!(Path::new(&snapshot.path), Path::new("/").join(inside));
    }
    // Deduplicated: the days after the first add a small part of an export each (restic cuts
    // files into chunks of about 1 MiB: the chunks around each day's new records and media
    // are new, the rest are stored once).
    let size = snapshots[0].size.unwrap();
    let added: Vec<u64> = snapshots.iter().map(|s| s.added.unwrap()).collect();
    let total: u64 = added.iter().sum();
    eprintln!(
        "history days={DAYS} export_bytes={size} added_bytes={added:?} repository/export={:.2}",
        total as f64 / size as f64
    );
    assert!(size >= ONE_EXPORT, "{size}");
    assert!(
        added[1..].iter().all(|a| *a * 4 < size),
        "later days add little: {added:?} of {size}"
    );

    // restic itself lists them, restores one byte for byte and reads every pack back.
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let listed: serde_json::Value =
        serde_json::from_slice(&restic(&repo, &password_file, &["snapshots", "--json"])).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        snapshots.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
    );
    assert!(
        listed[0]["tags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(format!("group={GROUP}")))
    );
    let target = place.path().join("restored");
    let middle = &snapshots[1];
    restic(
        &repo,
        &password_file,
        &["restore", &middle.id, "--target", &target.to_string_lossy()],
    );
    let restored = target.join(middle.path.trim_start_matches('/'));
    assert_eq!(files_of(&restored), files_of(&exports[1]));
    restic(&repo, &password_file, &["check", "--read-data"]);

    // The command line: `history save` stores what the backup folder holds, once, and
    // `history list` names it, reading restic's own variables.
    let by_cli = place.path().join("by-cli");
    let carryout = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_carryout"))
            .args(["history"])
            .args(args)
            .arg("--backup-dir")
            .arg(world.backup_path())
            .env("RESTIC_REPOSITORY", &by_cli)
            .env("RESTIC_PASSWORD_FILE", &password_file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "carryout history {args:?}: {stderr}"
        );
        (output.stdout, stderr)
    };
    let (_, first) = carryout(&["save"]);
    assert!(
        first.contains("cannot be read") && first.contains("3 export(s) stored"),
        "{first}"
    );
    let (_, again) = carryout(&["save"]);
    assert!(
        again.contains("0 export(s) stored, 3 already held"),
        "{again}"
    );
    let (json, _) = carryout(&["list", GROUP, "--json"]);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    let jobs: Vec<&str> = listed
        .iter()
        .map(|s| s["job_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        jobs,
        snapshots
            .iter()
            .map(|s| s.job_id.as_deref().unwrap())
            .collect::<Vec<_>>()
    );
    assert!(!String::from_utf8_lossy(&json).contains(PASSWORD));
    // `history restore` gives an export back as its receipt names it, and never overwrites.
    let first_id = listed[0]["id"].as_str().unwrap();
    let back = place.path().join("back");
    let back_arg = back.to_string_lossy().into_owned();
    let (written, _) = carryout(&["restore", &first_id[..8], "--to", &back_arg]);
    assert_eq!(
        String::from_utf8_lossy(&written).lines().count(),
        files_of(&exports[0]).len()
    );
    assert_eq!(files_of(&back), files_of(&exports[0]));
    let refused = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args([
            "history",
            "restore",
            first_id,
            "--to",
            &back_arg,
            "--backup-dir",
        ])
        .arg(world.backup_path())
        .env("RESTIC_REPOSITORY", &by_cli)
        .env("RESTIC_PASSWORD_FILE", &password_file)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("already there"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
