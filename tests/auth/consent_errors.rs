//! Every way a consent can go wrong ends with a clear error and no stored grant.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use carryout::auth::{AuthError, LoginOptions, LoopbackError};
use carryout::progress::ProgressEvent;
use carryout_emulator::{ConsentMode, Fault, Route};
use url::Url;

use crate::common::{self, query};

fn with_param(url: Url, key: &str, value: &str) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == key {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    let mut url = url;
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}

/// A callback with a state and code of someone else's, sent to the listener `consent` leads
/// back to: the status it was answered with.
async fn send_forged_callback(consent: &Url) -> u16 {
    let mut stray = Url::parse(&query(consent, "redirect_uri").unwrap()).unwrap();
    stray
        .query_pairs_mut()
        .append_pair("state", "forged-state-0123456789")
        .append_pair("code", "4/forged");
    reqwest::get(stray).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_stray_callback_with_a_wrong_state_is_answered_400_and_the_real_one_still_signs_in() {
    let h = common::start().await;
    let stray_status = Arc::new(Mutex::new(None));
    let (browser, seen) = (h.browser.clone(), stray_status.clone());
    let open = move |url: &Url| -> Result<(), String> {
        let (browser, seen, url) = (browser.clone(), seen.clone(), url.clone());
        tokio::spawn(async move {
            let consent = browser.start(url).await;
            // Another tab, or a hostile page, hits the listener first.
            *seen.lock().unwrap() = Some(send_forged_callback(&consent).await);
            browser.consent(consent).await;
        });
        Ok(())
    };
    let report = h.login_opening("myactivity.search", &open).await.unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    assert_eq!(*stray_status.lock().unwrap(), Some(400));
    assert_eq!(h.token_calls(), 1, "only the real code was exchanged");
}

#[tokio::test]
async fn only_a_callback_with_a_wrong_state_times_out_and_nothing_is_stored() {
    let h = common::start().await;
    let stray_status = Arc::new(Mutex::new(None));
    let seen = stray_status.clone();
    let (core_clock, emulator) = (h.clock.clone(), h.emulator.control().clone());
    let browser = h.browser.clone();
    let open = move |url: &Url| -> Result<(), String> {
        let (browser, url) = (browser.clone(), url.clone());
        let (seen, core_clock, emulator) = (seen.clone(), core_clock.clone(), emulator.clone());
        tokio::spawn(async move {
            let consent = browser.start(url).await;
            *seen.lock().unwrap() = Some(send_forged_callback(&consent).await);
            // Then the person walks away until the consent times out.
            let timeout = LoginOptions::default().timeout;
            emulator.advance(timeout);
            core_clock.advance(timeout);
        });
        Ok(())
    };
    let error = h
        .login_opening("myactivity.search", &open)
        .await
        .unwrap_err();
    assert!(
        matches!(error, AuthError::Loopback(LoopbackError::Timeout(_))),
        "{error}"
    );
    assert_eq!(*stray_status.lock().unwrap(), Some(400));
    assert!(h.auth.grants().unwrap().is_empty());
    assert_eq!(h.token_calls(), 0, "the forged code was never exchanged");
}

#[tokio::test]
async fn a_replayed_code_is_refused_and_nothing_is_stored() {
    let h = common::start().await;
    h.login(&["myactivity.search"]).await.unwrap();
    let spent = query(&h.browser.redirects.lock().unwrap()[0], "code").unwrap();
    h.browser
        .tamper_with(move |url| with_param(url, "code", &spent));
    let error = h.login(&["youtube.comments"]).await.unwrap_err();
    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error}");
    assert!(error.to_string().contains("already used"), "{error}");
    assert_eq!(h.auth.grants().unwrap().len(), 1, "only the first grant");
}

#[tokio::test]
async fn a_denied_consent_says_so_and_nothing_is_stored() {
    let h = common::start().await;
    h.emulator.control().set_consent(ConsentMode::Deny);
    let error = h.login(&["myactivity.search"]).await.unwrap_err();
    assert!(
        matches!(error, AuthError::Loopback(LoopbackError::Denied)),
        "{error}"
    );
    assert!(error.to_string().contains("denied"), "{error}");
    assert!(h.auth.grants().unwrap().is_empty());
}

#[tokio::test]
async fn a_consent_never_finished_times_out_by_the_clock_and_nothing_is_stored() {
    let h = common::start().await;
    *h.browser.answers.lock().unwrap() = false;
    let (core_clock, emulator) = (h.clock.clone(), h.emulator.control().clone());
    let options = LoginOptions {
        timeout: Duration::from_secs(600),
        ..LoginOptions::default()
    };
    let opened = Arc::new(Mutex::new(None));
    let remember = opened.clone();
    let open = move |url: &Url| -> Result<(), String> {
        *remember.lock().unwrap() = Some(url.clone());
        let (core_clock, emulator) = (core_clock.clone(), emulator.clone());
        // Ten minutes pass on the clocks while the consent screen stays open.
        tokio::spawn(async move {
            emulator.advance(Duration::from_secs(600));
            core_clock.advance(Duration::from_secs(600));
        });
        Ok(())
    };
    let resources = ["myactivity.search".into()];
    // A guard for a failure only: the sign-in must end by the injected clock, at once.
    let login = h
        .auth
        .login(&resources, &open, &|_: ProgressEvent| {}, &options);
    let error = tokio::time::timeout(Duration::from_secs(60), login)
        .await
        .expect("the consent timeout follows the injected clock")
        .unwrap_err();
    assert!(
        matches!(error, AuthError::Loopback(LoopbackError::Timeout(_))),
        "{error}"
    );
    assert!(error.to_string().contains("--timeout"), "{error}");
    assert!(h.auth.grants().unwrap().is_empty());
    // The listener is gone: the link, and a late redirect to the same listener, find nobody.
    let opened = opened.lock().unwrap().clone().unwrap();
    assert!(reqwest::get(opened).await.is_err());
}

#[tokio::test]
async fn an_unknown_resource_is_refused_before_any_consent() {
    let h = common::start().await;
    let error = h.login(&["myactivity.nope"]).await.unwrap_err();
    assert!(matches!(error, AuthError::UnknownResource(_)), "{error}");
    assert!(h.browser.opened().is_empty());
}

#[tokio::test]
async fn a_failed_access_check_revokes_the_new_token_and_stores_nothing() {
    let h = common::start().await;
    h.emulator
        .control()
        .inject_fault(Route::CheckAccessType, Fault::Status(403), 100);
    let error = h.login(&["myactivity.search"]).await.unwrap_err();
    assert!(error.to_string().contains("access type"), "{error}");
    assert!(h.auth.grants().unwrap().is_empty());
    assert_eq!(h.emulator.control().stats().revoke_calls, 1);
    // Every token of that sign-in is dead at Google: none was left live and forgotten.
    let token_url = format!("{}/token", h.emulator.base_url().trim_end_matches('/'));
    for token in h.emulator.control().issued_tokens() {
        let answer = reqwest::Client::new()
            .post(&token_url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", token.as_str()),
                ("client_id", h.emulator.client_id().as_str()),
                ("client_secret", h.emulator.client_secret().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            400,
            "a token still works after the failed sign-in"
        );
    }
}
