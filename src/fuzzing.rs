//! Entry points for the fuzz targets (`fuzz/`, built with the `fuzzing` feature): each reads
//! untrusted bytes the way Carryout does, and must never panic, hang or allocate without bound.

use std::path::Path;

use crate::library::{ListOptions, Manifest, ReadLimits};

/// Google's error answer: the JSON body, its HTTP status and a `Retry-After` header.
pub fn google_error(http: u16, body: &[u8], retry_after: &str) {
    crate::api::read_error_answer(http, body, retry_after);
}

/// A job's state as `getPortabilityArchiveState` answers it.
pub fn job_state(body: &[u8]) {
    if let Ok(state) = serde_json::from_slice::<crate::api::ArchiveState>(body) {
        let _ = format!("{state:?}");
    }
}

/// A file name from Google (an object name): the name Carryout gives it must pass its own
/// check of receipt names, and never be one of its reserved names.
pub fn file_name(raw: &str) {
    let name = crate::files::sanitize_file_name(raw);
    assert!(
        crate::files::check_file_name(&name).is_ok(),
        "{raw:?} became the unsafe name {name:?}"
    );
}

/// A receipt (`manifest.json`): every name it accepts is one plain file name.
pub fn receipt(bytes: &[u8]) {
    if let Ok(manifest) = Manifest::parse(bytes, Path::new("manifest.json")) {
        for file in &manifest.files {
            assert!(
                Path::new(&file.name).components().count() == 1,
                "{:?} was accepted",
                file.name
            );
        }
    }
}

/// A zip archive in `dir`: listed with its records counted, then extracted, within small
/// limits.
pub fn zip_archive(bytes: &[u8], dir: &Path) {
    let archive = dir.join("archive.zip");
    std::fs::write(&archive, bytes).expect("a temporary file");
    let limits = ReadLimits {
        entries: 1_000,
        entry_bytes: 1 << 20,
        total_bytes: 4 << 20,
        ratio: 1_000,
    };
    let options = ListOptions {
        count_records: true,
        limits,
        cancel: None,
    };
    let _ = crate::library::list_archive(&archive, &options);
    if let Ok(folder) = crate::library::extract_archive(&archive, &limits, &|_| {}) {
        // Everything extracted stays inside the extraction folder.
        assert!(folder.starts_with(dir), "{}", folder.display());
        let _ = std::fs::remove_dir_all(folder);
    }
}
