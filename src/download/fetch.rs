//! One archive's transfer: passes over the body until one ends verified, starting over from
//! zero (bounded) when the bytes cannot be trusted. The requests with their retries and URL
//! refreshes live in `request`; where a pass resumes and how its result is verified, in `part`.

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use reqwest::StatusCode;

use super::headers::ObjectInfo;
use super::job_context::JobContext;
use super::lock::ArchiveLock;
use super::pipeline::{Pipeline, WriteFailure};
use super::record::{self, Completed, Key};
use super::request::Requests;
use super::round::Round;
use super::{DownloadError, Downloader};
use crate::files::PART_SUFFIX;
use crate::library::FileReceipt;
use crate::progress::{ProgressEvent, ProgressSink};

/// How long Cloud Storage keeps export data after the job completes.
pub const RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(14);
/// Archives this close to deletion get a warning.
const DELETION_WARNING: chrono::TimeDelta = chrono::TimeDelta::days(2);
/// At most this many progress events per second per archive.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// The archive a pass works on: its record's key, its file name and its part file.
#[derive(Clone, Copy)]
pub(super) struct Archive<'a> {
    pub key: &'a Key<'a>,
    pub file_name: &'a str,
    pub part: &'a Path,
}

/// The starting point of one pass over an archive.
pub(super) struct Resume {
    /// The object's size, when a previous pass learned it.
    pub total: Option<u64>,
    pub offset: u64,
    pub etag: Option<String>,
    pub pipeline: Pipeline,
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
        let lock = ArchiveLock::take(&context.export_dir, file_name)?;
        // Another process may have completed it between the check and the lock.
        if let Some(receipt) = self.already_complete(context, &key)? {
            return Ok(receipt);
        }
        let result = self.fetch_rounds(context, &key, file_name).await;
        context.done_writing(object);
        if result.is_ok() {
            lock.remove();
        }
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
        let part = context.export_dir.join(format!("{file_name}{PART_SUFFIX}"));
        let mut restarts = 0;
        loop {
            let archive = Archive {
                key,
                file_name,
                part: &part,
            };
            match self.fetch_round(context, &archive).await {
                Ok(receipt) => return Ok(receipt),
                Err(Round::Fatal(error)) => return Err(error),
                Err(Round::StartOver(why)) => {
                    tracing::warn!(archive = object, "downloading again from the start: {why}");
                    remove_if_present(&part)?;
                    let owned = key.owned();
                    self.store
                        .blocking(move |store| record::forget(store, &owned.key()))
                        .await?;
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
        let Some((done, size)) = self.finished_file(&context.export_dir, key)? else {
            return Ok(None);
        };
        report(context.progress, &done.file_name, size, size);
        Ok(Some(done.into_receipt(key.object, size)))
    }

    /// The record and size of an archive a previous run finished, if its file is still there
    /// with that size.
    pub(super) fn finished_file(
        &self,
        export_dir: &Path,
        key: &Key<'_>,
    ) -> Result<Option<(Completed, u64)>, DownloadError> {
        let Some(record) = record::load(&self.store, key)? else {
            return Ok(None);
        };
        let (Some(done), Some(size)) = (record.complete, record.total) else {
            return Ok(None);
        };
        let on_disk = std::fs::metadata(export_dir.join(&done.file_name)).map(|m| m.len());
        Ok((on_disk.ok() == Some(size)).then_some((done, size)))
    }

    async fn fetch_round(
        &self,
        context: &JobContext<'_>,
        archive: &Archive<'_>,
    ) -> Result<FileReceipt, Round> {
        let Archive {
            key,
            file_name,
            part,
        } = *archive;
        let object = key.object;
        let Resume {
            mut total,
            mut offset,
            mut etag,
            mut pipeline,
        } = self.resume(key, part).await?;
        let mut info: Option<ObjectInfo> = None;
        let mut requests = Requests::new(context, object).await?;
        let mut throttle = Throttle::default();

        while info.is_none() || Some(offset) != total {
            let range = (offset > 0).then(|| format!("bytes={offset}-"));
            let response = self.get(context, object, &mut requests, range).await?;
            let status = response.status();
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
                self.first_answer(context, archive, &this, size, offset, etag.is_none())
                    .await?;
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
                if pipeline.push(&chunk).await.is_err() {
                    return Err(Round::Fatal(self.write_failed(&mut pipeline, part).await));
                }
                progressed = true;
                if throttle.tick(self.clock.now(), context.progress, file_name, offset, size) {
                    context.set_to_write(object, size - offset);
                }
            }
            if progressed {
                requests.progressed();
            }
            if offset < size {
                let detail = broken.unwrap_or_else(|| "the connection closed early".into());
                tracing::debug!(archive = object, offset, "body interrupted: {detail}");
                self.back_off(&mut requests, None, object, || DownloadError::Transport {
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
        self.keep_verified(context, archive, &info, offset, finished)
            .await
    }

    /// Records the object's identity, checks free space and warns about near deletion.
    async fn first_answer(
        &self,
        context: &JobContext<'_>,
        &Archive { key, file_name, .. }: &Archive<'_>,
        info: &ObjectInfo,
        size: u64,
        offset: u64,
        new_part: bool,
    ) -> Result<(), Round> {
        if new_part {
            let (owned, now) = (key.owned(), self.clock.now());
            let export_dir = context.export_dir.to_string_lossy().into_owned();
            let (file_name, etag) = (file_name.to_owned(), info.etag.clone());
            self.store
                .blocking(move |store| {
                    record::begin(
                        store,
                        &owned.key(),
                        &export_dir,
                        &file_name,
                        etag.as_deref(),
                        Some(size),
                        offset,
                        now,
                    )
                })
                .await?;
        }
        // Archives downloading beside this one need their room too.
        let needed = size - offset + context.to_write_by_others(key.object);
        self.ensure_room(&context.export_dir, needed)?;
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

pub(super) fn report(progress: &dyn ProgressSink, archive: &str, done: u64, total: u64) {
    progress.report(ProgressEvent::Transfer {
        archive: archive.to_owned(),
        done,
        total,
    });
}

/// Limits progress events to one per [`PROGRESS_INTERVAL`] of the injected clock (the final
/// one is sent apart).
#[derive(Default)]
struct Throttle {
    last: Option<DateTime<Utc>>,
}

impl Throttle {
    /// Reports progress unless the last report is too recent; `true` when it reported.
    fn tick(
        &mut self,
        now: DateTime<Utc>,
        progress: &dyn ProgressSink,
        archive: &str,
        done: u64,
        total: u64,
    ) -> bool {
        let recent = self
            .last
            .is_some_and(|last| (now - last).to_std().unwrap_or_default() < PROGRESS_INTERVAL);
        if done == total || recent {
            return false;
        }
        self.last = Some(now);
        report(progress, archive, done, total);
        true
    }
}
