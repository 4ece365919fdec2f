//! The export engine against the emulator, on the emulator's clock: no real waiting.

mod support;

mod app_state;
mod command_line;
mod crashes;
mod data_loss;
mod front_door;
mod history;
mod history_elsewhere;
mod history_server;
mod leaks;
mod lifecycle;
mod mixed;
mod modes;
mod notices;
mod recovery;
mod requests;
mod schedules;
mod season;
mod setbacks;
mod truth;
mod upkeep;
mod windows;
