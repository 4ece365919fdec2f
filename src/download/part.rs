//! The part file of an archive: where a pass resumes (the prefix a record vouches for, and its
//! hashes), and how a finished part is checked against the server's size and hashes before it
//! takes its name.

use std::path::Path;

use super::fetch::{Archive, Resume, report};
use super::headers::{ObjectInfo, crc32c_base64, md5_base64};
use super::job_context::JobContext;
use super::pipeline::{Finished, Hashes, Pipeline};
use super::record::{self, Completed, Key};
use super::round::Round;
use super::{DownloadError, Downloader};
use crate::files::sync_dir;
use crate::library::FileReceipt;

impl Downloader {
    /// Where this round starts: after the prefix of the part its record (with an ETag) vouches
    /// for, else from zero; with the hashes of that prefix and the disk side running. The
    /// record vouches only for what was made durable: after a power cut the part may be longer,
    /// its tail garbage the page cache never wrote, and that tail is cut off.
    pub(super) async fn resume(&self, key: &Key<'_>, part: &Path) -> Result<Resume, Round> {
        let options = &self.options;
        // Resume only a part whose ETag is on record: without it the bytes cannot be trusted.
        let record = record::load(&self.store, key)?.filter(|r| r.complete.is_none());
        let part_len = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let (offset, etag) = match &record {
            Some(r) if r.etag.is_some() && r.total.is_some_and(|t| part_len <= t) => {
                let durable = part_len.min(r.durable_offset);
                // Re-fetch the last byte of a complete part so the answer carries the headers.
                let total = r.total.unwrap_or_default();
                (durable.min(total.saturating_sub(1)), r.etag.clone())
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
            let (store, clock) = (self.store.clone(), self.clock.clone());
            let (job_id, object) = (key.job_id.to_owned(), key.object.to_owned());
            Box::new(move |durable: u64| {
                let key = Key {
                    job_id: &job_id,
                    object: &object,
                };
                if let Err(error) = record::checkpoint(&store, &key, durable, clock.now()) {
                    tracing::warn!("recording download progress failed: {error}");
                }
            })
        };
        let pipeline = Pipeline::start(
            part.to_path_buf(),
            offset,
            hashes,
            options.disk_full_at,
            checkpoint,
        )
        .map_err(|e| DownloadError::io(part, e))?;
        Ok(Resume {
            total: record.and_then(|r| r.total),
            offset,
            etag,
            pipeline,
        })
    }

    /// Checks a written and synced part against the size and hashes the server gave, then
    /// moves it to its name and records it as complete.
    pub(super) async fn keep_verified(
        &self,
        context: &JobContext<'_>,
        &Archive {
            key,
            file_name,
            part,
        }: &Archive<'_>,
        info: &ObjectInfo,
        size: u64,
        finished: Finished,
    ) -> Result<FileReceipt, Round> {
        let on_disk = std::fs::metadata(part)
            .map_err(|e| DownloadError::io(part, e))?
            .len();
        if on_disk != size {
            return Err(Round::StartOver(format!(
                "{on_disk} bytes on disk, {size} expected"
            )));
        }
        // Without a crc32c from the server only the size is checked; the receipt says so.
        if let Some(expected) = info.crc32c
            && expected != finished.crc32c
        {
            return Err(Round::StartOver(format!(
                "crc32c {} does not match the server's {}",
                crc32c_base64(finished.crc32c),
                crc32c_base64(expected)
            )));
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
        let done = Completed {
            file_name: file_name.to_owned(),
            sha256: hex::encode(finished.sha256),
            crc32c: info.crc32c.map(crc32c_base64),
            md5,
            completed_at: self.clock.now(),
        };
        // The rename, the folder's fsync and the synced commit, off the async workers.
        let (part, export_dir) = (part.to_path_buf(), context.export_dir.clone());
        let (owned, record) = (key.owned(), done.clone());
        self.store
            .blocking(move |store| {
                let final_path = export_dir.join(&record.file_name);
                std::fs::rename(&part, &final_path)
                    .map_err(|e| DownloadError::io(&final_path, e))?;
                sync_dir(&export_dir);
                record::complete(store, &owned.key(), size, &record)?;
                Ok::<_, DownloadError>(())
            })
            .await?;
        report(context.progress, file_name, size, size);
        Ok(done.into_receipt(key.object, size))
    }
}
