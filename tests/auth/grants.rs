//! Partial consent, consenting only for what is missing, batches, expired grants, and the
//! Testing-status hint.

use carryout::auth::{AuthError, GrantId, GrantState, LoginOptions};
use carryout::catalog::{self, GroupId, SCOPE_PREFIX};
use carryout::clock::Clock;
use carryout::failure::Failure;
use carryout::progress::ProgressEvent;
use carryout_emulator::{AccessChoice, ConsentMode, Settings};

use crate::common::{self, query};

#[tokio::test]
async fn partial_consent_is_reported_and_a_second_consent_asks_only_for_the_rest() {
    let h = common::start().await;
    let wanted = ["myactivity.search", "youtube.comments", "chrome.history"];
    h.emulator
        .control()
        .set_consent(ConsentMode::AutoSubset(vec!["myactivity.search".into()]));
    let report = h.login(&wanted).await.unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    assert_eq!(report.not_granted, ["chrome.history", "youtube.comments"]);
    assert_eq!(
        report.summary(),
        "You granted 1 of 3; these 2 were not granted: chrome.history, youtube.comments"
    );
    assert_eq!(report.grants[0].resources.len(), 1);
    // Consenting again for this sign-in asks for exactly what it covers.
    let first = report.grants[0].id.clone();
    let groups = h.auth.groups_of(&first).unwrap();
    assert_eq!(groups, [GroupId::from("myactivity.search")]);
    let unknown = h.auth.groups_of(&GrantId("g-none".into())).unwrap_err();
    assert_eq!(
        carryout::failure::Problem::from(unknown).code,
        Failure::NotFound
    );

    h.emulator.control().set_consent(ConsentMode::AutoAll);
    let report = h.login(&wanted).await.unwrap();
    assert_eq!(report.already_covered, ["myactivity.search"]);
    assert_eq!(report.granted, ["chrome.history", "youtube.comments"]);
    let second_url = &h.browser.consents()[1];
    let mut asked: Vec<String> = query(second_url, "scope")
        .unwrap()
        .split(' ')
        .map(str::to_owned)
        .collect();
    asked.sort();
    assert_eq!(
        asked,
        [
            format!("{SCOPE_PREFIX}chrome.history"),
            format!("{SCOPE_PREFIX}youtube.comments")
        ]
    );

    // Everything covered now: no third consent.
    let report = h.login(&wanted).await.unwrap();
    assert!(report.grants.is_empty());
    assert_eq!(h.browser.opened().len(), 2);
}

#[tokio::test]
async fn all_73_scopes_are_split_into_consents_each_under_2000_characters() {
    let h = common::start().await;
    // The emulator refuses longer URLs, as Google does.
    h.emulator.control().set_max_auth_url_len(1_999);
    let all: Vec<&str> = catalog::all().iter().map(|g| g.id).collect();
    assert_eq!(all.len(), 73);
    let (report, events) = h.login_with(&all, &LoginOptions::default()).await;
    let report = report.unwrap();
    let opened = h.browser.consents();
    let lengths: Vec<usize> = opened.iter().map(|u| u.as_str().len()).collect();
    let sizes: Vec<usize> = report.grants.iter().map(|g| g.resources.len()).collect();
    eprintln!(
        "consents: {} URL lengths: {lengths:?} scopes per consent: {sizes:?}",
        opened.len()
    );
    assert!(opened.len() > 1);
    assert!(lengths.iter().all(|&len| len < 2_000), "{lengths:?}");
    assert_eq!(sizes.iter().sum::<usize>(), 73);
    assert_eq!(report.granted.len(), 73);
    let batches = opened.len();
    assert_eq!(
        events,
        (1..=batches)
            .map(|batch| ProgressEvent::Consent { batch, batches })
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_refresh_refused_with_invalid_grant_expires_the_grant_and_asks_again_for_its_resources() {
    let h = common::start_with(Settings {
        access: AccessChoice::Days30,
        ..Settings::for_tests()
    })
    .await;
    let old = h.login(&["myactivity.search"]).await.unwrap().grants[0].clone();
    h.login(&["youtube.comments"]).await.unwrap();
    // Google ends the grant early (as it does when the person revokes it in their account).
    let refresh = h.secrets.get(&old.id).unwrap().unwrap();
    reqwest::Client::new()
        .post(format!("{}/revoke", h.emulator.base_url()))
        .form(&[("token", refresh.expose())])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    h.advance(3_600);

    let error = h
        .auth
        .access_token_for("myactivity.search")
        .await
        .unwrap_err();
    match &error {
        AuthError::GrantExpired { grant, resources } => {
            assert_eq!(grant, &old.id);
            assert_eq!(resources, &["myactivity.search"]);
        }
        other => panic!("{other}"),
    }
    assert!(
        error
            .to_string()
            .contains("carryout login --resources myactivity.search")
    );
    let states: Vec<_> = h
        .auth
        .grants()
        .unwrap()
        .into_iter()
        .map(|g| (g.id, g.state))
        .collect();
    assert!(
        states.contains(&(old.id.clone(), GrantState::Expired)),
        "{states:?}"
    );
    assert!(h.secrets.get(&old.id).unwrap().is_none());
    // The other grant is untouched.
    assert!(h.auth.access_token_for("youtube.comments").await.is_ok());

    // Signing in again consents only for the expired grant's resources.
    let report = h
        .login(&["myactivity.search", "youtube.comments"])
        .await
        .unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    assert_eq!(report.already_covered, ["youtube.comments"]);
}

#[tokio::test]
async fn a_seven_day_time_based_grant_gives_the_testing_status_hint_once() {
    let h = common::start_with(Settings {
        access: AccessChoice::Days180,
        testing_client: true,
        ..Settings::for_tests()
    })
    .await;
    let report = h.login(&["myactivity.search"]).await.unwrap();
    let hint = report.testing_hint.expect("the Testing hint");
    assert!(
        hint.contains("Testing") && hint.contains("Production"),
        "{hint}"
    );
    assert_eq!(
        report.grants[0].refresh_expires_at,
        Some(h.clock.now() + chrono::Duration::days(7))
    );
    let report = h.login(&["youtube.comments"]).await.unwrap();
    assert_eq!(report.testing_hint, None, "shown once");
}

#[tokio::test]
async fn a_published_client_gives_no_testing_hint() {
    let h = common::start_with(Settings {
        access: AccessChoice::Days30,
        ..Settings::for_tests()
    })
    .await;
    let report = h.login(&["myactivity.search"]).await.unwrap();
    assert_eq!(report.testing_hint, None);
}

// A current-thread runtime: its only worker is this test's thread.
#[tokio::test]
async fn grant_records_commit_off_the_async_workers() {
    let h = common::start().await;
    let this = std::thread::current().id();
    let commits = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = commits.clone();
    h.store
        .with(|c| {
            c.commit_hook(Some(move || {
                seen.lock()
                    .unwrap()
                    .push(std::thread::current().id() == this);
                false
            }))
        })
        .unwrap();
    let grant = h.login(&["myactivity.search"]).await.unwrap().grants[0].clone();
    h.auth.logout(&grant.id).await.unwrap();
    let commits = commits.lock().unwrap().clone();
    assert!(
        commits.len() >= 2,
        "a grant stored and signed out: {commits:?}"
    );
    assert!(
        !commits.contains(&true),
        "commits on the async worker: {commits:?}"
    );
}
