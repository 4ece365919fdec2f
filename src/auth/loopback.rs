//! The loopback listener of a sign-in: a short-lived HTTP server on `127.0.0.1` (never
//! `0.0.0.0`) at an ephemeral port. It serves the browser a one-time start link that redirects
//! to the consent screen, takes the redirect back from it, answers with a small page, and
//! closes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;

/// How long a person gets to finish the consent screen, unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

const CALLBACK_PATH: &str = "/callback";
const START_PATH: &str = "/start/";
/// How long one local connection may take from accept to answer; a browser needs
/// milliseconds.
pub const CONNECTION_DEADLINE: Duration = Duration::from_secs(5);
/// A browser's request head is far smaller; anything bigger is not our redirect.
const MAX_REQUEST_HEAD: usize = 16 * 1024;

/// What the browser brought back from a successful consent.
pub struct Callback {
    /// The single-use authorization code.
    pub code: String,
    /// The `scope` parameter of the redirect, when present.
    pub scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callback")
            .field("code", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("could not listen on 127.0.0.1 for the sign-in redirect: {0}")]
    Listen(#[source] std::io::Error),
    #[error(
        "no answer from the consent screen within {} s; run the sign-in again and finish it in \
         the browser (or give more time with --timeout)",
        .0.as_secs()
    )]
    Timeout(Duration),
    #[error("the consent screen was cancelled or denied; nothing was granted")]
    Denied,
    #[error("Google reported a sign-in error: {0}")]
    Failed(String),
    #[error(
        "this sign-in answer did not match the sign-in waiting for it (wrong state); it may come \
         from another or an old sign-in attempt, and was ignored"
    )]
    StateMismatch,
    #[error("the sign-in answer carried no authorization code")]
    NoCode,
    #[error(
        "the sign-in link was opened twice, by another program or person on this computer or \
         by you; the sign-in was stopped, as the answer could have come from someone else: run \
         it again and open the link once"
    )]
    LinkReused,
}

/// A listener waiting for one redirect.
pub struct Loopback {
    listener: TcpListener,
    redirect_uri: Url,
    start_link: Url,
}

/// What every connection's task reads: the one start link, where it leads, and whether it was
/// used.
struct Shared {
    start_path: String,
    consent: Url,
    expected_state: String,
    started: AtomicBool,
}

impl Loopback {
    pub async fn bind() -> Result<Self, LoopbackError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(LoopbackError::Listen)?;
        let port = listener.local_addr().map_err(LoopbackError::Listen)?.port();
        let origin = Url::parse(&format!("http://127.0.0.1:{port}/")).expect("a loopback URL");
        let redirect_uri = origin.join(CALLBACK_PATH).expect("a loopback URL");
        // 32 random bytes: the link is on command lines other users can read, but only
        // someone who can already read this process's memory could guess it.
        let nonce = oauth2::CsrfToken::new_random_len(32);
        let start_link = origin
            .join(&format!("{START_PATH}{}", nonce.secret()))
            .expect("a loopback URL");
        Ok(Self {
            listener,
            redirect_uri,
            start_link,
        })
    }

    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    /// The link to open in the browser: it redirects, once, to the consent URL. The consent
    /// URL itself (its `state` and `code_challenge`) never goes on a command line, where
    /// every user of the machine can read it (`/proc/*/cmdline`).
    pub fn start_link(&self) -> &Url {
        &self.start_link
    }

    /// Serves the start link (a redirect to `consent`) and waits for the redirect back
    /// carrying `expected_state`, answers the browser, and closes the listener (by consuming
    /// it). Each connection is served in its own task within [`CONNECTION_DEADLINE`], so a
    /// slow or silent local connection holds nothing up. Requests for other paths (a
    /// browser's `/favicon.ico`) are answered 404, and callbacks with another state 400, and
    /// the wait goes on; the start link asked for a second time ends the sign-in.
    /// The `timeout` runs on `clock`, the core's injected one.
    pub async fn wait(
        self,
        consent: &Url,
        expected_state: &str,
        timeout: Duration,
        clock: &dyn Clock,
    ) -> Result<Callback, LoopbackError> {
        let shared = Arc::new(Shared {
            start_path: self.start_link.path().to_owned(),
            consent: consent.clone(),
            expected_state: expected_state.to_owned(),
            started: AtomicBool::new(false),
        });
        let (outcomes, mut outcome) = mpsc::channel(1);
        // Dropped on return: connections still being served are cut off with the listener.
        let mut connections = JoinSet::new();
        let accept = async {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let (shared, outcomes, base) =
                    (shared.clone(), outcomes.clone(), self.redirect_uri.clone());
                connections.spawn(async move {
                    let served =
                        tokio::time::timeout(CONNECTION_DEADLINE, serve(stream, &base, &shared));
                    if let Ok(Some(done)) = served.await {
                        let _ = outcomes.send(done).await;
                    }
                });
                // Finished connections are reaped as new ones come.
                while connections.try_join_next().is_some() {}
            }
        };
        tokio::select! {
            () = accept => unreachable!("the accept loop never ends"),
            Some(done) = outcome.recv() => done,
            () = clock.sleep(timeout) => Err(LoopbackError::Timeout(timeout)),
        }
    }
}

/// Serves one connection: `Some` when its request ends the wait.
async fn serve(
    mut stream: TcpStream,
    base: &Url,
    shared: &Shared,
) -> Option<Result<Callback, LoopbackError>> {
    let target = read_request_target(&mut stream).await;
    let Some(url) = target.and_then(|t| base.join(&t).ok()) else {
        respond(
            &mut stream,
            400,
            "Bad request",
            "This is not a sign-in answer.",
        )
        .await;
        return None;
    };
    if url.path() == shared.start_path {
        if shared.started.swap(true, Ordering::SeqCst) {
            // Someone may have the consent URL: an answer could come back from their account
            // as this person's. The sign-in ends; the person starts it again.
            tracing::warn!("the sign-in link was opened a second time; the sign-in ends");
            let error = LoopbackError::LinkReused;
            respond(&mut stream, 410, "Sign-in stopped", &error.to_string()).await;
            return Some(Err(error));
        }
        redirect(&mut stream, &shared.consent).await;
        return None;
    }
    if url.path() != CALLBACK_PATH {
        respond(&mut stream, 404, "Not found", "Nothing here.").await;
        return None;
    }
    let outcome = callback(&url, &shared.expected_state);
    match &outcome {
        Err(LoopbackError::StateMismatch) => {
            // Not this sign-in's answer (another tab, an old attempt, a hostile page): it
            // says nothing about this sign-in, which goes on waiting for its own.
            tracing::warn!("ignored a sign-in answer with a wrong state");
            respond(
                &mut stream,
                400,
                "Sign-in failed",
                &LoopbackError::StateMismatch.to_string(),
            )
            .await;
            return None;
        }
        Ok(_) => {
            respond(
                &mut stream,
                200,
                "Signed in",
                "Carryout received your consent. You can close this tab.",
            )
            .await
        }
        Err(error) => respond(&mut stream, 400, "Sign-in failed", &error.to_string()).await,
    }
    Some(outcome)
}

fn callback(url: &Url, expected_state: &str) -> Result<Callback, LoopbackError> {
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    // The state is checked first: an answer not meant for this sign-in says nothing about it.
    if query.get("state").map(String::as_str) != Some(expected_state) {
        return Err(LoopbackError::StateMismatch);
    }
    if let Some(error) = query.get("error") {
        return Err(if error == "access_denied" {
            LoopbackError::Denied
        } else {
            LoopbackError::Failed(error.clone())
        });
    }
    let code = query.get("code").cloned().ok_or(LoopbackError::NoCode)?;
    let scopes = query
        .get("scope")
        .map(|scopes| scopes.split_whitespace().map(str::to_owned).collect());
    Ok(Callback { code, scopes })
}

/// The request target of `GET <target> HTTP/1.x`, once the whole head has arrived.
async fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() + read > MAX_REQUEST_HEAD {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let line = head.split(|&b| b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("GET"), Some(target), Some(version)) if version.starts_with("HTTP/1.") => {
            Some(target.to_owned())
        }
        _ => None,
    }
}

/// A `303 See Other` to the consent page, never cached and sending no referrer.
async fn redirect(stream: &mut TcpStream, to: &Url) {
    let answer = format!(
        "HTTP/1.1 303 See Other\r\nLocation: {to}\r\nCache-Control: no-store\r\n\
         Referrer-Policy: no-referrer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(answer.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn respond(stream: &mut TcpStream, status: u16, title: &str, message: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        410 => "Gone",
        _ => "Bad Request",
    };
    let body = format!(
        "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>{title} – Carryout</title>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{}</p></body></html>\n",
        html_escape(message)
    );
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may already be gone; the sign-in outcome does not depend on this page.
    let _ = stream.write_all(answer.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_is_read_only_with_the_right_state() {
        let url =
            Url::parse("http://127.0.0.1:1/callback?state=s1&code=4/0Ab&scope=a%20b&authuser=0")
                .unwrap();
        let callback = callback(&url, "s1").unwrap();
        assert_eq!(callback.code, "4/0Ab");
        assert_eq!(callback.scopes.unwrap(), ["a", "b"]);
        assert!(matches!(
            super::callback(&url, "s2"),
            Err(LoopbackError::StateMismatch)
        ));
        let denied =
            Url::parse("http://127.0.0.1:1/callback?error=access_denied&state=s1").unwrap();
        assert!(matches!(
            super::callback(&denied, "s1"),
            Err(LoopbackError::Denied)
        ));
    }
}
