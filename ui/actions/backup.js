// Back up's actions: the search, the selection and the backup itself (one core call: plan,
// consent, start).
import * as ipc from "../ipc.js";
import { reduce } from "../state.js";
import { consentHelpers } from "./consent.js";

/** Adds the backup view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installBackupActions(app, shell) {
  const { render, show, showError, clearError, announce, refreshPlan } = shell;

  const { labels, consentProgress, consentNotes } = consentHelpers(app, { render, announce });

  app.setQuery = (query) => {
    app.query = query;
    render();
  };
  app.setSelection = (next) => {
    app.selected = next;
    render();
  };
  app.clearSelection = () => {
    app.selected = new Set();
    render();
  };

  app.backup = async () => {
    if (app.flow || app.consenting || app.selected.size === 0) return;
    clearError();
    const groups = [...app.selected];
    app.flow = { phase: "planning" };
    render();
    try {
      // One call: the core plans, asks for consent for what no sign-in covers (its progress
      // comes as events) and starts what can start.
      const answer = await ipc.backup(groups, consentProgress("flow", { phase: "consent" }));
      // The groups a sign-in already covers went ahead even if the consent failed.
      if (answer.consent_error) showError(answer.consent_error);
      const notes = answer.consent ? consentNotes(answer.consent) : [];
      if (answer.need_reset.length) notes.push(() => app.tr("planOneTimeUsed", { list: labels(answer.need_reset) }));
      if (answer.waiting_window.length) notes.push(() => app.tr("planWindow", { list: labels(answer.waiting_window) }));
      const started = answer.started.map((row) => row.group);
      if (started.length) {
        app.exports = reduce(app.exports, { type: "rows", rows: answer.started });
        // What was started leaves the selection; what was not stays ticked to try again.
        app.selected = new Set([...app.selected].filter((id) => !started.includes(id)));
      } else {
        notes.push(() => app.tr("nothingStarted"));
      }
      app.notice = notes;
      app.flow = null;
      if (answer.consent) app.grants = null;
      refreshPlan();
      await show(started.length ? "exports" : app.view);
      if (!started.length) render();
    } catch (error) {
      app.flow = null;
      showError(error);
      render();
    }
  };

  app.dismissNotice = () => {
    app.notice = null;
    render();
  };
}
