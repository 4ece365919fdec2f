//! The backup library on downloaded exports: verify, contents, extraction, hostile zips.

use std::io::Write;
use std::path::Path;

use carryout::download::DownloadOptions;
use carryout::library::{self, FileStatus, LibraryError, Manifest};
use zip::write::SimpleFileOptions;

use crate::support::completed_job;

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

#[tokio::test]
async fn archive_contents_are_listed_and_extracted_beside_the_archive() {
    let setup = completed_job(1 << 20, 1).await;
    let manifest = setup.download(DownloadOptions::default()).await.0.unwrap();
    let archive = setup.export_dir().join(&manifest.files[0].name);
    let entries = library::list_archive(&archive, true).unwrap();
    let index = entries
        .iter()
        .find(|e| e.name == "Portability/archive_browser.json")
        .expect("the archive index");
    assert_eq!(index.records, Some(1));
    assert!(
        entries.iter().any(|e| e.records.is_some_and(|n| n > 1)),
        "{entries:?}"
    );

    let target = library::extract_archive(&archive, &|_| {}).unwrap();
    assert_eq!(target, library::extraction_folder(&archive));
    for entry in entries.iter().filter(|e| !e.name.ends_with('/')) {
        let size = std::fs::metadata(target.join(&entry.name)).unwrap().len();
        assert_eq!(size, entry.size, "{}", entry.name);
    }
    assert!(matches!(
        library::extract_archive(&archive, &|_| {}),
        Err(LibraryError::AlreadyExtracted(_))
    ));
}

/// Rewrites the receipt of the export at `dir` with its first file renamed to `name`.
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
        let error = library::contents(&dir).unwrap_err().to_string();
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
        let error = library::extract_archive(&archive, &|_| {}).unwrap_err();
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
