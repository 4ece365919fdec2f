//! Two processes on one archive: the app and the CLI, or two CLIs, never write into one part
//! at once. The second process here is this test binary again, running `child_downloader`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

use carryout::api::{AccessType, JobId};
use carryout::clock::ManualClock;
use carryout::download::{DownloadError, DownloadOptions, Downloader, JobDownload};
use carryout::progress::ProgressEvent;
use carryout::secret::SignedUrl;
use carryout::store::Store;

use crate::support::{GROUP, NoRefresh, completed_job};

const MIB: u64 = 1 << 20;
const CHILD: &str = "CARRYOUT_TEST_CHILD_DOWNLOAD";

/// The other process: downloads the job described in its environment and, once it holds the
/// archive and has written its first bytes, says so and waits for a line on stdin.
#[test]
#[ignore = "run by a_second_process_is_told_another_has_the_archive as its child"]
fn child_downloader() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let mut lines = spec.lines();
    let mut next = || lines.next().unwrap().to_owned();
    let (data_dir, export_dir, job_id) = (next(), next(), next());
    let urls = lines
        .map(|url| SignedUrl::new(url.parse().unwrap()))
        .collect();
    let job = JobDownload {
        groups: vec![GROUP.into()],
        job_id: JobId(job_id),
        access_type: AccessType::OneTime,
        start_time: None,
        export_time: None,
        urls,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let said = std::sync::Once::new();
    let sink = |event: ProgressEvent| {
        if let ProgressEvent::Transfer { done, .. } = event
            && done > 0
        {
            said.call_once(|| {
                println!("holding");
                std::io::stdout().flush().unwrap();
                let mut go = String::new();
                std::io::stdin().read_line(&mut go).unwrap();
            });
        }
    };
    runtime.block_on(async {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let store = Store::open(data_dir.as_ref()).unwrap();
        let downloader = Downloader::new(store, clock, DownloadOptions::default()).unwrap();
        downloader
            .download_job(&job, export_dir.as_ref(), &NoRefresh, &sink)
            .await
            .unwrap();
    });
}

#[tokio::test]
async fn a_second_process_is_told_another_has_the_archive() {
    let setup = completed_job(4 * MIB, 1).await;
    let mut spec = vec![
        setup.data_dir().display().to_string(),
        setup.export_dir().display().to_string(),
        setup.job.job_id.0.clone(),
    ];
    spec.extend(setup.job.urls.iter().map(|url| url.expose().to_string()));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "processes::child_downloader",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, spec.join("\n"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let stdout = tokio::task::spawn_blocking(move || {
        while !seen.contains("holding") {
            seen.clear();
            assert_ne!(
                stdout.read_line(&mut seen).unwrap(),
                0,
                "the child ended early"
            );
        }
        stdout
    })
    .await
    .unwrap();

    let error = setup
        .download(DownloadOptions::default())
        .await
        .0
        .unwrap_err();
    assert!(matches!(error, DownloadError::Busy { .. }), "{error}");
    assert!(error.to_string().contains("another Carryout"), "{error}");

    writeln!(stdin, "go").unwrap();
    let status = tokio::task::spawn_blocking(move || {
        let mut stdout = stdout;
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
        child.wait().unwrap()
    })
    .await
    .unwrap();
    assert!(status.success(), "the child's download failed");
    setup.download(DownloadOptions::default()).await.0.unwrap();
    setup.assert_identical().await;
}
