//! The real app in a real webview, driven through tauri-driver and WebKitWebDriver: the one
//! WebDriver client of the end-to-end tests (`e2e.rs`) and of the screenshots and figures
//! (`showcase.rs`). Needs a display: the scripts run these under Xvfb.

// Each test target uses its own part of these helpers.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub struct Driver {
    process: Child,
    base: String,
    http: reqwest::Client,
    /// The app's environment, for launching it a second time by hand.
    pub app_env: Vec<(OsString, OsString)>,
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

/// The app binary under test: `$CARRYOUT_APP` (e.g. the release build the figures measure),
/// else the one Cargo built with these tests.
pub fn app_binary() -> PathBuf {
    std::env::var_os("CARRYOUT_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_carryout-app")))
}

impl Driver {
    /// tauri-driver (and the app it starts) in a throwaway profile, with `env` for the app.
    pub async fn start(env: &[(&str, &OsStr)]) -> Driver {
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

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.try_post(path, body)
            .await
            .unwrap_or_else(|answer| panic!("WebDriver {path}: {answer}"))
    }

    /// The answer's value, or the whole answer when WebDriver reports an error.
    pub async fn try_post(&self, path: &str, body: Value) -> Result<Value, Value> {
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

    /// The app process tauri-driver started (through WebKitWebDriver), once it runs.
    pub fn app_pid(&self) -> Option<u32> {
        let app = app_binary().canonicalize().ok()?;
        descendants(self.process.id())
            .into_iter()
            .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
    }

    /// One variable of the app's environment.
    pub fn env(&self, name: &str) -> OsString {
        self.app_env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} in the app's environment"))
    }
}

/// `root` and every process below it, from /proc.
pub fn descendants(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // The parent is the second field after the parenthesised command name.
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree
}

pub struct Session<'a> {
    pub driver: &'a Driver,
    id: String,
}

impl<'a> Session<'a> {
    pub async fn open(driver: &'a Driver) -> Session<'a> {
        let app = app_binary();
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

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.driver
            .post(&format!("/session/{}{path}", self.id), body)
            .await
    }

    pub async fn try_post(&self, path: &str, body: Value) -> Result<Value, Value> {
        self.driver
            .try_post(&format!("/session/{}{path}", self.id), body)
            .await
    }

    pub async fn find(&self, css: &str) -> String {
        match self.try_find(css).await {
            Ok(element) => element,
            Err(answer) => panic!("finding {css}: {answer}"),
        }
    }

    /// The element `css` names, or WebDriver's answer when it could not make one (a view
    /// redrawn while it looked answers "stale element reference").
    async fn try_find(&self, css: &str) -> Result<String, Value> {
        let found = self
            .try_post("/element", json!({"using": "css selector", "value": css}))
            .await?;
        Ok(found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_owned())
    }

    pub async fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
            .await
    }

    /// Runs `script` as an async WebDriver script: it ends by calling
    /// `arguments[arguments.length - 1]` with its answer.
    pub async fn script_async(&self, script: &str) -> Value {
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// What the window shows, as PNG.
    pub async fn png(&self) -> Vec<u8> {
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
        base64::engine::general_purpose::STANDARD
            .decode(answer["value"].as_str().unwrap())
            .unwrap()
    }

    /// Saves what the window shows as `<name>.png` in `$CARRYOUT_E2E_SHOTS`, when set.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("CARRYOUT_E2E_SHOTS") else {
            return;
        };
        let png = self.png().await;
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    /// Clicks an element once it is shown and enabled (views render after IPC round trips),
    /// after scrolling it to the middle of the window, clear of the fixed header and action bar.
    pub async fn click(&self, css: &str) {
        let selector = serde_json::to_string(css).unwrap();
        let shown = format!(
            "(e => e && e.getClientRects().length > 0 && !e.disabled)(document.querySelector({selector}))"
        );
        // A view may redraw while the element is found or clicked: wait for it and find it
        // again then.
        for _ in 0..5 {
            self.wait_until(&shown).await;
            let element = match self.try_find(css).await {
                Ok(element) => element,
                Err(answer) if answer["value"]["error"] == "stale element reference" => continue,
                Err(answer) => panic!("finding {css}: {answer}"),
            };
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
    pub async fn wait_until(&self, condition: &str) {
        let answer = self.watch(condition, None).await;
        assert_eq!(answer, Ok(json!(true)), "waiting for {condition}");
    }

    /// Clicks `css` until `effect` (a JavaScript condition the click brings at once) holds. A
    /// click can land where the element was a moment before, when something above it (a banner
    /// arriving, a line of progress) moves the page while the click is on its way: each click
    /// gets 10 s to show its effect, up to 5 clicks. For a toggle, `effect` is its open state,
    /// so a click that did land is never undone by another.
    pub async fn click_for(&self, css: &str, effect: &str) {
        for _ in 0..5 {
            self.click(css).await;
            match self.watch(effect, Some(10_000)).await {
                Ok(Value::Bool(true)) => return,
                Ok(_) => eprintln!("clicking {css} did not bring {effect}: clicking again"),
                Err(answer) => panic!("waiting for {effect}: {answer}"),
            }
        }
        panic!("clicking {css} never brought {effect}");
    }

    /// Whether `condition` holds, re-checked on every change of the page; after `within_ms`,
    /// `false` if it still does not.
    async fn watch(&self, condition: &str, within_ms: Option<u64>) -> Result<Value, Value> {
        let give_up = within_ms.map_or_else(String::new, |ms| {
            format!("setTimeout(() => {{ observer.disconnect(); done(check()); }}, {ms});")
        });
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             const check = () => {{ try {{ return Boolean({condition}); }} catch (e) {{ return false; }} }}; \
             if (check()) {{ done(true); return; }} \
             const observer = new MutationObserver(() => {{ if (check()) {{ observer.disconnect(); done(true); }} }}); \
             observer.observe(document.documentElement, {{subtree: true, childList: true, attributes: true, characterData: true}}); \
             {give_up}"
        );
        self.try_post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// Calls an app command from the page, as the UI does; an error fails the test.
    pub async fn invoke(&self, command: &str) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke('{command}').then(done, (e) => done({{error: e}}));"
        );
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// Calls an app command with arguments from the page; a refusal comes back as
    /// `{"refused": error}`.
    pub async fn invoke_with(&self, command: &str, args: Value) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke('{command}', arguments[0])\
             .then(done, (e) => done({{refused: e}}));"
        );
        self.post("/execute/async", json!({"script": script, "args": [args]}))
            .await
    }

    /// Chooses `value` in a select or types it in an input, as a person would (a `change`).
    pub async fn choose(&self, css: &str, value: &str) {
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

    /// Switches the UI's language as a person does, in Settings, and comes back to the view
    /// that was shown (the first screen before any profile; Settings stays open).
    pub async fn set_language(&self, language: &str) {
        let back = self
            .script("return document.querySelector('[data-view][aria-current=\"page\"]')?.dataset.view ?? null")
            .await;
        self.click("[data-view='settings']").await;
        self.choose("#language", language).await;
        self.wait_until(&format!("document.documentElement.lang === '{language}'"))
            .await;
        match back.as_str() {
            Some("settings") => {}
            Some(view) => self.click(&format!("[data-view='{view}']")).await,
            None => self.click("#settings-back").await,
        }
    }

    pub async fn close(self) {
        let _ = self
            .driver
            .http
            .delete(format!("{}/session/{}", self.driver.base, self.id))
            .send()
            .await;
    }
}

/// Ticks `groups` in the Pick view and starts their backup.
pub async fn tick_and_start(session: &Session<'_>, groups: &[&str]) {
    session.click("[data-view='pick']").await;
    for group in groups {
        session.click(&format!("input[data-group='{group}']")).await;
    }
    session.click("#start-backup").await;
}

/// A condition: at least `count` exports are verified.
pub fn verified(count: usize) -> String {
    format!(
        "document.querySelectorAll(\"[data-export-id][data-state='verified']\").length >= {count}"
    )
}

/// A named pipe the app writes consent URLs to (`CARRYOUT_OPEN_URLS_TO`): reading it waits for
/// the app to ask for a browser, without polling.
pub struct ConsentPipe {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl ConsentPipe {
    pub fn new() -> ConsentPipe {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent-urls");
        let made = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success(), "mkfifo");
        ConsentPipe { path, _dir: dir }
    }

    /// The consent URL of the next sign-in link the app opens: the link (Carryout's loopback
    /// start link) is opened as a browser would, up to its redirect.
    pub async fn next_url(&self) -> url::Url {
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
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let start = no_redirects.get(line.trim()).send().await.unwrap();
        assert_eq!(
            start.status(),
            303,
            "the start link redirects to the consent"
        );
        let consent = start.headers()["location"].to_str().unwrap();
        url::Url::parse(consent).unwrap()
    }

    /// The next sign-in link the app opens, followed as a browser would: the emulator
    /// auto-consents and redirects to the app's loopback listener.
    pub async fn answer(&self) -> url::Url {
        let url = self.next_url().await;
        follow(&url).await;
        url
    }
}

/// Follows a consent URL as the person's browser would.
pub async fn follow(url: &url::Url) {
    reqwest::get(url.clone())
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

/// The token a debug build's demo asks of requests to its admin routes
/// (`CARRYOUT_DEMO_CONTROL_TOKEN`; a release build's demo serves none).
pub const DEMO_CONTROL_TOKEN: &str = "steering-the-demo";

/// The admin routes (`/_emulator/…`) of the emulator a consent URL points at: demo mode's
/// own Google, reachable from outside a debug build of the app with [`DEMO_CONTROL_TOKEN`].
pub struct EmulatorControl {
    base: String,
    http: reqwest::Client,
}

impl EmulatorControl {
    pub fn of(consent_url: &url::Url) -> EmulatorControl {
        let origin = consent_url.origin().ascii_serialization();
        EmulatorControl {
            base: format!("{origin}/_emulator"),
            http: reqwest::Client::new(),
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let request = self.http.post(format!("{}{path}", self.base)).json(&body);
        Self::answer(path, request).await
    }

    pub async fn get(&self, path: &str) -> Value {
        Self::answer(path, self.http.get(format!("{}{path}", self.base))).await
    }

    async fn answer(path: &str, request: reqwest::RequestBuilder) -> Value {
        request
            .bearer_auth(DEMO_CONTROL_TOKEN)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap_or_else(|e| panic!("emulator {path}: {e}"))
            .json()
            .await
            .unwrap()
    }
}
