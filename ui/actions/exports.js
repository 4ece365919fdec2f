// Exports' actions: a row's Check now, Retry, Cancel and Open folder, and dismissing warnings.
import * as ipc from "../ipc.js";
import { reduce } from "../state.js";

/** Adds the exports view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installExportsActions(app, shell) {
  const { render, attempt, showError, refreshWarnings } = shell;

  // One note on screen may stand for several kept warnings (one per sign-in): all go.
  app.dismissWarnings = async (ids) => {
    for (const id of ids) app.exports = reduce(app.exports, { type: "dismiss_warning", id });
    render();
    try {
      for (const id of ids) await ipc.dismissWarning(id);
    } catch (error) {
      showError(error);
      for (const id of ids) app.exports = reduce(app.exports, { type: "dismiss_failed", id });
      await refreshWarnings();
    }
  };

  const ROW_COMMANDS = {
    "check-now": ipc.checkNow,
    retry: ipc.retryExport,
    cancel: ipc.cancelExport,
  };

  app.rowAction = async (action, id) => {
    if (action === "open-folder") {
      const row = app.exports.rows.find((r) => r.id === id);
      if (row?.export_dir) await attempt(ipc.openFolder(row.export_dir));
      return;
    }
    const key = `row:${id}`;
    if (app.busy.has(key)) return;
    app.busy.add(key);
    render();
    const row = await attempt(ROW_COMMANDS[action](id));
    app.busy.delete(key);
    if (row) app.exports = reduce(app.exports, { type: "rows", rows: [row] });
    render();
  };

  app.openFolder = (dir) => attempt(ipc.openFolder(dir));
}
