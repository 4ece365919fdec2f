// Settings' actions: each change kept in order, the backup and history folders' dialogs, the
// history's server, saving the history's password to a file, and leaving.
import * as ipc from "../ipc.js";
import { withChange } from "../settings.js";

/** Adds the settings view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installSettingsActions(app, shell) {
  const { render, attempt, announce, applySettings, refreshSettings } = shell;

  // A change shows at once and is kept in order: quick changes in a row never undo each other.
  let settingsKept = Promise.resolve();
  app.changeSetting = (key, value) => {
    const wanted = withChange(app.settings, key, value);
    applySettings(wanted);
    settingsKept = settingsKept.then(async () => {
      const kept = await attempt(ipc.saveSettings(wanted));
      if (kept) announce(app.tr("settingsSaved"));
      else await refreshSettings();
    });
    return settingsKept;
  };
  // A folder is chosen in the system's dialog after the changes under way, so that none of
  // them undoes it.
  const chooseFolder = (choose) => async () => {
    await settingsKept;
    const kept = await attempt(choose());
    if (!kept) return;
    applySettings(kept);
    announce(app.tr("settingsSaved"));
  };
  app.chooseBackupFolder = chooseFolder(ipc.chooseBackupDir);
  app.chooseHistoryFolder = chooseFolder(ipc.chooseHistoryDir);
  // The history's server is checked by the core (it answers, it takes the sign-in) before it
  // is kept; its password goes into the secret store and leaves the page.
  app.serverDraft = { address: "", password: "" };
  app.chooseHistoryServer = async () => {
    await settingsKept;
    app.checkingServer = true;
    render();
    const { address, password } = app.serverDraft;
    const chosen = await attempt(ipc.chooseHistoryServer(address.trim(), password || null));
    app.checkingServer = false;
    if (chosen) {
      app.serverDraft = { address: "", password: "" };
      app.serverChosen = chosen;
      applySettings(chosen.preferences);
      announce(app.tr(chosen.holds_repository ? "settingsServerHolds" : "settingsServerNew"));
    }
    render();
  };
  // Back to the default place: no folder, no server (whose password the core forgets).
  app.defaultHistoryPlace = async () => {
    app.serverChosen = null;
    const key = app.settings.history_server ? "history_server" : "history_dir";
    await app.changeSetting(key, null);
  };
  // The password is written by the core into the file chosen; the page only learns where.
  app.saveHistoryPassword = async () => {
    const file = await attempt(ipc.saveHistoryPassword());
    if (!file) return;
    app.historyPasswordFile = file;
    announce(app.tr("settingsHistorySaved", { file }));
    render();
  };
  app.closeSettings = () => {
    app.view = null;
    render();
    document.querySelector("#view-first .view-title")?.focus();
  };
}
