//! Hostile object names from a storage server that is not Google's.

use std::sync::Mutex;

use carryout::api::{AccessType, JobId};
use carryout::download::{DownloadOptions, Downloader, JobDownload};
use carryout::secret::SignedUrl;
use carryout::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::NoRefresh;

const BODY: &[u8] = b"PK\x05\x06 not much of an archive, but bytes all the same";

/// Answers every GET with [`BODY`] and Cloud Storage's headers; records the paths asked for.
async fn serve() -> (String, std::sync::Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(Mutex::new(Vec::new()));
    let paths = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let paths = paths.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = socket.read(&mut buffer).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buffer[..n]);
                }
                let text = String::from_utf8_lossy(&request);
                let path = text.split(' ').nth(1).unwrap_or_default().to_owned();
                paths.lock().unwrap().push(path);
                let crc = crc32c::crc32c(BODY).to_be_bytes();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nETag: \"e1\"\r\n\
                     x-goog-hash: crc32c={}\r\nConnection: close\r\n\r\n",
                    BODY.len(),
                    base64_of(&crc)
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(BODY).await;
            });
        }
    });
    (base, seen)
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn hostile_object_names_land_inside_the_export_folder_under_safe_names() {
    let (base, _seen) = serve().await;
    let objects = [
        "..%2F..%2Fescaped.zip",
        "..",
        "CON",
        "a%5C..%5Cb.zip",
        "x%00y.zip",
    ];
    let urls = objects
        .iter()
        .map(|o| {
            SignedUrl::new(
                format!("{base}/bucket/job/{o}?X-Goog-Signature=s")
                    .parse()
                    .unwrap(),
            )
        })
        .collect();
    let job = JobDownload {
        group: "myactivity.search".into(),
        job_id: JobId::from("job-1"),
        access_type: AccessType::OneTime,
        start_time: None,
        export_time: None,
        urls,
    };
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("group").join("export");
    let downloader = Downloader::new(
        Store::in_memory().unwrap(),
        std::sync::Arc::new(carryout::clock::SystemClock),
        DownloadOptions::default(),
    )
    .unwrap();
    let manifest = downloader
        .download_job(&job, &export, &NoRefresh, &|_| {})
        .await
        .unwrap();
    let mut names: Vec<String> = manifest.files.iter().map(|f| f.name.clone()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".._.._escaped.zip",
            "_CON",
            "a_.._b.zip",
            "download",
            "x_y.zip"
        ]
    );
    for name in &names {
        assert_eq!(std::fs::read(export.join(name)).unwrap(), BODY);
    }
    // Nothing was written outside the export folder.
    let mut everything: Vec<_> = walk(root.path());
    everything.retain(|p| !p.starts_with(&export));
    assert!(everything.is_empty(), "{everything:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
