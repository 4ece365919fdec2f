//! Zip framing of a part as a list of segments, sized to an exact total.
//!
//! Every entry has zeroed dates (1980-01-01 00:00) and the UTF-8 name flag. The JSON files are
//! deflated (method 8) or stored (method 0) as the spec says, once, when the part is laid out;
//! the media filler is always stored, so any byte range of it can be produced directly. The media
//! filler, when present, is the last entry: only its sizes and the central directory's offset can
//! pass 4 GiB, so only it carries a Zip64 extra field, and the Zip64 end records follow the
//! central directory.

use std::borrow::Cow;
use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

use super::filler::Filler;
use crate::settings::EntryCompression;

const LOCAL_HEADER_SIG: u32 = 0x0403_4b50;
const CENTRAL_HEADER_SIG: u32 = 0x0201_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;

/// Enough for deflate, the only method besides stored used here.
const VERSION_DEFAULT: u16 = 20;
const VERSION_ZIP64: u16 = 45;
const FLAG_UTF8_NAMES: u16 = 1 << 11;
const DOS_TIME_ZERO: u16 = 0;
/// 1980-01-01: day 1, month 1, year 1980 + 0.
const DOS_DATE_ZERO: u16 = (1 << 5) | 1;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;
const ZIP64_EXTRA_ID: u16 = 0x0001;
/// Two u64 sizes (uncompressed, compressed).
const ZIP64_EXTRA_LEN: u16 = 16;
const EOCD64_LEN: u64 = 56;

/// Filler for the end-of-central-directory comment, used when the gap to the wanted size is too
/// small for a media entry.
const COMMENT_TEXT: &[u8] = b"Google Data Portability archive. ";

/// A run of archive bytes.
#[derive(Debug)]
pub(crate) enum Segment {
    Bytes(Vec<u8>),
    Filler {
        filler: Filler,
        len: u64,
    },
    /// The media entry's CRC-32 (little-endian), known only once the filler has been hashed.
    MediaCrc,
}

impl Segment {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Segment::Bytes(bytes) => bytes.len() as u64,
            Segment::Filler { len, .. } => *len,
            Segment::MediaCrc => 4,
        }
    }
}

/// The media entry's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Media {
    pub filler: Filler,
    pub len: u64,
}

/// A complete part: segments in order, each with its start offset.
#[derive(Debug)]
pub(crate) struct Layout {
    pub segments: Vec<(u64, Segment)>,
    pub len: u64,
    pub media: Option<Media>,
    pub entry_names: Vec<String>,
}

/// Lays out `files` plus, if `target` leaves room, a media entry named `media_name` so the part
/// is exactly `target` bytes long (or minimal if `target` is smaller than that).
pub(crate) fn lay_out(
    files: &[(String, Vec<u8>)],
    compression: EntryCompression,
    media_name: &str,
    filler: Filler,
    target: u64,
) -> Layout {
    let files: Vec<FileEntry> = files
        .iter()
        .map(|(name, data)| FileEntry::new(name, data, compression))
        .collect();
    let encode = |media: Option<MediaEntry>, comment: usize| encode(&files, media, comment);
    let entry = |len: u64, zip64: bool| {
        Some(MediaEntry {
            name: media_name,
            media: Media { filler, len },
            zip64,
        })
    };

    let minimal = encode(None, 0).expect("a few small files fit plain zip");
    if target <= minimal.len {
        return minimal;
    }
    let gap = target - minimal.len;
    let overhead = encode(entry(0, false), 0)
        .expect("an empty entry fits plain zip")
        .len
        - minimal.len;
    if gap < overhead {
        // Below one entry's overhead, which is far below the 64 KiB comment limit.
        return encode(None, gap as usize).expect("a short comment fits plain zip");
    }
    if let Some(layout) = encode(entry(gap - overhead, false), 0) {
        return layout;
    }
    // Past 4 GiB: Zip64 fields and end records add a fixed overhead. The plain layout failed
    // only because a value reached 4 GiB, so the gap dwarfs this overhead: no underflow.
    let overhead64 = encode(entry(0, true), 0)
        .expect("Zip64 framing always fits")
        .len
        - minimal.len;
    encode(entry(gap - overhead64, true), 0).expect("Zip64 framing always fits")
}

struct FileEntry<'a> {
    name: &'a str,
    method: u16,
    /// The bytes the zip holds: the file's own, or deflated.
    packed: Cow<'a, [u8]>,
    len: usize,
    crc: u32,
}

impl<'a> FileEntry<'a> {
    fn new(name: &'a str, data: &'a [u8], compression: EntryCompression) -> FileEntry<'a> {
        let (method, packed) = match compression {
            EntryCompression::Stored => (METHOD_STORED, Cow::Borrowed(data)),
            EntryCompression::Deflated => (METHOD_DEFLATED, Cow::Owned(deflate(data))),
        };
        FileEntry {
            name,
            method,
            packed,
            len: data.len(),
            crc: crc32fast::hash(data),
        }
    }

    /// `None` when a size does not fit the plain-zip fields (the files are JSON of at most a
    /// few MiB, so this is never met in practice).
    fn header(&self) -> Option<Header<'a>> {
        Some(Header {
            name: self.name,
            version: VERSION_DEFAULT,
            method: self.method,
            packed: u32::try_from(self.packed.len()).ok()?,
            len: u32::try_from(self.len).ok()?,
            zip64_len: None,
            crc: Some(self.crc),
        })
    }
}

/// Deflate at zlib's default level, as most zip writers do; the same bytes always give the same
/// output.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(data)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// What a local or central header says of its entry.
struct Header<'a> {
    name: &'a str,
    version: u16,
    method: u16,
    /// The sizes in the 32-bit fields (saturated when the Zip64 extra carries them).
    packed: u32,
    len: u32,
    /// The stored media's length, for its Zip64 extra.
    zip64_len: Option<u64>,
    /// `None` for the media entry, whose CRC is patched in lazily.
    crc: Option<u32>,
}

impl MediaEntry<'_> {
    /// `None` when a value does not fit the plain-zip fields and `zip64` is off.
    fn header(&self) -> Option<Header<'_>> {
        let (version, size) = if self.zip64 {
            (VERSION_ZIP64, u32::MAX)
        } else {
            let size = u32::try_from(self.media.len)
                .ok()
                .filter(|&l| l != u32::MAX)?;
            (VERSION_DEFAULT, size)
        };
        Some(Header {
            name: self.name,
            version,
            method: METHOD_STORED,
            packed: size,
            len: size,
            zip64_len: self.zip64.then_some(self.media.len),
            crc: None,
        })
    }
}

#[derive(Clone, Copy)]
struct MediaEntry<'a> {
    name: &'a str,
    media: Media,
    /// Forced on whenever any value passes the 32-bit fields, and allowed below that.
    zip64: bool,
}

/// `None` when a value does not fit the plain-zip fields and `zip64` is off.
fn encode(files: &[FileEntry], media: Option<MediaEntry>, comment_len: usize) -> Option<Layout> {
    let mut out = SegmentWriter::default();
    let headers = files
        .iter()
        .map(FileEntry::header)
        .collect::<Option<Vec<_>>>()?;
    let media_header = match &media {
        Some(m) => Some(m.header()?),
        None => None,
    };
    let mut offsets = Vec::with_capacity(files.len());
    for (file, header) in files.iter().zip(&headers) {
        offsets.push(out.pos);
        local_header(&mut out, header);
        out.bytes(&file.packed);
    }
    let media_offset = out.pos;
    if let (Some(m), Some(header)) = (media, &media_header) {
        local_header(&mut out, header);
        out.filler(m.media.filler, m.media.len);
    }

    let cd_offset = out.pos;
    for (header, &offset) in headers.iter().zip(&offsets) {
        central_header(&mut out, header, offset as u32);
    }
    if let Some(header) = &media_header {
        central_header(&mut out, header, media_offset as u32);
    }
    let cd_len = out.pos - cd_offset;
    let entries = files.len() as u64 + u64::from(media.is_some());
    let zip64 = media.is_some_and(|m| m.zip64);

    if zip64 {
        let eocd64_offset = out.pos;
        out.u32(EOCD64_SIG);
        out.u64(EOCD64_LEN - 12); // the record's size excludes its signature and this field
        out.u16(VERSION_ZIP64);
        out.u16(VERSION_ZIP64);
        out.u32(0); // this disk
        out.u32(0); // disk holding the central directory
        out.u64(entries);
        out.u64(entries);
        out.u64(cd_len);
        out.u64(cd_offset);
        out.u32(EOCD64_LOCATOR_SIG);
        out.u32(0); // disk holding the Zip64 record
        out.u64(eocd64_offset);
        out.u32(1); // total disks
    } else if cd_offset >= u64::from(u32::MAX)
        || cd_len >= u64::from(u32::MAX)
        || entries >= u64::from(u16::MAX)
    {
        return None;
    }

    out.u32(EOCD_SIG);
    out.u16(0); // this disk
    out.u16(0); // disk holding the central directory
    // Like most writers, saturate every field when Zip64 records exist so readers look there.
    let (count, cd_len32, cd_offset32) = if zip64 {
        (u16::MAX, u32::MAX, u32::MAX)
    } else {
        (entries as u16, cd_len as u32, cd_offset as u32)
    };
    out.u16(count);
    out.u16(count);
    out.u32(cd_len32);
    out.u32(cd_offset32);
    out.u16(comment_len as u16);
    out.bytes(&comment(comment_len));

    let mut entry_names: Vec<String> = files.iter().map(|f| f.name.to_string()).collect();
    entry_names.extend(media.map(|m| m.name.to_string()));
    Some(out.finish(media.map(|m| m.media), entry_names))
}

fn local_header(out: &mut SegmentWriter, header: &Header) {
    out.u32(LOCAL_HEADER_SIG);
    out.u16(header.version);
    out.u16(FLAG_UTF8_NAMES);
    common_fields(out, header);
    out.bytes(header.name.as_bytes());
    zip64_extra(out, header.zip64_len);
}

fn central_header(out: &mut SegmentWriter, header: &Header, offset: u32) {
    out.u32(CENTRAL_HEADER_SIG);
    out.u16(VERSION_ZIP64); // made by: MS-DOS attributes, spec 4.5
    out.u16(header.version);
    out.u16(FLAG_UTF8_NAMES);
    common_fields(out, header);
    out.u16(0); // comment length
    out.u16(0); // disk number start
    out.u16(0); // internal attributes
    out.u32(0); // external attributes
    out.u32(offset);
    out.bytes(header.name.as_bytes());
    zip64_extra(out, header.zip64_len);
}

/// From the method to the extra field's length, alike in the local and the central header.
fn common_fields(out: &mut SegmentWriter, header: &Header) {
    out.u16(header.method);
    out.u16(DOS_TIME_ZERO);
    out.u16(DOS_DATE_ZERO);
    match header.crc {
        Some(crc) => out.u32(crc),
        None => out.media_crc(),
    }
    out.u32(header.packed);
    out.u32(header.len);
    out.u16(header.name.len() as u16);
    out.u16(if header.zip64_len.is_some() {
        4 + ZIP64_EXTRA_LEN
    } else {
        0
    });
}

/// The local header's Zip64 extra must carry both sizes; the central one carries exactly the
/// fields saturated in the header, which are the two sizes here (the offset stays below 4 GiB).
fn zip64_extra(out: &mut SegmentWriter, zip64_len: Option<u64>) {
    if let Some(len) = zip64_len {
        out.u16(ZIP64_EXTRA_ID);
        out.u16(ZIP64_EXTRA_LEN);
        out.u64(len); // uncompressed
        out.u64(len); // compressed
    }
}

fn comment(len: usize) -> Vec<u8> {
    COMMENT_TEXT.iter().copied().cycle().take(len).collect()
}

#[derive(Default)]
struct SegmentWriter {
    segments: Vec<(u64, Segment)>,
    current: Vec<u8>,
    pos: u64,
}

impl SegmentWriter {
    fn bytes(&mut self, bytes: &[u8]) {
        self.current.extend_from_slice(bytes);
        self.pos += bytes.len() as u64;
    }

    fn u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }

    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    fn push(&mut self, segment: Segment) {
        self.flush();
        let len = segment.len();
        if len > 0 {
            self.segments.push((self.pos, segment));
            self.pos += len;
        }
    }

    fn media_crc(&mut self) {
        self.push(Segment::MediaCrc);
    }

    fn filler(&mut self, filler: Filler, len: u64) {
        self.push(Segment::Filler { filler, len });
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            let bytes = std::mem::take(&mut self.current);
            self.segments
                .push((self.pos - bytes.len() as u64, Segment::Bytes(bytes)));
        }
    }

    fn finish(mut self, media: Option<Media>, entry_names: Vec<String>) -> Layout {
        self.flush();
        Layout {
            segments: self.segments,
            len: self.pos,
            media,
            entry_names,
        }
    }
}
