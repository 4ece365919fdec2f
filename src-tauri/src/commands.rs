//! IPC commands: each one is a short adapter onto one core call (src-tauri/IPC.md).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use carryout::auth::{ClientConfig, GrantId, GrantInfo, SessionError};
use carryout::catalog::{self, ResourceGroup};
use carryout::engine::{
    self, ExportRequest, ExportRow, Exports, Plan, ResetReport, Schedule, ScheduleReport, Warnings,
};
use carryout::failure::Failure;
use carryout::library::{self, ArchiveListing, VerifyReport};
use carryout::preferences::Preferences;
use carryout::progress::ProgressEvent;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_store::StoreExt;

use crate::consent;
use crate::ipc_error::IpcError;
use crate::profile::{Mode, Profile};
use crate::settings::{self, CLIENT_FILE_KEY, SETTINGS};
use crate::tray;

type Answer<T> = Result<T, IpcError>;

/// The app's one piece of state: the profile in use, if any.
#[derive(Default)]
pub struct AppState {
    profile: RwLock<Option<Arc<Profile>>>,
}

impl AppState {
    fn profile(&self) -> Answer<Arc<Profile>> {
        self.profile
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| IpcError::new(Failure::NoClient, "choose demo mode or import a client"))
    }

    /// Takes the profile out, its engine stopped: nothing of it runs on beside the next one.
    async fn close(&self) {
        let old = self
            .profile
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(old) = old {
            old.close().await;
        }
    }

    pub fn set(&self, profile: Profile) -> AppStatus {
        let status = AppStatus::of(Some(&profile));
        *self.profile.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(profile));
        status
    }

    /// Every export and whether the engine is paused: what the tray shows.
    pub fn overview(&self) -> (Vec<ExportRow>, bool) {
        let Ok(profile) = self.profile() else {
            return (Vec::new(), false);
        };
        let rows = Exports::new(profile.session.store.clone()).all();
        (rows.unwrap_or_default(), profile.paused())
    }

    /// Every schedule runs now (also resuming a paused engine: the person asked for a run).
    pub fn run_now(&self, app: &AppHandle) -> Answer<()> {
        self.set_paused(app, false);
        Ok(self.profile()?.engine()?.run_schedules_now()?)
    }

    /// Pauses or resumes the engine; tells the window (`app_status`) and redraws the tray.
    pub fn set_paused(&self, app: &AppHandle, paused: bool) -> AppStatus {
        let profile = self.profile().ok();
        if let Some(profile) = &profile {
            profile.set_paused(paused);
        }
        let status = AppStatus::of(profile.as_deref());
        let _ = app.emit("app_status", &status);
        tray::refresh(app);
        status
    }
}

#[derive(Serialize)]
pub struct AppStatus {
    mode: Mode,
    backup_dir: Option<PathBuf>,
    engine: &'static str,
    paused: bool,
    /// The core's clock (the demo's runs faster than the wall clock) and its speed.
    now: chrono::DateTime<chrono::Utc>,
    clock_speed: f64,
}

impl AppStatus {
    fn of(profile: Option<&Profile>) -> Self {
        let session = profile.map(|p| &p.session);
        Self {
            now: session.map_or_else(chrono::Utc::now, |s| s.clock.now()),
            clock_speed: match session.and_then(|s| s.demo.as_ref()) {
                Some(_) => carryout::auth::DEMO_SPEED,
                None => 1.0,
            },
            mode: profile.map_or(Mode::Unconfigured, |p| p.mode),
            backup_dir: profile.map(|p| p.session.backup_dir.clone()),
            engine: match profile.map(|p| p.engine.is_ok()) {
                Some(false) => "elsewhere",
                _ => "here",
            },
            paused: profile.is_some_and(Profile::paused),
        }
    }
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    AppStatus::of(state.profile().ok().as_deref())
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

#[tauri::command]
pub async fn import_client(
    app: AppHandle,
    state: State<'_, AppState>,
    path: PathBuf,
) -> Answer<AppStatus> {
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
    Ok(status)
}

#[tauri::command]
pub fn resource_groups() -> &'static [ResourceGroup] {
    catalog::all()
}

#[tauri::command]
pub fn plan(state: State<'_, AppState>, groups: Vec<String>) -> Answer<Plan> {
    Ok(state.profile()?.engine()?.plan(&groups)?)
}

#[derive(Serialize)]
pub struct SignInReport {
    granted: Vec<String>,
    not_granted: Vec<String>,
    grants: Vec<GrantInfo>,
}

#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    groups: Vec<String>,
    on_event: Channel<ProgressEvent>,
) -> Answer<SignInReport> {
    consent_for(&app, &*state.profile()?, &groups, false, &on_event).await
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
    Ok(SignInReport {
        granted: report.granted,
        not_granted: report.not_granted,
        grants: report.grants.into_iter().map(GrantInfo::from).collect(),
    })
}

#[tauri::command]
pub fn start_exports(state: State<'_, AppState>, groups: Vec<String>) -> Answer<Vec<ExportRow>> {
    let request = ExportRequest {
        groups,
        ..ExportRequest::default()
    };
    Ok(state.profile()?.engine()?.start_exports(&request)?)
}

/// Read from the database, so it also works while another process runs the engine.
#[tauri::command]
pub fn exports(state: State<'_, AppState>) -> Answer<Vec<ExportRow>> {
    let profile = state.profile()?;
    Exports::new(profile.session.store.clone())
        .all()
        .map_err(|e| IpcError::new(Failure::Internal, e))
}

#[tauri::command]
pub fn check_now(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    Ok(state.profile()?.engine()?.check_now(id)?)
}

#[tauri::command]
pub fn retry_export(state: State<'_, AppState>, id: i64) -> Answer<ExportRow> {
    Ok(state.profile()?.engine()?.retry(id)?)
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
pub fn library(state: State<'_, AppState>) -> Answer<Vec<LibraryEntry>> {
    let profile = state.profile()?;
    let exports = library::exports(&profile.session.backup_dir)
        .map_err(|e| IpcError::new(Failure::Disk, e))?;
    Ok(exports
        .into_iter()
        .map(|export| LibraryEntry {
            size: export.manifest.total_size(),
            dir: export.path,
            manifest: export.manifest,
        })
        .collect())
}

#[tauri::command]
pub async fn verify_export(
    state: State<'_, AppState>,
    dir: PathBuf,
    on_progress: Channel<ProgressEvent>,
) -> Answer<VerifyReport> {
    let profile = state.profile()?;
    let dir = inside_backup_dir(&profile, &dir)?;
    let export = library::export_at(&profile.session.backup_dir, &dir);
    let export = export.map_err(|e| IpcError::new(Failure::Disk, e))?;
    let export =
        export.ok_or_else(|| IpcError::new(Failure::NotFound, "no export in that folder"))?;
    let progress = move |event: ProgressEvent| {
        let _ = on_progress.send(event);
    };
    tauri::async_runtime::spawn_blocking(move || library::verify(&[export], 2, &progress))
        .await
        .map_err(|e| IpcError::new(Failure::Internal, e))
}

#[tauri::command]
pub fn open_folder(app: AppHandle, state: State<'_, AppState>, dir: PathBuf) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let dir = inside_backup_dir(&*state.profile()?, &dir)?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| IpcError::new(Failure::NotFound, e))
}

#[tauri::command]
pub fn export_contents(state: State<'_, AppState>, dir: PathBuf) -> Answer<Vec<ArchiveListing>> {
    let dir = inside_backup_dir(&*state.profile()?, &dir)?;
    library::contents(&dir).map_err(|e| IpcError::new(Failure::NotFound, e))
}

/// Read from the database, so it also works while another process runs the engine.
#[tauri::command]
pub fn coverage(state: State<'_, AppState>) -> Answer<Vec<engine::Coverage>> {
    let exports = Exports::new(state.profile()?.session.store.clone());
    engine::coverage(&exports, None).map_err(|e| IpcError::new(Failure::Internal, e))
}

#[tauri::command]
pub fn warnings(state: State<'_, AppState>) -> Answer<Vec<engine::Warning>> {
    let warnings = Warnings::new(state.profile()?.session.store.clone());
    warnings
        .current()
        .map_err(|e| IpcError::new(Failure::Internal, e))
}

#[tauri::command]
pub fn dismiss_warning(state: State<'_, AppState>, id: i64) -> Answer<()> {
    let session = &state.profile()?.session;
    match Warnings::new(session.store.clone()).dismiss(id, session.clock.now()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(IpcError::new(Failure::NotFound, format!("no warning {id}"))),
        Err(e) => Err(IpcError::new(Failure::Internal, e)),
    }
}

#[tauri::command]
pub fn grants(state: State<'_, AppState>) -> Answer<Vec<GrantInfo>> {
    let grants = state.profile()?.session.auth.grants()?;
    Ok(grants.into_iter().map(GrantInfo::from).collect())
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, id: String) -> Answer<GrantInfo> {
    let profile = state.profile()?;
    Ok(profile.session.auth.logout(&id).await?.into())
}

#[tauri::command]
pub fn open_renewal(app: AppHandle, state: State<'_, AppState>, id: String) -> Answer<()> {
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
pub fn schedules(state: State<'_, AppState>) -> Answer<Vec<ScheduleReport>> {
    Ok(state.profile()?.engine()?.schedule_reports()?)
}

#[tauri::command]
pub fn add_schedule(
    state: State<'_, AppState>,
    groups: Vec<String>,
    every_days: u32,
) -> Answer<Schedule> {
    Ok(state
        .profile()?
        .engine()?
        .add_schedule(&groups, every_days)?)
}

#[tauri::command]
pub fn remove_schedule(state: State<'_, AppState>, id: i64) -> Answer<()> {
    Ok(state.profile()?.engine()?.remove_schedule(id)?)
}

#[tauri::command]
pub fn run_now(app: AppHandle, state: State<'_, AppState>) -> Answer<()> {
    state.run_now(&app)
}

#[tauri::command]
pub fn set_paused(app: AppHandle, state: State<'_, AppState>, paused: bool) -> AppStatus {
    state.set_paused(&app, paused)
}

#[tauri::command]
pub fn settings(app: AppHandle) -> Preferences {
    settings::load(&app)
}

/// Keeps the preferences; the tray follows a new language at once.
#[tauri::command]
pub fn save_settings(app: AppHandle, settings: Preferences) -> Answer<Preferences> {
    let kept = settings::save(&app, settings)?;
    tray::refresh(&app);
    Ok(kept)
}

/// The answer to the first close (`close_requested`): kept, then the window hides or the app
/// quits.
#[tauri::command]
pub fn answer_close(app: AppHandle, keep_in_tray: bool) -> Answer<()> {
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

/// `dir` if it is the backup folder or inside it: the UI opens nothing else.
fn inside_backup_dir(profile: &Profile, dir: &Path) -> Answer<PathBuf> {
    library::inside(&profile.session.backup_dir, dir)
        .ok_or_else(|| IpcError::new(Failure::NotFound, "that folder is not in the backup folder"))
}
