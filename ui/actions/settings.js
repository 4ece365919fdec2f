// Settings' actions: each change kept in order, the backup and history folders' dialogs, the
// history's server, the password of a history made elsewhere, saving the history's password to
// a file, and leaving.
import * as ipc from "../ipc.js";
import { REPOSITORY_TEXT, withChange } from "../settings.js";

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
  // A place for the history: what it holds is said, and a history made elsewhere asks for its
  // password.
  const placeChosen = (place) => {
    app.historyRepository = place.repository;
    applySettings(place.preferences);
    announce(app.tr(REPOSITORY_TEXT[place.repository]));
    if (place.repository === "needs_password") {
      // The hint above and the whole form in sight, not just the field at the window's edge.
      const field = document.getElementById("history-given-password");
      field?.focus({ preventScroll: true });
      field?.closest("form")?.scrollIntoView({ block: "center" });
    }
  };
  // A folder is chosen in the system's dialog after the changes under way, so that none of
  // them undoes it.
  app.chooseBackupFolder = async () => {
    await settingsKept;
    const kept = await attempt(ipc.chooseBackupDir());
    if (!kept) return;
    applySettings(kept);
    announce(app.tr("settingsSaved"));
  };
  app.chooseHistoryFolder = async () => {
    await settingsKept;
    const place = await attempt(ipc.chooseHistoryDir());
    if (place) placeChosen(place);
  };
  // The history's server is checked by the core (it answers, it takes the sign-in) before it
  // is kept; its password goes into the secret store and leaves the page.
  app.serverDraft = { address: "", password: "" };
  app.chooseHistoryServer = async () => {
    await settingsKept;
    app.checkingServer = true;
    render();
    const { address, password } = app.serverDraft;
    const place = await attempt(ipc.chooseHistoryServer(address.trim(), password || null));
    app.checkingServer = false;
    if (place) {
      app.serverDraft = { address: "", password: "" };
      placeChosen(place);
    }
    render();
  };
  // The password of a history made elsewhere: checked by the core against the history, kept in
  // the secret store, and gone from the page either way.
  app.givenPassword = "";
  app.giveHistoryPassword = async () => {
    await settingsKept;
    app.checkingPassword = true;
    render();
    const place = await attempt(ipc.giveHistoryPassword(app.givenPassword));
    app.checkingPassword = false;
    app.givenPassword = "";
    if (place) placeChosen(place);
    render();
  };
  // Back to the default place: no folder, no server (whose password the core forgets).
  app.defaultHistoryPlace = async () => {
    app.historyRepository = null;
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
