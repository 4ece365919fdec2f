//! IPC commands: each one is a short adapter onto one core call (src-tauri/IPC.md). Every one
//! is async: Tauri runs a synchronous command on the main thread, where a slow disk or a long
//! listing would freeze the window. Work that blocks (the database, the disk, a server) runs on
//! a blocking thread through the core's `AppState::blocking` and its kin.

use std::path::PathBuf;

use carryout::auth::{ClientConfig, GrantId, GrantInfo};
use carryout::catalog::{self, GroupId, ResourceGroup};
use carryout::desktop::answers::{BackupAnswer, ConsentReport, SignOutReport};
use carryout::desktop::app_state::{AppState, off_thread};
use carryout::desktop::history_place::{self, ChosenPlace};
use carryout::desktop::launch::{self, AppStatus};
use carryout::desktop::preferences::{self, Preferences};
use carryout::desktop::shelf::LibraryEntry;
use carryout::desktop::versions::{self, Version};
use carryout::engine::{self, Engine, ExportRow, Plan, ResetReport, Schedule, ScheduleReport};
use carryout::failure::Problem;
use carryout::history::HistoryDiff;
use carryout::library::{ArchiveListing, VerifyReport};
use carryout::progress::ProgressEvent;
use carryout::secret::{HistoryPassword, ServerPassword};
use carryout::session::{Records, SessionError};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;
use tauri_plugin_store::StoreExt;

use crate::settings::{self, CLIENT_FILE_KEY, SETTINGS};
use crate::{consent, pickers, profile, tray};

type Answer<T> = Result<T, Problem>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Answer<AppStatus> {
    Ok(state.status())
}

#[tauri::command]
pub async fn start_demo(app: AppHandle, state: State<'_, AppState>) -> Answer<AppStatus> {
    // A demo has a folder of its own: the one in use stays until the new one is open.
    let demo = profile::demo(&app).await?;
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
    ClientConfig::load(&path).map_err(SessionError::from)?;
    state.close().await;
    let profile = profile::google(&app, Some(path.clone())).await?;
    let settings = app.store(SETTINGS).map_err(Problem::internal)?;
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
pub async fn plan(state: State<'_, AppState>, groups: Vec<GroupId>) -> Answer<Plan> {
    state.on_engine(move |engine| engine.plan(&groups)).await
}

/// Plan, consent for what no sign-in covers, start: the core's one rule, as for
/// `carryout export --wait`.
#[tauri::command]
pub async fn backup(
    app: AppHandle,
    state: State<'_, AppState>,
    groups: Vec<GroupId>,
    on_event: Channel<ProgressEvent>,
) -> Answer<BackupAnswer> {
    let report = consent::backup(&app, &*state.profile()?, groups, &on_event).await?;
    Ok(report.into())
}

/// Consent again for exactly the groups of one sign-in (a Testing client's, before it ends).
#[tauri::command]
pub async fn reconsent(
    app: AppHandle,
    state: State<'_, AppState>,
    id: GrantId,
    on_event: Channel<ProgressEvent>,
) -> Answer<ConsentReport> {
    let profile = state.profile()?;
    let groups = profile.session.auth.groups_of(&id)?;
    let report = consent::sign_in(&app, &profile, &groups, true, &on_event).await?;
    if let Ok(engine) = profile.engine() {
        engine.wake();
    }
    Ok(report.into())
}

#[tauri::command]
pub async fn exports(state: State<'_, AppState>) -> Answer<Vec<ExportRow>> {
    state.on_records(Records::exports).await
}

#[tauri::command]
pub async fn check_now(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    state.on_engine(move |engine| engine.check_now(id)).await
}

#[tauri::command]
pub async fn retry_export(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    state.on_engine(move |engine| engine.retry(id)).await
}

#[tauri::command]
pub async fn cancel_export(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    Ok(state.profile()?.engine()?.cancel(id).await?)
}

#[tauri::command]
pub async fn library(state: State<'_, AppState>) -> Answer<Vec<LibraryEntry>> {
    state.blocking(|profile| profile.shelf().entries()).await
}

#[tauri::command]
pub async fn verify_export(
    state: State<'_, AppState>,
    dir: PathBuf,
    on_progress: Channel<ProgressEvent>,
) -> Answer<VerifyReport> {
    let progress = move |event: ProgressEvent| {
        let _ = on_progress.send(event);
    };
    state
        .blocking(move |profile| profile.shelf().verify(&dir, &progress))
        .await
}

/// Every version the history keeps, oldest first.
#[tauri::command]
pub async fn versions(state: State<'_, AppState>) -> Answer<Vec<Version>> {
    state
        .blocking(|profile| versions::versions(&profile.session))
        .await
}

/// Writes a version back into its folder of the backup folder; answers that folder.
#[tauri::command]
pub async fn restore_version(state: State<'_, AppState>, id: String) -> Answer<PathBuf> {
    state
        .blocking(move |profile| versions::restore(&profile.session, &id))
        .await
}

/// What changed from one version to another (their snapshots' ids).
#[tauri::command]
pub async fn version_changes(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Answer<HistoryDiff> {
    state
        .blocking(move |profile| versions::changes(&profile.session, &from, &to))
        .await
}

/// Asks where to save the history's password in the system's dialog and writes it there;
/// answers the file, or `None` when the dialog was closed. The password never reaches the page.
#[tauri::command]
pub async fn save_history_password(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Answer<Option<PathBuf>> {
    let Some(file) = pickers::save_file(&app, "carryout-history-password.txt").await else {
        return Ok(None);
    };
    let to = file.clone();
    state
        .blocking(move |profile| versions::save_password(&profile.session, &to))
        .await?;
    Ok(Some(file))
}

/// Opens the backup folder or an export folder of the library in the system's file manager.
#[tauri::command]
pub async fn open_folder(app: AppHandle, state: State<'_, AppState>, dir: PathBuf) -> Answer<()> {
    state
        .blocking(move |profile| {
            profile.shelf().open(&dir, |dir| {
                let opened = app.opener().open_path(dir.to_string_lossy(), None::<&str>);
                opened.map_err(|e| e.to_string())
            })
        })
        .await
}

/// The archives of an export folder and their entries; with `records`, JSON records counted
/// (which reads them: [`cancel_contents`] stops it). A new listing of a folder stops the last.
#[tauri::command]
pub async fn export_contents(
    state: State<'_, AppState>,
    dir: PathBuf,
    records: bool,
) -> Answer<Vec<ArchiveListing>> {
    let cancel = state.listings.begin(&dir);
    let (folder, flag) = (dir.clone(), cancel.clone());
    let listed = state.blocking(move |profile| profile.shelf().contents(&folder, records, &flag));
    let listed = listed.await;
    state.listings.end(&dir, &cancel);
    listed
}

/// Stops the listing of `dir` under way, if any; it ends with a `refused` error.
#[tauri::command]
pub async fn cancel_contents(state: State<'_, AppState>, dir: PathBuf) -> Answer<()> {
    state.listings.cancel(&dir);
    Ok(())
}

#[tauri::command]
pub async fn coverage(state: State<'_, AppState>) -> Answer<Vec<engine::Coverage>> {
    state.on_records(|records| records.coverage(None)).await
}

#[tauri::command]
pub async fn warnings(state: State<'_, AppState>) -> Answer<Vec<engine::Warning>> {
    state.on_records(Records::warnings).await
}

#[tauri::command]
pub async fn dismiss_warning(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state
        .blocking(move |profile| {
            let session = &profile.session;
            Ok(session.records().dismiss_warning(id, session.clock.now())?)
        })
        .await
}

#[tauri::command]
pub async fn grants(state: State<'_, AppState>) -> Answer<Vec<GrantInfo>> {
    state
        .blocking(|profile| {
            let grants = profile.session.auth.grants()?;
            Ok(grants.into_iter().map(GrantInfo::from).collect())
        })
        .await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, id: GrantId) -> Answer<SignOutReport> {
    Ok(state.profile()?.session.auth.logout(&id).await?.into())
}

#[tauri::command]
pub async fn open_renewal(app: AppHandle, state: State<'_, AppState>, id: GrantId) -> Answer<()> {
    let profile = state.profile()?;
    let url = profile.session.auth.renewal_url(&id)?;
    consent::open_in_browser(&app, &profile, &url).map_err(Problem::internal)
}

#[tauri::command]
pub async fn check_grant(state: State<'_, AppState>, id: GrantId) -> Answer<GrantInfo> {
    let profile = state.profile()?;
    Ok(profile.session.auth.check_grant(&id).await?.into())
}

#[tauri::command]
pub async fn reset_access(state: State<'_, AppState>, force: bool) -> Answer<ResetReport> {
    Ok(state.profile()?.engine()?.reset(force).await?)
}

/// Every schedule, with its last run's result.
#[tauri::command]
pub async fn schedules(state: State<'_, AppState>) -> Answer<Vec<ScheduleReport>> {
    state.on_engine(Engine::schedule_reports).await
}

#[tauri::command]
pub async fn add_schedule(
    state: State<'_, AppState>,
    groups: Vec<GroupId>,
    every_days: u32,
) -> Answer<Schedule> {
    state
        .on_engine(move |engine| engine.add_schedule(&groups, every_days))
        .await
}

#[tauri::command]
pub async fn remove_schedule(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state
        .on_engine(move |engine| engine.remove_schedule(id))
        .await
}

#[tauri::command]
pub async fn run_now(app: AppHandle) -> Answer<()> {
    tray::run_now(&app)
}

#[tauri::command]
pub async fn set_paused(app: AppHandle, paused: bool) -> Answer<AppStatus> {
    Ok(tray::set_paused(&app, paused))
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
    let home = app.path().home_dir().ok();
    preferences.backup_dir = Some(preferences::accept_backup_dir(dir, home)?);
    let kept = settings::save(&app, preferences)?;
    tray::refresh(&app);
    Ok(Some(kept))
}

/// Asks for the history's folder in the system's dialog and keeps it; `None` when the dialog
/// was closed. Only an empty folder or a restic repository, apart from the backup folder.
#[tauri::command]
pub async fn choose_history_dir(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Answer<Option<ChosenPlace>> {
    let kept = settings::load(&app);
    let Some(dir) = pickers::folder(&app, kept.history_dir.as_deref()).await else {
        return Ok(None);
    };
    let in_use = state.profile().ok().map(|p| p.session.backup_dir.clone());
    let (home, options) = (
        app.path().home_dir().ok(),
        launch::google_options(None, &kept)?,
    );
    let chosen =
        off_thread(move || history_place::choose_folder(dir, home, in_use, kept, &options)).await?;
    settings::save(&app, chosen.preferences.clone())?;
    Ok(Some(chosen))
}

/// Checks the password of a history made elsewhere against the history's place and keeps it
/// for that place in the secret store.
#[tauri::command]
pub async fn give_history_password(
    app: AppHandle,
    state: State<'_, AppState>,
    password: String,
) -> Answer<ChosenPlace> {
    let kept = settings::load(&app);
    let in_use = state.profile().ok().map(|p| p.session.backup_dir.clone());
    let options = launch::google_options(None, &kept)?;
    let password = HistoryPassword::new(password);
    off_thread(move || history_place::give_password(password, in_use, kept, &options)).await
}

/// Keeps the history on the REST server at `address`, once it answers and takes the sign-in;
/// its password goes into the secret store.
#[tauri::command]
pub async fn choose_history_server(
    app: AppHandle,
    address: String,
    password: Option<String>,
) -> Answer<ChosenPlace> {
    let preferences = settings::load(&app);
    let options = launch::google_options(None, &preferences)?;
    let password = password.filter(|p| !p.is_empty()).map(ServerPassword::new);
    let chosen =
        off_thread(move || history_place::choose_server(&address, password, preferences, &options));
    let chosen = chosen.await?;
    settings::save(&app, chosen.preferences.clone())?;
    Ok(chosen)
}

/// Keeps the preferences; the tray follows a new language at once. The backup and history
/// folders (and the history's server) can only go back to their defaults here: a new one is
/// chosen in the dialog ([`choose_backup_dir`], [`choose_history_dir`]) or checked first
/// ([`choose_history_server`]).
#[tauri::command]
pub async fn save_settings(app: AppHandle, settings: Preferences) -> Answer<Preferences> {
    let kept = settings::load(&app);
    preferences::accept_from_page(&kept, &settings)?;
    if kept.history_server.is_some() && settings.history_server.is_none() {
        let options = launch::google_options(None, &kept)?;
        off_thread(move || history_place::forget(&options)).await?;
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
        window.hide().map_err(Problem::internal)?;
    }
    Ok(())
}
