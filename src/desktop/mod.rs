//! For desktop hosts only: what the tray and desktop notifications say (in the app's two
//! languages), the app's preferences, the backup folder as the app reads it, and the answers
//! of its commands. The command line uses none of it; no Tauri here, so
//! it is tested without a tray or a notification daemon.

pub mod answers;
pub mod notices;
pub mod preferences;
pub mod shelf;
