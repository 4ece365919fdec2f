//! restic's `rclone:` backend, as restic runs it: `rclone serve restic --stdio REMOTE` as a
//! child, spoken to in HTTP/2 over its stdin and stdout. Any of rclone's remotes (S3, B2,
//! SFTP, Google Drive, a folder…) keeps the history, configured once with `rclone config`.
//! The child ends with the pipe: when the backend is dropped, or when this process dies, so no
//! server outlives Carryout.

use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http2::SendRequest;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::AsyncBufReadExt;
use tokio::process::{Child, Command};
use tokio::runtime::Runtime;

use super::wire::{Answer, Call, error_chain};

/// A running `rclone serve restic --stdio` and the HTTP/2 connection over its pipes.
pub struct RclonePipe {
    remote: String,
    /// Drives the connection and the child's pipes; requests are sent from any thread. Always
    /// there but while dropped.
    runtime: Option<Runtime>,
    sender: SendRequest<Full<Bytes>>,
    child: Mutex<Child>,
    /// The last line rclone wrote to stderr: when it stops, why.
    last_said: Arc<Mutex<String>>,
}

impl RclonePipe {
    /// Starts rclone on `remote`; why not, in words, when it cannot run or does not answer.
    pub fn start(remote: &str) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("carryout-rclone")
            .enable_all()
            .build()
            .map_err(|e| format!("could not start rclone's connection: {e}"))?;
        let last_said: Arc<Mutex<String>> = Arc::default();
        let (child, sender) = runtime.block_on(async {
            let mut command = Command::new("rclone");
            // As restic runs it: B2's deletions delete rather than hide.
            command
                .args(["serve", "restic", "--stdio", "--b2-hard-delete"])
                .arg(remote)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true);
            // No console window flashing up beside the app (CREATE_NO_WINDOW).
            #[cfg(windows)]
            command.creation_flags(0x0800_0000);
            let mut child = command.spawn().map_err(|e| {
                format!(
                    "rclone: locations need rclone (https://rclone.org) installed and on \
                         the PATH: {e}"
                )
            })?;
            let stderr = child.stderr.take().expect("stderr is piped");
            let last = last_said.clone();
            tokio::spawn(async move {
                let mut lines = tokio::io::BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    tracing::debug!("rclone: {line}");
                    *last.lock().unwrap_or_else(PoisonError::into_inner) = line;
                }
            });
            let pipes = tokio::io::join(
                child.stdout.take().expect("stdout is piped"),
                child.stdin.take().expect("stdin is piped"),
            );
            let (sender, connection) =
                hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(pipes))
                    .await
                    .map_err(|e| format!("rclone did not answer: {}", error_chain(&e)))?;
            tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::debug!("rclone's connection ended: {error}");
                }
            });
            Ok::<_, String>((child, sender))
        })?;
        Ok(Self {
            remote: remote.to_owned(),
            runtime: Some(runtime),
            sender,
            child: Mutex::new(child),
            last_said,
        })
    }

    pub fn remote(&self) -> &str {
        &self.remote
    }

    fn runtime(&self) -> &Runtime {
        self.runtime
            .as_ref()
            .expect("the runtime lives as long as the pipe")
    }

    /// Sends `call`; when rclone is gone, why, in its own last words.
    pub fn send(&self, call: &Call) -> Result<Answer, String> {
        let mut request = hyper::Request::builder()
            .method(call.method.clone())
            .uri(format!("http://localhost/{}", call.path));
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        let body = Full::new(call.body.clone().unwrap_or_default());
        let request = request.body(body).map_err(|e| e.to_string())?;
        let mut sender = self.sender.clone();
        let answered = self.runtime().block_on(async move {
            let response = sender.send_request(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            Ok::<_, hyper::Error>(Answer { status, body })
        });
        answered.map_err(|error| self.gone(&error))
    }

    /// Why the connection failed: rclone's last words once it has ended, else the error.
    fn gone(&self, error: &hyper::Error) -> String {
        let mut child = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        let ended = self.runtime().block_on(async {
            tokio::time::timeout(Duration::from_secs(5), child.wait())
                .await
                .ok()
                .and_then(Result::ok)
        });
        let line = self
            .last_said
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // After the date and time rclone starts each line with.
        let mut words = line.splitn(3, ' ');
        let last = match (words.next(), words.next(), words.next()) {
            (Some(date), Some(_), Some(rest)) if date.contains('/') => rest,
            _ => line.as_str(),
        };
        match ended {
            Some(status) => format!("rclone on {} stopped ({status}): {last}", self.remote),
            None => format!("rclone on {}: {}", self.remote, error_chain(error)),
        }
    }
}

/// Dropped anywhere, within an async task too: the runtime is let go without waiting, which
/// closes the pipes (rclone ends with them) and kills the child.
impl Drop for RclonePipe {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
