//! Files on disk, for every part of the core that writes them: safe names from untrusted text,
//! and durable writes. A leaf: it depends on no other module of the core.

mod durable;
mod names;

pub(crate) use durable::{sync_dir, write_atomically};
pub use names::sanitize_file_name;
