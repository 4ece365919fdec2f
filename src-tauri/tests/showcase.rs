//! The app's screenshots (`scripts/screenshots`) and figures (`scripts/figures`): the real app
//! under Xvfb in demo mode, through the end-to-end tests' WebDriver client. Not part of
//! `scripts/test`: each writes files, and the figures want a release build.

mod webdriver;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use webdriver::{
    ConsentPipe, DEMO_CONTROL_TOKEN, Driver, EmulatorControl, Session, descendants, follow,
    tick_and_start, verified,
};

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
    let mut env = vec![
        ("CARRYOUT_OPEN_URLS_TO", pipe.path.as_os_str()),
        (
            "CARRYOUT_DEMO_CONTROL_TOKEN",
            OsStr::new(DEMO_CONTROL_TOKEN),
        ),
    ];
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
    // Opening the view reads the core's clock again, which moved a day at once.
    session.click("[data-view='exports']").await;
    shots.save("exports-verified").await;

    // Each view fills in after its IPC answers: wait for its own content.
    for (view, content, count) in [
        ("library", ".lib-export .lib-entries", GROUPS.len()),
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

// ---- figures -------------------------------------------------------------------------------

/// Appends `name=value` lines to `$CARRYOUT_FIGURES_OUT` (and prints them).
struct Figures {
    out: PathBuf,
}

impl Figures {
    fn line(&self, name: &str, value: impl std::fmt::Display) {
        use std::io::Write;
        let line = format!("{name}={value}");
        println!("{line}");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.out)
            .unwrap();
        writeln!(file, "{line}").unwrap();
    }

    /// A figure, its goal and their ratio (≤ 1 meets the goal).
    fn with_goal(&self, name: &str, value: f64, goal: f64) {
        self.line(name, format!("{value:.0}"));
        self.line(&format!("{name}_goal"), format!("{goal:.0}"));
        self.line(&format!("{name}_ratio"), format!("{:.2}", value / goal));
    }
}

/// The figures of `scripts/figures`, measured on `$CARRYOUT_APP` (its release build), or
/// those `$CARRYOUT_FIGURES_ONLY` names.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "measures the app: run by scripts/figures"]
async fn figures() {
    let figures = Figures {
        out: PathBuf::from(
            std::env::var_os("CARRYOUT_FIGURES_OUT").expect("CARRYOUT_FIGURES_OUT names a file"),
        ),
    };
    // `$CARRYOUT_FIGURES_ONLY` (e.g. "frames") measures only the figures named, comma-separated:
    // "start", "memory", "frames".
    let only = std::env::var("CARRYOUT_FIGURES_ONLY").ok();
    let wanted = |name: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|n| n == name))
    };
    if wanted("start") {
        first_screen(&figures).await;
    }
    if wanted("memory") {
        memory_with_live_exports(&figures).await;
    }
    if wanted("frames") {
        longest_frame_with_streams(&figures).await;
    }
}

const START_RUNS: usize = 5;

/// Process start to the first screen, `START_RUNS` times, each in a fresh profile.
///
/// Both ends are wall-clock times read after the fact, so WebDriver's own set-up is not
/// counted: the start is the app process's start time (`/proc/PID/stat`, 10 ms ticks), the
/// end the page's `performance.timeOrigin` plus its `first-contentful-paint` (first paint:
/// the page's static frame) and its `carryout-first-screen` mark (the first frame after the UI
/// has drawn its first screen from the app's answer).
async fn first_screen(figures: &Figures) {
    let mut paints = Vec::new();
    let mut screens = Vec::new();
    for _ in 0..START_RUNS {
        let driver = Driver::start(&[]).await;
        let session = Session::open(&driver).await;
        session.find("#start-demo").await;
        // A performance mark changes nothing in the page: poll for it.
        session
            .script_async(
                "const done = arguments[arguments.length - 1]; \
                 const check = () => performance.getEntriesByName('carryout-first-screen').length \
                   ? done(true) : setTimeout(check, 20); \
                 check();",
            )
            .await;
        let started = process_start_ms(driver.app_pid().expect("the app's process"));
        let page = session
            .script(
                "const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
                 const screen = performance.getEntriesByName('carryout-first-screen')[0]; \
                 return {origin: performance.timeOrigin, paint: paint ? paint.startTime : null, \
                         screen: screen.startTime};",
            )
            .await;
        let origin = page["origin"].as_f64().unwrap();
        if let Some(paint) = page["paint"].as_f64() {
            paints.push(origin + paint - started);
        }
        screens.push(origin + page["screen"].as_f64().unwrap() - started);
        session.close().await;
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    eprintln!("first paint (ms): {paints:?}; first screen (ms): {screens:?}");
    if !paints.is_empty() {
        figures.line("first_paint_ms", format!("{:.0}", median(&mut paints)));
    }
    figures.with_goal("first_screen_ms", median(&mut screens), 1000.0);
    figures.line(
        "first_screen_max_ms",
        format!("{:.0}", screens.iter().copied().fold(0.0, f64::max)),
    );
}

/// When `pid` started, in milliseconds since the Unix epoch.
fn process_start_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let (_, rest) = stat.rsplit_once(')').unwrap();
    // Field 22 of stat; the first two (pid, comm) precede `rest`.
    let ticks: f64 = rest.split_whitespace().nth(19).unwrap().parse().unwrap();
    let clock_ticks: f64 = String::from_utf8(
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap();
    // Boot time from the uptime and the wall clock read together (10 ms resolution).
    let uptime = std::fs::read_to_string("/proc/uptime").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let uptime: f64 = uptime.split_whitespace().next().unwrap().parse().unwrap();
    (now - uptime + ticks / clock_ticks) * 1000.0
}

/// Sum of a field (`VmRSS:` of `status`, `Pss:` of `smaps_rollup`) over processes, in KiB.
fn sum_kib(pids: &[u32], file: &str, field: &str) -> u64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok())
        .filter_map(|text| {
            text.lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .sum()
}

const LIVE_EXPORTS: usize = 20;

/// RSS (and PSS) of the app and every process under it (the web and network processes of
/// WebKitGTK; demo mode's Google runs inside the app) while 20 exports run at Google.
async fn memory_with_live_exports(figures: &Figures) {
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
    let groups: Vec<String> = session
        .invoke("resource_groups")
        .await
        .as_array()
        .unwrap()
        .iter()
        .take(LIVE_EXPORTS)
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
    tick_and_start(&session, &groups).await;
    // Consent may come in batches; every job runs for a day.
    let mut consented = 0;
    while consented < LIVE_EXPORTS {
        let url = pipe.next_url().await;
        if consented == 0 {
            long_separate_jobs(&EmulatorControl::of(&url)).await;
        }
        let scopes = url
            .query_pairs()
            .find(|(key, _)| key == "scope")
            .map_or(0, |(_, scope)| scope.split(' ').count());
        follow(&url).await;
        consented += scopes.max(1);
    }
    session.click("[data-view='exports']").await;
    session
        .wait_until(&in_state("in_progress", LIVE_EXPORTS))
        .await;
    // Let the first polls and the UI's redraws pass.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let tree = descendants(driver.app_pid().expect("the app's process"));
    let rss = sum_kib(&tree, "status", "VmRSS:");
    let pss = sum_kib(&tree, "smaps_rollup", "Pss:");
    eprintln!("process tree with {LIVE_EXPORTS} live exports: {tree:?}");
    figures.line("live_exports", LIVE_EXPORTS);
    figures.line("memory_rss_mib", format!("{:.0}", rss as f64 / 1024.0));
    figures.line("memory_pss_mib", format!("{:.0}", pss as f64 / 1024.0));
    figures.line("memory_processes", tree.len());
    session.close().await;
}

const STREAMS: usize = 73;
/// Frames of the page for 2 s without events, then for SECONDS while STREAMS downloads send
/// progress at HZ each (their phases spread evenly); it also counts the events that came back.
const FRAMES_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const tauri = window.__TAURI__;
const frames = (ms) => new Promise((resolve) => {
  const deltas = [];
  const end = performance.now() + ms;
  let last = 0;
  const tick = (t) => {
    if (last) deltas.push(t - last);
    last = t;
    if (t < end) requestAnimationFrame(tick); else resolve(deltas);
  };
  requestAnimationFrame(tick);
});
const stats = (deltas) => {
  const sorted = deltas.slice().sort((a, b) => a - b);
  return {max: sorted[sorted.length - 1], p99: sorted[Math.floor(sorted.length * 0.99)],
          frames: sorted.length};
};
(async () => {
  let received = 0, sent = 0;
  const unlisten = await tauri.event.listen('engine', (e) => {
    if (e.payload.kind === 'transfer') received++;
  });
  const idle = await frames(2000);
  const timers = [];
  for (let i = 0; i < STREAMS; i++) {
    let bytes = 0;
    timers.push(setTimeout(() => timers.push(setInterval(() => {
      bytes += 1 + Math.floor(Math.random() * (1 << 20));
      sent++;
      tauri.event.emit('engine', {kind: 'transfer', id: 100000 + i, done: bytes, total: 1 << 30});
    }, 1000 / HZ)), (i * 1000) / HZ / STREAMS));
  }
  const busy = await frames(SECONDS * 1000);
  timers.forEach((t) => { clearTimeout(t); clearInterval(t); });
  await new Promise((resolve) => setTimeout(resolve, 500));
  unlisten();
  return {idle: stats(idle), busy: stats(busy), sent, received,
          longtask: (PerformanceObserver.supportedEntryTypes || []).includes('longtask')};
})().then(done, (error) => done({error: String(error)}));
"#;
const STREAM_HZ: u32 = 10;
const STREAM_SECONDS: u32 = 10;

/// The longest frame of the Exports view while 73 downloads report progress at the engine's
/// throttled rate (10 Hz each), through the real event path: the page emits each event as
/// `engine` to the app, which sends it back to every listener — the UI's (`ipc.onEngine`, its
/// reducer and render) included. That is one IPC leg more per event than the engine's own
/// events take, so the figure errs on the slow side. Frames are timed with
/// `requestAnimationFrame`; WebKitGTK has no long-task API.
async fn longest_frame_with_streams(figures: &Figures) {
    let driver = Driver::start(&[]).await;
    let session = Session::open(&driver).await;
    session.click("#start-demo").await;
    session.click("[data-view='exports']").await;
    session.find("#export-list").await;
    // The rows the events update: one download per group, as `export` events would bring.
    let rows = session
        .script_async(&format!(
            "const done = arguments[arguments.length - 1]; (async () => {{ \
               const tauri = window.__TAURI__; \
               const groups = await tauri.core.invoke('resource_groups'); \
               const now = new Date().toISOString(); \
               for (const [i, g] of groups.slice(0, {STREAMS}).entries()) {{ \
                 await tauri.event.emit('engine', {{kind: 'export', export: {{ \
                   id: 100000 + i, group: g.id, job_id: 'job-' + i, state: 'downloading', \
                   access: 'time_based', created_at: now, started_at: now, finished_at: null, \
                   next_check_at: null, retries: 0, problem: null, window_until: null, \
                   bytes_done: 0, bytes_total: 1 << 30, export_dir: null, start_time: null, \
                   export_time: null}}}}); \
               }} \
             }})().then(() => done(true), (e) => done(String(e)));"
        ))
        .await;
    assert_eq!(rows, json!(true));
    session.wait_until(&in_state("downloading", STREAMS)).await;
    let script = FRAMES_SCRIPT
        .replace("STREAMS", &STREAMS.to_string())
        .replace("HZ", &STREAM_HZ.to_string())
        .replace("SECONDS", &STREAM_SECONDS.to_string());
    let answer: Value = session.script_async(&script).await;
    eprintln!("{STREAMS} progress streams: {answer}");
    let sent = answer["sent"].as_f64().unwrap();
    let received = answer["received"].as_f64().unwrap();
    assert!(
        received >= sent * 0.95,
        "the events came back to the UI: {answer}"
    );
    figures.line("progress_streams", STREAMS);
    figures.line(
        "progress_events_per_s",
        format!("{:.0}", received / f64::from(STREAM_SECONDS)),
    );
    let busy = &answer["busy"];
    figures.with_goal("longest_frame_ms", busy["max"].as_f64().unwrap(), 100.0);
    figures.line(
        "frame_p99_ms",
        format!("{:.0}", busy["p99"].as_f64().unwrap()),
    );
    figures.line(
        "longest_frame_idle_ms",
        format!("{:.0}", answer["idle"]["max"].as_f64().unwrap()),
    );
    session.close().await;
}
