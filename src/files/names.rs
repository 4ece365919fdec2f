//! File and folder names from untrusted text (object names in URLs, group ids, job ids): one
//! path component, valid on Windows, macOS and Linux, never `.`/`..`, never a name Carryout
//! writes beside the archives; and the check that a name read back from a receipt is one.

/// Names Windows reserves in every folder, whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest name kept, in bytes: most file systems allow 255.
const MAX_LEN: usize = 200;

/// An export folder's receipt: what was downloaded, with hashes.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The receipt for `sha256sum -c`.
pub const SUMS_FILE: &str = "SHA256SUMS";
/// An archive being downloaded: `<name>.part`.
pub(crate) const PART_SUFFIX: &str = ".part";
/// The lock of an archive being downloaded: `<name>.part.lock`.
pub(crate) const LOCK_SUFFIX: &str = ".part.lock";
/// A file being written atomically: `.<name>.tmp`.
pub(crate) const TEMPORARY_SUFFIX: &str = ".tmp";
/// An archive being extracted: the folder `.<stem>.extracting`.
pub(crate) const EXTRACTING_SUFFIX: &str = ".extracting";

/// Whether `name` is, or on a case-insensitive disk would be, a file Carryout writes beside the
/// archives: an archive with that name would overwrite it or be overwritten by it.
fn is_carryouts_own(name: &str) -> bool {
    let lower = name.to_lowercase();
    [MANIFEST_FILE, SUMS_FILE]
        .iter()
        .any(|own| lower == own.to_lowercase())
        || [
            PART_SUFFIX,
            LOCK_SUFFIX,
            TEMPORARY_SUFFIX,
            EXTRACTING_SUFFIX,
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// A safe single path component for `raw` (percent-decoded first, as URL path segments are).
pub fn sanitize_file_name(raw: &str) -> String {
    let decoded = percent_decode(raw);
    let mut name: String = decoded
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces, so `a.zip.` and `a.zip` would collide there.
    name = name.trim_end_matches(['.', ' ']).trim_start().to_owned();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        name = "download".to_owned();
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    if WINDOWS_RESERVED
        .iter()
        .any(|reserved| stem.eq_ignore_ascii_case(reserved))
    {
        name.insert(0, '_');
    }
    if name.len() > MAX_LEN {
        let mut cut = MAX_LEN;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    if is_carryouts_own(&name) {
        name.push('_');
    }
    name
}

/// Checks that `name`, read back from a receipt, is one plain path component: joined onto the
/// export folder it names a file in that folder, never the folder itself, its parent, another
/// drive or an absolute path. `Err` says why not.
pub fn check_file_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if name.contains('\0') {
        return Err("contains a NUL character");
    }
    if name.contains(['/', '\\']) {
        return Err("contains a path separator");
    }
    if name.contains(':') {
        return Err("names a drive or a stream");
    }
    if name == "." || name == ".." {
        return Err("names a folder");
    }
    let mut components = std::path::Path::new(name).components();
    match (components.next(), components.next()) {
        (Some(std::path::Component::Normal(_)), None) => Ok(()),
        _ => Err("is not a plain file name"),
    }
}

fn percent_decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_one_harmless_component() {
        for (raw, safe) in [
            ("archive-001-of-002.zip", "archive-001-of-002.zip"),
            ("..", "download"),
            (".", "download"),
            ("", "download"),
            ("..%2F..%2Fetc%2Fpasswd", ".._.._etc_passwd"),
            ("a%5Cb.zip", "a_b.zip"),
            ("C:%5Cwindows.zip", "C__windows.zip"),
            ("CON", "_CON"),
            ("con.zip", "_con.zip"),
            ("LPT1.tar.gz", "_LPT1.tar.gz"),
            ("name.zip. . ", "name.zip"),
            ("tab%09and%0Anewline", "tab_and_newline"),
            ("caf%C3%A9.zip", "café.zip"),
            ("100%", "100%"),
        ] {
            assert_eq!(sanitize_file_name(raw), safe, "{raw}");
        }
    }

    #[test]
    fn carryouts_own_names_are_never_given_to_an_archive() {
        for (raw, safe) in [
            ("manifest.json", "manifest.json_"),
            ("MANIFEST.JSON", "MANIFEST.JSON_"),
            ("SHA256SUMS", "SHA256SUMS_"),
            ("sha256sums", "sha256sums_"),
            ("archive.zip.part", "archive.zip.part_"),
            ("archive.zip.PART", "archive.zip.PART_"),
            ("archive.zip.part.lock", "archive.zip.part.lock_"),
            (".manifest.json.tmp", ".manifest.json.tmp_"),
            (".archive.extracting", ".archive.extracting_"),
            ("manifest.json.zip", "manifest.json.zip"),
            ("archive.partial", "archive.partial"),
        ] {
            assert_eq!(sanitize_file_name(raw), safe, "{raw}");
        }
        // Cut to its longest, a name can end up as a part's.
        let long = format!("{}.part.zip", "a".repeat(MAX_LEN - 5));
        assert_eq!(
            sanitize_file_name(&long),
            format!("{}.part_", "a".repeat(MAX_LEN - 5))
        );
    }

    #[test]
    fn a_receipt_name_is_one_plain_path_component() {
        for good in [
            "archive-001-of-002.zip",
            "café.zip",
            "_CON",
            "a..b",
            ".hidden",
        ] {
            assert_eq!(check_file_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "../../etc/passwd",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "..\\x",
            "C:\\Windows",
            "C:x",
            "\\\\server\\share",
            "a\0b",
        ] {
            assert!(check_file_name(bad).is_err(), "{bad:?} was accepted");
        }
        // Whatever a URL names, the name made of it passes.
        for raw in ["..%2F..%2Fx", "..", "", "C:%5Cw", "x%00y", "/abs"] {
            let name = sanitize_file_name(raw);
            assert_eq!(check_file_name(&name), Ok(()), "{raw} gave {name:?}");
        }
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let name = sanitize_file_name(&"é".repeat(300));
        assert!(name.len() <= MAX_LEN && name.chars().all(|c| c == 'é'));
    }
}
