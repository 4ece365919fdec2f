//! How the core reports progress to its host (the app's channel, the CLI's output, a test).

/// Receives progress events; the app implements it over a Tauri channel, the CLI prints.
pub trait ProgressSink: Send + Sync {
    fn report(&self, event: ProgressEvent);
}

impl<F: Fn(ProgressEvent) + Send + Sync> ProgressSink for F {
    fn report(&self, event: ProgressEvent) {
        self(event)
    }
}

/// Something worth showing a person while the core works.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgressEvent {
    /// Consent `batch` of `batches` (1-based) is waiting in the browser.
    Consent { batch: usize, batches: usize },
    /// The browser could not be opened (`reason`): the person should open `url` themselves;
    /// the sign-in waits for it as usual.
    OpenLink { url: String, reason: String },
    /// Bytes of one archive on disk so far (cumulative, ≤ 10 per second per archive).
    Transfer {
        archive: String,
        done: u64,
        total: u64,
    },
    /// Something about one archive a person should know, e.g. its deletion date is near.
    ArchiveWarning { archive: String, message: String },
    /// Bytes re-hashed so far by a library check (cumulative over every file checked).
    Verify { done: u64, total: u64 },
    /// Entries written so far while extracting one archive.
    Extract {
        archive: String,
        done: u64,
        total: u64,
    },
}
