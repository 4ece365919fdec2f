//! How one pass over an archive can end without a verified file: shared by the transfer that
//! runs the passes and the requests they make.

use super::DownloadError;

/// Why one pass over an archive ended without a verified file.
pub(super) enum Round {
    /// Delete the part and download from the start (bounded).
    StartOver(String),
    Fatal(DownloadError),
}

impl From<DownloadError> for Round {
    fn from(error: DownloadError) -> Self {
        Self::Fatal(error)
    }
}

impl From<crate::store::StoreError> for Round {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Fatal(error.into())
    }
}
