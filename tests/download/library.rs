//! The backup library on downloaded exports: verify, contents, extraction, hostile zips.

use std::io::Write;
use std::path::Path;

use carryout::download::DownloadOptions;
use carryout::library::{
    self, FileStatus, LibraryError, ListOptions, Manifest, NotCounted, ReadLimits,
};
use zip::write::SimpleFileOptions;

use carryout_emulator::EntryCompression;

use crate::support::{completed_job, completed_job_packed};

#[tokio::test]
async fn verify_reports_ok_changed_and_missing_files() {
    let setup = completed_job(3 << 20, 3).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let root = setup.root.path().join("backups");
    let exports = library::exports(&root).unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].manifest, manifest);

    let report = library::verify(&exports, 2, &|_| {});
    assert!(report.all_ok(), "{report:?}");
    assert_eq!(report.ok, 3);

    let dir = setup.export_dir();
    let first = dir.join(&manifest.files[0].name);
    let mut bytes = std::fs::read(&first).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&first, bytes).unwrap();
    std::fs::remove_file(dir.join(&manifest.files[1].name)).unwrap();
    let report = library::verify(&exports, 2, &|_| {});
    assert_eq!((report.ok, report.changed, report.missing), (1, 1, 1));
    assert_eq!(report.files[0].status, FileStatus::Changed);
    assert_eq!(report.files[1].status, FileStatus::Missing);
}

/// Google's archives deflate their files (the emulator's default); stored ones read alike.
#[tokio::test]
async fn archive_contents_are_listed_and_extracted_beside_the_archive_deflated_or_stored() {
    let mut listings = Vec::new();
    for packing in [EntryCompression::Deflated, EntryCompression::Stored] {
        let setup = completed_job_packed(1 << 20, 1, packing).await;
        let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
        let archive = setup.export_dir().join(&manifest.files[0].name);
        let entries = library::list_archive(&archive, &ListOptions::with_records()).unwrap();
        let index = entries
            .iter()
            .find(|e| e.name == "Portability/archive_browser.json")
            .expect("the archive index");
        assert_eq!(index.records, Some(1));
        assert!(
            entries.iter().any(|e| e.records.is_some_and(|n| n > 1)),
            "{entries:?}"
        );

        let target = library::extract_archive(&archive, &ReadLimits::default(), &|_| {}).unwrap();
        assert_eq!(target, library::extraction_folder(&archive));
        for entry in entries.iter().filter(|e| !e.name.ends_with('/')) {
            let size = std::fs::metadata(target.join(&entry.name)).unwrap().len();
            assert_eq!(size, entry.size, "{}", entry.name);
        }
        assert!(matches!(
            library::extract_archive(&archive, &ReadLimits::default(), &|_| {}),
            Err(LibraryError::AlreadyExtracted(_))
        ));
        let files: Vec<(String, Option<u64>)> = entries
            .iter()
            .filter(|e| e.name.ends_with(".json"))
            .map(|e| (e.name.clone(), e.records))
            .collect();
        listings.push(files);
    }
    assert!(listings[0].len() > 1, "{listings:?}");
    assert_eq!(
        listings[0], listings[1],
        "the same files and records either way"
    );
}

pub fn tamper_receipt(dir: &Path, name: &str) {
    let path = dir.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["files"][0]["name"] = name.into();
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
}

#[tokio::test]
async fn a_receipt_naming_a_file_outside_its_folder_is_refused() {
    let setup = completed_job(1 << 20, 1).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let root = setup.root.path().join("backups");
    let dir = setup.export_dir();
    // A true copy outside the folder: followed, the receipt would check out.
    let archive = dir.join(&manifest.files[0].name);
    std::fs::copy(&archive, dir.join("../escaped.zip")).unwrap();
    for name in ["../escaped.zip", "/etc/passwd", "", ".", "a\\..\\..\\b.zip"] {
        tamper_receipt(&dir, name);
        let error = Manifest::read(&dir).unwrap_err().to_string();
        assert!(
            error.contains(&format!("{name:?}")) && error.contains("manifest.json"),
            "{name}: {error}"
        );
        assert_eq!(library::exports(&root).unwrap(), [], "{name}");
        let error = library::contents(&dir, &ListOptions::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains(&format!("{name:?}")), "{name}: {error}");
    }
}

type AddEntries = dyn FnOnce(&mut zip::ZipWriter<std::fs::File>);

fn hostile_zip(path: &Path, build: impl FnOnce(&mut zip::ZipWriter<std::fs::File>)) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("fine.txt", options).unwrap();
    zip.write_all(b"fine").unwrap();
    build(&mut zip);
    zip.finish().unwrap();
}

#[test]
fn zip_slip_absolute_paths_and_symlinks_are_refused_before_anything_is_written() {
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("export");
    std::fs::create_dir_all(&export).unwrap();
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let cases: Vec<(&str, Box<AddEntries>)> = vec![
        (
            "slip.zip",
            Box::new(move |z| {
                z.start_file("a/../../escaped.txt", options).unwrap();
                z.write_all(b"gotcha").unwrap();
            }),
        ),
        (
            "absolute.zip",
            Box::new(move |z| {
                z.start_file("/tmp/absolute.txt", options).unwrap();
                z.write_all(b"gotcha").unwrap();
            }),
        ),
        (
            "symlink.zip",
            Box::new(move |z| {
                z.add_symlink("link", "/etc/passwd", options).unwrap();
            }),
        ),
    ];
    for (name, build) in cases {
        let archive = export.join(name);
        hostile_zip(&archive, build);
        let error =
            library::extract_archive(&archive, &ReadLimits::default(), &|_| {}).unwrap_err();
        assert!(
            matches!(error, LibraryError::UnsafeEntry { .. }),
            "{name}: {error}"
        );
        assert!(!library::extraction_folder(&archive).exists(), "{name}");
    }
    assert!(!root.path().join("escaped.txt").exists());
    let mut left: Vec<String> = std::fs::read_dir(&export)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["absolute.zip", "slip.zip", "symlink.zip"],
        "nothing extracted"
    );
}

/// A zip of `entries` JSON files, each `[0,0,…]` of about `bytes` bytes, deflated.
fn json_zip(path: &Path, entries: usize, bytes: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut body = String::from("[0");
    while body.len() < bytes {
        body.push_str(",0");
    }
    body.push(']');
    for n in 0..entries {
        zip.start_file(format!("data/{n}.json"), options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_zip_bomb_is_neither_counted_nor_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("bomb.zip");
    // Four MiB of "0," inflate from a few KiB: past a ratio of 100 (plus the 1 MiB allowed).
    json_zip(&archive, 1, 4 << 20);
    let limits = ReadLimits {
        ratio: 100,
        ..ReadLimits::default()
    };
    let options = ListOptions {
        count_records: true,
        limits,
        cancel: None,
    };
    let entries = library::list_archive(&archive, &options).unwrap();
    assert_eq!(entries[0].records, None);
    assert_eq!(entries[0].not_counted, Some(NotCounted::Suspicious));
    let error = library::extract_archive(&archive, &limits, &|_| {}).unwrap_err();
    assert!(matches!(error, LibraryError::UnsafeEntry { .. }), "{error}");
    assert!(!library::extraction_folder(&archive).exists());
    // Within the default ratio it is ordinary JSON: counted.
    let entries = library::list_archive(&archive, &ListOptions::with_records()).unwrap();
    assert_eq!(entries[0].records, Some(2 << 20));
}

#[test]
fn records_are_counted_within_a_size_per_entry_and_in_all() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("three.zip");
    json_zip(&archive, 3, 10_000);
    let options = ListOptions {
        count_records: true,
        limits: ReadLimits {
            total_bytes: 25_000,
            ..ReadLimits::default()
        },
        cancel: None,
    };
    let entries = library::list_archive(&archive, &options).unwrap();
    let counted: Vec<_> = entries.iter().map(|e| (e.records, e.not_counted)).collect();
    assert_eq!(
        counted,
        [
            (Some(5_000), None),
            (Some(5_000), None),
            (None, Some(NotCounted::OverTotal))
        ]
    );
    let options = ListOptions {
        limits: ReadLimits {
            entry_bytes: 9_000,
            ..ReadLimits::default()
        },
        ..options
    };
    let entries = library::list_archive(&archive, &options).unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.not_counted == Some(NotCounted::TooLarge)),
        "{entries:?}"
    );
    // Without asking, nothing is read: no counts, no reasons.
    let entries = library::list_archive(&archive, &ListOptions::default()).unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.records.is_none() && e.not_counted.is_none())
    );
}

#[test]
fn an_archive_of_too_many_entries_is_refused_and_a_listing_can_be_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("crowded.zip");
    json_zip(&archive, 5, 10);
    let limits = ReadLimits {
        entries: 4,
        ..ReadLimits::default()
    };
    let options = ListOptions {
        limits,
        ..ListOptions::default()
    };
    let error = library::list_archive(&archive, &options).unwrap_err();
    assert!(
        matches!(error, LibraryError::TooManyEntries { entries: 5, .. }),
        "{error}"
    );
    let error = library::extract_archive(&archive, &limits, &|_| {}).unwrap_err();
    assert!(
        matches!(error, LibraryError::TooManyEntries { .. }),
        "{error}"
    );

    let stop = std::sync::atomic::AtomicBool::new(true);
    let options = ListOptions {
        count_records: true,
        cancel: Some(&stop),
        ..ListOptions::default()
    };
    let error = library::list_archive(&archive, &options).unwrap_err();
    assert!(matches!(error, LibraryError::Cancelled), "{error}");
}

#[test]
fn an_entry_is_never_extracted_past_the_size_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("liar.zip");
    json_zip(&archive, 1, 100_000);
    // The central directory (and the local header) claim 1 000 bytes where 100 001 inflate.
    let mut bytes = std::fs::read(&archive).unwrap();
    let declared = 1_000u32.to_le_bytes();
    for (signature, offset) in [(b"PK\x01\x02", 24), (b"PK\x03\x04", 22)] {
        let at = bytes
            .windows(4)
            .position(|w| w == signature)
            .expect("a zip header");
        bytes[at + offset..at + offset + 4].copy_from_slice(&declared);
    }
    std::fs::write(&archive, bytes).unwrap();
    let error = library::extract_archive(&archive, &ReadLimits::default(), &|_| {}).unwrap_err();
    match error {
        LibraryError::UnsafeEntry { why, .. } => assert!(why.contains("declares"), "{why}"),
        other => panic!("{other}"),
    }
    assert!(!library::extraction_folder(&archive).exists());
}

#[tokio::test]
async fn only_the_backup_folder_and_its_export_folders_are_opened() {
    let setup = completed_job(1 << 20, 1).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let root = setup.root.path().join("backups");
    let export = setup.export_dir();
    assert!(library::listed_folder(&root, &root).is_some());
    assert!(library::listed_folder(&root, &export).is_some());
    // An archive (a program, on Windows), a group folder, a made-up folder, anything outside.
    let archive = export.join(&manifest.files[0].name);
    let made_up = root.join("not-an-export");
    std::fs::create_dir_all(&made_up).unwrap();
    for refused in [
        archive.as_path(),
        export.parent().unwrap(),
        &made_up,
        setup.root.path(),
    ] {
        assert_eq!(
            library::listed_folder(&root, refused),
            None,
            "{}",
            refused.display()
        );
    }
}

/// An archive whose entries say they inflate to more than the disk has free is refused before
/// a byte is written: 2,000 stored entries that each claim 4 GiB (8 TiB in all, and stored, so
/// no zip bomb by ratio) where the files hold a byte each.
#[test]
fn an_archive_larger_than_the_free_space_is_not_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("huge.zip");
    let file = std::fs::File::create(&archive).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in 0..2_000 {
        zip.start_file(format!("data/{n}.json"), stored).unwrap();
        zip.write_all(b"0").unwrap();
    }
    zip.finish().unwrap();
    // Each central directory record (PK\x01\x02) says 0xFFFF_FFFE bytes, compressed and not.
    let mut bytes = std::fs::read(&archive).unwrap();
    let records: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(at, _)| at)
        .collect();
    assert_eq!(records.len(), 2_000);
    for at in records {
        bytes[at + 20..at + 28].copy_from_slice(&[0xFE, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF]);
    }
    std::fs::write(&archive, bytes).unwrap();

    let error = library::extract_archive(&archive, &ReadLimits::default(), &|_| {}).unwrap_err();
    let LibraryError::NotEnoughSpace {
        needed, available, ..
    } = error
    else {
        panic!("{error}");
    };
    assert_eq!(needed, 2_000 * 0xFFFF_FFFE);
    assert!(available < needed);
    assert!(!library::extraction_folder(&archive).exists());
    let staging: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(staging.len(), 1, "only the archive: nothing was staged");
}
