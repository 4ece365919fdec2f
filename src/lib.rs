//! Carryout's core: everything the CLI, the desktop app and the tests share. No Tauri here.

pub mod api;
pub mod auth;
pub mod catalog;
pub mod clock;
mod codes;
pub mod desktop;
pub mod download;
pub mod engine;
pub mod failure;
pub mod files;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod history;
pub mod library;
pub mod progress;
pub mod secret;
pub mod session;
pub mod store;
pub mod test_switch;

/// The app runs the core's long operations as tasks on a multi-threaded runtime (a Tauri async
/// command must be `Send`), so their futures must be `Send`. This only has to compile.
#[cfg(test)]
#[allow(dead_code)]
mod spawnable {
    use std::path::Path;

    use crate::api::{DataPortability, InitiateRequest, JobId};
    use crate::auth::{Auth, LoginOptions, OpenBrowser};
    use crate::download::{Downloader, JobDownload, UrlSource};
    use crate::progress::ProgressSink;
    use crate::secret::AccessToken;
    use crate::session::{Session, SessionOptions};

    fn send<T: Send>(_: &T) {}

    fn sign_in(
        options: &SessionOptions,
        auth: &Auth,
        resources: &[crate::catalog::GroupId],
        open: OpenBrowser<'_>,
        progress: &dyn ProgressSink,
        login: &LoginOptions,
    ) {
        send(&Session::open(options));
        send(&auth.login(resources, open, progress, login));
        send(&auth.access_token_for("myactivity.search"));
        send(&auth.logout(&crate::auth::GrantId::from("grant")));
    }

    fn jobs(api: &DataPortability, token: &AccessToken, request: &InitiateRequest, job: &JobId) {
        send(&api.initiate(token, request));
        send(&api.archive_state(token, job));
        send(&api.retry(token, job));
        send(&api.cancel(token, job));
        send(&api.reset_authorization(token));
        send(&api.check_access_type(token));
    }

    fn download(
        downloader: &Downloader,
        job: &JobDownload,
        dir: &Path,
        urls: &dyn UrlSource,
        progress: &dyn ProgressSink,
    ) {
        send(&downloader.download_job(job, dir, urls, progress));
    }
}
