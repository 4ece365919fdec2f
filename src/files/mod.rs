//! Files on disk, for every part of the core that writes them: safe names from untrusted text,
//! durable writes, and folders and files only their owner may use. A leaf: it depends on no
//! other module of the core.

mod durable;
mod names;
pub mod private;

pub(crate) use durable::{sync_dir, write_atomically};
pub(crate) use names::{EXTRACTING_SUFFIX, LOCK_SUFFIX, PART_SUFFIX, check_file_name};
pub use names::{MANIFEST_FILE, SUMS_FILE, sanitize_file_name};
