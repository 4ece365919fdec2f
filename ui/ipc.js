// The only module that talks to Tauri: commands, channels, the `engine` event and the opener
// (the file and folder dialogs run in Rust). Every command's promise rejects with {code, message} (src-tauri/IPC.md).

function tauri() {
  const api = window.__TAURI__;
  if (!api?.core) throw { code: "internal", message: "the Tauri API is not available" };
  return api;
}

function invoke(command, args) {
  return tauri().core.invoke(command, args);
}

function channel(onMessage) {
  const ch = new (tauri().core.Channel)();
  ch.onmessage = onMessage;
  return ch;
}

export const appStatus = () => invoke("app_status");
export const startDemo = () => invoke("start_demo");
/** The system's file dialog asks for a client file; resolves to the AppStatus, or null. */
export const importClient = (filterName) => invoke("import_client", { filterName });
export const resourceGroups = () => invoke("resource_groups");
export const plan = (groups) => invoke("plan", { groups });
// A SignInReport as the UI reads it: the access type and end of the sign-ins it created.
function signInReport(report) {
  const grant = report.grants?.[0];
  const access = grant ? Object.values(grant.resources)[0] ?? null : null;
  return {
    granted: report.granted ?? [],
    not_granted: report.not_granted ?? [],
    access,
    expires_at: grant?.refresh_expires_at ?? null,
  };
}
/**
 * Backs up `groups` under the core's one rule: plan, consent for what no sign-in covers,
 * start. `onConsent` gets each ConsentEvent: {kind: "consent", batch, batches}, or
 * {kind: "open_link", url, reason} when no browser could be opened. Resolves to {consent
 * ({granted, not_granted, access, expires_at}, or null), consent_error ({code, message}, or
 * null), started (ExportRow[]), need_consent, need_reset, waiting_window}.
 */
export async function backup(groups, onConsent) {
  const answer = await invoke("backup", { groups, onEvent: channel(onConsent) });
  return { ...answer, consent: answer.consent ? signInReport(answer.consent) : null };
}
/** Consent again for exactly one sign-in's groups; events as `backup`, answer as its `consent`. */
export async function reconsent(id, onConsent) {
  return signInReport(await invoke("reconsent", { id, onEvent: channel(onConsent) }));
}
export const exportsList = () => invoke("exports");
export const checkNow = (id) => invoke("check_now", { id });
export const retryExport = (id) => invoke("retry_export", { id });
export const cancelExport = (id) => invoke("cancel_export", { id });
/** The library's exports, each with its access type and its number of files. */
export async function library() {
  const entries = await invoke("library");
  return entries.map((entry) => ({
    ...entry,
    access: entry.access_type === "unspecified" ? null : entry.access_type,
    files: entry.files.length,
  }));
}
/** `onProgress` gets {done, total} as files are hashed; resolves to {ok, changed, missing}. */
export async function verifyExport(dir, onProgress) {
  const report = await invoke("verify_export", { dir, onProgress: channel(onProgress) });
  const named = (status) => report.files.filter((f) => f.status === status).map((f) => f.name);
  return { ok: report.ok, changed: named("changed"), missing: named("missing") };
}
export const openFolder = (dir) => invoke("open_folder", { dir });
/** Every version the history keeps, oldest first: [Version] (IPC.md). */
export const versions = () => invoke("versions");
/** Writes a version back into its folder of the backup folder; resolves to that folder. */
export const restoreVersion = (id) => invoke("restore_version", { id });
export const versionChanges = (from, to) => invoke("version_changes", { from, to });
/** The system's save dialog asks where; resolves to the file the password was written to, or null. */
export const saveHistoryPassword = () => invoke("save_history_password");
export const grants = () => invoke("grants");
export const signOut = (id) => invoke("sign_out", { id });
/** Opens Google's renewal page for a sign-in; rejects with `refused` before `renewable_from`. */
export const openRenewal = (id) => invoke("open_renewal", { id });
/** Asks Google for a sign-in's current end; resolves to the Grant. */
export const checkGrant = (id) => invoke("check_grant", { id });
/**
 * Google's resetAuthorization: resolves to {revoked, lost}. Without `force` it rejects with
 * {code: "reset_would_lose", groups} when exports not yet on disk would be lost.
 */
export async function resetAccess(force) {
  try {
    return await invoke("reset_access", { force: Boolean(force) });
  } catch (error) {
    if (error?.code === "reset_would_lose") {
      throw { ...error, groups: Array.isArray(error.groups) ? error.groups : [] };
    }
    throw error;
  }
}
/** Per group, the windows verified exports cover and the gaps between them. */
export const coverage = () => invoke("coverage");
/**
 * The archives of an export folder and their entries ({name, size}); with `records`, also each
 * JSON file's `records` or `not_counted`. Rejects with `refused` when stopped.
 */
export const exportContents = (dir, records) => invoke("export_contents", { dir, records });
/** Stops the listing of `dir` under way. */
export const cancelContents = (dir) => invoke("cancel_contents", { dir });
/** The warnings the core keeps, newest first. */
export const warnings = () => invoke("warnings");
export const dismissWarning = (id) => invoke("dismiss_warning", { id });

/** Every schedule with `last_result` ("verified"|"running"|"failed"|null). */
export const schedules = () => invoke("schedules");
export const addSchedule = (groups, everyDays) => invoke("add_schedule", { groups, everyDays });
export const removeSchedule = (id) => invoke("remove_schedule", { id });
/** Runs every schedule now (and resumes a paused engine). */
export const runNow = () => invoke("run_now");
/** Pauses or resumes the engine; resolves to the AppStatus. */
export const setPaused = (paused) => invoke("set_paused", { paused: Boolean(paused) });
/** The preferences the app keeps. */
export const settings = () => invoke("settings");
/** Keeps the preferences; resolves to them as kept (within limits). */
export const saveSettings = (settings) => invoke("save_settings", { settings });
/** The answer to the first close: keep running in the tray (the window hides) or quit. */
export const answerClose = (keepInTray) => invoke("answer_close", { keepInTray: Boolean(keepInTray) });

/** Calls `handler` when the window's close button asks whether to keep running in the tray. */
export function onCloseRequested(handler) {
  return tauri().event.listen("close_requested", () => handler());
}

/** Calls `handler` with the AppStatus when it changes outside the window (the tray's pause). */
export function onAppStatus(handler) {
  return tauri().event.listen("app_status", (event) => handler(event.payload));
}

/** Calls `handler` with each `engine` event's payload; resolves to a function that stops it. */
export function onEngine(handler) {
  return tauri().event.listen("engine", (event) => handler(event.payload));
}

/** The system's folder dialog asks for the backup folder; resolves to the Settings kept, or null. */
export const chooseBackupDir = () => invoke("choose_backup_dir");
export const chooseHistoryDir = () => invoke("choose_history_dir");
/** The history on a restic REST server, checked first: `ChosenServer`. */
export const chooseHistoryServer = (address, password) => invoke("choose_history_server", { address, password });
export const giveHistoryPassword = (password) => invoke("give_history_password", { password });

/** Opens an https address in the system browser. */
export function openUrl(url) {
  const opener = tauri().opener;
  if (!opener) throw { code: "internal", message: "the opener plugin is not available" };
  return opener.openUrl(url);
}
