import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, REPOSITORY_TEXT, themeAttribute, withChange } from "../settings.js";
import { LANGUAGES, strings } from "../i18n.js";

test("a change keeps the other settings and stays within limits", () => {
  const saved = { ...DEFAULT_SETTINGS, theme: "dark", language: "zh-TW" };
  assert.deepEqual(withChange(saved, "parallel_downloads", "5"), { ...saved, parallel_downloads: 5 });
  assert.equal(withChange(saved, "parallel_downloads", 40).parallel_downloads, 8);
  assert.equal(withChange(saved, "parallel_downloads", 0).parallel_downloads, 1);
  assert.equal(withChange(saved, "parallel_downloads", "many").parallel_downloads, 3);
  assert.equal(withChange(saved, "theme", "purple").theme, "system");
  assert.equal(withChange(saved, "language", "").language, null);
  assert.equal(withChange(null, "keep_in_tray", true).keep_in_tray, true);
});

test("what the history keeps stays within its limits, one count at a time", () => {
  const saved = { ...DEFAULT_SETTINGS };
  const keep = (change) => withChange(saved, "retention", { ...saved.retention, ...change }).retention;
  assert.deepEqual(keep({ daily: "30" }), { last: 3, daily: 30, weekly: 8, monthly: 12 });
  assert.equal(keep({ last: 0 }).last, 1, "the newest is always kept");
  assert.equal(keep({ weekly: 0 }).weekly, 0);
  assert.equal(keep({ monthly: 5000 }).monthly, 1000);
  assert.equal(keep({ daily: "" }).daily, 14, "an emptied field is the default");
  assert.equal(withChange(saved, "history", false).history, false);
});

test("the page follows the system unless a theme is chosen", () => {
  assert.equal(themeAttribute("system"), null);
  assert.equal(themeAttribute("dark"), "dark");
  assert.equal(themeAttribute("light"), "light");
  assert.equal(themeAttribute(undefined), null);
});

test("what a place chosen for the history holds is said in every language", () => {
  assert.deepEqual(Object.keys(REPOSITORY_TEXT), ["new", "opens", "needs_password"]);
  for (const language of LANGUAGES) {
    for (const key of Object.values(REPOSITORY_TEXT)) {
      assert.equal(typeof strings[language][key], "string", `${language}: ${key}`);
    }
  }
});
