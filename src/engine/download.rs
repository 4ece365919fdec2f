//! Downloading a complete job into the backup folder with the core's downloader: fresh signed
//! URLs come from the job's state, progress becomes engine events, and the outcome a row state.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::cadence::DOWNLOAD_BACKOFF;
use super::exports::{ExportRow, ExportState, ProblemCode};
use super::settle::problem;
use super::warnings::NewWarning;
use super::{Engine, EngineError, EngineEvent, WarningCode, chrono_duration};
use crate::api::{ApiError, JobId};
use crate::catalog::GroupId;
use crate::download::{DownloadError, FreshUrls, JobDownload, RETENTION, UrlSource};
use crate::library;
use crate::progress::{ProgressEvent, ProgressSink};
use crate::secret::SignedUrl;

/// From this age of a complete job on, an archive not yet on disk is worth a warning.
const WARN_AFTER: Duration = Duration::from_secs(10 * 24 * 3600);

impl Engine {
    /// Downloads and verifies the job of `rows` (every row of one job). `urls` are the ones
    /// the completing state call gave; without them (after a restart) the state is asked
    /// again.
    pub(super) async fn download(
        &self,
        rows: Vec<ExportRow>,
        urls: Option<Vec<SignedUrl>>,
    ) -> Result<(), EngineError> {
        let lead = rows[0].clone();
        let Some(job) = lead.job_id.clone() else {
            return Ok(());
        };
        let now = self.inner.clock.now();
        if lead.finished_at.is_some_and(|done| now >= done + RETENTION) {
            let message = "Google deleted this export's archives 14 days after it completed, \
                           before they were downloaded; start a new export";
            return self.settle(
                rows,
                ExportState::Failed,
                problem(ProblemCode::Gone, message),
                None,
            );
        }
        let source = StateUrls {
            engine: self,
            row: lead.clone(),
        };
        let urls = match urls {
            Some(urls) if !urls.is_empty() => urls,
            _ => match source.fetch().await {
                Ok(urls) => urls,
                Err(error) => return self.download_stalled(rows, &error.to_string()),
            },
        };
        // The folder and the receipt name every group of the job, whichever rows download now.
        let groups: Vec<GroupId> = self
            .inner
            .exports
            .all()?
            .into_iter()
            .filter(|r| r.job_id.as_ref() == Some(&job))
            .map(|r| r.group)
            .collect();
        let label = if groups.len() == 1 {
            groups[0].to_string()
        } else {
            format!("combined-{}-groups", groups.len())
        };
        let export_dir =
            library::export_folder(&self.inner.backup_dir, &label, lead.export_time, &job.0);
        let download = JobDownload {
            groups: groups.to_vec(),
            job_id: job.clone(),
            access_type: lead
                .access
                .map_or(crate::api::AccessType::Unspecified, |a| a.to_api()),
            start_time: lead.start_time,
            export_time: lead.export_time,
            urls,
        };
        let progress = TransferEvents {
            engine: self,
            rows: rows.iter().map(|r| r.id).collect(),
            archives: Mutex::default(),
        };
        let result = self
            .inner
            .downloader
            .download_job(&download, &export_dir, &source, &progress)
            .await;
        let now = self.inner.clock.now();
        match result {
            Ok(manifest) => {
                let mut verified = Vec::with_capacity(rows.len());
                for mut row in rows {
                    row.state = ExportState::Verified;
                    row.export_dir = Some(export_dir.display().to_string());
                    row.bytes_total = manifest.total_size();
                    row.bytes_done = row.bytes_total;
                    row.next_check_at = None;
                    row.problem = None;
                    row.finished_at = Some(now);
                    self.save(&row)?;
                    verified.push(row);
                }
                self.check_for_data_loss(&verified).await;
                self.keep_in_history().await;
                Ok(())
            }
            Err(DownloadError::Gone { .. }) => {
                let message = "Google no longer has this export's archives (deleted after 14 \
                               days, or the authorization was reset); start a new export";
                self.settle(
                    rows,
                    ExportState::Failed,
                    problem(ProblemCode::Gone, message),
                    None,
                )
            }
            Err(error @ (DownloadError::Integrity { .. } | DownloadError::NotInJob { .. })) => {
                let message = error.to_string();
                self.settle(
                    rows,
                    ExportState::Failed,
                    problem(ProblemCode::Download, &message),
                    None,
                )
            }
            Err(DownloadError::Store(error)) => Err(error.into()),
            Err(other) => self.download_stalled(rows, &other.to_string()),
        }
    }

    /// A download stopped on something that may pass (network, disk space, a refused URL):
    /// it resumes from its part files later.
    fn download_stalled(&self, rows: Vec<ExportRow>, why: &str) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        for mut row in rows {
            row.next_check_at = Some(now + chrono_duration(DOWNLOAD_BACKOFF));
            row.problem = Some(problem(
                ProblemCode::Download,
                &format!("{why} (trying again in a few minutes)"),
            ));
            self.save(&row)?;
        }
        Ok(())
    }

    /// Warns about archives Google deletes soon that are still not on disk. Google completed
    /// the job at the earliest when it last said it was still being prepared, and the warning
    /// counts from there.
    pub(super) fn warn_of_expiring(&self, row: &ExportRow) {
        let now = self.inner.clock.now();
        let Some(seen_done) = row.finished_at else {
            return;
        };
        let done = row
            .checked_at
            .or(row.started_at)
            .map_or(seen_done, |at| at.min(seen_done));
        if now < done + chrono_duration(WARN_AFTER) {
            return;
        }
        let deleted_at = done + RETENTION;
        self.warn(NewWarning::about_export(
            row.id,
            WarningCode::ArchiveExpiring,
            format!(
                "the archives of {} are not downloaded yet and Google deletes them on {}",
                row.group,
                deleted_at.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
    }
}

/// Fresh signed URLs from the job's state (they expire after 6 h).
struct StateUrls<'a> {
    engine: &'a Engine,
    row: ExportRow,
}

impl StateUrls<'_> {
    async fn fetch(&self) -> Result<Vec<SignedUrl>, ApiError> {
        let job: JobId = self.row.job_id.clone().unwrap_or_else(|| JobId::from(""));
        let (grant, token) =
            self.engine
                .token_for(&self.row)
                .await
                .map_err(|error| ApiError::Protocol {
                    http: 401,
                    detail: format!("no access token for fresh URLs: {error}"),
                })?;
        let state = self
            .engine
            .with_fresh_token(&grant, token, |token| {
                let api = self.engine.inner.api.clone();
                let job = job.clone();
                async move { api.archive_state(&token, &job).await }
            })
            .await?;
        Ok(state.urls)
    }
}

impl UrlSource for StateUrls<'_> {
    fn fresh_urls(&self) -> FreshUrls<'_> {
        Box::pin(self.fetch())
    }
}

/// Turns the downloader's per-archive progress into one running total per export.
struct TransferEvents<'a> {
    engine: &'a Engine,
    rows: Vec<i64>,
    archives: Mutex<BTreeMap<String, (u64, u64)>>,
}

impl ProgressSink for TransferEvents<'_> {
    fn report(&self, event: ProgressEvent) {
        match event {
            ProgressEvent::Transfer {
                archive,
                done,
                total,
            } => {
                let (done, total) = {
                    let mut archives = self
                        .archives
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                    archives.insert(archive, (done, total));
                    archives
                        .values()
                        .fold((0, 0), |(d, t), (done, total)| (d + done, t + total))
                };
                for id in &self.rows {
                    let _ = self.engine.inner.events.send(EngineEvent::Transfer {
                        id: *id,
                        done,
                        total,
                    });
                }
            }
            ProgressEvent::ArchiveWarning { archive, message } => {
                if let Some(id) = self.rows.first() {
                    self.engine.warn(NewWarning::about_export(
                        *id,
                        WarningCode::ArchiveExpiring,
                        format!("{archive}: {message}"),
                    ));
                }
            }
            _ => {}
        }
    }
}
