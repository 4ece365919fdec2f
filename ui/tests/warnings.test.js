import { test } from "node:test";
import assert from "node:assert/strict";
import {
  WARNING_CODES,
  alarmsByDir,
  describeWarning,
  orderWarnings,
  warningsFor,
  targetOf,
  toneOf,
  warningText,
} from "../warnings.js";
import { strings } from "../i18n.js";

function warning(id, code, extra = {}) {
  return { id, export_id: null, grant_id: null, code, message: "", created_at: `2025-03-12T10:0${id}:00Z`, ...extra };
}

const rows = [
  { id: 1, group: "myactivity.maps", state: "verified", export_dir: "/b/myactivity.maps/2025" },
  { id: 2, group: "youtube.comments", state: "downloading", export_dir: null },
];
const grants = [{ id: "g1", created_at: "2025-03-01T09:30:00Z", resources: {}, state: "active" }];
const groupName = (id) => `<${id}>`;

test("every warning code of the contract has a text that says what to do, in both languages", () => {
  assert.deepEqual(WARNING_CODES.sort(), [
    "archive_expiring",
    "data_shrank",
    "engine_stopped",
    "grant_expiring",
    "history_made",
    "history_not_kept",
    "library_changed",
    "reconsent_due",
    "testing_limit",
    "window_per_client",
  ]);
  for (const code of [...WARNING_CODES, "unknown"]) {
    for (const language of ["en", "zh-TW"]) {
      assert.ok(strings[language][`warning.${code}`], `${language}: warning.${code}`);
    }
  }
  assert.match(warningText("en", "grant_expiring"), /Renew it in Access/);
  assert.match(warningText("en", "reconsent_due"), /Consent again in Access/);
  assert.match(warningText("en", "library_changed"), /Library/);
  assert.match(warningText("en", "history_made"), /password/);
  assert.match(warningText("zh-TW", "history_made"), /密碼/);
  assert.match(warningText("zh-TW", "grant_expiring"), /續期/);
  assert.match(warningText("zh-TW", "reconsent_due"), /重新同意/);
});

test("an unknown code falls back to a generic text, and names fall back to neutral phrases", () => {
  assert.equal(warningText("en", "brand_new"), "Carryout noticed something about an export that needs a look.");
  assert.match(warningText("en", "data_shrank"), /newest export of an export/);
  assert.match(warningText("en", "grant_expiring"), /for a sign-in\./);
  assert.match(warningText("zh-TW", "archive_expiring", { group: "我的活動「地圖」" }), /刪除 我的活動「地圖」 的封存檔/);
});

test("data loss is loud, ending sign-ins warn, the rest is calm", () => {
  for (const code of ["data_shrank", "library_changed", "archive_expiring"]) assert.equal(toneOf(code), "alarm", code);
  for (const code of ["grant_expiring", "reconsent_due", "brand_new"]) assert.equal(toneOf(code), "warn", code);
  for (const code of ["window_per_client", "testing_limit"]) assert.equal(toneOf(code), "calm", code);
  assert.equal(targetOf("grant_expiring"), "access");
  assert.equal(targetOf("reconsent_due"), "access");
  assert.equal(targetOf("library_changed"), "library");
  assert.equal(targetOf("data_shrank"), "library");
  assert.equal(targetOf("archive_expiring"), "exports");
  assert.equal(targetOf("window_per_client"), null);
});

test("a warning names its export's data or its sign-in, and shows the files the core names", () => {
  const shrank = describeWarning("en", warning(1, "data_shrank", { export_id: 1, message: "MyActivity.json: 120 → 80" }), { rows, grants, groupName });
  assert.equal(shrank.tone, "alarm");
  assert.equal(shrank.target, "library");
  assert.match(shrank.text, /newest export of <myactivity\.maps>/);
  assert.equal(shrank.detail, "MyActivity.json: 120 → 80");
  const ending = describeWarning("en", warning(2, "grant_expiring", { grant_id: "g1", message: "ends in 3 days" }), {
    rows,
    grants,
    groupName,
    timeZone: "UTC",
  });
  assert.equal(ending.text, "Access ends soon for the sign-in of 1 Mar 2025, 09:30. Renew it in Access to keep backing up.");
  assert.equal(ending.detail, null, "the core's English is not shown where our text says it all");
  const named = describeWarning("en", warning(2, "grant_expiring", { grant_id: "g2" }), {
    grants: [{ id: "g2", created_at: "2025-03-01T09:30:00Z", resources: { "youtube.history": "time_based", "maps.reviews": "time_based" } }],
    catalog: [
      { id: "youtube.history", service: "youtube" },
      { id: "maps.reviews", service: "maps" },
    ],
  });
  assert.match(named.text, /for the sign-in for YouTube and Google Maps\./);
  const lost = describeWarning("en", warning(3, "grant_expiring", { grant_id: "gone" }), { rows, grants: null, groupName });
  assert.match(lost.text, /for a sign-in\./);
  const unknown = describeWarning("zh-TW", warning(4, "brand_new", { message: "details" }), {});
  assert.equal(unknown.detail, "details");
  assert.equal(unknown.tone, "warn");
});

test("alarms come first, then warnings, then notes; newest first within each", () => {
  const list = [warning(1, "window_per_client"), warning(2, "data_shrank"), warning(3, "grant_expiring"), warning(4, "archive_expiring"), warning(5, "testing_limit")];
  assert.deepEqual(orderWarnings(list).map((w) => w.id), [4, 2, 3, 5, 1]);
  assert.deepEqual(list.map((w) => w.id), [1, 2, 3, 4, 5], "the input is not sorted in place");
});

test("four sign-ins' window notes are one note, on Back up and Exports only, dismissed together", () => {
  const list = [
    warning(1, "window_per_client", { grant_id: "a" }),
    warning(2, "window_per_client", { grant_id: "b" }),
    warning(3, "grant_expiring", { grant_id: "a" }),
    warning(4, "window_per_client", { grant_id: "c" }),
    warning(5, "window_per_client", { grant_id: "d" }),
  ];
  for (const view of ["pick", "exports"]) {
    const shown = warningsFor(list, view);
    assert.deepEqual(shown.map((s) => s.warning.code), ["grant_expiring", "window_per_client"], view);
    assert.deepEqual([...shown[1].ids].sort(), [1, 2, 4, 5]);
    assert.deepEqual(shown[0].ids, [3]);
  }
  for (const view of ["library", "access", "schedules", "settings"]) {
    assert.deepEqual(warningsFor(list, view).map((s) => s.warning.id), [3], view);
  }
  assert.deepEqual(warningsFor([], "exports"), []);
});

test("a data-loss warning reaches the library entry through its export's folder", () => {
  const warnings = [
    warning(1, "data_shrank", { export_id: 1 }),
    warning(2, "data_shrank", { export_id: 2 }), // no folder yet
    warning(3, "data_shrank", { export_id: 99 }), // unknown export
    warning(4, "archive_expiring", { export_id: 1 }), // not an alarm of the library
    warning(5, "library_changed", { export_id: 1 }),
    warning(6, "library_changed"),
  ];
  const alarms = alarmsByDir(warnings, rows);
  assert.deepEqual([...alarms.keys()], ["/b/myactivity.maps/2025"]);
  assert.deepEqual(alarms.get("/b/myactivity.maps/2025").map((w) => w.id), [1, 5]);
  assert.deepEqual([...alarmsByDir(warnings, rows, ["data_shrank"]).get("/b/myactivity.maps/2025")].map((w) => w.id), [1]);
  assert.equal(alarmsByDir([], rows).size, 0);
});
