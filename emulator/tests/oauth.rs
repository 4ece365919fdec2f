//! Authorization endpoint, consent page and the redirect back, on the wire.

mod common;

use carryout_emulator::{AccessChoice, ConsentMode, Settings};
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn code_round_trip_with_s256_pkce_yields_google_shaped_tokens() {
    let h = Harness::start().await;
    let query = h
        .authorize(&h.authorize_url(&["myactivity.search", "chrome.history"], &[]))
        .await;
    let names: Vec<&str> = query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["state", "code", "scope", "authuser", "prompt", "iss"]
    );
    assert_eq!(value_of(&query, "state").as_deref(), Some("st4te"));
    assert_eq!(
        value_of(&query, "scope"),
        Some(format!(
            "{} {}",
            scope("myactivity.search"),
            scope("chrome.history")
        ))
    );
    assert_eq!(
        value_of(&query, "iss").as_deref(),
        Some("https://accounts.google.com")
    );
    let code = value_of(&query, "code").expect("code");
    assert!(code.starts_with("4/0A"), "{code}");

    let answer = h.exchange(&code).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let body = answer.json.as_object().expect("object");
    assert!(
        body["access_token"]
            .as_str()
            .is_some_and(|t| t.starts_with("ya29.") && t.len() > 100)
    );
    assert!(
        body["refresh_token"]
            .as_str()
            .is_some_and(|t| t.starts_with("1//") && t.len() > 50)
    );
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(
        body["scope"],
        format!("{} {}", scope("myactivity.search"), scope("chrome.history"))
    );
    assert!(
        !body.contains_key("refresh_token_expires_in"),
        "one-time grants announce no expiry"
    );
    assert_eq!(
        answer.headers["cache-control"],
        "no-cache, no-store, max-age=0, must-revalidate"
    );

    let replay = h.exchange(&code).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert_eq!(replay.json["error"], "invalid_grant");
    assert_eq!(replay.json["error_description"], "Bad Request");

    let issued = h.emu.control().issued_tokens();
    assert!(
        issued.contains(
            &body["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        )
    );
    assert!(
        issued.contains(
            &body["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        )
    );
}

#[tokio::test]
async fn both_authorization_paths_answer() {
    let h = Harness::start().await;
    let url = h
        .authorize_url(&["chrome.history"], &[])
        .replace("/o/oauth2/v2/auth", "/o/oauth2/auth");
    let query = h.authorize(&url).await;
    assert!(value_of(&query, "code").is_some());
}

#[tokio::test]
async fn consent_page_lists_scopes_and_its_form_grants_what_was_ticked() {
    let h = Harness::with(Settings {
        auto_consent: false,
        ..test_settings()
    })
    .await;
    let page = h
        .get(&h.authorize_url(&["myactivity.search", "youtube.comments"], &[]))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("page");
    assert!(
        html.contains("Move a copy of your Google Search activity"),
        "{html}"
    );
    assert!(html.contains("Move a copy of your YouTube comments"));
    assert!(html.contains("type=\"checkbox\" name=\"scope\""));
    for access in ["one-time", "30d", "180d"] {
        assert!(html.contains(&format!("name=\"access\" value=\"{access}\"")));
    }
    let consent_id = html
        .split("name=\"consent_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("consent id in the form")
        .to_string();

    let youtube = scope("youtube.comments");
    let response = h
        .http
        .post(h.url("/o/oauth2/consent"))
        .form(&[
            ("consent_id", consent_id.as_str()),
            ("scope", youtube.as_str()),
            ("access", "30d"),
            ("action", "allow"),
        ])
        .send()
        .await
        .expect("form posted");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(location.split_once('?').expect("query").1.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(value_of(&query, "scope"), Some(youtube.clone()));
    let answer = h.exchange(&value_of(&query, "code").expect("code")).await;
    assert_eq!(answer.json["scope"], youtube);
    assert_eq!(answer.json["refresh_token_expires_in"], 2_592_000);

    // The consent id is single-use.
    let again = h
        .http
        .post(h.url("/o/oauth2/consent"))
        .form(&[("consent_id", consent_id.as_str()), ("action", "allow")])
        .send()
        .await
        .expect("form posted");
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.headers().get("location").is_none());
}

#[tokio::test]
async fn denied_consent_redirects_with_access_denied_and_state() {
    let h = Harness::start().await;
    h.emu.control().set_consent(ConsentMode::Deny);
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
    assert_eq!(value_of(&query, "error").as_deref(), Some("access_denied"));
    assert_eq!(value_of(&query, "state").as_deref(), Some("st4te"));
    assert!(value_of(&query, "code").is_none());
}

#[tokio::test]
async fn partial_consent_grants_only_the_subset() {
    let h = Harness::start().await;
    h.emu
        .control()
        .set_consent(ConsentMode::AutoSubset(vec!["chrome.history".to_string()]));
    let query = h
        .authorize(&h.authorize_url(&["myactivity.search", "chrome.history"], &[]))
        .await;
    assert_eq!(value_of(&query, "scope"), Some(scope("chrome.history")));
    let answer = h.exchange(&value_of(&query, "code").expect("code")).await;
    assert_eq!(answer.json["scope"], scope("chrome.history"));
}

async fn error_page(h: &Harness, url: &str, status: u16, needle: &str) {
    let response = h.get(url).await;
    assert_eq!(response.status().as_u16(), status, "{url}");
    assert!(
        response.headers().get("location").is_none(),
        "error pages never redirect"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|c| c.starts_with("text/html"))
    );
    let html = response.text().await.expect("page");
    assert!(html.contains(needle), "{needle} not in {html}");
}

#[tokio::test]
async fn malformed_authorization_requests_get_google_error_pages() {
    let h = Harness::start().await;
    let url = |extra: &[(&str, &str)]| h.authorize_url(&["chrome.history"], extra);
    error_page(
        &h,
        &url(&[("client_id", "123-nope.apps.googleusercontent.com")]),
        401,
        "Error 401: invalid_client",
    )
    .await;
    error_page(
        &h,
        &url(&[("client_id", "123-nope.apps.googleusercontent.com")]),
        401,
        "The OAuth client was not found.",
    )
    .await;
    for bad in [
        "http://example.com:5000/",
        "https://127.0.0.1:5000/",
        "http://127.0.0.2:1/",
    ] {
        error_page(
            &h,
            &url(&[("redirect_uri", bad)]),
            400,
            "Error 400: redirect_uri_mismatch",
        )
        .await;
    }
    error_page(
        &h,
        &url(&[("scope", &scope("chrome.nothing"))]),
        400,
        "Error 400: invalid_scope",
    )
    .await;
    let mixed = format!("{} openid", scope("chrome.history"));
    error_page(
        &h,
        &url(&[("scope", &mixed)]),
        400,
        "Error 400: invalid_request",
    )
    .await;
    error_page(
        &h,
        &url(&[("response_type", "")]),
        400,
        "Error 400: invalid_request",
    )
    .await;
    error_page(
        &h,
        &url(&[("code_challenge_method", "S512")]),
        400,
        "Error 400: invalid_request",
    )
    .await;
}

#[tokio::test]
async fn any_loopback_form_and_path_is_a_valid_redirect() {
    let h = Harness::start().await;
    for redirect in [
        "http://localhost:1234/x/y",
        "http://[::1]:9/",
        "http://127.0.0.1:80",
    ] {
        let response = h
            .get(&h.authorize_url(&["chrome.history"], &[("redirect_uri", redirect)]))
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{redirect}");
        let location = response.headers()["location"].to_str().expect("ascii");
        assert!(location.starts_with(redirect), "{location}");
    }
}

#[tokio::test]
async fn incremental_auth_is_refused_when_a_scope_is_already_granted() {
    let h = Harness::start().await;
    h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let url = h.authorize_url(
        &["chrome.history", "myactivity.search"],
        &[("include_granted_scopes", "true")],
    );
    error_page(
        &h,
        &url,
        400,
        "Incremental auth is not allowed for the requested scopes.",
    )
    .await;
    error_page(&h, &url, 400, "Error 400: invalid_request").await;
    // Without the flag the same request is fine, and so is the flag for new scopes only.
    h.authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
    h.authorize(&h.authorize_url(
        &["myactivity.search"],
        &[("include_granted_scopes", "true")],
    ))
    .await;
}

#[tokio::test]
async fn too_long_authorization_urls_are_refused() {
    let h = Harness::start().await;
    h.emu.control().set_max_auth_url_len(600);
    let resources: Vec<&str> = carryout_emulator::resource_groups()
        .into_iter()
        .take(10)
        .collect();
    let url = h.authorize_url(&resources, &[]);
    assert!(url.len() > 600);
    error_page(&h, &url, 400, "too long").await;
    h.authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
}
