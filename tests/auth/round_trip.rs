//! A full sign-in: the URL Carryout opens, the grant it records, the tokens it keeps.

use carryout::auth::LoginOptions;
use carryout::auth::{Access, GrantState};
use carryout::catalog::SCOPE_PREFIX;
use carryout::clock::Clock;
use carryout::progress::ProgressEvent;
use carryout_emulator::{AccessChoice, Settings};

use crate::common::{self, query};

#[tokio::test]
async fn login_stores_a_grant_with_scopes_access_type_and_expiry() {
    let h = common::start_with(Settings {
        access: AccessChoice::Days30,
        ..Settings::for_tests()
    })
    .await;
    let report = h
        .login(&["myactivity.search", "youtube.comments"])
        .await
        .unwrap();
    assert_eq!(report.granted, ["myactivity.search", "youtube.comments"]);
    assert!(report.not_granted.is_empty());
    assert_eq!(
        report.summary(),
        "You granted every requested resource group (2)."
    );

    let grants = h.auth.grants().unwrap();
    assert_eq!(grants.len(), 1);
    let grant = &grants[0];
    assert_eq!(grant.state, GrantState::Active);
    assert_eq!(
        grant.resources.iter().collect::<Vec<_>>(),
        [
            (&"myactivity.search".into(), &Access::TimeBased),
            (&"youtube.comments".into(), &Access::TimeBased)
        ]
    );
    assert_eq!(
        grant.refresh_expires_at,
        Some(h.clock.now() + chrono::Duration::days(30))
    );
    assert!(
        h.secrets.get(&grant.id).unwrap().is_some(),
        "refresh token kept"
    );
}

#[tokio::test]
async fn the_authorization_url_asks_for_offline_access_with_pkce_s256_and_a_state() {
    let h = common::start().await;
    h.login(&["myactivity.search"]).await.unwrap();
    let consents = h.browser.consents();
    assert_eq!(consents.len(), 1);
    let url = &consents[0];
    assert_eq!(url.path(), "/o/oauth2/v2/auth");
    assert_eq!(query(url, "code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(query(url, "code_challenge").map(|c| c.len()), Some(43));
    assert!(query(url, "state").is_some_and(|s| s.len() >= 16));
    assert_eq!(query(url, "access_type").as_deref(), Some("offline"));
    assert_eq!(query(url, "prompt").as_deref(), Some("consent"));
    assert_eq!(query(url, "response_type").as_deref(), Some("code"));
    assert!(query(url, "include_granted_scopes").is_none(), "{url}");
    let redirect = url::Url::parse(&query(url, "redirect_uri").unwrap()).unwrap();
    assert_eq!(redirect.host_str(), Some("127.0.0.1"));
    assert_ne!(redirect.port(), None);
    let scopes = query(url, "scope").unwrap();
    assert!(
        scopes.split(' ').all(|s| s.starts_with(SCOPE_PREFIX)),
        "{scopes}"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_even_when_asked_concurrently() {
    let h = common::start().await;
    let grant = h.login(&["myactivity.search"]).await.unwrap().grants[0].clone();
    let calls_after_login = h.token_calls();

    let first = h.auth.access_token(&grant.id).await.unwrap();
    assert_eq!(
        h.token_calls(),
        calls_after_login,
        "the fresh token is reused"
    );

    h.advance(3_600);
    let (a, b) = tokio::join!(
        h.auth.access_token_for("myactivity.search"),
        h.auth.access_token(&grant.id)
    );
    let (grant_used, a) = a.unwrap();
    let b = b.unwrap();
    assert_eq!(grant_used, grant.id);
    assert_eq!(h.token_calls(), calls_after_login + 1, "one refresh");
    assert_eq!(a.expose(), b.expose());
    assert_ne!(a.expose(), first.expose());

    // The refreshed token works where the expired one no longer does.
    let api = carryout::api::DataPortability::new(
        url::Url::parse(&h.emulator.base_url()).unwrap(),
        std::sync::Arc::new(h.clock.clone()),
    )
    .unwrap();
    let types = api.check_access_type(&a).await.unwrap();
    assert_eq!(types.one_time_resources, ["myactivity.search"]);
    assert!(api.check_access_type(&first).await.is_err());
}

#[tokio::test]
async fn logout_revokes_the_grant_at_google_and_forgets_its_token() {
    let h = common::start().await;
    let grant = h.login(&["myactivity.search"]).await.unwrap().grants[0].clone();
    let refresh = h.secrets.get(&grant.id).unwrap().unwrap();

    let signed_out = h.auth.logout(&grant.id).await.unwrap();
    assert_eq!(signed_out.grant.state, GrantState::Revoked);
    assert!(signed_out.revoked_at_google);
    assert_eq!(h.emulator.control().stats().revoke_calls, 1);
    assert!(h.secrets.get(&grant.id).unwrap().is_none());
    assert_eq!(h.auth.grants().unwrap()[0].state, GrantState::Revoked);

    // Google no longer honours the refresh token.
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/token", h.emulator.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.expose()),
            ("client_id", &h.emulator.client_id()),
            ("client_secret", &h.emulator.client_secret()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["error"], "invalid_grant");
    let error = h
        .auth
        .access_token_for("myactivity.search")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("login --resources myactivity.search"),
        "{error}"
    );
}

#[tokio::test]
async fn without_a_browser_the_link_is_handed_out_and_the_sign_in_waits_for_it() {
    let h = common::start().await;
    let no_browser = |_: &url::Url| -> Result<(), String> { Err("no display".into()) };
    let browser = h.browser.clone();
    let handed_out = std::sync::Mutex::new(Vec::new());
    let progress = |event: ProgressEvent| {
        if let ProgressEvent::OpenLink { url, .. } = &event {
            // The person opens the printed link themselves.
            let (browser, url) = (browser.clone(), url::Url::parse(url).unwrap());
            tokio::spawn(async move { browser.follow(url).await });
        }
        handed_out.lock().unwrap().push(event);
    };
    let resources = ["myactivity.search".into()];
    let report = h
        .auth
        .login(&resources, &no_browser, &progress, &LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    let events = handed_out.into_inner().unwrap();
    assert!(
        events.iter().any(|e| matches!(
            e,
            ProgressEvent::OpenLink { reason, .. } if reason.contains("no display")
        )),
        "{events:?}"
    );
}

#[tokio::test]
async fn signing_out_without_a_token_to_revoke_says_so() {
    let h = common::start().await;
    let grant = h.login(&["myactivity.search"]).await.unwrap().grants[0].clone();
    // The token is gone from the store (removed from the keychain by hand).
    h.secrets.delete(&grant.id).unwrap();

    let signed_out = h.auth.logout(&grant.id).await.unwrap();
    assert_eq!(signed_out.grant.state, GrantState::Revoked);
    assert!(!signed_out.revoked_at_google);
    assert_eq!(h.emulator.control().stats().revoke_calls, 0);
}

/// A data folder keeps its refresh tokens in one store: a session asking for the other would
/// find none (every sign-in would look expired, signing out would revoke nothing).
#[tokio::test]
async fn a_data_folder_keeps_its_sign_ins_in_one_secret_store() {
    use carryout::session::{Backend, SecretsChoice, Session, SessionError, SessionOptions};
    let emulator = carryout_emulator::Emulator::start(Settings::for_tests())
        .await
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let options = |secrets| SessionOptions {
        data_dir: data.path().to_path_buf(),
        backend: Backend::Emulator(emulator.base_url()),
        client_file: None,
        secrets,
        backup_dir: Some(data.path().join("backups")),
        history: Default::default(),
    };
    drop(Session::open(&options(SecretsChoice::File)).await.unwrap());
    let refused = Session::open(&options(SecretsChoice::Keychain)).await;
    let Err(error @ SessionError::OtherSecretStore { .. }) = refused else {
        panic!("a second secret store was accepted");
    };
    let message = error.to_string();
    assert!(message.contains("--secrets file"), "{message}");
    assert!(Session::open(&options(SecretsChoice::File)).await.is_ok());
}
