//! The app's screenshots (`scripts/screenshots`): the real app under Xvfb in demo mode, through
//! the end-to-end tests' WebDriver client. Not part of `scripts/test`: it writes files.

mod webdriver;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::json;
use webdriver::{ConsentPipe, Driver, EmulatorControl, Session, follow, verified};

const GROUPS: [&str; 3] = ["myactivity.search", "youtube.comments", "maps.reviews"];
/// Emulator seconds of a job that should still run while we look: a day (24 real minutes at
/// demo speed).
const LONG_JOB_SECS: f64 = 86_400.0;

/// Demo mode's Google made to take a day per export (the exports stay in progress until its
/// clock is moved on), with its 24-hour window per group as Google's documentation has it: one
/// job per group, not every group carried in one job.
async fn long_separate_jobs(google: &EmulatorControl) {
    google
        .post(
            "/settings",
            json!({"job_duration_secs": LONG_JOB_SECS, "cooldown": "per-resource"}),
        )
        .await;
}

fn in_state(state: &str, count: usize) -> String {
    format!(
        "document.querySelectorAll(\"[data-export-id][data-state='{state}']\").length >= {count}"
    )
}

// ---- screenshots ---------------------------------------------------------------------------

/// `$CARRYOUT_SCREENSHOTS/<screen>-<language>-<theme>.png` for every main screen, in English
/// and Traditional Chinese, light and dark.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes PNGs into $CARRYOUT_SCREENSHOTS: run by scripts/screenshots"]
async fn screenshots() {
    let dir = PathBuf::from(
        std::env::var_os("CARRYOUT_SCREENSHOTS").expect("CARRYOUT_SCREENSHOTS names a folder"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    for theme in ["light", "dark"] {
        for language in ["en", "zh-TW"] {
            shoot(&dir, language, theme).await;
        }
    }
}

struct Shots<'a> {
    session: &'a Session<'a>,
    dir: &'a Path,
    suffix: String,
}

impl Shots<'_> {
    /// Saves the window once what is on screen has been painted, scrolled to the top.
    async fn save(&self, screen: &str) {
        self.session
            .script_async(
                "const done = arguments[arguments.length - 1]; \
                 document.activeElement?.blur(); \
                 document.scrollingElement.scrollTo(0, 0); \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            )
            .await;
        let png = self.session.png().await;
        let path = self.dir.join(format!("{screen}-{}.png", self.suffix));
        std::fs::write(&path, png).unwrap();
    }
}

async fn shoot(dir: &Path, language: &str, theme: &str) {
    let pipe = ConsentPipe::new();
    let mut env = vec![("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str())];
    // WebKitGTK answers `prefers-color-scheme` from the GTK theme.
    if theme == "dark" {
        env.push(("GTK_THEME", OsStr::new("Adwaita:dark")));
    }
    let driver = Driver::start(&env).await;
    let session = Session::open(&driver).await;
    let shots = Shots {
        session: &session,
        dir,
        suffix: format!("{language}-{theme}"),
    };

    session.find("#start-demo").await;
    session.set_language(language).await;
    session
        .wait_until(&format!("document.documentElement.lang === '{language}'"))
        .await;
    shots.save("first-run").await;

    session.click("#start-demo").await;
    session.click("[data-view='pick']").await;
    for group in GROUPS {
        session.click(&format!("input[data-group='{group}']")).await;
    }
    shots.save("pick").await;

    session.click("#start-backup").await;
    // The app has asked for the browser; its Google answers as told.
    let url = pipe.next_url().await;
    let google = EmulatorControl::of(&url);
    long_separate_jobs(&google).await;
    follow(&url).await;

    session.click("[data-view='exports']").await;
    session
        .wait_until(&in_state("in_progress", GROUPS.len()))
        .await;
    shots.save("exports-in-progress").await;

    google
        .post("/clock/advance", json!({"seconds": LONG_JOB_SECS}))
        .await;
    session.wait_until(&verified(GROUPS.len())).await;
    shots.save("exports-verified").await;

    // Each view fills in after its IPC answers: wait for its own content.
    for (view, content, count) in [
        ("library", ".lib-group .lib-entries", GROUPS.len()),
        ("access", ".grant[data-state='active']", 1),
    ] {
        session.click(&format!("[data-view='{view}']")).await;
        let selector = serde_json::to_string(&format!("#view-{view}:not([hidden]) {content}"));
        session
            .wait_until(&format!(
                "document.querySelectorAll({}).length >= {count}",
                selector.unwrap()
            ))
            .await;
        shots.save(view).await;
    }
    session.close().await;
}
