//! A JSON value whose objects keep their key order, whatever serde_json features are enabled.
//!
//! `serde_json::Value` sorts keys unless some other crate unifies in `preserve_order`, which would
//! silently change archive bytes (and hashes) between builds; this type never reorders.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    pub(crate) fn obj<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Obj(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Two-space indented, like Google's exports.
    pub(crate) fn to_pretty(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("serialising an in-memory JSON value cannot fail")
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => serializer.serialize_i64(*i),
            Json::Num(n) => serializer.serialize_f64(*n),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (key, value) in pairs {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order() {
        let value = Json::obj([("zeta", Json::Int(1)), ("alpha", Json::str("a\"b"))]);
        let text = String::from_utf8(value.to_pretty()).unwrap();
        assert_eq!(text, "{\n  \"zeta\": 1,\n  \"alpha\": \"a\\\"b\"\n}");
    }
}
