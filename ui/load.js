// What the app reads from the core, and when: `show` switches views and reads what the new one
// shows, `configured` reads what every view needs once the app is set up, and one refresh per
// list reads it again and draws.
import * as ipc from "./ipc.js";
import { reduce, summarize } from "./state.js";
import { withReadTime } from "./app-state.js";
import { errorCode } from "./errors.js";

/** A history that cannot be reached now: said in the Library, not as an error. */
const HISTORY_AWAY = ["history_server_unreachable", "history_server_refused"];

/** The loading of `app`; the rest is main.js's drawing and errors, and the nav's hover mark. */
export function createLoading(app, { render, applySettings, attempt, showError, clearError, navHover }) {
  async function show(view, { focus = true } = {}) {
    app.view = view;
    // The item just clicked is the current one now; no other keeps a highlight.
    navHover.clear();
    render();
    if (focus) document.querySelector(`#view-${view} .view-title`)?.focus();
    if (view === "pick") refreshPlan();
    if (view === "exports") refreshExports();
    if (view === "library") refreshLibrary();
    if (view === "access") refreshGrants();
    if (view === "schedules") Promise.all([refreshSchedules(), refreshGrants()]);
    if (view === "settings") refreshSettings();
  }

  async function refreshPlan() {
    if (!app.groups.length) return;
    const plan = await attempt(ipc.plan(app.groups.map((g) => g.id)));
    if (plan) {
      app.planAll = plan;
      render();
    }
  }

  async function refreshExports() {
    // The core's clock is read again too: it may have moved otherwise than the wall clock
    // (a suspended computer, an emulator moved forward).
    const [rows, status] = await Promise.all([attempt(ipc.exportsList()), attempt(ipc.appStatus())]);
    if (status && status.mode === app.status?.mode) app.status = withReadTime(status);
    if (rows) {
      app.exports = reduce(app.exports, { type: "snapshot", rows });
      render();
    }
  }

  async function refreshLibrary() {
    // The history may be on a server away from here (a NAS at home): its versions come when
    // they come, and never hold up the exports on disk.
    const versions = ipc.versions().then(
      (read) => ({ read }),
      (problem) => ({ problem }),
    );
    const [entries, coverage] = await Promise.all([attempt(ipc.library()), attempt(ipc.coverage())]);
    if (coverage) app.coverage = coverage;
    if (entries) app.library = entries;
    if (entries || coverage) render();
    const { read, problem } = await versions;
    // Away, the versions read before stay listed, as the history held them then.
    app.historyAway = HISTORY_AWAY.includes(errorCode(problem));
    if (read) app.versions = read;
    else if (!app.historyAway) showError(problem);
    render();
  }

  async function refreshWarnings() {
    const warnings = await attempt(ipc.warnings());
    if (warnings) {
      app.exports = reduce(app.exports, { type: "warnings", warnings });
      render();
    }
  }

  async function refreshSchedules() {
    const schedules = await attempt(ipc.schedules());
    if (schedules) {
      app.schedules = schedules;
      render();
    }
  }

  async function refreshSettings() {
    const settings = await attempt(ipc.settings());
    if (settings) applySettings(settings);
  }

  async function refreshGrants() {
    const grants = await attempt(ipc.grants());
    if (grants) {
      app.grants = grants;
      render();
    }
  }

  async function configured(status) {
    app.status = withReadTime(status);
    clearError();
    if (!app.groups.length) {
      const groups = await attempt(ipc.resourceGroups());
      if (groups) {
        app.groups = groups;
        app.groupsById = new Map(groups.map((g) => [g.id, g]));
      }
    }
    await refreshExports();
    // Warnings name the sign-ins they concern, so the grants are read up front as well.
    await Promise.all([refreshWarnings(), refreshGrants()]);
    // Someone with exports under way wants to see them first, unless they already chose a view.
    if (!app.view) await show(summarize(app.exports).active > 0 ? "exports" : "pick", { focus: false });
    else render();
  }

  return {
    show,
    configured,
    refreshPlan,
    refreshExports,
    refreshLibrary,
    refreshWarnings,
    refreshSchedules,
    refreshSettings,
    refreshGrants,
  };
}
