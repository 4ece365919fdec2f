//! Switches for the tests and for development, read from the environment only in debug
//! builds. A release build (what people install) ignores them: no variable in a person's
//! environment can send sign-in links to a file, swap Google for an emulator or kill the engine.

use std::ffi::OsString;

/// Dies at a named point of the engine, as if killed (the crash tests).
pub const CRASH_AT: &str = "CARRYOUT_CRASH_AT";
/// The app talks to the emulator at this URL instead of Google.
pub const EMULATOR: &str = "CARRYOUT_EMULATOR";
/// The app appends sign-in links to this file instead of opening the browser (the end-to-end
/// tests play the browser).
pub const OPEN_URLS_TO: &str = "CARRYOUT_OPEN_URLS_TO";

/// The demo's emulator serves its admin routes to requests bearing this token (the
/// screenshots steer the demo's Google through them).
pub const DEMO_CONTROL_TOKEN: &str = "CARRYOUT_DEMO_CONTROL_TOKEN";

/// The app's file and folder dialogs answer this path at once (the end-to-end tests).
pub const PICKED: &str = "CARRYOUT_PICKED";

/// Every switch, for the check that nothing reads one around this module.
pub const ALL: [&str; 5] = [CRASH_AT, EMULATOR, OPEN_URLS_TO, DEMO_CONTROL_TOKEN, PICKED];

/// The switch's value in a debug build; `None` in a release build.
pub fn var_os(name: &str) -> Option<OsString> {
    if cfg!(debug_assertions) {
        std::env::var_os(name)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// A release build ignores the switches only if nothing reads them but [`var_os`].
    #[test]
    fn no_code_reads_a_switch_from_the_environment_directly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        rust_files(&root.join("src-tauri/src"), &mut files);
        assert!(files.len() > 20, "{files:?}");
        let names = ["CRASH_AT", "EMULATOR_ENV", "OPEN_URLS_ENV"];
        let mut direct = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let reads = line.contains("env::var");
                let switch = ALL.iter().chain(&names).any(|s| line.contains(s));
                if reads && switch {
                    direct.push(format!("{}:{}: {line}", file.display(), n + 1));
                }
            }
        }
        assert!(direct.is_empty(), "read around test_switch: {direct:#?}");
    }

    #[test]
    #[allow(unsafe_code)] // one write of a variable no other thread reads
    fn a_debug_build_reads_a_switch() {
        // The test binary is a debug build; the variable is one no one sets.
        let name = "CARRYOUT_TEST_SWITCH_PROBE";
        assert_eq!(var_os(name), None);
        // SAFETY: no other thread of this test reads or writes this variable.
        unsafe { std::env::set_var(name, "1") };
        assert_eq!(var_os(name), cfg!(debug_assertions).then(|| "1".into()));
    }
}
