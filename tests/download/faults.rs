//! Faults mid-transfer: each ends with the source's bytes under the final name or with the
//! documented error and nothing under it.

use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use carryout::api::RetryPolicy;
use carryout::download::{DownloadError, DownloadOptions};
use carryout::store::Store;
use carryout_emulator::{Fault, Route};

use crate::support::{PROBE, completed_job, parts_in};

const MIB: u64 = 1 << 20;

#[tokio::test]
async fn a_dropped_connection_resumes_with_a_range_request() {
    let setup = completed_job(8 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(3 * MIB), 2);
    setup.download(DownloadOptions::default()).await.0.unwrap();
    assert_eq!(
        setup.bytes_sent(),
        PROBE + 8 * MIB,
        "every byte was sent once: the transfer resumed where it broke"
    );
    assert_eq!(setup.clock.sleeps().len(), 2, "one backoff per drop");
    setup.assert_identical().await;
}

#[tokio::test]
async fn a_restart_mid_file_resumes_from_the_state_database() {
    let setup = completed_job(6 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(2 * MIB), 1);
    let no_retries = DownloadOptions {
        retry: RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        },
        ..DownloadOptions::default()
    };
    let error = setup.download(no_retries).await.0.unwrap_err();
    assert!(matches!(error, DownloadError::Transport { .. }), "{error}");
    let name = setup.job.urls[0].object_name().to_owned();
    assert!(!setup.export_dir().join(&name).exists());
    let part = setup.export_dir().join(format!("{name}.part"));
    let kept = std::fs::metadata(&part).unwrap().len();
    assert!(kept > 0 && kept <= 2 * MIB, "{kept}");

    // A power cut: only the first half of the part was known durable when it struck, and the
    // page cache left a garbage tail that was never written.
    let durable = kept / 2;
    let store = Store::open(&setup.data_dir()).unwrap();
    store
        .with(|c| {
            c.execute(
                "UPDATE downloads SET durable_offset = ?1",
                [i64::try_from(durable).unwrap()],
            )
        })
        .unwrap();
    drop(store);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&part)
        .unwrap();
    file.write_all(&[0xff; 4096]).unwrap();
    drop(file);

    // A new process: a new downloader on the same database file, which knows the size and
    // what is durable, and resumes from there.
    setup.download(DownloadOptions::default()).await.0.unwrap();
    assert_eq!(setup.bytes_sent(), PROBE + 2 * MIB + (6 * MIB - durable));
    setup.assert_identical().await;
}

#[tokio::test]
async fn an_expired_url_mid_file_is_refreshed_and_resumed() {
    let setup = completed_job(5 * MIB, 2).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(MIB), 1);
    setup.expire_urls_at_first_backoff();
    let options = DownloadOptions {
        parallel: 1,
        ..DownloadOptions::default()
    };
    setup.download(options).await.0.unwrap();
    assert_eq!(
        setup.refreshes.load(Ordering::SeqCst),
        1,
        "one refresh for both archives"
    );
    assert_eq!(
        setup.bytes_sent(),
        2 * PROBE + 5 * MIB,
        "the part was continued, not restarted"
    );
    setup.assert_identical().await;
}

#[tokio::test]
async fn a_corrupted_byte_fails_crc32c_and_is_downloaded_again() {
    let setup = completed_job(4 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::CorruptByte(1_234_567), 1);
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    assert_eq!(setup.bytes_sent(), PROBE + 8 * MIB, "downloaded twice");
    assert!(manifest.files[0].crc32c.is_some());
    setup.assert_identical().await;
}

#[tokio::test]
async fn corruption_every_time_fails_loudly_and_keeps_nothing() {
    let setup = completed_job(MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::CorruptByte(10), 10);
    let error = setup
        .download(DownloadOptions::default())
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(error, DownloadError::Integrity { attempts: 3, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("crc32c"), "{error}");
    let dir = setup.export_dir();
    assert!(!dir.join(setup.job.urls[0].object_name()).exists());
    assert!(parts_in(&dir).is_empty());
    assert!(!dir.join("SHA256SUMS").exists());
}

#[tokio::test]
async fn bursts_of_503_and_429_are_waited_out_honouring_retry_after() {
    let setup = completed_job(4 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(MIB), 1);
    control.inject_fault(Route::Storage, Fault::Status(503), 3);
    control.inject_fault(
        Route::Storage,
        Fault::RateLimit {
            retry_after_secs: 7,
        },
        2,
    );
    setup.download(DownloadOptions::default()).await.0.unwrap();
    let sleeps = setup.clock.sleeps();
    assert_eq!(sleeps.len(), 1 + 3 + 2, "{sleeps:?}");
    assert_eq!(
        sleeps
            .iter()
            .filter(|s| **s == Duration::from_secs(7))
            .count(),
        2,
        "{sleeps:?}"
    );
    assert!(sleeps.iter().all(|s| *s <= Duration::from_secs(30)));
    assert_eq!(setup.bytes_sent(), PROBE + 4 * MIB);
    setup.assert_identical().await;
}

#[tokio::test]
async fn endless_503s_give_up_with_the_status_and_keep_the_part() {
    let setup = completed_job(2 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(MIB / 2), 1);
    // Storage turns unavailable once the transfer broke off, so a part is on disk.
    let later = control.clone();
    setup.clock.on_first_sleep(move || {
        later.inject_fault(Route::Storage, Fault::Status(503), 100);
    });
    let error = setup
        .download(DownloadOptions::default())
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(error, DownloadError::Refused { http: 503, .. }),
        "{error}"
    );
    assert_eq!(parts_in(&setup.export_dir()).len(), 1, "the part is kept");
    control.clear_faults();
    setup.download(DownloadOptions::default()).await.0.unwrap();
    setup.assert_identical().await;
}

#[tokio::test]
async fn a_changed_etag_starts_the_archive_over() {
    let setup = completed_job(4 * MIB, 1).await;
    let control = setup.h.emulator.control();
    control.inject_fault(Route::Storage, Fault::ResetAfter(MIB), 1);
    let later = control.clone();
    // Rewritten as a composite object while the client waited: same bytes, another ETag.
    setup
        .clock
        .on_first_sleep(move || later.set_composite_objects(true));
    setup.download(DownloadOptions::default()).await.0.unwrap();
    assert!(
        setup.bytes_sent() >= 5 * MIB - 64 * 1024,
        "{}",
        setup.bytes_sent()
    );
    setup.assert_identical().await;
}
