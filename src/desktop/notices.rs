//! What a person away from the window hears of: which engine events become desktop
//! notifications (a failure always does; routine progress never), and the overall state and
//! last result a tray icon shows. Their texts, in the desktop app's two languages, are kept
//! beside the window's in `ui/desktop-texts.json`; no Tauri here, so the decisions are tested
//! without a notification daemon or a tray.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use tokio::sync::broadcast::{self, error::RecvError};

use crate::catalog;
use crate::engine::{EngineEvent, ExportRow, ExportState, WarningCode};

/// The tray's and notifications' texts by language, then by key: `{time}` and `{group}` are
/// filled in. Traditional Chinese also has `warning.<code>.body` and `problem.<code>`, where
/// English says the core's own words.
const TEXTS: &str = include_str!("../../ui/desktop-texts.json");

static TEXTS_BY_LANGUAGE: LazyLock<HashMap<Language, HashMap<String, String>>> =
    LazyLock::new(|| serde_json::from_str(TEXTS).expect("ui/desktop-texts.json is valid"));

/// The languages the desktop app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-TW")]
    TraditionalChinese,
}

impl Language {
    /// The system's language, from the locale variables (`LC_ALL`, `LANG`).
    pub fn of_system() -> Self {
        let locale = std::env::var("LC_ALL")
            .or_else(|_| std::env::var("LANG"))
            .unwrap_or_default();
        Self::from_tag(&locale.replace('_', "-"))
    }

    /// The language of a BCP 47 tag (`zh-TW`, `zh-Hant`, `en-GB`…); English for anything else.
    pub fn from_tag(tag: &str) -> Self {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh-tw") || tag.starts_with("zh-hant") || tag.starts_with("zh-hk") {
            Self::TraditionalChinese
        } else {
            Self::English
        }
    }

    /// The text of `key` in this language, if it has one.
    fn text(self, key: &str) -> Option<&'static str> {
        TEXTS_BY_LANGUAGE
            .get(&self)
            .and_then(|texts| texts.get(key))
            .map(String::as_str)
    }

    /// The text of `key` in this language, else in English (a test holds every key the code
    /// asks for in both), else the key itself.
    fn say(self, key: &str) -> String {
        self.text(key)
            .or_else(|| Language::English.text(key))
            .unwrap_or(key)
            .to_owned()
    }
}

/// A desktop notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// A failure or something that needs the person soon (the rest reports good news).
    pub urgent: bool,
}

/// Shows notices: the app's desktop notifications, a test's list.
pub trait Notifier {
    fn notify(&self, notice: &Notice);
}

/// Follows an engine's events until the engine is gone: each one goes to `each` (the app's
/// window and tray), and those that deserve it to `notifier`, in the language `language`
/// answers at that moment. The app's background loop, run as is by the tests.
pub async fn follow(
    mut events: broadcast::Receiver<EngineEvent>,
    language: impl Fn() -> Language,
    notifier: impl Notifier,
    mut each: impl FnMut(&EngineEvent),
) {
    let mut told = ToldJobs::default();
    loop {
        match events.recv().await {
            Ok(event) => {
                each(&event);
                if !told.first_time(&event) {
                    continue;
                }
                if let Some(notice) = notice(&event, language()) {
                    notifier.notify(&notice);
                }
            }
            // Missed events are not made up: the window rereads, the tray recounts.
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => break,
        }
    }
}

/// The jobs whose end was told: the rows of one job (groups Google exported together) end
/// together, and a job of 20 groups is one backup, not 20 notifications.
#[derive(Default)]
struct ToldJobs(std::collections::VecDeque<(crate::api::JobId, ExportState)>);

impl ToldJobs {
    /// Jobs remembered: far more than end at one moment.
    const KEPT: usize = 256;

    /// Whether `event` is news: not a row's end already told for another row of its job.
    fn first_time(&mut self, event: &EngineEvent) -> bool {
        let EngineEvent::Export { export } = event else {
            return true;
        };
        let (Some(job), true) = (&export.job_id, export.state.is_final()) else {
            return true;
        };
        let key = (job.clone(), export.state);
        if self.0.contains(&key) {
            return false;
        }
        if self.0.len() == Self::KEPT {
            self.0.pop_front();
        }
        self.0.push_back(key);
        true
    }
}

/// The notice `event` deserves, if any: a finished export (verified or failed, with the
/// reason), and the warnings that ask for action — access or consent ending, an archive Google
/// deletes soon that is not on disk, files changed or missing at a re-verify.
pub fn notice(event: &EngineEvent, language: Language) -> Option<Notice> {
    match event {
        EngineEvent::Export { export } => match export.state {
            ExportState::Verified => Some(Notice {
                title: language.say("notice.verified"),
                body: group_name(&export.group),
                urgent: false,
            }),
            ExportState::Failed => Some(Notice {
                title: language
                    .say("notice.failed")
                    .replace("{group}", &group_name(&export.group)),
                body: failure_reason(export, language),
                urgent: true,
            }),
            _ => None,
        },
        EngineEvent::Warning { warning } => {
            let code = warning.code;
            if matches!(
                code,
                WarningCode::DataShrank
                    | WarningCode::WindowPerClient
                    | WarningCode::TestingLimit
                    | WarningCode::HistoryMade
            ) {
                return None;
            }
            // English says the core's own words; Chinese its own text of the code.
            let body = match language {
                Language::English => None,
                Language::TraditionalChinese => {
                    language.text(&format!("warning.{}.body", code.as_str()))
                }
            };
            Some(Notice {
                title: language.say(&format!("warning.{}", code.as_str())),
                body: body.map_or_else(|| warning.message.clone(), str::to_owned),
                urgent: true,
            })
        }
        EngineEvent::Transfer { .. }
        | EngineEvent::HistoryKept { .. }
        | EngineEvent::HistoryStoring { .. } => None,
    }
}

fn group_name(id: &str) -> String {
    catalog::find(id).map_or_else(
        || id.replace(',', ", "),
        |g| format!("{}: {}", g.service.label(), g.label),
    )
}

fn failure_reason(row: &ExportRow, language: Language) -> String {
    let Some(problem) = &row.problem else {
        return language.say("notice.why");
    };
    match language {
        Language::English => problem.message.clone(),
        Language::TraditionalChinese => language
            .text(&format!("problem.{}", problem.code.as_str()))
            .map_or_else(|| language.say("notice.why"), str::to_owned),
    }
}

/// The overall state, as a tray icon shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overall {
    /// Nothing under way, nothing failed.
    Idle,
    /// Exports starting, at Google or downloading.
    Working,
    /// The engine is not driven (paused by the person).
    Paused,
    /// A group's latest export failed: stays until it is retried or exported again.
    Failed,
}

/// The overall state of `rows` (every export, any order).
pub fn overall(rows: &[ExportRow], paused: bool) -> Overall {
    let mut latest: Vec<&ExportRow> = Vec::new();
    for row in rows {
        match latest.iter_mut().find(|r| r.group == row.group) {
            Some(seen) if (seen.created_at, seen.id) < (row.created_at, row.id) => *seen = row,
            Some(_) => {}
            None => latest.push(row),
        }
    }
    if latest.iter().any(|r| r.state == ExportState::Failed) {
        Overall::Failed
    } else if paused {
        Overall::Paused
    } else if latest.iter().any(|r| {
        matches!(
            r.state,
            ExportState::Starting | ExportState::InProgress | ExportState::Downloading
        )
    }) {
        Overall::Working
    } else {
        Overall::Idle
    }
}

/// The export that finished last (verified or failed), if any.
pub fn last_result(rows: &[ExportRow]) -> Option<&ExportRow> {
    rows.iter()
        .filter(|r| matches!(r.state, ExportState::Verified | ExportState::Failed))
        .filter(|r| r.finished_at.is_some())
        .max_by_key(|r| (r.finished_at, r.id))
}

/// The tray's two lines: the overall state, and the last run's result.
pub fn tray_lines(rows: &[ExportRow], paused: bool, language: Language) -> (String, String) {
    let state = match overall(rows, paused) {
        Overall::Idle => "tray.idle",
        Overall::Working => "tray.working",
        Overall::Paused => "tray.paused",
        Overall::Failed => "tray.failed",
    };
    let last = match last_result(rows) {
        None => language.say("tray.none"),
        Some(row) => {
            let result = match row.state {
                ExportState::Verified => "tray.last_verified",
                _ => "tray.last_failed",
            };
            language
                .say(result)
                .replace("{time}", &short_time(row.finished_at))
        }
    };
    (language.say(state), last)
}

fn short_time(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| {
        t.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    })
    .unwrap_or_default()
}

/// Marks an app icon (RGBA, row by row) as failed: a red dot in its lower right quarter.
pub fn mark_failed(rgba: &mut [u8], width: u32, height: u32) {
    let (cx, cy, r) = (width * 3 / 4, height * 3 / 4, width.min(height) / 4);
    for (i, pixel) in rgba.chunks_exact_mut(4).enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        let (x, y) = (i % width.max(1), i / width.max(1));
        if x.abs_diff(cx).pow(2) + y.abs_diff(cy).pow(2) <= r * r {
            pixel.copy_from_slice(&[0xd0, 0x1f, 0x1f, 0xff]);
        }
    }
}

/// The tray menu's items, in their order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
pub enum MenuItem {
    Open,
    RunNow,
    Pause,
    Quit,
}

impl MenuItem {
    /// The item's id in the menu (`open`, `run_now`, `pause`, `quit`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    pub fn label(self, language: Language) -> String {
        language.say(match self {
            Self::Open => "menu.open",
            Self::RunNow => "menu.run_now",
            Self::Pause => "menu.pause",
            Self::Quit => "menu.quit",
        })
    }
}

/// Everything the tray shows, drawn from every export and whether the engine is paused.
#[derive(Debug, PartialEq)]
pub struct TrayView {
    /// The icon: a red dot while a backup is failed ([`mark_failed`]).
    pub overall: Overall,
    /// The overall state (also the tooltip), and the last run's result: shown, not clicked.
    pub lines: [String; 2],
    /// Each item with its label and, for Pause, whether it is ticked.
    pub items: Vec<(MenuItem, String, Option<bool>)>,
}

impl TrayView {
    pub fn of(rows: &[ExportRow], paused: bool, language: Language) -> Self {
        let (state, last) = tray_lines(rows, paused, language);
        let items = <MenuItem as strum::IntoEnumIterator>::iter().map(|item| {
            let ticked = (item == MenuItem::Pause).then_some(paused);
            (item, item.label(language), ticked)
        });
        Self {
            overall: overall(rows, paused),
            lines: [state, last],
            items: items.collect(),
        }
    }
}

/// Lets a window's transfer events through at most once per `interval` of real time per
/// export, and always the last (`done == total`). The core paces them on its own clock, which
/// in demo mode runs 60 times faster than the wall clock: unpaced, 73 downloads would send the
/// window thousands of events a second it cannot draw.
#[derive(Debug)]
pub struct TransferPacer {
    interval: std::time::Duration,
    last: std::collections::HashMap<i64, std::time::Instant>,
}

impl TransferPacer {
    pub fn new(interval: std::time::Duration) -> Self {
        Self {
            interval,
            last: std::collections::HashMap::new(),
        }
    }

    /// Whether `event`, arriving at `now`, goes on to the window (every other kind does).
    pub fn admit(&mut self, event: &EngineEvent, now: std::time::Instant) -> bool {
        let EngineEvent::Transfer { id, done, total } = event else {
            return true;
        };
        if done >= total {
            self.last.remove(id);
            return true;
        }
        match self.last.get(id) {
            Some(at) if now.saturating_duration_since(*at) < self.interval => false,
            _ => {
                self.last.insert(*id, now);
                true
            }
        }
    }
}

/// A bare export row, for the core's unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    pub fn row(group: &str, state: ExportState) -> ExportRow {
        ExportRow {
            id: 1,
            group: group.into(),
            state,
            grant_id: None,
            job_id: None,
            previous_job_ids: Vec::new(),
            access: None,
            start_time: None,
            end_time: None,
            export_time: None,
            created_at: DateTime::UNIX_EPOCH,
            initiated_at: None,
            started_at: None,
            finished_at: None,
            next_check_at: None,
            checked_at: None,
            checks: 0,
            retries: 0,
            setbacks: 0,
            window_from: None,
            problem: None,
            window_until: None,
            export_dir: None,
            bytes_done: 0,
            bytes_total: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ProblemCode, RowProblem, Warning};

    fn row(id: i64, group: &str, state: ExportState, minute: u32) -> ExportRow {
        let mut row = tests_support::row(group, state);
        let at: DateTime<Utc> = format!("2026-03-01T10:{minute:02}:00Z").parse().unwrap();
        row.id = id;
        row.created_at = at;
        row.finished_at = state.is_final().then_some(at);
        row
    }

    #[test]
    fn every_text_the_desktop_says_is_in_both_languages_with_the_same_blanks() {
        use std::collections::BTreeSet;
        let keys = |language: Language| -> BTreeSet<&str> {
            TEXTS_BY_LANGUAGE[&language]
                .keys()
                .map(String::as_str)
                .collect()
        };
        let (english, chinese) = (keys(Language::English), keys(Language::TraditionalChinese));
        assert!(
            english.is_subset(&chinese),
            "untranslated: {:?}",
            english.difference(&chinese).collect::<Vec<_>>()
        );
        for only in chinese.difference(&english) {
            assert!(
                only.ends_with(".body") || only.starts_with("problem."),
                "{only}: English says the core's words for bodies and problems only"
            );
        }
        let blanks = |text: &str| -> Vec<String> {
            text.split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect()
        };
        for key in &english {
            let (en, zh) = (
                Language::English.text(key).unwrap(),
                Language::TraditionalChinese.text(key).unwrap(),
            );
            assert_eq!(blanks(en), blanks(zh), "{key}");
        }
        // Every warning that becomes a notice has its title, and its Chinese body.
        for code in <WarningCode as strum::IntoEnumIterator>::iter() {
            let Some(notice) = notice(&warning(code), Language::TraditionalChinese) else {
                continue;
            };
            assert!(!notice.title.starts_with("warning."), "{code:?}");
            let body = format!("warning.{}.body", code.as_str());
            assert!(chinese.contains(body.as_str()), "{body}");
        }
        for item in <MenuItem as strum::IntoEnumIterator>::iter() {
            assert!(
                !item
                    .label(Language::TraditionalChinese)
                    .starts_with("menu.")
            );
        }
    }

    fn export_event(row: ExportRow) -> EngineEvent {
        EngineEvent::Export {
            export: Box::new(row),
        }
    }

    fn warning(code: WarningCode) -> EngineEvent {
        EngineEvent::Warning {
            warning: Warning {
                id: 1,
                export_id: None,
                grant_id: None,
                code,
                message: "the core's words".to_owned(),
                created_at: Utc::now(),
            },
        }
    }

    #[test]
    fn a_failure_is_urgent_and_says_why_in_both_languages() {
        let mut failed = row(1, "myactivity.search", ExportState::Failed, 0);
        failed.problem = Some(RowProblem {
            code: ProblemCode::Failed,
            message: "Google's job failed 3 times".to_owned(),
        });
        let en = notice(&export_event(failed.clone()), Language::English).unwrap();
        assert!(en.urgent);
        assert_eq!(en.title, "Backup failed: My Activity: Search activity");
        assert_eq!(en.body, "Google's job failed 3 times");
        let zh = notice(&export_event(failed), Language::TraditionalChinese).unwrap();
        assert!(zh.title.starts_with("備份失敗"));
        assert!(zh.body.contains("Google 無法完成"));
    }

    #[test]
    fn a_job_of_several_groups_ends_in_one_notice() {
        let mut told = ToldJobs::default();
        let of_job = |id, group, job: &str, state| {
            let mut row = row(id, group, state, 0);
            row.job_id = Some(crate::api::JobId::from(job));
            export_event(row)
        };
        assert!(told.first_time(&of_job(1, "youtube.comments", "j1", ExportState::Verified)));
        assert!(!told.first_time(&of_job(2, "youtube.music", "j1", ExportState::Verified)));
        assert!(!told.first_time(&of_job(3, "youtube.posts", "j1", ExportState::Verified)));
        assert!(told.first_time(&of_job(4, "maps.reviews", "j2", ExportState::Verified)));
        // A job that failed after all, or one still moving, is news each time.
        assert!(told.first_time(&of_job(1, "youtube.comments", "j1", ExportState::Failed)));
        assert!(told.first_time(&of_job(5, "chrome.history", "j3", ExportState::Downloading)));
        assert!(told.first_time(&of_job(6, "chrome.history", "j3", ExportState::Downloading)));
        assert!(told.first_time(&warning(WarningCode::GrantExpiring)));
        assert!(told.first_time(&warning(WarningCode::GrantExpiring)));
    }

    #[test]
    fn completion_notifies_and_progress_stays_quiet() {
        let done = notice(
            &export_event(row(1, "youtube.comments", ExportState::Verified, 0)),
            Language::English,
        )
        .unwrap();
        assert!(!done.urgent);
        assert_eq!(done.body, "YouTube: Comments");
        for state in [
            ExportState::Starting,
            ExportState::InProgress,
            ExportState::Downloading,
            ExportState::WaitingWindow,
        ] {
            assert_eq!(
                notice(
                    &export_event(row(1, "maps.reviews", state, 0)),
                    Language::English
                ),
                None
            );
        }
        let transfer = EngineEvent::Transfer {
            id: 1,
            done: 1,
            total: 2,
        };
        assert_eq!(notice(&transfer, Language::English), None);
    }

    #[test]
    fn warnings_that_need_action_notify_and_the_rest_do_not() {
        for code in [
            WarningCode::GrantExpiring,
            WarningCode::ReconsentDue,
            WarningCode::ArchiveExpiring,
            WarningCode::LibraryChanged,
            WarningCode::EngineStopped,
        ] {
            let en = notice(&warning(code), Language::English).unwrap();
            assert!(en.urgent && en.body == "the core's words", "{code:?}");
            let zh = notice(&warning(code), Language::TraditionalChinese).unwrap();
            assert!(!zh.body.is_empty() && !zh.body.contains("core"), "{code:?}");
        }
        for code in [
            WarningCode::DataShrank,
            WarningCode::WindowPerClient,
            WarningCode::TestingLimit,
        ] {
            assert_eq!(notice(&warning(code), Language::English), None, "{code:?}");
        }
    }

    #[test]
    fn a_failure_stays_red_until_the_group_is_exported_again() {
        let failed = row(1, "maps.reviews", ExportState::Failed, 0);
        let other = row(2, "youtube.comments", ExportState::InProgress, 1);
        assert_eq!(
            overall(&[failed.clone(), other.clone()], false),
            Overall::Failed
        );
        assert_eq!(
            overall(std::slice::from_ref(&failed), true),
            Overall::Failed
        );
        let again = row(3, "maps.reviews", ExportState::Verified, 2);
        assert_eq!(
            overall(&[failed, other.clone(), again.clone()], false),
            Overall::Working
        );
        assert_eq!(overall(std::slice::from_ref(&again), true), Overall::Paused);
        assert_eq!(overall(&[again], false), Overall::Idle);
        assert_eq!(overall(&[], false), Overall::Idle);
    }

    #[test]
    fn the_tray_says_the_state_and_the_last_result() {
        let rows = [
            row(1, "maps.reviews", ExportState::Verified, 0),
            row(2, "youtube.comments", ExportState::Failed, 5),
        ];
        let (state, last) = tray_lines(&rows, false, Language::English);
        assert_eq!(state, "Carryout: a backup failed");
        assert!(last.starts_with("Last: failed "), "{last}");
        assert_eq!(last_result(&rows).unwrap().id, 2);
        let (state, last) = tray_lines(&[], false, Language::TraditionalChinese);
        assert_eq!(
            (state.as_str(), last.as_str()),
            ("Carryout：全部已備份", "尚未備份")
        );
    }

    #[test]
    fn the_tray_menu_says_its_lines_then_its_items_and_ticks_pause_while_paused() {
        let rows = [row(1, "maps.reviews", ExportState::Verified, 0)];
        let view = TrayView::of(&rows, true, Language::TraditionalChinese);
        assert_eq!(view.overall, Overall::Paused);
        assert_eq!(
            view.lines[0],
            tray_lines(&rows, true, Language::TraditionalChinese).0
        );
        let ids: Vec<_> = view.items.iter().map(|(item, _, _)| item.id()).collect();
        assert_eq!(ids, ["open", "run_now", "pause", "quit"]);
        let ticked: Vec<_> = view.items.iter().map(|(_, _, ticked)| *ticked).collect();
        assert_eq!(ticked, [None, None, Some(true), None]);
        assert_eq!(
            view.items[2].1,
            MenuItem::Pause.label(Language::TraditionalChinese)
        );
        for id in ids {
            assert_eq!(id.parse::<MenuItem>().unwrap().id(), id);
        }
        let running = TrayView::of(&rows, false, Language::English);
        assert_eq!(running.items[2].2, Some(false));
        assert_eq!(running.overall, Overall::Idle);
    }

    #[test]
    fn a_failed_icon_has_a_red_dot_in_its_corner_only() {
        let mut rgba = vec![0u8; 8 * 8 * 4];
        mark_failed(&mut rgba, 8, 8);
        let pixel = |x: usize, y: usize| &rgba[(y * 8 + x) * 4..][..4];
        assert_eq!(pixel(6, 6), [0xd0, 0x1f, 0x1f, 0xff]);
        assert_eq!(pixel(1, 1), [0, 0, 0, 0]);
    }

    #[test]
    fn languages_follow_their_tags() {
        assert_eq!(Language::from_tag("zh-TW"), Language::TraditionalChinese);
        assert_eq!(
            Language::from_tag("zh-Hant-TW"),
            Language::TraditionalChinese
        );
        assert_eq!(Language::from_tag("en-GB"), Language::English);
        assert_eq!(Language::from_tag("fr"), Language::English);
    }
}

#[cfg(test)]
mod pacing_tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn transfer(id: i64, done: u64) -> EngineEvent {
        EngineEvent::Transfer {
            id,
            done,
            total: 100,
        }
    }

    #[test]
    fn transfers_pass_ten_times_a_second_per_export_and_the_last_always() {
        let mut pacer = TransferPacer::new(Duration::from_millis(100));
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        assert!(pacer.admit(&transfer(1, 10), at(0)));
        assert!(!pacer.admit(&transfer(1, 20), at(50)), "too soon");
        assert!(pacer.admit(&transfer(2, 20), at(50)), "another export");
        assert!(pacer.admit(&transfer(1, 30), at(100)));
        assert!(pacer.admit(&transfer(1, 100), at(101)), "the last one");
        let warning = EngineEvent::Warning {
            warning: crate::engine::Warning {
                id: 1,
                export_id: Some(1),
                grant_id: None,
                code: WarningCode::ArchiveExpiring,
                message: String::new(),
                created_at: Utc::now(),
            },
        };
        assert!(pacer.admit(&warning, at(102)), "other events always pass");
    }
}
