//! Plain downloads: receipts, progress, md5 on request, composite objects, no repeats.

use carryout::download::DownloadOptions;
use carryout::progress::ProgressEvent;

use crate::support::{GROUP, PROBE, completed_job};

const MIB: u64 = 1 << 20;

#[tokio::test]
async fn a_job_downloads_verified_and_sha256sum_accepts_its_receipt() {
    let setup = completed_job(6 * MIB, 2).await;
    let (result, events) = setup.download(DownloadOptions::default()).await;
    let manifest = result.unwrap();
    assert_eq!(2 * PROBE + manifest.total_size(), setup.bytes_sent());
    setup.assert_identical().await;

    assert_eq!(manifest.group, GROUP);
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

    let check = std::process::Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(setup.export_dir())
        .output()
        .expect("sha256sum runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&check.stdout)
            .matches(": OK")
            .count(),
        2
    );
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
