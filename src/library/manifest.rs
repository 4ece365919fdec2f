//! The receipt of one export folder: `manifest.json` (what was downloaded, with hashes) and
//! `SHA256SUMS`, which `sha256sum -c SHA256SUMS` checks without Carryout.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::GroupId;
pub use crate::files::{MANIFEST_FILE, SUMS_FILE};
use crate::files::{check_file_name, write_atomically};

/// `manifest.json`: one export job's archives as they were verified on arrival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The resource groups the job exported. Receipts before this field named them in one
    /// comma-separated `group`, which still reads.
    #[serde(alias = "group", deserialize_with = "groups_or_joined")]
    pub groups: Vec<GroupId>,
    pub job_id: String,
    /// `one_time`, `time_based` or `unspecified`.
    pub access_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_time: Option<DateTime<Utc>>,
    pub files: Vec<FileReceipt>,
    pub app_version: String,
}

/// One archive file of an export, as verified when it was downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReceipt {
    /// File name inside the export folder.
    pub name: String,
    /// Cloud Storage's object name, which fresh URLs are matched by.
    pub object: String,
    pub size: u64,
    /// Lowercase hex, as `sha256sum` prints it.
    pub sha256: String,
    /// Base64 of the big-endian value, as `x-goog-hash` and `gsutil hash` show it; absent when
    /// the server sent none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32c: Option<String>,
    /// Base64, present only when md5 checking was asked for and the object has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
    pub downloaded_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A list of groups, or the older comma-separated string of them.
fn groups_or_joined<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Vec<GroupId>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Groups {
        List(Vec<GroupId>),
        Joined(String),
    }
    Ok(match Groups::deserialize(input)? {
        Groups::List(groups) => groups,
        Groups::Joined(joined) => joined.split(',').map(|g| g.trim().into()).collect(),
    })
}

impl Manifest {
    /// Reads the receipt of `export_dir`, refusing one that names a file anywhere but in that
    /// folder: Carryout never writes such a name, and following it would verify, list or
    /// extract a file elsewhere on the disk.
    pub fn read(export_dir: &Path) -> std::io::Result<Self> {
        let path = export_dir.join(MANIFEST_FILE);
        Self::parse(&std::fs::read(&path)?, &path)
    }

    /// A receipt from the bytes of the `manifest.json` at `path`, refused as [`Manifest::read`]
    /// says.
    pub fn parse(bytes: &[u8], path: &Path) -> std::io::Result<Self> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
        let manifest: Self = serde_json::from_slice(bytes)
            .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        for file in &manifest.files {
            check_file_name(&file.name).map_err(|why| {
                invalid(format!(
                    "{} was refused: the file name {:?} {why}; Carryout never writes one, so \
                     the receipt may have been tampered with",
                    path.display(),
                    file.name
                ))
            })?;
        }
        Ok(manifest)
    }

    /// Writes `manifest.json` and `SHA256SUMS`, each atomically (temporary file, fsync,
    /// rename), so a reader never sees half a receipt.
    pub fn write(&self, export_dir: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&export_dir.join(MANIFEST_FILE), &json)?;
        write_atomically(&export_dir.join(SUMS_FILE), self.sha256sums().as_bytes())
    }

    /// `sha256sum`'s text format: `<hex>  <name>` per line (two spaces: text mode).
    pub fn sha256sums(&self) -> String {
        self.files
            .iter()
            .map(|f| format!("{}  {}\n", f.sha256, f.name))
            .collect()
    }

    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(groups: &str) -> Vec<u8> {
        format!(
            r#"{{{groups}, "job_id": "j", "access_type": "one_time", "files": [],
                "app_version": "0.1.0"}}"#
        )
        .into_bytes()
    }

    #[test]
    fn a_receipt_lists_its_groups_and_an_older_comma_joined_one_still_reads() {
        let path = Path::new("manifest.json");
        let older = Manifest::parse(
            &receipt(r#""group": "chrome.history,myactivity.search""#),
            path,
        );
        let older = older.unwrap();
        assert_eq!(older.groups, ["chrome.history", "myactivity.search"]);
        let written = serde_json::to_value(&older).unwrap();
        assert_eq!(
            written["groups"],
            serde_json::json!(["chrome.history", "myactivity.search"])
        );
        assert!(written.get("group").is_none());
        let bytes = serde_json::to_vec(&older).unwrap();
        assert_eq!(Manifest::parse(&bytes, path).unwrap(), older);
        let one = Manifest::parse(&receipt(r#""groups": ["youtube.comments"]"#), path).unwrap();
        assert_eq!(one.groups, ["youtube.comments"]);
    }
}
