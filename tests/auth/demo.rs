//! Demo mode signs in against an emulator in a throwaway profile: the person's real data dir
//! and secret store never see its grants.

use std::path::Path;

use carryout::auth::LoginOptions;
use carryout::history::{Location, PasswordSource, Retention};
use carryout::progress::ProgressEvent;
use carryout::session::{Backend, HistoryChoice, SecretsChoice, Session, SessionOptions};
use url::Url;

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_demo_sign_in_leaves_the_real_data_dir_and_secret_store_untouched() {
    let real = tempfile::tempdir().unwrap();
    let options = SessionOptions {
        data_dir: real.path().to_path_buf(),
        backend: Backend::Demo,
        client_file: None,
        // The real secret store, as a file so that the test can see it stays untouched.
        secrets: SecretsChoice::File,
        backup_dir: None,
        // A history named outside the demo is not used: the demo's is its own.
        history: HistoryChoice::Keep {
            location: Some(Location::Folder(real.path().join("history"))),
            password_file: Some(real.path().join("password")),
            retention: Retention::default(),
        },
    };
    let session = Session::open(&options).await.unwrap();
    // The demo's Google answers by itself, as on a machine without a browser: it follows the
    // start link to its consent page and back.
    let demo = session.demo.as_ref().unwrap();
    let answer = |link: &Url| -> Result<(), String> {
        demo.answer_consent(link);
        Ok(())
    };
    let report = session
        .auth
        .login(
            &["myactivity.search".into()],
            &answer,
            &|_: ProgressEvent| {},
            &LoginOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    assert_eq!(session.auth.grants().unwrap().len(), 1);
    let throwaway = session.data_dir.clone();
    assert_ne!(throwaway, real.path());
    assert!(session.backup_dir.starts_with(&throwaway));
    let history = session.history.as_ref().unwrap();
    assert!(
        history.location.folder().unwrap().starts_with(&throwaway),
        "{history:?}"
    );
    assert!(
        matches!(history.password, PasswordSource::Kept(_)),
        "{history:?}"
    );
    drop(session);
    assert_eq!(entries(real.path()), Vec::<String>::new());
    assert!(!throwaway.exists(), "the throwaway profile is removed");
}

/// Any web page in the person's browser can reach the demo's port: it finds no admin routes
/// (they would hand out its tokens and change its answers), and a page that points its own
/// name at the port (DNS rebinding) is not answered at all.
#[tokio::test]
async fn the_demos_google_has_no_admin_routes_and_answers_only_its_own_address() {
    let demo = carryout::auth::Demo::start().await.unwrap();
    let base = demo.emulator.base_url();
    let http = reqwest::Client::new();
    for path in ["settings", "issued_tokens", "client_secret.json"] {
        let answer = http
            .get(format!("{base}/_emulator/{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::NOT_FOUND, "{path}");
    }
    let changed = http
        .post(format!("{base}/_emulator/settings"))
        .header("content-type", "text/plain")
        .body(r#"{"consent":"deny"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), reqwest::StatusCode::NOT_FOUND);

    let port = demo.emulator.local_addr().port();
    let rebound = http
        .get(format!("{base}/$discovery/rest"))
        .header("host", format!("attacker.example:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), reqwest::StatusCode::MISDIRECTED_REQUEST);
    let own = http
        .get(format!("{base}/$discovery/rest"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), reqwest::StatusCode::OK);
}
