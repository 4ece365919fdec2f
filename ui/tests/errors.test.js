import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR_CODES, errorCode, errorMessage, problemMessage } from "../errors.js";
import { strings } from "../i18n.js";

test("every error code of the contract has a message in both languages", () => {
  assert.equal(ERROR_CODES.length, 21);
  for (const code of ERROR_CODES) {
    for (const language of ["en", "zh-TW"]) {
      assert.ok(strings[language][`error.${code}`], `${language}: error.${code}`);
    }
  }
});

test("the message comes from the code, never from the backend's English", () => {
  const rejected = { code: "disk", message: "No space left on device (os error 28)" };
  assert.equal(errorMessage("en", rejected), "The backup folder cannot be written to, or it is full.");
  assert.equal(errorMessage("zh-TW", rejected), "無法寫入備份資料夾，或資料夾已滿。");
  assert.ok(!errorMessage("en", rejected).includes("os error"));
});

test("a folder nothing could open is named, with what to install, in both languages", () => {
  const rejected = { code: "no_opener", message: "no program opened the folder", path: "/home/ana/Carryout/youtube" };
  const en = errorMessage("en", rejected);
  assert.match(en, /No program to open folders/);
  assert.match(en, /xdg-utils/);
  assert.ok(en.endsWith("/home/ana/Carryout/youtube"), en);
  assert.ok(errorMessage("zh-TW", rejected).endsWith("/home/ana/Carryout/youtube"));
  assert.ok(!en.includes("no longer exists"), "not the message for a folder that is gone");
});

test("anything unexpected is shown as an internal error", () => {
  assert.equal(errorCode("command start_demo not found"), "internal");
  assert.equal(errorCode({ code: "weird", message: "x" }), "internal");
  assert.equal(errorCode(undefined), "internal");
  assert.equal(errorCode(new Error("boom")), "internal");
  assert.equal(errorCode({ code: "network" }), "network");
  assert.equal(errorMessage("en", null), strings.en["error.internal"]);
});

test("row problems are translated by code", () => {
  assert.equal(problemMessage("en", { code: "gone", message: "404" }), strings.en["problem.gone"]);
  assert.equal(problemMessage("zh-TW", { code: "new_code" }), strings["zh-TW"]["problem.unknown"]);
  assert.equal(problemMessage("en", null), strings.en["problem.unknown"]);
});

test("a reset that would lose exports has its own code, whatever else the error carries", () => {
  const error = { code: "reset_would_lose", message: "2 exports not on disk", groups: ["chrome.history"] };
  assert.equal(errorCode(error), "reset_would_lose");
  assert.match(errorMessage("en", error), /not saved to this computer/);
  assert.match(errorMessage("zh-TW", error), /重設/);
});
