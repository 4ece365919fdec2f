//! Free space: a job that cannot fit fails before a byte is downloaded; a disk that fills up
//! anyway keeps the part for later.

use carryout::download::{DownloadError, DownloadOptions};

use crate::support::{PROBE, completed_job, parts_in};

const MIB: u64 = 1 << 20;

#[tokio::test]
async fn a_job_that_does_not_fit_fails_before_anything_is_downloaded() {
    let setup = completed_job(9 * MIB, 3).await;
    let short = DownloadOptions {
        free_space_at_most: Some(5 * MIB),
        ..DownloadOptions::default()
    };
    let error = setup.download(short).await.0.unwrap_err();
    let DownloadError::NotEnoughSpace {
        needed, available, ..
    } = error
    else {
        panic!("{error}");
    };
    assert_eq!((needed, available), (9 * MIB, 5 * MIB));
    let message = error.to_string();
    assert!(
        message.contains("free space or choose another backup folder"),
        "{message}"
    );
    assert_eq!(
        setup.bytes_sent(),
        3 * PROBE,
        "only the sizes were asked for"
    );
    assert!(parts_in(&setup.export_dir()).is_empty());
}

#[tokio::test]
async fn only_what_is_left_to_download_needs_room() {
    // An index part and two data parts of about 2 MiB.
    let setup = completed_job(4 * MIB, 3).await;
    let first = DownloadOptions {
        parallel: 1,
        disk_full_at: Some(MIB),
        ..DownloadOptions::default()
    };
    // The (simulated) disk fills after 1 MiB of each data part.
    let error = setup.download(first).await.0.unwrap_err();
    assert!(matches!(error, DownloadError::DiskFull { .. }), "{error}");
    let sent = setup.bytes_sent();
    let written: u64 = std::fs::read_dir(setup.export_dir())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(written > 2 * MIB && written < 3 * MIB, "{written}");
    let left = 4 * MIB - written;

    // Sizes are on record now (no new requests for them); only what is left needs room.
    let just_short = DownloadOptions {
        free_space_at_most: Some(left - 1),
        ..DownloadOptions::default()
    };
    let error = setup.download(just_short).await.0.unwrap_err();
    assert!(
        matches!(error, DownloadError::NotEnoughSpace { needed, .. } if needed == left),
        "{error}"
    );
    let enough = DownloadOptions {
        free_space_at_most: Some(left),
        ..DownloadOptions::default()
    };
    setup.download(enough).await.0.unwrap();
    assert_eq!(setup.bytes_sent() - sent, left, "resumed, sizes known");
    setup.assert_identical().await;

    // A finished job needs no room at all.
    let full = DownloadOptions {
        free_space_at_most: Some(0),
        ..DownloadOptions::default()
    };
    setup.download(full).await.0.unwrap();
}

#[tokio::test]
async fn a_full_disk_keeps_the_part_and_resumes_once_space_is_freed() {
    let setup = completed_job(4 * MIB, 1).await;
    let full = DownloadOptions {
        disk_full_at: Some(3 * MIB / 2),
        ..DownloadOptions::default()
    };
    let error = setup.download(full).await.0.unwrap_err();
    let DownloadError::DiskFull { part } = &error else {
        panic!("{error}");
    };
    assert!(error.to_string().contains("disk is full"), "{error}");
    assert_eq!(std::fs::metadata(part).unwrap().len(), 3 * MIB / 2);
    assert!(
        !setup
            .export_dir()
            .join(setup.job.urls[0].object_name())
            .exists()
    );

    let sent = setup.bytes_sent();
    setup.download(DownloadOptions::default()).await.0.unwrap();
    assert_eq!(
        setup.bytes_sent() - sent,
        4 * MIB - 3 * MIB / 2,
        "resumed, not restarted"
    );
    setup.assert_identical().await;
}
