//! The real app in a real webview, driven through tauri-driver and WebKitWebDriver.
//! Needs a display: `scripts/test` runs these under Xvfb with `--ignored`.

use std::ffi::{OsStr, OsString};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

struct Driver {
    process: Child,
    base: String,
    http: reqwest::Client,
    /// The app's environment, for launching it a second time by hand.
    app_env: Vec<(OsString, OsString)>,
    /// The app's data, config and cache folders for this run, kept out of the user's own.
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: on SIGTERM tauri-driver also stops the WebKitWebDriver it
        // started, which would otherwise outlive the test.
        let terminated = Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        if !terminated {
            let _ = self.process.kill();
        }
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    /// tauri-driver (and the app it starts) in a throwaway profile, with `env` for the app.
    async fn start(env: &[(&str, &OsStr)]) -> Driver {
        let profile = tempfile::tempdir().unwrap();
        let port = free_port();
        let program = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        std::fs::create_dir_all(profile.path().join("home")).unwrap();
        std::fs::create_dir_all(profile.path().join("tmp")).unwrap();
        let dir = |name: &str| profile.path().join(name).into_os_string();
        let mut app_env: Vec<(OsString, OsString)> = vec![
            ("XDG_DATA_HOME".into(), dir("data")),
            ("XDG_CONFIG_HOME".into(), dir("config")),
            ("XDG_CACHE_HOME".into(), dir("cache")),
            // Backups go to the home folder's Documents: a throwaway one.
            ("HOME".into(), dir("home")),
            ("TMPDIR".into(), dir("tmp")),
            ("LANG".into(), "C.UTF-8".into()),
            // The app may still be exiting when the profile is deleted; a shader cache written
            // then would only fail noisily.
            ("MESA_SHADER_CACHE_DISABLE".into(), "true".into()),
        ];
        app_env.extend(
            env.iter()
                .map(|(k, v)| (OsString::from(k), v.to_os_string())),
        );
        let process = Command::new(&program)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .envs(app_env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let driver = Driver {
            process,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
            app_env,
            _profile: profile,
        };
        // tauri-driver gives no readiness signal other than answering on its port.
        for _ in 0..200 {
            if driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .await
                .is_ok()
            {
                return driver;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("tauri-driver did not start listening on port {port}");
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.try_post(path, body)
            .await
            .unwrap_or_else(|answer| panic!("WebDriver {path}: {answer}"))
    }

    /// The answer's value, or the whole answer when WebDriver reports an error.
    async fn try_post(&self, path: &str, body: Value) -> Result<Value, Value> {
        let answer: Value = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        match answer["value"].get("error") {
            None => Ok(answer["value"].clone()),
            Some(_) => Err(answer),
        }
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl<'a> Session<'a> {
    async fn open(driver: &'a Driver) -> Session<'a> {
        let app = env!("CARGO_BIN_EXE_carryout-app");
        let created = driver
            .post(
                "/session",
                json!({"capabilities": {"alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": {"application": app}
                }}}),
            )
            .await;
        let id = created["sessionId"].as_str().unwrap().to_owned();
        let session = Session { driver, id };
        // Views render after IPC round trips: let element lookups wait for them; exports in
        // demo mode take seconds, an interrupted download a little more.
        session
            .post("/timeouts", json!({"implicit": 10_000, "script": 120_000}))
            .await;
        session
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.driver
            .post(&format!("/session/{}{path}", self.id), body)
            .await
    }

    async fn try_post(&self, path: &str, body: Value) -> Result<Value, Value> {
        self.driver
            .try_post(&format!("/session/{}{path}", self.id), body)
            .await
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await;
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_owned()
    }

    async fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
            .await
    }

    /// Saves what the window shows as `<name>.png` in `$CARRYOUT_E2E_SHOTS`, when set.
    async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("CARRYOUT_E2E_SHOTS") else {
            return;
        };
        use base64::Engine as _;
        let answer: Value = self
            .driver
            .http
            .get(format!(
                "{}/session/{}/screenshot",
                self.driver.base, self.id
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(answer["value"].as_str().unwrap())
            .unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    /// Clicks an element once it is shown and enabled (views render after IPC round trips),
    /// after scrolling it to the middle of the window, clear of the fixed header and action bar.
    async fn click(&self, css: &str) {
        let selector = serde_json::to_string(css).unwrap();
        self.wait_until(&format!(
            "(e => e && e.getClientRects().length > 0 && !e.disabled)(document.querySelector({selector}))"
        ))
        .await;
        // A view may redraw between finding the element and clicking it: find it again then.
        for _ in 0..5 {
            let element = self.find(css).await;
            let reference = json!({"element-6066-11e4-a52e-4f735466cecf": element});
            let scroll = json!({"script": "arguments[0].scrollIntoView({block: 'center'})", "args": [reference]});
            let clicked = match self.try_post("/execute/sync", scroll).await {
                Ok(_) => {
                    self.try_post(&format!("/element/{element}/click"), json!({}))
                        .await
                }
                Err(answer) => Err(answer),
            };
            match clicked {
                Ok(_) => return,
                Err(answer) if answer["value"]["error"] == "stale element reference" => continue,
                Err(answer) => panic!("clicking {css}: {answer}"),
            }
        }
        panic!("{css} kept being redrawn under the click");
    }

    /// Waits until the JavaScript expression `condition` is true, re-checking on every change
    /// of the page (a MutationObserver), not on a timer.
    async fn wait_until(&self, condition: &str) {
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             const check = () => {{ try {{ return Boolean({condition}); }} catch (e) {{ return false; }} }}; \
             if (check()) {{ done(true); return; }} \
             const observer = new MutationObserver(() => {{ if (check()) {{ observer.disconnect(); done(true); }} }}); \
             observer.observe(document.documentElement, {{subtree: true, childList: true, attributes: true, characterData: true}});"
        );
        let answer = self
            .try_post("/execute/async", json!({"script": script, "args": []}))
            .await;
        assert_eq!(answer, Ok(json!(true)), "waiting for {condition}");
    }

    /// Calls an app command from the page, as the UI does.
    async fn invoke(&self, command: &str) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke('{command}').then(done, (e) => done({{error: e}}));"
        );
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// Chooses `value` in a select or types it in an input, as a person would (a `change`).
    async fn choose(&self, css: &str, value: &str) {
        self.click(css).await;
        let script = format!(
            "const e = document.querySelector({}); e.value = {}; \
             e.dispatchEvent(new Event('input', {{bubbles: true}})); \
             e.dispatchEvent(new Event('change', {{bubbles: true}}));",
            serde_json::to_string(css).unwrap(),
            serde_json::to_string(value).unwrap()
        );
        self.script(&script).await;
    }

    async fn close(self) {
        let _ = self
            .driver
            .http
            .delete(format!("{}/session/{}", self.driver.base, self.id))
            .send()
            .await;
    }
}

/// A named pipe the app writes consent URLs to (`CARRYOUT_OPEN_URLS_TO`): reading it waits for
/// the app to ask for a browser, without polling.
struct ConsentPipe {
    path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl ConsentPipe {
    fn new() -> ConsentPipe {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent-urls");
        let made = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success(), "mkfifo");
        ConsentPipe { path, _dir: dir }
    }

    /// The next consent URL the app opens, followed as a browser would: the emulator
    /// auto-consents and redirects to the app's loopback listener.
    async fn answer(&self) -> url::Url {
        let path = self.path.clone();
        let line = tokio::task::spawn_blocking(move || {
            use std::io::BufRead;
            let file = std::fs::File::open(path).unwrap();
            let mut line = String::new();
            std::io::BufReader::new(file).read_line(&mut line).unwrap();
            line
        })
        .await
        .unwrap();
        let url = url::Url::parse(line.trim()).unwrap();
        reqwest::get(url.clone())
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
        url
    }
}

const GROUPS: [&str; 3] = ["myactivity.search", "youtube.comments", "maps.reviews"];

async fn tick_and_start(session: &Session<'_>, groups: &[&str]) {
    session.click("[data-view='pick']").await;
    for group in groups {
        session.click(&format!("input[data-group='{group}']")).await;
    }
    session.click("#start-backup").await;
}

fn verified(count: usize) -> String {
    format!(
        "document.querySelectorAll(\"[data-export-id][data-state='verified']\").length >= {count}"
    )
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
    let driver = Driver::start(&[("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str())]).await;
    let session = Session::open(&driver).await;

    session.find("#start-demo").await;
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
    pipe.answer().await;
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
    for view in ["library", "access"] {
        session.click(&format!("[data-view='{view}']")).await;
        if view == "library" {
            // What each group's backups cover, and what an export holds.
            session
                .wait_until("document.querySelector('.lib-group .timeline')")
                .await;
            session.click(".lib-entry .list-contents").await;
            session.click(".contents .archive-toggle").await;
            session
                .wait_until(
                    "document.querySelector('.archive-entries')?.textContent\
                     .includes('MyActivity.json')",
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
    session.choose("#language", "zh-TW").await;
    session
        .wait_until("document.documentElement.lang === 'zh-TW'")
        .await;
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
    let pipe = ConsentPipe::new();
    let state = tempfile::tempdir().unwrap();
    let (data, backups) = (state.path().join("data"), state.path().join("backups"));
    let base = std::ffi::OsString::from(emulator.base_url());
    let driver = Driver::start(&[
        ("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str()),
        ("CARRYOUT_EMULATOR", &base),
        ("CARRYOUT_DATA_DIR", data.as_os_str()),
        ("CARRYOUT_BACKUP_DIR", backups.as_os_str()),
    ])
    .await;
    let session = Session::open(&driver).await;
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
    // written (and the first checkpoint, at 64 MiB, made durable).
    control.inject_fault(Route::Storage, Fault::Bandwidth(10 << 20), 1);
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
    let session = Session::open(&driver).await;
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

impl Driver {
    fn env(&self, name: &str) -> OsString {
        self.app_env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} in the app's environment"))
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
