//! The body of a storage response, shaped by injected faults: a dropped connection, a flipped
//! byte, a bandwidth cap.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt, stream};

use crate::faults::BodyFaults;
use crate::state::Shared;

type Chunks = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

struct Shaper {
    inner: Chunks,
    /// Object offset of the next byte.
    offset: u64,
    sent: u64,
    faults: BodyFaults,
    pending: Option<Bytes>,
    finished: bool,
    /// Whether this body still has to pass the hold of `Control::hold_storage_bodies`.
    gated: bool,
    shared: Arc<Shared>,
}

/// `chunks` hold the object's bytes from `start` to `end`.
pub fn shaped(
    chunks: impl Stream<Item = io::Result<Bytes>> + Send + 'static,
    start: u64,
    end: u64,
    faults: BodyFaults,
    shared: Arc<Shared>,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    shared.count(|s| {
        s.storage_bodies_open += 1;
        s.storage_bodies_peak = s.storage_bodies_peak.max(s.storage_bodies_open);
    });
    let shaper = Shaper {
        inner: Box::pin(chunks),
        offset: start,
        sent: 0,
        faults,
        pending: None,
        finished: false,
        gated: end - start > 1,
        shared,
    };
    stream::unfold(shaper, |mut shaper| async move {
        let item = shaper.next_piece().await?;
        Some((item, shaper))
    })
}

impl Drop for Shaper {
    /// The body is done: sent in full, cut short by a fault, or dropped by the client.
    fn drop(&mut self) {
        self.shared.count(|s| s.storage_bodies_open -= 1);
    }
}

impl Shaper {
    async fn next_piece(&mut self) -> Option<io::Result<Bytes>> {
        if self.finished {
            return None;
        }
        if std::mem::take(&mut self.gated) {
            let mut held = self.shared.bodies_held.subscribe();
            while *held.borrow_and_update() {
                if held.changed().await.is_err() {
                    break;
                }
            }
        }
        if self
            .faults
            .reset_after
            .is_some_and(|limit| self.sent >= limit)
        {
            self.finished = true;
            // Pausing lets hyper flush what was sent, so the client really gets K bytes before
            // the error ends the body and hyper closes the connection mid-response.
            tokio::time::sleep(Duration::from_millis(20)).await;
            return Some(Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "injected fault: connection reset",
            )));
        }
        let mut piece = match self.pending.take() {
            Some(piece) => piece,
            None => match self.inner.next().await? {
                Ok(chunk) => chunk,
                Err(error) => {
                    self.finished = true;
                    return Some(Err(error));
                }
            },
        };
        if let Some(rate) = self.faults.bandwidth {
            // Small pieces keep the throttled rate smooth.
            let most = usize::try_from((rate / 10).clamp(1, 64 * 1024)).unwrap_or(64 * 1024);
            if piece.len() > most {
                self.pending = Some(piece.split_off(most));
            }
        }
        if let Some(limit) = self.faults.reset_after {
            let room = usize::try_from(limit - self.sent).unwrap_or(usize::MAX);
            if piece.len() > room {
                piece.truncate(room);
                self.pending = None;
            }
        }
        let len = piece.len() as u64;
        if let Some(at) = self.faults.corrupt_at
            && (self.offset..self.offset + len).contains(&at)
        {
            let mut bytes = BytesMut::from(&piece[..]);
            let index = usize::try_from(at - self.offset).unwrap_or(0);
            bytes[index] ^= 0xff;
            piece = bytes.freeze();
        }
        if let Some(rate) = self.faults.bandwidth {
            tokio::time::sleep(Duration::from_secs_f64(len as f64 / rate.max(1) as f64)).await;
        }
        self.offset += len;
        self.sent += len;
        self.shared.count(|s| s.storage_bytes_sent += len);
        Some(Ok(piece))
    }
}
