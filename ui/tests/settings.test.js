import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, themeAttribute, withChange } from "../settings.js";

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

test("the page follows the system unless a theme is chosen", () => {
  assert.equal(themeAttribute("system"), null);
  assert.equal(themeAttribute("dark"), "dark");
  assert.equal(themeAttribute("light"), "light");
  assert.equal(themeAttribute(undefined), null);
});
