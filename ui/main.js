// The app: loads the status, switches views, keeps the Exports view and the warnings live from
// the `engine` event, and draws. Each view's actions are in actions/, its drawing in views/,
// logic in the tested modules.
import * as ipc from "./ipc.js";
import { trackHover } from "./dom.js";
import { groupText, joinList, pickLanguage, serviceName, t } from "./i18n.js";
import { errorMessage } from "./errors.js";
import { initialState, reduce, summarize } from "./state.js";
import { createFrameQueue } from "./frames.js";
import { RESET_IDLE } from "./grants.js";
import { describeWarning } from "./warnings.js";
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
import { installExportsActions } from "./actions/exports.js";
import { installLibraryActions } from "./actions/library.js";
import { installSchedulesActions } from "./actions/schedules.js";
import { installSettingsActions } from "./actions/settings.js";

const VIEWS = ["pick", "exports", "library", "access", "schedules", "settings"];
const REFRESH_MS = 30_000;

const $ = (id) => document.getElementById(id);

const app = {
  language: pickLanguage(null, navigator.languages ?? []),
  // The preferences the app keeps (IPC.md `Settings`); null until read.
  settings: null,
  schedules: null,
  scheduleForm: { selected: new Set(), everyDays: "1", query: "" },
  status: null,
  view: null,
  groups: [],
  groupsById: new Map(),
  selected: new Set(),
  query: "",
  planAll: null,
  flow: null,
  notice: null,
  exports: initialState(),
  library: null,
  coverage: null,
  // List contents: export folder → {loading} or {archives}; which lists and archives are open.
  contents: new Map(),
  contentsOpen: new Set(),
  // The Library by "exports" (what is on disk) or by "groups" (searchable, by service).
  libraryMode: "exports",
  libraryFilter: { query: "", service: "" },
  // Exports whose long list of groups the person unfolded.
  holdsOpen: new Set(),
  archivesOpen: new Set(),
  archivesAll: new Set(),
  grants: null,
  // Renewal per sign-in: {phase: "opening"|"opened"|"checking"|null, outcome}.
  renewals: new Map(),
  // A "Consent again" under way: {id, batch, batches, link}.
  consenting: null,
  accessNotice: null,
  reset: RESET_IDLE,
  verifying: new Map(),
  busy: new Set(),
  // The core's clock: the demo's runs 60 times faster than the wall clock, so that its
  // times ("next check in 5 min") are read on the clock they were made with.
  now: () => coreNow(app.status),
  tr: (key, params) => t(app.language, key, params),
};

// ---- errors and announcements ------------------------------------------------------------

let lastError = null;

function showError(error) {
  console.error(error);
  lastError = error;
  $("error-text").textContent = errorMessage(app.language, error);
  $("error").hidden = false;
}

function clearError() {
  lastError = null;
  $("error").hidden = true;
  $("error-text").textContent = "";
}

function announce(text) {
  $("status").textContent = text;
}

/** Runs a command; a rejection is shown, and the promise resolves to undefined. */
async function attempt(promise) {
  try {
    return await promise;
  } catch (error) {
    showError(error);
    return undefined;
  }
}

// ---- drawing -------------------------------------------------------------------------------

const pickView = createPick($("view-pick"), app);
const exportsView = createExports($("view-exports"), app);
const warningsView = createWarnings($("warnings"), app);
const schedulesView = createSchedules($("view-schedules"), app);
const navHover = trackHover($("nav"), "[data-view]");

app.groupLabel = (id) => {
  // One job may carry several groups (when Google's 24 h window holds across them).
  if (id.includes(",")) return joinList(app.language, id.split(",").map((one) => app.groupName(one)));
  const group = app.groupsById.get(id) ?? { id, label: id };
  return groupText(app.language, group).label;
};
app.serviceOf = (id) => {
  const group = app.groupsById.get(id);
  return group ? serviceName(app.language, group.service) : "";
};
// In sentences and lists a label needs its service: YouTube and Search both have "Comments".
app.groupName = (id) => {
  const service = app.serviceOf(id);
  const group = app.groupLabel(id);
  return service ? app.tr("groupInService", { service, group }) : group;
};

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
  if (lastError) $("error-text").textContent = errorMessage(app.language, lastError);
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

// ---- navigation ------------------------------------------------------------------------------

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
app.show = (view) => show(view);

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
  const [entries, coverage] = await Promise.all([attempt(ipc.library()), attempt(ipc.coverage())]);
  if (coverage) app.coverage = coverage;
  if (entries) app.library = entries;
  if (entries || coverage) render();
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

async function refreshGrants() {
  const grants = await attempt(ipc.grants());
  if (grants) {
    app.grants = grants;
    render();
  }
}

// ---- first run ------------------------------------------------------------------------------

/** Now on the core's clock, from the `now` and `clock_speed` of the last `app_status`. */
function coreNow(status) {
  const base = Date.parse(status?.now ?? "");
  if (Number.isNaN(base) || !status.read_at) return Date.now();
  return base + (Date.now() - status.read_at) * (status.clock_speed ?? 1);
}

function withReadTime(status) {
  return status ? { ...status, read_at: Date.now() } : status;
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

// ---- wiring ------------------------------------------------------------------------------

// What the views' actions use of this module: drawing, errors and loading.
const shell = {
  $,
  render,
  renderSoon,
  show,
  showError,
  clearError,
  announce,
  attempt,
  applySettings,
  refreshPlan,
  refreshExports,
  refreshWarnings,
  refreshSchedules,
  refreshSettings,
  refreshGrants,
};
installBackupActions(app, shell);
installExportsActions(app, shell);
installLibraryActions(app, shell);
installAccessActions(app, shell);
installSchedulesActions(app, shell);
installSettingsActions(app, shell);

$("resume").addEventListener("click", async () => {
  const status = await attempt(ipc.setPaused(false));
  if (status) {
    app.status = status;
    render();
  }
});

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

$("error-dismiss").addEventListener("click", clearError);

for (const button of document.querySelectorAll(".topbar [data-view]")) {
  button.addEventListener("click", () => show(button.dataset.view));
}

setInterval(async () => {
  // Relative times ("next check in 4 min") count on the core's clock: read it again.
  if (app.status && app.status.mode !== "unconfigured") {
    const status = await attempt(ipc.appStatus());
    if (status && status.mode === app.status.mode) app.status = withReadTime(status);
  }
  if (app.view === "exports" || app.view === "access" || app.view === "schedules") render();
}, REFRESH_MS);

async function start() {
  renderStatic();
  render();
  try {
    // Language and theme first, so that the first screen is drawn as the person chose.
    const settings = await attempt(ipc.settings());
    if (settings) applySettings(settings);
    await ipc.onCloseRequested(askOnClose);
    await ipc.onAppStatus((status) => {
      app.status = withReadTime(status);
      render();
    });
    await ipc.onEngine((payload) => {
      app.exports = reduce(app.exports, { type: "engine", payload, now: Date.now() });
      if (payload?.kind === "export" && payload.export.state === "verified") app.library = null;
      if (payload?.kind === "export" && app.view === "library" && app.library === null) refreshLibrary();
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
    const status = withReadTime(await ipc.appStatus());
    if (status.mode === "unconfigured") {
      app.status = status;
      render();
      document.querySelector("#view-first .view-title")?.focus();
    } else {
      await configured(status);
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
