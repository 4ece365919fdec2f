//! Archive tests: zip validity (via the `zip` crate), exact sizes, determinism, random access,
//! Zip64 and multi-part layouts, and every discovery resource group.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::time::Instant;

use futures_util::{FutureExt, StreamExt};
use md5::{Digest, Md5};
use serde_json::Value;

use super::services::{self, Shape};
use super::*;

const JOB_ID: &str = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

fn spec(groups: &[&str]) -> ArchiveSpec {
    ArchiveSpec {
        groups: groups.iter().map(|g| g.to_string()).collect(),
        job_id: JOB_ID.to_string(),
        part: 0,
        parts: 1,
        size: 0,
        seed: 42,
        compression: EntryCompression::Deflated,
        export_time: "2026-03-01T12:00:00Z".parse().unwrap(),
        start_time: None,
        history: History {
            user: "user-1".to_string(),
            since: "2026-01-30T12:00:00Z".parse().unwrap(),
            deleted_until: Default::default(),
        },
    }
}

fn sized(groups: &[&str], size: u64) -> ArchiveSpec {
    ArchiveSpec {
        size,
        ..spec(groups)
    }
}

fn part(groups: &[&str], part: u32, parts: u32, size: u64) -> ArchiveSpec {
    ArchiveSpec {
        part,
        parts,
        size,
        ..spec(groups)
    }
}

fn discovery_groups() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/discovery/dataportability.v1.discovery.json"
    )))
    .unwrap();
    doc["auth"]["oauth2"]["scopes"]
        .as_object()
        .unwrap()
        .keys()
        .filter_map(|scope| scope.strip_prefix("https://www.googleapis.com/auth/dataportability."))
        .map(String::from)
        .collect()
}

fn all_bytes(archive: &Archive) -> Vec<u8> {
    let mut bytes = vec![0u8; archive.len() as usize];
    assert_eq!(archive.read_at(0, &mut bytes), bytes.len());
    bytes
}

/// Opens `bytes` with the `zip` crate and reads every entry to its end, which makes the crate
/// verify each CRC-32 (after inflating a deflated one); checks dates, and that media is stored, on
/// the way. Returns `(name, data)` in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            if !entry.name().ends_with(".json") {
                assert_eq!(
                    entry.compression(),
                    zip::CompressionMethod::Stored,
                    "{}",
                    entry.name()
                );
            }
            let date = entry.last_modified().expect("entries carry a date");
            let parts = (
                date.year(),
                date.month(),
                date.day(),
                date.hour(),
                date.minute(),
                date.second(),
            );
            assert_eq!(parts, (1980, 1, 1, 0, 0, 0), "{}", entry.name());
            let mut data = Vec::new();
            entry
                .read_to_end(&mut data)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.name()));
            assert_eq!(data.len() as u64, entry.size());
            (entry.name().to_string(), data)
        })
        .collect()
}

/// Each entry's name, method, and size in the zip.
fn methods(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, u64)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    (0..zip.len())
        .map(|i| {
            let entry = zip.by_index_raw(i).unwrap();
            (
                entry.name().to_string(),
                entry.compression(),
                entry.compressed_size(),
            )
        })
        .collect()
}

fn built(spec: &ArchiveSpec) -> (Archive, Vec<(String, Vec<u8>)>) {
    let archive = Archive::build(spec);
    let entries = unzip(&all_bytes(&archive));
    let names: Vec<&String> = entries.iter().map(|(name, _)| name).collect();
    assert_eq!(names, archive.entry_names().iter().collect::<Vec<_>>());
    (archive, entries)
}

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
        .1
}

fn records_in(group: &str, value: &Value) -> u64 {
    let count = match &services::find(group).expect("known group").shape {
        Shape::Single(_) => 1,
        Shape::Keyed(key, _) => value[key].as_array().unwrap().len(),
        Shape::Places(_) => value["features"].as_array().unwrap().len(),
        Shape::Array(_) | Shape::MyActivity(_) => value.as_array().unwrap().len(),
    };
    count as u64
}

/// Checks every file the index lists against the entries of the part holding it.
fn check_index(index: &[u8], parts: &[Vec<(String, Vec<u8>)>], groups: &[&str]) {
    let index: Value = serde_json::from_slice(index).unwrap();
    assert_eq!(index["creationTime"], "2026-03-01T12:00:00.000Z");
    assert_eq!(index["archiveParts"], parts.len() as u64);
    let mut listed_groups = Vec::new();
    let mut total = 0;
    for service in index["serviceStatus"].as_array().unwrap() {
        let folder = service["folderName"].as_str().unwrap();
        let files = service["extractedFile"].as_array().unwrap();
        assert_eq!(service["fileCount"], files.len());
        let mut records = 0;
        for file in files {
            let group = file["resourceGroup"].as_str().unwrap();
            let path = file["path"].as_str().unwrap();
            assert_eq!(Some(folder), service_folder(group));
            assert!(
                path.starts_with(&format!("Portability/{folder}/")),
                "{path}"
            );
            let data = entry(&parts[file["archivePart"].as_u64().unwrap() as usize], path);
            assert_eq!(file["size"], data.len());
            let count = records_in(group, &serde_json::from_slice(data).unwrap());
            assert_eq!(file["recordCount"], count, "{group}");
            records += count;
            total += data.len();
            listed_groups.push(group.to_string());
        }
        assert_eq!(service["recordCount"], records);
    }
    assert_eq!(index["totalSize"], total);
    listed_groups.dedup();
    assert_eq!(listed_groups.len(), groups.len());
    for group in groups {
        assert!(
            listed_groups.iter().any(|g| g == group),
            "{group} missing from the index"
        );
    }
}

#[test]
fn the_zip_reader_used_here_catches_a_corrupt_entry() {
    let archive = Archive::build(&spec(&["chrome.history"]));
    let mut bytes = all_bytes(&archive);
    let data_start = 30 + archive.entry_names()[0].len();
    bytes[data_start + 10] ^= 1;
    let result = std::panic::catch_unwind(|| unzip(&bytes));
    assert!(
        result.is_err(),
        "a flipped data byte must fail the CRC check"
    );
}

#[test]
fn single_part_holds_group_files_then_the_index() {
    let groups = [
        "myactivity.search",
        "youtube.comments",
        "chrome.history",
        "maps.reviews",
    ];
    let (archive, entries) = built(&spec(&groups));
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Portability/My Activity/Search/MyActivity.json",
            "Portability/My Activity/Image Search/MyActivity.json",
            "Portability/YouTube and YouTube Music/comments/comments.json",
            "Portability/Chrome/History.json",
            "Portability/Maps (your places)/Reviews.json",
            "Portability/archive_browser.json",
        ]
    );
    check_index(
        entry(&entries, "Portability/archive_browser.json"),
        std::slice::from_ref(&entries),
        &groups,
    );
    let history: Value =
        serde_json::from_slice(entry(&entries, "Portability/Chrome/History.json")).unwrap();
    assert!(!history["Browser History"].as_array().unwrap().is_empty());
    let reviews: Value = serde_json::from_slice(entry(
        &entries,
        "Portability/Maps (your places)/Reviews.json",
    ))
    .unwrap();
    assert_eq!(reviews["type"], "FeatureCollection");
    assert_eq!(reviews["features"][0]["geometry"]["type"], "Point");
    assert!(!archive.is_empty());
}

#[test]
fn activity_times_lie_between_start_and_export() {
    let start: DateTime<Utc> = "2026-02-15T08:30:00Z".parse().unwrap();
    let spec = ArchiveSpec {
        start_time: Some(start),
        ..spec(&["myactivity.youtube"])
    };
    let (_, entries) = built(&spec);
    let items: Vec<Value> = serde_json::from_slice(&entries[0].1).unwrap();
    assert!(!items.is_empty());
    for item in &items {
        let time: DateTime<Utc> = item["time"].as_str().unwrap().parse().unwrap();
        assert!(start <= time && time <= spec.export_time, "{time}");
        assert!(
            item["titleUrl"]
                .as_str()
                .unwrap()
                .starts_with("https://www.youtube.com/watch?v=")
        );
        assert_eq!(item["products"][0], "YouTube");
    }
}

#[test]
fn sizes_are_exact_from_the_minimal_archive_up() {
    let groups = ["myactivity.search", "chrome.history"];
    let minimal = Archive::build(&spec(&groups)).len();
    // The smallest media entry: both headers plus the name twice.
    let name_len = Archive::build(&sized(&groups, 10 * MIB))
        .entry_names()
        .last()
        .unwrap()
        .len() as u64;
    let media_overhead = 30 + 46 + 2 * name_len;
    let sizes = [
        minimal,
        minimal + 1,
        minimal + media_overhead - 1,
        minimal + media_overhead,
        minimal + media_overhead + 1,
        MIB,
        MIB + 3,
        3 * MIB + 12_345,
    ];
    for size in sizes {
        let (archive, entries) = built(&sized(&groups, size));
        assert_eq!(archive.len(), size);
        let has_media = entries.last().unwrap().0.ends_with(".mp4");
        assert_eq!(has_media, size >= minimal + media_overhead, "size {size}");
    }
    assert_eq!(Archive::build(&sized(&groups, 10)).len(), minimal);
}

#[test]
fn json_files_are_deflated_or_stored_as_set_and_hold_the_same_data_either_way() {
    let deflated = sized(&["myactivity.search", "youtube.comments"], 300_000);
    let stored = ArchiveSpec {
        compression: EntryCompression::Stored,
        ..deflated.clone()
    };
    let (a, from_deflated) = built(&deflated);
    let (b, from_stored) = built(&stored);
    assert_eq!((a.len(), b.len()), (300_000, 300_000));
    // The files are alike; the media filler takes up what deflating saved.
    let json = |entries: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        entries
            .iter()
            .filter(|(name, _)| name.ends_with(".json"))
            .cloned()
            .collect()
    };
    assert!(json(&from_deflated) == json(&from_stored));
    assert_eq!(json(&from_deflated).len(), 4);

    let (mut json, mut media) = (0, 0);
    for ((name, method, packed), (_, data)) in
        methods(&all_bytes(&a)).into_iter().zip(&from_deflated)
    {
        if name.ends_with(".json") {
            json += 1;
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name}");
            assert!(
                packed < data.len() as u64,
                "{name}: {packed} of {}",
                data.len()
            );
        } else {
            media += 1;
            assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
        }
    }
    assert_eq!((json, media), (4, 1));
    for (name, method, _) in methods(&all_bytes(&b)) {
        assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
    }
}

#[test]
fn media_entry_sits_in_the_last_group_folder() {
    let archive = Archive::build(&sized(&["myactivity.search", "youtube.public_videos"], MIB));
    assert_eq!(
        archive.entry_names().last().unwrap(),
        "Portability/YouTube and YouTube Music/media/VID_20260130_120000_000.mp4"
    );
}

#[test]
fn same_spec_same_bytes_and_other_seeds_differ() {
    let groups = ["myactivity.search", "maps.starred_places"];
    let base = sized(&groups, 300_000);
    let (a, b) = (Archive::build(&base), Archive::build(&base));
    assert_eq!(all_bytes(&a), all_bytes(&b));
    assert_eq!(a.hashes(), b.hashes());
    for other in [
        ArchiveSpec {
            seed: 43,
            ..base.clone()
        },
        ArchiveSpec {
            job_id: "another-job".into(),
            export_time: "2026-03-02T12:00:00Z".parse().unwrap(),
            ..base.clone()
        },
    ] {
        let c = Archive::build(&other);
        assert_eq!(c.len(), a.len());
        assert_ne!(all_bytes(&c), all_bytes(&a));
        assert_ne!(c.hashes(), a.hashes());
    }
}

#[test]
fn successive_exports_of_a_group_carry_the_same_media_and_other_accounts_other_media() {
    let media = |spec: &ArchiveSpec| {
        let (_, entries) = built(spec);
        let (name, bytes) = entries.last().unwrap().clone();
        assert!(name.ends_with(".mp4"), "{name}");
        bytes
    };
    let today = sized(&["youtube.comments"], 400_000);
    let tomorrow = ArchiveSpec {
        job_id: "the-next-job".into(),
        export_time: "2026-03-02T12:00:00Z".parse().unwrap(),
        size: 500_000,
        ..today.clone()
    };
    let (first, second) = (media(&today), media(&tomorrow));
    // A day later the export holds more records and more media, beginning with the same bytes.
    assert!(second.len() > first.len());
    assert_eq!(second[..first.len()], first[..]);
    let another_account = ArchiveSpec {
        history: History {
            user: "user-2".into(),
            ..today.history.clone()
        },
        ..today.clone()
    };
    let another_group = sized(&["play.installs"], 400_000);
    for other in [another_account, another_group] {
        let theirs = media(&other);
        let shared = theirs.len().min(first.len());
        assert_ne!(theirs[..shared], first[..shared]);
    }
}

#[test]
fn read_at_matches_slices_of_the_whole() {
    let archive = Archive::build(&sized(&["youtube.comments", "play.installs"], 200_003));
    let whole = all_bytes(&archive);
    let len = whole.len() as u64;
    let mut rng = super::rng::Rng::new(1);
    let mut cases: Vec<(u64, usize)> = (0..300)
        .map(|_| (rng.below(len), rng.below(70_000) as usize))
        .collect();
    cases.extend([
        (0, 0),
        (0, 1),
        (len - 1, 1),
        (len - 1, 10),
        (len - 22, 22),
        (len - 100, 1000),
    ]);
    for (offset, n) in cases {
        let mut buf = vec![0xAA; n];
        let got = archive.read_at(offset, &mut buf);
        let end = (offset + n as u64).min(len) as usize;
        assert_eq!(got, end - offset as usize);
        assert_eq!(
            &buf[..got],
            &whole[offset as usize..end],
            "offset {offset} len {n}"
        );
    }
    assert_eq!(archive.read_at(len, &mut [0; 8]), 0);
    assert_eq!(archive.read_at(len + 5, &mut [0; 8]), 0);
}

fn collect(archive: &Arc<Archive>, start: u64, end: u64) -> Vec<Bytes> {
    let stream = Arc::clone(archive).stream(start, end);
    let chunks: Vec<std::io::Result<Bytes>> = stream
        .collect()
        .now_or_never()
        .expect("the stream never waits");
    chunks.into_iter().map(|c| c.unwrap()).collect()
}

#[test]
fn stream_matches_read_at() {
    let archive = Arc::new(Archive::build(&sized(&["chrome.bookmarks"], 500_000)));
    let whole = all_bytes(&archive);
    let len = archive.len();
    for (start, end) in [
        (0, len),
        (1, 65_537),
        (12_345, 400_000),
        (len - 10, len),
        (len - 10, len + 99),
        (7, 7),
        (9, 3),
    ] {
        let chunks = collect(&archive, start, end);
        assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= 64 * 1024));
        let joined: Vec<u8> = chunks.concat();
        let end = end.min(len).max(start.min(len));
        assert_eq!(
            joined,
            whole[start.min(end) as usize..end as usize],
            "{start}..{end}"
        );
    }
}

#[test]
fn stream_is_send_and_static() {
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    let archive = Arc::new(Archive::build(&spec(&["chrome.history"])));
    assert_send_static(&archive.stream(0, 10));
}

#[test]
fn hashes_match_direct_digests() {
    let archive = Archive::build(&sized(&["myactivity.search"], 3 * MIB + 5));
    let whole = all_bytes(&archive);
    let expected = Hashes {
        crc32c: crc32c::crc32c(&whole),
        md5: Md5::digest(&whole).into(),
    };
    assert_eq!(archive.crc32c(), expected.crc32c);
    assert_eq!(archive.hashes(), expected);
    // The other order of first calls takes the single-pass path.
    let fresh = Archive::build(&sized(&["myactivity.search"], 3 * MIB + 5));
    assert_eq!(fresh.hashes(), expected);
    assert_eq!(fresh.crc32c(), expected.crc32c);
}

/// `Read + Seek` over `read_at`, so the `zip` crate can open an archive too big to hold.
struct ArchiveReader<'a> {
    archive: &'a Archive,
    pos: u64,
}

impl Read for ArchiveReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.archive.read_at(self.pos, buf);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for ArchiveReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = match to {
            SeekFrom::Start(p) => p,
            SeekFrom::End(d) => self.archive.len().checked_add_signed(d).unwrap(),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d).unwrap(),
        };
        Ok(self.pos)
    }
}

fn read_vec(archive: &Archive, offset: u64, len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    assert_eq!(archive.read_at(offset, &mut buf), len);
    buf
}

fn le(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0, |acc, &b| (acc << 8) | u64::from(b))
}

/// Builds a large archive whose media CRC is preset, so no test here generates gigabytes.
fn large(size: u64) -> Archive {
    let archive = Archive::build(&sized(
        &["myactivity.search", "youtube.public_videos"],
        size,
    ));
    archive.media_crc.set(0x1234_5678).unwrap();
    archive
}

#[test]
fn zip64_records_describe_an_archive_past_4_gib() {
    let size = 4 * GIB + GIB / 2 + 7;
    let archive = large(size);
    assert_eq!(archive.len(), size);

    let eocd = read_vec(&archive, size - 22, 22);
    assert_eq!(le(&eocd[0..4]), 0x0605_4b50);
    assert_eq!(le(&eocd[8..10]), 0xffff);
    assert_eq!(le(&eocd[12..16]), 0xffff_ffff);
    assert_eq!(le(&eocd[16..20]), 0xffff_ffff);

    let locator = read_vec(&archive, size - 22 - 20, 20);
    assert_eq!(le(&locator[0..4]), 0x0706_4b50);
    let eocd64_offset = le(&locator[8..16]);
    assert_eq!(eocd64_offset, size - 22 - 20 - 56);

    let eocd64 = read_vec(&archive, eocd64_offset, 56);
    assert_eq!(le(&eocd64[0..4]), 0x0606_4b50);
    assert_eq!(le(&eocd64[4..12]), 44);
    let entries = le(&eocd64[32..40]);
    let (cd_len, cd_offset) = (le(&eocd64[40..48]), le(&eocd64[48..56]));
    assert_eq!(entries, 5);
    assert_eq!(cd_offset + cd_len, eocd64_offset);
    assert!(cd_offset > u64::from(u32::MAX));

    let mut zip = zip::ZipArchive::new(ArchiveReader {
        archive: &archive,
        pos: 0,
    })
    .unwrap();
    assert_eq!(zip.len(), 5);
    for i in 0..4 {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
    }
    let media = zip.by_index(4).unwrap();
    assert!(media.name().ends_with(".mp4"));
    assert_eq!(media.crc32(), 0x1234_5678);
    assert_eq!(media.data_start().unwrap() + media.size(), cd_offset);
    assert!(media.size() > u64::from(u32::MAX));
}

#[test]
fn sizes_around_the_zip64_threshold_are_exact() {
    let limit = u64::from(u32::MAX);
    for size in [
        limit - 300,
        limit - 1,
        limit,
        limit + 1,
        limit + 150,
        8 * GIB + 1,
    ] {
        let archive = large(size);
        assert_eq!(archive.len(), size);
        let mut zip = zip::ZipArchive::new(ArchiveReader {
            archive: &archive,
            pos: 0,
        })
        .unwrap();
        let media = zip.by_index(zip.len() - 1).unwrap();
        assert_eq!(media.crc32(), 0x1234_5678);
        let tail = media.data_start().unwrap() + media.size();
        assert!(tail < size, "size {size}");
    }
}

#[test]
fn two_parts_put_the_index_first_and_the_data_second() {
    let groups = ["myactivity.search", "myactivity.maps", "shopping.reviews"];
    let (_, index_part) = built(&part(&groups, 0, 2, 0));
    let names: Vec<&str> = index_part.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Portability/archive_browser.json"]);
    let (data_archive, data_part) = built(&part(&groups, 1, 2, 2 * MIB));
    assert_eq!(data_archive.len(), 2 * MIB);
    // Every group's file, Image Search beside Search, and the media filler.
    assert_eq!(data_part.len(), groups.len() + 2);
    check_index(&index_part[0].1, &[index_part.clone(), data_part], &groups);
}

#[test]
fn more_parts_spread_the_groups_round_robin() {
    let groups = [
        "myactivity.search",
        "chrome.history",
        "maps.reviews",
        "youtube.posts",
        "play.library",
    ];
    let parts: Vec<Vec<(String, Vec<u8>)>> =
        (0..3).map(|p| built(&part(&groups, p, 3, 0)).1).collect();
    let holds = |p: usize, group: &str| {
        let folder = service_folder(group).unwrap();
        parts[p]
            .iter()
            .any(|(n, _)| n.starts_with(&format!("Portability/{folder}/")))
    };
    assert_eq!(parts[0].len(), 1);
    assert!(holds(1, "myactivity.search") && holds(1, "maps.reviews") && holds(1, "play.library"));
    assert!(holds(2, "chrome.history") && holds(2, "youtube.posts"));
    assert_eq!((parts[1].len(), parts[2].len()), (4, 2));
    check_index(&parts[0][0].1, &parts, &groups);

    // A data part with no group holds only media, or nothing at all.
    let (empty, entries) = built(&part(&["chrome.history"], 2, 3, 0));
    assert_eq!((empty.len(), entries.len()), (22, 0));
    let (_, media_only) = built(&part(&["chrome.history"], 2, 3, 100_000));
    assert_eq!(media_only.len(), 1);
    assert_eq!(
        media_only[0].0,
        "Portability/Chrome/media/VID_20260130_120000_002.mp4"
    );
}

#[test]
fn empty_unknown_and_repeated_groups_still_make_valid_archives() {
    let (_, entries) = built(&sized(&[], 50_000));
    assert_eq!(entries[0].0, "Portability/archive_browser.json");
    assert_eq!(
        entries[1].0,
        "Portability/Media/VID_20260130_120000_000.mp4"
    );
    let (_, entries) = built(&spec(&[
        "chrome.history",
        "chrome.history",
        "no.such_group",
    ]));
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Portability/Chrome/History.json",
            "Portability/no.such_group/data.json",
            "Portability/archive_browser.json"
        ]
    );
}

#[test]
fn every_discovery_group_has_a_folder_and_a_valid_archive() {
    let groups = discovery_groups();
    assert_eq!(groups.len(), 73);
    assert_eq!(services::SERVICES.len(), 73);
    for group in &groups {
        let folder = service_folder(group).unwrap_or_else(|| panic!("{group} has no folder"));
        let (_, entries) = built(&spec(&[group]));
        let files = if group == "myactivity.search" { 2 } else { 1 };
        assert_eq!(entries.len(), files + 1, "{group}");
        assert!(
            entries[0].0.starts_with(&format!("Portability/{folder}/")),
            "{}",
            entries[0].0
        );
        let value: Value = serde_json::from_slice(&entries[0].1).unwrap();
        assert!(records_in(group, &value) >= 1, "{group}");
    }
    let all: Vec<&str> = groups.iter().map(String::as_str).collect();
    let (archive, entries) = built(&sized(&all, 2 * MIB));
    assert_eq!(archive.len(), 2 * MIB);
    // Every group's file, Image Search activity, the index and the media filler.
    assert_eq!(entries.len(), 73 + 3);
    let mut names: Vec<&String> = entries.iter().map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), entries.len(), "entry names are unique");
    check_index(
        entry(&entries, "Portability/archive_browser.json"),
        std::slice::from_ref(&entries),
        &all,
    );
}

/// Generates and checks a real 4.5 GiB Zip64 archive end to end (run with `--release --ignored`).
#[test]
#[ignore = "generates 4.5 GiB; run in release"]
fn zip64_archive_reads_back_fully() {
    let size = 4 * GIB + GIB / 2 + 7;
    let archive = Archive::build(&sized(&["myactivity.search"], size));
    let mut zip = zip::ZipArchive::new(ArchiveReader {
        archive: &archive,
        pos: 0,
    })
    .unwrap();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        // Reading to the end makes the zip crate compare the CRC-32.
        let copied = std::io::copy(&mut file, &mut std::io::sink()).unwrap();
        assert_eq!(copied, file.size());
    }
}

/// Prints generation, streaming and hashing speeds (run with `--release --ignored --nocapture`).
#[test]
#[ignore = "benchmark; run in release"]
fn throughput() {
    let size = GIB;
    let groups = discovery_groups();
    let all: Vec<&str> = groups.iter().map(String::as_str).collect();
    let t = Instant::now();
    let archive = Arc::new(Archive::build(&sized(&all, size)));
    println!(
        "build with all 73 groups: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let gib = size as f64 / GIB as f64;

    let t = Instant::now();
    // The central directory holds the media entry's CRC-32.
    archive.read_at(size - 1024, &mut [0; 1024]);
    println!(
        "media CRC-32 on first header read: {:.3} s/GiB",
        t.elapsed().as_secs_f64() / gib
    );

    let t = Instant::now();
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = 0;
    while offset < size {
        offset += archive.read_at(offset, &mut buf) as u64;
    }
    println!(
        "read_at (64 KiB): {:.2} GB/s",
        size as f64 / t.elapsed().as_secs_f64() / 1e9
    );

    let t = Instant::now();
    let mut stream = std::pin::pin!(Arc::clone(&archive).stream(0, size));
    let mut streamed = 0;
    while let Some(chunk) = stream.next().now_or_never().unwrap() {
        streamed += chunk.unwrap().len() as u64;
    }
    assert_eq!(streamed, size);
    println!(
        "stream: {:.2} GB/s",
        size as f64 / t.elapsed().as_secs_f64() / 1e9
    );

    let t = Instant::now();
    archive.crc32c();
    println!("crc32c(): {:.3} s/GiB", t.elapsed().as_secs_f64() / gib);
    let t = Instant::now();
    archive.hashes();
    println!(
        "hashes() after crc32c (md5 pass): {:.3} s/GiB",
        t.elapsed().as_secs_f64() / gib
    );
    let fresh = Archive::build(&sized(&["myactivity.search"], size));
    fresh.read_at(size - 1024, &mut [0; 1024]);
    let t = Instant::now();
    fresh.hashes();
    println!(
        "hashes() cold (crc32c + md5, one pass): {:.3} s/GiB",
        t.elapsed().as_secs_f64() / gib
    );
}

/// Asserts that every entry under `My Activity/` is a JSON list of activity items, as Google's
/// sample reads them; returns how many there are.
fn assert_activity_lists(entries: &[(String, Vec<u8>)]) -> usize {
    let mut lists = 0;
    for (name, data) in entries {
        if !name.starts_with("Portability/My Activity/") {
            continue;
        }
        let items: Vec<Value> =
            serde_json::from_slice(data).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!items.is_empty(), "{name}");
        for item in &items {
            for key in ["header", "title", "titleUrl", "time"] {
                assert!(item[key].is_string(), "{name}: {key} in {item}");
            }
            let time = item["time"].as_str().unwrap();
            assert!(DateTime::parse_from_rfc3339(time).is_ok(), "{name}: {time}");
            let products = item["products"].as_array().expect("products");
            assert!(!products.is_empty() && products.iter().all(Value::is_string));
        }
        lists += 1;
    }
    lists
}

#[test]
fn every_my_activity_file_is_an_activity_list_whatever_the_size() {
    let my_activity: Vec<String> = discovery_groups()
        .into_iter()
        .filter(|g| g.starts_with("myactivity."))
        .collect();
    assert_eq!(my_activity.len(), 6);
    let mut cases: Vec<Vec<&str>> = my_activity.iter().map(|g| vec![g.as_str()]).collect();
    cases.push(my_activity.iter().map(String::as_str).collect());
    cases.push(vec!["chrome.history", "myactivity.search"]);
    for groups in &cases {
        for (size, parts) in [(0, 1), (MIB, 1), (MIB, 2), (MIB, 3)] {
            let mut lists = 0;
            for p in 0..parts {
                let (archive, entries) = built(&part(groups, p, parts, size));
                let index_only = parts > 1 && p == 0;
                if size > 0 && !index_only {
                    assert_eq!(archive.len(), size, "{groups:?} part {p} of {parts}");
                }
                lists += assert_activity_lists(&entries);
                for (name, _) in entries.iter().filter(|(n, _)| n.ends_with(".mp4")) {
                    assert!(!name.contains("My Activity"), "{name}");
                }
            }
            let expected = groups
                .iter()
                .filter(|g| g.starts_with("myactivity."))
                .count()
                + usize::from(groups.contains(&"myactivity.search"));
            assert_eq!(lists, expected, "{groups:?} in {parts} parts");
        }
    }
    // The filler keeps to the folder of a group outside My Activity when the part has one.
    let names = |groups: &[&str]| Archive::build(&sized(groups, MIB)).entry_names().to_vec();
    assert_eq!(
        names(&["myactivity.search"]).last().unwrap(),
        "Portability/Media/VID_20260130_120000_000.mp4"
    );
    assert_eq!(
        names(&["chrome.history", "myactivity.search"])
            .last()
            .unwrap(),
        "Portability/Chrome/media/VID_20260130_120000_000.mp4"
    );
}

#[test]
fn search_activity_comes_with_image_search_activity() {
    let (_, entries) = built(&spec(&["myactivity.search"]));
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Portability/My Activity/Search/MyActivity.json",
            "Portability/My Activity/Image Search/MyActivity.json",
            "Portability/archive_browser.json",
        ]
    );
    let items: Vec<Value> = serde_json::from_slice(&entries[1].1).unwrap();
    for item in &items {
        assert_eq!(item["header"], "Image Search");
        assert_eq!(item["products"], serde_json::json!(["Image Search"]));
        assert!(
            item["titleUrl"]
                .as_str()
                .unwrap()
                .starts_with("https://www.google.com/search?tbm=isch&q=")
        );
    }
    assert_ne!(entries[0].1, entries[1].1);
    let index: Value = serde_json::from_slice(&entries[2].1).unwrap();
    let files = &index["serviceStatus"][0]["extractedFile"];
    assert_eq!(index["serviceStatus"][0]["folderName"], "My Activity");
    assert_eq!(files.as_array().unwrap().len(), 2);
    assert_eq!(files[1]["path"], names[1]);
    assert_eq!(files[1]["resourceGroup"], "myactivity.search");
    check_index(
        &entries[2].1,
        std::slice::from_ref(&entries),
        &["myactivity.search"],
    );
}

#[test]
fn the_index_part_carries_no_filler_and_part_sizes_add_up() {
    let groups = ["myactivity.search", "chrome.history", "maps.reviews"];
    for parts in [2, 3] {
        let minimal = Archive::build(&part(&groups, 0, parts, 0));
        let (padded, entries) = built(&part(&groups, 0, parts, 5 * MIB));
        assert_eq!(padded.len(), minimal.len());
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, "Portability/archive_browser.json");
    }
    for total in [3 * MIB, 3 * MIB + 1, 3 * MIB + 2, 10 * MIB + 7] {
        for parts in [1, 2, 3, 4] {
            let sizes = part_sizes(&part(&groups, 0, parts, 0), total);
            assert_eq!(sizes.len(), parts as usize);
            assert_eq!(sizes.iter().sum::<u64>(), total, "{parts} parts");
            if parts > 1 {
                let index = Archive::build(&part(&groups, 0, parts, 0)).len();
                assert_eq!(sizes[0], index);
                let data = &sizes[1..];
                assert!(data.iter().max().unwrap() - data.iter().min().unwrap() <= 1);
            }
            for (p, &size) in sizes.iter().enumerate() {
                let archive = Archive::build(&part(&groups, p as u32, parts, size));
                assert_eq!(archive.len(), size, "part {p} of {parts}");
            }
        }
    }
    // Less than the index leaves the data parts as small as they can be.
    let sizes = part_sizes(&part(&groups, 0, 3, 0), 10);
    assert_eq!(&sizes[1..], [0, 0]);
}

#[test]
fn records_deleted_at_google_leave_every_later_export() {
    let group = "youtube.comments";
    let count = |spec: &ArchiveSpec| -> (u64, Vec<DateTime<Utc>>) {
        let (_, entries) = built(spec);
        let value: Value = serde_json::from_slice(&entries[0].1).unwrap();
        let times = value
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| {
                r.as_object()?
                    .values()
                    .find_map(|v| v.as_str()?.parse().ok())
            })
            .collect();
        (records_in(group, &value), times)
    };
    let kept = spec(&[group]);
    let until: DateTime<Utc> = "2026-02-20T00:00:00Z".parse().unwrap();
    let mut cut = kept.clone();
    cut.history.deleted_until.insert(group.to_string(), until);
    let ((all, _), (left, times)) = (count(&kept), count(&cut));
    assert!(left < all, "{left} of {all} records left");
    assert!(times.iter().all(|t| *t >= until), "{times:?}");
}
