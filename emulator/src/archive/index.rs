//! `Portability/archive_browser.json`: the index of a job's data files, held by part 0.

use chrono::{DateTime, SecondsFormat, Utc};

use super::json::Json;

/// A data file of the job as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexedFile {
    pub group: String,
    pub folder: String,
    /// Full entry name, `Portability/<folder>/…`.
    pub path: String,
    pub part: u32,
    pub size: u64,
    pub records: u64,
}

/// Services appear in the order of their first group; their files in group order. Media filler is
/// not listed: its size depends on each part's size, which part 0 does not know.
pub(crate) fn archive_browser(
    export_time: DateTime<Utc>,
    parts: u32,
    files: &[IndexedFile],
) -> Vec<u8> {
    let mut folders: Vec<&str> = Vec::new();
    for file in files {
        if !folders.contains(&file.folder.as_str()) {
            folders.push(&file.folder);
        }
    }
    let services = folders.iter().map(|folder| {
        let own: Vec<&IndexedFile> = files.iter().filter(|f| f.folder == *folder).collect();
        let groups = own.iter().map(|f| Json::str(f.group.as_str())).collect();
        let extracted = own
            .iter()
            .map(|f| {
                Json::obj([
                    ("path", Json::str(f.path.as_str())),
                    ("resourceGroup", Json::str(f.group.as_str())),
                    ("archivePart", Json::Int(i64::from(f.part))),
                    ("size", Json::Int(f.size as i64)),
                    ("recordCount", Json::Int(f.records as i64)),
                ])
            })
            .collect();
        Json::obj([
            ("folderName", Json::str(*folder)),
            ("resourceGroups", Json::Arr(groups)),
            ("status", Json::str("SUCCESS")),
            ("fileCount", Json::Int(own.len() as i64)),
            (
                "recordCount",
                Json::Int(own.iter().map(|f| f.records).sum::<u64>() as i64),
            ),
            (
                "totalSize",
                Json::Int(own.iter().map(|f| f.size).sum::<u64>() as i64),
            ),
            ("extractedFile", Json::Arr(extracted)),
        ])
    });
    Json::obj([
        (
            "creationTime",
            Json::Str(export_time.to_rfc3339_opts(SecondsFormat::Millis, true)),
        ),
        (
            "totalSize",
            Json::Int(files.iter().map(|f| f.size).sum::<u64>() as i64),
        ),
        ("archiveParts", Json::Int(i64::from(parts))),
        ("serviceStatus", Json::Arr(services.collect())),
    ])
    .to_pretty()
}
