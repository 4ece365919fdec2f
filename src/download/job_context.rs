//! What the archives of one job share while they download: the export folder, the signed URLs
//! (refreshed once for all when they expire) and the room each still needs on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tokio::sync::Mutex;

use super::{DownloadError, JobDownload, UrlSource};
use crate::progress::ProgressSink;
use crate::secret::SignedUrl;

/// What the archives of one job share: the export folder and the current set of URLs.
pub(crate) struct JobContext<'a> {
    pub job_id: String,
    pub export_dir: PathBuf,
    source: &'a dyn UrlSource,
    pub progress: &'a dyn ProgressSink,
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
    pub fn to_write_by_others(&self, object: &str) -> u64 {
        self.writing()
            .iter()
            .filter(|(other, _)| other.as_str() != object)
            .map(|(_, bytes)| bytes)
            .sum()
    }

    pub fn set_to_write(&self, object: &str, bytes: u64) {
        self.writing().insert(object.to_owned(), bytes);
    }

    pub fn done_writing(&self, object: &str) {
        self.writing().remove(object);
    }

    pub async fn url_for(&self, object: &str) -> Result<(u64, SignedUrl), DownloadError> {
        let urls = self.urls.lock().await;
        find(&urls.1, object).map(|url| (urls.0, url))
    }

    /// Fresh URLs, unless another archive already refreshed since `seen`.
    pub async fn refresh(
        &self,
        object: &str,
        seen: u64,
    ) -> Result<(u64, SignedUrl), DownloadError> {
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
            groups: vec!["maps.reviews".into()],
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
