//! The token endpoint's successful answers, refresh, expiry and revocation.

mod common;

use carryout_emulator::AccessChoice;
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn plain_and_absent_pkce_are_accepted() {
    let h = Harness::start().await;
    let plain = h
        .authorize(&h.authorize_url(
            &["chrome.history"],
            &[("code_challenge", VERIFIER), ("code_challenge_method", "")],
        ))
        .await;
    let answer = h.exchange(&value_of(&plain, "code").expect("code")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);

    let none = h
        .authorize(&h.authorize_url(
            &["chrome.history"],
            &[("code_challenge", ""), ("code_challenge_method", "")],
        ))
        .await;
    let (id, secret) = (h.emu.client_id(), h.emu.client_secret());
    let code = value_of(&none, "code").expect("code");
    let answer = h
        .token_request(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
}

#[tokio::test]
async fn client_credentials_may_come_by_http_basic() {
    let h = Harness::start().await;
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
    let code = value_of(&query, "code").expect("code");
    let response = h
        .http
        .post(h.url("/token"))
        .basic_auth(h.emu.client_id(), Some(h.emu.client_secret()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_requests_may_be_json() {
    let h = Harness::start().await;
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
    let response = h
        .http
        .post(h.url("/token"))
        .json(&serde_json::json!({
            "grant_type": "authorization_code",
            "code": value_of(&query, "code"),
            "redirect_uri": REDIRECT,
            "client_id": h.emu.client_id(),
            "client_secret": h.emu.client_secret(),
            "code_verifier": VERIFIER,
        }))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn online_access_gets_no_refresh_token() {
    let h = Harness::start().await;
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], &[("access_type", "online")]))
        .await;
    let answer = h.exchange(&value_of(&query, "code").expect("code")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.json.get("refresh_token").is_none(),
        "{}",
        answer.json
    );
}

#[tokio::test]
async fn codes_expire_after_ten_minutes() {
    let h = Harness::start().await;
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], &[]))
        .await;
    h.advance(601);
    let answer = h.exchange(&value_of(&query, "code").expect("code")).await;
    assert_eq!(answer.json["error"], "invalid_grant");
}

#[tokio::test]
async fn refresh_returns_a_new_access_token_and_no_refresh_token() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::Days180).await;
    assert_eq!(tokens.body["refresh_token_expires_in"], 15_552_000);
    let refresh = tokens.refresh.clone().expect("refresh token");
    h.advance(3600);
    // The old access token has expired by the emulator clock.
    let expired = h
        .api_post(
            &tokens.access,
            "/v1/accessType:check",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);

    let (id, secret) = (h.emu.client_id(), h.emu.client_secret());
    let answer = h
        .token_request(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert!(answer.json.get("refresh_token").is_none());
    assert_eq!(answer.json["scope"], scope("chrome.history"));
    assert_eq!(answer.json["expires_in"], 3599);
    assert_eq!(answer.json["refresh_token_expires_in"], 15_552_000 - 3600);
    let fresh = answer.json["access_token"].as_str().expect("token");
    assert_ne!(fresh, tokens.access);
    let check = h
        .api_post(fresh, "/v1/accessType:check", serde_json::json!({}))
        .await;
    assert_eq!(check.status, StatusCode::OK);
}

#[tokio::test]
async fn time_based_refresh_tokens_expire_and_testing_clients_get_seven_days() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::Days30).await;
    h.emu.control().set_testing_client(true);
    let testing = h.grant(&["myactivity.search"], AccessChoice::Days180).await;
    assert_eq!(testing.body["refresh_token_expires_in"], 604_800);

    let (id, secret) = (h.emu.client_id(), h.emu.client_secret());
    let refresh = |token: String| {
        let (id, secret) = (id.clone(), secret.clone());
        let h = &h;
        async move {
            h.token_request(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &token),
                ("client_id", &id),
                ("client_secret", &secret),
            ])
            .await
        }
    };
    h.advance(7 * 86_400);
    let dead = refresh(testing.refresh.clone().expect("refresh")).await;
    assert_eq!(dead.status, StatusCode::BAD_REQUEST);
    assert_eq!(dead.json["error"], "invalid_grant");
    assert_eq!(
        dead.json["error_description"],
        "Token has been expired or revoked."
    );
    assert_eq!(
        refresh(tokens.refresh.clone().expect("refresh"))
            .await
            .status,
        StatusCode::OK
    );
    h.advance(23 * 86_400);
    let dead = refresh(tokens.refresh.clone().expect("refresh")).await;
    assert_eq!(
        dead.json["error_description"],
        "Token has been expired or revoked."
    );
}

#[tokio::test]
async fn revoking_an_access_token_revokes_its_refresh_token() {
    let h = Harness::start().await;
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let response = h
        .http
        .post(h.url("/revoke"))
        .form(&[("token", tokens.access.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let (id, secret) = (h.emu.client_id(), h.emu.client_secret());
    let answer = h
        .token_request(&[
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                tokens.refresh.as_deref().unwrap_or_default(),
            ),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await;
    assert_eq!(
        answer.json["error_description"],
        "Token has been expired or revoked."
    );
    let api = h
        .api_post(
            &tokens.access,
            "/v1/accessType:check",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);

    // Revoking again (token in the query this time) is an error.
    let again = h
        .http
        .post(h.url(&format!("/revoke?token={}", tokens.access)))
        .send()
        .await
        .expect("sent");
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = again.json().await.expect("json");
    assert_eq!(body["error"], "invalid_token");
}
