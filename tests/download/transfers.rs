//! Plain downloads: receipts, progress, parallel archives, md5 on request, composite objects,
//! no repeats, warnings before deletion.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use carryout::clock::{Clock, ManualClock, Sleep};
use carryout::download::{DownloadOptions, Downloader};
use carryout::progress::ProgressEvent;
use carryout::store::Store;
use sha2::{Digest, Sha256};

use crate::support::{GROUP, NoRefresh, PROBE, completed_job};

const MIB: u64 = 1 << 20;

#[tokio::test]
async fn a_job_downloads_verified_and_sha256sum_accepts_its_receipt() {
    let setup = completed_job(6 * MIB, 2).await;
    let (result, events) = setup.download(DownloadOptions::default()).await;
    let manifest = result.unwrap();
    assert_eq!(2 * PROBE + manifest.total_size(), setup.bytes_sent());
    setup.assert_identical().await;

    assert_eq!(manifest.groups, [GROUP]);
    assert_eq!(manifest.job_id, setup.job.job_id.0);
    assert_eq!(manifest.access_type, "one_time");
    assert_eq!(manifest.files.len(), 2);
    for file in &manifest.files {
        assert!(file.crc32c.is_some() && file.md5.is_none() && file.warnings.is_empty());
        assert_eq!(file.sha256.len(), 64);
        let last = events
            .iter()
            .rev()
            .find_map(|e| match e {
                ProgressEvent::Transfer {
                    archive,
                    done,
                    total,
                } if *archive == file.name => Some((*done, *total)),
                _ => None,
            })
            .expect("progress for every archive");
        assert_eq!(last, (file.size, file.size));
    }

    // What `sha256sum -c SHA256SUMS` does, here so that the test runs where coreutils do not.
    let sums = std::fs::read_to_string(setup.export_dir().join("SHA256SUMS")).unwrap();
    let mut checked = 0;
    for line in sums.lines() {
        let (hash, name) = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .unwrap_or_else(|| panic!("not a sha256sum line: {line:?}"));
        assert!(
            hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        let bytes = std::fs::read(setup.export_dir().join(name)).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&bytes)), hash, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 2, "{sums}");
}

/// The engine and the app run each download as its own task on a multi-threaded runtime:
/// the download's future must be one that `tokio::spawn` takes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_runs_as_a_spawned_task() {
    let setup = completed_job(3 * MIB, 3).await;
    let downloader = setup.downloader(DownloadOptions::default());
    let (job, export_dir) = (setup.job.clone(), setup.export_dir());
    let task = tokio::spawn(async move {
        downloader
            .download_job(&job, &export_dir, &NoRefresh, &|_| {})
            .await
    });
    let manifest = task.await.unwrap().unwrap();
    assert_eq!(manifest.files.len(), 3);
    setup.assert_identical().await;
}

#[tokio::test]
async fn md5_is_checked_only_on_request() {
    let setup = completed_job(2 * MIB, 1).await;
    let options = DownloadOptions {
        verify_md5: true,
        ..DownloadOptions::default()
    };
    let manifest = setup.download(options).await.0.unwrap();
    assert!(manifest.files[0].md5.is_some());
    setup.assert_identical().await;
}

#[tokio::test]
async fn a_composite_object_verifies_by_crc32c_without_md5() {
    let setup = completed_job(3 * MIB, 1).await;
    setup.h.emulator.control().set_composite_objects(true);
    let options = DownloadOptions {
        verify_md5: true,
        ..DownloadOptions::default()
    };
    let manifest = setup.download(options).await.0.unwrap();
    let file = &manifest.files[0];
    assert!(file.crc32c.is_some(), "crc32c is checked");
    assert_eq!(file.md5, None, "a composite object has no md5");
    assert!(file.warnings.is_empty(), "a missing md5 is normal");
    setup.assert_identical().await;
}

#[tokio::test]
async fn a_finished_job_is_not_downloaded_again() {
    let setup = completed_job(2 * MIB, 2).await;
    let first = setup.download(DownloadOptions::default()).await.0.unwrap();
    let requests = setup.h.emulator.control().stats().storage_requests;
    let again = setup.download(DownloadOptions::default()).await.0.unwrap();
    assert_eq!(
        setup.h.emulator.control().stats().storage_requests,
        requests
    );
    assert_eq!(first.files, again.files);
}

#[tokio::test]
async fn archives_deleted_after_14_days_are_a_clear_error() {
    let setup = completed_job(MIB, 1).await;
    setup.h.advance(15 * 24 * 3600);
    let error = setup
        .download(DownloadOptions::default())
        .await
        .0
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("no longer available"), "{message}");
    assert!(!message.contains("X-Goog-Signature="), "{message}");
}

#[tokio::test]
async fn archives_download_side_by_side_up_to_the_parallel_limit() {
    let setup = completed_job(10 * MIB, 5).await;
    let control = setup.h.emulator.control().clone();
    // Bodies wait until two are open at once: the transfers overlap whatever the machine.
    control.hold_storage_bodies();
    let options = DownloadOptions {
        parallel: 2,
        ..DownloadOptions::default()
    };
    let release = async {
        control.stats_until(|s| s.storage_bodies_open >= 2).await;
        control.release_storage_bodies();
    };
    let ((result, _), ()) = tokio::join!(setup.download(options), release);
    let manifest = result.unwrap();
    assert_eq!(manifest.files.len(), 5);
    let stats = control.stats();
    assert_eq!(stats.storage_bodies_peak, 2, "two at a time, never more");
    assert_eq!(stats.storage_bodies_open, 0);
    setup.assert_identical().await;
}

/// A clock on which every reading is 20 ms after the last: time passes as the download works,
/// the same on every machine.
#[derive(Debug, Clone)]
struct TickingClock(ManualClock);

impl Clock for TickingClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.advance(Duration::from_millis(20));
        self.0.now()
    }

    fn sleep(&self, duration: Duration) -> Sleep<'_> {
        self.0.sleep(duration)
    }
}

#[tokio::test]
async fn progress_is_cumulative_and_at_most_ten_events_a_second_of_the_clock() {
    let setup = completed_job(4 * MIB, 1).await;
    let manual = ManualClock::new(setup.clock.now());
    let started = manual.now();
    let events = Mutex::new(Vec::new());
    let sink = |event: ProgressEvent| events.lock().unwrap().push(event);
    let store = Store::open(&setup.data_dir()).unwrap();
    let clock = Arc::new(TickingClock(manual.clone()));
    Downloader::new(store, clock, DownloadOptions::default())
        .unwrap()
        .download_job(&setup.job, &setup.export_dir(), &NoRefresh, &sink)
        .await
        .unwrap();
    let elapsed = (manual.now() - started).to_std().unwrap();
    let progress: Vec<(u64, u64)> = events
        .into_inner()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            ProgressEvent::Transfer { done, total, .. } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    assert!(progress.len() >= 3, "progress along the way: {progress:?}");
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "cumulative: {progress:?}"
    );
    assert!(progress.iter().all(|&(_, total)| total == 4 * MIB));
    assert_eq!(progress.last(), Some(&(4 * MIB, 4 * MIB)));
    // Throttled to one per 100 ms of the clock, plus the final one.
    let most = (elapsed.as_secs_f64() * 10.0).floor() as usize + 2;
    assert!(
        progress.len() <= most,
        "{} events in {elapsed:?}",
        progress.len()
    );
}

#[tokio::test]
async fn progress_waits_for_the_clock_to_move() {
    let setup = completed_job(4 * MIB, 1).await;
    // The setup's clock stands still while nothing sleeps: only the first and the final
    // report fit in no time.
    let (result, events) = setup.download(DownloadOptions::default()).await;
    result.unwrap();
    let reports = events
        .iter()
        .filter(|e| matches!(e, ProgressEvent::Transfer { .. }))
        .count();
    assert_eq!(reports, 2, "{events:?}");
}

#[tokio::test]
async fn archives_close_to_deletion_come_with_a_warning() {
    let warnings = |events: &[ProgressEvent]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match e {
                ProgressEvent::ArchiveWarning { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    };
    let fresh = completed_job(MIB, 1).await;
    let (result, events) = fresh.download(DownloadOptions::default()).await;
    result.unwrap();
    assert_eq!(warnings(&events), Vec::<String>::new());

    // 12½ days after the export completed, Google deletes it in a day and a half.
    let old = completed_job(MIB, 1).await;
    let control = old.h.emulator.control();
    control.advance(Duration::from_secs(12 * 24 * 3600 + 12 * 3600));
    let behind = (control.now() - old.clock.now()).to_std().unwrap();
    old.clock.manual.advance(behind);
    let (result, events) = old.download(DownloadOptions::default()).await;
    result.unwrap();
    let warnings = warnings(&events);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("Google deletes this archive at"),
        "{warnings:?}"
    );
    old.assert_identical().await;
}
