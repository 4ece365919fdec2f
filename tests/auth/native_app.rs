//! OAuth for native apps (RFC 8252) and its current security practice (RFC 9700): the
//! loopback listener, the link the browser is opened at, and the token calls.

use std::sync::{Arc, Mutex};

use carryout::auth::{AuthError, LoginOptions, LoopbackError};
use carryout::progress::ProgressEvent;
use carryout_emulator::Settings;
use url::Url;

use crate::common::{self, Harness, query};

/// A link opened for the person is a start link on this machine's loopback, with nothing of
/// the consent URL in it: an opener's command line (`xdg-open URL`, the browser's own) is
/// readable by every user of the machine.
fn assert_a_start_link_without_secrets(h: &Harness, link: &Url, consent: &Url) {
    assert_eq!(link.scheme(), "http", "{link}");
    assert_eq!(link.host_str(), Some("127.0.0.1"), "{link}");
    assert!(link.path().starts_with("/start/"), "{link}");
    assert_eq!(link.query(), None, "{link}");
    let nonce = link.path().trim_start_matches("/start/");
    assert!(nonce.len() >= 32, "a guessable start link: {link}");
    for name in [
        "state",
        "code_challenge",
        "client_id",
        "scope",
        "redirect_uri",
    ] {
        assert!(!link.as_str().contains(name), "{name} in {link}");
        let value = query(consent, name).unwrap();
        assert!(!link.as_str().contains(&value), "{name}'s value in {link}");
    }
    assert!(!link.as_str().contains(&h.emulator.client_id()), "{link}");
}

#[tokio::test]
async fn the_browser_is_opened_at_a_loopback_start_link_that_carries_no_secret() {
    let h = common::start().await;
    h.login(&["myactivity.search"]).await.unwrap();
    h.login(&["youtube.comments"]).await.unwrap();
    let (links, consents) = (h.browser.opened(), h.browser.consents());
    assert_eq!((links.len(), consents.len()), (2, 2));
    for (link, consent) in links.iter().zip(&consents) {
        assert_a_start_link_without_secrets(&h, link, consent);
    }
    assert_ne!(links[0], links[1], "each sign-in has its own link");

    // Without a browser the link handed out for the person is the start link too.
    let no_browser = |_: &Url| -> Result<(), String> { Err("no display".into()) };
    let browser = h.browser.clone();
    let handed_out = Mutex::new(Vec::new());
    let progress = |event: ProgressEvent| {
        if let ProgressEvent::OpenLink { url, .. } = event {
            let (browser, url) = (browser.clone(), Url::parse(&url).unwrap());
            handed_out.lock().unwrap().push(url.clone());
            tokio::spawn(async move { browser.follow(url).await });
        }
    };
    h.auth
        .login(
            &["maps.reviews".into()],
            &no_browser,
            &progress,
            &LoginOptions::default(),
        )
        .await
        .unwrap();
    let handed_out = handed_out.into_inner().unwrap();
    assert_eq!(handed_out.len(), 1);
    assert_a_start_link_without_secrets(&h, &handed_out[0], &h.browser.consents()[2]);
}

#[tokio::test]
async fn the_start_link_redirects_to_the_consent_page_and_the_sign_in_completes() {
    let h = common::start().await;
    // The browser checks the redirect: 303 to the consent URL, never cached.
    let report = h.login(&["myactivity.search"]).await.unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    let (link, consent) = (&h.browser.opened()[0], &h.browser.consents()[0]);
    let authorization = Url::parse(&h.emulator.base_url())
        .unwrap()
        .join("o/oauth2/v2/auth")
        .unwrap();
    assert_eq!(consent.origin(), authorization.origin());
    assert_eq!(consent.path(), authorization.path());
    // Google sends the browser back to the listener that gave the link.
    let back = Url::parse(&query(consent, "redirect_uri").unwrap()).unwrap();
    assert_eq!(back.origin(), link.origin());
}

/// The start link is served once. Asked for again, someone else may have the consent URL (it
/// leads anyone to this sign-in's consent), and their answer could come back as this
/// person's: the sign-in ends, and nothing is stored.
#[tokio::test]
async fn a_start_link_opened_twice_ends_the_sign_in_and_nothing_is_stored() {
    let h = common::start().await;
    let task = Arc::new(Mutex::new(None));
    let (browser, slot) = (h.browser.clone(), task.clone());
    let open = move |link: &Url| -> Result<(), String> {
        let (browser, link) = (browser.clone(), link.clone());
        *slot.lock().unwrap() = Some(tokio::spawn(async move {
            let consent = browser.start(link.clone()).await;
            let again = reqwest::get(link).await.unwrap().status();
            (consent, again)
        }));
        Ok(())
    };
    let error = h
        .login_opening("myactivity.search", &open)
        .await
        .unwrap_err();
    assert!(
        matches!(error, AuthError::Loopback(LoopbackError::LinkReused)),
        "{error}"
    );
    let task = task.lock().unwrap().take().unwrap();
    let (consent, again) = task.await.unwrap();
    assert_eq!(again, 410);
    // The answer of whoever got the consent page finds nobody.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = no_redirects.get(consent).send().await.unwrap();
    let back = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(reqwest::get(back).await.is_err(), "the listener is gone");
    assert!(h.auth.grants().unwrap().is_empty());
    assert_eq!(h.token_calls(), 0);
}

/// The listener is bound to 127.0.0.1 alone (RFC 8252 §8.3): not to every address, where
/// another machine, or another loopback address, could answer for the browser.
#[tokio::test]
async fn the_listener_answers_on_127_0_0_1_only_and_once() {
    let h = common::start().await;
    let seen = Arc::new(Mutex::new(None));
    let (browser, slot) = (h.browser.clone(), seen.clone());
    let open = move |link: &Url| -> Result<(), String> {
        let port = link.port().unwrap();
        let others = [
            std::net::SocketAddr::from(([127, 0, 0, 2], port)),
            std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)),
        ];
        let reached: Vec<bool> = others
            .iter()
            .map(|addr| std::net::TcpStream::connect(addr).is_ok())
            .collect();
        *slot.lock().unwrap() = Some(reached);
        browser.open(link)
    };
    h.login_opening("myactivity.search", &open).await.unwrap();
    assert_eq!(seen.lock().unwrap().take(), Some(vec![false, false]));
    // Single use: once the answer is in, the listener is gone.
    let link = &h.browser.opened()[0];
    let back = &h.browser.redirects()[0];
    assert!(reqwest::get(link.clone()).await.is_err());
    assert!(reqwest::get(back.clone()).await.is_err());
}

/// One connection that says nothing (a port scanner, a stuck program of another user) is
/// served in its own task: the browser's requests are answered meanwhile. Before, the listener
/// served one connection at a time and waited 10 s on the silent one.
#[tokio::test]
async fn a_silent_local_connection_does_not_hold_the_sign_in() {
    let h = common::start().await;
    let silent = Arc::new(Mutex::new(Vec::new()));
    let (browser, held) = (h.browser.clone(), silent.clone());
    let open = move |link: &Url| -> Result<(), String> {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], link.port().unwrap()));
        for _ in 0..3 {
            held.lock()
                .unwrap()
                .push(std::net::TcpStream::connect(addr).unwrap());
        }
        browser.open(link)
    };
    let (groups, options) = (["myactivity.search".into()], LoginOptions::default());
    let login = h
        .auth
        .login(&groups, &open, &|_: ProgressEvent| {}, &options);
    // A guard only: the sign-in takes milliseconds; one connection's deadline is 5 s.
    let report = tokio::time::timeout(std::time::Duration::from_secs(4), login)
        .await
        .expect("the sign-in finished while silent connections were open")
        .unwrap();
    assert_eq!(report.granted, ["myactivity.search"]);
    assert_eq!(silent.lock().unwrap().len(), 3);
}

/// PKCE S256 (RFC 7636, RFC 9700 §2.1.1): the code is exchanged with the verifier of the
/// challenge this sign-in sent. A consent started with another challenge (a code injected from
/// another session) yields a code this sign-in cannot redeem.
#[tokio::test]
async fn a_code_issued_for_another_challenge_is_refused_and_nothing_is_stored() {
    let h = common::start().await;
    let browser = h.browser.clone();
    let open = move |link: &Url| -> Result<(), String> {
        let (browser, link) = (browser.clone(), link.clone());
        tokio::spawn(async move {
            let consent = browser.start(link).await;
            let mut other = consent.clone();
            let pairs: Vec<(String, String)> = consent
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k == "code_challenge" {
                        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            other.query_pairs_mut().clear().extend_pairs(pairs);
            browser.consent(other).await;
        });
        Ok(())
    };
    let error = h
        .login_opening("myactivity.search", &open)
        .await
        .unwrap_err();
    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error:?}");
    assert_eq!(h.token_calls(), 1);
    assert!(h.auth.grants().unwrap().is_empty());
}

/// A token endpoint that redirects is not followed (RFC 9700 §4.11): the code and the client
/// secret would go wherever the redirect points.
#[tokio::test]
async fn a_redirect_from_the_token_endpoint_is_not_followed() {
    let redirector = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirector_url = format!("http://{}/token", redirector.local_addr().unwrap());
    let h = common::start_rewired(Settings::for_tests(), |endpoints| {
        let real = endpoints.token.clone();
        endpoints.token = Url::parse(&redirector_url).unwrap();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut stream, _)) = redirector.accept().await {
                let mut head = [0u8; 8192];
                let _ = stream.read(&mut head).await;
                let answer = format!(
                    "HTTP/1.1 307 Temporary Redirect\r\nLocation: {real}\r\n\
                     Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            }
        });
    })
    .await;
    let error = h.login(&["myactivity.search"]).await.unwrap_err();
    assert!(matches!(error, AuthError::Token(_)), "{error:?}");
    assert_eq!(h.token_calls(), 0, "the redirect was followed");
    assert!(h.auth.grants().unwrap().is_empty());
}
