//! How the core's values sit in the database's columns: times as [`Stamp`]s, closed codes by
//! their names (`crate::codes`), and [`Cells`] to read a row so that a value this version
//! cannot read is an error naming its row and column, never a default.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::StoreError;

/// A time as the database keeps it: RFC 3339 in UTC to the nanosecond
/// (`2026-12-06T05:15:38.123456789Z`), so a time reads back exactly as it was written, and
/// every stamp has the same width, so SQL's text order is time order. Earlier versions wrote
/// milliseconds, or `+00:00`; those still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<Utc>);

impl Stamp {
    /// `at` as it is written into a column.
    pub fn text(at: DateTime<Utc>) -> String {
        at.to_rfc3339_opts(SecondsFormat::Nanos, true)
    }
}

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(Self::text(self.0).into())
    }
}

impl FromSql for Stamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        DateTime::parse_from_rfc3339(value.as_str()?)
            .map(|at| Stamp(at.with_timezone(&Utc)))
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// One row being read, named for the errors of its values ("export 12", "grant g-1").
pub struct Cells<'r, 's> {
    row: &'r Row<'s>,
    name: String,
}

impl<'r, 's> Cells<'r, 's> {
    pub fn new(row: &'r Row<'s>, name: impl Into<String>) -> Self {
        Self {
            row,
            name: name.into(),
        }
    }

    /// The value of column `index`; one this version cannot read (a bad time, an unknown
    /// code, a null where one is required) is [`StoreError::Unreadable`].
    pub fn get<T: FromSql>(&self, index: usize) -> Result<T, StoreError> {
        match self.row.get(index) {
            Ok(value) => Ok(value),
            Err(
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..),
            ) => Err(StoreError::Unreadable {
                row: self.name.clone(),
                what: self.column_name(index),
                value: self.shown(index),
            }),
            Err(other) => Err(other.into()),
        }
    }

    /// A time column.
    pub fn time(&self, index: usize) -> Result<DateTime<Utc>, StoreError> {
        Ok(self.get::<Stamp>(index)?.0)
    }

    /// An optional time column.
    pub fn time_opt(&self, index: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self.get::<Option<Stamp>>(index)?.map(|s| s.0))
    }

    fn column_name(&self, index: usize) -> String {
        let statement = self.row.as_ref();
        statement
            .column_name(index)
            .map_or_else(|_| format!("column {index}"), str::to_owned)
    }

    fn shown(&self, index: usize) -> String {
        match self.row.get_ref(index) {
            Ok(ValueRef::Null) => "null".into(),
            Ok(ValueRef::Integer(n)) => n.to_string(),
            Ok(ValueRef::Real(n)) => n.to_string(),
            Ok(ValueRef::Text(text)) => String::from_utf8_lossy(text).into_owned(),
            Ok(ValueRef::Blob(blob)) => format!("{} bytes", blob.len()),
            Err(_) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_stamp_is_fixed_width_and_reads_back_and_old_forms_still_read() {
        let at = DateTime::from_timestamp(1_800_000_000, 5_000_000).unwrap();
        assert_eq!(Stamp::text(at), "2027-01-15T08:00:00.005000000Z");
        let store = Store::in_memory().unwrap();
        let read =
            |text: &str| store.with(|c| c.query_row("SELECT ?1", [text], |r| r.get::<_, Stamp>(0)));
        assert_eq!(read(&Stamp::text(at)).unwrap().0, at);
        assert_eq!(read(&at.to_rfc3339()).unwrap().0, at);
        assert_eq!(read("2027-01-15T08:00:00.005Z").unwrap().0, at);
        assert!(read("yesterday").is_err());
    }

    /// The error of reading the one value `sql` selects as a time of the row `name`.
    fn unreadable_time(sql: &str, name: &str) -> String {
        let store = Store::in_memory().unwrap();
        let read = store.with(|c| c.query_row(sql, [], |row| Ok(Cells::new(row, name).time(0))));
        read.unwrap().unwrap_err().to_string()
    }

    #[test]
    fn an_unreadable_value_names_its_row_its_column_and_the_value() {
        assert_eq!(
            unreadable_time("SELECT 'soon' AS next_run_at", "schedule 3"),
            "the state database holds an unreadable next_run_at in schedule 3: \"soon\""
        );
        let error = unreadable_time("SELECT NULL AS created_at", "warning 1");
        assert!(
            error.contains("created_at in warning 1: \"null\""),
            "{error}"
        );
    }
}
