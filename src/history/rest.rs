//! A history repository spoken to in restic's REST protocol (version 2): on a server (restic's
//! own `rest-server`, `rclone serve restic`, a NAS's), or through the pipes of an
//! `rclone serve restic --stdio` this process runs, as restic's `rclone:` backend does.
//!
//! Written here over the project's reqwest and hyper rather than with rustic_backend's `rest`
//! and `rclone` features, which bring a second HTTP and TLS stack (reqwest 0.13 with
//! aws-lc-rs) for the same few requests. The protocol: `HEAD`/`GET`/`POST config`,
//! `GET <type>/` lists with sizes, `GET`/`POST`/`DELETE <type>/<id>`, `POST /?create=true`
//! makes the repository.

use std::time::Duration;

use bytes::Bytes;
use reqwest::blocking::Client;
use reqwest::{Method, StatusCode};
use rustic_core::{
    BytesList, ErrorKind, FileType, Id, ReadBackend, RusticError, RusticResult, WriteBackend,
};

use super::location::{Location, RestServer};
use super::rclone::RclonePipe;
use super::wire::{Answer, Call, error_chain};
use crate::api::RetryPolicy;

/// restic's media type for listings with sizes.
const LIST_V2: &str = "application/vnd.x.restic.rest.v2";
/// The error code of a server that refused the sign-in or the request (401, 403).
pub(super) const REFUSED: &str = "carryout-rest-refused";
/// The error code of a server that could not be reached, or kept failing.
pub(super) const UNREACHABLE: &str = "carryout-rest-unreachable";

/// How requests reach the repository.
enum Transport {
    /// Over the network, signed in with HTTP basic sign-in when the server asks.
    Network { server: RestServer, client: Client },
    /// HTTP/2 over the pipes of an `rclone serve restic --stdio` child.
    Rclone(RclonePipe),
}

impl Transport {
    fn send(&self, call: &Call) -> Result<Answer, Failure> {
        match self {
            Transport::Network { server, client } => {
                let url = server
                    .url
                    .join(&call.path)
                    .expect("a file's path joins the server's address");
                let mut request = client.request(call.method.clone(), url);
                for (name, value) in &call.headers {
                    request = request.header(*name, value);
                }
                if let Some(body) = &call.body {
                    request = request.body(body.clone());
                }
                if let Some(user) = &server.user {
                    request =
                        request.basic_auth(user, server.password.as_ref().map(|p| p.expose()));
                }
                let transport =
                    |e: reqwest::Error| Failure::Transport(error_chain(&e.without_url()));
                let response = request.send().map_err(transport)?;
                let status = response.status();
                let body = response.bytes().map_err(transport)?;
                Ok(Answer { status, body })
            }
            Transport::Rclone(pipe) => pipe.send(call).map_err(Failure::Gone),
        }
    }

    fn location(&self) -> Location {
        match self {
            Transport::Network { server, .. } => Location::Rest(server.clone()),
            Transport::Rclone(pipe) => Location::Rclone(pipe.remote().to_owned()),
        }
    }
}

/// A repository spoken to in restic's REST protocol, as rustic's backend.
pub struct RestBackend {
    transport: Transport,
    retry: RetryPolicy,
}

impl RestBackend {
    /// The repository on the REST server `server`.
    pub fn network(server: RestServer, retry: RetryPolicy) -> RusticResult<Self> {
        let client = Client::builder()
            .user_agent(concat!("carryout/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30))
            // A pack is a few MiB; ten minutes is a very slow line, not a stuck one.
            .timeout(Duration::from_secs(600))
            .build()
            .map_err(|e| {
                RusticError::new(
                    ErrorKind::Backend,
                    "could not start an HTTP client: {detail}",
                )
                .attach_context("detail", error_chain(&e))
            })?;
        let transport = Transport::Network { server, client };
        Ok(Self { transport, retry })
    }

    /// The repository at `remote` of rclone (`b2:bucket/path`, or a folder), through an
    /// `rclone serve restic --stdio` this backend runs and stops.
    pub fn rclone(remote: &str, retry: RetryPolicy) -> RusticResult<Self> {
        let pipe = RclonePipe::start(remote).map_err(|detail| {
            RusticError::new(ErrorKind::Backend, "{detail}")
                .attach_context("detail", detail)
                .attach_error_code(UNREACHABLE)
        })?;
        let transport = Transport::Rclone(pipe);
        Ok(Self { transport, retry })
    }

    fn file_path(tpe: FileType, id: &Id) -> String {
        match tpe {
            FileType::Config => "config".to_owned(),
            _ => format!("{}/{}", tpe.dirname(), id.to_hex().as_str()),
        }
    }

    /// Sends `call`, again after a transport error, a 5xx or a 429 (every request of the
    /// protocol may be repeated: files are named by their content's hash). Gives back the
    /// answer of any other status for the caller to judge.
    fn send(&self, call: Call) -> RusticResult<Answer> {
        let mut attempt = 0;
        loop {
            let failure = match self.transport.send(&call) {
                Ok(answer) if !repeatable(answer.status) => return Ok(answer),
                Ok(answer) => Failure::Status(answer.status),
                Err(failure) => failure,
            };
            attempt += 1;
            if attempt >= self.retry.attempts || matches!(failure, Failure::Gone(_)) {
                return Err(failure.into_error());
            }
            tracing::warn!(
                "the history at {}: {}; trying again",
                self.transport.location(),
                failure.describe()
            );
            std::thread::sleep(self.retry.backoff(attempt - 1));
        }
    }

    /// The body of `call`'s answer, when it succeeded.
    fn fetch(&self, call: Call) -> RusticResult<Answer> {
        let answer = self.send(call)?;
        match answer.status {
            status if status.is_success() => Ok(answer),
            status => Err(Failure::Status(status).into_error()),
        }
    }
}

fn call(method: Method, path: String) -> Call {
    Call {
        method,
        path,
        headers: Vec::new(),
        body: None,
    }
}

fn repeatable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

/// Why a request failed, with no address in it (the address may hold a password).
enum Failure {
    Status(StatusCode),
    /// The network failed (no answer, a broken-off one).
    Transport(String),
    /// The rclone child is gone: asking again is no use.
    Gone(String),
}

impl Failure {
    fn describe(&self) -> String {
        match self {
            Failure::Status(status) => format!("HTTP {status}"),
            Failure::Transport(detail) | Failure::Gone(detail) => detail.clone(),
        }
    }

    fn into_error(self) -> Box<RusticError> {
        let advice = match &self {
            Failure::Status(StatusCode::UNAUTHORIZED) => {
                "; the server asks for a user and password: give them in the location \
                 (rest:https://user:password@host/path/)"
            }
            Failure::Status(StatusCode::FORBIDDEN) => {
                "; the server refused this user or this request (an append-only server refuses \
                 retention's deletions)"
            }
            Failure::Transport(_) => "; check that the server runs and can be reached",
            _ => "",
        };
        let (kind, code) = match self {
            Failure::Status(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => {
                (ErrorKind::Credentials, REFUSED)
            }
            Failure::Status(status) if !repeatable(status) => (ErrorKind::Backend, "http"),
            _ => (ErrorKind::Backend, UNREACHABLE),
        };
        let answer = match &self {
            Failure::Status(status) => format!("the server answered HTTP {status}"),
            Failure::Transport(detail) | Failure::Gone(detail) => detail.clone(),
        };
        RusticError::new(kind, "{answer}{advice}")
            .attach_context("answer", answer)
            .attach_context("advice", advice)
            .attach_error_code(code)
    }
}

impl ReadBackend for RestBackend {
    fn location(&self) -> String {
        self.transport.location().to_string()
    }

    fn list_with_size(&self, tpe: FileType) -> RusticResult<Vec<(Id, u32)>> {
        if tpe == FileType::Config {
            let answer = self.send(call(Method::HEAD, "config".to_owned()))?;
            return match answer.status {
                StatusCode::NOT_FOUND => Ok(Vec::new()),
                status if status.is_success() => Ok(vec![(Id::default(), 0)]),
                status => Err(Failure::Status(status).into_error()),
            };
        }
        #[derive(serde::Deserialize)]
        struct Listed {
            name: String,
            size: u32,
        }
        let mut list = call(Method::GET, format!("{}/", tpe.dirname()));
        list.headers.push(("Accept", LIST_V2.to_owned()));
        let answer = self.send(list)?;
        // A repository being made has no folders yet.
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(Vec::new());
        }
        if !answer.status.is_success() {
            return Err(Failure::Status(answer.status).into_error());
        }
        // A listing is `null` when a folder is empty on some servers.
        let listed: Option<Vec<Listed>> = serde_json::from_slice(&answer.body).map_err(|e| {
            RusticError::new(
                ErrorKind::Backend,
                "the server's listing is not restic's REST version 2 ({detail}): use restic's \
                 rest-server 0.9 or newer, or rclone serve restic",
            )
            .attach_context("detail", e.to_string())
        })?;
        Ok(listed
            .unwrap_or_default()
            .into_iter()
            .filter_map(|file| Some((Id::parse_some(&file.name, tpe)?, file.size)))
            .collect())
    }

    fn read_full(&self, tpe: FileType, id: &Id) -> RusticResult<Bytes> {
        let answer = self.fetch(call(Method::GET, Self::file_path(tpe, id)))?;
        Ok(answer.body)
    }

    fn read_partial(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        offset: u32,
        length: u32,
    ) -> RusticResult<Bytes> {
        let mut part = call(Method::GET, Self::file_path(tpe, id));
        let last = u64::from(offset) + u64::from(length) - 1;
        part.headers
            .push(("Range", format!("bytes={offset}-{last}")));
        let Answer { status, body } = self.fetch(part)?;
        // A server that ignores ranges sends the whole file.
        let (start, end) = (offset as usize, offset as usize + length as usize);
        let part = if status == StatusCode::OK {
            body.get(start..end).map(|_| body.slice(start..end))
        } else {
            (body.len() == length as usize).then_some(body)
        };
        part.ok_or_else(|| {
            RusticError::new(
                ErrorKind::Backend,
                "the server sent a part of {file} of the wrong length",
            )
            .attach_context("file", Self::file_path(tpe, id))
        })
    }

    fn warmup_path(&self, tpe: FileType, id: &Id) -> String {
        Self::file_path(tpe, id)
    }
}

impl WriteBackend for RestBackend {
    fn create(&self) -> RusticResult<()> {
        self.fetch(call(Method::POST, "?create=true".to_owned()))
            .map(drop)
    }

    fn write_bytes(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        content: BytesList,
    ) -> RusticResult<()> {
        let mut write = call(Method::POST, Self::file_path(tpe, id));
        write.body = Some(content.into_vec().concat().into());
        self.fetch(write).map(drop)
    }

    fn remove(&self, tpe: FileType, id: &Id, _cacheable: bool) -> RusticResult<()> {
        let answer = self.send(call(Method::DELETE, Self::file_path(tpe, id)))?;
        match answer.status {
            // Gone already: a repeated request, or another client pruning.
            StatusCode::NOT_FOUND => Ok(()),
            status if status.is_success() => Ok(()),
            status => Err(Failure::Status(status).into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use url::Url;

    use super::*;

    /// A server answering each request with the next of `statuses`, one connection each; the
    /// requests' first lines and `Authorization` headers, when it stops.
    fn answering(statuses: &'static [u16]) -> (Url, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!("http://{}/repo/", listener.local_addr().unwrap())).unwrap();
        let served = std::thread::spawn(move || {
            let mut heard = Vec::new();
            for status in statuses {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 2 {
                    if line.starts_with(char::is_uppercase) && !line.contains(": ")
                        || line.to_ascii_lowercase().starts_with("authorization")
                    {
                        heard.push(line.trim_end().to_owned());
                    }
                    line.clear();
                }
                let answer = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                reader.get_mut().write_all(answer.as_bytes()).unwrap();
            }
            heard
        });
        (url, served)
    }

    fn backend(url: Url) -> RestBackend {
        let server = RestServer {
            url,
            user: Some("me".into()),
            password: Some(crate::secret::ServerPassword::new("secret")),
        };
        let retry = RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        };
        RestBackend::network(server, retry).unwrap()
    }

    #[test]
    fn a_busy_server_is_asked_again_and_a_missing_repository_is_none() {
        let (url, served) = answering(&[503, 429, 404]);
        let listed = backend(url).list_with_size(FileType::Config).unwrap();
        assert!(listed.is_empty(), "no config: no repository");
        let heard = served.join().unwrap();
        let firsts: Vec<&String> = heard.iter().filter(|l| l.starts_with("HEAD")).collect();
        assert_eq!(firsts.len(), 3, "{heard:?}");
        assert!(firsts.iter().all(|l| l.starts_with("HEAD /repo/config ")));
        // Basic sign-in on every request: base64 of "me:secret".
        let signed = heard
            .iter()
            .filter(|l| l.ends_with("Basic bWU6c2VjcmV0"))
            .count();
        assert_eq!(signed, 3, "{heard:?}");
    }

    #[test]
    fn a_server_that_stays_down_is_given_up_on_and_a_refusal_at_once() {
        let (url, served) = answering(&[500, 500, 500]);
        let failed = backend(url).read_full(FileType::Index, &Id::default());
        let said = failed.unwrap_err().display_log();
        assert!(said.contains("HTTP 500"), "{said}");
        assert_eq!(
            served.join().unwrap().len(),
            6,
            "three tries, each signed in"
        );

        let (url, served) = answering(&[401]);
        let said = backend(url).create().unwrap_err().display_log();
        assert!(
            said.contains("401") && said.contains("user and password"),
            "{said}"
        );
        assert!(!said.contains("secret"), "{said}");
        assert_eq!(served.join().unwrap().len(), 2, "asked once");
    }
}
