//! Re-hashes every file of every receipt, files in parallel, and says which are intact.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::Export;
use crate::progress::{ProgressEvent, ProgressSink};

/// What re-hashing found for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Ok,
    /// Present, but its size or sha256 differs from the receipt.
    Changed,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileCheck {
    pub export: PathBuf,
    pub name: String,
    pub status: FileStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub files: Vec<FileCheck>,
    pub ok: usize,
    pub changed: usize,
    pub missing: usize,
}

impl VerifyReport {
    pub fn all_ok(&self) -> bool {
        self.changed == 0 && self.missing == 0
    }
}

/// Re-hashes the files of `exports` on `threads` threads (at least one).
pub fn verify(exports: &[Export], threads: usize, progress: &dyn ProgressSink) -> VerifyReport {
    let work: Vec<(PathBuf, String, u64, String)> = exports
        .iter()
        .flat_map(|export| {
            export.manifest.files.iter().map(|file| {
                (
                    export.path.clone(),
                    file.name.clone(),
                    file.size,
                    file.sha256.clone(),
                )
            })
        })
        .collect();
    let total: u64 = work.iter().map(|w| w.2).sum();
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let last_report = Mutex::new(None::<Instant>);
    let results = Mutex::new(vec![None; work.len()]);
    let tick = |bytes: u64| {
        let now_done = done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let mut last = last_report.lock().unwrap_or_else(|p| p.into_inner());
        if now_done == total || last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) {
            *last = Some(Instant::now());
            progress.report(ProgressEvent::Verify {
                done: now_done,
                total,
            });
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, work.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some((dir, name, size, sha256)) = work.get(index) else {
                        break;
                    };
                    let status = check(&dir.join(name), *size, sha256, &tick);
                    results.lock().unwrap_or_else(|p| p.into_inner())[index] = Some(status);
                }
            });
        }
    });
    let mut report = VerifyReport::default();
    let statuses = results.into_inner().unwrap_or_else(|p| p.into_inner());
    for ((export, name, _, _), status) in work.into_iter().zip(statuses) {
        let status = status.unwrap_or(FileStatus::Missing);
        match status {
            FileStatus::Ok => report.ok += 1,
            FileStatus::Changed => report.changed += 1,
            FileStatus::Missing => report.missing += 1,
        }
        report.files.push(FileCheck {
            export,
            name,
            status,
        });
    }
    report
}

/// Re-hashes one file. Whatever the outcome, exactly `size` bytes are ticked off, so that
/// progress ends at its total even when files are missing or changed.
fn check(path: &std::path::Path, size: u64, sha256: &str, tick: &dyn Fn(u64)) -> FileStatus {
    let mut counted = 0;
    let mut count = |bytes: u64| {
        let bytes = bytes.min(size - counted);
        if bytes > 0 {
            counted += bytes;
            tick(bytes);
        }
    };
    let status = hash_and_compare(path, size, sha256, &mut count);
    count(size);
    status
}

fn hash_and_compare(
    path: &std::path::Path,
    size: u64,
    sha256: &str,
    count: &mut dyn FnMut(u64),
) -> FileStatus {
    let Ok(mut file) = std::fs::File::open(path) else {
        return FileStatus::Missing;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(size) {
        return FileStatus::Changed;
    }
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 20];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                count(n as u64);
            }
            Err(_) => return FileStatus::Changed,
        }
    }
    if hex::encode(hasher.finalize()) == sha256 {
        FileStatus::Ok
    } else {
        FileStatus::Changed
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::library::{FileReceipt, Manifest};

    fn receipt(name: &str, content: &[u8]) -> FileReceipt {
        FileReceipt {
            name: name.to_owned(),
            object: name.to_owned(),
            size: content.len() as u64,
            sha256: hex::encode(Sha256::digest(content)),
            crc32c: None,
            md5: None,
            downloaded_at: chrono::DateTime::UNIX_EPOCH,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn progress_reaches_its_total_when_files_are_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("present.zip"), b"here").unwrap();
        let export = Export {
            path: dir.path().to_path_buf(),
            manifest: Manifest {
                groups: vec!["g".into()],
                job_id: "j".into(),
                access_type: "one_time".into(),
                start_time: None,
                export_time: None,
                files: vec![
                    receipt("present.zip", b"here"),
                    receipt("gone.zip", b"was here"),
                ],
                app_version: "0".into(),
            },
        };
        let events = Mutex::new(Vec::new());
        let sink = |event: ProgressEvent| events.lock().unwrap().push(event);
        let report = verify(&[export], 1, &sink);
        assert_eq!((report.ok, report.missing), (1, 1));
        let last = events.into_inner().unwrap().pop();
        assert_eq!(
            last,
            Some(ProgressEvent::Verify {
                done: 12,
                total: 12
            })
        );
    }
}
