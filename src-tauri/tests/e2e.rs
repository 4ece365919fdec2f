//! The real app in a real webview, driven through tauri-driver and WebKitWebDriver.
//! Needs a display: `scripts/test` runs these under Xvfb with `--ignored`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

struct Driver {
    process: Child,
    base: String,
    http: reqwest::Client,
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
    async fn start() -> Driver {
        let port = free_port();
        let program = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let profile = tempfile::tempdir().unwrap();
        let process = Command::new(&program)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .env("XDG_DATA_HOME", profile.path().join("data"))
            .env("XDG_CONFIG_HOME", profile.path().join("config"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .env("LANG", "C.UTF-8")
            // The app may still be exiting when the profile is deleted; a shader cache written
            // then would only fail noisily.
            .env("MESA_SHADER_CACHE_DISABLE", "true")
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let driver = Driver {
            process,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
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
        assert!(
            answer["value"].get("error").is_none(),
            "WebDriver {path}: {answer}"
        );
        answer["value"].clone()
    }

    async fn get(&self, path: &str) -> Value {
        let answer: Value = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["value"].clone()
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
        // The list renders after an IPC round trip: let element lookups wait for it.
        session.post("/timeouts", json!({"implicit": 10_000})).await;
        session
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.driver
            .post(&format!("/session/{}{path}", self.id), body)
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

    async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.driver
            .get(&format!("/session/{}/element/{element}/text", self.id))
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
            .await
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

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_window_lists_every_resource_group_and_switches_language() {
    let driver = Driver::start().await;
    let session = Session::open(&driver).await;

    assert_eq!(session.text("#app-title").await, "Carryout");
    // A fresh profile: nothing saved by an earlier run, so the language follows the system.
    assert_eq!(
        session.text("[data-i18n='tagline']").await,
        "Back up your own Google data."
    );
    session.find("li[data-group='myactivity.search']").await;
    let count = session
        .script("return document.querySelectorAll('li[data-group]').length")
        .await;
    assert_eq!(count, 73);

    session
        .script(
            "const s = document.getElementById('language'); s.value = 'zh-TW'; \
             s.dispatchEvent(new Event('change'));",
        )
        .await;
    assert_eq!(
        session.text("[data-i18n='tagline']").await,
        "備份你自己的 Google 資料。"
    );
    session.close().await;
}
