// The app: starts it and draws it. The `app` object is in app-state.js, what is read from the
// core in load.js, the core's events in live.js, errors and announcements in announce.js; each
// view's actions are in actions/, its drawing in views/, logic in the tested modules.
import * as ipc from "./ipc.js";
import { trackHover } from "./dom.js";
import { pickLanguage } from "./i18n.js";
import { summarize } from "./state.js";
import { createFrameQueue } from "./frames.js";
import { createApp, withReadTime } from "./app-state.js";
import { createAnnouncer } from "./announce.js";
import { createLoading } from "./load.js";
import { keepTimesCurrent, listen } from "./live.js";
import { renderFirst } from "./views/first.js";
import { createPick } from "./views/pick.js";
import { createExports } from "./views/exports.js";
import { renderLibrary } from "./views/library.js";
import { renderAccess } from "./views/access.js";
import { createWarnings } from "./views/warnings.js";
import { createSchedules } from "./views/schedules.js";
import { renderSettings } from "./views/settings.js";
import { themeAttribute } from "./settings.js";
import { installAccessActions } from "./actions/access.js";
import { installBackupActions } from "./actions/backup.js";
import { installChromeActions } from "./actions/chrome.js";
import { installExportsActions } from "./actions/exports.js";
import { installFirstActions } from "./actions/first.js";
import { installLibraryActions } from "./actions/library.js";
import { installSchedulesActions } from "./actions/schedules.js";
import { installSettingsActions } from "./actions/settings.js";

const VIEWS = ["pick", "exports", "library", "access", "schedules", "settings"];

const $ = (id) => document.getElementById(id);

const app = createApp();
const { showError, clearError, translateError, announce, attempt } = createAnnouncer(app, $);

// ---- drawing -------------------------------------------------------------------------------

const pickView = createPick($("view-pick"), app);
const exportsView = createExports($("view-exports"), app);
const warningsView = createWarnings($("warnings"), app);
const schedulesView = createSchedules($("view-schedules"), app);
const navHover = trackHover($("nav"), "[data-view]");

function renderStatic() {
  document.documentElement.lang = app.language;
  const theme = themeAttribute(app.settings?.theme);
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = app.tr(node.dataset.i18n);
  }
  for (const node of document.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      node.setAttribute(attr, app.tr(key));
    }
  }
  translateError();
}

function renderChrome() {
  const configured = app.status && app.status.mode !== "unconfigured";
  $("loading").hidden = app.status !== null;
  $("nav").hidden = !configured;
  $("mode-badge").hidden = app.status?.mode !== "demo";
  $("engine-elsewhere").hidden = app.status?.engine !== "elsewhere";
  $("paused").hidden = !app.status?.paused;
  for (const button of document.querySelectorAll(".topbar [data-view]")) {
    if (button.dataset.view === app.view) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  const active = summarize(app.exports).active;
  $("nav-active-count").hidden = active === 0;
  $("nav-active-count").textContent = String(active);
  // A failure is loud here too: a red count on Exports until it is retried or exported again.
  const failed = failedGroups(app.exports.rows);
  $("nav-failed-count").hidden = failed === 0;
  $("nav-failed-count").textContent = String(failed);
  $("nav-failed-count").setAttribute("aria-label", app.tr("navFailed", { count: failed }));
  const settings = app.view === "settings";
  const current = configured ? app.view : app.status ? (settings ? "settings" : "first") : null;
  for (const name of ["first", ...VIEWS]) {
    $(`view-${name}`).hidden = name !== current;
  }
}

/** Groups whose latest export failed. */
function failedGroups(rows) {
  const latest = new Map();
  for (const row of rows) if (!latest.has(row.group)) latest.set(row.group, row);
  return [...latest.values()].filter((row) => row.state === "failed").length;
}

function renderView() {
  if (!app.status) return;
  if (app.view === "settings") return renderSettings($("view-settings"), app);
  if (app.status.mode === "unconfigured") return renderFirst($("view-first"), app);
  if (app.view === "pick") pickView.render();
  if (app.view === "exports") exportsView.render();
  if (app.view === "library") renderLibrary($("view-library"), app);
  if (app.view === "access") renderAccess($("view-access"), app);
  if (app.view === "schedules") schedulesView.render();
}

// Transfer events arrive up to 10 times a second per download; draw once per frame, and when
// only transfers came, only the rows they moved and the summary (nothing else shows bytes).
const frames = createFrameQueue();
let frame = 0;

function render() {
  // Everything is drawn now, whatever the next frame was to draw.
  frames.take();
  renderChrome();
  warningsView.render();
  renderView();
}

function drawFrame() {
  frame = 0;
  const work = frames.take();
  if (work.full) return render();
  if (!work.ids.length) return;
  const exportsShown = app.view === "exports" && app.status && app.status.mode !== "unconfigured";
  if (exportsShown && exportsView.renderTransfers(work.ids)) return;
  render();
}

function renderSoon() {
  frames.all();
  if (!frame) frame = requestAnimationFrame(drawFrame);
}

function transferSoon(id) {
  frames.transfer(id);
  if (!frame) frame = requestAnimationFrame(drawFrame);
}

/** Shows the page in the kept language and theme. */
function applySettings(settings) {
  app.settings = settings;
  const language = pickLanguage(settings.language, navigator.languages ?? []);
  if (language !== app.language) {
    app.language = language;
    // An announcement made in the old language is stale: screen readers have read it already.
    $("status").textContent = "";
  }
  renderStatic();
  render();
}

// ---- wiring ------------------------------------------------------------------------------

const loading = createLoading(app, { render, applySettings, attempt, showError, clearError, navHover });
app.show = (view) => loading.show(view);

// What the views' actions and the core's events use of this module: drawing, errors and loading.
const shell = {
  $,
  render,
  renderSoon,
  transferSoon,
  showError,
  clearError,
  announce,
  attempt,
  applySettings,
  ...loading,
};
installFirstActions(app, shell);
installBackupActions(app, shell);
installExportsActions(app, shell);
installLibraryActions(app, shell);
installAccessActions(app, shell);
installSchedulesActions(app, shell);
installSettingsActions(app, shell);
installChromeActions(app, shell);
keepTimesCurrent(app, shell);

async function start() {
  renderStatic();
  render();
  try {
    // Language and theme first, so that the first screen is drawn as the person chose.
    const settings = await attempt(ipc.settings());
    if (settings) applySettings(settings);
    await listen(app, shell);
    const status = withReadTime(await ipc.appStatus());
    if (status.mode === "unconfigured") {
      app.status = status;
      render();
      document.querySelector("#view-first .view-title")?.focus();
    } else {
      await loading.configured(status);
    }
  } catch (error) {
    app.status = app.status ?? { mode: "unconfigured", backup_dir: "", engine: "here", paused: false };
    showError(error);
    render();
  }
  // Marks the first frame after the first screen is drawn: scripts/figures times the start by it.
  requestAnimationFrame(() => setTimeout(() => performance.mark("carryout-first-screen")));
}

start();
