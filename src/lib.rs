//! Carryout's core: everything the CLI, the desktop app and the tests share. No Tauri here.

pub mod api;
pub mod auth;
pub mod catalog;
pub mod clock;
pub mod download;
pub mod library;
pub mod progress;
pub mod secret;
pub mod store;
