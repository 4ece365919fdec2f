//! One archive's transfer: requests, resumes, retries, URL refreshes, verification and the
//! final rename.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{RANGE, RETRY_AFTER};
use tokio::sync::Mutex;

use super::headers::{ObjectInfo, crc32c_base64, md5_base64, storage_error_code};
use super::pipeline::{Hashes, Pipeline, WriteFailure};
use super::record::{self, Completed, Key};
use super::{DownloadError, Downloader, JobDownload, UrlSource};
use crate::library::FileReceipt;
use crate::library::manifest::sync_dir;
use crate::progress::{ProgressEvent, ProgressSink};
use crate::secret::SignedUrl;

/// How long Cloud Storage keeps export data after the job completes.
const RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(14);
/// Archives this close to deletion get a warning.
const DELETION_WARNING: chrono::TimeDelta = chrono::TimeDelta::days(2);
/// At most this many progress events per second per archive.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// What the archives of one job share: the export folder and the current set of URLs.
pub(crate) struct JobContext<'a> {
    job_id: String,
    export_dir: PathBuf,
    source: &'a dyn UrlSource,
    progress: &'a dyn ProgressSink,
    /// The URLs in hand and how many times they were refreshed, so that archives expiring
    /// together refresh once.
    urls: Mutex<(u64, Vec<SignedUrl>)>,
    /// Bytes each archive being downloaded still has to write: the room an archive that starts
    /// now must leave free for the others.
    to_write: std::sync::Mutex<HashMap<String, u64>>,
}

impl<'a> JobContext<'a> {
    pub fn new(
        job: &JobDownload,
        export_dir: &Path,
        source: &'a dyn UrlSource,
        progress: &'a dyn ProgressSink,
    ) -> Self {
        Self {
            job_id: job.job_id.0.clone(),
            export_dir: export_dir.to_path_buf(),
            source,
            progress,
            urls: Mutex::new((0, job.urls.clone())),
            to_write: std::sync::Mutex::default(),
        }
    }

    fn writing(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.to_write
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What the other archives of this job still have to write.
    fn to_write_by_others(&self, object: &str) -> u64 {
        self.writing()
            .iter()
            .filter(|(other, _)| other.as_str() != object)
            .map(|(_, bytes)| bytes)
            .sum()
    }

    fn set_to_write(&self, object: &str, bytes: u64) {
        self.writing().insert(object.to_owned(), bytes);
    }

    fn done_writing(&self, object: &str) {
        self.writing().remove(object);
    }

    async fn url_for(&self, object: &str) -> Result<(u64, SignedUrl), DownloadError> {
        let urls = self.urls.lock().await;
        find(&urls.1, object).map(|url| (urls.0, url))
    }

    /// Fresh URLs, unless another archive already refreshed since `seen`.
    async fn refresh(&self, object: &str, seen: u64) -> Result<(u64, SignedUrl), DownloadError> {
        let mut urls = self.urls.lock().await;
        if urls.0 == seen {
            let fresh = self
                .source
                .fresh_urls()
                .await
                .map_err(DownloadError::Refresh)?;
            *urls = (seen + 1, fresh);
        }
        find(&urls.1, object).map(|url| (urls.0, url))
    }
}

fn find(urls: &[SignedUrl], object: &str) -> Result<SignedUrl, DownloadError> {
    urls.iter()
        .find(|url| url.object_name() == object)
        .cloned()
        .ok_or_else(|| DownloadError::NotInJob {
            archive: object.to_owned(),
        })
}

/// Why one pass over an archive ended without a verified file.
enum Round {
    /// Delete the part and download from the start (bounded).
    StartOver(String),
    Fatal(DownloadError),
}

impl From<DownloadError> for Round {
    fn from(error: DownloadError) -> Self {
        Self::Fatal(error)
    }
}

impl From<crate::store::StoreError> for Round {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Fatal(error.into())
    }
}

impl Downloader {
    pub(crate) async fn fetch(
        &self,
        context: &JobContext<'_>,
        object: &str,
        file_name: &str,
    ) -> Result<FileReceipt, DownloadError> {
        let key = Key {
            job_id: &context.job_id,
            object,
        };
        if let Some(receipt) = self.already_complete(context, &key)? {
            return Ok(receipt);
        }
        let result = self.fetch_rounds(context, &key, file_name).await;
        context.done_writing(object);
        result
    }

    /// Downloads until one round ends with a verified file, starting over (bounded) when the
    /// bytes cannot be trusted.
    async fn fetch_rounds(
        &self,
        context: &JobContext<'_>,
        key: &Key<'_>,
        file_name: &str,
    ) -> Result<FileReceipt, DownloadError> {
        let object = key.object;
        let part = context.export_dir.join(format!("{file_name}.part"));
        let mut restarts = 0;
        loop {
            match self.fetch_round(context, key, file_name, &part).await {
                Ok(receipt) => return Ok(receipt),
                Err(Round::Fatal(error)) => return Err(error),
                Err(Round::StartOver(why)) => {
                    tracing::warn!(archive = object, "downloading again from the start: {why}");
                    remove_if_present(&part)?;
                    record::forget(&self.store, key)?;
                    restarts += 1;
                    if restarts > self.options.integrity_retries {
                        return Err(DownloadError::Integrity {
                            archive: object.to_owned(),
                            attempts: restarts,
                            detail: why,
                        });
                    }
                }
            }
        }
    }

    /// The receipt of an archive a previous run finished, if its file is still there.
    fn already_complete(
        &self,
        context: &JobContext<'_>,
        key: &Key<'_>,
    ) -> Result<Option<FileReceipt>, DownloadError> {
        let Some(record) = record::load(&self.store, key)? else {
            return Ok(None);
        };
        let (Some(done), Some(size)) = (record.complete, record.total) else {
            return Ok(None);
        };
        let path = context.export_dir.join(&done.file_name);
        if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(size) {
            return Ok(None);
        }
        report(context.progress, &done.file_name, size, size);
        Ok(Some(FileReceipt {
            name: done.file_name,
            object: key.object.to_owned(),
            size,
            sha256: done.sha256,
            crc32c: done.crc32c,
            md5: done.md5,
            downloaded_at: done.completed_at,
            warnings: Vec::new(),
        }))
    }

    async fn fetch_round(
        &self,
        context: &JobContext<'_>,
        key: &Key<'_>,
        file_name: &str,
        part: &Path,
    ) -> Result<FileReceipt, Round> {
        let options = &self.options;
        let object = key.object;
        // Resume only a part whose ETag is on record: without it the bytes cannot be trusted.
        let record = record::load(&self.store, key)?.filter(|r| r.complete.is_none());
        let part_len = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let (mut offset, mut etag) = match &record {
            Some(r) if r.etag.is_some() && r.total.is_some_and(|t| part_len <= t) => {
                // Re-fetch the last byte of a complete part so the answer carries the headers.
                let total = r.total.unwrap_or_default();
                (part_len.min(total.saturating_sub(1)), r.etag.clone())
            }
            _ => (0, None),
        };
        let hashes = if offset > 0 {
            let (path, md5) = (part.to_path_buf(), options.verify_md5);
            tokio::task::spawn_blocking(move || Hashes::of_prefix(&path, offset, md5))
                .await
                .map_err(|e| DownloadError::io(part, std::io::Error::other(e)))?
                .map_err(|e| DownloadError::io(part, e))?
        } else {
            Hashes::new(options.verify_md5)
        };
        let checkpoint = {
            let store = self.store.clone();
            let (job_id, object) = (key.job_id.to_owned(), object.to_owned());
            Box::new(move |durable: u64| {
                let key = Key {
                    job_id: &job_id,
                    object: &object,
                };
                if let Err(error) = record::checkpoint(&store, &key, durable) {
                    tracing::warn!("recording download progress failed: {error}");
                }
            })
        };
        let mut pipeline = Pipeline::start(
            part.to_path_buf(),
            offset,
            hashes,
            options.disk_full_at,
            checkpoint,
        )
        .map_err(|e| DownloadError::io(part, e))?;

        let mut info: Option<ObjectInfo> = None;
        let mut total = record.as_ref().and_then(|r| r.total);
        let (mut generation, mut url) = context.url_for(object).await?;
        let (mut failures, mut refreshes) = (0u32, 0u32);
        let mut throttle = Throttle::default();
        let mut warnings = Vec::new();

        while info.is_none() || Some(offset) != total {
            let mut request = self.http.get(url.expose().clone());
            if offset > 0 {
                request = request.header(RANGE, format!("bytes={offset}-"));
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let detail = error.without_url().to_string();
                    self.back_off(&mut failures, None, object, || DownloadError::Transport {
                        archive: object.to_owned(),
                        detail,
                    })
                    .await?;
                    continue;
                }
            };
            let status = response.status();
            if !matches!(status, StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
                let retry_after = response
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| crate::api::parse_retry_after(v, self.clock.now()));
                let body = response.bytes().await.unwrap_or_default();
                let code = storage_error_code(&body).unwrap_or_default();
                match (status.as_u16(), code.as_str()) {
                    (416, _) => {
                        return Err(Round::StartOver(
                            "the server could not resume where the part ends".into(),
                        ));
                    }
                    (400, "ExpiredToken") | (403, "SignatureDoesNotMatch" | "AccessDenied") => {
                        refreshes += 1;
                        if refreshes > options.url_refreshes {
                            return Err(Round::Fatal(DownloadError::UrlRejected {
                                archive: object.to_owned(),
                                code,
                            }));
                        }
                        tracing::info!(archive = object, "{code}: fetching fresh URLs");
                        (generation, url) = context.refresh(object, generation).await?;
                    }
                    (404, _) => {
                        return Err(Round::Fatal(DownloadError::Gone {
                            archive: object.to_owned(),
                        }));
                    }
                    (408 | 429 | 500..=599, _) => {
                        let http = status.as_u16();
                        self.back_off(&mut failures, retry_after, object, || {
                            DownloadError::Refused {
                                archive: object.to_owned(),
                                http,
                                code: code.clone(),
                            }
                        })
                        .await?;
                    }
                    (http, _) => {
                        return Err(Round::Fatal(DownloadError::Refused {
                            archive: object.to_owned(),
                            http,
                            code,
                        }));
                    }
                }
                continue;
            }

            let this =
                ObjectInfo::from_headers(response.headers(), status == StatusCode::PARTIAL_CONTENT);
            if let Some(known) = &etag
                && this.etag.as_ref() != Some(known)
            {
                return Err(Round::StartOver(
                    "the archive changed on the server (new ETag)".into(),
                ));
            }
            let Some(size) = this.total else {
                return Err(Round::Fatal(DownloadError::Refused {
                    archive: object.to_owned(),
                    http: status.as_u16(),
                    code: "no object size in the answer".into(),
                }));
            };
            if total.is_some_and(|t| t != size) {
                return Err(Round::StartOver("the archive's size changed".into()));
            }
            if info.is_none() {
                self.first_answer(context, key, file_name, &this, size, offset, etag.is_none())?;
                etag = this.etag.clone();
                total = Some(size);
                info = Some(this);
            }
            // A server that ignores `Range` sends the whole object: skip what is already here.
            let mut skip = if status == StatusCode::OK { offset } else { 0 };
            let mut body = response.bytes_stream();
            let mut progressed = false;
            let mut broken = None;
            while let Some(piece) = body.next().await {
                let mut chunk: Bytes = match piece {
                    Ok(chunk) => chunk,
                    Err(error) => {
                        broken = Some(error.without_url().to_string());
                        break;
                    }
                };
                if skip > 0 {
                    let dropped = skip.min(chunk.len() as u64);
                    let _ = chunk.split_to(dropped as usize);
                    skip -= dropped;
                }
                if chunk.is_empty() {
                    continue;
                }
                if offset + chunk.len() as u64 > size {
                    return Err(Round::StartOver("more bytes than the archive has".into()));
                }
                offset += chunk.len() as u64;
                if pipeline.push(chunk).await.is_err() {
                    return Err(Round::Fatal(self.write_failed(&mut pipeline, part).await));
                }
                progressed = true;
                if throttle.tick(context.progress, file_name, offset, size) {
                    context.set_to_write(object, size - offset);
                }
            }
            if progressed {
                failures = 0;
                refreshes = 0;
            }
            if offset < size {
                let detail = broken.unwrap_or_else(|| "the connection closed early".into());
                tracing::debug!(archive = object, offset, "body interrupted: {detail}");
                self.back_off(&mut failures, None, object, || DownloadError::Transport {
                    archive: object.to_owned(),
                    detail,
                })
                .await?;
            }
        }

        let finished = match pipeline.finish().await {
            Ok(finished) => finished,
            Err(failure) => return Err(Round::Fatal(write_error(failure, part))),
        };
        let info = info.unwrap_or_else(|| unreachable!("the loop ends after an answer"));
        let size = offset;
        let on_disk = std::fs::metadata(part)
            .map_err(|e| DownloadError::io(part, e))?
            .len();
        if on_disk != size {
            return Err(Round::StartOver(format!(
                "{on_disk} bytes on disk, {size} expected"
            )));
        }
        match info.crc32c {
            Some(expected) if expected != finished.crc32c => {
                return Err(Round::StartOver(format!(
                    "crc32c {} does not match the server's {}",
                    crc32c_base64(finished.crc32c),
                    crc32c_base64(expected)
                )));
            }
            Some(_) => {}
            None => warnings.push("the server sent no crc32c: only the size was checked".into()),
        }
        let mut md5 = None;
        if let (Some(expected), Some(actual)) = (info.md5, finished.md5) {
            if expected != actual {
                return Err(Round::StartOver(format!(
                    "md5 {} does not match the server's {}",
                    md5_base64(&actual),
                    md5_base64(&expected)
                )));
            }
            md5 = Some(md5_base64(&actual));
        }
        let final_path = context.export_dir.join(file_name);
        std::fs::rename(part, &final_path).map_err(|e| DownloadError::io(&final_path, e))?;
        sync_dir(&context.export_dir);
        let done = Completed {
            file_name: file_name.to_owned(),
            sha256: hex::encode(finished.sha256),
            crc32c: info.crc32c.map(crc32c_base64),
            md5,
            completed_at: self.clock.now(),
        };
        record::complete(&self.store, key, size, &done)?;
        report(context.progress, file_name, size, size);
        Ok(FileReceipt {
            name: done.file_name,
            object: object.to_owned(),
            size,
            sha256: done.sha256,
            crc32c: done.crc32c,
            md5: done.md5,
            downloaded_at: done.completed_at,
            warnings,
        })
    }

    /// Records the object's identity, checks free space and warns about near deletion.
    #[expect(clippy::too_many_arguments, reason = "one call site, all plain values")]
    fn first_answer(
        &self,
        context: &JobContext<'_>,
        key: &Key<'_>,
        file_name: &str,
        info: &ObjectInfo,
        size: u64,
        offset: u64,
        new_part: bool,
    ) -> Result<(), Round> {
        if new_part {
            record::begin(
                &self.store,
                key,
                &context.export_dir.to_string_lossy(),
                file_name,
                info.etag.as_deref(),
                Some(size),
                offset,
                self.clock.now(),
            )?;
        }
        // Archives downloading beside this one need their room too.
        let needed = size - offset + context.to_write_by_others(key.object);
        if let Ok(available) = fs4::available_space(&context.export_dir)
            && available < needed
        {
            return Err(Round::Fatal(DownloadError::NotEnoughSpace {
                dir: context.export_dir.clone(),
                needed,
                available,
            }));
        }
        context.set_to_write(key.object, size - offset);
        if let Some(ready) = info.last_modified {
            let deleted_at = ready + RETENTION;
            if deleted_at - self.clock.now() < DELETION_WARNING {
                let message = format!(
                    "Google deletes this archive at {}: download it before then",
                    deleted_at.to_rfc3339()
                );
                tracing::warn!(archive = key.object, "{message}");
                context.progress.report(ProgressEvent::ArchiveWarning {
                    archive: file_name.to_owned(),
                    message,
                });
            }
        }
        Ok(())
    }

    /// Waits before the next attempt, or gives up with `give_up()` once the policy's attempts
    /// are spent or the server asks for a longer wait than the policy accepts.
    async fn back_off(
        &self,
        failures: &mut u32,
        retry_after: Option<Duration>,
        object: &str,
        give_up: impl FnOnce() -> DownloadError,
    ) -> Result<(), Round> {
        let policy = &self.options.retry;
        if *failures + 1 >= policy.attempts {
            return Err(Round::Fatal(give_up()));
        }
        let wait = match retry_after {
            Some(wait) if wait > policy.max_retry_after => return Err(Round::Fatal(give_up())),
            Some(wait) => wait,
            None => policy.backoff(*failures),
        };
        tracing::debug!(archive = object, ?wait, "retrying");
        *failures += 1;
        self.clock.sleep(wait).await;
        Ok(())
    }

    async fn write_failed(&self, pipeline: &mut Pipeline, part: &Path) -> DownloadError {
        match pipeline.finish().await {
            Err(failure) => write_error(failure, part),
            Ok(_) => DownloadError::io(part, std::io::Error::other("the writer stopped early")),
        }
    }
}

fn write_error(failure: WriteFailure, part: &Path) -> DownloadError {
    let error = failure.error;
    // ENOSPC and EDQUOT on Unix, ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    let full = error.kind() == std::io::ErrorKind::StorageFull
        || error.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(error.raw_os_error(), Some(28 | 122 | 112 | 39) if cfg!(unix) || cfg!(windows));
    if full {
        DownloadError::DiskFull {
            part: part.to_path_buf(),
        }
    } else {
        DownloadError::io(part, error)
    }
}

fn remove_if_present(path: &Path) -> Result<(), DownloadError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(DownloadError::io(path, e)),
        _ => Ok(()),
    }
}

fn report(progress: &dyn ProgressSink, archive: &str, done: u64, total: u64) {
    progress.report(ProgressEvent::Transfer {
        archive: archive.to_owned(),
        done,
        total,
    });
}

/// Limits progress events to one per [`PROGRESS_INTERVAL`] (the final one is sent apart).
#[derive(Default)]
struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    /// Reports progress unless the last report is too recent; `true` when it reported.
    fn tick(&mut self, progress: &dyn ProgressSink, archive: &str, done: u64, total: u64) -> bool {
        if done == total || self.last.is_some_and(|t| t.elapsed() < PROGRESS_INTERVAL) {
            return false;
        }
        self.last = Some(Instant::now());
        report(progress, archive, done, total);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AccessType, JobId};

    struct NoUrls;

    impl UrlSource for NoUrls {
        fn fresh_urls(&self) -> crate::download::FreshUrls<'_> {
            Box::pin(async { Ok(Vec::new()) })
        }
    }

    #[test]
    fn an_archive_must_leave_room_for_what_the_others_still_write() {
        let job = JobDownload {
            group: "maps.reviews".into(),
            job_id: JobId::from("job"),
            access_type: AccessType::OneTime,
            start_time: None,
            export_time: None,
            urls: Vec::new(),
        };
        let progress = |_| {};
        let context = JobContext::new(&job, Path::new("."), &NoUrls, &progress);
        context.set_to_write("a.zip", 300);
        context.set_to_write("b.zip", 200);
        assert_eq!(context.to_write_by_others("c.zip"), 500);
        assert_eq!(context.to_write_by_others("a.zip"), 200);
        context.set_to_write("a.zip", 100);
        assert_eq!(context.to_write_by_others("c.zip"), 300);
        context.done_writing("b.zip");
        assert_eq!(context.to_write_by_others("c.zip"), 100);
    }
}
