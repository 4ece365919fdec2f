//! The state database's commits are fully synced: they must run off the async workers, so
//! that a slow disk cannot stall every other task.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use carryout::download::{DownloadOptions, Downloader};
use carryout::store::Store;

use crate::support::{NoRefresh, completed_job};

const MIB: u64 = 1 << 20;

/// Counts the store's commits, and those made on the calling thread.
pub fn count_commits(store: &Store) -> (Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let (all, here) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (counted, on_this) = (all.clone(), here.clone());
    let this = std::thread::current().id();
    store
        .with(|c| {
            c.commit_hook(Some(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                if std::thread::current().id() == this {
                    on_this.fetch_add(1, Ordering::SeqCst);
                }
                false
            }))
        })
        .unwrap();
    (all, here)
}

// A current-thread runtime: its only worker is this test's thread.
#[tokio::test]
async fn download_records_commit_off_the_async_workers() {
    let setup = completed_job(2 * MIB, 2).await;
    let store = Store::open(&setup.data_dir()).unwrap();
    let (commits, on_worker) = count_commits(&store);
    let clock = Arc::new(setup.clock.clone());
    let downloader = Downloader::new(store, clock, DownloadOptions::default()).unwrap();
    downloader
        .download_job(&setup.job, &setup.export_dir(), &NoRefresh, &|_| {})
        .await
        .unwrap();
    assert!(
        commits.load(Ordering::SeqCst) >= 4,
        "a start and an end per archive"
    );
    assert_eq!(
        on_worker.load(Ordering::SeqCst),
        0,
        "commits on the async worker"
    );
}
