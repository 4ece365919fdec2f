//! Hostile object names from a storage server that is not Google's.

use std::path::Path;
use std::sync::Mutex;

use carryout::api::{AccessType, JobId};
use carryout::download::{DownloadOptions, Downloader, JobDownload};
use carryout::library::{self, Manifest};
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

/// Downloads a job of `objects` (as they appear in URL paths) from [`serve`] into `export`.
async fn download(objects: &[&str], export: &Path) -> Manifest {
    let (base, _seen) = serve().await;
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
        groups: vec!["myactivity.search".into()],
        job_id: JobId::from("job-1"),
        access_type: AccessType::OneTime,
        start_time: None,
        export_time: None,
        urls,
    };
    let downloader = Downloader::new(
        Store::in_memory().unwrap(),
        std::sync::Arc::new(carryout::clock::SystemClock),
        DownloadOptions::default(),
    )
    .unwrap();
    downloader
        .download_job(&job, export, &NoRefresh, &|_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn hostile_object_names_land_inside_the_export_folder_under_safe_names() {
    let objects = [
        "..%2F..%2Fescaped.zip",
        "..",
        "CON",
        "a%5C..%5Cb.zip",
        "x%00y.zip",
    ];
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("group").join("export");
    let manifest = download(&objects, &export).await;
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

#[tokio::test]
async fn objects_named_like_carryouts_own_files_never_take_their_names() {
    // A receipt, a part of another archive, its lock, a temporary receipt: each would
    // overwrite, or be overwritten by, what Carryout writes beside the archives.
    let objects = [
        "manifest.json",
        "SHA256SUMS",
        "MANIFEST.JSON",
        "a.zip",
        "a.zip.part",
        "a.zip.part.lock",
        ".manifest.json.tmp",
    ];
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("group").join("export");
    let manifest = download(&objects, &export).await;
    assert_eq!(Manifest::read(&export).unwrap(), manifest);
    let sums = std::fs::read_to_string(export.join("SHA256SUMS")).unwrap();
    assert_eq!(sums, manifest.sha256sums());
    let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), objects.len());
    for name in &names {
        let own = name.eq_ignore_ascii_case("manifest.json")
            || name.eq_ignore_ascii_case("SHA256SUMS")
            || [".part", ".part.lock", ".tmp"]
                .iter()
                .any(|suffix| name.to_ascii_lowercase().ends_with(suffix));
        assert!(!own, "an archive took Carryout's name {name}");
        assert_eq!(std::fs::read(export.join(name)).unwrap(), BODY, "{name}");
    }
    let report = library::verify(&library::exports(root.path()).unwrap(), 2, &|_| {});
    assert_eq!(report.ok, objects.len(), "{report:?}");
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
