//! The download benchmark's Carryout side (`scripts/bench-download` drives it):
//!
//! - `bench_download url BASE SIZE GROUP` completes a one-archive job of SIZE bytes for GROUP
//!   (each group once: access is one-time) on the emulator at BASE and prints its signed URL (a
//!   local emulator's: nothing secret);
//! - `bench_download fetch URL DIR` downloads it with verification on (crc32c + sha256, receipt
//!   written) and prints `seconds=<s> peak_rss_mib=<n>`.

use std::sync::Arc;
use std::time::Instant;

use carryout::api::{AccessType, ApiError, JobId};
use carryout::download::{DownloadOptions, Downloader, FreshUrls, JobDownload, UrlSource};
use carryout::secret::SignedUrl;
use carryout::store::Store;
use serde_json::{Value, json};

const GROUP: &str = "myactivity.search";
const REDIRECT: &str = "http://127.0.0.1:9/callback";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["url", base, size, group] => {
            println!("{}", completed_url(base, size.parse()?, group).await?)
        }
        ["fetch", url, dir] => fetch(url, dir).await?,
        _ => return Err("usage: bench_download url BASE SIZE GROUP | fetch URL DIR".into()),
    }
    Ok(())
}

async fn completed_url(
    base: &str,
    size: u64,
    group: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    http.post(format!("{base}/_emulator/settings"))
        .json(&json!({"archive_size": size, "part_count": 1}))
        .send()
        .await?
        .error_for_status()?;
    let client: Value = http
        .get(format!("{base}/_emulator/client_secret.json"))
        .send()
        .await?
        .json()
        .await?;
    let (id, secret) = (
        client["installed"]["client_id"]
            .as_str()
            .unwrap_or_default(),
        client["installed"]["client_secret"]
            .as_str()
            .unwrap_or_default(),
    );
    let mut auth = url::Url::parse(&format!("{base}/o/oauth2/v2/auth"))?;
    auth.query_pairs_mut()
        .append_pair("client_id", id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "code")
        .append_pair(
            "scope",
            &format!("https://www.googleapis.com/auth/dataportability.{group}"),
        )
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent");
    let answer = http.get(auth).send().await?;
    let location = url::Url::parse(answer.headers()["location"].to_str()?)?;
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .ok_or("no code: start the emulator with --auto-consent")?;
    let token: Value = http
        .post(format!("{base}/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await?
        .json()
        .await?;
    let access = token["access_token"].as_str().ok_or("no access token")?;
    let job: Value = http
        .post(format!("{base}/v1/portabilityArchive:initiate"))
        .bearer_auth(access)
        .json(&json!({"resources": [group]}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let job_id = job["archiveJobId"].as_str().ok_or("no job id")?;
    http.post(format!("{base}/_emulator/clock/advance"))
        .json(&json!({"seconds": 120}))
        .send()
        .await?
        .error_for_status()?;
    let state: Value = http
        .get(format!(
            "{base}/v1/archiveJobs/{job_id}/portabilityArchiveState"
        ))
        .bearer_auth(access)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let url = state["urls"][0]
        .as_str()
        .ok_or("the job has no URL")?
        .to_owned();
    // The emulator lays out and hashes an object before its first answer: wait for that here,
    // outside the timed downloads.
    http.head(&url).send().await?.error_for_status()?;
    Ok(url)
}

struct NoRefresh;

impl UrlSource for NoRefresh {
    fn fresh_urls(&self) -> FreshUrls<'_> {
        Box::pin(async {
            Err(ApiError::Protocol {
                http: 0,
                detail: "the benchmark's URL does not expire".into(),
            })
        })
    }
}

async fn fetch(url: &str, dir: &str) -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let store = Store::open(dir)?;
    let downloader = Downloader::new(
        store,
        Arc::new(carryout::clock::SystemClock),
        DownloadOptions::default(),
    )?;
    let job = JobDownload {
        groups: vec![GROUP.into()],
        job_id: JobId::from("bench"),
        access_type: AccessType::OneTime,
        start_time: None,
        export_time: None,
        urls: vec![SignedUrl::new(url::Url::parse(url)?)],
    };
    let export = dir.join("export");
    let started = Instant::now();
    // As a task on the multi-threaded runtime, as the app's async commands run: the task then
    // shares a worker with its connection's, rather than being woken across threads for every
    // read (a third fewer context switches than polling it from `main`).
    tokio::spawn(async move {
        downloader
            .download_job(&job, &export, &NoRefresh, &|_| {})
            .await
    })
    .await??;
    let seconds = started.elapsed().as_secs_f64();
    println!("seconds={seconds:.3} peak_rss_mib={}", peak_rss_mib());
    Ok(())
}

/// The process's peak resident set (Linux `VmHWM`), in MiB; 0 where unknown.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kib| kib.div_ceil(1024))
}
