//! For desktop hosts only: how the app opens a profile, drives its engine and what its window
//! shows of it; which pages the window shows and how Google's open; what the tray and desktop
//! notifications say (in the app's two languages); the app's preferences; the backup folder as
//! the app reads it; the answers of its commands; and how the window is drawn on Linux. The
//! command line uses none of it; no Tauri here, so it is tested without a window, a tray or a
//! notification daemon.

pub mod answers;
pub mod app_state;
pub mod history_place;
pub mod launch;
pub mod notices;
pub mod pages;
pub mod preferences;
pub mod profile;
#[cfg(target_os = "linux")]
pub mod renderer;
pub mod shelf;
pub mod versions;
