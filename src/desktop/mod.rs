//! For desktop hosts only: what the tray and desktop notifications say (in the app's two
//! languages), and the app's preferences. The command line uses none of it; no Tauri here, so
//! it is tested without a tray or a notification daemon.

pub mod notices;
pub mod preferences;
