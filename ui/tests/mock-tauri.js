// Development only: a stand-in for window.__TAURI__ so ui/tests/preview.html can show every
// screen in a plain browser. Never loaded by index.html. Query: ?mode=unconfigured|demo
// &view=pick|exports|library|access &fail=<command> (that command rejects).
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
    { ...base, id: 1, group: "myactivity.maps", state: "verified", created_at: iso(-3 * DAY), finished_at: iso(-3 * DAY + HOUR), bytes_done: 2_100_000, bytes_total: 2_100_000, export_dir: "/home/me/Documents/Carryout/myactivity.maps/2025", start_time: iso(-33 * DAY), export_time: iso(-3 * DAY) },
  ];
  if (params.get("empty")) rows = [];

  let status = { mode, backup_dir: "/home/me/Documents/Carryout", engine: params.get("elsewhere") ? "elsewhere" : "here" };
  const listeners = [];
  const emit = (payload) => listeners.forEach((fn) => fn({ event: "engine", payload }));

  // A download that moves, so the speed and ETA show.
  let done = 1_240_000_000;
  setInterval(() => {
    done = Math.min(3_400_000_000, done + 2_500_000);
    emit({ kind: "transfer", id: 8, done, total: 3_400_000_000 });
  }, 100);
  setTimeout(() => emit({ kind: "warning", id: 8, code: "archive_expiring", message: "x" }), 300);

  const library = [
    { dir: "/home/me/Documents/Carryout/youtube.subscriptions/2025", group: "youtube.subscriptions", job_id: "j2", access: "time_based", start_time: null, export_time: iso(-21 * HOUR), size: 48_000_000, files: 3 },
    { dir: "/home/me/Documents/Carryout/myactivity.maps/2025", group: "myactivity.maps", job_id: "j1", access: "time_based", start_time: iso(-33 * DAY), export_time: iso(-3 * DAY), size: 2_100_000, files: 2 },
    { dir: "/home/me/Documents/Carryout/myactivity.maps/2024", group: "myactivity.maps", job_id: "j0", access: "time_based", start_time: null, export_time: iso(-33 * DAY), size: 9_800_000, files: 4 },
  ];
  const grants = [
    { id: "g1", resources: { "myactivity.maps": "time_based", "youtube.subscriptions": "time_based", "chrome.history": "time_based" }, created_at: iso(-3 * DAY), refresh_expires_at: iso(27 * DAY), state: "active" },
    { id: "g0", resources: { "chrome.bookmarks": "one_time" }, created_at: iso(-40 * DAY), refresh_expires_at: null, state: "expired" },
  ];

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
      for (const batch of [1, 2]) {
        onEvent.onmessage?.({ kind: "consent", batch, batches: 2 });
        await new Promise((r) => setTimeout(r, 800));
      }
      return { granted: ids.slice(1), not_granted: ids.slice(0, 1), access: "time_based", expires_at: iso(30 * DAY) };
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
    verify_export: async ({ onProgress }) => {
      for (let i = 1; i <= 3; i++) {
        onProgress.onmessage?.({ done: i, total: 3 });
        await new Promise((r) => setTimeout(r, 300));
      }
      return { ok: 2, changed: ["archive-001.zip"], missing: [] };
    },
    open_folder: () => null,
    grants: () => grants,
    sign_out: ({ id }) => ({ ...grants.find((g) => g.id === id), state: "revoked" }),
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
      const button = document.querySelector(`#nav [data-view="${view}"]`);
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
  // ?click=<selector> clicks that element once it exists (to show an error, a dialog…).
  const click = params.get("click");
  if (click) {
    const run = () => {
      const target = document.querySelector(click);
      if (!target) return setTimeout(run, 50);
      target.click();
    };
    addEventListener("DOMContentLoaded", () => setTimeout(run, 300));
  }
  const lang = params.get("lang");
  if (lang) localStorage.setItem("language", lang);
})();
