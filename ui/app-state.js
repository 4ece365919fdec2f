// The app's state: the one `app` object every view draws from and every action changes, with
// what it reads of itself (the core's clock, groups' names in the page's language).
import { groupText, joinList, pickLanguage, serviceName, t } from "./i18n.js";
import { initialState } from "./state.js";
import { RESET_IDLE } from "./grants.js";

/** The app before anything is read from the core, in the system's language. */
export function createApp() {
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
    // The history's versions of every export (IPC.md `Version`), and those being restored.
    versions: null,
    // The history's server cannot be reached now: the Library says so, not an error banner.
    historyAway: false,
    restoring: new Set(),
    // What changed from an older version to its export on disk: version id → {loading}|{diff}.
    changes: new Map(),
    // The export going into the history now (`history_storing`: path, done, total), if any.
    storing: null,
    // Where the history's password was last saved (the password itself never reaches the page).
    historyPasswordFile: null,
    // What the place just chosen for the history holds (IPC.md `ChosenPlace.repository`).
    historyRepository: null,
    // List contents: export folder → {loading} or {archives}; which lists and archives are open.
    contents: new Map(),
    contentsOpen: new Set(),
    // The Library by "exports" (what is on disk) or by "groups" (searchable, by service).
    libraryMode: "exports",
    libraryFilter: { query: "", service: "" },
    // Folds the person opened: an export's long list of groups, an export's older versions.
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
    groupLabel: (id) => {
      // One job may carry several groups (when Google's 24 h window holds across them).
      if (id.includes(",")) return joinList(app.language, id.split(",").map((one) => app.groupName(one)));
      const group = app.groupsById.get(id) ?? { id, label: id };
      return groupText(app.language, group).label;
    },
    serviceOf: (id) => {
      const group = app.groupsById.get(id);
      return group ? serviceName(app.language, group.service) : "";
    },
    // In sentences and lists a label needs its service: YouTube and Search both have "Comments".
    groupName: (id) => {
      const service = app.serviceOf(id);
      const group = app.groupLabel(id);
      return service ? app.tr("groupInService", { service, group }) : group;
    },
  };
  return app;
}

/** Now on the core's clock, from the `now` and `clock_speed` of the last `app_status`. */
export function coreNow(status) {
  const base = Date.parse(status?.now ?? "");
  if (Number.isNaN(base) || !status.read_at) return Date.now();
  return base + (Date.now() - status.read_at) * (status.clock_speed ?? 1);
}

/** An `app_status` answer with the wall-clock time it was read, for `coreNow`. */
export function withReadTime(status) {
  return status ? { ...status, read_at: Date.now() } : status;
}
