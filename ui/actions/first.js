// The first screen's actions: the demo, importing the person's own client, and its links, opened
// in the browser.
import * as ipc from "../ipc.js";

/** Adds the first view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installFirstActions(app, shell) {
  const { render, attempt, showError, configured } = shell;

  async function setup(call) {
    if (app.busy.has("setup")) return;
    app.busy.add("setup");
    render();
    try {
      const status = await call();
      if (status) await configured(status);
    } catch (error) {
      showError(error);
    } finally {
      app.busy.delete("setup");
      render();
    }
  }

  app.startDemo = () => setup(() => ipc.startDemo());

  app.importClient = () => setup(() => ipc.importClient(app.tr("importFilter")));

  app.openExternal = (event) => {
    event.preventDefault();
    attempt(ipc.openUrl(event.currentTarget.href));
  };
}
