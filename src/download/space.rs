//! Free space. Before any archive of a job starts, the folder must hold everything the job still
//! has to download (sizes from the records of earlier runs, else from a one-byte request), so
//! a short disk is found out in seconds rather than after hours of downloading; and when each
//! archive starts, again, against what the job's other running archives still write, as other
//! programs may have used the space meanwhile.

use std::path::Path;

use futures_util::{StreamExt, TryStreamExt};
use reqwest::StatusCode;

use super::headers::ObjectInfo;
use super::job_context::JobContext;
use super::record::{self, Key};
use super::request::Requests;
use super::round::Round;
use super::{DownloadError, Downloader};
use crate::files::PART_SUFFIX;

impl Downloader {
    /// Fails with [`DownloadError::NotEnoughSpace`] unless the export folder has room for
    /// every archive of the job still to download.
    pub(super) async fn check_room_for_job(
        &self,
        context: &JobContext<'_>,
        archives: &[(String, String)],
    ) -> Result<(), DownloadError> {
        // Collected first: a lazy `map` closure held across the awaits below would make this
        // future one that `tokio::spawn` cannot take (the compiler cannot prove it `Send` for
        // every lifetime of the closure's argument).
        let sizes: Vec<_> = archives
            .iter()
            .map(|(object, file_name)| self.still_to_write(context, object, file_name))
            .collect();
        let needed: u64 = futures_util::stream::iter(sizes)
            .buffer_unordered(self.options.parallel.max(1))
            .try_fold(
                0u64,
                |sum, bytes| async move { Ok(sum.saturating_add(bytes)) },
            )
            .await?;
        self.ensure_room(&context.export_dir, needed)
    }

    /// What an archive still has to write: nothing once complete; the rest after the durable
    /// prefix of a part whose size is on record; else its size as the server gives it.
    async fn still_to_write(
        &self,
        context: &JobContext<'_>,
        object: &str,
        file_name: &str,
    ) -> Result<u64, DownloadError> {
        let key = Key {
            job_id: &context.job_id,
            object,
        };
        if self.finished_file(&context.export_dir, &key)?.is_some() {
            return Ok(0);
        }
        let part = context.export_dir.join(format!("{file_name}{PART_SUFFIX}"));
        let on_disk = std::fs::metadata(part).map_or(0, |m| m.len());
        let record = record::load(&self.store, &key)?;
        // A resume keeps only the durable prefix of the part (see `Downloader::resume`).
        let kept = record.as_ref().map_or(0, |r| on_disk.min(r.durable_offset));
        let total = match record.and_then(|r| r.total) {
            Some(total) => Some(total),
            None => self.probe_size(context, object).await?,
        };
        Ok(total.unwrap_or(0).saturating_sub(kept))
    }

    /// The archive's size, from the answer to a request for its first byte; `None` when the
    /// answer does not tell (an empty object cannot serve that byte).
    async fn probe_size(
        &self,
        context: &JobContext<'_>,
        object: &str,
    ) -> Result<Option<u64>, DownloadError> {
        let mut requests = Requests::new(context, object).await?;
        match self
            .get(context, object, &mut requests, Some("bytes=0-0".into()))
            .await
        {
            Ok(response) => {
                let partial = response.status() == StatusCode::PARTIAL_CONTENT;
                Ok(ObjectInfo::from_headers(response.headers(), partial).total)
            }
            Err(Round::StartOver(_)) => Ok(None),
            Err(Round::Fatal(error)) => Err(error),
        }
    }

    /// Fails with [`DownloadError::NotEnoughSpace`] when `dir` has less than `needed` bytes
    /// free. A filesystem that cannot tell its free space is given the benefit of the doubt:
    /// a full disk is still caught, and the part kept, while writing.
    pub(super) fn ensure_room(&self, dir: &Path, needed: u64) -> Result<(), DownloadError> {
        let available = match fs4::available_space(dir) {
            Ok(free) => free.min(self.options.free_space_at_most.unwrap_or(u64::MAX)),
            Err(error) => {
                tracing::debug!("free space of {} unknown: {error}", dir.display());
                return Ok(());
            }
        };
        if available < needed {
            return Err(DownloadError::NotEnoughSpace {
                dir: dir.to_path_buf(),
                needed,
                available,
            });
        }
        Ok(())
    }
}
