//! Closed sets of codes — states, problems, failures, warnings, access types — each with one
//! snake_case name, the same in the database, in JSON to hosts and in the UI's generated copy
//! (`tests/vocabulary.rs`). [`code_enum!`] derives all of it once.

/// Declares a closed set of codes: serialized and parsed by their snake_case names
/// (`waiting_window`), listed in declaration order, kept in the database as that name and read
/// back strictly (an unknown name is an error, never a default).
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize,
            strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl $name {
            /// The code's name, as kept and as sent.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

pub(crate) use code_enum;

/// Declares a name that travels as text — a grant's id, a resource group's id — as its own
/// type: sent, kept in the database and shown as the text itself, never mistaken for another
/// kind of name.
macro_rules! text_id {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        $vis struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        /// Read as text wherever text is taken (a path, a scope, a log line).
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    };
}

pub(crate) use text_id;

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use strum::IntoEnumIterator;

    use crate::auth::{Access, GrantState};
    use crate::engine::{ExportState, ProblemCode, WarningCode};
    use crate::failure::Failure;
    use crate::store::Store;

    /// Each code serializes, parses and round-trips through a column as its one name.
    fn one_name_everywhere<T>()
    where
        T: IntoEnumIterator + Serialize + Copy + PartialEq + std::fmt::Debug,
        T: Into<&'static str> + std::str::FromStr + rusqlite::ToSql + rusqlite::types::FromSql,
    {
        let store = Store::in_memory().unwrap();
        for code in T::iter() {
            let name: &'static str = code.into();
            assert_eq!(serde_json::to_value(code).unwrap(), name);
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert_eq!(name.parse::<T>().ok(), Some(code));
            let read: T = store
                .with(|c| c.query_row("SELECT ?1", [code], |r| r.get(0)))
                .unwrap();
            assert_eq!(read, code);
        }
        let unknown =
            store.with(|c| c.query_row("SELECT 'no_such_code'", [], |r| r.get::<_, T>(0)));
        assert!(unknown.is_err());
    }

    #[test]
    fn every_code_has_one_name_in_json_in_the_database_and_when_parsed() {
        one_name_everywhere::<Access>();
        one_name_everywhere::<GrantState>();
        one_name_everywhere::<ExportState>();
        one_name_everywhere::<ProblemCode>();
        one_name_everywhere::<WarningCode>();
        one_name_everywhere::<Failure>();
    }
}
