//! The history on a REST server: Carryout writes the repository through `rclone serve restic`
//! (Debian's rclone, which `scripts/test` installs; the way to any of rclone's remotes), and
//! the real `restic` reads it through the same server — lists, restores byte for byte and
//! checks every byte. The server's password stays out of everything Carryout says.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use carryout::auth::SecretStore;
use carryout::history::Location;
use carryout::secret::ServerPassword;
use carryout::session::HistoryChoice;
use chrono::{DateTime, Duration, Utc};

use crate::history::{GROUP, PASSWORD, fake_export, files_of, restic};

const USER: &str = "me";
/// A password with characters a URL must escape.
const SERVER_PASSWORD: &str = "p@ss:w/rd";
const SERVER_PASSWORD_IN_URL: &str = "p%40ss%3Aw%2Frd";

/// `rclone serve restic` on a free port of this machine, serving `dir`, asking for
/// [`USER`] and [`SERVER_PASSWORD`]; stopped when dropped.
struct RestServer {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    address: String,
}

impl RestServer {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new("rclone")
            .args([
                "serve",
                "restic",
                "--addr",
                "127.0.0.1:0",
                "--user",
                USER,
                "--pass",
            ])
            .arg(SERVER_PASSWORD)
            .arg(dir)
            .env("RCLONE_CONFIG", dir.with_extension("rclone.conf"))
            .stderr(Stdio::piped())
            .spawn()
            .expect(
                "rclone runs: scripts/test installs Debian's rclone package (apt install rclone)",
            );
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let mut heard = Vec::new();
        let address = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                heard.push(line.clone());
                let (_, address) = line.split_once("Serving restic REST API on ")?;
                Some(address.trim().to_owned())
            })
            .unwrap_or_else(|| panic!("rclone said where it serves: {heard:?}"));
        // Its later lines are read so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, address }
    }

    /// The repository `path` on this server, signed in with `credentials` (`user:password`).
    fn location(&self, credentials: Option<&str>, path: &str) -> String {
        let address = self
            .address
            .trim_start_matches("http://")
            .trim_end_matches('/');
        match credentials {
            Some(credentials) => format!("rest:http://{credentials}@{address}{path}/"),
            None => format!("rest:http://{address}{path}/"),
        }
    }
}

impl Drop for RestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn day(n: i64) -> DateTime<Utc> {
    "2026-11-02T08:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(n)
}

/// `carryout history <args>` on the backup folder `root`, its history password in
/// `password_file`; what it printed, and whether it succeeded.
fn history(
    root: &Path,
    data: &Path,
    password_file: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_carryout"))
        .arg("history")
        .args(args)
        .arg("--backup-dir")
        .arg(root)
        .arg("--data-dir")
        .arg(data)
        .arg("--history-password-file")
        .arg(password_file)
        .env_remove("RESTIC_REPOSITORY")
        .env_remove("RESTIC_REST_USERNAME")
        .env_remove("RESTIC_REST_PASSWORD")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    );
    for said in [&stdout, &stderr] {
        assert!(
            !said.contains(SERVER_PASSWORD) && !said.contains(SERVER_PASSWORD_IN_URL),
            "the server's password was shown: {said}"
        );
    }
    (status.success(), stdout, stderr)
}

/// How many snapshots restic lists in `repo`.
fn restic_snapshots(repo: &str, password_file: &Path) -> usize {
    let listed = restic(repo, password_file, &["snapshots", "--json"]);
    serde_json::from_slice::<Vec<serde_json::Value>>(&listed)
        .unwrap()
        .len()
}

/// restic checks every byte of `repo` and restores its latest snapshot (into a folder of
/// `scratch`) as the export folder `newest` of the backup folder `root` holds it.
fn restic_checks_and_restores(
    repo: &str,
    password_file: &Path,
    root: &Path,
    newest: &Path,
    scratch: &Path,
) {
    restic(repo, password_file, &["check", "--read-data"]);
    let target = scratch.join("restored");
    restic(
        repo,
        password_file,
        &["restore", "latest", "--target", target.to_str().unwrap()],
    );
    let inside = newest.strip_prefix(root).unwrap();
    assert_eq!(files_of(&target.join(inside)), files_of(newest));
}

#[test]
fn a_history_on_a_rest_server_is_one_restic_lists_restores_and_checks_through_it() {
    let place = tempfile::tempdir().unwrap();
    let served = place.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    let server = RestServer::start(&served);
    let (root, data) = (place.path().join("backups"), place.path().join("data"));
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let exports: Vec<PathBuf> = (0..3)
        .map(|n| fake_export(&root, GROUP, None, day(n), &format!("job-{n}")))
        .collect();
    let signed_in = server.location(
        Some(&format!("{USER}:{SERVER_PASSWORD_IN_URL}")),
        "/carryout",
    );
    let run =
        |args: &[&str], env: &[(&str, &str)]| history(&root, &data, &password_file, args, env);

    // Made through the server, the location shown with its password starred.
    let (saved, _, said) = run(&["save", "--history", &signed_in], &[]);
    assert!(saved, "{said}");
    assert!(
        said.contains("3 export(s) stored") && said.contains(&format!("{USER}:***@")),
        "{said}"
    );
    assert!(served.join("carryout").join("config").is_file());

    // restic reads it through the same server.
    let newest = exports.last().unwrap();
    assert_eq!(restic_snapshots(&signed_in, &password_file), 3);
    restic_checks_and_restores(&signed_in, &password_file, &root, newest, place.path());

    // restic's own variables name the repository and sign in to the server.
    let bare = server.location(None, "/carryout");
    let restic_env = [
        ("RESTIC_REPOSITORY", bare.as_str()),
        ("RESTIC_REST_USERNAME", USER),
        ("RESTIC_REST_PASSWORD", SERVER_PASSWORD),
    ];
    let (listed, json, said) = run(&["list", "--json"], &restic_env);
    assert!(listed, "{said}");
    let snapshots: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(snapshots.len(), 3);

    // Restore and retention work through it too; what retention lets go is deleted there.
    let back = place.path().join("back");
    let first = snapshots[0]["id"].as_str().unwrap();
    let (restored, _, said) = run(
        &["restore", first, "--to", back.to_str().unwrap()],
        &restic_env,
    );
    assert!(restored, "{said}");
    assert_eq!(files_of(&back), files_of(&exports[0]));
    let keep_newest = [
        "prune",
        "--keep-last",
        "1",
        "--keep-daily",
        "0",
        "--keep-weekly",
        "0",
        "--keep-monthly",
        "0",
    ];
    let (pruned, _, said) = run(&keep_newest, &restic_env);
    assert!(pruned, "{said}");
    assert_eq!(restic_snapshots(&signed_in, &password_file), 1, "{said}");
    restic(&signed_in, &password_file, &["check", "--read-data"]);

    // A wrong server password is refused with what to do, and nothing is made.
    let wrong = server.location(Some(&format!("{USER}:nope")), "/other");
    let (made, _, said) = run(&["save", "--history", &wrong], &[]);
    assert!(!made);
    assert!(
        said.contains("401") && said.contains("user and password"),
        "{said}"
    );
    assert!(!served.join("other").exists());

    // The app names the server without its password and keeps that in the secret store.
    let secrets = SecretStore::file_in(&data);
    secrets
        .keep_history_server_password(Some(&ServerPassword::new(SERVER_PASSWORD)))
        .unwrap();
    let choice = HistoryChoice::Stopped {
        location: Some(Location::parse(&server.location(Some(USER), "/carryout")).unwrap()),
    };
    let kept = choice.place(&root, &secrets).unwrap().unwrap();
    assert!(kept.exists().unwrap(), "signed in with the kept password");
    assert!(kept.location.to_string().contains(&format!("{USER}:***@")));
}

/// Whether a process runs whose command line names `path`.
fn runs_on(path: &Path) -> bool {
    let wanted = path.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .any(|entry| {
            std::fs::read(entry.path().join("cmdline"))
                .is_ok_and(|line| String::from_utf8_lossy(&line).contains(&wanted))
        })
}

/// restic's `rclone:` backend, as restic itself runs it: Carryout starts `rclone serve restic
/// --stdio` on the remote (here a folder, as rclone names local storage), and restic reads what
/// it wrote through its own rclone. No rclone outlives the command.
#[test]
fn a_history_on_an_rclone_remote_is_one_restic_reads_through_rclone() {
    let place = tempfile::tempdir().unwrap();
    let remote = place.path().join("remote").join("carryout");
    let (root, data) = (place.path().join("backups"), place.path().join("data"));
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let exports: Vec<PathBuf> = (0..3)
        .map(|n| fake_export(&root, GROUP, None, day(n), &format!("job-{n}")))
        .collect();
    let newest = exports.last().unwrap();
    let location = format!("rclone:{}", remote.display());
    let config = place.path().join("rclone.conf");
    let config = config.to_str().unwrap();
    let run = |args: &[&str]| {
        history(
            &root,
            &data,
            &password_file,
            args,
            &[("RCLONE_CONFIG", config)],
        )
    };

    let (saved, _, said) = run(&["save", "--history", &location]);
    assert!(saved, "{said}");
    assert!(said.contains("3 export(s) stored"), "{said}");
    assert!(remote.join("config").is_file() && remote.join("keys").is_dir());
    assert!(!runs_on(&remote), "rclone ended with the command");

    let (listed, json, said) = run(&["list", "--json", "--history", &location]);
    assert!(listed, "{said}");
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&json)
            .unwrap()
            .len(),
        3
    );
    assert_eq!(restic_snapshots(&location, &password_file), 3);
    restic_checks_and_restores(&location, &password_file, &root, newest, place.path());

    // A remote rclone does not know: refused in rclone's own words.
    let (made, _, said) = run(&["save", "--history", "rclone:nosuchremote:carryout"]);
    assert!(!made);
    assert!(
        said.contains("rclone on nosuchremote:carryout stopped") && said.contains("nosuchremote"),
        "{said}"
    );
}

/// Settings' check of a server or remote: an rclone remote is kept as written, a folder or a
/// backend of restic's own is refused with the code the window translates, and a server's
/// wrong password leaves the preferences as they were.
#[test]
fn settings_keep_a_remote_that_answers_and_refuse_what_is_not_one() {
    use carryout::desktop::history_place::{Repository, choose_server as choose};
    use carryout::desktop::preferences::Preferences;
    use carryout::failure::Failure;
    use carryout::session::{Backend, SecretsChoice, SessionOptions};

    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let options = SessionOptions {
        data_dir: data.clone(),
        backend: Backend::Google,
        client_file: None,
        secrets: SecretsChoice::File,
        backup_dir: None,
        history: HistoryChoice::default(),
    };
    let before = Preferences {
        history_dir: Some(place.path().join("old history")),
        ..Preferences::default()
    };
    let remote = format!("rclone:{}", place.path().join("remote").display());
    let chosen = choose(&remote, None, before.clone(), &options).unwrap();
    assert_eq!(chosen.repository, Repository::New);
    assert_eq!(
        chosen.preferences.history_server.as_deref(),
        Some(remote.as_str())
    );
    assert_eq!(chosen.preferences.history_dir, None, "one place at a time");

    for (address, code) in [
        ("/srv/history", Failure::UnsuitableHistoryServer),
        ("sftp:me@nas:/srv/h", Failure::UnsuitableHistoryServer),
        ("rest:nas:8000", Failure::UnsuitableHistoryServer),
        (
            "rest:http://127.0.0.1:1/",
            Failure::HistoryServerUnreachable,
        ),
    ] {
        let problem = choose(address, None, before.clone(), &options).unwrap_err();
        assert_eq!(problem.code, code, "{address}: {}", problem.message);
    }

    let served = place.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    let server = RestServer::start(&served);
    let address = server.location(Some(USER), "/carryout");
    let wrong = Some(ServerPassword::new("wrong"));
    let problem = choose(&address, wrong, before.clone(), &options).unwrap_err();
    assert_eq!(
        problem.code,
        Failure::HistoryServerRefused,
        "{}",
        problem.message
    );
    // A repository made there by restic, with a password of its own: the server answers, and
    // the history there asks for that password.
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let signed_in = server.location(
        Some(&format!("{USER}:{SERVER_PASSWORD_IN_URL}")),
        "/carryout",
    );
    restic(&signed_in, &password_file, &["init"]);
    let right = Some(ServerPassword::new(SERVER_PASSWORD));
    let chosen = choose(&address, right, before, &options).unwrap();
    assert_eq!(
        chosen.preferences.history_server.as_deref(),
        Some(address.as_str())
    );
    assert_eq!(chosen.repository, Repository::NeedsPassword);
    let kept = std::fs::read_to_string(data.join("secrets.json")).unwrap();
    assert!(kept.contains(SERVER_PASSWORD));
}

/// A history opened while its server answered, asked again once the server is gone (a laptop
/// away from the NAS at home): the failure says the server cannot be reached, which the
/// Library tells without an error banner.
#[test]
fn a_history_whose_server_went_away_says_so() {
    use carryout::history::{HistoryError, HistoryPlace, PasswordSource, Retention};
    let place = tempfile::tempdir().unwrap();
    let served = place.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    let server = RestServer::start(&served);
    let password_file = place.path().join("password");
    std::fs::write(&password_file, PASSWORD).unwrap();
    let location = server.location(
        Some(&format!("{USER}:{SERVER_PASSWORD_IN_URL}")),
        "/carryout",
    );
    let history = HistoryPlace {
        location: Location::parse(&location).unwrap(),
        password: PasswordSource::File(password_file),
        cache_dir: place.path().join("cache"),
        retention: Retention::default(),
    };
    let (history, _) = history.open_or_create().unwrap();
    assert!(history.list(None).unwrap().is_empty());
    drop(server);
    let away = history.list(None).unwrap_err();
    assert!(
        matches!(away, HistoryError::ServerUnreachable { .. }),
        "{away:?}"
    );
}
