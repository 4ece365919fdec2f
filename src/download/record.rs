//! A transfer's progress in the state database: which object goes to which file, under which
//! ETag, how many bytes are durable, and the verified hashes once complete.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::library::FileReceipt;
use crate::store::{Cells, Stamp, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub etag: Option<String>,
    pub total: Option<u64>,
    pub durable_offset: u64,
    pub complete: Option<Completed>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Completed {
    pub file_name: String,
    pub sha256: String,
    pub crc32c: Option<String>,
    pub md5: Option<String>,
    pub completed_at: DateTime<Utc>,
}

impl Completed {
    /// The receipt line of this archive for the export's manifest, with what its checks could
    /// not cover (so a receipt rebuilt in a later run says the same).
    pub fn into_receipt(self, object: &str, size: u64) -> FileReceipt {
        let mut warnings = Vec::new();
        if self.crc32c.is_none() {
            warnings.push("the server sent no crc32c: only the size was checked".to_owned());
        }
        FileReceipt {
            name: self.file_name,
            object: object.to_owned(),
            size,
            sha256: self.sha256,
            crc32c: self.crc32c,
            md5: self.md5,
            downloaded_at: self.completed_at,
            warnings,
        }
    }
}

/// The row of one archive object of one job.
pub(crate) struct Key<'a> {
    pub job_id: &'a str,
    pub object: &'a str,
}

impl Key<'_> {
    pub fn owned(&self) -> OwnedKey {
        OwnedKey {
            job_id: self.job_id.to_owned(),
            object: self.object.to_owned(),
        }
    }
}

/// A [`Key`] to hand to another thread.
pub(crate) struct OwnedKey {
    job_id: String,
    object: String,
}

impl OwnedKey {
    pub fn key(&self) -> Key<'_> {
        Key {
            job_id: &self.job_id,
            object: &self.object,
        }
    }
}

pub(crate) fn load(store: &Store, key: &Key<'_>) -> Result<Option<Record>, StoreError> {
    let found = store.with(|c| {
        c.query_row(
            "SELECT etag, total, durable_offset, state, file_name, sha256, crc32c, md5, completed_at
             FROM downloads WHERE job_id = ?1 AND object_name = ?2",
            params![key.job_id, key.object],
            |row| {
                let state: String = row.get(3)?;
                let complete = if state == "complete" {
                    Some((
                        Completed {
                            file_name: row.get(4)?,
                            sha256: row.get(5)?,
                            crc32c: row.get(6)?,
                            md5: row.get(7)?,
                            completed_at: DateTime::UNIX_EPOCH,
                        },
                        Cells::new(row, format!("the download of {} of job {}", key.object, key.job_id)).time(8),
                    ))
                } else {
                    None
                };
                let record = Record {
                    etag: row.get(0)?,
                    total: row.get::<_, Option<i64>>(1)?.map(|t| t as u64),
                    durable_offset: row.get::<_, i64>(2)? as u64,
                    complete: None,
                };
                Ok((record, complete))
            },
        )
        .optional()
        .map_err(StoreError::from)
    })?;
    let Some((mut record, complete)) = found else {
        return Ok(None);
    };
    if let Some((mut done, at)) = complete {
        done.completed_at = at?;
        record.complete = Some(done);
    }
    Ok(Some(record))
}

/// Starts (or restarts) a part: records the object's ETag and size before any byte is written.
#[expect(
    clippy::too_many_arguments,
    reason = "one row's columns, one call site"
)]
pub(crate) fn begin(
    store: &Store,
    key: &Key<'_>,
    export_dir: &str,
    file_name: &str,
    etag: Option<&str>,
    total: Option<u64>,
    offset: u64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .execute(
            "INSERT INTO downloads (job_id, object_name, export_dir, file_name, etag, total,
                                    durable_offset, state, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'partial', ?8)
             ON CONFLICT (job_id, object_name) DO UPDATE SET
                export_dir = excluded.export_dir, file_name = excluded.file_name,
                etag = excluded.etag, total = excluded.total,
                durable_offset = excluded.durable_offset, state = 'partial',
                sha256 = NULL, crc32c = NULL, md5 = NULL, completed_at = NULL,
                updated_at = excluded.updated_at",
            params![
                key.job_id,
                key.object,
                export_dir,
                file_name,
                etag,
                total.map(|t| t as i64),
                offset as i64,
                Stamp(now)
            ],
        )
        .map(drop)
}

pub(crate) fn checkpoint(
    store: &Store,
    key: &Key<'_>,
    durable: u64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .execute(
            "UPDATE downloads SET durable_offset = ?3, updated_at = ?4
             WHERE job_id = ?1 AND object_name = ?2 AND state = 'partial'",
            params![key.job_id, key.object, durable as i64, Stamp(now)],
        )
        .map(drop)
}

/// Forgets a part (deleted after a failed check or an ETag change).
pub(crate) fn forget(store: &Store, key: &Key<'_>) -> Result<(), StoreError> {
    store
        .execute(
            "DELETE FROM downloads WHERE job_id = ?1 AND object_name = ?2",
            params![key.job_id, key.object],
        )
        .map(drop)
}

pub(crate) fn complete(
    store: &Store,
    key: &Key<'_>,
    size: u64,
    done: &Completed,
) -> Result<(), StoreError> {
    store
        .execute(
            "UPDATE downloads SET state = 'complete', durable_offset = ?3, total = ?3,
                file_name = ?4, sha256 = ?5, crc32c = ?6, md5 = ?7, completed_at = ?8,
                updated_at = ?8
             WHERE job_id = ?1 AND object_name = ?2",
            params![
                key.job_id,
                key.object,
                size as i64,
                done.file_name,
                done.sha256,
                done.crc32c,
                done.md5,
                Stamp(done.completed_at)
            ],
        )
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completed(crc32c: Option<&str>) -> Completed {
        Completed {
            file_name: "archive.zip".into(),
            sha256: "00".repeat(32),
            crc32c: crc32c.map(str::to_owned),
            md5: None,
            completed_at: DateTime::UNIX_EPOCH,
        }
    }

    fn store_with_a_part() -> (Store, Key<'static>) {
        let store = Store::in_memory().unwrap();
        let key = Key {
            job_id: "job-1",
            object: "archive.zip",
        };
        begin(
            &store,
            &key,
            "/exports",
            "archive.zip",
            Some("e1"),
            Some(10),
            0,
            DateTime::UNIX_EPOCH,
        )
        .unwrap();
        (store, key)
    }

    fn updated_at(store: &Store) -> String {
        store
            .with(|c| c.query_row("SELECT updated_at FROM downloads", [], |r| r.get(0)))
            .unwrap()
    }

    #[test]
    fn a_checkpoint_records_the_clocks_time_as_a_stamp() {
        let (store, key) = store_with_a_part();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        checkpoint(&store, &key, 5, now).unwrap();
        assert_eq!(updated_at(&store), Stamp::text(now));
    }

    #[test]
    fn an_unreadable_completion_time_is_an_error_naming_the_row() {
        let (store, key) = store_with_a_part();
        complete(&store, &key, 10, &completed(None)).unwrap();
        store
            .with(|c| c.execute("UPDATE downloads SET completed_at = 'yesterday'", []))
            .unwrap();
        let error = load(&store, &key).unwrap_err().to_string();
        assert!(
            error.contains("job-1") && error.contains("archive.zip"),
            "{error}"
        );
    }

    #[test]
    fn a_receipt_says_when_only_the_size_was_checked_whenever_it_is_rebuilt() {
        let checked = completed(Some("AAAAAA==")).into_receipt("a", 1);
        assert!(checked.warnings.is_empty());
        let unchecked = completed(None).into_receipt("a", 1);
        assert_eq!(
            unchecked.warnings,
            ["the server sent no crc32c: only the size was checked"]
        );
    }
}
