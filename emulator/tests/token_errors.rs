//! Every row of the token endpoint's error table, with exact status, `error` and description.

mod common;

use common::*;
use reqwest::StatusCode;

async fn fresh_code(h: &Harness, extra: &[(&str, &str)]) -> String {
    let query = h
        .authorize(&h.authorize_url(&["chrome.history"], extra))
        .await;
    value_of(&query, "code").expect("code")
}

fn assert_error(answer: &Answer, status: u16, error: &str, description: Option<&str>) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.json);
    assert_eq!(answer.json["error"], error, "{}", answer.json);
    if let Some(description) = description {
        assert_eq!(
            answer.json["error_description"], description,
            "{}",
            answer.json
        );
    }
}

#[tokio::test]
async fn token_endpoint_errors_match_google() {
    let h = Harness::start().await;
    let (id, secret) = (h.emu.client_id(), h.emu.client_secret());
    let code = fresh_code(&h, &[]).await;
    let base = |code: &str| {
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
            ("redirect_uri", REDIRECT.to_string()),
            ("client_id", id.clone()),
            ("client_secret", secret.clone()),
            ("code_verifier", VERIFIER.to_string()),
        ]
    };
    let send = |form: Vec<(&'static str, String)>| {
        let h = &h;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            h.token_request(&pairs).await
        }
    };
    let without = |form: Vec<(&'static str, String)>, name: &str| {
        form.into_iter()
            .filter(|(k, _)| *k != name)
            .collect::<Vec<_>>()
    };
    let with = |form: Vec<(&'static str, String)>, name: &'static str, value: &str| {
        let mut form = without(form, name);
        form.push((name, value.to_string()));
        form
    };

    // bad code
    assert_error(
        &send(with(base(&code), "code", "4/0Anope")).await,
        400,
        "invalid_grant",
        Some("Bad Request"),
    );
    // wrong verifier
    let wrong = "x".repeat(50);
    assert_error(
        &send(with(base(&code), "code_verifier", &wrong)).await,
        400,
        "invalid_grant",
        Some("Invalid code verifier."),
    );
    // verifier missing though a challenge was sent
    assert_error(
        &send(without(base(&code), "code_verifier")).await,
        400,
        "invalid_grant",
        Some("Missing code verifier."),
    );
    // client secret missing
    assert_error(
        &send(without(base(&code), "client_secret")).await,
        400,
        "invalid_request",
        Some("client_secret is missing."),
    );
    // unknown client
    assert_error(
        &send(with(
            base(&code),
            "client_id",
            "1-x.apps.googleusercontent.com",
        ))
        .await,
        401,
        "invalid_client",
        Some("The OAuth client was not found."),
    );
    // wrong secret
    assert_error(
        &send(with(base(&code), "client_secret", "GOCSPX-wrong")).await,
        401,
        "invalid_client",
        Some("Unauthorized"),
    );
    // redirect_uri differs
    assert_error(
        &send(with(
            base(&code),
            "redirect_uri",
            "http://127.0.0.1:1/other",
        ))
        .await,
        400,
        "redirect_uri_mismatch",
        None,
    );

    // The code survived the failed attempts and works once, then is spent.
    assert_eq!(send(base(&code)).await.status, StatusCode::OK);
    assert_error(
        &send(base(&code)).await,
        400,
        "invalid_grant",
        Some("Bad Request"),
    );

    // verifier sent though no challenge was
    let plain_code = fresh_code(&h, &[("code_challenge", ""), ("code_challenge_method", "")]).await;
    assert_error(
        &send(base(&plain_code)).await,
        400,
        "invalid_grant",
        Some("code_verifier or verifier is not needed."),
    );

    // expired or revoked refresh token
    let tokens = h
        .grant(
            &["myactivity.search"],
            carryout_emulator::AccessChoice::OneTime,
        )
        .await;
    let refresh = tokens.refresh.expect("refresh token");
    let refresh_form = vec![
        ("grant_type", "refresh_token".to_string()),
        ("refresh_token", refresh.clone()),
        ("client_id", id.clone()),
        ("client_secret", secret.clone()),
    ];
    assert_eq!(send(refresh_form.clone()).await.status, StatusCode::OK);
    let revoked = h
        .http
        .post(h.url("/revoke"))
        .form(&[("token", refresh.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_error(
        &send(refresh_form).await,
        400,
        "invalid_grant",
        Some("Token has been expired or revoked."),
    );

    // unsupported grant type
    assert_error(
        &send(with(base(&code), "grant_type", "password")).await,
        400,
        "unsupported_grant_type",
        None,
    );
}
