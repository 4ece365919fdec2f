//! A completed job on the emulator, a downloader on a fresh state database, and the archives'
//! true bytes to compare with.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use carryout::api::{ApiError, InitiateRequest, JobState};
use carryout::clock::{Clock, ManualClock, Sleep};
use carryout::download::{
    DownloadError, DownloadOptions, Downloader, FreshUrls, JobDownload, UrlSource,
};
use carryout::library::Manifest;
use carryout::progress::ProgressEvent;
use carryout::store::Store;
use carryout_emulator::EntryCompression;

use crate::common::{self, Harness};

/// What the check for free space before a job starts fetches of each archive whose size is not
/// yet on record: its first byte, for the size in the answer's `Content-Range`.
pub const PROBE: u64 = 1;

pub const GROUP: &str = "myactivity.search";

pub struct Setup {
    pub h: Harness,
    pub refresh_token: String,
    pub job: JobDownload,
    pub root: tempfile::TempDir,
    pub clock: HookClock,
    pub refreshes: Arc<AtomicUsize>,
}

/// A completed job of `parts` archives of `size` bytes in all.
pub async fn completed_job(size: u64, parts: u32) -> Setup {
    completed_job_packed(size, parts, EntryCompression::Deflated).await
}

/// A completed job whose archives pack their JSON files as `packing` says.
pub async fn completed_job_packed(size: u64, parts: u32, packing: EntryCompression) -> Setup {
    let h = common::start().await;
    let control = h.emulator.control();
    control.set_entry_compression(packing);
    control.set_archive_size(Some(GROUP), size);
    control.set_part_count(Some(GROUP), parts);
    let tokens = h.consent(&[GROUP]).await;
    let job = h
        .api
        .initiate(&tokens.access, &InitiateRequest::new([GROUP]))
        .await
        .unwrap();
    h.advance(600);
    let state = h
        .api
        .archive_state(&tokens.access, &job.archive_job_id)
        .await
        .unwrap();
    assert_eq!(state.state, JobState::Complete);
    let job = JobDownload {
        groups: vec![GROUP.into()],
        job_id: job.archive_job_id,
        access_type: job.access_type,
        start_time: state.start_time,
        export_time: state.export_time,
        urls: state.urls,
    };
    Setup {
        h,
        refresh_token: tokens.refresh,
        job,
        root: tempfile::tempdir().unwrap(),
        clock: HookClock::new(),
        refreshes: Arc::new(AtomicUsize::new(0)),
    }
}

impl Setup {
    pub fn data_dir(&self) -> PathBuf {
        let dir = self.root.path().join("data");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub fn export_dir(&self) -> PathBuf {
        self.root.path().join("backups").join(GROUP).join("export")
    }

    /// A downloader on the state database in `data_dir` (reopened each time: a "restart").
    pub fn downloader(&self, options: DownloadOptions) -> Downloader {
        let store = Store::open(&self.data_dir()).unwrap();
        Downloader::new(store, Arc::new(self.clock.clone()), options).unwrap()
    }

    pub async fn download(
        &self,
        options: DownloadOptions,
    ) -> (Result<Manifest, DownloadError>, Vec<ProgressEvent>) {
        let events = Mutex::new(Vec::new());
        let sink = |event: ProgressEvent| events.lock().unwrap().push(event);
        let source = Refresher { setup: self };
        let result = self
            .downloader(options)
            .download_job(&self.job, &self.export_dir(), &source, &sink)
            .await;
        (result, events.into_inner().unwrap())
    }

    /// The archives' true bytes, fetched plainly with fresh URLs (no faults must be armed).
    pub async fn originals(&self) -> Vec<(String, Vec<u8>)> {
        let token = self.h.refresh(&self.refresh_token).await;
        let state = self
            .h
            .api
            .archive_state(&token, &self.job.job_id)
            .await
            .unwrap();
        let mut out = Vec::new();
        for url in state.urls {
            let bytes = reqwest::get(url.expose().clone())
                .await
                .unwrap()
                .error_for_status()
                .unwrap()
                .bytes()
                .await
                .unwrap();
            out.push((url.object_name().to_owned(), bytes.to_vec()));
        }
        out
    }

    /// Every archive is in the export folder, byte for byte, and no part is left.
    pub async fn assert_identical(&self) {
        let originals = self.originals().await;
        let dir = self.export_dir();
        for (name, bytes) in &originals {
            let got = std::fs::read(dir.join(name)).unwrap();
            assert!(got == *bytes, "{name} differs from the source");
        }
        assert_eq!(parts_in(&dir), Vec::<String>::new());
    }

    /// Every body byte storage sent, the free-space check's one-byte requests included
    /// ([`PROBE`] per archive whose size was not yet on record).
    pub fn bytes_sent(&self) -> u64 {
        self.h.emulator.control().stats().storage_bytes_sent
    }

    /// At the downloader's first backoff, 7 hours pass on the emulator: the signed URLs in hand
    /// (6 h) expire while it waits.
    pub fn expire_urls_at_first_backoff(&self) {
        let later = self.h.emulator.control().clone();
        self.clock
            .on_first_sleep(move || later.advance(Duration::from_secs(7 * 3600)));
    }
}

pub fn parts_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".part"))
                .collect()
        })
        .unwrap_or_default()
}

/// For URLs that must not need refreshing: asking for fresh ones is an error.
pub struct NoRefresh;

impl UrlSource for NoRefresh {
    fn fresh_urls(&self) -> FreshUrls<'_> {
        Box::pin(async {
            Err(ApiError::Protocol {
                http: 0,
                detail: "no refresh here".into(),
            })
        })
    }
}

/// Fresh URLs the way the engine gets them: a refreshed token, then the job's state.
struct Refresher<'a> {
    setup: &'a Setup,
}

impl UrlSource for Refresher<'_> {
    fn fresh_urls(&self) -> FreshUrls<'_> {
        Box::pin(async move {
            self.setup.refreshes.fetch_add(1, Ordering::SeqCst);
            let token = self.setup.h.refresh(&self.setup.refresh_token).await;
            let state = self
                .setup
                .h
                .api
                .archive_state(&token, &self.setup.job.job_id)
                .await?;
            Ok(state.urls)
        })
    }
}

type Hook = Box<dyn FnOnce() + Send>;

/// A manual clock that runs a hook at the first backoff sleep: "while the client waited, the
/// world changed" (time passed, the object changed).
#[derive(Clone)]
pub struct HookClock {
    pub manual: ManualClock,
    hook: Arc<Mutex<Option<Hook>>>,
}

impl std::fmt::Debug for HookClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HookClock")
    }
}

impl HookClock {
    fn new() -> Self {
        Self {
            manual: ManualClock::new(chrono::Utc::now()),
            hook: Arc::new(Mutex::new(None)),
        }
    }

    pub fn on_first_sleep(&self, hook: impl FnOnce() + Send + 'static) {
        *self.hook.lock().unwrap() = Some(Box::new(hook));
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.manual.sleeps()
    }
}

impl Clock for HookClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.manual.now()
    }

    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        if let Some(hook) = self.hook.lock().unwrap().take() {
            hook();
        }
        self.manual.sleep(duration)
    }
}
