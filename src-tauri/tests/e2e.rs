//! The real app in a real webview, driven through tauri-driver and WebKitWebDriver.
//! Needs a display: `scripts/test` runs these under Xvfb with `--ignored`.

mod webdriver;

use std::ffi::{OsStr, OsString};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use webdriver::{
    ConsentPipe, DEMO_CONTROL_TOKEN, Driver, EmulatorControl, Session, tick_and_start, verified,
};

const GROUPS: [&str; 3] = ["myactivity.search", "youtube.comments", "maps.reviews"];

const PICKED: &str = "picked.txt";
/// A condition: the banner saying that the history was made is shown. It comes once, at the top
/// of the window, when the first export is kept: waited for before a click that its arrival
/// would move (WebDriver clicks where the element was).
const HISTORY_MADE: &str = "document.querySelector(\"[data-warning='history_made']\")";

/// The app on `emulator` (as `CARRYOUT_EMULATOR`), its data and backups in a folder of the
/// test's, the consent links it opens written to a pipe, every dialog answered with
/// `picked.txt` of that folder.
struct AppOnEmulator {
    driver: Driver,
    pipe: ConsentPipe,
    state: tempfile::TempDir,
}

impl AppOnEmulator {
    async fn start(emulator: &carryout_emulator::Emulator) -> Self {
        let pipe = ConsentPipe::new();
        let state = tempfile::tempdir().unwrap();
        let (data, backups) = (state.path().join("data"), state.path().join("backups"));
        let base = OsString::from(emulator.base_url());
        let picked = state.path().join(PICKED);
        let driver = Driver::start(&[
            ("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str()),
            ("CARRYOUT_EMULATOR", &base),
            ("CARRYOUT_DATA_DIR", data.as_os_str()),
            ("CARRYOUT_BACKUP_DIR", backups.as_os_str()),
            ("CARRYOUT_PICKED", picked.as_os_str()),
        ])
        .await;
        Self {
            driver,
            pipe,
            state,
        }
    }

    fn backups(&self) -> std::path::PathBuf {
        self.state.path().join("backups")
    }

    /// The file every dialog answers with.
    fn picked(&self) -> std::path::PathBuf {
        self.state.path().join(PICKED)
    }

    /// Of every file under the app's folders and its HOME, the secrets file alone holds
    /// `secret`.
    fn only_the_secrets_file_holds(&self, secret: &str) {
        let home = std::path::PathBuf::from(self.driver.env("HOME"));
        let holding: Vec<_> = [self.state.path(), home.as_path()]
            .iter()
            .flat_map(|dir| files_holding(dir, secret))
            .collect();
        assert!(
            holding.iter().all(|file| file.ends_with("secrets.json")) && !holding.is_empty(),
            "{holding:?}"
        );
    }
}

/// Every export's folder holds its archives and a SHA256SUMS naming each of them.
fn assert_on_disk(exports: &Value) {
    for row in exports.as_array().unwrap() {
        let dir = std::path::Path::new(row["export_dir"].as_str().unwrap());
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        for line in sums.lines() {
            let name = line.split_once("  ").unwrap().1;
            assert!(dir.join(name).is_file(), "{name} in {}", dir.display());
        }
        assert!(!sums.is_empty());
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn demo_mode_backs_up_three_groups_from_the_first_screen_in_both_languages() {
    let pipe = ConsentPipe::new();
    let driver = Driver::start(&[
        ("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str()),
        (
            "CARRYOUT_DEMO_CONTROL_TOKEN",
            OsStr::new(DEMO_CONTROL_TOKEN),
        ),
    ])
    .await;
    let session = Session::open(&driver).await;
    session.script(RECORD_IPC).await;

    session.find("#start-demo").await;
    // The notification plugin's page script asked whether notifications are allowed and was
    // answered: refused, it leaves "default" and an error in the console.
    session
        .wait_until("window.Notification.permission === 'granted'")
        .await;
    session.screenshot("first-run").await;
    // The first screen in 繁體中文 too (chosen in Settings), then back to English.
    for language in ["zh-TW", "en"] {
        session.click("[data-view='settings']").await;
        session.choose("#language", language).await;
        session
            .wait_until(&format!("document.documentElement.lang === '{language}'"))
            .await;
        session.click("#settings-back").await;
        session
            .wait_until("document.querySelector('#start-demo')?.offsetParent")
            .await;
        if language == "zh-TW" {
            session.screenshot("first-run-zh-TW").await;
            let text = session.script(SHOWN_TEXT).await;
            let english = english_words(text.as_str().unwrap());
            assert!(
                english.is_empty(),
                "first run: English on screen: {english:?}"
            );
        }
    }
    session.click("#start-demo").await;
    session.screenshot("after-demo").await;
    tick_and_start(&session, &GROUPS).await;
    let google = EmulatorControl::of(&pipe.answer().await);
    session.wait_until(&verified(3)).await;
    session.screenshot("exports-verified").await;

    let exports = session.invoke("exports").await;
    assert_eq!(exports.as_array().unwrap().len(), 3, "{exports}");
    assert!(
        exports
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "verified")
    );
    assert_on_disk(&exports);
    session.wait_until(HISTORY_MADE).await;
    for view in ["library", "access"] {
        session.click(&format!("[data-view='{view}']")).await;
        if view == "library" {
            // First what is on disk: one export per group here (the demo's window holds per
            // group).
            session
                .wait_until("document.querySelectorAll('.lib-export').length === 3")
                .await;
            session.screenshot("library-exports").await;
            // Then by kind of data: what each group's backups cover, and what an export holds.
            session.click("#library-by-groups").await;
            session
                .wait_until("document.querySelector('.lib-group .timeline')")
                .await;
            // Each group is its own export in the demo (its window holds per group): the
            // contents of My Activity's.
            session
                .click_for(
                    ".lib-group[data-group='myactivity.search'] .lib-entry .list-contents",
                    "document.querySelector(\".lib-group[data-group='myactivity.search'] .contents\")",
                )
                .await;
            session
                .click_for(
                    ".contents .archive-toggle",
                    "document.querySelector('.archive-entries')",
                )
                .await;
            session
                .wait_until(
                    "document.querySelector('.archive-entries')?.textContent\
                     .includes('MyActivity.json')",
                )
                .await;
            // Records are counted when asked: a third column of numbers.
            session.click(".contents .count-records").await;
            session
                .wait_until(
                    "[...document.querySelectorAll('.archive-entries td:nth-child(3)')]\
                     .some((td) => /^[0-9][0-9,.]*$/.test(td.textContent))",
                )
                .await;
        }
        session.screenshot(view).await;
    }

    // A recurring backup of one of them, every two days (demo access lasts 30 days).
    session.click("[data-view='schedules']").await;
    session
        .click("input[data-schedule-group='maps.reviews']")
        .await;
    session.choose("#schedule-every", "2").await;
    session.click("#add-schedule").await;
    session
        .wait_until("document.querySelector('[data-schedule-id] .schedule-next')")
        .await;
    let schedules = session.invoke("schedules").await;
    assert_eq!(
        schedules[0]["groups"],
        json!(["maps.reviews"]),
        "{schedules}"
    );
    assert_eq!(schedules[0]["every_days"], 2, "{schedules}");
    session.click("#run-now").await;
    session.screenshot("schedules").await;

    // Paused (as from the tray's menu): the window says so until Resume.
    session
        .script("window.__TAURI__.core.invoke('set_paused', {paused: true})")
        .await;
    session
        .wait_until("!document.getElementById('paused').hidden")
        .await;
    assert_eq!(session.invoke("app_status").await["paused"], true);
    session.click("#resume").await;
    session
        .wait_until("document.getElementById('paused').hidden")
        .await;
    assert_eq!(session.invoke("app_status").await["paused"], false);

    // 繁體中文: nothing English left on screen but names that stay as they are.
    session.click("[data-view='settings']").await;
    session.set_language("zh-TW").await;
    for view in [
        "exports",
        "pick",
        "library",
        "access",
        "schedules",
        "settings",
    ] {
        session.click(&format!("[data-view='{view}']")).await;
        session.screenshot(&format!("{view}-zh-TW")).await;
        let text = session.script(SHOWN_TEXT).await;
        let english = english_words(text.as_str().unwrap());
        assert!(english.is_empty(), "{view}: English on screen: {english:?}");
    }

    assert_no_secret_reached_the_page(&session, &google).await;

    // Every archive is on disk: a reset goes through at once and revokes the sign-in.
    session.click("[data-view='access']").await;
    session.click("#reset-access").await;
    session.click("#confirm-ok").await;
    session
        .wait_until("document.querySelector('.reset-report')")
        .await;
    session.screenshot("access-reset-zh-TW").await;
    let grants = session.invoke("grants").await;
    assert!(
        grants
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["state"] == "revoked"),
        "{grants}"
    );
    session.close().await;
}

/// Records every payload the page receives — command answers, channel messages and events all
/// arrive through the callbacks Tauri keeps in `__TAURI_INTERNALS__.callbacks` — as JSON text
/// in `window.__ipcSeen`.
const RECORD_IPC: &str = "const seen = (window.__ipcSeen = []); \
     const callbacks = window.__TAURI_INTERNALS__.callbacks; \
     const wrap = (callback) => (data) => { seen.push(JSON.stringify(data) ?? ''); \
       return callback(data); }; \
     for (const [id, callback] of callbacks) callbacks.set(id, wrap(callback)); \
     const set = callbacks.set.bind(callbacks); \
     callbacks.set = (id, callback) => set(id, wrap(callback)); \
     return true;";

/// No access or refresh token Google issued, no client secret and no signed URL's signature
/// is in anything the page received.
async fn assert_no_secret_reached_the_page(session: &Session<'_>, google: &EmulatorControl) {
    let seen = session.script("return window.__ipcSeen;").await;
    let seen: Vec<&str> = seen
        .as_array()
        .expect("the recorder ran all along")
        .iter()
        .map(|payload| payload.as_str().unwrap())
        .collect();
    assert!(seen.len() > 50, "only {} payloads recorded", seen.len());
    let tokens = google.get("/issued_tokens").await;
    let tokens: Vec<&str> = tokens
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(!tokens.is_empty());
    let client = google.get("/client_secret.json").await;
    let client_secret = client["installed"]["client_secret"].as_str().unwrap();
    let secrets = tokens.iter().copied().chain([client_secret]);
    for (index, secret) in secrets.enumerate() {
        assert!(
            !seen.iter().any(|payload| payload.contains(secret)),
            "secret #{index} reached the page"
        );
    }
    for marker in ["X-Goog-Signature", "Signature=", "ya29.", "1//"] {
        assert!(
            !seen.iter().any(|payload| payload.contains(marker)),
            "{marker} reached the page"
        );
    }
    eprintln!(
        "leak scan: {} payloads, {} KiB, {} tokens: none reached the page",
        seen.len(),
        seen.iter().map(|p| p.len()).sum::<usize>() / 1024,
        tokens.len()
    );
}

/// The text on screen but file and folder names (`.path`: Google's names, shown as they are).
const SHOWN_TEXT: &str = "const paths = [...document.querySelectorAll('.path')]; \
     paths.forEach(p => p.style.display = 'none'); const text = document.body.innerText; \
     paths.forEach(p => p.style.display = ''); return text;";

/// Words of three or more Latin letters that are not names kept in every language (nor
/// parts of a folder path).
fn english_words(text: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "Carryout",
        "Google",
        "restic",
        "REST",
        "rclone",
        "YouTube",
        "Chrome",
        "Play",
        "Nest",
        "Pixel",
        "Maps",
        "Takeout",
        "Cloud",
        "OAuth",
        "API",
        "Data",
        "Portability",
        "Auth",
        "Platform",
        "client_secret",
        "json",
        "Search",
        "Shopping",
        "Discover",
        "Alerts",
        "Street",
        "View",
        "Lens",
        "Fitbit",
        "Android",
        "Gmail",
        "Pay",
        "Wallet",
        "Assistant",
        "Home",
        "Photos",
        "Keep",
        "Calendar",
        "News",
        "Books",
        "Movies",
        "Music",
        "Podcasts",
        "Ads",
        "Gemini",
        "Ultra",
        "Premium",
        "Shorts",
        "Hangouts",
        "Duo",
        "Meet",
        "Chat",
        "Voice",
        "Drive",
        "Docs",
        "Sheets",
        "Slides",
        "Forms",
        "Sites",
        "Translate",
        "Finance",
        "Flights",
        "Hotels",
        "Travel",
        "Playables",
        "Renew",
        "KiB",
        // The language menu names each language in itself.
        "English",
        "MiB",
        "GiB",
        "TiB",
    ];
    text.split_whitespace()
        .filter(|token| !token.contains(['/', '\\']))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic() && c != '_'))
        .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !NAMES.iter().any(|n| n.eq_ignore_ascii_case(w)))
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_failed_download_is_retried_and_a_restart_mid_download_carries_on() {
    use carryout_emulator::{AccessChoice, Emulator, Fault, Route, Settings};
    // Past the downloader's 64 MiB durability checkpoint, so that a part of it survives a kill.
    const SIZE: u64 = 96 << 20;
    let emulator = Emulator::start(Settings {
        access: AccessChoice::OneTime,
        speed: 60.0,
        archive_size: SIZE,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let control = emulator.control().clone();
    // Every attempt of the first download arrives corrupted: the row fails, verified nothing.
    control.inject_fault(Route::Storage, Fault::CorruptByte(4096), 3);
    let app = AppOnEmulator::start(&emulator).await;
    let (driver, pipe) = (&app.driver, &app.pipe);
    let session = Session::open(driver).await;
    // The saved profile (the emulator's) opens with the app: the navigation shows.
    session
        .wait_until("document.querySelector(\"[data-view='pick']\")?.offsetParent")
        .await;
    tick_and_start(&session, &["myactivity.search"]).await;
    pipe.answer().await;
    session
        .wait_until("document.querySelector(\"[data-export-id][data-state='failed'] .retry\")")
        .await;
    // Loud in the window too: a red count of failed groups on Exports.
    session
        .wait_until("document.getElementById('nav-failed-count')?.textContent === '1'")
        .await;
    session.screenshot("exports-failed").await;

    // Retry, slowed down so that the app can be quit mid-download, once nine tenths are
    // written (and the first checkpoint, at 64 MiB, made durable). Two responses: the retry
    // first asks for one byte to learn the size it needs room for, then for the archive.
    control.inject_fault(Route::Storage, Fault::Bandwidth(10 << 20), 2);
    session
        .click("[data-export-id][data-state='failed'] .retry")
        .await;
    session
        .wait_until(&format!(
            "(p => p && !p.hidden && p.value >= {})(document.querySelector(\
             \"[data-export-id][data-state='downloading'] progress\"))",
            SIZE * 9 / 10
        ))
        .await;
    session.screenshot("exports-downloading").await;
    session.close().await;
    let sent_before_restart = control.stats().storage_bytes_sent;

    // The app started again: the same export carries on.
    let session = Session::open(driver).await;
    session
        .wait_until("document.querySelector(\"[data-view='exports']\")?.offsetParent")
        .await;
    session.click("[data-view='exports']").await;
    session.wait_until(&verified(1)).await;
    let exports = session.invoke("exports").await;
    assert_on_disk(&exports);
    // The same export, not a new one, resumed from its last durable checkpoint (64 MiB).
    let fetched = control.stats().storage_bytes_sent - sent_before_restart;
    eprintln!("bytes fetched after the restart: {fetched} of {SIZE}");
    assert!(
        fetched <= SIZE - (64 << 20) + (4 << 20),
        "{fetched} of {SIZE}"
    );
    assert_eq!(exports.as_array().unwrap().len(), 1, "{exports}");
    assert_eq!(control.stats().jobs_created, 1);
    session.close().await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_library_shows_the_historys_older_versions_and_restores_one() {
    use carryout_emulator::{AccessChoice, Emulator, Settings};
    const GROUP: &str = "youtube.comments";
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        speed: 60.0,
        archive_size: 2 << 20,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let control = emulator.control().clone();
    let app = AppOnEmulator::start(&emulator).await;
    let (driver, pipe) = (&app.driver, &app.pipe);
    let backups = app.backups();
    let session = Session::open(driver).await;
    session
        .wait_until("document.querySelector(\"[data-view='pick']\")?.offsetParent")
        .await;
    tick_and_start(&session, &[GROUP]).await;
    pipe.answer().await;
    session.wait_until(&verified(1)).await;
    session.wait_until(HISTORY_MADE).await;
    // A day later (Google's window past), the same group again, after the person deleted
    // the older half of their comments at Google: the backup folder keeps the newest export,
    // the history both.
    control.advance(Duration::from_secs(25 * 3600));
    control.delete_history(GROUP, control.now() - chrono::Duration::days(16));
    tick_and_start(&session, &[GROUP]).await;
    session.wait_until(&verified(2)).await;
    session.click("[data-view='library']").await;
    session
        .wait_until(
            "document.querySelectorAll('.lib-export').length === 1 \
             && document.querySelectorAll('.lib-version').length === 1",
        )
        .await;
    session.click(".lib-versions summary").await;
    session.screenshot("library-history").await;
    // The fold stays open across the redraw a new language makes.
    session.set_language("zh-TW").await;
    session.screenshot("library-history-zh-TW").await;
    let versions = session.invoke("versions").await;
    let older = versions
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["on_disk"] == json!(false))
        .cloned()
        .expect("the first export is a version not on disk");

    // What changed from it to the export on disk: the comments deleted, as the core compares
    // the two.
    session.click(".compare-version").await;
    session
        .wait_until("document.querySelector('.lib-changes li')")
        .await;
    session.screenshot("library-changes-zh-TW").await;
    let current = versions
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["on_disk"] == json!(true))
        .expect("the export on disk is a version too");
    let diff = session
        .invoke_with(
            "version_changes",
            json!({"from": older["id"], "to": current["id"]}),
        )
        .await;
    assert_eq!(diff["from"]["id"], older["id"], "{diff}");
    let (before, after) = (&diff["records"][0], &diff["records"][1]);
    assert!(
        before.as_u64() > after.as_u64() && !diff["changed"].as_array().unwrap().is_empty(),
        "fewer comments: {diff}"
    );
    let shown = session
        .script("return document.querySelector('.lib-changes').textContent")
        .await;
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains(&format!("{before} → {after}")),
        "{shown}"
    );

    // Restore: it is back where it was, as its receipt says, and the Library shows both.
    session.click(".restore-version").await;
    session
        .wait_until(
            "document.querySelectorAll('.lib-export').length === 2 \
             && !document.querySelector('.lib-versions') \
             && document.getElementById('status').textContent.startsWith('已還原到備份資料夾')",
        )
        .await;
    let dir = std::path::PathBuf::from(older["dir"].as_str().unwrap());
    assert!(dir.starts_with(&backups), "{dir:?}");
    let exports = carryout::library::exports(&backups).unwrap();
    assert_eq!(exports.len(), 2);
    let report = carryout::library::verify(&exports, 1, &|_| {});
    assert!(report.all_ok() && report.ok == 2, "{report:?}");

    // Settings saves the history's password into the file chosen, never showing it: restic
    // opens the history with that file.
    session.click("[data-view='settings']").await;
    session.click("#save-history-password").await;
    session
        .wait_until("document.getElementById('history-password-saved')")
        .await;
    session.screenshot("settings-history-zh-TW").await;
    session.click("[data-view='library']").await;
    session.set_language("en").await;
    session.click("[data-view='settings']").await;
    session.screenshot("settings-history").await;
    let password_file = app.picked();
    let page = session.script("return document.body.innerText").await;
    let password = std::fs::read_to_string(&password_file).unwrap();
    assert!(!page.to_string().contains(password.trim_end()));
    let status = session.invoke("app_status").await;
    let listed = restic(
        status["history"].as_str().unwrap(),
        &password_file,
        "snapshots",
    );
    let snapshots: Value = serde_json::from_slice(&listed).unwrap();
    assert_eq!(snapshots.as_array().unwrap().len(), 2, "{snapshots}");

    // Another place for the history, chosen in the dialog: a folder holding other files is
    // refused, with the reason; an empty one is kept for the next start.
    std::fs::remove_file(&password_file).unwrap();
    std::fs::create_dir(&password_file).unwrap();
    std::fs::write(password_file.join("letter.txt"), "dear").unwrap();
    session.click("#choose-history-folder").await;
    session
        .wait_until("document.getElementById('error')?.textContent.includes('restic repository')")
        .await;
    std::fs::remove_file(password_file.join("letter.txt")).unwrap();
    session.click("#choose-history-folder").await;
    let chosen = password_file.canonicalize().unwrap();
    session
        .wait_until(&format!(
            "document.getElementById('history-place')?.textContent === {:?}",
            chosen.to_str().unwrap()
        ))
        .await;
    let kept = session.invoke("settings").await;
    assert_eq!(kept["history_dir"], chosen.to_str().unwrap(), "{kept}");
    session
        .wait_until("document.getElementById('history-repository')?.textContent.startsWith('Nothing is there yet')")
        .await;
    session.screenshot("settings-history-place").await;

    // A history made elsewhere (restic, on another computer) in that folder: chosen, it asks
    // for the password it was made with. A wrong one is refused; the right one is kept for
    // that place, in the secrets file alone, and never comes back to the page.
    const MADE_WITH: &str = "made on the old laptop";
    let elsewhere = tempfile::tempdir().unwrap();
    let old_password = elsewhere.path().join("password");
    std::fs::write(&old_password, MADE_WITH).unwrap();
    std::fs::remove_dir(&chosen).unwrap();
    restic(&chosen, &old_password, "init");
    session.click("#choose-history-folder").await;
    session
        .wait_until(
            "document.getElementById('history-repository')?.textContent.startsWith('A history made elsewhere') \
             && document.activeElement?.id === 'history-given-password' \
             && document.getElementById('history-repository').getBoundingClientRect().top >= 0 \
             && document.activeElement.closest('form').getBoundingClientRect().bottom <= window.innerHeight",
        )
        .await;
    session.screenshot("settings-history-elsewhere").await;
    session.choose("#history-given-password", "a guess").await;
    session.click("#use-history-password").await;
    session
        .wait_until(
            "!document.getElementById('error').hidden \
             && document.getElementById('error-text').textContent.includes('does not open with this password')",
        )
        .await;
    session.choose("#history-given-password", MADE_WITH).await;
    session.click("#use-history-password").await;
    session
        .wait_until(
            "document.getElementById('history-repository')?.textContent.startsWith('A history is there') \
             && document.getElementById('history-given-password').value === ''",
        )
        .await;
    session.set_language("zh-TW").await;
    session
        .script("document.getElementById('history-repository').scrollIntoView({block: 'center'})")
        .await;
    session.screenshot("settings-history-elsewhere-zh-TW").await;
    session.set_language("en").await;
    app.only_the_secrets_file_holds(MADE_WITH);
    session.close().await;

    // Started again, the app keeps its next export in that history, with that password.
    let session = Session::open(driver).await;
    let status = session.invoke("app_status").await;
    assert_eq!(status["history"], chosen.to_str().unwrap(), "{status}");
    control.advance(Duration::from_secs(25 * 3600));
    tick_and_start(&session, &[GROUP]).await;
    session.wait_until(&verified(3)).await;
    session.click("[data-view='library']").await;
    session
        .wait_until("document.querySelectorAll('.lib-version').length >= 1")
        .await;
    let listed = restic(&chosen, &old_password, "snapshots");
    let snapshots: Value = serde_json::from_slice(&listed).unwrap();
    assert!(!snapshots.as_array().unwrap().is_empty(), "{snapshots}");
    session.close().await;
}

/// restic's `command` (with `--json`) on the repository `repo`, opened with the password in
/// `password_file`: what it printed.
fn restic(
    repo: impl AsRef<std::ffi::OsStr>,
    password_file: &std::path::Path,
    command: &str,
) -> Vec<u8> {
    let done = Command::new("restic")
        .args(["--no-cache", "--json", command, "--repo"])
        .arg(repo)
        .arg("--password-file")
        .arg(password_file)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "restic {command}: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    done.stdout
}

/// `rclone serve restic` (Debian's rclone, which `scripts/test` installs) serving `dir` on a
/// free port, asking for `me` and `password`; its address, `127.0.0.1:PORT`. Stopped when the
/// child is dropped.
fn rest_server(dir: &std::path::Path, password: &str) -> (KillOnDrop, String) {
    use std::io::BufRead;
    let mut child = Command::new("rclone")
        .args([
            "serve",
            "restic",
            "--addr",
            "127.0.0.1:0",
            "--user",
            "me",
            "--pass",
            password,
        ])
        .arg(dir)
        .env("RCLONE_CONFIG", dir.with_extension("rclone.conf"))
        .stderr(Stdio::piped())
        .spawn()
        .expect("rclone runs: scripts/test installs Debian's rclone package");
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let (_, url) = line.split_once("Serving restic REST API on http://")?;
            Some(url.trim().trim_end_matches('/').to_owned())
        })
        .expect("rclone says where it serves");
    std::thread::spawn(move || lines.for_each(drop));
    (KillOnDrop(child), address)
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Every file under `dir` holding `text`.
fn files_holding(dir: &std::path::Path, text: &str) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                files_holding(&path, text)
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let holds = bytes.windows(text.len()).any(|w| w == text.as_bytes());
                holds.then_some(path).into_iter().collect()
            }
        })
        .collect()
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_history_goes_to_a_rest_server_checked_in_settings() {
    use carryout_emulator::{AccessChoice, Emulator, Settings};
    const GROUP: &str = "youtube.comments";
    const SERVER_PASSWORD: &str = "a server's s3cret";
    let served = tempfile::tempdir().unwrap();
    let (server, address) = rest_server(served.path(), SERVER_PASSWORD);
    let emulator = Emulator::start(Settings {
        access: AccessChoice::Days30,
        speed: 60.0,
        archive_size: 1 << 20,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let control = emulator.control().clone();
    let app = AppOnEmulator::start(&emulator).await;
    let session = Session::open(&app.driver).await;
    session
        .wait_until("document.querySelector(\"[data-view='pick']\")?.offsetParent")
        .await;
    session.click("[data-view='settings']").await;
    let error_says = |text: &str| {
        format!(
            "!document.getElementById('error').hidden && document.getElementById('error-text').textContent.includes({text:?})"
        )
    };

    // Not a server's address, then a password the server refuses: said, nothing kept.
    session.choose("#history-server", "nas:8000/carryout").await;
    session.click("#use-history-server").await;
    session
        .wait_until(&error_says("not the address of a restic REST server"))
        .await;
    let location = format!("rest:http://me@{address}/carryout/");
    session.choose("#history-server", &location).await;
    session.choose("#history-server-password", "wrong").await;
    session.click("#use-history-server").await;
    session
        .wait_until(&error_says("refused the user and password"))
        .await;
    assert_eq!(
        session.invoke("settings").await["history_server"],
        Value::Null
    );

    // The right one: kept without its password, which stays out of every file but the
    // secrets file and leaves the page.
    session
        .choose("#history-server-password", SERVER_PASSWORD)
        .await;
    session.click("#use-history-server").await;
    session
        .wait_until("document.getElementById('history-repository')?.textContent.startsWith('Nothing is there yet')")
        .await;
    session.screenshot("settings-history-server").await;
    session.set_language("zh-TW").await;
    session
        .script("document.getElementById('history-server').scrollIntoView({block: 'center'})")
        .await;
    session.screenshot("settings-history-server-zh-TW").await;
    session.set_language("en").await;
    let kept = session.invoke("settings").await;
    assert_eq!(kept["history_server"], location.as_str(), "{kept}");
    session
        .wait_until(&format!(
            "document.getElementById('history-place')?.textContent === {location:?} \
             && document.getElementById('history-server-password').value === ''"
        ))
        .await;
    app.only_the_secrets_file_holds(SERVER_PASSWORD);
    session.close().await;

    // Started again, the engine keeps each verified export on the server: the Library lists
    // the first export as an older version of the second.
    let session = Session::open(&app.driver).await;
    let status = session.invoke("app_status").await;
    assert_eq!(
        status["history"],
        format!("rest:http://me:***@{address}/carryout/").as_str(),
        "{status}"
    );
    tick_and_start(&session, &[GROUP]).await;
    app.pipe.answer().await;
    session.wait_until(&verified(1)).await;
    session.wait_until(HISTORY_MADE).await;
    control.advance(Duration::from_secs(25 * 3600));
    tick_and_start(&session, &[GROUP]).await;
    session.wait_until(&verified(2)).await;
    session.click("[data-view='library']").await;
    session
        .wait_until("document.querySelectorAll('.lib-version').length === 1")
        .await;
    let snapshots = std::fs::read_dir(served.path().join("carryout").join("snapshots"))
        .unwrap()
        .count();
    assert_eq!(snapshots, 2);
    let page = session.script("return document.body.innerText").await;
    assert!(!page.to_string().contains(SERVER_PASSWORD));

    // Away from the server (a NAS at home): the Library shows the exports on disk and says
    // that the history cannot be reached, without an error.
    drop(server);
    session.click("[data-view='exports']").await;
    session.click("[data-view='library']").await;
    session
        .wait_until(
            "document.getElementById('history-away') \
             && document.querySelectorAll('.lib-export').length === 1 \
             && document.getElementById('error').hidden",
        )
        .await;
    session.screenshot("library-history-away").await;

    // Back to the default place: the server's password is forgotten.
    session.click("[data-view='settings']").await;
    session
        .script("document.getElementById('status').textContent = ''")
        .await;
    session.click("#default-history-folder").await;
    session
        .wait_until(
            "!document.getElementById('default-history-folder') \
             && document.getElementById('status').textContent === 'Saved.'",
        )
        .await;
    assert!(files_holding(app.state.path(), SERVER_PASSWORD).is_empty());
    session.choose("#language", "zh-TW").await;
    session.click("[data-view='library']").await;
    session
        .wait_until(
            "document.documentElement.lang === 'zh-TW' && document.getElementById('history-away')",
        )
        .await;
    session.screenshot("library-history-away-zh-TW").await;
    session.close().await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn settings_are_kept_across_a_restart() {
    let driver = Driver::start(&[]).await;
    let session = Session::open(&driver).await;
    // Settings are open before any client is configured.
    session.click("[data-view='settings']").await;
    session.choose("#theme", "dark").await;
    session
        .wait_until("document.documentElement.dataset.theme === 'dark'")
        .await;
    session.choose("#parallel-downloads", "5").await;
    // What the history keeps, then no history at all: the counts stay for when it is back.
    session.choose("#keep-daily", "30").await;
    session.click("#history-keep").await;
    session
        .wait_until("document.getElementById('keep-weekly')?.disabled")
        .await;
    session.click("#keep-in-tray").await;
    session.click("#start-at-login").await;
    session.choose("#language", "zh-TW").await;
    session
        .wait_until(
            "document.documentElement.lang === 'zh-TW' \
             && document.getElementById('start-at-login')?.checked \
             && document.getElementById('keep-in-tray')?.checked \
             && document.getElementById('parallel-downloads')?.value === '5'",
        )
        .await;
    session.screenshot("settings-zh-TW-dark").await;
    session.close().await;

    // Started again: the first screen is drawn in the kept language and theme.
    let session = Session::open(&driver).await;
    session.find("#start-demo").await;
    session
        .wait_until(
            "document.documentElement.lang === 'zh-TW' \
             && document.documentElement.dataset.theme === 'dark'",
        )
        .await;
    session.click("[data-view='settings']").await;
    session
        .wait_until(
            "document.getElementById('parallel-downloads')?.value === '5' \
             && document.getElementById('keep-daily')?.value === '30' \
             && !document.getElementById('history-keep')?.checked \
             && document.getElementById('keep-in-tray')?.checked \
             && document.getElementById('start-at-login')?.checked \
             && document.getElementById('theme')?.value === 'dark'",
        )
        .await;
    let kept = session.invoke("settings").await;
    assert_eq!(kept["parallel_downloads"], 5, "{kept}");
    assert_eq!(kept["keep_in_tray"], true, "{kept}");
    assert_eq!(kept["start_at_login"], true, "{kept}");
    assert_eq!(kept["language"], "zh-TW", "{kept}");
    assert_eq!(kept["theme"], "dark", "{kept}");
    assert_eq!(kept["history"], false, "{kept}");
    let retention = serde_json::json!({"last": 3, "daily": 30, "weekly": 8, "monthly": 12});
    assert_eq!(kept["retention"], retention, "{kept}");
    // Start at login is registered with the desktop, not only remembered.
    let home = driver.env("HOME");
    let autostart = std::path::Path::new(&home).join(".config/autostart");
    let entries: Vec<_> = std::fs::read_dir(&autostart)
        .unwrap_or_else(|e| panic!("{}: {e}", autostart.display()))
        .collect();
    assert_eq!(entries.len(), 1, "{}", autostart.display());
    session.close().await;
}

/// A D-Bus session bus of the test's own: the single-instance plugin finds the first app on it.
struct SessionBus {
    process: Child,
    address: OsString,
}

impl SessionBus {
    fn start() -> SessionBus {
        use std::io::BufRead;
        let mut process = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (package dbus) starts");
        let mut address = String::new();
        std::io::BufReader::new(process.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        SessionBus {
            process,
            address: address.trim().into(),
        }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_second_launch_shows_the_first_window_and_exits() {
    let bus = SessionBus::start();
    let driver = Driver::start(&[("DBUS_SESSION_BUS_ADDRESS", bus.address.as_os_str())]).await;
    let session = Session::open(&driver).await;
    session.find("#start-demo").await;
    session.script("window.firstLaunch = 'still here'").await;
    // The close button's first question (the event the shell sends on a close), answered
    // "keep running in the tray": the window hides, the app goes on.
    session
        .script("window.__TAURI__.event.emit('close_requested')")
        .await;
    session.click("#close-keep").await;
    session
        .wait_until("document.visibilityState === 'hidden'")
        .await;

    // Launched again, as from the menu: the second hands over and exits at once.
    let mut second = Command::new(env!("CARGO_BIN_EXE_carryout-app"))
        .envs(driver.app_env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let exited = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            if let Some(status) = second.try_wait().unwrap() {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let Ok(status) = exited else {
        let _ = second.kill();
        panic!("the second launch kept running beside the first");
    };
    assert!(status.success(), "{status}");

    // The first shows its window again, with its page as it was.
    session
        .wait_until("document.visibilityState === 'visible'")
        .await;
    assert_eq!(
        session.script("return window.firstLaunch").await,
        "still here"
    );
    let settings = session.invoke("settings").await;
    assert_eq!(settings["keep_in_tray"], true, "{settings}");
    session.close().await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_client_imported_again_replaces_the_engine_it_had() {
    use carryout_emulator::{AccessChoice, Emulator, Settings};
    let emulator = Emulator::start(Settings {
        access: AccessChoice::OneTime,
        speed: 60.0,
        ..Settings::for_tests()
    })
    .await
    .unwrap();
    let app = AppOnEmulator::start(&emulator).await;
    // What the person picks in the app's dialogs (the test plays the person).
    let picked = app.picked();
    std::fs::write(&picked, "not a client").unwrap();
    let session = Session::open(&app.driver).await;
    session
        .wait_until("document.querySelector(\"[data-view='pick']\")?.offsetParent")
        .await;
    assert_eq!(session.invoke("app_status").await["engine"], "here");

    // A file that is no client changes nothing.
    let refused = session
        .invoke_with("import_client", json!({"filterName": "client"}))
        .await;
    assert_eq!(refused["refused"]["code"], "bad_client_file", "{refused}");
    assert_eq!(session.invoke("app_status").await["engine"], "here");
    // Paths come from the dialogs only: a folder the page names is refused, and a file picked
    // as the backup folder is no folder.
    let named = session
        .invoke_with(
            "save_settings",
            json!({"settings": {"backup_dir": "/", "parallel_downloads": 3, "theme": "system"}}),
        )
        .await;
    assert_eq!(named["refused"]["code"], "refused", "{named}");
    let file = session.invoke_with("choose_backup_dir", json!({})).await;
    assert_eq!(file["refused"]["code"], "unsuitable_folder", "{file}");

    // The same data folder under a newly imported client: the engine in use stops first, so
    // the new one runs here rather than being told another runs elsewhere.
    let client = emulator.control().client_secret_file();
    std::fs::write(&picked, serde_json::to_vec(&client).unwrap()).unwrap();
    let status = session
        .invoke_with("import_client", json!({"filterName": "client"}))
        .await;
    assert_eq!(status["engine"], "here", "{status}");
    tick_and_start(&session, &["myactivity.search"]).await;
    app.pipe.answer().await;
    session.click("[data-view='exports']").await;
    session.wait_until(&verified(1)).await;
    assert_eq!(emulator.control().stats().jobs_created, 1);
    session.close().await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_window_shows_the_apps_own_pages_only() {
    use carryout_emulator::{Emulator, Settings};
    // A real page elsewhere, on this machine.
    let elsewhere = Emulator::start(Settings::for_tests()).await.unwrap();
    let driver = Driver::start(&[]).await;
    let session = Session::open(&driver).await;
    session.find("#start-demo").await;
    session.script("window.stillHere = true").await;
    // Navigation as a link or a script would ask for it. A refused one never loads: the
    // driver gives up on it after two seconds, and its answer is not what is checked.
    session.post("/timeouts", json!({"pageLoad": 2000})).await;
    let _ = session
        .try_post("/url", json!({"url": elsewhere.base_url()}))
        .await;
    let href = session.script("return location.href").await;
    assert!(
        href.as_str()
            .is_some_and(|h| h.starts_with("tauri://localhost")),
        "{href}"
    );
    assert_eq!(
        session.script("return window.stillHere === true").await,
        true
    );
    session.close().await;
}

/// Whether process `pid` still runs (not ended, nor a zombie awaiting its parent).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z")
    })
}

/// The demo's throwaway folders (`carryout-demo-…`) in `tmp`.
fn demo_folders(tmp: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("carryout-demo-")
        })
        .map(|entry| entry.path())
        .collect()
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn quitting_the_demo_leaves_no_folder_behind_and_schedules_say_it_keeps_nothing() {
    let pipe = ConsentPipe::new();
    let driver = Driver::start(&[("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str())]).await;
    let session = Session::open(&driver).await;
    session.click("#start-demo").await;
    tick_and_start(&session, &["myactivity.search"]).await;
    pipe.answer().await;
    session.wait_until(&verified(1)).await;
    let tmp = std::path::PathBuf::from(driver.env("TMPDIR"));
    let folders = demo_folders(&tmp);
    assert_eq!(folders.len(), 1, "{folders:?}");
    let exports = session.invoke("exports").await;
    let archive_dir = exports[0]["export_dir"].as_str().unwrap();
    assert!(
        archive_dir.starts_with(folders[0].to_str().unwrap()),
        "the demo's backups are in its folder: {archive_dir}"
    );

    session.click("[data-view='schedules']").await;
    session
        .wait_until(
            "document.getElementById('schedules-demo')?.textContent.includes('keeps nothing')",
        )
        .await;

    // Quit, as from the close button's first question.
    let app = driver.app_pid().expect("the app runs");
    session
        .script("window.__TAURI__.event.emit('close_requested')")
        .await;
    session
        .wait_until("document.getElementById('close-quit')?.getClientRects().length > 0")
        .await;
    // Clicked from the page once this script has answered: the app quitting mid-click would
    // otherwise fail the driver's answer to the click itself.
    session
        .script("setTimeout(() => document.getElementById('close-quit').click(), 0)")
        .await;
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        while alive(app) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(ended.is_ok(), "the app did not quit");
    assert_eq!(demo_folders(&tmp), Vec::<std::path::PathBuf>::new());
}

/// A condition: every one of `total` exports is verified or waits for Google's window, and at
/// least `verified` are verified.
fn settled(total: usize, verified: usize) -> String {
    format!(
        "(() => {{ const rows = [...document.querySelectorAll('[data-export-id]')]; \
         const n = (s) => rows.filter((r) => r.dataset.state === s).length; \
         return rows.length === {total} && n('verified') >= {verified} \
           && n('verified') + n('waiting_window') === {total}; }})()"
    )
}

/// The bytes of every archive the exports' receipts name, each archive once.
fn archive_bytes(exports: &Value) -> u64 {
    let dirs: std::collections::BTreeSet<&str> = exports
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["export_dir"].as_str().unwrap())
        .collect();
    let mut bytes = 0;
    for dir in dirs {
        let dir = std::path::Path::new(dir);
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        for line in sums.lines() {
            let name = line.split_once("  ").unwrap().1;
            bytes += std::fs::metadata(dir.join(name)).unwrap().len();
        }
    }
    bytes
}

/// "19 MB" → 19_000_000 (the UI's decimal units; "19,5" read as 19.5).
fn parse_bytes(text: &str) -> f64 {
    let (number, unit) = text.trim().rsplit_once(' ').unwrap();
    let scale = match unit {
        "B" => 1.0,
        "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        other => panic!("unit {other} in {text:?}"),
    };
    number.replace(',', "").parse::<f64>().unwrap() * scale
}

/// Visible buttons and fields that do not take the app's style (no rounded corners: the
/// system's own grey controls), as "id-or-text" strings.
const UNSTYLED_CONTROLS: &str = "return [...document.querySelectorAll(\
     'button, select, input[type=number], input[type=text], input[type=search]')]\
     .filter((e) => e.getClientRects().length > 0)\
     .filter((e) => parseFloat(getComputedStyle(e).borderTopLeftRadius) < 4 && !e.closest('.segmented'))\
     .map((e) => e.id || e.className || e.textContent.trim());";

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn all_73_groups_under_a_per_client_window_with_true_numbers_in_both_languages() {
    let total = carryout::catalog::all().len();
    let pipe = ConsentPipe::new();
    let driver = Driver::start(&[
        ("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str()),
        (
            "CARRYOUT_DEMO_CONTROL_TOKEN",
            OsStr::new(DEMO_CONTROL_TOKEN),
        ),
    ])
    .await;
    let session = Session::open(&driver).await;
    session.click("#start-demo").await;
    session.click("[data-view='pick']").await;
    // Everything in one click.
    session.click("#pick-select-all").await;
    session
        .wait_until(&format!(
            "document.getElementById('selected-count')?.textContent === '{total} of {total} selected'"
        ))
        .await;
    session.screenshot("scale-pick").await;
    session.click("#start-backup").await;

    // Google's stricter reading of its 24-hour window: one export per client at a time.
    let consent = pipe.next_url().await;
    let google = EmulatorControl::of(&consent);
    google
        .post("/settings", json!({"cooldown": "per-client"}))
        .await;
    webdriver::follow(&consent).await;
    for _ in 1..4 {
        tokio::time::timeout(Duration::from_secs(120), pipe.answer())
            .await
            .expect("the app asks for four sign-ins in all");
    }
    // The backup is over when the app shows what it started.
    session
        .wait_until("document.querySelector(\"[data-view='exports'][aria-current='page']\")")
        .await;
    let grants = session.invoke("grants").await;
    assert_eq!(grants.as_array().unwrap().len(), 4, "{grants}");

    // Day by day: one sign-in's groups a day, every group within as many days as sign-ins.
    session.click("[data-view='exports']").await;
    // What the consent granted is said in a line or two, not as 73 names.
    let notice = session
        .script("return document.getElementById('backup-notice').textContent")
        .await;
    let notice = notice.as_str().unwrap();
    assert!(
        notice.contains("more") && notice.len() < 400,
        "the notice after the consents: {notice}"
    );
    let mut done = 0;
    let mut days = 0;
    while done < total {
        days += 1;
        assert!(days <= 4, "{done} of {total} verified after 4 days");
        session.wait_until(&settled(total, done + 1)).await;
        done = session
            .script("return document.querySelectorAll(\"[data-export-id][data-state='verified']\").length")
            .await
            .as_u64()
            .unwrap() as usize;
        eprintln!("day {days}: {done} of {total} verified");
        if done == total {
            break;
        }
        // The window's note: said once, however many sign-ins wait.
        let notes = session
            .script(
                "return document.querySelectorAll(\"[data-warning='window_per_client']\").length",
            )
            .await;
        assert_eq!(notes, 1, "window notes on day {days}");
        // The days ahead, as the engine planned them: one turn a day for each sign-in left,
        // holding every waiting group.
        let turns = session
            .script(
                "return [...document.querySelectorAll('#turns .turn')]\
                 .map((t) => Number(t.dataset.groups))",
            )
            .await;
        let turns: Vec<u64> = serde_json::from_value(turns).unwrap();
        assert_eq!(
            turns.len(),
            4 - days,
            "turns ahead on day {days}: {turns:?}"
        );
        assert_eq!(
            turns.iter().sum::<u64>() as usize,
            total - done,
            "every waiting group is in a turn"
        );
        session
            .screenshot(&format!("scale-exports-day-{days}"))
            .await;
        google
            .post("/clock/advance", json!({"seconds": 86_400 + 60}))
            .await;
        // The engine sleeps until the window on its own timer: wake it as a resume does.
        session
            .invoke_with("set_paused", json!({"paused": true}))
            .await;
        session
            .invoke_with("set_paused", json!({"paused": false}))
            .await;
    }
    assert_eq!(days, 4, "one sign-in's groups a day");

    // The totals count each archive once: what is on disk.
    let exports = session.invoke("exports").await;
    assert_on_disk(&exports);
    let on_disk = archive_bytes(&exports) as f64;
    let line = session
        .script("return document.querySelector('#export-summary .summary-line')?.textContent")
        .await;
    let line = line.as_str().expect("a summary of bytes");
    let (shown_done, shown_total) = line
        .split_once(" downloaded")
        .and_then(|(bytes, _)| bytes.split_once(" of "))
        .unwrap_or_else(|| panic!("{line}"));
    for shown in [shown_done, shown_total] {
        let shown = parse_bytes(shown);
        assert!(
            (shown - on_disk).abs() <= on_disk * 0.05,
            "the summary says {line}; {on_disk} bytes are on disk"
        );
    }
    session.screenshot("scale-exports-done").await;

    // Sign-ins are told apart by what they hold.
    session.click("[data-view='access']").await;
    session
        .wait_until("document.querySelectorAll('.grant h3').length === 4")
        .await;
    let titles = session
        .script("return [...document.querySelectorAll('.grant h3')].map((h) => h.textContent)")
        .await;
    let titles: std::collections::BTreeSet<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "four different names: {titles:?}");
    assert!(
        titles.iter().all(|t| !t.starts_with("Sign-in of")),
        "{titles:?}"
    );
    // Each shows the groups it holds, folded under their count.
    let held = session
        .script("return document.querySelectorAll('.grant .lib-holds li[data-group]').length")
        .await;
    assert_eq!(held, total, "the sign-ins hold every group once");
    session.screenshot("scale-access").await;

    // Schedules: the same picker, all at once; the demo says it keeps nothing.
    session.click("[data-view='schedules']").await;
    session.click("#schedule-select-all").await;
    session
        .wait_until(&format!(
            "document.querySelectorAll('input[data-schedule-group]:checked').length === {total}"
        ))
        .await;
    session.find("#schedules-demo").await;
    session.screenshot("scale-schedules").await;

    // Every control takes the app's style; the check itself flags a system-styled button.
    let probe = session
        .script(&format!(
            "const b = document.createElement('button'); b.className = 'probe-unstyled'; \
             b.style.all = 'revert'; b.textContent = 'probe'; document.body.append(b); \
             const found = (() => {{ {UNSTYLED_CONTROLS} }})(); b.remove(); return found;"
        ))
        .await;
    assert_eq!(
        probe,
        json!(["probe-unstyled"]),
        "the style check sees an unstyled button"
    );
    assert_eq!(session.script(UNSTYLED_CONTROLS).await, json!([]));

    // The Library: what is on disk, one card per export, not one per group.
    let on_disk_exports: std::collections::BTreeSet<&str> = exports
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["export_dir"].as_str().unwrap())
        .collect();
    session.click("[data-view='library']").await;
    session
        .wait_until(&format!(
            "document.querySelectorAll('.lib-export').length === {}",
            on_disk_exports.len()
        ))
        .await;
    let held = session
        .script(
            "return [...document.querySelectorAll('.lib-export')]\
             .reduce((n, card) => n + Number(card.dataset.groups), 0)",
        )
        .await;
    assert_eq!(held, total, "every group is held by one export on disk");
    session.screenshot("scale-library").await;
    // By kind of data, narrowed to one service by its filter, then by a search.
    session.click("#library-by-groups").await;
    session.choose("#library-service", "youtube").await;
    session
        .wait_until(
            "(() => { const shown = [...document.querySelectorAll('.lib-group')]; \
             return shown.length > 0 && shown.every((s) => s.dataset.group.startsWith('youtube.')); })()",
        )
        .await;
    session.screenshot("scale-library-youtube").await;
    session.choose("#library-service", "").await;
    session.choose("#library-search", "search").await;
    session
        .wait_until(
            "document.querySelector(\"[data-group='myactivity.search'].lib-group\") \
             && document.querySelectorAll('.lib-group').length < 20",
        )
        .await;
    session.choose("#library-search", "").await;
    session.click("#library-by-exports").await;

    // 繁體中文: the same screens, nothing English left.
    session.set_language("zh-TW").await;
    for view in ["pick", "exports", "library", "access", "schedules"] {
        session.click(&format!("[data-view='{view}']")).await;
        session.screenshot(&format!("scale-{view}-zh-TW")).await;
        let text = session.script(SHOWN_TEXT).await;
        let english = english_words(text.as_str().unwrap());
        assert!(english.is_empty(), "{view}: English on screen: {english:?}");
    }

    // In the dark theme every control keeps the app's style too.
    session.click("[data-view='settings']").await;
    session.choose("#theme", "dark").await;
    session
        .wait_until("document.documentElement.dataset.theme === 'dark'")
        .await;
    session.click("[data-view='schedules']").await;
    assert_eq!(session.script(UNSTYLED_CONTROLS).await, json!([]));
    session.screenshot("scale-schedules-dark-zh-TW").await;

    // The close dialog's default button is the app's own too.
    session
        .script("window.__TAURI__.event.emit('close_requested')")
        .await;
    session
        .wait_until("document.getElementById('close-keep')?.getClientRects().length > 0")
        .await;
    assert_eq!(session.script(UNSTYLED_CONTROLS).await, json!([]));
    session.screenshot("scale-close-zh-TW").await;
    session.close().await;
}
