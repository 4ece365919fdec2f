//! Archive browsing from the zip central directory (no extraction), and extraction into a
//! sibling folder that refuses entries escaping it. Both are bounded: an archive is read as a
//! stranger's file (it may have changed on disk, or be a zip bomb), never without end.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Why a JSON file's records were not counted, when they were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_counted: Option<NotCounted>,
}

/// Why an entry's records were not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCounted {
    /// Larger than [`ReadLimits::entry_bytes`].
    TooLarge,
    /// Inflates more than [`ReadLimits::ratio`] times its compressed size: a zip bomb, not
    /// Google's data.
    Suspicious,
    /// The listing had already read [`ReadLimits::total_bytes`].
    OverTotal,
    /// Not valid JSON (or not as large as its entry says).
    Unreadable,
}

/// Bounds on reading one archive. Google's archives stay well inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Entries listed or extracted; an archive with more is refused.
    pub entries: usize,
    /// Bytes one entry may inflate to for its records to be counted.
    pub entry_bytes: u64,
    /// Bytes a listing inflates in all to count records.
    pub total_bytes: u64,
    /// Inflated size over compressed size past which an entry is a zip bomb.
    pub ratio: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            entries: 200_000,
            entry_bytes: 4 << 30,
            total_bytes: 32 << 30,
            ratio: 1_000,
        }
    }
}

impl ReadLimits {
    /// An entry that says it inflates past the ratio (with room for tiny files, which
    /// compress badly and well by turns).
    fn suspicious(&self, size: u64, compressed: u64) -> bool {
        size > compressed
            .saturating_mul(self.ratio)
            .saturating_add(1 << 20)
    }
}

/// How [`list_archive`] reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListOptions<'a> {
    /// Read JSON files (streamed, never held whole) to count their records.
    pub count_records: bool,
    pub limits: ReadLimits,
    /// Set from elsewhere to stop a listing: it ends with [`LibraryError::Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
}

impl ListOptions<'_> {
    /// Entries and their records, within the default limits.
    pub fn with_records() -> Self {
        Self {
            count_records: true,
            ..Self::default()
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// A reader that stops with an error once `cancel` is set.
struct Cancellable<'a, R> {
    inner: R,
    cancel: Option<&'a AtomicBool>,
}

impl<R: Read> Read for Cancellable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "cancelled",
            ));
        }
        self.inner.read(buf)
    }
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

fn refuse_crowded(path: &Path, entries: usize, limits: &ReadLimits) -> Result<(), LibraryError> {
    if entries > limits.entries {
        return Err(LibraryError::TooManyEntries {
            path: path.to_path_buf(),
            entries,
            most: limits.entries,
        });
    }
    Ok(())
}

/// The entries of the zip at `path`, within `options`' limits; with `count_records`, JSON
/// files are read (streamed, never held whole) to count their records.
pub fn list_archive(path: &Path, options: &ListOptions) -> Result<Vec<ArchiveEntry>, LibraryError> {
    list_zip(open(path)?, path, options)
}

/// The entries of the zip `reader` reads (named `path` in errors), as [`list_archive`] lists a
/// file's: an archive kept in the history is read in place.
pub fn list_archive_from<R: Read + Seek>(
    reader: R,
    path: &Path,
    options: &ListOptions,
) -> Result<Vec<ArchiveEntry>, LibraryError> {
    let archive = zip::ZipArchive::new(reader).map_err(zip_error(path))?;
    list_zip(archive, path, options)
}

fn list_zip<R: Read + Seek>(
    mut archive: zip::ZipArchive<R>,
    path: &Path,
    options: &ListOptions,
) -> Result<Vec<ArchiveEntry>, LibraryError> {
    let limits = options.limits;
    refuse_crowded(path, archive.len(), &limits)?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(zip_error(path))?;
        entries.push(ArchiveEntry {
            name: entry.name().to_owned(),
            size: entry.size(),
            compressed_size: entry.compressed_size(),
            records: None,
            not_counted: None,
        });
    }
    if !options.count_records {
        return Ok(entries);
    }
    let mut inflated: u64 = 0;
    for (index, item) in entries.iter_mut().enumerate() {
        if !item.name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        if options.cancelled() {
            return Err(LibraryError::Cancelled);
        }
        item.not_counted = if item.size > limits.entry_bytes {
            Some(NotCounted::TooLarge)
        } else if limits.suspicious(item.size, item.compressed_size) {
            Some(NotCounted::Suspicious)
        } else if inflated.saturating_add(item.size) > limits.total_bytes {
            Some(NotCounted::OverTotal)
        } else {
            None
        };
        if item.not_counted.is_some() {
            continue;
        }
        inflated += item.size;
        let entry = archive.by_index(index).map_err(zip_error(path))?;
        // Never more than the entry says it holds, whatever its stream would inflate to.
        let reader = Cancellable {
            inner: entry.take(item.size),
            cancel: options.cancel,
        };
        item.records = count_json_records(BufReader::new(reader));
        if options.cancelled() {
            return Err(LibraryError::Cancelled);
        }
        if item.records.is_none() {
            item.not_counted = Some(NotCounted::Unreadable);
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
/// name escaping the folder (`..`, an absolute path, a drive), a symlink, an entry inflating
/// past [`ReadLimits::ratio`], more entries than [`ReadLimits::entries`] or more bytes than the
/// disk has free refuse the whole archive before anything is written; no entry is written past
/// the size it declares. Files go to a temporary folder renamed at the end, so the folder's
/// name never holds half an archive.
pub fn extract_archive(
    archive: &Path,
    limits: &ReadLimits,
    progress: &dyn ProgressSink,
) -> Result<PathBuf, LibraryError> {
    let target = extraction_folder(archive);
    if target.exists() {
        return Err(LibraryError::AlreadyExtracted(target));
    }
    let mut zip = open(archive)?;
    refuse_crowded(archive, zip.len(), limits)?;
    let mut needed: u64 = 0;
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
        if limits.suspicious(entry.size(), entry.compressed_size()) {
            return Err(refuse("inflates more than a thousand times its size"));
        }
        needed = needed.saturating_add(entry.size());
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
        plan.push((index, relative, entry.is_dir(), entry.size()));
    }
    let folder = archive.parent().unwrap_or(Path::new("."));
    if let Ok(available) = fs4::available_space(folder)
        && available < needed
    {
        return Err(LibraryError::NotEnoughSpace {
            dir: folder.to_path_buf(),
            needed,
            available,
        });
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
    for (done, (index, relative, is_dir, size)) in plan.into_iter().enumerate() {
        let path = staging.join(&relative);
        if is_dir {
            private::create_dir_all(&path).map_err(|e| LibraryError::io(&path, e))?;
        } else {
            if let Some(parent) = path.parent() {
                private::create_dir_all(parent).map_err(|e| LibraryError::io(parent, e))?;
            }
            let entry = zip.by_index(index).map_err(zip_error(archive))?;
            let name = entry.name().to_owned();
            let mut out = private::file_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)
                .map_err(|e| LibraryError::io(&path, e))?;
            let mut bounded = entry.take(size.saturating_add(1));
            let written =
                std::io::copy(&mut bounded, &mut out).map_err(|e| LibraryError::io(&path, e))?;
            if written > size {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(LibraryError::UnsafeEntry {
                    archive: archive.to_path_buf(),
                    entry: name,
                    why: "inflates past the size it declares",
                });
            }
        }
        let done = done as u64 + 1;
        if done == total || done.is_multiple_of(64) {
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
