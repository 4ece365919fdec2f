// The app: loads the status, switches views, runs the backup flow, keeps the Exports view and
// the warnings live from the `engine` event, and runs the Library's and Access's actions.
// Drawing is in views/, logic in the tested modules.
import * as ipc from "./ipc.js";
import { trackHover } from "./dom.js";
import { groupText, joinList, pickLanguage, serviceName, shortList, t } from "./i18n.js";
import { errorMessage } from "./errors.js";
import { formatTime } from "./format.js";
import { initialState, reduce, summarize } from "./state.js";
import { createFrameQueue } from "./frames.js";
import { checkOutcome, replaceGrant, RESET_IDLE, resetStep } from "./grants.js";
import { describeWarning } from "./warnings.js";
import { renderFirst } from "./views/first.js";
import { createPick } from "./views/pick.js";
import { createExports } from "./views/exports.js";
import { renderLibrary } from "./views/library.js";
import { renderAccess } from "./views/access.js";
import { createWarnings } from "./views/warnings.js";
import { createSchedules } from "./views/schedules.js";
import { renderSettings } from "./views/settings.js";
import { parseEveryDays } from "./schedules.js";
import { themeAttribute, withChange } from "./settings.js";

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

// ---- picking and the backup flow ----------------------------------------------------------

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

// Notices are kept as functions so that they follow a change of language; a long list of
// groups is cut short (Exports shows each group).
const labels = (ids) => shortList(app.language, ids.map((id) => app.groupName(id)));

/** A Channel handler for ConsentEvents that keeps `set(progress)` up to date. */
function consentProgress(get, set) {
  return (event) => {
    if (event.kind === "open_link") {
      set({ ...get(), link: event.url });
    } else {
      set({ batch: event.batch, batches: event.batches });
      announce(app.tr("consentOpening", { batch: event.batch, batches: event.batches }));
    }
    render();
  };
}

/** What a consent's report tells the person, as notice lines. */
function consentNotes(report) {
  const notes = [];
  if (report.granted.length) notes.push(() => app.tr("consentGranted", { list: labels(report.granted) }));
  if (report.not_granted.length) {
    notes.push(() => app.tr("consentNotGranted", { list: labels(report.not_granted) }));
    notes.push(() => app.tr("consentNotGrantedHelp"));
  }
  if (report.access === "one_time") notes.push(() => app.tr("consentOneTime"));
  if (report.access === "time_based" && report.expires_at) {
    notes.push(() => app.tr("consentTimeBased", { time: formatTime(app.language, report.expires_at) }));
  }
  return notes;
}

app.backup = async () => {
  if (app.flow || app.consenting || app.selected.size === 0) return;
  clearError();
  const groups = [...app.selected];
  app.flow = { phase: "planning" };
  render();
  try {
    // One call: the core plans, asks for consent for what no sign-in covers (its progress
    // comes as events) and starts what can start.
    const answer = await ipc.backup(
      groups,
      consentProgress(
        () => app.flow,
        (progress) => (app.flow = { ...progress, phase: "consent" }),
      ),
    );
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

// ---- row actions, library, access ------------------------------------------------------

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

// List contents: read once per folder (names and sizes only, from the archives' indexes), then
// opened and closed without asking again. Records are counted only when asked, which reads the
// JSON files: closing the list, or Stop, ends it.
app.setLibraryMode = (mode) => {
  app.libraryMode = mode;
  render();
};
app.setLibraryFilter = (change) => {
  app.libraryFilter = { ...app.libraryFilter, ...change };
  render();
};
app.toggleContents = async (group, dir) => {
  const key = `${group}|${dir}`;
  if (app.contentsOpen.has(key)) {
    app.contentsOpen.delete(key);
    if (app.contents.get(dir)?.counting) app.stopCounting(dir);
    return render();
  }
  app.contentsOpen.add(key);
  if (app.contents.has(dir)) return render();
  app.contents.set(dir, { loading: true });
  render();
  const archives = await attempt(ipc.exportContents(dir, false));
  if (archives) {
    app.contents.set(dir, { archives, counted: false });
  } else {
    app.contents.delete(dir);
    app.contentsOpen.delete(key);
  }
  render();
};

app.countRecords = async (dir) => {
  const listed = app.contents.get(dir);
  if (!listed?.archives || listed.counting) return;
  app.contents.set(dir, { ...listed, counting: true });
  render();
  try {
    const archives = await ipc.exportContents(dir, true);
    app.contents.set(dir, { archives, counted: true });
  } catch (error) {
    // Stopped on purpose: the names and sizes stay, without a word.
    if (!app.contents.get(dir)?.stopping) showError(error);
    app.contents.set(dir, { ...listed, counted: false });
  }
  render();
};

app.stopCounting = (dir) => {
  const listed = app.contents.get(dir);
  if (!listed?.counting) return;
  app.contents.set(dir, { ...listed, stopping: true });
  ipc.cancelContents(dir).catch(showError);
};

app.toggleArchive = (dir, archive) => {
  const key = `${dir}|${archive}`;
  if (app.archivesOpen.has(key)) app.archivesOpen.delete(key);
  else app.archivesOpen.add(key);
  render();
};

app.showAllEntries = (dir, archive) => {
  app.archivesAll.add(`${dir}|${archive}`);
  render();
};

app.verify = async (dir) => {
  app.verifying.set(dir, { done: 0, total: 0 });
  render();
  const report = await attempt(
    ipc.verifyExport(dir, (progress) => {
      app.verifying.set(dir, { done: progress.done, total: progress.total });
      renderSoon();
    }),
  );
  if (report) app.verifying.set(dir, { report });
  else app.verifying.delete(dir);
  render();
};

function confirm(title, text, ok, cancel) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-ok").textContent = ok;
  $("confirm-cancel").textContent = cancel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-cancel").focus();
  });
}

app.signOut = async (id) => {
  if (!(await confirm(app.tr("signOutTitle"), app.tr("signOutText"), app.tr("signOut"), app.tr("keepSignedIn")))) {
    return;
  }
  const key = `grant:${id}`;
  app.busy.add(key);
  render();
  const grant = await attempt(ipc.signOut(id));
  app.busy.delete(key);
  if (grant) {
    app.grants = replaceGrant(app.grants, grant);
    announce(app.tr(grant.revoked_at_google === false ? "signedOutHereOnly" : "signedOut"));
    refreshPlan();
  }
  render();
};

// Renew: Google's page in the browser, then a check of the sign-in's end.
app.renew = async (id) => {
  const before = app.renewals.get(id) ?? {};
  app.renewals.set(id, { ...before, phase: "opening" });
  render();
  try {
    await ipc.openRenewal(id);
    app.renewals.set(id, { phase: "opened", outcome: null });
    announce(app.tr("renewOpened"));
  } catch (error) {
    app.renewals.set(id, before);
    showError(error);
  }
  render();
};

app.checkGrant = async (id) => {
  const before = (app.grants ?? []).find((g) => g.id === id);
  app.renewals.set(id, { phase: "checking", outcome: null });
  render();
  const grant = await attempt(ipc.checkGrant(id));
  if (!grant) {
    app.renewals.set(id, { phase: "opened", outcome: null });
    return render();
  }
  app.grants = replaceGrant(app.grants, grant);
  const outcome = checkOutcome(before, grant);
  // Not renewed yet: the person may still be on Google's page, so Check stays.
  app.renewals.set(id, { phase: outcome === "unchanged" ? "opened" : null, outcome });
  const time = formatTime(app.language, grant.refresh_expires_at);
  announce(
    outcome === "renewed"
      ? app.tr("renewDone", { time })
      : outcome === "unchanged"
        ? app.tr("renewUnchanged", { time })
        : app.tr("renewEnded"),
  );
  refreshWarnings();
  render();
};

// Consent again for one sign-in's groups, with the same progress as Back up's consent.
app.reconsent = async (id) => {
  if (app.consenting || app.flow) return;
  clearError();
  app.consenting = { id, batch: 0, batches: 0 };
  app.accessNotice = null;
  render();
  try {
    const report = await ipc.reconsent(
      id,
      consentProgress(
        () => app.consenting,
        (progress) => (app.consenting = { ...progress, id }),
      ),
    );
    app.accessNotice = consentNotes(report);
  } catch (error) {
    showError(error);
  }
  app.consenting = null;
  render();
  await Promise.all([refreshGrants(), refreshWarnings()]);
  refreshPlan();
};

app.dismissAccessNotice = () => {
  app.accessNotice = null;
  render();
};

async function runReset(force) {
  const started = resetStep(app.reset, { type: "start", force });
  if (started === app.reset) return;
  app.reset = started;
  render();
  try {
    const report = await ipc.resetAccess(force);
    app.reset = resetStep(app.reset, { type: "done", report });
    render();
    $("reset-report")?.focus();
    announce(app.tr("resetDoneTitle"));
    await Promise.all([refreshGrants(), refreshExports(), refreshWarnings()]);
    refreshPlan();
  } catch (error) {
    app.reset = resetStep(app.reset, { type: "failed", error });
    if (app.reset.phase === "would_lose") {
      render();
      // The second, dangerous confirmation takes the focus so it is read first.
      $("reset-lose")?.focus();
      announce(app.tr("resetLoseTitle"));
    } else {
      showError(error);
      render();
    }
  }
}

app.resetAccess = async () => {
  const ok = await confirm(
    app.tr("resetConfirmTitle"),
    app.tr("resetConfirmText"),
    app.tr("resetConfirmOk"),
    app.tr("resetKeep"),
  );
  if (ok) await runReset(false);
};
app.resetAnyway = () => runReset(true);
app.cancelReset = () => {
  app.reset = resetStep(app.reset, { type: "cancel" });
  render();
  $("reset-access")?.focus();
};

// ---- wiring ------------------------------------------------------------------------------

// ---- schedules, pause, settings, closing -------------------------------------------------

app.setScheduleSelection = (next) => {
  app.scheduleForm.selected = next;
  render();
};
app.setScheduleQuery = (query) => {
  app.scheduleForm.query = query;
  render();
};
app.setScheduleEvery = (text) => {
  app.scheduleForm.everyDays = text;
  render();
};
app.addSchedule = async () => {
  const days = parseEveryDays(app.scheduleForm.everyDays);
  if (days === null || !app.scheduleForm.selected.size || app.busy.has("schedule:add")) return;
  app.busy.add("schedule:add");
  render();
  const added = await attempt(ipc.addSchedule([...app.scheduleForm.selected], days));
  app.busy.delete("schedule:add");
  if (added) {
    app.scheduleForm = { selected: new Set(), everyDays: "1", query: "" };
    announce(app.tr("scheduleAdded"));
  }
  await refreshSchedules();
};
app.removeSchedule = async (id) => {
  app.busy.add(`schedule:${id}`);
  render();
  const removed = await attempt(ipc.removeSchedule(id).then(() => true));
  app.busy.delete(`schedule:${id}`);
  if (removed) announce(app.tr("scheduleRemoved"));
  await refreshSchedules();
  document.querySelector("#view-schedules .view-title")?.focus();
};
app.runNow = async () => {
  app.busy.add("run-now");
  render();
  const ran = await attempt(ipc.runNow().then(() => true));
  app.busy.delete("run-now");
  if (ran) {
    announce(app.tr("runNowStarted"));
    app.status = { ...app.status, paused: false };
  }
  await refreshSchedules();
};

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
app.chooseBackupFolder = async () => {
  // After the changes under way, so that none of them undoes the new folder.
  await settingsKept;
  const kept = await attempt(ipc.chooseBackupDir());
  if (!kept) return;
  applySettings(kept);
  announce(app.tr("settingsSaved"));
};
app.closeSettings = () => {
  app.view = null;
  render();
  document.querySelector("#view-first .view-title")?.focus();
};

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
