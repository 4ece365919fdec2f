//! Request bodies parsed the way Google's JSON transcoder does: both camelCase and snake_case
//! names, unknown fields rejected, RFC 3339 timestamps.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::errors::ApiError;

/// A field's JSON name and its proto name.
pub type FieldName = (&'static str, &'static str);

/// The body's fields keyed by JSON (camelCase) name. An empty body is an empty message.
pub fn parse(body: &[u8], fields: &[FieldName]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        payload_error(&format!(
            "Invalid JSON payload received. Unexpected token at line {} column {}.",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(object) = value else {
        return Err(payload_error(
            "Invalid JSON payload received. Expected an object.",
        ));
    };
    let mut out = Map::new();
    for (name, value) in object {
        let Some((json_name, _)) = fields
            .iter()
            .find(|(json, proto)| *json == name || *proto == name)
        else {
            return Err(payload_error(&format!(
                "Invalid JSON payload received. Unknown name \"{name}\": Cannot find field."
            )));
        };
        // proto3 JSON: null means "not set".
        if !value.is_null() {
            out.insert((*json_name).to_string(), value);
        }
    }
    Ok(out)
}

fn payload_error(message: &str) -> ApiError {
    ApiError::invalid_argument(message).field_violation(None, message)
}

fn invalid_value(proto_name: &str, type_name: &str, value: &Value) -> ApiError {
    let message = format!("Invalid value at '{proto_name}' ({type_name}), {value}");
    ApiError::invalid_argument(format!("Invalid JSON payload received. {message}"))
        .field_violation(Some(proto_name), &message)
}

pub fn string_list(
    fields: &Map<String, Value>,
    (json_name, proto_name): FieldName,
) -> Result<Vec<String>, ApiError> {
    match fields.get(json_name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(invalid_value(proto_name, "TYPE_STRING", other)),
            })
            .collect(),
        Some(other) => Err(invalid_value(proto_name, "TYPE_STRING", other)),
    }
}

pub fn timestamp(
    fields: &Map<String, Value>,
    (json_name, proto_name): FieldName,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(value) = fields.get(json_name) else {
        return Ok(None);
    };
    value
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| {
            invalid_value(
                proto_name,
                "type.googleapis.com/google.protobuf.Timestamp",
                value,
            )
        })
}

/// Resource names in an initiate body, for the counters; never fails.
pub fn named_resources(body: &[u8]) -> Vec<String> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    if let Some(Value::Array(items)) = object.get("resources") {
        for name in items.iter().filter_map(Value::as_str) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}
