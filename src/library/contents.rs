//! Archive browsing from the zip central directory (no extraction), and extraction into a
//! sibling folder that refuses entries escaping it.

use std::fs::File;
use std::io::BufReader;
use std::path::{Component, Path, PathBuf};

use serde::de::{DeserializeSeed, IgnoredAny, SeqAccess, Visitor};

use super::LibraryError;
use crate::files::{EXTRACTING_SUFFIX, private, sync_dir};
use crate::progress::{ProgressEvent, ProgressSink};

/// One entry of an archive's central directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArchiveEntry {
    pub name: String,
    pub size: u64,
    pub compressed_size: u64,
    /// Elements of a JSON file's top-level array (1 for any other JSON value), when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
}

fn open(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>, LibraryError> {
    let file = File::open(path).map_err(|e| LibraryError::io(path, e))?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| LibraryError::Zip {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

fn zip_error(path: &Path) -> impl Fn(zip::result::ZipError) -> LibraryError + '_ {
    move |e| LibraryError::Zip {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// The entries of the zip at `path`; with `count_records`, JSON files are read (streamed, never
/// held whole) to count their records.
pub fn list_archive(path: &Path, count_records: bool) -> Result<Vec<ArchiveEntry>, LibraryError> {
    let mut archive = open(path)?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(zip_error(path))?;
        entries.push(ArchiveEntry {
            name: entry.name().to_owned(),
            size: entry.size(),
            compressed_size: entry.compressed_size(),
            records: None,
        });
    }
    if count_records {
        for (index, item) in entries.iter_mut().enumerate() {
            if item.name.to_ascii_lowercase().ends_with(".json") {
                let entry = archive.by_index(index).map_err(zip_error(path))?;
                item.records = count_json_records(BufReader::new(entry));
            }
        }
    }
    Ok(entries)
}

/// The records of a JSON file: the elements of a top-level array, or of the arrays a top-level
/// object holds (`{"Browser History": […]}`, a GeoJSON `features` list); any other value is one
/// record.
fn count_json_records(reader: impl std::io::Read) -> Option<u64> {
    /// Counts a value: `top` for the file itself, else a value of its top-level object, which
    /// counts only when it is an array (`None` otherwise).
    #[derive(Clone, Copy)]
    struct Count {
        top: bool,
    }
    impl Count {
        fn other<E>(self) -> Result<Option<u64>, E> {
            Ok(self.top.then_some(1))
        }
    }
    impl<'de> Visitor<'de> for Count {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut n = 0;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                n += 1;
            }
            Ok(Some(n))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            if !self.top {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(None);
            }
            let mut arrays: Option<u64> = None;
            let inner = Count { top: false };
            while let Some((_, n)) =
                map.next_entry_seed(std::marker::PhantomData::<IgnoredAny>, inner)?
            {
                if let Some(n) = n {
                    arrays = Some(arrays.unwrap_or(0) + n);
                }
            }
            Ok(arrays.or(Some(1)))
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            self.other()
        }
    }
    impl<'de> DeserializeSeed<'de> for Count {
        type Value = Option<u64>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    Count { top: true }
        .deserialize(&mut deserializer)
        .ok()
        .flatten()
}

/// Where [`extract_archive`] puts an archive's files: a sibling folder named after it.
pub fn extraction_folder(archive: &Path) -> PathBuf {
    let stem = archive
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "archive".into());
    archive.with_file_name(stem)
}

/// Extracts the zip at `archive` into [`extraction_folder`]. Every entry is checked first: a
/// name escaping the folder (`..`, an absolute path, a drive) or a symlink refuses the whole
/// archive before anything is written. Files go to a temporary folder renamed at the end, so
/// the folder's name never holds half an archive.
pub fn extract_archive(
    archive: &Path,
    progress: &dyn ProgressSink,
) -> Result<PathBuf, LibraryError> {
    let target = extraction_folder(archive);
    if target.exists() {
        return Err(LibraryError::AlreadyExtracted(target));
    }
    let mut zip = open(archive)?;
    let mut plan = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(zip_error(archive))?;
        let refuse = |why| LibraryError::UnsafeEntry {
            archive: archive.to_path_buf(),
            entry: entry.name().to_owned(),
            why,
        };
        if entry.is_symlink() {
            return Err(refuse("is a symbolic link"));
        }
        let raw = entry.name();
        if raw.starts_with('/') || raw.starts_with('\\') || raw.get(1..2) == Some(":") {
            return Err(refuse("is an absolute path"));
        }
        let Some(relative) = entry.enclosed_name() else {
            return Err(refuse("escapes the extraction folder"));
        };
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(refuse("escapes the extraction folder"));
        }
        plan.push((index, relative, entry.is_dir()));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = target.with_file_name(format!(".{name}{EXTRACTING_SUFFIX}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| LibraryError::io(&staging, e))?;
    }
    private::create_dir_all(&staging).map_err(|e| LibraryError::io(&staging, e))?;
    let archive_name = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let total = plan.len() as u64;
    for (done, (index, relative, is_dir)) in plan.into_iter().enumerate() {
        let path = staging.join(&relative);
        if is_dir {
            private::create_dir_all(&path).map_err(|e| LibraryError::io(&path, e))?;
        } else {
            if let Some(parent) = path.parent() {
                private::create_dir_all(parent).map_err(|e| LibraryError::io(parent, e))?;
            }
            let mut entry = zip.by_index(index).map_err(zip_error(archive))?;
            let mut out = private::file_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)
                .map_err(|e| LibraryError::io(&path, e))?;
            std::io::copy(&mut entry, &mut out).map_err(|e| LibraryError::io(&path, e))?;
        }
        let done = done as u64 + 1;
        if done == total || done % 64 == 0 {
            progress.report(ProgressEvent::Extract {
                archive: archive_name.clone(),
                done,
                total,
            });
        }
    }
    std::fs::rename(&staging, &target).map_err(|e| LibraryError::io(&target, e))?;
    if let Some(parent) = target.parent() {
        sync_dir(parent);
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_records_are_counted_by_streaming() {
        assert_eq!(count_json_records(&b"[{\"a\":[1,2]},{},3]"[..]), Some(3));
        assert_eq!(count_json_records(&b"{\"a\":1}"[..]), Some(1));
        // The lists of a top-level object are its records.
        let chrome = br#"{"Browser History": [{"title": "a"}, {"title": "b"}]}"#;
        assert_eq!(count_json_records(&chrome[..]), Some(2));
        let places = br#"{"type": "FeatureCollection", "features": [{}, {}, {}]}"#;
        assert_eq!(count_json_records(&places[..]), Some(3));
        assert_eq!(
            count_json_records(&br#"{"Browser History": []}"#[..]),
            Some(0)
        );
        assert_eq!(count_json_records(&b"[1,"[..]), None);
    }
}
