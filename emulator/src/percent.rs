//! Percent-encoding as Google's URLs use it: RFC 3986's unreserved characters stay as they are.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986's unreserved characters: letters, digits and `-._~`; everything else is encoded.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` with every character outside `kept` percent-encoded.
pub fn encode(value: &str, kept: &'static AsciiSet) -> String {
    utf8_percent_encode(value, kept).to_string()
}
