//! Resumable, verified downloads of an export job's archives from signed Cloud Storage URLs
//! into an export folder, with a receipt (`manifest.json` + `SHA256SUMS`) at the end.
//!
//! Each archive streams to `<name>.part` (bounded memory), resumes with `Range` guarded by the
//! ETag (offsets and ETags live in the state database), is checked against the size and the
//! crc32c of `x-goog-hash` (md5 on request), fsynced, and only then renamed to its name.

mod blocks;
mod fetch;
mod headers;
mod job_context;
mod lock;
mod part;
mod pipeline;
mod record;
mod request;
mod round;
mod space;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;

use crate::api::{AccessType, ApiError, JobId, RetryPolicy};
use crate::clock::Clock;
use crate::files::private;
use crate::library::{FileReceipt, Manifest};
use crate::progress::ProgressSink;
use crate::secret::SignedUrl;
use crate::store::{Store, StoreError};

pub use crate::files::sanitize_file_name;
pub use fetch::RETENTION;

/// How downloads behave; `Default` is what the app uses.
#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// Archives downloaded at the same time.
    pub parallel: usize,
    /// Also check the md5 of `x-goog-hash` (about 3 s per GiB; composite objects have none).
    pub verify_md5: bool,
    /// Backoff for connection errors, 5xx and 429, mid-body included.
    pub retry: RetryPolicy,
    /// Fresh downloads after a failed check (size, crc32c, md5) before giving up.
    pub integrity_retries: u32,
    /// URL refreshes in a row without a byte of progress before giving up.
    pub url_refreshes: u32,
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes; there is deliberately no total timeout.
    pub read_timeout: Duration,
    /// Behave as if the disk filled up once a part reaches this many bytes (for tests).
    #[doc(hidden)]
    pub disk_full_at: Option<u64>,
    /// Behave as if the backup folder's disk had at most this many bytes free (for tests).
    #[doc(hidden)]
    pub free_space_at_most: Option<u64>,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self {
            parallel: 3,
            verify_md5: false,
            retry: RetryPolicy {
                attempts: 8,
                ..RetryPolicy::default()
            },
            integrity_retries: 2,
            url_refreshes: 3,
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            disk_full_at: None,
            free_space_at_most: None,
        }
    }
}

/// A completed job's archives and what its receipt records about the job.
#[derive(Debug, Clone)]
pub struct JobDownload {
    /// The resource groups of the job, as named in the receipt.
    pub groups: Vec<crate::catalog::GroupId>,
    pub job_id: JobId,
    pub access_type: AccessType,
    pub start_time: Option<DateTime<Utc>>,
    pub export_time: Option<DateTime<Utc>>,
    pub urls: Vec<SignedUrl>,
}

/// A future returned by [`UrlSource::fresh_urls`].
pub type FreshUrls<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<SignedUrl>, ApiError>> + Send + 'a>>;

/// Where fresh signed URLs come from when the ones in hand expire (6 h): the engine asks
/// `archiveJobs.getPortabilityArchiveState` again.
pub trait UrlSource: Send + Sync {
    fn fresh_urls(&self) -> FreshUrls<'_>;
}

/// Why a download stopped. Every variant leaves nothing unverified under an archive's name.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("the job has no archive URLs: is it complete?")]
    NoUrls,
    #[error(
        "another Carryout (the app or a command) is downloading {archive} into this folder; let \
         it finish, or stop it and run the download again"
    )]
    Busy { archive: String },
    #[error("could not download {archive}: {detail}; run the download again to resume")]
    Transport { archive: String, detail: String },
    #[error(
        "Cloud Storage refused {archive} (HTTP {http} {code}); run the download again to resume"
    )]
    Refused {
        archive: String,
        http: u16,
        code: String,
    },
    #[error(
        "{archive} is no longer available: Google deletes export data 14 days after it is \
         ready, and resetting the authorization removes it. Start a new export."
    )]
    Gone { archive: String },
    #[error(
        "the signed URL of {archive} keeps being refused ({code}) even after fetching fresh URLs"
    )]
    UrlRejected { archive: String, code: String },
    #[error("could not get fresh download URLs: {0}")]
    Refresh(#[source] ApiError),
    #[error("the job's fresh URLs no longer include {archive}")]
    NotInJob { archive: String },
    #[error(
        "{archive} failed verification {attempts} times ({detail}); nothing was kept under its name"
    )]
    Integrity {
        archive: String,
        attempts: u32,
        detail: String,
    },
    #[error(
        "the disk is full: {part} is kept and the download resumes from there once space is \
         freed"
    )]
    DiskFull { part: PathBuf },
    #[error(
        "not enough free space in {dir}: {needed} bytes needed, {available} available; free \
         space or choose another backup folder"
    )]
    NotEnoughSpace {
        dir: PathBuf,
        needed: u64,
        available: u64,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DownloadError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Downloads export jobs. Cheap to share; one per process is enough.
#[derive(Debug, Clone)]
pub struct Downloader {
    store: Store,
    clock: Arc<dyn Clock>,
    options: DownloadOptions,
    http: reqwest::Client,
}

impl Downloader {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        options: DownloadOptions,
    ) -> Result<Self, DownloadError> {
        let http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .user_agent(concat!("carryout/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DownloadError::Transport {
                archive: String::new(),
                detail: e.without_url().to_string(),
            })?;
        Ok(Self {
            store,
            clock,
            options,
            http,
        })
    }

    /// Downloads (or resumes) every archive of `job` into `export_dir`, verifies each, and
    /// writes the folder's `manifest.json` and `SHA256SUMS`. Archives already complete are
    /// not downloaded again.
    pub async fn download_job(
        &self,
        job: &JobDownload,
        export_dir: &Path,
        urls: &dyn UrlSource,
        progress: &dyn ProgressSink,
    ) -> Result<Manifest, DownloadError> {
        if job.urls.is_empty() {
            return Err(DownloadError::NoUrls);
        }
        private::create_dir_all(export_dir).map_err(|e| DownloadError::io(export_dir, e))?;
        let archives = file_names(&job.urls);
        let context = job_context::JobContext::new(job, export_dir, urls, progress);
        self.check_room_for_job(&context, &archives).await?;
        let results: Vec<Result<FileReceipt, DownloadError>> = futures_util::stream::iter(archives)
            .map(|(object, file_name)| {
                let context = &context;
                async move { self.fetch(context, &object, &file_name).await }
            })
            .buffered(self.options.parallel.max(1))
            .collect()
            .await;
        let files = results.into_iter().collect::<Result<Vec<_>, _>>()?;
        let manifest = Manifest {
            groups: job.groups.clone(),
            job_id: job.job_id.0.clone(),
            access_type: access_type_name(job.access_type).to_owned(),
            start_time: job.start_time,
            export_time: job.export_time,
            files,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        manifest
            .write(export_dir)
            .map_err(|e| DownloadError::io(export_dir, e))?;
        Ok(manifest)
    }
}

/// Each URL's object name and a safe, unique file name for it.
fn file_names(urls: &[SignedUrl]) -> Vec<(String, String)> {
    let mut taken = std::collections::HashSet::new();
    urls.iter()
        .map(|url| {
            let object = url.object_name().to_owned();
            let base = sanitize_file_name(&object);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{n}-{base}");
                n += 1;
            }
            (object, name)
        })
        .collect()
}

fn access_type_name(access: AccessType) -> &'static str {
    match access {
        AccessType::OneTime => "one_time",
        AccessType::TimeBased => "time_based",
        AccessType::Unspecified => "unspecified",
    }
}
