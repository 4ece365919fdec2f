//! Signed URLs grant access to the archives: their signatures must not reach logs, files or
//! error messages, whatever happens during a download.

use std::io::Write;
use std::sync::{Arc, Mutex};

use carryout::download::DownloadOptions;
use carryout_emulator::{Fault, Route};

use crate::support::completed_job;

const MIB: u64 = 1 << 20;

/// Every log line of the test's thread, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn files_under(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// Where a signature shows, if it does: the value after `X-Goog-Signature=` must be redacted.
fn leaked_signature(text: &str, known: &[String]) -> Option<String> {
    if let Some(secret) = known.iter().find(|s| text.contains(s.as_str())) {
        return Some(secret.clone());
    }
    text.match_indices("X-Goog-Signature=")
        .map(|(at, key)| &text[at + key.len()..])
        .find(|value| !value.starts_with("redacted"))
        .map(|value| value.chars().take(16).collect())
}

#[tokio::test]
async fn signatures_stay_out_of_logs_files_and_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let setup = completed_job(4 * MIB, 2).await;
    let signatures: Vec<String> = setup
        .job
        .urls
        .iter()
        .filter_map(|url| {
            url.expose()
                .query_pairs()
                .find(|(key, _)| key == "X-Goog-Signature")
                .map(|(_, value)| value.into_owned())
        })
        .collect();
    assert_eq!(signatures.len(), 2);

    // A dropped connection, a burst of 503s and an expiry mid-download: every path that logs.
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(MIB), 1);
    control.inject_fault(Route::Storage, Fault::Status(503), 2);
    setup.expire_urls_at_first_backoff();
    let options = DownloadOptions {
        parallel: 1,
        ..DownloadOptions::default()
    };
    setup.download(options.clone()).await.0.unwrap();

    // And a download that fails, for its error message.
    let failing = completed_job(MIB, 1).await;
    failing
        .h
        .emulator
        .control()
        .inject_fault(Route::Storage, Fault::Status(503), 100);
    let error = failing.download(options).await.0.unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("fetching fresh URLs"),
        "the expiry path ran: {logs}"
    );
    let mut places = vec![
        ("logs".to_owned(), logs),
        ("error".to_owned(), format!("{error} {error:?}")),
    ];
    for setup in [&setup, &failing] {
        for (path, bytes) in files_under(setup.root.path()) {
            places.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    assert!(places.iter().any(|(p, _)| p.ends_with("manifest.json")));
    assert!(places.iter().any(|(p, _)| p.ends_with(".sqlite3")));
    for (place, text) in &places {
        assert_eq!(leaked_signature(text, &signatures), None, "in {place}");
    }
}
