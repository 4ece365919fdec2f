//! Deterministic, streamable zip archives laid out like Google's Data Portability exports.
//!
//! # Layout
//!
//! Each resource group has a JSON file at `Portability/<service folder>/<file>` (table in
//! `service_table.rs`; e.g. `Portability/My Activity/Search/MyActivity.json`), some a few more
//! in the same folder (`myactivity.search` also has `Portability/My Activity/Image
//! Search/MyActivity.json`, as Google's search exports do), each holding the records of the
//! account's history dated within `[start_time, export_time]` (from the history's beginning
//! without a start, and never before a time the group's history was deleted until), newest
//! first. The history of a file derives from `seed`, the account, the group and the file alone
//! (`content.rs`): about a record every three days, each alike in every export unless a person
//! edited it since (a few editable records are, once), so a later full export holds every
//! record of an earlier one and windows of incremental exports never overlap. The
//! same spec gives the same bytes.
//!
//! - `parts == 1`: the part holds every group's files, then `Portability/archive_browser.json`.
//! - `parts >= 2`: part 0 holds only `Portability/archive_browser.json`, like the two-URL exports
//!   seen from Google, and no filler whatever `spec.size` says; group `i` (spec order, duplicates
//!   dropped) goes to part `1 + i % (parts - 1)`. A data part left without groups holds only
//!   media filler. [`part_sizes`] splits a job's size over its parts accordingly.
//!
//! The index lists every data file of the job with its part, size and record count. To reach
//! `spec.size`, a part ends with a media entry of pseudo-random bytes (`filler.rs`),
//! `Portability/<folder>/media/VID_<start of the account's history>_<part>.mp4`, which the index
//! does not list (part 0 cannot know the other parts' sizes). Its name and bytes derive from
//! `seed`, the account and the part's groups, not the job: successive exports of a group carry
//! the same media under the same name, a longer one beginning with the shorter one's bytes, as a person's videos are the same in every
//! export — what a deduplicating backup of daily exports sees. The folder is that of the part's last group
//! outside `My Activity/` (for a part without groups, of the job's first group), else
//! `Portability/Media`: every file under `My Activity/` is a JSON activity list, which clients
//! parse as such (Google's own sample does). When the gap to `spec.size` is smaller than such
//! an entry's headers, the end-of-central-directory comment takes it up instead, so every size
//! from the minimal archive up is hit exactly. Past 4 GiB the media entry gets Zip64 fields and
//! the Zip64 end records are written (`zip_layout.rs`).
//!
//! # Costs (one core of the 2-core build machine, release build)
//!
//! Memory stays at the headers and JSON (well under 1 MiB) whatever the size; `build` generates
//! only the JSON. The media entry's CRC-32, which its local and central headers carry, is
//! computed on the first read touching either header, ≈0.09 s per GiB of media, then cached;
//! reads elsewhere never wait for it. Producing bytes: `read_at` ≈16 GB/s, `stream` ≈13 GB/s.
//! [`Archive::hashes`] costs ≈1.9 s per GiB (md5 is ~95% of it); [`Archive::crc32c`] alone
//! ≈0.1 s per GiB.

mod content;
mod filler;
mod index;
mod json;
mod plan;
mod rng;
#[rustfmt::skip]
mod service_table;
mod services;
mod vocab;
mod zip_layout;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use md5::{Digest, Md5};

use crate::settings::EntryCompression;

pub(crate) use content::HISTORY_BEFORE_START;
pub use services::service_folder;
use zip_layout::{Media, Segment};

/// Largest chunk [`Archive::stream`] yields.
const STREAM_CHUNK: u64 = 64 * 1024;
/// Buffer for whole-object passes (hashing): large enough to amortise per-call overhead.
const PASS_BUFFER: usize = 1 << 20;

/// What one archive object of a job is made from. Same spec → byte-identical archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSpec {
    /// Resource groups of the job, e.g. `["myactivity.search"]`.
    pub groups: Vec<String>,
    pub job_id: String,
    /// 0-based index of this part; part 0 always holds `Portability/archive_browser.json`.
    pub part: u32,
    /// Total parts (URLs) of the job, ≥ 1.
    pub parts: u32,
    /// Wanted size of this part in bytes. The archive is exactly this long when `size` is at
    /// least the minimal archive for the spec, else the minimal archive. Ignored for part 0 of
    /// a job of two parts or more: that part holds the index alone, without filler, as Google's
    /// two-URL exports do ([`part_sizes`] splits a job's total accordingly).
    pub size: u64,
    pub seed: u64,
    /// How the JSON files are packed (the media filler is always stored).
    pub compression: EntryCompression,
    pub export_time: DateTime<Utc>,
    pub start_time: Option<DateTime<Utc>>,
    /// Whose data the archive holds, and how much of it is left.
    pub history: History,
}

/// An account's history, which every export of the account shows a slice of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The account: two accounts have different records.
    pub user: String,
    /// The oldest record of every group (an export without `start_time` begins here).
    pub since: DateTime<Utc>,
    /// Groups whose records before a time were deleted at Google (as a person deleting their
    /// activity, or an auto-delete setting, does).
    pub deleted_until: BTreeMap<String, DateTime<Utc>>,
}

/// Object hashes as Cloud Storage reports them in `x-goog-hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hashes {
    pub crc32c: u32,
    pub md5: [u8; 16],
}

/// A laid-out archive: its bytes are produced on demand, never held in memory whole.
pub struct Archive {
    /// Contiguous, in order, each with its start offset; none is empty.
    segments: Vec<(u64, Segment)>,
    len: u64,
    media: Option<Media>,
    entry_names: Vec<String>,
    media_crc: OnceLock<u32>,
    crc32c: OnceLock<u32>,
    md5: OnceLock<[u8; 16]>,
}

impl Archive {
    /// Lays out the archive (cheap: no hashing of the padding data here).
    pub fn build(spec: &ArchiveSpec) -> Archive {
        let plan = plan::plan(spec);
        let target = if is_index_part(spec) { 0 } else { spec.size };
        let layout = zip_layout::lay_out(
            &plan.files,
            spec.compression,
            &plan.media_name,
            plan.media,
            target,
        );
        Archive {
            segments: layout.segments,
            len: layout.len,
            media: layout.media,
            entry_names: layout.entry_names,
            media_crc: OnceLock::new(),
            crc32c: OnceLock::new(),
            md5: OnceLock::new(),
        }
    }

    /// Total length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Never true: even an archive without entries has its end record.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Zip entry names in archive order.
    pub fn entry_names(&self) -> &[String] {
        &self.entry_names
    }

    /// Fills `buf` with the bytes starting at `offset`; returns how many were written
    /// (less than `buf.len()` only at the end).
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> usize {
        if offset >= self.len {
            return 0;
        }
        let want = (buf.len() as u64).min(self.len - offset) as usize;
        let mut index = self
            .segments
            .partition_point(|(start, seg)| start + seg.len() <= offset);
        let mut done = 0;
        while done < want {
            let (start, segment) = &self.segments[index];
            let within = offset + done as u64 - start;
            let n = (segment.len() - within).min((want - done) as u64) as usize;
            let out = &mut buf[done..done + n];
            let within = within as usize;
            match segment {
                Segment::Bytes(bytes) => out.copy_from_slice(&bytes[within..within + n]),
                Segment::Filler { filler, .. } => filler.fill(within as u64, out),
                Segment::MediaCrc => {
                    out.copy_from_slice(&self.media_crc().to_le_bytes()[within..within + n])
                }
            }
            done += n;
            index += 1;
        }
        want
    }

    /// crc32c and md5 of the whole object; computed on first call (CPU-bound: call it from
    /// `spawn_blocking` for large archives) and cached.
    pub fn hashes(&self) -> Hashes {
        let md5 = *self.md5.get_or_init(|| {
            let mut md5 = Md5::new();
            if self.crc32c.get().is_some() {
                self.each_chunk(|chunk| md5.update(chunk));
            } else {
                let mut crc = 0;
                self.each_chunk(|chunk| {
                    md5.update(chunk);
                    crc = crc32c::crc32c_append(crc, chunk);
                });
                let _ = self.crc32c.set(crc);
            }
            md5.finalize().into()
        });
        Hashes {
            crc32c: self.crc32c(),
            md5,
        }
    }

    /// crc32c of the whole object alone (what composite objects report); about 8× cheaper than
    /// [`Archive::hashes`]. Computed on first call and cached, shared with `hashes`.
    pub fn crc32c(&self) -> u32 {
        *self.crc32c.get_or_init(|| {
            let mut crc = 0;
            self.each_chunk(|chunk| crc = crc32c::crc32c_append(crc, chunk));
            crc
        })
    }

    /// The bytes `start..end` as a stream of chunks (≤ 64 KiB each), generated lazily.
    pub fn stream(
        self: Arc<Self>,
        start: u64,
        end: u64,
    ) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
        let end = end.min(self.len);
        let start = start.min(end);
        futures_util::stream::unfold((self, start), move |(archive, pos)| async move {
            if pos >= end {
                return None;
            }
            // 64 KiB takes ~10 µs to generate: fine inline on the async worker.
            let mut chunk = vec![0u8; (end - pos).min(STREAM_CHUNK) as usize];
            let n = archive.read_at(pos, &mut chunk);
            chunk.truncate(n);
            Some((Ok(Bytes::from(chunk)), (archive, pos + n as u64)))
        })
    }

    /// The media entry's CRC-32, generating the media bytes on first use.
    fn media_crc(&self) -> u32 {
        *self
            .media_crc
            .get_or_init(|| self.media.map_or(0, |m| m.filler.crc32(m.len)))
    }

    fn each_chunk(&self, mut f: impl FnMut(&[u8])) {
        let mut buf = vec![0u8; PASS_BUFFER];
        let mut offset = 0;
        while offset < self.len {
            let n = self.read_at(offset, &mut buf);
            f(&buf[..n]);
            offset += n as u64;
        }
    }
}

/// Part 0 of a job of two parts or more: the index alone.
fn is_index_part(spec: &ArchiveSpec) -> bool {
    spec.parts > 1 && spec.part == 0
}

/// The wanted size of each part of a job whose parts should add up to `total` bytes (`spec`
/// describes the job; its `part` and `size` are ignored). One part gets it all. With more, the
/// index part is as small as it can be and the data parts share the rest evenly, the first ones
/// taking a byte more when it does not divide. The parts add up to `total` exactly when every
/// data part can reach its share (else each is as small as it can be).
pub fn part_sizes(spec: &ArchiveSpec, total: u64) -> Vec<u64> {
    let parts = spec.parts.max(1);
    if parts == 1 {
        return vec![total];
    }
    let index = Archive::build(&ArchiveSpec {
        part: 0,
        size: 0,
        ..spec.clone()
    })
    .len();
    let data_parts = u64::from(parts - 1);
    let rest = total.saturating_sub(index);
    let (share, left) = (rest / data_parts, rest % data_parts);
    std::iter::once(index)
        .chain((0..data_parts).map(|i| share + u64::from(i < left)))
        .collect()
}

impl fmt::Debug for Archive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Archive")
            .field("len", &self.len)
            .field("entries", &self.entry_names)
            .field("media_len", &self.media.map(|m| m.len))
            .finish_non_exhaustive()
    }
}
