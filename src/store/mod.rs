//! The state database: one SQLite file per data dir (WAL, fully synced commits) holding what the
//! core must not forget across crashes and restarts. Never holds secrets.

mod columns;
mod migrations;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};

pub use columns::{Cells, Stamp};
pub use migrations::Migration;
use migrations::migrations;

use crate::files::private;

/// The database file's name inside the data dir.
pub const FILE_NAME: &str = "carryout.sqlite3";

/// Every schema change, in order; a database is at version N when the first N have run.
/// Append only: a released migration is never edited.
const MIGRATIONS: &[Migration] = &migrations![
    "grants",
    "downloads",
    "review_installation",
    "exports",
    "schedules",
    "warnings",
    "export_setbacks",
    "done_once",
    "secret_keeper",
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the state database {path} could not be opened: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the state database {path} could not be created: {source}")]
    Create {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the state database is from a newer Carryout (schema {found}, this version knows {known}); \
         update Carryout to use it"
    )]
    TooNew { found: usize, known: usize },
    #[error("the state database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a state database task stopped before it finished: {0}")]
    Stopped(String),
    /// A stored value this version cannot read: never replaced by a default, which would
    /// silently change what the core believes (a date becoming 1970, say).
    #[error("the state database holds an unreadable {what} in {row}: {value:?}")]
    Unreadable {
        row: String,
        what: String,
        value: String,
    },
}

/// A handle on the state database; cheap to clone and shared by every part of the core.
#[derive(Debug, Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) `<data_dir>/carryout.sqlite3` and brings its schema up to date.
    /// A new data dir and database are their owner's alone; SQLite gives the write-ahead log
    /// and the shared memory the database's mode.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(FILE_NAME);
        let create = || {
            private::create_dir_all(data_dir)?;
            // An empty file is an empty database to SQLite.
            match private::file_options()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => Err(error),
                _ => Ok(()),
            }
        };
        create().map_err(|source| StoreError::Create {
            path: path.display().to_string(),
            source,
        })?;
        let open = || {
            Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        };
        let connection = open().map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::prepare(connection, MIGRATIONS)
    }

    /// A private database in memory, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?, MIGRATIONS)
    }

    fn prepare(mut connection: Connection, migrations: &[Migration]) -> Result<Self, StoreError> {
        // WAL lets readers run beside the writer; FULL syncs each commit so that a state change
        // recorded before an action survives a power cut.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::run(&mut connection, migrations)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// This data dir's random id, minted on first use: what keeps its secrets apart from other
    /// data dirs' in a store they share (the system keychain).
    pub fn installation_id(&self) -> Result<String, StoreError> {
        self.transaction(|t| {
            let found: Option<String> = t
                .query_row("SELECT id FROM installation", [], |row| row.get(0))
                .optional()?;
            if let Some(id) = found {
                return Ok(id);
            }
            let id = uuid::Uuid::new_v4().simple().to_string();
            t.execute(
                "INSERT INTO installation (singleton, id) VALUES (1, ?1)",
                [&id],
            )?;
            Ok(id)
        })
    }

    /// The secret store (`kind`) that keeps this data dir's refresh tokens: the one recorded,
    /// or `kind`, recorded now when none was.
    pub fn secret_keeper(&self, kind: &str) -> Result<String, StoreError> {
        self.transaction(|t| {
            t.execute(
                "INSERT INTO secret_keeper (singleton, kind) VALUES (1, ?1) \
                 ON CONFLICT (singleton) DO NOTHING",
                [kind],
            )?;
            let kind: String =
                t.query_row("SELECT kind FROM secret_keeper", [], |row| row.get(0))?;
            Ok::<_, StoreError>(kind)
        })
    }

    /// Runs `work` unless it was done on this data dir before, then records it as done, so that
    /// a one-off `task` runs once (again only if it stopped before it was recorded).
    pub fn once(&self, task: &str, work: impl FnOnce()) -> Result<(), StoreError> {
        let done: Option<String> = self.with(|c| {
            c.query_row(
                "SELECT done_at FROM done_once WHERE task = ?1",
                [task],
                |r| r.get(0),
            )
            .optional()
        })?;
        if done.is_none() {
            work();
            self.with(|c| {
                c.execute(
                    "INSERT INTO done_once (task, done_at) \
                     VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) \
                     ON CONFLICT (task) DO NOTHING",
                    [task],
                )
            })?;
        }
        Ok(())
    }

    /// Runs `work` on a thread for blocking work, for callers on the async runtime: commits are
    /// fully synced, and a slow disk must not stall every other task on the runtime's workers.
    pub async fn blocking<T, E>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let store = self.clone();
        match tokio::task::spawn_blocking(move || work(&store)).await {
            Ok(result) => result,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => Err(StoreError::Stopped(error.to_string()).into()),
        }
    }

    /// Runs `work` in one transaction, committed only if it returns `Ok`.
    pub fn transaction<T, E: From<rusqlite::Error>>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        let value = work(&transaction)?;
        transaction.commit()?;
        Ok(value)
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, values: impl rusqlite::Params) -> Result<usize, StoreError> {
        Ok(self.lock().execute(sql, values)?)
    }

    /// Runs `work` on the connection outside an explicit transaction (single statements).
    pub fn with<T, E: From<rusqlite::Error>>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        work(&self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-statement leaves SQLite consistent (the transaction rolls back on drop).
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_MIGRATIONS: &[Migration] = &[
        Migration {
            name: "notes",
            sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);",
        },
        Migration {
            name: "note_tags",
            sql: "ALTER TABLE notes ADD COLUMN tag TEXT;",
        },
    ];

    fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store, StoreError> {
        Store::prepare(Connection::open(path.join(FILE_NAME))?, migrations)
    }

    #[test]
    fn migrations_run_once_and_data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with(dir.path(), &TEST_MIGRATIONS[..1]).unwrap();
        store
            .with(|c| c.execute("INSERT INTO notes (text) VALUES ('kept')", []))
            .unwrap();
        drop(store);

        let store = open_with(dir.path(), TEST_MIGRATIONS).unwrap();
        let (text, tag): (String, Option<String>) = store
            .with(|c| {
                c.query_row("SELECT text, tag FROM notes", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
            })
            .unwrap();
        assert_eq!((text.as_str(), tag), ("kept", None));
        let mode: String = store
            .with(|c| c.query_row("PRAGMA journal_mode", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(open_with(dir.path(), TEST_MIGRATIONS).unwrap());
        let error = open_with(dir.path(), &TEST_MIGRATIONS[..1]).unwrap_err();
        assert!(
            matches!(error, StoreError::TooNew { found: 2, known: 1 }),
            "{error}"
        );
    }

    #[test]
    fn each_data_dir_has_its_own_installation_id_kept_across_reopening() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = Store::open(one.path()).unwrap().installation_id().unwrap();
        assert_eq!(first.len(), 32, "{first}");
        assert_eq!(
            Store::open(one.path()).unwrap().installation_id().unwrap(),
            first
        );
        assert_ne!(
            Store::open(two.path()).unwrap().installation_id().unwrap(),
            first
        );
    }

    #[test]
    fn a_one_off_task_runs_once_per_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let runs = std::cell::Cell::new(0);
        for _ in 0..2 {
            let store = Store::open(dir.path()).unwrap();
            store.once("task", || runs.set(runs.get() + 1)).unwrap();
            store.once("task", || runs.set(runs.get() + 1)).unwrap();
        }
        assert_eq!(runs.get(), 1);
        let other = tempfile::tempdir().unwrap();
        let store = Store::open(other.path()).unwrap();
        store.once("task", || runs.set(runs.get() + 1)).unwrap();
        assert_eq!(runs.get(), 2);
    }

    #[test]
    fn a_failed_transaction_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with(dir.path(), TEST_MIGRATIONS).unwrap();
        let result: Result<(), rusqlite::Error> = store.transaction(|t| {
            t.execute("INSERT INTO notes (text) VALUES ('lost')", [])?;
            t.execute("INSERT INTO no_such_table VALUES (1)", [])?;
            Ok(())
        });
        assert!(result.is_err());
        let count: i64 = store
            .with(|c| c.query_row("SELECT count(*) FROM notes", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(count, 0);
    }
}
