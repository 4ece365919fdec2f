//! The renewal link of time-based access (`/connections/link?project_number=N`), its page and
//! form, the auto modes, and `Control::renew`.

mod common;

use carryout_emulator::{AccessChoice, ConsentMode};
use common::*;
use reqwest::StatusCode;
use serde_json::json;

const DAY: u64 = 86_400;

fn link(h: &Harness, extra: &str) -> String {
    format!("{}{extra}", h.emu.control().renewal_url())
}

async fn page(h: &Harness, url: &str) -> (StatusCode, String) {
    let response = h.get(url).await;
    let status = response.status();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|c| c.starts_with("text/html"))
    );
    (status, response.text().await.expect("page"))
}

/// Seconds the refresh token of `tokens` has left, by a refresh.
async fn seconds_left(h: &Harness, tokens: &Tokens) -> serde_json::Value {
    let answer = h.refresh(tokens.refresh.as_deref().expect("refresh")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json["refresh_token_expires_in"].clone()
}

fn renewal_id(html: &str) -> String {
    html.split("name=\"renewal_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("renewal id in the form")
        .to_string()
}

#[tokio::test]
async fn the_page_lists_time_based_grants_and_its_form_renews_them() {
    let h = Harness::start().await;
    let monthly = h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    let half_year = h
        .grant(&["myactivity.youtube"], AccessChoice::Days180)
        .await;
    h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    h.emu.control().set_consent(ConsentMode::Page);
    h.advance(10 * DAY);

    let url = h.emu.control().renewal_url();
    assert_eq!(
        url,
        format!(
            "{}/connections/link?project_number={}",
            h.emu.base_url(),
            h.emu.control().project_number()
        )
    );
    let (status, html) = page(&h, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("demo.user@example.com"), "{html}");
    assert!(html.contains("id=\"renew\""), "{html}");
    assert!(html.contains("<code>myactivity.search</code>"));
    assert!(html.contains("access for 30 days, ends on 2026-08-19 08:00 UTC; can be renewed now"));
    assert!(html.contains(
        "access for 180 days, ends on 2027-01-16 08:00 UTC; cannot be renewed yet: renewal opens \
         on 2026-10-18 08:00 UTC"
    ));
    assert!(
        !html.contains("chrome.history"),
        "one-time grants are not listed"
    );

    let id = renewal_id(&html);
    let post = |id: String| {
        let h = &h;
        async move {
            let response = h
                .http
                .post(h.url("/connections/link"))
                .form(&[("renewal_id", id.as_str()), ("action", "renew")])
                .send()
                .await
                .expect("form posted");
            let status = response.status();
            (status, response.text().await.expect("page"))
        }
    };
    let (status, html) = post(id.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Access renewed"), "{html}");
    assert_eq!(seconds_left(&h, &monthly).await, 30 * DAY);
    assert_eq!(seconds_left(&h, &half_year).await, 170 * DAY);
    // The id is single-use.
    let (status, _) = post(id).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The renewed grant outlives its first end.
    h.advance(25 * DAY);
    assert_eq!(seconds_left(&h, &monthly).await, 5 * DAY);
    let stats = h.emu.control().stats();
    assert_eq!((stats.renew_calls, stats.grants_renewed), (3, 1));
}

#[tokio::test]
async fn cancel_renews_nothing() {
    let h = Harness::start().await;
    let tokens = h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    h.emu.control().set_consent(ConsentMode::Page);
    h.advance(DAY);
    let (_, html) = page(&h, &link(&h, "")).await;
    let response = h
        .http
        .post(h.url("/connections/link"))
        .form(&[
            ("renewal_id", renewal_id(&html).as_str()),
            ("action", "cancel"),
        ])
        .send()
        .await
        .expect("form posted");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("page").contains("not renewed"));
    assert_eq!(seconds_left(&h, &tokens).await, 29 * DAY);
}

#[tokio::test]
async fn a_180_day_grant_is_renewable_from_90_days_before_its_end() {
    let h = Harness::start().await;
    let tokens = h.grant(&["myactivity.maps"], AccessChoice::Days180).await;
    let control = h.emu.control();
    let refused = control.renew(None).expect_err("too early");
    assert!(refused.contains("cannot be renewed yet"), "{refused}");
    h.advance(90 * DAY - 1);
    assert!(control.renew(None).is_err());
    control.set_consent(ConsentMode::Page);
    let (status, html) = page(&h, &link(&h, "")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("This access cannot be renewed yet."),
        "{html}"
    );
    assert!(!html.contains("id=\"renew\""), "{html}");

    h.advance(1);
    assert_eq!(control.renew(None), Ok(1));
    assert_eq!(seconds_left(&h, &tokens).await, 180 * DAY);
    assert!(control.renew(Some("nobody@example.com")).is_err());
    assert_eq!(control.stats().grants_renewed, 1);
}

#[tokio::test]
async fn opening_the_link_under_auto_consent_renews_at_once() {
    let h = Harness::start().await;
    let alice = h
        .grant_as(
            &["myactivity.search"],
            AccessChoice::Days30,
            "alice@example.com",
        )
        .await;
    let bob = h
        .grant_as(
            &["myactivity.search"],
            AccessChoice::Days30,
            "bob@example.com",
        )
        .await;
    h.advance(20 * DAY);
    let (status, html) = page(&h, &link(&h, "&login_hint=alice@example.com")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Access renewed"), "{html}");
    assert!(html.contains("alice@example.com"), "{html}");
    assert_eq!(seconds_left(&h, &alice).await, 30 * DAY);
    assert_eq!(seconds_left(&h, &bob).await, 10 * DAY);

    // A user who declines everything declines the renewal too.
    h.emu.control().set_consent(ConsentMode::Deny);
    let (status, html) = page(&h, &link(&h, "&login_hint=bob@example.com")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("not renewed"), "{html}");
    assert_eq!(seconds_left(&h, &bob).await, 10 * DAY);
}

#[tokio::test]
async fn testing_clients_cannot_renew_and_unknown_projects_are_not_found() {
    let h = Harness::start().await;
    h.grant(&["myactivity.search"], AccessChoice::Days30).await;
    let base = h.url("/connections/link");
    for url in [format!("{base}?project_number=1"), base.clone()] {
        let (status, html) = page(&h, &url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{url}");
        assert!(html.contains("App not found"), "{html}");
    }

    h.emu.control().set_testing_client(true);
    let (status, html) = page(&h, &link(&h, "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("Renewal is not available for apps in Testing status."),
        "{html}"
    );
    let refused = h.emu.control().renew(None).expect_err("Testing");
    assert!(refused.contains("Testing status"), "{refused}");
    assert_eq!(h.emu.control().stats().grants_renewed, 0);
}

#[tokio::test]
async fn the_admin_endpoint_renews_too() {
    let h = Harness::start().await;
    let tokens = h
        .grant_as(
            &["myactivity.search"],
            AccessChoice::Days30,
            "carol@example.com",
        )
        .await;
    h.advance(DAY);
    let renew = |body: serde_json::Value| {
        let h = &h;
        async move {
            let response = h
                .http
                .post(h.url("/_emulator/renew"))
                .json(&body)
                .send()
                .await
                .expect("sent");
            answer(response).await
        }
    };
    let nothing = renew(json!({})).await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    assert!(nothing.json["error"].is_string(), "{}", nothing.json);
    let done = renew(json!({"account": "carol@example.com"})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json, json!({"renewed": 1}));
    assert_eq!(seconds_left(&h, &tokens).await, 30 * DAY);
}
