//! The four problems on Google's Data Portability troubleshooting page, as the emulator
//! reproduces them.

use carryout::api::{InitiateRequest, Problem};
use carryout_emulator::{AccessChoice, ConsentMode, Settings};

use crate::common::{REDIRECT_URI, start, start_with};
use crate::jobs::google;

#[tokio::test]
async fn incremental_auth_is_refused_when_a_requested_scope_is_already_granted() {
    let h = start().await;
    h.consent(&["youtube.comments"]).await;
    let url = h.authorization_url(
        &["youtube.comments", "youtube.channel"],
        &[("include_granted_scopes", "true")],
    );
    let answer = h.open(url).await;
    assert_eq!(answer.status(), 400);
    assert!(
        answer.headers().get("location").is_none(),
        "the error never reaches the app"
    );
    let page = answer.text().await.unwrap();
    assert!(page.contains("Incremental auth is not allowed for the requested scopes."));
    assert!(page.contains("Error 400: invalid_request"));

    // Without the parameter the same consent is fine.
    h.consent(&["youtube.comments", "youtube.channel"]).await;
}

#[tokio::test]
async fn a_testing_client_gets_seven_day_refresh_tokens_whatever_was_chosen() {
    let h = start_with(Settings {
        testing_client: true,
        access: AccessChoice::Days180,
        ..Settings::for_tests()
    })
    .await;
    let tokens = h.consent(&["myactivity.search"]).await;
    assert_eq!(tokens.answer["refresh_token_expires_in"], 604_800);

    h.advance(7 * 24 * 3600 + 1);
    let refused = reqwest::Client::new()
        .post(format!("{}/token", h.emulator.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens.refresh.as_str()),
            ("client_id", &h.emulator.client_id()),
            ("client_secret", &h.emulator.client_secret()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(
        body["error_description"],
        "Token has been expired or revoked."
    );
}

#[tokio::test]
async fn a_production_client_gets_the_chosen_refresh_token_lifetime() {
    let h = start().await;
    let one_time = h.consent(&["myactivity.search"]).await;
    assert!(one_time.answer.get("refresh_token_expires_in").is_none());
    h.emulator.control().set_access(AccessChoice::Days30);
    let thirty = h.consent(&["myactivity.play"]).await;
    assert_eq!(thirty.answer["refresh_token_expires_in"], 2_592_000);
}

#[tokio::test]
async fn resources_left_unticked_at_consent_are_not_authorized() {
    let h = start().await;
    h.emulator
        .control()
        .set_consent(ConsentMode::AutoSubset(vec!["maps.reviews".into()]));
    let tokens = h.consent(&["maps.reviews", "maps.starred_places"]).await;
    assert_eq!(
        tokens.answer["scope"],
        "https://www.googleapis.com/auth/dataportability.maps.reviews"
    );
    let error = h
        .api
        .initiate(
            &tokens.access,
            &InitiateRequest::new(["maps.starred_places"]),
        )
        .await
        .unwrap_err();
    assert_eq!(google(&error).problem, Problem::NotAuthorized);
    h.api
        .initiate(&tokens.access, &InitiateRequest::new(["maps.reviews"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn too_many_scopes_make_the_authorization_url_too_long() {
    let h = start().await;
    let catalog: Vec<&str> = carryout::catalog::all().iter().map(|g| g.id).collect();
    let url = h.authorization_url(&catalog, &[]);
    assert!(
        url.as_str().len() > 2048,
        "73 scopes are {} characters",
        url.as_str().len()
    );
    let answer = h.open(url).await;
    assert_eq!(answer.status(), 400);
    assert!(answer.headers().get("location").is_none());

    // A batch that fits goes through.
    let fits = h.authorization_url(&catalog[..10], &[]);
    assert!(fits.as_str().len() < 2048);
    assert_eq!(h.open(fits).await.status(), 302);
}

#[tokio::test]
async fn a_denied_consent_redirects_back_with_access_denied() {
    let h = start().await;
    h.emulator.control().set_consent(ConsentMode::Deny);
    let answer = h.open(h.authorization_url(&["maps.reviews"], &[])).await;
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(REDIRECT_URI), "{location}");
    assert!(location.contains("error=access_denied"), "{location}");
    assert!(location.contains("state=state-1"), "{location}");
}
