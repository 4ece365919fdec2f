//! IPC commands: each one is a short adapter onto one core call (src-tauri/IPC.md). Every one
//! is async: Tauri runs a synchronous command on the main thread, where a slow disk or a long
//! listing would freeze the window. Work that blocks (the database, the disk) runs in
//! [`blocking`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use carryout::auth::{ClientConfig, GrantId, GrantInfo, LoginReport};
use carryout::catalog::{self, ResourceGroup};
use carryout::desktop::preferences::Preferences;
use carryout::engine::{self, ExportRow, Plan, ResetReport, Schedule, ScheduleReport};
use carryout::failure::Failure;
use carryout::library::{self, ArchiveListing, LibraryError, ListOptions, VerifyReport};
use carryout::progress::ProgressEvent;
use carryout::session::SessionError;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_store::StoreExt;

use crate::ipc_error::IpcError;
use crate::profile::Profile;
use crate::settings::{self, CLIENT_FILE_KEY, SETTINGS};
use crate::state::{AppState, AppStatus};
use crate::tray;
use crate::{consent, pickers};

type Answer<T> = Result<T, IpcError>;

/// Runs blocking work (the database, the disk) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Answer<T> + Send + 'static,
) -> Answer<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::new(Failure::Internal, e))?
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Answer<AppStatus> {
    Ok(AppStatus::of(state.profile().ok().as_deref()))
}

#[tauri::command]
pub async fn start_demo(app: AppHandle, state: State<'_, AppState>) -> Answer<AppStatus> {
    // A demo has a folder of its own: the one in use stays until the new one is open.
    let demo = Profile::demo(&app).await?;
    state.close().await;
    let status = state.set(demo);
    tray::refresh(&app);
    Ok(status)
}

/// Asks for a client file in the system's dialog (`filter_name` labels its JSON filter) and
/// configures the app with it; `None` when the dialog was closed.
#[tauri::command]
pub async fn import_client(
    app: AppHandle,
    state: State<'_, AppState>,
    filter_name: String,
) -> Answer<Option<AppStatus>> {
    let Some(path) = pickers::client_file(&app, &filter_name).await else {
        return Ok(None);
    };
    // A file that is no client changes nothing; a good one replaces the profile in use,
    // whose engine holds the data folder and stops first.
    ClientConfig::load(&path).map_err(|e| IpcError::from(SessionError::from(e)))?;
    state.close().await;
    let profile = Profile::google(&app, Some(path.clone())).await?;
    let settings = app
        .store(SETTINGS)
        .map_err(|e| IpcError::new(Failure::Internal, e))?;
    settings.set(CLIENT_FILE_KEY, serde_json::json!(path));
    let status = state.set(profile);
    tray::refresh(&app);
    Ok(Some(status))
}

#[tauri::command]
pub async fn resource_groups() -> &'static [ResourceGroup] {
    catalog::all()
}

#[tauri::command]
pub async fn plan(state: State<'_, AppState>, groups: Vec<String>) -> Answer<Plan> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.plan(&groups)?)).await
}

#[derive(Serialize)]
pub struct SignInReport {
    granted: Vec<String>,
    not_granted: Vec<String>,
    grants: Vec<GrantInfo>,
}

/// What a Back up did (src-tauri/IPC.md).
#[derive(Serialize)]
pub struct BackupAnswer {
    /// What the consent granted, when one was asked for and finished.
    consent: Option<SignInReport>,
    /// Why the consent did not finish; the groups a sign-in covers went ahead anyway.
    consent_error: Option<IpcError>,
    started: Vec<ExportRow>,
    need_consent: Vec<String>,
    need_reset: Vec<String>,
    waiting_window: Vec<String>,
}

/// Plan, consent for what no sign-in covers, start: the core's one rule, as for
/// `carryout export --wait`.
#[tauri::command]
pub async fn backup(
    app: AppHandle,
    state: State<'_, AppState>,
    groups: Vec<String>,
    on_event: Channel<ProgressEvent>,
) -> Answer<BackupAnswer> {
    let report = consent::backup(&app, &*state.profile()?, groups, &on_event).await?;
    Ok(BackupAnswer {
        consent: report.consent.map(SignInReport::from),
        consent_error: report.consent_error.map(IpcError::from),
        started: report.started,
        need_consent: report.need_consent,
        need_reset: report.need_reset,
        waiting_window: report.waiting_window,
    })
}

/// Consent again for exactly the groups of one sign-in (a Testing client's, before it ends).
#[tauri::command]
pub async fn reconsent(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    on_event: Channel<ProgressEvent>,
) -> Answer<SignInReport> {
    let profile = state.profile()?;
    let grant = profile.session.auth.grant(&GrantId(id.clone()));
    let grant =
        grant?.ok_or_else(|| IpcError::new(Failure::NotFound, format!("no sign-in {id}")))?;
    let groups: Vec<String> = grant.resources.into_keys().collect();
    consent_for(&app, &profile, &groups, true, &on_event).await
}

async fn consent_for(
    app: &AppHandle,
    profile: &Profile,
    groups: &[String],
    again: bool,
    on_event: &Channel<ProgressEvent>,
) -> Answer<SignInReport> {
    let report = consent::sign_in(app, profile, groups, again, on_event).await?;
    if let Ok(engine) = &profile.engine {
        engine.wake();
    }
    Ok(SignInReport::from(report))
}

impl From<LoginReport> for SignInReport {
    fn from(report: LoginReport) -> Self {
        Self {
            granted: report.granted,
            not_granted: report.not_granted,
            grants: report.grants.into_iter().map(GrantInfo::from).collect(),
        }
    }
}

/// Read from the database, so it also works while another process runs the engine.
#[tauri::command]
pub async fn exports(state: State<'_, AppState>) -> Answer<Vec<ExportRow>> {
    let profile = state.profile()?;
    blocking(move || {
        profile
            .session
            .records()
            .exports()
            .map_err(|e| IpcError::new(Failure::Internal, e))
    })
    .await
}

#[tauri::command]
pub async fn check_now(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.check_now(id)?)).await
}

#[tauri::command]
pub async fn retry_export(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.retry(id)?)).await
}

#[tauri::command]
pub async fn cancel_export(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    let profile = state.profile()?;
    Ok(profile.engine()?.cancel(id).await?)
}

#[derive(Serialize)]
pub struct LibraryEntry {
    dir: PathBuf,
    #[serde(flatten)]
    manifest: library::Manifest,
    size: u64,
}

#[tauri::command]
pub async fn library(state: State<'_, AppState>) -> Answer<Vec<LibraryEntry>> {
    let profile = state.profile()?;
    blocking(move || {
        let exports = library::exports(&profile.session.backup_dir).map_err(library_error)?;
        Ok(exports
            .into_iter()
            .map(|export| LibraryEntry {
                size: export.manifest.total_size(),
                dir: export.path,
                manifest: export.manifest,
            })
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn verify_export(
    state: State<'_, AppState>,
    dir: PathBuf,
    on_progress: Channel<ProgressEvent>,
) -> Answer<VerifyReport> {
    let profile = state.profile()?;
    let progress = move |event: ProgressEvent| {
        let _ = on_progress.send(event);
    };
    blocking(move || {
        let dir = inside_backup_dir(&profile, &dir)?;
        let export = library::export_at(&profile.session.backup_dir, &dir);
        let export = export.map_err(library_error)?;
        let export =
            export.ok_or_else(|| IpcError::new(Failure::NotFound, "no export in that folder"))?;
        Ok(library::verify(&[export], 2, &progress))
    })
    .await
}

/// Opens the backup folder or an export folder of the library in the system's file manager:
/// nothing else (a file, on Windows, would be run).
#[tauri::command]
pub async fn open_folder(app: AppHandle, state: State<'_, AppState>, dir: PathBuf) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let profile = state.profile()?;
    let dir = blocking(move || {
        library::listed_folder(&profile.session.backup_dir, &dir).ok_or_else(|| {
            IpcError::new(
                Failure::NotFound,
                "that is neither the backup folder nor an export folder of it",
            )
        })
    })
    .await?;
    open_with(&dir, |dir| {
        app.opener()
            .open_path(dir.to_string_lossy(), None::<&str>)
            .map_err(|e| e.to_string())
    })
}

/// Opens `dir` with `open`: a folder gone is `not_found`; a folder there that nothing opened is
/// `no_opener` with its path, so the person learns what is missing and can copy where to go.
fn open_with(dir: &Path, open: impl FnOnce(&Path) -> Result<(), String>) -> Answer<()> {
    if !dir.is_dir() {
        return Err(IpcError::new(
            Failure::NotFound,
            "the folder no longer exists",
        ));
    }
    open(dir).map_err(|error| {
        let mut ipc = IpcError::new(
            Failure::NoOpener,
            format!("no program opened the folder: {error}"),
        );
        ipc.path = Some(dir.to_path_buf());
        ipc
    })
}

/// The archives of an export folder and their entries; with `records`, JSON records counted
/// (which reads them: [`cancel_contents`] stops it). A new listing of a folder stops the last.
#[tauri::command]
pub async fn export_contents(
    state: State<'_, AppState>,
    dir: PathBuf,
    records: bool,
) -> Answer<Vec<ArchiveListing>> {
    let profile = state.profile()?;
    let cancel = Arc::new(AtomicBool::new(false));
    let replaced = state.listings().insert(dir.clone(), cancel.clone());
    if let Some(earlier) = replaced {
        earlier.store(true, Ordering::Relaxed);
    }
    let (key, flag) = (dir.clone(), cancel.clone());
    let listed = blocking(move || {
        let dir = inside_backup_dir(&profile, &dir)?;
        let options = ListOptions {
            count_records: records,
            cancel: Some(&flag),
            ..ListOptions::default()
        };
        library::contents(&dir, &options).map_err(library_error)
    })
    .await;
    let mut listings = state.listings();
    if listings.get(&key).is_some_and(|c| Arc::ptr_eq(c, &cancel)) {
        listings.remove(&key);
    }
    listed
}

/// Stops the listing of `dir` under way, if any; it ends with a `refused` error.
#[tauri::command]
pub async fn cancel_contents(state: State<'_, AppState>, dir: PathBuf) -> Answer<()> {
    if let Some(cancel) = state.listings().get(&dir) {
        cancel.store(true, Ordering::Relaxed);
    }
    Ok(())
}

/// Read from the database, so it also works while another process runs the engine.
#[tauri::command]
pub async fn coverage(state: State<'_, AppState>) -> Answer<Vec<engine::Coverage>> {
    let records = state.profile()?.session.records();
    blocking(move || {
        records
            .coverage(None)
            .map_err(|e| IpcError::new(Failure::Internal, e))
    })
    .await
}

#[tauri::command]
pub async fn warnings(state: State<'_, AppState>) -> Answer<Vec<engine::Warning>> {
    let records = state.profile()?.session.records();
    blocking(move || {
        records
            .warnings()
            .map_err(|e| IpcError::new(Failure::Internal, e))
    })
    .await
}

#[tauri::command]
pub async fn dismiss_warning(state: State<'_, AppState>, id: i64) -> Answer<()> {
    let profile = state.profile()?;
    blocking(move || {
        let session = &profile.session;
        match session.records().dismiss_warning(id, session.clock.now()) {
            Ok(true) => Ok(()),
            Ok(false) => Err(IpcError::new(Failure::NotFound, format!("no warning {id}"))),
            Err(e) => Err(IpcError::new(Failure::Internal, e)),
        }
    })
    .await
}

#[tauri::command]
pub async fn grants(state: State<'_, AppState>) -> Answer<Vec<GrantInfo>> {
    let profile = state.profile()?;
    blocking(move || {
        let grants = profile.session.auth.grants()?;
        Ok(grants.into_iter().map(GrantInfo::from).collect())
    })
    .await
}

/// A sign-in signed out, and whether Google revoked it (no token to revoke: the person
/// removes Carryout's access in their Google Account).
#[derive(Serialize)]
pub struct SignOutReport {
    #[serde(flatten)]
    grant: GrantInfo,
    revoked_at_google: bool,
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, id: String) -> Answer<SignOutReport> {
    let profile = state.profile()?;
    let signed_out = profile.session.auth.logout(&id).await?;
    Ok(SignOutReport {
        grant: signed_out.grant.into(),
        revoked_at_google: signed_out.revoked_at_google,
    })
}

#[tauri::command]
pub async fn open_renewal(app: AppHandle, state: State<'_, AppState>, id: String) -> Answer<()> {
    let profile = state.profile()?;
    let url = profile.session.auth.renewal_url(&GrantId(id))?;
    consent::open_in_browser(&app, &profile, &url).map_err(|e| IpcError::new(Failure::Internal, e))
}

#[tauri::command]
pub async fn check_grant(state: State<'_, AppState>, id: String) -> Answer<GrantInfo> {
    let profile = state.profile()?;
    Ok(profile.session.auth.check_grant(&GrantId(id)).await?.into())
}

#[tauri::command]
pub async fn reset_access(state: State<'_, AppState>, force: bool) -> Answer<ResetReport> {
    let profile = state.profile()?;
    Ok(profile.engine()?.reset(force).await?)
}

/// Every schedule, with its last run's result.
#[tauri::command]
pub async fn schedules(state: State<'_, AppState>) -> Answer<Vec<ScheduleReport>> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.schedule_reports()?)).await
}

#[tauri::command]
pub async fn add_schedule(
    state: State<'_, AppState>,
    groups: Vec<String>,
    every_days: u32,
) -> Answer<Schedule> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.add_schedule(&groups, every_days)?)).await
}

#[tauri::command]
pub async fn remove_schedule(state: State<'_, AppState>, id: i64) -> Answer<()> {
    let profile = state.profile()?;
    blocking(move || Ok(profile.engine()?.remove_schedule(id)?)).await
}

#[tauri::command]
pub async fn run_now(app: AppHandle, state: State<'_, AppState>) -> Answer<()> {
    state.run_now(&app)
}

#[tauri::command]
pub async fn set_paused(
    app: AppHandle,
    state: State<'_, AppState>,
    paused: bool,
) -> Answer<AppStatus> {
    Ok(state.set_paused(&app, paused))
}

#[tauri::command]
pub async fn settings(app: AppHandle) -> Preferences {
    settings::load(&app)
}

/// Asks for the backup folder in the system's dialog and keeps it; `None` when the dialog was
/// closed. The top of a drive, the home folder itself and system folders are refused.
#[tauri::command]
pub async fn choose_backup_dir(app: AppHandle) -> Answer<Option<Preferences>> {
    let mut preferences = settings::load(&app);
    let Some(dir) = pickers::folder(&app, preferences.backup_dir.as_deref()).await else {
        return Ok(None);
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    if !dir.is_dir() {
        return Err(IpcError::new(
            Failure::UnsuitableFolder,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let home = app.path().home_dir().ok();
    let home = home.map(|h| h.canonicalize().unwrap_or(h));
    if let Some(why) = carryout::desktop::preferences::unsuitable_backup_dir(&dir, home.as_deref())
    {
        return Err(IpcError::new(
            Failure::UnsuitableFolder,
            format!("{} cannot hold backups: {why}", dir.display()),
        ));
    }
    preferences.backup_dir = Some(dir);
    let kept = settings::save(&app, preferences)?;
    tray::refresh(&app);
    Ok(Some(kept))
}

/// Keeps the preferences; the tray follows a new language at once. The backup folder can only
/// go back to the default here: a new one is chosen in the dialog ([`choose_backup_dir`]).
#[tauri::command]
pub async fn save_settings(app: AppHandle, settings: Preferences) -> Answer<Preferences> {
    if settings.backup_dir.is_some() && settings.backup_dir != settings::load(&app).backup_dir {
        return Err(IpcError::new(
            Failure::Refused,
            "a backup folder is chosen in the folder dialog, not named by the page",
        ));
    }
    let kept = settings::save(&app, settings)?;
    tray::refresh(&app);
    Ok(kept)
}

/// The answer to the first close (`close_requested`): kept, then the window hides or the app
/// quits.
#[tauri::command]
pub async fn answer_close(app: AppHandle, keep_in_tray: bool) -> Answer<()> {
    let mut preferences = settings::load(&app);
    preferences.keep_in_tray = Some(keep_in_tray);
    settings::save(&app, preferences)?;
    if !keep_in_tray {
        app.exit(0);
    } else if let Some(window) = app.get_webview_window("main") {
        window
            .hide()
            .map_err(|e| IpcError::new(Failure::Internal, e))?;
    }
    Ok(())
}

/// `dir` if it is the backup folder or inside it: the UI reads nothing else.
fn inside_backup_dir(profile: &Profile, dir: &Path) -> Answer<PathBuf> {
    library::inside(&profile.session.backup_dir, dir)
        .ok_or_else(|| IpcError::new(Failure::NotFound, "that folder is not in the backup folder"))
}

fn library_error(error: LibraryError) -> IpcError {
    let code = match &error {
        LibraryError::NotAnExport(_) => Failure::NotFound,
        LibraryError::Cancelled => Failure::Refused,
        _ => Failure::Disk,
    };
    IpcError::new(code, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_nothing_opens_is_said_with_its_path_and_a_missing_one_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let opened = open_with(dir.path(), |_| Ok(()));
        assert!(opened.is_ok());
        let error = open_with(dir.path(), |_| Err("xdg-open: not found".into())).unwrap_err();
        assert_eq!(error.code, Failure::NoOpener);
        assert_eq!(error.path.as_deref(), Some(dir.path()));
        let gone = dir.path().join("gone");
        let error = open_with(&gone, |_| panic!("a missing folder is not handed on")).unwrap_err();
        assert_eq!(error.code, Failure::NotFound);
        assert_eq!(error.path, None);
    }
}
