//! The `Range` request header, as Cloud Storage reads it (one range; suffix ranges allowed).

/// What a `Range` header asks of an object of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// No usable Range header: the whole object, 200.
    Whole,
    /// Bytes `start..end` (end exclusive), 206.
    Part { start: u64, end: u64 },
    /// 416.
    Unsatisfiable,
}

pub fn wanted(header: Option<&str>, len: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    // Several ranges would need multipart/byteranges, which Cloud Storage does not send.
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Wanted::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        return match last.parse::<u64>() {
            Ok(0) => Wanted::Unsatisfiable,
            Ok(_) if len == 0 => Wanted::Unsatisfiable,
            Ok(suffix) => Wanted::Part {
                start: len.saturating_sub(suffix),
                end: len,
            },
            Err(_) => Wanted::Whole,
        };
    }
    let Ok(start) = first.parse::<u64>() else {
        return Wanted::Whole;
    };
    let end = if last.is_empty() {
        len
    } else {
        match last.parse::<u64>() {
            Ok(last) if last >= start => last.saturating_add(1).min(len),
            _ => return Wanted::Whole,
        }
    };
    if start >= len {
        Wanted::Unsatisfiable
    } else {
        Wanted::Part { start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_like_cloud_storage() {
        assert_eq!(wanted(None, 10), Wanted::Whole);
        assert_eq!(
            wanted(Some("bytes=0-"), 10),
            Wanted::Part { start: 0, end: 10 }
        );
        assert_eq!(
            wanted(Some("bytes=4-"), 10),
            Wanted::Part { start: 4, end: 10 }
        );
        assert_eq!(
            wanted(Some("bytes=2-5"), 10),
            Wanted::Part { start: 2, end: 6 }
        );
        assert_eq!(
            wanted(Some("bytes=2-50"), 10),
            Wanted::Part { start: 2, end: 10 }
        );
        assert_eq!(
            wanted(Some("bytes=-3"), 10),
            Wanted::Part { start: 7, end: 10 }
        );
        assert_eq!(wanted(Some("bytes=10-"), 10), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=5-2"), 10), Wanted::Whole);
        assert_eq!(wanted(Some("bytes=0-1,3-4"), 10), Wanted::Whole);
        assert_eq!(wanted(Some("items=0-1"), 10), Wanted::Whole);
    }
}
