//! A faithful local stand-in for Google's OAuth 2.0 endpoints, the Data Portability API v1
//! (discovery revision 20260719) and Cloud Storage signed-URL downloads, with a controllable
//! clock and injectable faults.

mod api;
pub mod archive;
mod catalog;
mod clock;
mod control;
mod errors;
mod faults;
mod ids;
mod jobs;
mod oauth;
mod percent;
mod server;
mod settings;
mod state;
mod stats;
mod storage;
mod tokens;

pub use control::{ClientSecretFile, Control, InstalledClient, JobSummary};
pub use faults::{Fault, Route};
pub use server::Emulator;
pub use settings::{
    AccessChoice, ConsentMode, ControlAccess, CooldownScope, CooldownStatus, EntryCompression,
    HashHeaderForm, InitiateAfterConsent, Settings,
};
pub use state::{Config, GroupConfig};
pub use stats::Stats;

/// Resource group names of the discovery document, in its order.
pub fn resource_groups() -> Vec<&'static str> {
    catalog::resources()
        .iter()
        .map(|r| r.name.as_str())
        .collect()
}

/// The OAuth scope of a resource group.
pub fn scope_of(group: &str) -> String {
    catalog::scope_of(group)
}

/// The bytes `start..end` a `Range` header asks of an object of `len` bytes, as the storage
/// route serves them; `None` for the whole object or 416. For the fuzz targets.
#[doc(hidden)]
pub fn requested_range(header: &str, len: u64) -> Option<(u64, u64)> {
    match storage::range::wanted(Some(header), len) {
        storage::range::Wanted::Part { start, end } => Some((start, end)),
        storage::range::Wanted::Whole | storage::range::Wanted::Unsatisfiable => None,
    }
}
