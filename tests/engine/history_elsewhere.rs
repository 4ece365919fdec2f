//! A history made elsewhere — on another computer, or by restic itself — chosen in Settings:
//! it asks for the password it was made with, refuses a wrong one and keeps the right one for
//! that place alone; the app's session and the command line then open it with that password,
//! while the profile's own password stays for the histories made with it.

use std::path::Path;
use std::process::Command;

use carryout::auth::SecretStore;
use carryout::desktop::history_place::{Repository, choose_folder, give_password};
use carryout::desktop::preferences::Preferences;
use carryout::failure::Failure;
use carryout::secret::HistoryPassword;
use carryout::session::{Backend, HistoryChoice, SecretsChoice, SessionOptions};
use chrono::{DateTime, Utc};

use crate::history::{GROUP, fake_export, restic};

const MADE_WITH: &str = "made on the old laptop";

fn folder(parent: &Path, name: &str) -> std::path::PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

#[test]
fn a_history_made_elsewhere_opens_with_the_password_it_was_made_with() {
    let place = tempfile::tempdir().unwrap();
    let data = folder(place.path(), "data");
    let backups = folder(place.path(), "backups");
    let old = folder(place.path(), "old history");
    let empty = folder(place.path(), "new history");
    let password_file = place.path().join("password");
    std::fs::write(&password_file, MADE_WITH).unwrap();
    restic(&old, &password_file, &["init"]);
    let options = SessionOptions {
        data_dir: data.clone(),
        backend: Backend::Google,
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: Some(backups.clone()),
        history: HistoryChoice::default(),
    };
    let preferences = Preferences {
        backup_dir: Some(backups.clone()),
        ..Preferences::default()
    };
    let choose = |dir: &Path| choose_folder(dir.into(), None, None, preferences.clone(), &options);

    let fresh = choose(&empty).unwrap();
    assert_eq!(fresh.repository, Repository::New);
    let chosen = choose(&old).unwrap();
    assert_eq!(chosen.repository, Repository::NeedsPassword);
    assert_eq!(
        chosen.preferences.history_dir.as_deref(),
        Some(old.as_path())
    );

    let give = |password: &str, preferences: &Preferences| {
        let password = HistoryPassword::new(password);
        give_password(password, None, preferences.clone(), &options)
    };
    let wrong = give("a guess", &chosen.preferences).unwrap_err();
    assert_eq!(
        wrong.code,
        Failure::HistoryWrongPassword,
        "{}",
        wrong.message
    );
    let nothing_there = give(MADE_WITH, &fresh.preferences).unwrap_err();
    assert_eq!(
        nothing_there.code,
        Failure::NotFound,
        "{}",
        nothing_there.message
    );
    let given = give(MADE_WITH, &chosen.preferences).unwrap();
    assert_eq!(given.repository, Repository::Opens);
    assert_eq!(choose(&old).unwrap().repository, Repository::Opens);

    // The session of these preferences opens the old history with the password given; the
    // profile's own password, unchanged, stays for the history made here.
    let secrets = SecretStore::file_in(&data);
    let own = secrets.history_password().unwrap();
    assert_ne!(own.expose(), MADE_WITH);
    let old_place = chosen
        .preferences
        .history_choice()
        .place(&backups, &secrets);
    let old_place = old_place.unwrap().unwrap();
    assert_eq!(old_place.password().unwrap().expose(), MADE_WITH);
    assert!(old_place.open().unwrap().is_some());
    let new_place = fresh.preferences.history_choice().place(&backups, &secrets);
    let new_place = new_place.unwrap().unwrap();
    assert_eq!(new_place.password().unwrap().expose(), own.expose());

    // The command line on the same data folder keeps an export in the old history with the
    // password given, without being told it: restic reads it with the one it was made with.
    let day: DateTime<Utc> = "2026-11-02T08:00:00Z".parse().unwrap();
    fake_export(&backups, GROUP, None, day, "job-1");
    let saved = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .args(["history", "save", "--secrets", "file", "--history"])
        .arg(&old)
        .arg("--backup-dir")
        .arg(&backups)
        .arg("--data-dir")
        .arg(&data)
        .env_remove("RESTIC_REPOSITORY")
        .env_remove("RESTIC_PASSWORD_FILE")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&saved.stderr).into_owned()
        + &String::from_utf8_lossy(&saved.stdout);
    assert!(saved.status.success(), "{said}");
    assert!(!said.contains(MADE_WITH), "the password was shown: {said}");
    let listed = restic(&old, &password_file, &["snapshots", "--json"]);
    let snapshots: Vec<serde_json::Value> = serde_json::from_slice(&listed).unwrap();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");
}
