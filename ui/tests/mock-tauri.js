// Development only: a stand-in for window.__TAURI__ so ui/tests/preview.html can show every
// screen in a plain browser. Never loaded by index.html. It answers in the shapes of
// src-tauri/IPC.md (not in ipc.js's adapted ones). Query: ?mode=unconfigured|demo
// &view=pick|exports|library|access|schedules|settings &fail=<command> (that command rejects) &warnings=all
// (one warning of every code) &empty=1 (no exports).
(() => {
  const params = new URLSearchParams(location.search);
  const mode = params.get("mode") ?? "demo";
  const failing = params.get("fail");
  const now = Date.now();
  const iso = (offsetMs) => new Date(now + offsetMs).toISOString();
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  const groups = [
    ["myactivity.myadcenter", "myactivity", "Ad Center activity", "What you did in My Ad Center, such as changes to the ads you want to see", true],
    ["myactivity.maps", "myactivity", "Maps activity", "Places you looked up, directions you asked for and other things you did in Maps", true],
    ["myactivity.search", "myactivity", "Search activity", "The searches you made on Google and the results you opened", true],
    ["myactivity.youtube", "myactivity", "YouTube activity", "Your YouTube watch history and the searches you made on YouTube", true],
    ["search_ugc.comments", "search", "Comments", "Comments you posted on Google Search", false],
    ["youtube.channel", "youtube", "Channel", "Your channel's details, such as its name, description and settings", false],
    ["youtube.comments", "youtube", "Comments", "The comments you wrote on videos and posts", false],
    ["youtube.subscriptions", "youtube", "Subscriptions", "The channels you subscribe to, private subscriptions included", false],
    ["maps.reviews", "maps", "Reviews", "Reviews and posts you wrote about places", false],
    ["maps.starred_places", "maps", "Starred places", "The places on your Starred list", false],
    ["chrome.bookmarks", "chrome", "Bookmarks", "Your Chrome bookmarks, in their folders", false],
    ["chrome.history", "chrome", "Browsing history", "The pages you opened in Chrome and when you opened them", true],
    ["play.installs", "play", "Installs", "Apps you installed through Google Play", false],
    ["nest.user", "nest", "Account", "The details of your Nest account", false],
  ].map(([id, service, label, description, time_filter]) => ({ id, service, label, description, time_filter }));

  const base = {
    job_id: "job", access: "time_based", started_at: null, finished_at: null, next_check_at: null,
    retries: 0, problem: null, window_until: null, bytes_done: 0, bytes_total: 0,
    export_dir: null, start_time: null, export_time: null,
  };
  let rows = [
    { ...base, id: 8, group: "chrome.history", state: "downloading", created_at: iso(-2 * HOUR), started_at: iso(-2 * HOUR), bytes_done: 1_240_000_000, bytes_total: 3_400_000_000 },
    { ...base, id: 7, group: "myactivity.youtube", state: "in_progress", created_at: iso(-2 * DAY - 3 * HOUR), started_at: iso(-2 * DAY - 3 * HOUR), next_check_at: iso(42 * MIN) },
    { ...base, id: 6, group: "youtube.comments", state: "in_progress", access: "one_time", created_at: iso(-20 * MIN), started_at: iso(-20 * MIN), next_check_at: iso(4 * MIN) },
    { ...base, id: 5, group: "maps.reviews", state: "failed", access: "one_time", created_at: iso(-5 * HOUR), retries: 3, problem: { code: "failed", message: "job failed" } },
    { ...base, id: 4, group: "myactivity.search", state: "waiting_window", created_at: iso(-1 * HOUR), window_until: iso(5 * HOUR), problem: { code: "window", message: "24h" } },
    { ...base, id: 3, group: "chrome.bookmarks", state: "blocked", access: "one_time", created_at: iso(-3 * DAY), problem: { code: "one_time_used", message: "used" } },
    { ...base, id: 2, group: "youtube.subscriptions", state: "verified", created_at: iso(-1 * DAY), finished_at: iso(-20 * HOUR), bytes_done: 48_000_000, bytes_total: 48_000_000, export_dir: "/home/me/Documents/Carryout/youtube.subscriptions/2025", export_time: iso(-21 * HOUR) },
    { ...base, id: 1, group: "myactivity.maps", state: "verified", created_at: iso(-3 * DAY), finished_at: iso(-3 * DAY + HOUR), bytes_done: 2_100_000, bytes_total: 2_100_000, export_dir: "/home/me/Documents/Carryout/myactivity.maps/2025", start_time: iso(-45 * DAY), export_time: iso(-3 * DAY) },
    { ...base, id: 0, group: "chrome.history,myactivity.search", state: "verified", created_at: iso(-9 * DAY), finished_at: iso(-9 * DAY + HOUR), bytes_done: 31_000_000, bytes_total: 31_000_000, export_dir: "/home/me/Documents/Carryout/chrome.history+myactivity.search/2025", start_time: iso(-10 * DAY), export_time: iso(-9 * DAY) },
  ];
  if (params.get("empty")) rows = [];

  let status = { mode, backup_dir: "/home/me/Documents/Carryout", engine: params.get("elsewhere") ? "elsewhere" : "here", paused: Boolean(params.get("paused")) };
  const listeners = [];
  const emit = (payload) => listeners.forEach((fn) => fn({ event: "engine", payload }));

  // A download that moves, so the speed and ETA show.
  let done = 1_240_000_000;
  setInterval(() => {
    done = Math.min(3_400_000_000, done + 2_500_000);
    emit({ kind: "transfer", id: 8, done, total: 3_400_000_000 });
  }, 100);

  // Warnings as the core keeps them; one more arrives as an event shortly after start.
  const warning = (id, code, extra = {}) => ({ id, export_id: null, grant_id: null, code, message: "", created_at: iso(-id * HOUR), ...extra });
  let warnings = [
    warning(11, "data_shrank", { export_id: 1, message: "My Activity/Maps/MyActivity.json: 12,480 → 10,002 records" }),
    warning(12, "reconsent_due", { grant_id: "g4" }),
    warning(13, "window_per_client", { grant_id: "g1" }),
  ];
  if (params.get("warnings") === "all") {
    warnings.push(
      warning(14, "grant_expiring", { grant_id: "g1" }),
      warning(15, "testing_limit"),
      warning(16, "library_changed", { export_id: 2, message: "youtube.subscriptions/2025/archive-002.zip (changed)" }),
      warning(17, "something_new", { message: "A check this UI does not know yet" }),
    );
  }
  setTimeout(() => {
    const arrived = warning(18, "archive_expiring", { export_id: 8, created_at: iso(0) });
    warnings = [arrived, ...warnings];
    emit({ kind: "warning", warning: arrived });
  }, 300);

  const file = (name, size) => ({ name, object: `exports/${name}`, size, sha256: "0".repeat(64), downloaded_at: iso(-DAY) });
  const library = [
    { dir: "/home/me/Documents/Carryout/youtube.subscriptions/2025", group: "youtube.subscriptions", job_id: "j2", access_type: "time_based", export_time: iso(-21 * HOUR), size: 48_000_000, app_version: "0.1.0", files: [file("archive-001.zip", 40_000_000), file("archive-002.zip", 8_000_000), file("SHA256SUMS", 200)] },
    { dir: "/home/me/Documents/Carryout/myactivity.maps/2025", group: "myactivity.maps", job_id: "j1", access_type: "time_based", start_time: iso(-45 * DAY), export_time: iso(-3 * DAY), size: 2_100_000, app_version: "0.1.0", files: [file("archive-001.zip", 2_099_800), file("SHA256SUMS", 200)] },
    { dir: "/home/me/Documents/Carryout/myactivity.maps/2024", group: "myactivity.maps", job_id: "j0", access_type: "time_based", export_time: iso(-60 * DAY), size: 9_800_000, app_version: "0.1.0", files: [file("archive-001.zip", 5_000_000), file("archive-002.zip", 4_000_000), file("archive-003.zip", 799_800), file("SHA256SUMS", 200)] },
    { dir: "/home/me/Documents/Carryout/chrome.history+myactivity.search/2025", group: "chrome.history,myactivity.search", job_id: "j9", access_type: "time_based", start_time: iso(-10 * DAY), export_time: iso(-9 * DAY), size: 31_000_000, app_version: "0.1.0", files: [file("archive-001.zip", 30_999_800), file("SHA256SUMS", 200)] },
  ];
  // Maps has a gap between its two exports; Search was first exported for a window only, so
  // everything before it is a gap from the beginning.
  const coverage = [
    { group: "youtube.subscriptions", windows: [{ start: null, end: iso(-21 * HOUR) }], gaps: [] },
    { group: "myactivity.maps", windows: [{ start: null, end: iso(-60 * DAY) }, { start: iso(-45 * DAY), end: iso(-3 * DAY) }], gaps: [{ start: iso(-60 * DAY), end: iso(-45 * DAY) }] },
    { group: "chrome.history", windows: [{ start: iso(-10 * DAY), end: iso(-9 * DAY) }], gaps: [] },
    { group: "myactivity.search", windows: [{ start: iso(-10 * DAY), end: iso(-9 * DAY) }], gaps: [{ start: null, end: iso(-10 * DAY) }] },
  ];
  const contents = (dir) => {
    const first = {
      archive: "archive-001.zip",
      entries: [
        { name: "Portability/My Activity/MyActivity.json", size: 1_800_000, records: 10_002 },
        { name: "Portability/My Activity/archive_browser.html", size: 12_400, records: null },
      ],
    };
    if (!dir.includes("2024")) return [first];
    const photos = Array.from({ length: 230 }, (_, i) => ({ name: `Portability/My Activity/Attachments/image-${String(i + 1).padStart(4, "0")}.jpg`, size: 14_000 + i * 37, records: null }));
    return [first, { archive: "archive-002.zip", entries: photos }];
  };

  // g1: Production, 30 days: renewable now. g3: Production, 180 days: renewable in months.
  // g4: a Testing client's, ends within a day. g0: one-time, expired.
  let grants = [
    { id: "g1", resources: { "myactivity.maps": "time_based", "youtube.subscriptions": "time_based", "chrome.history": "time_based" }, created_at: iso(-3 * DAY), refresh_expires_at: iso(27 * DAY), state: "active", testing: false, renewable_from: iso(-63 * DAY) },
    { id: "g3", resources: { "myactivity.search": "time_based", "myactivity.youtube": "time_based" }, created_at: iso(-10 * DAY), refresh_expires_at: iso(170 * DAY), state: "active", testing: false, renewable_from: iso(80 * DAY) },
    { id: "g4", resources: { "youtube.comments": "time_based" }, created_at: iso(-6 * DAY - 6 * HOUR), refresh_expires_at: iso(18 * HOUR), state: "active", testing: true, renewable_from: null },
    { id: "g0", resources: { "chrome.bookmarks": "one_time" }, created_at: iso(-40 * DAY), refresh_expires_at: null, state: "expired", testing: false, renewable_from: null },
  ];
  const renewed = new Set();
  let schedules = [
    { id: 1, groups: ["myactivity.maps", "chrome.history"], every_days: 1, next_run_at: iso(9 * HOUR), last_run_at: iso(-15 * HOUR), last_result: "verified" },
    { id: 2, groups: ["youtube.subscriptions"], every_days: 7, next_run_at: iso(3 * DAY), last_run_at: iso(-4 * DAY), last_result: "failed" },
  ];
  let settings = { backup_dir: null, parallel_downloads: 3, keep_in_tray: null, start_at_login: false, language: null, theme: "system" };
  const consent = async (onEvent) => {
    for (const batch of [1, 2]) {
      onEvent.onmessage?.({ kind: "consent", batch, batches: 2 });
      await new Promise((r) => setTimeout(r, 800));
    }
  };

  const handlers = {
    app_status: () => status,
    start_demo: () => (status = { ...status, mode: "demo" }),
    import_client: () => (status = { ...status, mode: "google" }),
    resource_groups: () => groups,
    plan: ({ groups: ids }) => ({
      ready: ids.filter((g) => ["myactivity.maps", "youtube.subscriptions", "chrome.history"].includes(g)),
      consent: ids.filter((g) => !["myactivity.maps", "youtube.subscriptions", "chrome.history", "chrome.bookmarks", "myactivity.search"].includes(g)),
      blocked: [
        { group: "chrome.bookmarks", code: "one_time_used", until: null },
        { group: "myactivity.search", code: "window", until: iso(5 * HOUR) },
      ].filter((b) => ids.includes(b.group)),
    }),
    sign_in: async ({ groups: ids, onEvent }) => {
      await consent(onEvent);
      const grant = { id: `g${grants.length + 10}`, resources: Object.fromEntries(ids.slice(1).map((g) => [g, "time_based"])), created_at: iso(0), refresh_expires_at: iso(30 * DAY), state: "active", testing: false, renewable_from: iso(-60 * DAY) };
      grants = [grant, ...grants];
      return { granted: ids.slice(1), not_granted: ids.slice(0, 1), grants: [grant] };
    },
    start_exports: ({ groups: ids }) => {
      const created = ids.map((group, i) => ({ ...base, id: 100 + rows.length + i, group, state: "starting", created_at: iso(0) }));
      rows = [...created, ...rows];
      return created;
    },
    exports: () => rows,
    check_now: ({ id }) => ({ ...rows.find((r) => r.id === id), next_check_at: iso(5 * MIN) }),
    retry_export: ({ id }) => ({ ...rows.find((r) => r.id === id), state: "starting", problem: null }),
    cancel_export: ({ id }) => ({ ...rows.find((r) => r.id === id), state: "cancelled" }),
    library: () => library,
    verify_export: async ({ dir, onProgress }) => {
      for (let i = 1; i <= 3; i++) {
        onProgress.onmessage?.({ kind: "verify", done: i, total: 3 });
        await new Promise((r) => setTimeout(r, 300));
      }
      const files = [
        { export: dir, name: "archive-001.zip", status: "changed" },
        { export: dir, name: "archive-002.zip", status: "ok" },
        { export: dir, name: "SHA256SUMS", status: "ok" },
      ];
      return { ok: 2, changed: 1, missing: 0, files };
    },
    open_folder: () => null,
    grants: () => grants,
    sign_out: ({ id }) => {
      grants = grants.map((g) => (g.id === id ? { ...g, state: "revoked" } : g));
      return grants.find((g) => g.id === id);
    },
    reconsent: async ({ id, onEvent }) => {
      const old = grants.find((g) => g.id === id);
      if (!old) throw { code: "not_found", message: `no sign-in ${id}` };
      await consent(onEvent);
      const grant = { ...old, id: `g${grants.length + 10}`, created_at: iso(0), refresh_expires_at: iso(old.testing ? 7 * DAY : 30 * DAY), state: "active" };
      grants = [grant, ...grants.filter((g) => g.id !== id)];
      warnings = warnings.filter((w) => w.grant_id !== id);
      return { granted: Object.keys(old.resources), not_granted: [], grants: [grant] };
    },
    open_renewal: ({ id }) => {
      const grant = grants.find((g) => g.id === id);
      if (!grant?.renewable_from || Date.parse(grant.renewable_from) > Date.now()) {
        throw { code: "refused", message: "not renewable yet" };
      }
      renewed.add(id);
      return null;
    },
    check_grant: ({ id }) => {
      if (renewed.delete(id)) {
        const end = Date.now() + 180 * DAY;
        grants = grants.map((g) =>
          g.id === id ? { ...g, refresh_expires_at: new Date(end).toISOString(), renewable_from: new Date(end - 90 * DAY).toISOString() } : g,
        );
      }
      return grants.find((g) => g.id === id);
    },
    reset_access: ({ force }) => {
      const pending = rows.filter((r) => ["starting", "in_progress", "downloading"].includes(r.state)).map((r) => r.group);
      if (pending.length && !force) {
        throw { code: "reset_would_lose", message: "exports not on disk", groups: pending };
      }
      const revoked = grants.filter((g) => g.state === "active").map((g) => g.id);
      grants = grants.map((g) => (g.state === "active" ? { ...g, state: "revoked" } : g));
      return { revoked, lost: force ? pending : [] };
    },
    coverage: () => coverage,
    export_contents: ({ dir }) => contents(dir),
    warnings: () => warnings,
    dismiss_warning: ({ id }) => {
      warnings = warnings.filter((w) => w.id !== id);
      return null;
    },
    schedules: () => schedules,
    add_schedule: ({ groups: ids, everyDays }) => {
      const added = { id: schedules.length + 1, groups: ids, every_days: everyDays, next_run_at: iso(0), last_run_at: null, last_result: null };
      schedules = [...schedules, added];
      return added;
    },
    remove_schedule: ({ id }) => {
      schedules = schedules.filter((s) => s.id !== id);
      return null;
    },
    run_now: () => null,
    set_paused: ({ paused }) => (status = { ...status, paused }),
    settings: () => settings,
    save_settings: ({ settings: next }) => (settings = next),
    answer_close: () => null,
  };

  class Channel {
    onmessage = null;
  }

  window.__TAURI__ = {
    core: {
      Channel,
      async invoke(command, args) {
        await new Promise((r) => setTimeout(r, 30));
        if (command === failing) throw { code: "network", message: "connection refused (os error 111)" };
        const handler = handlers[command];
        if (!handler) throw `command ${command} not found`;
        return structuredClone(await handler(args ?? {}));
      },
    },
    event: {
      async listen(name, fn) {
        if (name === "engine") listeners.push(fn);
        return () => {};
      },
    },
    dialog: { open: async () => "/home/me/Downloads/client_secret_123.json" },
    opener: { openUrl: async (url) => console.log("open", url) },
  };

  const view = params.get("view");
  if (view) {
    const go = () => {
      const button = document.querySelector(`.topbar [data-view="${view}"]`);
      if (button && !document.getElementById("nav").hidden) button.click();
      else setTimeout(go, 50);
    };
    addEventListener("DOMContentLoaded", () => setTimeout(go, 100));
  }
  // ?flow=1 ticks three groups and presses "Back up", to show the consent steps.
  if (params.get("flow")) {
    const run = () => {
      const box = document.querySelector('input[data-group="youtube.comments"]');
      if (!box) return setTimeout(run, 50);
      for (const id of ["youtube.comments", "youtube.channel", "chrome.history"]) {
        document.querySelector(`input[data-group="${id}"]`).click();
      }
      document.getElementById("start-backup").click();
    };
    addEventListener("DOMContentLoaded", () => setTimeout(run, 100));
  }
  // ?click=<selector> clicks that element once it is shown and enabled (to show an error, a
  // dialog…); several selectors separated by "|" are clicked one after the other.
  const clicks = (params.get("click") ?? "").split("|").filter(Boolean);
  if (clicks.length) {
    const run = () => {
      const target = document.querySelector(clicks[0]);
      if (!target || target.disabled || target.getClientRects().length === 0) return setTimeout(run, 50);
      target.click();
      clicks.shift();
      if (clicks.length) setTimeout(run, 100);
    };
    addEventListener("DOMContentLoaded", () => setTimeout(run, 300));
  }
  // ?confirm=ok answers every confirmation dialog with its OK button (headless screenshots
  // stop repainting once a modal dialog has been open).
  if (params.get("confirm") === "ok") {
    HTMLDialogElement.prototype.showModal = function () {
      setTimeout(() => {
        this.returnValue = "ok";
        this.dispatchEvent(new Event("close"));
      }, 50);
    };
  }
  const lang = params.get("lang");
  if (lang) localStorage.setItem("language", lang);
})();
