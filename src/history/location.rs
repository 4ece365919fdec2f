//! Where a history repository is, written as restic writes it: a folder (`/srv/history`,
//! `local:/srv/history`) or a REST server (`rest:https://user:password@nas:8000/carryout/`).
//! A location shows itself with its password starred: it goes into messages, the app's status
//! and the settings file, the password never does.

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

use super::error::HistoryError;
use crate::secret::ServerPassword;

/// A history repository's place.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Folder(PathBuf),
    /// A server speaking restic's REST protocol (restic's `rest-server`, `rclone serve
    /// restic`), with the user and password to sign in with, if any.
    Rest(RestServer),
    /// A remote of rclone (`b2:bucket/path`, configured with `rclone config`), reached as
    /// restic's `rclone:` backend reaches it. Its secrets are rclone's, never in the location.
    Rclone(String),
}

/// A REST server's address (no user or password in it) and its sign-in.
#[derive(Clone, PartialEq, Eq)]
pub struct RestServer {
    /// `http(s)://host[:port]/path/`, always ending in `/`.
    pub url: Url,
    pub user: Option<String>,
    pub password: Option<ServerPassword>,
}

impl Location {
    /// Reads a location as restic does. A location of a backend this build does not reach
    /// (`sftp:…`, `s3:…`) is refused before anything is made, so it never becomes a folder of
    /// that name.
    pub fn parse(text: &str) -> Result<Self, HistoryError> {
        if let Some(path) = text.strip_prefix("local:") {
            return Ok(Location::Folder(PathBuf::from(path)));
        }
        if let Some(address) = text.strip_prefix("rest:") {
            return RestServer::parse(address).map(Location::Rest);
        }
        if let Some(remote) = text.strip_prefix("rclone:") {
            if remote.trim().is_empty() {
                return Err(HistoryError::InvalidLocation {
                    location: text.to_owned(),
                    detail: "name the remote and its path, as in rclone:b2:bucket/carryout"
                        .to_owned(),
                });
            }
            return Ok(Location::Rclone(remote.to_owned()));
        }
        // `scheme:` as restic's backends are named; a Windows drive (`C:`) is one letter.
        let scheme = text
            .split_once(':')
            .map(|(scheme, _)| scheme)
            .filter(|s| s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric()));
        match scheme {
            Some(scheme) => Err(HistoryError::Unsupported {
                location: starred(text),
                scheme: scheme.to_owned(),
            }),
            None => Ok(Location::Folder(PathBuf::from(text))),
        }
    }

    /// The folder, for a repository kept in one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Location::Folder(path) => Some(path),
            Location::Rest(_) | Location::Rclone(_) => None,
        }
    }

    /// The server's sign-in `user` and `password` where the location names none (restic's
    /// `RESTIC_REST_USERNAME` / `RESTIC_REST_PASSWORD`, or the password kept for the server).
    pub fn signed_in_with(
        mut self,
        user: Option<String>,
        password: Option<ServerPassword>,
    ) -> Self {
        if let Location::Rest(server) = &mut self {
            server.user = server.user.take().or(user);
            server.password = server.password.take().or(password);
        }
        self
    }

    /// The location as it may be written down: the server's password left out (it is kept in
    /// the secret store), its user kept.
    pub fn without_password(&self) -> String {
        match self {
            Location::Folder(path) => path.to_string_lossy().into_owned(),
            Location::Rest(server) => format!("rest:{}", server.url_with(None)),
            Location::Rclone(remote) => format!("rclone:{remote}"),
        }
    }
}

impl RestServer {
    fn parse(address: &str) -> Result<Self, HistoryError> {
        let invalid = |detail: &str| HistoryError::InvalidLocation {
            location: starred(&format!("rest:{address}")),
            detail: detail.to_owned(),
        };
        let mut url = Url::parse(address).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid(
                "a REST server's address is http:// or https://, then the host",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(
                "a REST server's address has no ?query or #fragment",
            ));
        }
        let user = Some(decoded(url.username())).filter(|u| !u.is_empty());
        let password = url.password().map(|p| ServerPassword::new(decoded(p)));
        let _ = url.set_username("");
        let _ = url.set_password(None);
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(Self {
            url,
            user,
            password,
        })
    }

    /// The address with the user in it, and `password` after it when given.
    fn url_with(&self, password: Option<&str>) -> Url {
        let mut url = self.url.clone();
        if let Some(user) = &self.user {
            let _ = url.set_username(user);
            let _ = url.set_password(password);
        }
        url
    }
}

/// Shown with the password starred, as restic shows a location.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Folder(path) => write!(f, "{}", path.display()),
            Location::Rest(server) => {
                let password = server.password.as_ref().map(|_| "***");
                write!(f, "rest:{}", server.url_with(password))
            }
            Location::Rclone(remote) => write!(f, "rclone:{remote}"),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `text` with the password of a URL in it (`rest:https://user:secret@host/`) starred.
fn starred(text: &str) -> String {
    let star = |url: &str| {
        let mut url = Url::parse(url)
            .ok()
            .filter(|url| url.password().is_some())?;
        url.set_password(Some("***")).ok()?;
        Some(url.to_string())
    };
    // `sftp://me:pw@host/…` is a URL; `rest:https://me:pw@host/` is a scheme before one.
    star(text)
        .or_else(|| {
            let (scheme, rest) = text.split_once(':')?;
            star(rest).map(|url| format!("{scheme}:{url}"))
        })
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(text: &str) -> PathBuf {
        Location::parse(text)
            .unwrap()
            .folder()
            .unwrap()
            .to_path_buf()
    }

    #[test]
    fn a_location_is_a_folder_or_a_rest_server_and_other_backends_are_refused() {
        assert_eq!(folder("/srv/history"), Path::new("/srv/history"));
        assert_eq!(folder("local:/srv/h"), Path::new("/srv/h"));
        assert_eq!(folder(r"C:\Backups\h"), Path::new(r"C:\Backups\h"));
        assert_eq!(folder("relative history"), Path::new("relative history"));
        for remote in [
            "sftp:me@nas:/srv/h",
            "s3:s3.amazonaws.com/bucket",
            "b2:bucket",
        ] {
            let refused = Location::parse(remote).unwrap_err().to_string();
            assert!(refused.contains("is not supported"), "{refused}");
        }
        let refused = Location::parse("sftp://me:secret@nas/h")
            .unwrap_err()
            .to_string();
        assert!(
            !refused.contains("secret") && refused.contains("me:***@nas"),
            "{refused}"
        );
        for bad in [
            "rest:nas:8000/h",
            "rest:ftp://nas/h",
            "rest:https://nas/h?x=1",
        ] {
            let refused = Location::parse(bad).unwrap_err().to_string();
            assert!(refused.contains("REST server"), "{bad}: {refused}");
        }
    }

    #[test]
    fn a_rest_location_keeps_its_password_apart_and_never_shows_it() {
        let Location::Rest(server) =
            Location::parse("rest:https://me:p%40ss@nas:8000/carryout").unwrap()
        else {
            panic!("a REST server")
        };
        assert_eq!(server.url.as_str(), "https://nas:8000/carryout/");
        assert_eq!(server.user.as_deref(), Some("me"));
        assert_eq!(server.password.as_ref().map(|p| p.expose()), Some("p@ss"));
        let location = Location::Rest(server);
        assert_eq!(
            location.to_string(),
            "rest:https://me:***@nas:8000/carryout/"
        );
        assert_eq!(
            format!("{location:?}"),
            "Location(rest:https://me:***@nas:8000/carryout/)"
        );
        assert_eq!(
            location.without_password(),
            "rest:https://me@nas:8000/carryout/"
        );

        let bare = Location::parse("rest:http://nas:8000/").unwrap();
        assert_eq!(bare.to_string(), "rest:http://nas:8000/");
        let signed = bare.signed_in_with(Some("you".into()), Some(ServerPassword::new("pw")));
        assert_eq!(signed.to_string(), "rest:http://you:***@nas:8000/");
        let named = Location::parse("rest:http://me:mine@nas/")
            .unwrap()
            .signed_in_with(Some("you".into()), Some(ServerPassword::new("pw")));
        let Location::Rest(server) = named else {
            panic!("a REST server")
        };
        assert_eq!(server.user.as_deref(), Some("me"));
        assert_eq!(server.password.as_ref().map(|p| p.expose()), Some("mine"));
    }
}
