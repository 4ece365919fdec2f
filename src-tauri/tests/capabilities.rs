//! The security audit, kept: every permission the window holds is listed with its reason in
//! IPC.md, every command is declared, granted and handled, and the CSP stays `default-src
//! 'self'` without unsafe sources. A new permission fails here until it is explained. And the
//! error codes the core sends are the ones IPC.md lists and the UI translates.

use std::collections::BTreeSet;
use std::path::Path;

use carryout::failure::Failure;
use serde_json::Value;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every permission of every capability file.
fn granted() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut permissions = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let capability: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for permission in capability["permissions"].as_array().unwrap() {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap_or_else(|| panic!("{}: a permission without identifier", path.display()));
            permissions.insert(id.to_owned());
        }
    }
    permissions
}

/// The rows of IPC.md's table of permissions: identifier → reason.
fn listed() -> Vec<(String, String)> {
    let doc = read("IPC.md");
    let table = doc
        .split("| permission | reason |")
        .nth(1)
        .expect("IPC.md has a table of permissions");
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells[0].trim_matches('`').to_owned(), cells[1].to_owned())
        })
        .collect()
}

/// The strings of `const COMMANDS` in build.rs.
fn declared() -> BTreeSet<String> {
    let build = read("build.rs");
    let list = build
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap();
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_granted_permission_is_listed_with_its_reason() {
    let listed = listed();
    for (permission, reason) in &listed {
        assert!(
            reason.len() > 10,
            "IPC.md gives `{permission}` no reason: {reason:?}"
        );
    }
    let documented: BTreeSet<String> = listed.into_iter().map(|(p, _)| p).collect();
    let granted = granted();
    let unlisted: Vec<_> = granted.difference(&documented).collect();
    assert!(
        unlisted.is_empty(),
        "granted in capabilities/ but not listed with a reason in IPC.md: {unlisted:?}"
    );
    // A set hides what it grants (core:default brings menus, trays, event:emit, paths…).
    let sets: Vec<_> = granted.iter().filter(|p| p.ends_with(":default")).collect();
    assert!(
        sets.is_empty(),
        "grant permissions singly, not as sets: {sets:?}"
    );
    let stale: Vec<_> = documented.difference(&granted).collect();
    assert!(
        stale.is_empty(),
        "listed in IPC.md but not granted: {stale:?}"
    );
}

#[test]
fn every_command_is_declared_granted_and_handled() {
    let declared = declared();
    let granted: BTreeSet<String> = granted()
        .into_iter()
        .filter_map(|p| p.strip_prefix("allow-").map(|c| c.replace('-', "_")))
        .collect();
    assert_eq!(declared, granted, "build.rs COMMANDS vs capabilities");
    let main = read("src/main.rs");
    let handled: BTreeSet<String> = main
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap()
        .split(',')
        .filter_map(|c| c.trim().strip_prefix("commands::"))
        .map(str::to_owned)
        .collect();
    assert_eq!(declared, handled, "build.rs COMMANDS vs main.rs handlers");
}

#[test]
fn the_csp_allows_only_the_apps_own_files() {
    let config: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let csp = config["app"]["security"]["csp"].as_str().unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    let sources: Vec<&str> = csp.split([';', ' ']).filter(|s| !s.is_empty()).collect();
    for unsafe_source in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "http:",
        "https:",
        "*",
        "data:",
    ] {
        let allowed = sources.contains(&unsafe_source)
            && !(unsafe_source == "data:" && csp.contains("img-src 'self' data:;"));
        assert!(!allowed, "{csp} allows {unsafe_source}");
    }
    for closed in ["form-action 'none'", "base-uri 'none'", "frame-src 'none'"] {
        assert!(csp.contains(closed), "{csp} lacks {closed}");
    }
    assert!(
        config["app"]["security"]["dangerousDisableAssetCspModification"].is_null(),
        "Tauri's CSP nonces stay on"
    );
}

#[test]
fn ipc_md_lists_exactly_the_cores_error_codes() {
    // The UI's copy is written from the same type (ui/generated/vocabulary.js).
    let core: BTreeSet<&str> = <Failure as strum::IntoEnumIterator>::iter()
        .map(Failure::as_str)
        .collect();
    let ipc_md = read("IPC.md");
    let table = ipc_md
        .split_once("## Errors")
        .and_then(|(_, rest)| rest.split_once("\n## "))
        .expect("an Errors section in IPC.md")
        .0;
    let listed: BTreeSet<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split_once('`'))
        .map(|(code, _)| code)
        .collect();
    assert_eq!(
        listed, core,
        "IPC.md's error table vs carryout::failure::Failure"
    );
}

/// Tauri runs a synchronous command on the main thread, where a slow disk freezes the window.
#[test]
fn every_command_is_async() {
    let commands = read("src/commands.rs");
    let sync: Vec<&str> = commands
        .split("#[tauri::command]")
        .skip(1)
        .filter_map(|rest| rest.lines().find(|l| l.contains("fn ")))
        .filter(|line| !line.trim_start().starts_with("pub async fn"))
        .collect();
    assert!(sync.is_empty(), "synchronous commands: {sync:?}");
}
