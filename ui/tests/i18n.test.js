import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strings, t, pickLanguage, serviceName, groupText, pluralCategory, joinList, shortList } from "../i18n.js";
import { groupsZhTW } from "../groups-zh-TW.js";

const catalogPath = fileURLToPath(new URL("../../src/catalog.rs", import.meta.url));
const catalog = [
  ...readFileSync(catalogPath, "utf8").matchAll(
    /(?:timed|group)\("([^"]+)",\s*(\w+),\s*"([^"]+)",\s*"([^"]+)"\)/g,
  ),
].map(([, id, service, label, description]) => ({ id, service, label, description }));

// Proper names that stay the same in Traditional Chinese.
const SAME_IN_BOTH = new Set(["YouTube", "Chrome", "Google Play", "Nest", "Pixel"]);
// Keys whose text is only punctuation around placeholders.
const STRUCTURAL = new Set(["durationJoin"]);

function placeholders(value) {
  const texts = typeof value === "object" ? Object.values(value) : [value];
  return texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
}

test("the catalog parses into all 73 groups", () => {
  assert.equal(catalog.length, 73);
  assert.equal(new Set(catalog.map((g) => g.id)).size, 73);
});

test("English and Chinese have the same keys", () => {
  const en = Object.keys(strings.en).sort();
  const zh = Object.keys(strings["zh-TW"]).sort();
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], "keys only in zh-TW");
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], "keys only in en");
});

test("plural entries have an `other` form in both languages, and the same placeholders", () => {
  for (const [key, en] of Object.entries(strings.en)) {
    const zh = strings["zh-TW"][key];
    assert.equal(typeof zh, typeof en, key);
    if (typeof en === "object") {
      assert.ok(en.one && en.other, `${key}: English needs one and other`);
      assert.ok(zh.other, `${key}: Chinese needs other`);
    }
    const enNames = new Set(placeholders(en));
    const zhNames = new Set(placeholders(zh));
    assert.deepEqual([...zhNames].sort(), [...enNames].sort(), `${key}: placeholders differ`);
  }
});

test("no Chinese text is left in English, except proper names", () => {
  for (const [key, en] of Object.entries(strings.en)) {
    const zh = strings["zh-TW"][key];
    if (typeof en === "string" && zh === en && !STRUCTURAL.has(key)) {
      assert.ok(SAME_IN_BOTH.has(en), `${key} is untranslated: ${en}`);
    }
  }
  for (const group of catalog) {
    const [label, description] = groupsZhTW[group.id] ?? [];
    assert.notEqual(label, group.label, `${group.id}: label untranslated`);
    assert.notEqual(description, group.description, `${group.id}: description untranslated`);
  }
});

test("every group of the catalog has a Chinese label and description, and no others", () => {
  for (const group of catalog) {
    const entry = groupsZhTW[group.id];
    assert.ok(entry, `${group.id} has no zh-TW entry`);
    assert.ok(entry[0].trim() && entry[1].trim(), `${group.id}: empty text`);
    assert.match(entry[0], /[\u4e00-\u9fff]/, `${group.id}: label has no Chinese`);
  }
  const ids = new Set(catalog.map((g) => g.id));
  assert.deepEqual(Object.keys(groupsZhTW).filter((id) => !ids.has(id)), []);
});

test("Chinese labels are unique within a service", () => {
  const seen = new Set();
  for (const group of catalog) {
    const key = `${group.service}/${groupsZhTW[group.id][0]}`;
    assert.ok(!seen.has(key), `duplicate label ${key}`);
    seen.add(key);
  }
});

test("every service of the catalog has a name in both languages", () => {
  const services = new Set(
    catalog.map((g) => g.service.replace("OrderReserve", "order_reserve").toLowerCase()),
  );
  assert.equal(services.size, 15);
  for (const service of services) {
    assert.notEqual(serviceName("en", service), service, service);
    assert.notEqual(serviceName("zh-TW", service), service, service);
  }
  assert.equal(serviceName("zh-TW", "maps"), "Google 地圖");
  assert.equal(serviceName("en", "mystery"), "mystery");
});

test("t fills placeholders and picks plural forms", () => {
  assert.equal(t("en", "libFiles", { count: 1 }), "1 file");
  assert.equal(t("en", "libFiles", { count: 2 }), "2 files");
  assert.equal(t("en", "libFiles", { count: 0 }), "0 files");
  assert.equal(t("zh-TW", "libFiles", { count: 1 }), "1 個檔案");
  assert.equal(t("en", "consentOpening", { batch: 1, batches: 2 }), "Opening your browser… consent 1 of 2");
  assert.equal(t("zh-TW", "consentOpening", { batch: 1, batches: 2 }), "正在開啟瀏覽器… 第 1 次同意，共 2 次");
  assert.equal(t("en", "no.such.key"), "no.such.key");
  assert.equal(pluralCategory("en", 1), "one");
  assert.equal(pluralCategory("zh-TW", 1), "other");
});

test("the language is the saved one, else the system's, else English", () => {
  assert.equal(pickLanguage("zh-TW", ["en-GB"]), "zh-TW");
  assert.equal(pickLanguage(null, ["zh-Hant-TW", "en"]), "zh-TW");
  assert.equal(pickLanguage(null, ["zh-HK"]), "zh-TW");
  assert.equal(pickLanguage(null, ["de-DE", "en-US"]), "en");
  assert.equal(pickLanguage("fr", ["de"]), "en");
  assert.equal(pickLanguage(null, []), "en");
});

test("group texts: English from the backend, Chinese from our table", () => {
  const group = catalog.find((g) => g.id === "youtube.comments");
  assert.deepEqual(groupText("en", group), { label: "Comments", description: group.description });
  assert.equal(groupText("zh-TW", group).label, "留言");
  assert.equal(groupText("zh-TW", { id: "new.group", label: "New" }).label, "New");
  assert.equal(joinList("zh-TW", ["甲", "乙"]), "甲、乙");
  assert.equal(joinList("en", ["a", "b"]), "a, b");
});

// Every key the UI names literally: tr("key"), t(language, "key"), data-i18n="key" and
// data-i18n-attr="attr:key" in the pages, and the key tables of the views and modules.
function usedKeys() {
  const dir = new URL("../", import.meta.url);
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".html")),
    ...readdirSync(new URL("views/", dir)).map((f) => `views/${f}`),
  ];
  const keys = new Map();
  const add = (key, file) => keys.set(key, file);
  for (const file of files) {
    const text = readFileSync(new URL(file, dir), "utf8");
    for (const m of text.matchAll(/\btr?\(\s*(?:[\w.]+\s*,\s*)?"([\w.]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/data-i18n="(\w+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g)) {
      for (const pair of m[1].split(";")) add(pair.split(":")[1], file);
    }
    // Tables of keys: ["libAlarmTitle", "libAlarmText"], {incremental: ["markIncremental", …]}.
    for (const m of text.matchAll(/\[\s*"(\w+)",\s*"(\w+)"(?:,\s*"[\w-]+")?\s*\]/g)) {
      for (const key of [m[1], m[2]]) if (key in strings.en || /^[a-z]+[A-Z]/.test(key)) add(key, file);
    }
  }
  return keys;
}

test("every key the UI uses exists in both languages", () => {
  const keys = usedKeys();
  assert.ok(keys.size > 150, `found only ${keys.size} keys`);
  for (const [key, file] of keys) {
    assert.ok(key in strings.en, `${file}: "${key}" has no English text`);
    assert.ok(key in strings["zh-TW"], `${file}: "${key}" has no Chinese text`);
  }
});

test("keys the UI builds at run time exist for every value they are built from", () => {
  const families = {
    "warningLevel.": ["alarm", "warn", "calm"],
    "grant.": ["active", "expired", "revoked"],
    "access.": ["one_time", "time_based"],
    nav: ["Pick", "Exports", "Library", "Access"],
  };
  for (const [prefix, values] of Object.entries(families)) {
    for (const value of values) {
      for (const language of ["en", "zh-TW"]) {
        assert.ok(strings[language][`${prefix}${value}`], `${language}: ${prefix}${value}`);
      }
    }
  }
});

test("Chinese texts hold no English words but the names the end-to-end test allows", () => {
  // The end-to-end test switches to Traditional Chinese and fails on English left on screen;
  // this finds such words without a webview. Same rule: words of three letters or more,
  // tokens with a slash skipped, names compared without case.
  const e2e = readFileSync(fileURLToPath(new URL("../../src-tauri/tests/e2e.rs", import.meta.url)), "utf8");
  const list = e2e.match(/const NAMES: &\[&str\] = &\[([\s\S]*?)\];/);
  assert.ok(list, "NAMES not found in e2e.rs");
  const names = new Set([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1].toLowerCase()));
  // `carryout run` is a command's name, shown only while another Carryout drives the exports;
  // `xdg-utils` a Linux package's, shown only when nothing can open a folder.
  const COMMAND = new Set(["engineElsewhere", "error.engine_elsewhere", "error.no_opener"]);
  for (const [key, value] of Object.entries(strings["zh-TW"])) {
    if (COMMAND.has(key)) continue;
    for (const text of typeof value === "object" ? Object.values(value) : [value]) {
      const words = text
        .replace(/\{\w+\}/g, " ")
        .split(/\s+/)
        .filter((token) => !/[/\\]/.test(token))
        .flatMap((token) => token.split(/[^A-Za-z_]+/))
        .filter((w) => w.length >= 3 && !names.has(w.toLowerCase()));
      assert.deepEqual(words, [], `${key}: English in Chinese text`);
    }
  }
});

test("a long list is cut to its first names and how many more, in both languages", () => {
  const names = ["A", "B", "C", "D", "E", "F"];
  assert.equal(shortList("en", names.slice(0, 4)), "A, B, C, D");
  assert.equal(shortList("en", names), "A, B, C and 3 more");
  assert.equal(shortList("zh-TW", names), "A、B、C及另外 3 項");
  assert.equal(shortList("en", names, 2), "A and 5 more");
});
