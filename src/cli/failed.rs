//! Why a command failed: the message for the person, and an exit status a script can act on.

use std::process::ExitCode;

use carryout::auth::AuthError;
use carryout::engine::EngineError;
use carryout::failure::Failure;
use carryout::history::HistoryError;
use carryout::library::LibraryError;
use carryout::session::SessionError;
use carryout::store::StoreError;

/// What each exit status means, as `--help` says it: a script (cron on a NAS) can tell a
/// failure a person must see to from one that goes away by itself.
pub const EXIT_STATUSES: &str = "Exit status:
  0  done
  1  failed
  2  the command line is wrong
  3  a person must act first: import the OAuth client, sign in or consent again
  4  try again later: groups wait for Google's 24-hour window, Google or the network
     failed, or another Carryout is running";

#[derive(Debug)]
pub struct Failed {
    kind: Option<Failure>,
    message: String,
}

impl Failed {
    pub fn new(kind: Failure, message: &str) -> Self {
        Self {
            kind: Some(kind),
            message: message.to_owned(),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status())
    }

    fn status(&self) -> u8 {
        match self.kind {
            Some(
                Failure::NoClient
                | Failure::BadClientFile
                | Failure::NotSignedIn
                | Failure::ConsentDenied
                | Failure::ConsentTimeout
                | Failure::GrantExpired,
            ) => 3,
            Some(Failure::Network | Failure::Google | Failure::EngineElsewhere) => 4,
            _ => 1,
        }
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

macro_rules! classified {
    ($($error:ty),*) => {$(
        impl From<$error> for Failed {
            fn from(error: $error) -> Self {
                Self { kind: Some(error.failure()), message: error.to_string() }
            }
        }
    )*};
}
classified!(SessionError, AuthError, EngineError);

/// Errors with no kind a script could act on: exit status 1.
macro_rules! unclassified {
    ($($error:ty),*) => {$(
        impl From<$error> for Failed {
            fn from(error: $error) -> Self {
                Self { kind: None, message: error.to_string() }
            }
        }
    )*};
}
unclassified!(
    String,
    &str,
    std::io::Error,
    StoreError,
    LibraryError,
    HistoryError
);

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use carryout::auth::LoopbackError;

    use super::*;

    #[test]
    fn a_sign_in_the_engine_waited_for_in_vain_asks_for_a_person() {
        let timeout = AuthError::Loopback(LoopbackError::Timeout(Duration::from_secs(1)));
        assert_eq!(Failed::from(EngineError::Auth(timeout)).status(), 3);
        assert_eq!(Failed::from(SessionError::NoClient).status(), 3);
    }

    #[test]
    fn another_carryout_running_is_worth_another_try_and_anything_else_is_a_failure() {
        let elsewhere = EngineError::Elsewhere {
            data_dir: "/data".into(),
        };
        assert_eq!(Failed::from(elsewhere).status(), 4);
        assert_eq!(Failed::from(EngineError::BadSchedule).status(), 1);
        assert_eq!(Failed::from("2 of 3 exports did not finish").status(), 1);
    }
}
