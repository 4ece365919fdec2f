//! Schema versions, tracked in SQLite's `user_version`. A hand-rolled runner: the whole job is
//! "run the statements after the stored version in one transaction", which a crate would not
//! make shorter.

use rusqlite::Connection;

use super::StoreError;

/// One schema change.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// What the change is for, e.g. `grants`.
    pub name: &'static str,
    pub sql: &'static str,
}

/// The migrations named, each the SQL of `migrations/<name>.sql`.
macro_rules! migrations {
    ($($name:literal),* $(,)?) => {
        [$(Migration {
            name: $name,
            sql: include_str!(concat!("migrations/", $name, ".sql")),
        }),*]
    };
}
pub(super) use migrations;

pub(super) fn run(connection: &mut Connection, migrations: &[Migration]) -> Result<(), StoreError> {
    let found: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    if found > migrations.len() {
        return Err(StoreError::TooNew {
            found,
            known: migrations.len(),
        });
    }
    let transaction = connection.transaction()?;
    for migration in &migrations[found..] {
        transaction.execute_batch(migration.sql)?;
    }
    let version = i64::try_from(migrations.len()).expect("fewer than 2^63 migrations");
    transaction.pragma_update(None, "user_version", version)?;
    transaction.commit()?;
    Ok(())
}
