//! What a Cloud Storage answer says about the object: size, ETag, `x-goog-hash`, and the
//! error code of its XML error bodies.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, ETAG, HeaderMap, LAST_MODIFIED};

/// The object as described by the headers of a 200 or 206 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectInfo {
    pub etag: Option<String>,
    /// The whole object's size, whatever range was asked for.
    pub total: Option<u64>,
    pub crc32c: Option<u32>,
    pub md5: Option<[u8; 16]>,
    pub last_modified: Option<chrono::DateTime<chrono::Utc>>,
}

impl ObjectInfo {
    pub fn from_headers(headers: &HeaderMap, partial: bool) -> Self {
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let stored = text("x-goog-stored-content-length").and_then(|v| v.trim().parse().ok());
        let from_range = text(CONTENT_RANGE.as_str())
            .and_then(|v| v.rsplit_once('/'))
            .and_then(|(_, total)| total.trim().parse().ok());
        let from_length = if partial {
            None
        } else {
            text(CONTENT_LENGTH.as_str()).and_then(|v| v.trim().parse().ok())
        };
        let (mut crc32c, mut md5) = (None, None);
        // Cloud Storage sends one `x-goog-hash` per algorithm; proxies may join them with commas.
        for value in headers.get_all("x-goog-hash") {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let Some((algorithm, encoded)) = item.trim().split_once('=') else {
                    continue;
                };
                let Ok(bytes) = STANDARD.decode(encoded.trim()) else {
                    continue;
                };
                match algorithm.trim() {
                    "crc32c" => crc32c = bytes.try_into().ok().map(u32::from_be_bytes),
                    "md5" => md5 = bytes.try_into().ok(),
                    _ => {}
                }
            }
        }
        Self {
            etag: text(ETAG.as_str()).map(str::to_owned),
            total: stored.or(from_range).or(from_length),
            crc32c,
            md5,
            last_modified: text(LAST_MODIFIED.as_str())
                .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
                .map(|t| t.with_timezone(&chrono::Utc)),
        }
    }
}

/// The `<Code>` of a Cloud Storage XML error body, e.g. `ExpiredToken`.
pub(crate) fn storage_error_code(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find("<Code>")? + "<Code>".len();
    let end = start + text[start..].find("</Code>")?;
    Some(text[start..end].trim().to_owned())
}

/// A crc32c in the form `x-goog-hash` and `gsutil hash` show it: base64 of the big-endian value.
pub(crate) fn crc32c_base64(crc: u32) -> String {
    STANDARD.encode(crc.to_be_bytes())
}

pub(crate) fn md5_base64(md5: &[u8]) -> String {
    STANDARD.encode(md5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn separate_and_joined_hash_headers_both_parse() {
        let mut headers = HeaderMap::new();
        headers.append("x-goog-hash", HeaderValue::from_static("crc32c=n03x6A=="));
        headers.append(
            "x-goog-hash",
            HeaderValue::from_static("md5=Ojk9c3dhfxgoKVVHYwFbHQ=="),
        );
        headers.insert(
            "x-goog-stored-content-length",
            HeaderValue::from_static("10"),
        );
        let info = ObjectInfo::from_headers(&headers, true);
        assert_eq!(info.crc32c, Some(0x9f4df1e8));
        assert!(info.md5.is_some());
        assert_eq!(info.total, Some(10));

        let mut joined = HeaderMap::new();
        joined.insert(
            "x-goog-hash",
            HeaderValue::from_static("crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ=="),
        );
        joined.insert("content-range", HeaderValue::from_static("bytes 5-9/10"));
        let info = ObjectInfo::from_headers(&joined, true);
        assert_eq!(info.crc32c, Some(0x9f4df1e8));
        assert!(info.md5.is_some());
        assert_eq!(info.total, Some(10));
    }

    #[test]
    fn a_composite_object_has_a_crc32c_and_no_md5() {
        let mut headers = HeaderMap::new();
        headers.insert("x-goog-hash", HeaderValue::from_static("crc32c=n03x6A=="));
        headers.insert("content-length", HeaderValue::from_static("42"));
        let info = ObjectInfo::from_headers(&headers, false);
        assert_eq!(
            (info.crc32c.is_some(), info.md5, info.total),
            (true, None, Some(42))
        );
    }

    #[test]
    fn storage_error_codes_are_read_from_the_xml() {
        let body = b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>Invalid argument.</Message></Error>";
        assert_eq!(storage_error_code(body).as_deref(), Some("ExpiredToken"));
        assert_eq!(storage_error_code(b"nope"), None);
    }
}
