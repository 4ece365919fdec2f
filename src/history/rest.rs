//! A history repository on a server speaking restic's REST protocol (version 2): restic's own
//! `rest-server`, `rclone serve restic` (and through it any rclone remote), or a NAS's.
//!
//! Written here over the project's reqwest rather than with rustic_backend's `rest` feature,
//! which brings a second HTTP and TLS stack (reqwest 0.13 with aws-lc-rs) for the same few
//! requests. The protocol: `HEAD`/`GET`/`POST config`, `GET <type>/` lists with sizes,
//! `GET`/`POST`/`DELETE <type>/<id>`, `POST /?create=true` makes the repository.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use rustic_core::{
    BytesList, ErrorKind, FileType, Id, ReadBackend, RusticError, RusticResult, WriteBackend,
};
use url::Url;

use super::location::{Location, RestServer};
use crate::api::RetryPolicy;

/// restic's media type for listings with sizes.
const LIST_V2: &str = "application/vnd.x.restic.rest.v2";
/// The error code of a server that refused the sign-in or the request (401, 403).
pub(super) const REFUSED: &str = "carryout-rest-refused";
/// The error code of a server that could not be reached, or kept failing.
pub(super) const UNREACHABLE: &str = "carryout-rest-unreachable";

/// A REST server's repository, as rustic's backend.
pub struct RestBackend {
    server: RestServer,
    client: Client,
    retry: RetryPolicy,
}

impl RestBackend {
    pub fn new(server: RestServer, retry: RetryPolicy) -> RusticResult<Self> {
        let client = Client::builder()
            .user_agent(concat!("carryout/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30))
            // A pack is a few MiB; ten minutes is a very slow line, not a stuck one.
            .timeout(Duration::from_secs(600))
            .build()
            .map_err(|e| backend_error("could not start an HTTP client: {detail}", &e))?;
        Ok(Self {
            server,
            client,
            retry,
        })
    }

    fn url(&self, path: &str) -> Url {
        self.server
            .url
            .join(path)
            .expect("a file's path joins the server's address")
    }

    fn file_url(&self, tpe: FileType, id: &Id) -> Url {
        match tpe {
            FileType::Config => self.url("config"),
            _ => self.url(&format!("{}/{}", tpe.dirname(), id.to_hex().as_str())),
        }
    }

    /// Sends the request `build` makes, again after a transport error, a 5xx or a 429 (every
    /// request of the protocol may be repeated: files are named by their content's hash).
    /// Gives back the response of any other status for the caller to judge.
    fn send(&self, build: impl Fn(&Client) -> RequestBuilder) -> RusticResult<Response> {
        let mut attempt = 0;
        loop {
            let mut request = build(&self.client);
            if let Some(user) = &self.server.user {
                request =
                    request.basic_auth(user, self.server.password.as_ref().map(|p| p.expose()));
            }
            let failure = match request.send() {
                Ok(response) if !repeatable(response.status()) => return Ok(response),
                Ok(response) => Failure::Status(response.status()),
                Err(error) => Failure::Transport(error.without_url()),
            };
            attempt += 1;
            if attempt >= self.retry.attempts {
                return Err(failure.into_error());
            }
            tracing::warn!(
                "the history's server {}: {}; trying again",
                Location::Rest(self.server.clone()),
                failure.describe()
            );
            std::thread::sleep(self.retry.backoff(attempt - 1));
        }
    }

    /// `response` when it succeeded, or why not.
    fn succeeded(&self, response: Response) -> RusticResult<Response> {
        match response.status() {
            status if status.is_success() => Ok(response),
            status => Err(Failure::Status(status).into_error()),
        }
    }

    fn body(&self, response: Response) -> RusticResult<Bytes> {
        response
            .bytes()
            .map_err(|e| backend_error("the server's answer broke off: {detail}", &e.without_url()))
    }
}

fn repeatable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

/// Why a request failed, with no address in it (the address may hold a password).
enum Failure {
    Status(StatusCode),
    Transport(reqwest::Error),
}

impl Failure {
    fn describe(&self) -> String {
        match self {
            Failure::Status(status) => format!("HTTP {status}"),
            Failure::Transport(error) => error_chain(error),
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
        RusticError::new(kind, "the server answered {answer}{advice}")
            .attach_context("answer", self.describe())
            .attach_context("advice", advice)
            .attach_error_code(code)
    }
}

/// An error and its causes, one after the other (reqwest's own text stops at the first).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

fn backend_error(guidance: &'static str, error: &reqwest::Error) -> Box<RusticError> {
    RusticError::new(ErrorKind::Backend, guidance).attach_context("detail", error_chain(error))
}

impl ReadBackend for RestBackend {
    fn location(&self) -> String {
        Location::Rest(self.server.clone()).to_string()
    }

    fn list_with_size(&self, tpe: FileType) -> RusticResult<Vec<(Id, u32)>> {
        if tpe == FileType::Config {
            let response = self.send(|client| client.head(self.url("config")))?;
            return match response.status() {
                StatusCode::NOT_FOUND => Ok(Vec::new()),
                _ => self.succeeded(response).map(|_| vec![(Id::default(), 0)]),
            };
        }
        #[derive(serde::Deserialize)]
        struct Listed {
            name: String,
            size: u32,
        }
        let url = self.url(&format!("{}/", tpe.dirname()));
        let response = self.send(|client| client.get(url.clone()).header("Accept", LIST_V2))?;
        // A repository being made has no folders yet.
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(Vec::new());
        }
        let body = self.body(self.succeeded(response)?)?;
        // A listing is `null` when a folder is empty on some servers.
        let listed: Option<Vec<Listed>> = serde_json::from_slice(&body).map_err(|e| {
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
        let url = self.file_url(tpe, id);
        let response = self.send(|client| client.get(url.clone()))?;
        self.body(self.succeeded(response)?)
    }

    fn read_partial(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        offset: u32,
        length: u32,
    ) -> RusticResult<Bytes> {
        let url = self.file_url(tpe, id);
        let range = format!(
            "bytes={offset}-{}",
            u64::from(offset) + u64::from(length) - 1
        );
        let response = self.send(|client| client.get(url.clone()).header("Range", &range))?;
        let whole = response.status() == StatusCode::OK;
        let body = self.body(self.succeeded(response)?)?;
        // A server that ignores ranges sends the whole file.
        let (start, end) = (offset as usize, offset as usize + length as usize);
        let part = if whole {
            body.get(start..end).map(|_| body.slice(start..end))
        } else {
            (body.len() == length as usize).then_some(body)
        };
        part.ok_or_else(|| {
            RusticError::new(
                ErrorKind::Backend,
                "the server sent a part of {file} of the wrong length",
            )
            .attach_context(
                "file",
                format!("{}/{}", tpe.dirname(), id.to_hex().as_str()),
            )
        })
    }

    fn warmup_path(&self, tpe: FileType, id: &Id) -> String {
        self.file_url(tpe, id).to_string()
    }
}

impl WriteBackend for RestBackend {
    fn create(&self) -> RusticResult<()> {
        let url = self.url("?create=true");
        let response = self.send(|client| client.post(url.clone()))?;
        self.succeeded(response).map(drop)
    }

    fn write_bytes(
        &self,
        tpe: FileType,
        id: &Id,
        _cacheable: bool,
        content: BytesList,
    ) -> RusticResult<()> {
        let url = self.file_url(tpe, id);
        let bytes: Bytes = content.into_vec().concat().into();
        let response = self.send(|client| client.post(url.clone()).body(bytes.clone()))?;
        self.succeeded(response).map(drop)
    }

    fn remove(&self, tpe: FileType, id: &Id, _cacheable: bool) -> RusticResult<()> {
        let url = self.file_url(tpe, id);
        let response = self.send(|client| client.delete(url.clone()))?;
        // Gone already: a repeated request, or another client pruning.
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(());
        }
        self.succeeded(response).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

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
        RestBackend::new(server, retry).unwrap()
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
