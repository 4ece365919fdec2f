// The actions around the views: Resume on the paused banner, dismissing the error, and the
// top bar's buttons that switch views.
import * as ipc from "../ipc.js";

/** Wires the banners and the top bar of `app`; `shell` is main.js's drawing and loading. */
export function installChromeActions(app, shell) {
  const { $, render, show, attempt, clearError } = shell;

  $("resume").addEventListener("click", async () => {
    const status = await attempt(ipc.setPaused(false));
    if (status) {
      app.status = status;
      render();
    }
  });

  $("error-dismiss").addEventListener("click", clearError);

  for (const button of document.querySelectorAll(".topbar [data-view]")) {
    button.addEventListener("click", () => show(button.dataset.view));
  }
}
