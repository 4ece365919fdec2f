//! Signed-URL downloads behave like Cloud Storage: headers, Range, expiry, deletion, faults.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use carryout_emulator::{AccessChoice, EntryCompression, Fault, HashHeaderForm, Route};
use common::*;
use md5::Digest;
use reqwest::StatusCode;
use serde_json::json;

/// A completed one-time job for `chrome.history`: (harness, access token, job id, urls).
async fn completed(size: u64, parts: u32) -> (Harness, String, String, Vec<String>) {
    let h = Harness::start().await;
    // Long-lived access tokens keep these tests about storage, not about refreshing.
    h.emu
        .control()
        .set_access_token_lifetime(std::time::Duration::from_secs(30 * 86_400));
    h.emu.control().set_archive_size(None, size);
    h.emu.control().set_part_count(None, parts);
    let tokens = h.grant(&["chrome.history"], AccessChoice::OneTime).await;
    let job = h.initiate_ok(&tokens.access, &["chrome.history"]).await;
    h.advance(60);
    let urls = urls(&h, &tokens.access, &job).await;
    (h, tokens.access, job, urls)
}

async fn urls(h: &Harness, token: &str, job: &str) -> Vec<String> {
    let state = h.state(token, job).await;
    assert_eq!(state.json["state"], "COMPLETE", "{}", state.json);
    state.json["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .map(|u| u.as_str().expect("string").to_string())
        .collect()
}

fn hashes_of(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .get_all("x-goog-hash")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_string())
        .collect()
}

async fn xml_error(response: reqwest::Response, status: u16, code: &str) -> String {
    assert_eq!(response.status().as_u16(), status);
    let text = response.text().await.expect("body");
    assert!(
        text.starts_with("<?xml version='1.0' encoding='UTF-8'?><Error><Code>"),
        "{text}"
    );
    assert!(text.contains(&format!("<Code>{code}</Code>")), "{text}");
    text
}

#[tokio::test]
async fn signed_urls_have_the_v4_shape_and_are_fresh_on_every_state_call() {
    let (h, token, job, first) = completed(64 * 1024, 2).await;
    assert_eq!(first.len(), 2);
    let url = url::Url::parse(&first[0]).expect("url");
    let names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    assert_eq!(
        names,
        [
            "X-Goog-Algorithm",
            "X-Goog-Credential",
            "X-Goog-Date",
            "X-Goog-Expires",
            "X-Goog-SignedHeaders",
            "X-Goog-Signature"
        ]
    );
    let get = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(get("X-Goog-Algorithm").as_deref(), Some("GOOG4-RSA-SHA256"));
    assert_eq!(get("X-Goog-Expires").as_deref(), Some("21600"));
    assert_eq!(get("X-Goog-SignedHeaders").as_deref(), Some("host"));
    assert_eq!(get("X-Goog-Date").as_deref(), Some("20260720T080100Z"));
    assert!(
        get("X-Goog-Signature")
            .is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    );
    h.advance(10);
    let second = urls(&h, &token, &job).await;
    assert_ne!(first[0], second[0]);
    assert!(second[0].contains("X-Goog-Date=20260720T080110Z"));
}

#[tokio::test]
async fn get_and_head_answer_with_cloud_storage_headers_and_verifiable_hashes() {
    let (h, _token, _job, urls) = completed(100_000, 1).await;
    let response = h.get(&urls[0]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body");
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["accept-ranges"], "bytes");
    assert_eq!(headers["content-length"], body.len().to_string().as_str());
    assert_eq!(
        headers["x-goog-stored-content-length"],
        body.len().to_string().as_str()
    );
    assert!(headers.contains_key("x-goog-generation"));
    assert!(headers.contains_key("last-modified"));
    let crc = STANDARD.encode(crc32c::crc32c(&body).to_be_bytes());
    let md5 = STANDARD.encode(md5::Md5::digest(&body));
    assert_eq!(
        hashes_of(&headers),
        [format!("crc32c={crc}"), format!("md5={md5}")]
    );
    let etag = headers["etag"].to_str().expect("ascii").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));

    let head = h.http.head(&urls[0]).send().await.expect("sent");
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()["etag"], etag.as_str());
    assert_eq!(
        head.headers()["content-length"],
        body.len().to_string().as_str()
    );

    h.emu.control().set_hash_header(HashHeaderForm::Joined);
    let joined = h.http.head(&urls[0]).send().await.expect("sent");
    assert_eq!(
        hashes_of(joined.headers()),
        [format!("crc32c={crc},md5={md5}")]
    );
}

#[tokio::test]
async fn ranges_answer_206_and_unsatisfiable_ranges_416() {
    let (h, _token, _job, urls) = completed(50_000, 1).await;
    let whole = h.get(&urls[0]).await.bytes().await.expect("body");
    let len = whole.len();
    let part = h
        .http
        .get(&urls[0])
        .header("range", "bytes=1000-")
        .send()
        .await
        .expect("sent");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 1000-{}/{len}", len - 1).as_str()
    );
    assert_eq!(part.bytes().await.expect("body"), whole.slice(1000..));
    let middle = h
        .http
        .get(&urls[0])
        .header("range", "bytes=10-19")
        .send()
        .await
        .expect("sent");
    assert_eq!(middle.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(middle.bytes().await.expect("body"), whole.slice(10..20));
    let beyond = h
        .http
        .get(&urls[0])
        .header("range", format!("bytes={len}-"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        beyond.headers()["content-range"],
        format!("bytes */{len}").as_str()
    );
    xml_error(beyond, 416, "InvalidRange").await;
}

#[tokio::test]
async fn urls_expire_after_six_hours_and_fresh_ones_work() {
    let (h, token, job, urls) = completed(10_000, 1).await;
    h.advance(6 * 3600);
    assert_eq!(h.get(&urls[0]).await.status(), StatusCode::OK);
    h.advance(1);
    let text = xml_error(h.get(&urls[0]).await, 400, "ExpiredToken").await;
    assert!(text.contains("<Message>Invalid argument.</Message>"));
    assert!(
        text.contains("<Details>Request signature expired at: 2026-07-20T14:01:00+00:00</Details>"),
        "{text}"
    );
    let fresh = self::urls(&h, &token, &job).await;
    assert_eq!(h.get(&fresh[0]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn tampered_or_unsigned_urls_are_refused() {
    let (h, _token, _job, urls) = completed(10_000, 2).await;
    let tampered = urls[0].replace("archive-001-of-002", "archive-002-of-002");
    xml_error(h.get(&tampered).await, 403, "SignatureDoesNotMatch").await;
    let unsigned = urls[0].split('?').next().expect("path").to_string();
    xml_error(h.get(&unsigned).await, 403, "AccessDenied").await;
}

#[tokio::test]
async fn archives_are_deleted_after_fourteen_days_and_by_reset() {
    let (h, token, job, _) = completed(10_000, 1).await;
    h.advance(14 * 86_400 - 60);
    let late = urls(&h, &token, &job).await;
    assert_eq!(h.get(&late[0]).await.status(), StatusCode::OK);
    h.advance(60);
    xml_error(h.get(&late[0]).await, 404, "NoSuchKey").await;

    let (h, token, job, urls) = completed(10_000, 1).await;
    assert_eq!(h.get(&urls[0]).await.status(), StatusCode::OK);
    let reset = h
        .api_post(&token, "/v1/authorization:reset", json!({}))
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    xml_error(h.get(&urls[0]).await, 404, "NoSuchKey").await;
    let _ = job;
}

#[tokio::test]
async fn injected_body_faults_drop_the_connection_or_flip_a_byte() {
    let (h, _token, _job, urls) = completed(200_000, 1).await;
    let whole = h.get(&urls[0]).await.bytes().await.expect("body");
    let control = h.emu.control();

    control.inject_fault(Route::Storage, Fault::ResetAfter(70_000), 1);
    let mut response = h.get(&urls[0]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut received = 0;
    let ended = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => break Ok(()),
            Err(error) => break Err(error),
        }
    };
    assert!(ended.is_err(), "the body must end with an error");
    assert_eq!(received, 70_000);

    control.inject_fault(Route::Storage, Fault::CorruptByte(150_000), 1);
    let response = h
        .http
        .get(&urls[0])
        .header("range", "bytes=100000-")
        .send()
        .await
        .expect("sent");
    let corrupted = response.bytes().await.expect("body");
    assert_eq!(corrupted.len(), whole.len() - 100_000);
    let differing: Vec<usize> = (0..corrupted.len())
        .filter(|&i| corrupted[i] != whole[100_000 + i])
        .collect();
    assert_eq!(differing, [50_000]);

    control.inject_fault(Route::Storage, Fault::Status(503), 1);
    xml_error(h.get(&urls[0]).await, 503, "ServiceUnavailable").await;
    assert_eq!(h.get(&urls[0]).await.bytes().await.expect("body"), whole);
}

#[tokio::test]
async fn bandwidth_fault_throttles_the_body() {
    let (h, _token, _job, urls) = completed(100_000, 1).await;
    h.emu
        .control()
        .inject_fault(Route::Storage, Fault::Bandwidth(200_000), 1);
    let started = std::time::Instant::now();
    let response = h
        .http
        .get(&urls[0])
        .header("range", "bytes=0-59999")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.bytes().await.expect("body").len(), 60_000);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn every_part_is_a_zip_and_composite_objects_carry_no_md5() {
    let (h, _token, _job, urls) = completed(30_000, 2).await;
    for url in &urls {
        let body = h.get(url).await.bytes().await.expect("body");
        assert_eq!(
            &body[..4],
            b"PK\x03\x04",
            "a zip starts with a local file header"
        );
    }
    h.emu.control().set_composite_objects(true);
    let head = h.http.head(&urls[0]).send().await.expect("sent");
    let hashes = hashes_of(head.headers());
    assert_eq!(hashes.len(), 1);
    assert!(hashes[0].starts_with("crc32c="));
    assert!(head.headers().contains_key("x-goog-component-count"));
}

#[tokio::test]
async fn json_files_are_packed_as_set_when_the_job_was_made() {
    let (h, _token, _job, deflated_urls) = completed(30_000, 1).await;
    let before = h.get(&deflated_urls[0]).await.bytes().await.expect("body");
    let deflated = json_methods(&before);
    assert!(!deflated.is_empty());
    assert!(
        deflated
            .iter()
            .all(|&m| m == zip::CompressionMethod::Deflated)
    );

    h.emu
        .control()
        .set_entry_compression(EntryCompression::Stored);
    let after = h.get(&deflated_urls[0]).await.bytes().await.expect("body");
    assert!(before == after, "a job already made keeps its bytes");
    let tokens = h.grant(&["chrome.bookmarks"], AccessChoice::OneTime).await;
    let stored_job = h.initiate_ok(&tokens.access, &["chrome.bookmarks"]).await;
    h.advance(60);
    let stored_urls = urls(&h, &tokens.access, &stored_job).await;
    let body = h.get(&stored_urls[0]).await.bytes().await.expect("body");
    let stored = json_methods(&body);
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|&m| m == zip::CompressionMethod::Stored));
    assert_eq!(body.len(), 30_000, "the size holds either way");
}

/// The methods of a zip's JSON entries.
fn json_methods(body: &[u8]) -> Vec<zip::CompressionMethod> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body)).expect("a zip");
    let mut methods = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).expect("entry");
        if entry.name().ends_with(".json") {
            methods.push(entry.compression());
        }
    }
    methods
}

/// `(name, data)` of every entry of a zip.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("entry read");
            (entry.name().to_string(), data)
        })
        .collect()
}

#[tokio::test]
async fn a_multi_part_search_export_reads_like_googles_and_keeps_its_size() {
    let h = Harness::start().await;
    let control = h.emu.control();
    control.set_archive_size(Some("myactivity.search"), 3 << 20);
    control.set_part_count(Some("myactivity.search"), 3);
    let tokens = h.grant(&["myactivity.search"], AccessChoice::OneTime).await;
    let job = h.initiate_ok(&tokens.access, &["myactivity.search"]).await;
    h.advance(60);
    let urls = urls(&h, &tokens.access, &job).await;
    assert_eq!(urls.len(), 3);
    let mut total = 0;
    let mut activity_files = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let body = h.get(url).await.bytes().await.expect("body");
        total += body.len();
        let entries = unzip(&body);
        if i == 0 {
            let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["Portability/archive_browser.json"], "no filler");
        }
        for (name, data) in &entries {
            if !name.starts_with("Portability/My Activity/") {
                continue;
            }
            let items: Vec<serde_json::Value> =
                serde_json::from_slice(data).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                items
                    .iter()
                    .all(|i| i["title"].is_string() && i["time"].is_string())
            );
            activity_files.push(name.clone());
        }
    }
    assert_eq!(total, 3 << 20, "the parts add up to the archive size");
    assert_eq!(
        activity_files,
        [
            "Portability/My Activity/Search/MyActivity.json",
            "Portability/My Activity/Image Search/MyActivity.json"
        ]
    );
}
