//! Malformed or unexpected answers: the errors the client builds from them never quote a URL
//! signature or a token.

use std::sync::Arc;

use carryout::api::{DataPortability, JobId};
use carryout::clock::ManualClock;
use carryout::secret::AccessToken;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SIGNATURE: &str = "5ec2e75160a7a7e5ec2e7";
const TOKEN: &str = "ya29.a0-leaked-access-token";

/// A server that answers every request with `status` and `body`.
async fn answering(status: u16, body: String) -> String {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head).await;
            let answer = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    base
}

async fn archive_state_error(status: u16, body: String) -> String {
    let base = answering(status, body).await;
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let api = DataPortability::new(base.parse().unwrap(), clock).unwrap();
    let error = api
        .archive_state(&AccessToken::new("token"), &JobId("job".into()))
        .await
        .unwrap_err();
    format!("{error} {error:?}")
}

#[tokio::test]
async fn a_malformed_signed_url_in_an_answer_does_not_leak_its_signature() {
    let body = format!(
        r#"{{"state":"COMPLETE","urls":["storage.example/a.zip?X-Goog-Signature={SIGNATURE}"]}}"#
    );
    let shown = archive_state_error(200, body).await;
    assert!(shown.contains("not the expected JSON"), "{shown}");
    assert!(!shown.contains(SIGNATURE), "{shown}");
}

#[tokio::test]
async fn an_unexpected_error_body_does_not_leak_tokens_or_signatures() {
    let body = format!(
        "upstream said: bad bearer {TOKEN} for https://storage.example/a.zip?X-Goog-Signature={SIGNATURE}&X-Goog-Expires=60"
    );
    let shown = archive_state_error(502, body).await;
    assert!(shown.contains("upstream said"), "{shown}");
    assert!(!shown.contains(SIGNATURE), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}
