//! The history repository, checked by the real `restic` (Debian's package, which
//! `scripts/test` installs): daily exports of a group become snapshots it lists, restores byte
//! for byte as the receipts name them and passes `check --read-data` on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use carryout::auth::SecretStore;
use carryout::engine::{ExportState, WarningCode};
use carryout::history::{
    History, HistoryError, HistoryPlace, Location, OnStoring, Opened, PasswordSource, Retention,
    Snapshot,
};
use carryout::library::{FileReceipt, Manifest};
use carryout::secret::HistoryPassword;
use carryout_emulator::AccessChoice;
use chrono::{DateTime, Utc};

use crate::support::{export, files_under, world};

pub(crate) const GROUP: &str = "youtube.comments";
pub(crate) const PASSWORD: &str = "a long test password";
const DAYS: usize = 3;
const ONE_EXPORT: u64 = 24 << 20;

/// Runs restic on `repo` (a folder or a `rest:` location) with the password in
/// `password_file`; its stdout.
pub(crate) fn restic(
    repo: impl AsRef<std::ffi::OsStr>,
    password_file: &Path,
    args: &[&str],
) -> Vec<u8> {
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

/// Whether the installed restic is older than `major.minor`.
fn restic_before(major: u32, minor: u32) -> bool {
    let output = Command::new("restic").arg("version").output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    // "restic 0.14.0 compiled with go1.19.8 on linux/amd64"
    let version: Vec<u32> = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .filter_map(|n| n.parse().ok())
        .collect();
    version.as_slice() < [major, minor].as_slice()
}

/// Progress no one listens to.
fn unheard() -> OnStoring {
    std::sync::Arc::new(|_| {})
}

pub(crate) fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
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
    let location = Location::Folder(repo.clone());
    let password = HistoryPassword::new(PASSWORD);

    let snapshots = tokio::task::spawn_blocking({
        let (location, cache, exports) = (location.clone(), cache.clone(), exports.clone());
        move || -> Result<Vec<Snapshot>, HistoryError> {
            let (mut history, opened) = History::open_or_create(&location, &password, &cache)?;
            assert_eq!(opened, Opened::Created);
            let mut saved = Vec::new();
            for dir in &exports {
                let (next, snapshot) = history.save(&root, dir, &unheard())?;
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
    // Deduplicated: the days after the first add part of an export each (restic cuts files
    // into chunks of about 1 MiB at places its repository's random polynomial picks: the
    // chunks around each day's new records and media are new, the rest are stored once; an
    // archive's deflated entries change as a whole when one record does).
    let size = snapshots[0].size.unwrap();
    let added: Vec<u64> = snapshots.iter().map(|s| s.added.unwrap()).collect();
    let total: u64 = added.iter().sum();
    eprintln!(
        "history days={DAYS} export_bytes={size} added_bytes={added:?} repository/export={:.2}",
        total as f64 / size as f64
    );
    assert!(size >= ONE_EXPORT, "{size}");
    assert!(
        added[1..].iter().all(|a| *a * 2 < size),
        "later days add less than half an export: {added:?} of {size}"
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
    let history_command = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carryout"));
        command
            .args(["history"])
            .args(args)
            .arg("--backup-dir")
            .arg(world.backup_path())
            .arg("--data-dir")
            .arg(place.path().join("data"))
            .env("RESTIC_REPOSITORY", &by_cli)
            .env("RESTIC_PASSWORD_FILE", &password_file);
        command
    };
    let carryout = |args: &[&str]| {
        let output = history_command(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "carryout history {args:?}: {stderr}"
        );
        (output.stdout, stderr)
    };
    let (_, first) = carryout(&["save"]);
    assert!(
        first.contains("cannot be read")
            && first.contains("3 export(s) stored")
            && first.contains(" 100 %"),
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
    // `history diff` says what changed between two days, as the exports on disk hold it.
    let (json, _) = carryout(&[
        "diff",
        &listed[1]["id"].as_str().unwrap()[..8],
        first_id,
        "--json",
    ]);
    let diff: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(diff["from"]["id"], listed[0]["id"], "the earlier first");
    let on_disk = |dir: &Path| -> BTreeMap<String, (u64, Option<u64>)> {
        Manifest::read(dir)
            .unwrap()
            .files
            .iter()
            .flat_map(|f| {
                carryout::library::list_archive(
                    &dir.join(&f.name),
                    &carryout::library::ListOptions::with_records(),
                )
                .unwrap()
            })
            .filter(|e| !e.name.ends_with(carryout::library::ARCHIVE_INDEX))
            .map(|e| (e.name, (e.size, e.records)))
            .collect()
    };
    let (then, now) = (on_disk(&exports[0]), on_disk(&exports[1]));
    let names = |key: &str| -> BTreeSet<String> {
        diff[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let changed: BTreeSet<String> = then
        .iter()
        .filter(|(name, state)| now.get(*name).is_some_and(|n| n != *state))
        .map(|(name, _)| name.clone())
        .collect();
    assert_eq!(names("changed"), changed);
    assert!(!changed.is_empty(), "a day's media grew: {diff}");
    let only = |a: &BTreeMap<String, _>, b: &BTreeMap<String, _>| -> BTreeSet<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(
        (names("added"), names("removed")),
        (only(&now, &then), only(&then, &now))
    );
    let total =
        |m: &BTreeMap<String, (u64, Option<u64>)>| -> u64 { m.values().filter_map(|v| v.1).sum() };
    assert_eq!(
        diff["records"],
        serde_json::json!([total(&then), total(&now)])
    );
    let (text, _) = carryout(&["diff", first_id, &listed[2]["id"].as_str().unwrap()[..8]]);
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.starts_with(GROUP) && text.contains("entries unchanged"),
        "{text}"
    );

    let refused = history_command(&["restore", first_id, "--to", &back_arg])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("already there"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// The history at `location`, its password made once and kept in the owner-only secrets file
/// of `data_dir`, as `carryout --secrets file` keeps it.
fn kept_place(location: &Path, data_dir: &Path, cache: &Path) -> HistoryPlace {
    HistoryPlace {
        location: Location::Folder(location.to_path_buf()),
        password: PasswordSource::Kept(SecretStore::file_in(data_dir)),
        cache_dir: cache.to_path_buf(),
        retention: Retention::default(),
    }
}

/// A test's folder: the history `repo` in it, a data folder whose owner-only secrets file
/// keeps the history's password, and restic's cache.
struct HistoryFolder {
    dir: tempfile::TempDir,
    repo: PathBuf,
    data: PathBuf,
    cache: PathBuf,
}

impl HistoryFolder {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (repo, data, cache) = (
            dir.path().join("history"),
            dir.path().join("data"),
            dir.path().join("cache"),
        );
        std::fs::create_dir_all(&data).unwrap();
        Self {
            dir,
            repo,
            data,
            cache,
        }
    }

    /// The history of `repo`, its password kept in `data`.
    fn place(&self) -> HistoryPlace {
        kept_place(&self.repo, &self.data, &self.cache)
    }
}

/// `carryout history <action>` on the history at `repo`, its password kept in the secrets file
/// of `data_dir` (whatever restic's own variables say); its output, once it succeeded.
fn kept_history_command(action: &str, data_dir: &Path, backups: &Path, repo: &Path) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(["history", action, "--secrets", "file", "--data-dir"])
        .arg(data_dir)
        .arg("--backup-dir")
        .arg(backups)
        .arg("--history")
        .arg(repo)
        .env_remove("RESTIC_PASSWORD_FILE")
        .env_remove("RESTIC_REPOSITORY")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "carryout history {action}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The job ids of the snapshots of `GROUP` the history at `place` keeps, oldest first.
async fn kept_jobs(place: HistoryPlace) -> Vec<Option<String>> {
    let listed =
        tokio::task::spawn_blocking(move || place.open().unwrap().unwrap().list(Some(GROUP)))
            .await
            .unwrap()
            .unwrap();
    listed.iter().map(|s| s.job_id.clone()).collect()
}

fn codes(engine: &carryout::engine::Engine) -> Vec<WarningCode> {
    engine.warnings().unwrap().iter().map(|w| w.code).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_engine_keeps_each_verified_export_and_catches_up_what_it_could_not() {
    let world = world(AccessChoice::Days30).await;
    world.sign_in(&[GROUP]).await;
    world.control().set_archive_size(Some(GROUP), 1 << 20);
    let folder = HistoryFolder::new();
    let (place, repo, data) = (&folder.dir, &folder.repo, &folder.data);
    // First out of reach: a file stands where the repository's folder would go.
    let blocked = place.path().join("blocked");
    std::fs::write(&blocked, b"not a folder").unwrap();
    let unreachable = kept_place(&blocked.join("history"), data, &folder.cache);
    let engine = world.engine_with_history(unreachable).unwrap();
    let first = export(&engine, &[GROUP]).await.remove(0);
    assert_eq!(
        first.state,
        ExportState::Verified,
        "kept or not, the export stands"
    );
    assert!(
        codes(&engine).contains(&WarningCode::HistoryNotKept),
        "{:?}",
        engine.warnings()
    );
    drop(engine);

    // Then reachable: the next export is kept, and the one left out with it.
    world.clock.0.advance(Duration::from_secs(25 * 3600));
    let engine = world.engine_with_history(folder.place()).unwrap();
    let second = export(&engine, &[GROUP]).await.remove(0);
    assert_eq!(second.state, ExportState::Verified);
    assert!(
        codes(&engine).contains(&WarningCode::HistoryMade),
        "{:?}",
        engine.warnings()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the history is its owner's alone");
    }
    let jobs = kept_jobs(folder.place()).await;
    let expected: Vec<Option<String>> = [&first, &second]
        .iter()
        .map(|r| r.job_id.as_ref().map(|j| j.0.clone()))
        .collect();
    assert_eq!(jobs, expected, "both exports, oldest first");

    // `carryout history password` gives the kept password to its owner, and restic opens the
    // repository the engine made with it.
    let shown = kept_history_command("password", data, &world.backup_path(), repo);
    let password = String::from_utf8(shown).unwrap();
    let password_file = place.path().join("password");
    std::fs::write(&password_file, password.trim_end()).unwrap();
    let by_restic: serde_json::Value =
        serde_json::from_slice(&restic(repo, &password_file, &["snapshots", "--json"])).unwrap();
    assert_eq!(by_restic.as_array().unwrap().len(), 2);
    // Nowhere else: not in the warnings, not in the state database.
    let said = serde_json::to_string(&engine.warnings().unwrap()).unwrap();
    assert!(!said.contains(password.trim_end()));
    let database = std::fs::read(world.data_dir.path().join(carryout::store::FILE_NAME)).unwrap();
    assert!(!String::from_utf8_lossy(&database).contains(password.trim_end()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_engine_told_to_stop_keeping_makes_no_history_and_keeps_nothing() {
    let world = world(AccessChoice::Days30).await;
    world.sign_in(&[GROUP]).await;
    let folder = HistoryFolder::new();
    let engine = world.engine_with_history(folder.place()).unwrap();
    // As the app does when it closes a profile whose folders go with it.
    engine.stop_keeping_history().await;
    let row = export(&engine, &[GROUP]).await.remove(0);
    assert_eq!(row.state, ExportState::Verified, "the export itself stands");
    assert!(!folder.repo.exists(), "a stopped engine makes no history");
    assert!(
        !codes(&engine).contains(&WarningCode::HistoryNotKept),
        "stopping is not a failure: {:?}",
        engine.warnings()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_engine_keeps_what_the_chosen_retention_keeps() {
    let world = world(AccessChoice::Days30).await;
    world.sign_in(&[GROUP]).await;
    let folder = HistoryFolder::new();
    let newest_only = HistoryPlace {
        retention: Retention {
            last: 1,
            daily: 0,
            weekly: 0,
            monthly: 0,
        },
        ..folder.place()
    };
    let engine = world.engine_with_history(newest_only).unwrap();
    let first = export(&engine, &[GROUP]).await.remove(0);
    world.clock.0.advance(Duration::from_secs(25 * 3600));
    let second = export(&engine, &[GROUP]).await.remove(0);
    assert_eq!(
        (first.state, second.state),
        (ExportState::Verified, ExportState::Verified)
    );
    drop(engine);
    let jobs = kept_jobs(folder.place()).await;
    assert_eq!(jobs, vec![second.job_id.map(|j| j.0)], "the newest only");
}

/// Turned off in Settings, the history keeps no new export, and what it holds stays listed.
#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_history_stays_readable_and_an_off_one_is_not_read() {
    use carryout::session::{Backend, HistoryChoice, SecretsChoice, Session, SessionOptions};
    let emulator = carryout_emulator::Emulator::start(carryout_emulator::Settings::for_tests())
        .await
        .unwrap();
    let folder = HistoryFolder::new();
    let backups = folder.dir.path().join("backups");
    let exported = "2026-11-02T08:00:00Z".parse().unwrap();
    fake_export(&backups, GROUP, None, exported, "job-1");
    // Kept once, its password made and kept in the data folder's secrets file.
    kept_history_command("save", &folder.data, &backups, &folder.repo);
    let options = |history: HistoryChoice| SessionOptions {
        data_dir: folder.data.clone(),
        backend: Backend::Emulator(emulator.base_url()),
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: Some(backups.clone()),
        history,
    };
    let location = Some(Location::Folder(folder.repo.clone()));
    let stopped = Session::open(&options(HistoryChoice::Stopped { location }))
        .await
        .unwrap();
    assert!(!stopped.keeps_history);
    let listed = tokio::task::block_in_place(|| carryout::desktop::versions::versions(&stopped));
    assert_eq!(listed.unwrap().len(), 1, "what it holds stays readable");
    drop(stopped);
    let off = Session::open(&options(HistoryChoice::Off)).await.unwrap();
    assert!(off.history.is_none() && !off.keeps_history);
}

/// Bytes that do not compress or repeat, as an archive's are.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// restic's own guarantee, checked: a `carryout history save` killed while an export is
/// going in leaves a repository that `restic check --read-data` passes and that holds no
/// snapshot of it; the next save stores it whole.
#[test]
fn a_save_killed_midway_leaves_a_repository_restic_checks_and_the_next_save_completes() {
    let place = tempfile::tempdir().unwrap();
    let (root, repo) = (place.path().join("backups"), place.path().join("history"));
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let exported = "2026-11-02T08:00:00Z".parse().unwrap();
    let export = export_holding(
        &root,
        GROUP,
        None,
        exported,
        "job-big",
        &noise(160 << 20, 7),
    );
    let save = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carryout"));
        command
            .args(["history", "save", "--backup-dir"])
            .arg(&root)
            .arg("--data-dir")
            .arg(place.path().join("data"))
            .arg("--history")
            .arg(&repo)
            .arg("--history-password-file")
            .arg(&password_file)
            .stderr(std::process::Stdio::piped());
        command
    };

    let mut child = save().spawn().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap()));
    let mut heard = Vec::new();
    // Killed once it says it is half-way, as a scheduled run logs it: by then packs of the
    // export's data are in the repository, the snapshot that would name them is not.
    let midway = lines.by_ref().map_while(Result::ok).find(|line| {
        heard.push(line.clone());
        let percent = line
            .strip_prefix("carryout: storing ")
            .and_then(|rest| rest.strip_suffix(" %"))
            .and_then(|rest| rest.rsplit(' ').next())
            .and_then(|n| n.parse::<u32>().ok());
        percent.is_some_and(|p| (50..100).contains(&p))
    });
    assert!(midway.is_some(), "no progress while storing: {heard:?}");
    assert!(
        child.try_wait().unwrap().is_none(),
        "still storing when killed"
    );
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success());

    let packs = files_under(&repo.join("data")).len();
    assert!(packs > 0, "the kill came after data was written: {heard:?}");
    restic(&repo, &password_file, &["check", "--read-data"]);
    let listed: serde_json::Value =
        serde_json::from_slice(&restic(&repo, &password_file, &["snapshots", "--json"])).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");

    let output = save().output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("1 export(s) stored"), "{said}");
    restic(&repo, &password_file, &["check", "--read-data"]);
    let target = place.path().join("restored");
    restic(
        &repo,
        &password_file,
        &["restore", "latest", "--target", target.to_str().unwrap()],
    );
    let inside = export.strip_prefix(&root).unwrap();
    assert_eq!(files_of(&target.join(inside)), files_of(&export));
}

/// An export folder as the engine leaves one: an archive of a few KiB unlike any other, its
/// receipt and `SHA256SUMS`.
pub(crate) fn fake_export(
    root: &Path,
    group: &str,
    start: Option<DateTime<Utc>>,
    export_time: DateTime<Utc>,
    job: &str,
) -> PathBuf {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(31) ^ job.len() as u32 ^ export_time.timestamp() as u32) as u8)
        .chain(job.bytes())
        .collect();
    export_holding(root, group, start, export_time, job, &bytes)
}

/// An export folder whose one archive holds `bytes`.
fn export_holding(
    root: &Path,
    group: &str,
    start: Option<DateTime<Utc>>,
    export_time: DateTime<Utc>,
    job: &str,
    bytes: &[u8],
) -> PathBuf {
    let dir = carryout::library::export_folder(root, group, Some(export_time), job);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("archive.zip"), bytes).unwrap();
    Manifest {
        groups: vec![group.into()],
        job_id: job.into(),
        access_type: "time_based".into(),
        start_time: start,
        export_time: Some(export_time),
        files: vec![FileReceipt {
            name: "archive.zip".into(),
            object: "archive.zip".into(),
            size: bytes.len() as u64,
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes)),
            crc32c: None,
            md5: None,
            downloaded_at: export_time,
            warnings: Vec::new(),
        }],
        app_version: "0.1.0".into(),
    }
    .write(&dir)
    .unwrap();
    dir
}

fn ids(snapshots: &[Snapshot], group: &str) -> BTreeSet<String> {
    snapshots
        .iter()
        .filter(|s| s.groups.iter().any(|g| g == group))
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn retention_keeps_what_restic_keeps_and_every_window_an_incremental_group_needs() {
    const FULL: &str = "youtube.comments";
    const WINDOWED: &str = "myactivity.search";
    const DAYS: i64 = 60;
    let place = tempfile::tempdir().unwrap();
    let root = place.path().join("backups");
    let day = |d: i64| {
        "2026-01-01T06:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::days(d)
    };
    for d in 0..DAYS {
        fake_export(&root, FULL, None, day(d), &format!("full-{d}"));
        let start = (d > 0).then(|| day(d - 1));
        fake_export(&root, WINDOWED, start, day(d), &format!("window-{d}"));
    }
    let repo = place.path().join("history");
    let password = HistoryPassword::new(PASSWORD);
    let (history, _) = History::open_or_create(
        &Location::Folder(repo.clone()),
        &password,
        &place.path().join("cache"),
    )
    .unwrap();
    let (history, saved) = history.save_missing(&root, &unheard()).unwrap();
    assert_eq!(saved.len(), 2 * DAYS as usize);
    let now = day(DAYS - 1) + chrono::Duration::hours(1);
    let rules = Retention::default();
    let plan = history.retention_plan(&rules, now).unwrap();

    // The full group: what restic itself keeps under the same rules.
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let decided: serde_json::Value = serde_json::from_slice(&restic(
        &repo,
        &password_file,
        &[
            "forget",
            "--dry-run",
            "--json",
            "--group-by",
            "host",
            "--tag",
            &format!("group={FULL}"),
            "--keep-last",
            &rules.last.to_string(),
            "--keep-daily",
            &rules.daily.to_string(),
            "--keep-weekly",
            &rules.weekly.to_string(),
            "--keep-monthly",
            &rules.monthly.to_string(),
        ],
    ))
    .unwrap();
    let by_restic: BTreeSet<String> = decided[0]["keep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let ours = ids(&plan.keep, FULL);
    let differ: Vec<_> = plan
        .keep
        .iter()
        .chain(&plan.forget)
        .filter(|s| ours.contains(&s.id) != by_restic.contains(&s.id))
        .map(|s| (s.export_time, ours.contains(&s.id)))
        .collect();
    // restic 0.16 began keeping the oldest snapshot while a rule has fewer snapshots than it
    // may keep (here: 12 months, 3 of them with snapshots), as rustic does; an older restic
    // (Debian 12 has 0.14) lets that one go.
    let oldest = (day(0), true);
    assert!(
        differ.is_empty() || (differ == [oldest] && restic_before(0, 16)),
        "kept by us (true) or by restic (false) alone: {differ:?}"
    );
    assert!(by_restic.len() < DAYS as usize / 2, "{}", by_restic.len());
    // The incremental group: each day's window is in one snapshot only, so all stay.
    assert_eq!(ids(&plan.keep, WINDOWED).len(), DAYS as usize);

    // The backup folder keeps the newest full export plainly, and every window.
    let removed = history.thin_backup_folder(&root).unwrap();
    assert_eq!(removed.len(), DAYS as usize - 1);
    let exports = carryout::library::exports(&root).unwrap();
    let of = |group: &str| {
        exports
            .iter()
            .filter(|e| e.manifest.groups[0] == group)
            .count()
    };
    assert_eq!((of(FULL), of(WINDOWED)), (1, DAYS as usize));

    let (history, applied) = history.apply_retention(&rules, now).unwrap();
    let left = history.list(None).unwrap();
    assert_eq!(
        left.iter().map(|s| s.id.clone()).collect::<BTreeSet<_>>(),
        applied
            .keep
            .iter()
            .map(|s| s.id.clone())
            .collect::<BTreeSet<_>>()
    );
    restic(&repo, &password_file, &["check", "--read-data"]);

    // A full export of the incremental group holds every earlier window: now those the rules
    // let go may go.
    fake_export(&root, WINDOWED, None, day(DAYS), "window-full");
    let (history, _) = history.save_missing(&root, &unheard()).unwrap();
    let plan = history.retention_plan(&rules, day(DAYS)).unwrap();
    let windowed_forgotten = ids(&plan.forget, WINDOWED).len();
    assert!(
        windowed_forgotten > DAYS as usize / 2,
        "{windowed_forgotten}"
    );
}

/// Peak resident memory of the children this process waited for, in MiB.
fn children_peak_rss_mib() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    #[allow(unsafe_code)]
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0
}

/// Every entry of the export's archives, written under `into/<archive>/`.
fn extract_archives(export_dir: &Path, into: &Path) {
    for archive in files_under(export_dir) {
        if archive.extension().is_none_or(|e| e != "zip") {
            continue;
        }
        let file = std::fs::File::open(&archive).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let name = archive.file_stem().unwrap();
        zip.extract(into.join(name)).unwrap();
    }
}

fn dir_size(dir: &Path) -> u64 {
    files_under(dir)
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum()
}

/// The history's figures (`scripts/bench-history`): a month of daily exports of a group of
/// `HISTORY_BENCH_MIB` MiB (256) growing ~1 % a day with the emulator's drift of records, each
/// stored in the history as the engine stores it. Prints the repository's size against one
/// export (goal ≤ 2.0; plain folders: 30.0), the time to store an export against the time to
/// export and download it, and the peak memory of `carryout history save` storing a
/// `HISTORY_BENCH_BIG_MIB` MiB (1024) export (goal ≤ 256 MiB).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-history runs it in a release build"]
async fn history_figures() {
    let mib = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
            << 20
    };
    let (size, big) = (
        mib("HISTORY_BENCH_MIB", 256),
        mib("HISTORY_BENCH_BIG_MIB", 1024),
    );
    const DAYS: u64 = 30;
    // A month of days outlives a 30-day sign-in.
    let world = world(AccessChoice::Days180).await;
    world.sign_in(&[GROUP]).await;
    let engine = world.engine().unwrap();
    let place = tempfile::tempdir().unwrap();
    let repo = place.path().join("history");
    let cache = place.path().join("cache");
    let password = HistoryPassword::new(PASSWORD);
    let (mut history, _) =
        History::open_or_create(&Location::Folder(repo.clone()), &password, &cache).unwrap();
    let root = world.backup_path();
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    // Memory first, while no other process has run: `carryout history save` storing one big
    // export, in a process of its own (a child's peak is the biggest child's).
    world.control().set_archive_size(Some(GROUP), big);
    let row = export(&engine, &[GROUP]).await.remove(0);
    assert_eq!(row.state, ExportState::Verified, "{row:?}");
    let before = children_peak_rss_mib();
    let output = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(["history", "save", "--backup-dir"])
        .arg(&root)
        .arg("--data-dir")
        .arg(place.path().join("data"))
        .arg("--history")
        .arg(place.path().join("big"))
        .arg("--history-password-file")
        .arg(&password_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak = children_peak_rss_mib();
    assert!(peak > before, "the save was the biggest child: {peak} MiB");
    println!(
        "history store_export_mib={} peak_rss_mib={peak:.0} (goal 256, ratio {:.2})",
        big >> 20,
        peak / 256.0
    );
    std::fs::remove_dir_all(PathBuf::from(row.export_dir.unwrap())).unwrap();
    world.clock.0.advance(Duration::from_secs(25 * 3600));

    let (mut exporting, mut storing) = (Duration::ZERO, Duration::ZERO);
    let mut one_export = 0;
    // The other form the history could keep: each export's archives extracted, their entries
    // stored by restic itself in a repository of their own.
    let (extracted_repo, scratch) = (place.path().join("extracted"), place.path().join("entries"));
    restic(&extracted_repo, &password_file, &["init"]);
    for day in 0..DAYS {
        world
            .control()
            .set_archive_size(Some(GROUP), size + day * (size / 100));
        let started = std::time::Instant::now();
        let row = export(&engine, &[GROUP]).await.remove(0);
        exporting += started.elapsed();
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
        let dir = PathBuf::from(row.export_dir.unwrap());
        one_export = dir_size(&dir);
        let started = std::time::Instant::now();
        let (next, _) =
            tokio::task::block_in_place(|| history.save(&root, &dir, &unheard())).unwrap();
        storing += started.elapsed();
        history = next;
        extract_archives(&dir, &scratch);
        restic(
            &extracted_repo,
            &password_file,
            &["backup", "--host", "bench", scratch.to_str().unwrap()],
        );
        std::fs::remove_dir_all(&scratch).unwrap();
        // The backup folder keeps the newest export only, as the engine's does.
        std::fs::remove_dir_all(&dir).unwrap();
        world.clock.0.advance(Duration::from_secs(25 * 3600));
    }
    assert_eq!(history.list(Some(GROUP)).unwrap().len(), DAYS as usize);
    let repository = dir_size(&repo);
    let extracted = dir_size(&extracted_repo);
    println!(
        "history days={DAYS} export_mib={} repository_mib={} repository/export={:.2} (goal 2.0; \
         plain folders {DAYS}.0; extracted entries {:.2}) store_s={:.2} \
         export_and_download_s={:.2} store/export_and_download={:.2}",
        one_export >> 20,
        repository >> 20,
        repository as f64 / one_export as f64,
        extracted as f64 / one_export as f64,
        storing.as_secs_f64() / DAYS as f64,
        exporting.as_secs_f64() / DAYS as f64,
        storing.as_secs_f64() / exporting.as_secs_f64()
    );
    // What changed over the month: the first day against the last, read in place.
    let month = history.list(Some(GROUP)).unwrap();
    let (first, last) = (month[0].id.clone(), month[month.len() - 1].id.clone());
    let started = std::time::Instant::now();
    let (_, diff) = tokio::task::block_in_place(|| history.diff(&first, &last)).unwrap();
    let comparing = started.elapsed();
    assert!(
        diff.records.1 >= diff.records.0,
        "a month adds records: {:?}",
        diff.records
    );
    println!(
        "history diff_days={DAYS} diff_s={:.2} diff/store_one={:.2} records={}->{}",
        comparing.as_secs_f64(),
        comparing.as_secs_f64() / (storing.as_secs_f64() / DAYS as f64),
        diff.records.0,
        diff.records.1
    );
}
