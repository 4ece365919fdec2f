//! Archive objects: their names in the bucket, and a cache of laid-out archives and hashes so
//! each object is hashed once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

use crate::archive::{Archive, ArchiveSpec, Hashes, History};
use crate::jobs::Job;

pub const BUCKET: &str = "dataportability-archives";

/// Path of part `part` (0-based) of a job: `/storage/<bucket>/<job id>/archive-001-of-002.zip`.
pub fn object_path(job_id: &str, part: u32, parts: u32) -> String {
    format!("/storage/{BUCKET}/{}", object_name(job_id, part, parts))
}

fn object_name(job_id: &str, part: u32, parts: u32) -> String {
    format!("{job_id}/archive-{:03}-of-{:03}.zip", part + 1, parts)
}

/// The job id and 0-based part an object path names, if it names one of this bucket.
pub fn parse_object_path(path: &str) -> Option<(String, u32)> {
    let object = path
        .strip_prefix("/storage/")?
        .strip_prefix(BUCKET)?
        .strip_prefix('/')?;
    let (job_id, file) = object.split_once('/')?;
    let numbers = file.strip_prefix("archive-")?.strip_suffix(".zip")?;
    let (part, parts) = numbers.split_once("-of-")?;
    let part: u32 = part.parse().ok()?;
    let parts: u32 = parts.parse().ok()?;
    let valid = part >= 1 && part <= parts && object_name(job_id, part - 1, parts) == object;
    valid.then(|| (job_id.to_string(), part - 1))
}

pub fn spec_of(job: &Job, part: u32, seed: u64) -> ArchiveSpec {
    ArchiveSpec {
        groups: job.resources.clone(),
        job_id: job.id.clone(),
        part,
        parts: job.parts,
        size: job.part_sizes.get(part as usize).copied().unwrap_or(0),
        seed,
        compression: job.compression,
        export_time: job.export_time,
        start_time: job.start_time,
        history: History {
            user: job.user.clone(),
            since: job.history_since,
            deleted_until: job.deleted_until.clone(),
        },
    }
}

/// The sizes of a job's parts, adding up to `total` (the index part, in a job of several, as
/// small as it can be).
pub fn part_sizes_of(job: &Job, total: u64, seed: u64) -> Vec<u64> {
    crate::archive::part_sizes(&spec_of(job, 0, seed), total)
}

#[derive(Debug)]
pub struct StoredObject {
    pub archive: Arc<Archive>,
    pub len: u64,
    pub hashes: Hashes,
}

type Slot = Arc<OnceCell<Arc<StoredObject>>>;

#[derive(Debug, Default)]
pub struct ObjectCache {
    slots: Mutex<HashMap<(String, u32), Slot>>,
}

impl ObjectCache {
    /// The laid-out, hashed object; built on a blocking thread the first time (hashing reads
    /// every byte), shared by concurrent first requests.
    pub async fn get(&self, spec: ArchiveSpec) -> Result<Arc<StoredObject>, String> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            slots
                .entry((spec.job_id.clone(), spec.part))
                .or_default()
                .clone()
        };
        slot.get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || {
                let archive = Archive::build(&spec);
                let hashes = archive.hashes();
                Arc::new(StoredObject {
                    len: archive.len(),
                    archive: Arc::new(archive),
                    hashes,
                })
            })
            .await
            .map_err(|e| format!("building the archive failed: {e}"))
        })
        .await
        .cloned()
    }

    pub fn forget_jobs(&self, job_ids: &[String]) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.retain(|(job, _), _| !job_ids.contains(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_paths_round_trip() {
        let path = object_path("0f1e-aa", 1, 3);
        assert_eq!(
            path,
            "/storage/dataportability-archives/0f1e-aa/archive-002-of-003.zip"
        );
        assert_eq!(parse_object_path(&path), Some(("0f1e-aa".to_string(), 1)));
        assert_eq!(
            parse_object_path("/storage/dataportability-archives/x/archive-004-of-003.zip"),
            None
        );
        assert_eq!(
            parse_object_path("/storage/other/x/archive-001-of-001.zip"),
            None
        );
    }
}
