//! The `/_emulator/` admin endpoints mirror `Control`.

mod common;

use carryout_emulator::{ControlAccess, Settings};
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn admin_post(h: &Harness, path: &str, body: Value) -> Answer {
    let response = h
        .http
        .post(h.url(&format!("/_emulator/{path}")))
        .json(&body)
        .send()
        .await
        .expect("sent");
    answer(response).await
}

async fn admin_get(h: &Harness, path: &str) -> Value {
    let response = h.get(&h.url(&format!("/_emulator/{path}"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

#[tokio::test]
async fn client_secret_file_points_at_the_emulator() {
    let h = Harness::start().await;
    let file = admin_get(&h, "client_secret.json").await;
    let installed = &file["installed"];
    assert_eq!(installed["client_id"], h.emu.client_id());
    assert!(
        installed["client_id"]
            .as_str()
            .is_some_and(|c| c.ends_with(".apps.googleusercontent.com"))
    );
    assert!(
        installed["client_secret"]
            .as_str()
            .is_some_and(|s| s.starts_with("GOCSPX-"))
    );
    assert_eq!(installed["auth_uri"], h.url("/o/oauth2/auth"));
    assert_eq!(installed["token_uri"], h.url("/token"));
    assert_eq!(installed["redirect_uris"], json!(["http://localhost"]));
}

#[tokio::test]
async fn clock_settings_groups_and_faults_drive_the_emulator() {
    let h = Harness::start().await;
    let advanced = admin_post(&h, "clock/advance", json!({"seconds": 90})).await;
    assert_eq!(advanced.status, StatusCode::OK);
    assert_eq!(advanced.json["now"], "2026-07-20T08:01:30Z");
    let clock = admin_get(&h, "clock").await;
    assert_eq!(clock["speed"], 0.0);
    assert_eq!(
        admin_post(&h, "clock/speed", json!({"factor": 2.5}))
            .await
            .json["speed"],
        2.5
    );

    let settings = admin_post(
        &h,
        "settings",
        json!({"consent": {"auto_subset": ["chrome.history"]}, "access": "30d",
               "cooldown": "per-resource", "cooldown_status": "failed-precondition",
               "testing_client": true, "job_duration_secs": 5,
               "initiate_after_consent": "first-within-24h",
               "mixed_access": ["chrome.history"], "entry_compression": "stored"}),
    )
    .await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.json);
    assert_eq!(
        settings.json["consent"],
        json!({"auto_subset": ["chrome.history"]})
    );
    assert_eq!(settings.json["access"], "30d");
    assert_eq!(settings.json["cooldown"], "per-resource");
    assert_eq!(settings.json["job_duration"], 5.0);
    assert_eq!(settings.json["initiate_after_consent"], "first-within-24h");
    assert_eq!(settings.json["mixed_access"], json!(["chrome.history"]));
    assert_eq!(settings.json["entry_compression"], "stored");
    let wrong = admin_post(
        &h,
        "settings",
        json!({"initiate_after_consent": "within-a-week"}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);

    let group = admin_post(
        &h,
        "groups/chrome.history",
        json!({"fail_next": 2, "part_count": 3}),
    )
    .await;
    assert_eq!(group.json, json!({"fail_next": 2, "part_count": 3}));

    let fault = admin_post(
        &h,
        "faults",
        json!({"route": "storage", "fault": "reset_after", "bytes": 10, "count": 2}),
    )
    .await;
    assert_eq!(fault.status, StatusCode::OK);
    assert_eq!(fault.json["pending"][0]["remaining"], 2);
    let wrong = admin_post(
        &h,
        "faults",
        json!({"route": "token", "fault": "corrupt_byte", "offset": 1}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let unknown = admin_post(&h, "settings", json!({"colour": "red"})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn stats_and_issued_tokens_are_reported() {
    let h = Harness::start().await;
    let tokens = h
        .grant(
            &["chrome.history"],
            carryout_emulator::AccessChoice::OneTime,
        )
        .await;
    h.initiate(&tokens.access, &["chrome.history", "nothing.here"])
        .await;
    let stats = admin_get(&h, "stats").await;
    assert_eq!(
        stats["initiate_calls"],
        json!({"chrome.history": 1, "nothing.here": 1})
    );
    assert_eq!(stats["token_calls"], 1);
    assert_eq!(stats["authorize_calls"], 1);
    let issued = admin_get(&h, "issued_tokens").await;
    assert_eq!(
        issued,
        json!([tokens.access, tokens.refresh.expect("refresh token")])
    );
}

#[tokio::test]
async fn an_admin_post_that_is_not_json_is_refused() {
    let h = Harness::start().await;
    // What a web page may send without the browser asking first (no CORS preflight).
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let response = h
            .http
            .post(h.url("/_emulator/settings"))
            .header("content-type", content_type)
            .body(r#"{"consent":"deny"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let settings = admin_get(&h, "settings").await;
    assert_ne!(settings["consent"], "deny", "{settings}");
}

#[tokio::test]
async fn admin_routes_with_a_token_answer_only_to_it_and_can_be_off() {
    let h = Harness::with(Settings {
        control: ControlAccess::Token("secret-token".into()),
        ..test_settings()
    })
    .await;
    let tokens = |token: Option<&'static str>| {
        let mut request = h.http.get(h.url("/_emulator/issued_tokens"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(
        tokens(None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        tokens(Some("guess")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        tokens(Some("secret-token")).await.unwrap().status(),
        StatusCode::OK
    );

    let off = Harness::with(Settings {
        control: ControlAccess::Off,
        ..test_settings()
    })
    .await;
    let response = off.get(&off.url("/_emulator/issued_tokens")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_emulator_for_its_own_host_only_refuses_other_names_for_it() {
    let h = Harness::with(Settings {
        own_host_only: true,
        ..test_settings()
    })
    .await;
    let discovery = |host: Option<&str>| {
        let mut request = h.http.get(h.url("/$discovery/rest"));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        request.send()
    };
    assert_eq!(discovery(None).await.unwrap().status(), StatusCode::OK);
    // A name the attacker's DNS points at 127.0.0.1, with this port.
    let port = h.emu.local_addr().port();
    let rebound = format!("attacker.example:{port}");
    let response = discovery(Some(&rebound)).await.unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
    let response = discovery(Some("localhost")).await.unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
}
