//! Demo mode signs in against an emulator in a throwaway profile: the person's real data dir
//! and secret store never see its grants.

use std::path::Path;

use carryout::auth::{Backend, LoginOptions, SecretsChoice, Session, SessionOptions};
use carryout::progress::ProgressEvent;
use reqwest::redirect::Policy;
use url::Url;

/// A browser that follows the auto-consenting demo's redirect back to the loopback listener.
fn follow_in_background(url: &Url) -> Result<(), String> {
    let url = url.clone();
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap();
        let answer = http.get(url).send().await.unwrap();
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let _ = http.get(location).send().await.unwrap().text().await;
    });
    Ok(())
}

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
    };
    let session = Session::open(&options).await.unwrap();
    let report = session
        .auth
        .login(
            &["myactivity.search".to_owned()],
            &follow_in_background,
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
    drop(session);
    assert_eq!(entries(real.path()), Vec::<String>::new());
    assert!(!throwaway.exists(), "the throwaway profile is removed");
}
