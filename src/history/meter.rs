//! How far the snapshot being made has come: restic counts the bytes of the export it has
//! read, and the history passes them on in whole percents (at most 101 reports a snapshot).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustic_core::{Progress, ProgressBars, ProgressType, RusticProgress};

/// Bytes of one export stored so far, of `total`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Storing {
    /// The export's place in its snapshot, `/<group>/<export folder>`.
    pub path: String,
    pub done: u64,
    pub total: u64,
}

/// Receives the progress of each snapshot made.
pub type OnStoring = Arc<dyn Fn(&Storing) + Send + Sync>;

/// restic's progress bars, for the repository's whole life; the snapshot being made says
/// where its bytes go.
#[derive(Clone, Default)]
pub(super) struct Meter {
    listener: Arc<Mutex<Option<(String, OnStoring)>>>,
}

impl std::fmt::Debug for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Meter")
    }
}

impl Meter {
    /// Runs `work` (making the snapshot of `path`) with its bytes reported to `on`.
    pub(super) fn reporting<T>(&self, path: &str, on: &OnStoring, work: impl FnOnce() -> T) -> T {
        *self.slot() = Some((path.to_owned(), on.clone()));
        let done = work();
        *self.slot() = None;
        done
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<(String, OnStoring)>> {
        self.listener.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl ProgressBars for Meter {
    fn progress(&self, kind: ProgressType, _prefix: &str) -> Progress {
        match (kind, self.slot().clone()) {
            (ProgressType::Bytes, Some((path, on))) => Progress::new(Percents {
                path,
                on,
                total: AtomicU64::new(0),
                done: AtomicU64::new(0),
                said: AtomicU64::new(u64::MAX),
            }),
            _ => Progress::hidden(),
        }
    }
}

/// A byte count that speaks when its whole percent changes.
struct Percents {
    path: String,
    on: OnStoring,
    total: AtomicU64,
    done: AtomicU64,
    /// The percent said last.
    said: AtomicU64,
}

impl std::fmt::Debug for Percents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Percents")
            .field("path", &self.path)
            .finish()
    }
}

impl Percents {
    fn say(&self, done: u64) {
        let total = self.total.load(Ordering::Relaxed);
        // restic's scan sizes the export before reading it; never past the whole.
        let done = done.min(total);
        let percent = (done.saturating_mul(100)).checked_div(total).unwrap_or(0);
        if self.said.swap(percent, Ordering::Relaxed) != percent {
            (self.on)(&Storing {
                path: self.path.clone(),
                done,
                total,
            });
        }
    }
}

impl RusticProgress for Percents {
    fn is_hidden(&self) -> bool {
        false
    }

    fn set_length(&self, len: u64) {
        self.total.store(len, Ordering::Relaxed);
        self.say(self.done.load(Ordering::Relaxed));
    }

    fn set_title(&self, _title: &str) {}

    fn inc(&self, inc: u64) {
        let done = self.done.fetch_add(inc, Ordering::Relaxed) + inc;
        self.say(done);
    }

    fn finish(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_said_once_per_whole_percent_and_only_while_a_snapshot_is_made() {
        let meter = Meter::default();
        assert!(meter.progress(ProgressType::Bytes, "").is_hidden());
        let heard = Arc::new(Mutex::new(Vec::new()));
        let into = heard.clone();
        let on: OnStoring = Arc::new(move |s: &Storing| into.lock().unwrap().push(s.done));
        meter.reporting("/g/e", &on, || {
            assert!(meter.progress(ProgressType::Counter, "").is_hidden());
            let bytes = meter.progress(ProgressType::Bytes, "backing up...");
            bytes.set_length(1000);
            for _ in 0..100 {
                bytes.inc(10);
            }
        });
        let heard = heard.lock().unwrap().clone();
        assert_eq!(heard.len(), 101, "0 %, then each percent to 100 %");
        assert_eq!((heard[0], heard[100]), (0, 1000));
        assert!(meter.progress(ProgressType::Bytes, "").is_hidden());
    }

    #[test]
    fn more_bytes_than_scanned_still_say_the_whole_once() {
        let meter = Meter::default();
        let heard = Arc::new(Mutex::new(Vec::new()));
        let into = heard.clone();
        let on: OnStoring = Arc::new(move |s: &Storing| into.lock().unwrap().push(s.done));
        meter.reporting("/g/e", &on, || {
            let bytes = meter.progress(ProgressType::Bytes, "");
            bytes.set_length(100);
            bytes.inc(100);
            bytes.inc(50);
        });
        assert_eq!(*heard.lock().unwrap(), vec![0, 100]);
    }
}
