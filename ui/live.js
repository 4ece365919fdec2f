// Keeps the app live: the core's events (a close asked for, the app's status, the engine's
// exports, transfers and warnings) and a clock that redraws relative times.
import * as ipc from "./ipc.js";
import { reduce } from "./state.js";
import { describeWarning } from "./warnings.js";
import { withReadTime } from "./app-state.js";
import { drawStoring } from "./views/library.js";

const REFRESH_MS = 30_000;

/** Listens to the core's events; `shell` is main.js's drawing and loading. */
export async function listen(app, shell) {
  const { $, render, renderSoon, transferSoon, attempt, announce } = shell;
  const { refreshLibrary, refreshSchedules, refreshWarnings, refreshSettings } = shell;

  // The first close asks whether to keep running in the tray; the answer is kept (Settings).
  async function askOnClose() {
    const dialog = $("close-ask");
    if (dialog.open) return;
    dialog.returnValue = "";
    const answered = new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
    dialog.showModal();
    $("close-keep").focus();
    await answered;
    if (dialog.returnValue === "keep" || dialog.returnValue === "quit") {
      await attempt(ipc.answerClose(dialog.returnValue === "keep"));
      refreshSettings();
    }
  }

  await ipc.onCloseRequested(askOnClose);
  await ipc.onAppStatus((status) => {
    app.status = withReadTime(status);
    render();
  });
  await ipc.onEngine((payload) => {
    app.exports = reduce(app.exports, { type: "engine", payload, now: Date.now() });
    // A verified export, or a version the history kept (the backup folder may have let an older
    // export go), changes the Library: read it again, showing the old entries meanwhile (a
    // "loading" redraw would take the view's buttons from under a person's pointer).
    const libraryChanged =
      (payload?.kind === "export" && payload.export.state === "verified") || payload?.kind === "history_kept";
    if (payload?.kind === "history_kept") app.storing = null;
    // Bytes going into the history matter only to the Library's card of that export: its
    // start and end redraw the view, the bar moves in place between (a redraw per percent
    // would replace the view's buttons under a person's pointer).
    if (payload?.kind === "history_storing") {
      const was = app.storing;
      app.storing = payload.done < payload.total ? payload : null;
      if (app.view !== "library") return;
      const same = was && app.storing && was.path === app.storing.path;
      if (!same || !drawStoring(app)) renderSoon();
      return;
    }
    if (libraryChanged && app.view === "library") refreshLibrary();
    if (payload?.kind === "export" && app.view === "schedules") refreshSchedules();
    if (payload?.kind === "warning" && payload.warning) {
      // A new warning is said once, when it arrives; the list is the core's.
      const view = describeWarning(app.language, payload.warning, {
        rows: app.exports.rows,
        grants: app.grants,
        groupName: app.groupName,
      });
      announce(app.tr("warningAnnounce", { level: app.tr(`warningLevel.${view.tone}`), text: view.text }));
      refreshWarnings();
    }
    // Bytes of a download matter only to the Exports view; the others need not redraw.
    if (payload?.kind === "transfer") {
      if (app.view === "exports") transferSoon(payload.id);
      return;
    }
    renderSoon();
  });
}

/** Every 30 s, reads the core's clock again and redraws the views that show times from now. */
export function keepTimesCurrent(app, { render, attempt }) {
  setInterval(async () => {
    // Relative times ("next check in 4 min") count on the core's clock: read it again.
    if (app.status && app.status.mode !== "unconfigured") {
      const status = await attempt(ipc.appStatus());
      if (status && status.mode === app.status.mode) app.status = withReadTime(status);
    }
    if (app.view === "exports" || app.view === "access" || app.view === "schedules") render();
  }, REFRESH_MS);
}
