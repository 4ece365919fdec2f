//! IPC commands: each one calls a single core function.

use carryout::catalog::{self, ResourceGroup};

/// Every resource group the Data Portability API offers, in display order.
#[tauri::command]
pub fn resource_groups() -> &'static [ResourceGroup] {
    catalog::all()
}
