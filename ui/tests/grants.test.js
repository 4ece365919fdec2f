import { test } from "node:test";
import assert from "node:assert/strict";
import {
  RESET_IDLE,
  anyTesting,
  canReconsent,
  checkOutcome,
  grantName,
  renewal,
  replaceGrant,
  resetStep,
  urgency,
} from "../grants.js";

const NOW = Date.parse("2025-03-12T10:00:00Z");
const DAY = 86_400_000;
const at = (days) => new Date(NOW + days * DAY).toISOString();

function grant(extra = {}) {
  return {
    id: "g1",
    resources: { "myactivity.search": "time_based" },
    created_at: at(-10),
    refresh_expires_at: at(170),
    state: "active",
    testing: false,
    renewable_from: at(80),
    ...extra,
  };
}

test("a Production time-based sign-in can be renewed from renewable_from on", () => {
  assert.deepEqual(renewal(grant(), NOW), { kind: "wait", from: at(80) });
  assert.deepEqual(renewal(grant({ renewable_from: at(-1) }), NOW), { kind: "ready" });
  assert.deepEqual(renewal(grant({ renewable_from: at(0) }), NOW), { kind: "ready" }, "the very moment counts");
});

test("a Testing client's sign-in is never renewable; one-time and ended ones offer nothing", () => {
  assert.deepEqual(renewal(grant({ testing: true, renewable_from: null }), NOW), { kind: "testing" });
  assert.deepEqual(renewal(grant({ testing: true, renewable_from: at(-1) }), NOW), { kind: "testing" });
  assert.deepEqual(renewal(grant({ renewable_from: null, refresh_expires_at: null }), NOW), { kind: "none" });
  assert.deepEqual(renewal(grant({ state: "expired", renewable_from: at(-1) }), NOW), { kind: "none" });
  assert.deepEqual(renewal(grant({ state: "revoked" }), NOW), { kind: "none" });
  assert.deepEqual(renewal(grant({ renewable_from: "not a time" }), NOW), { kind: "none" });
  assert.deepEqual(renewal(null, NOW), { kind: "none" });
});

test("an end grows urgent when Carryout warns of it", () => {
  assert.equal(urgency(grant({ refresh_expires_at: at(30) }), NOW), "calm");
  assert.equal(urgency(grant({ refresh_expires_at: at(14) }), NOW), "soon");
  assert.equal(urgency(grant({ refresh_expires_at: at(3) }), NOW), "urgent");
  assert.equal(urgency(grant({ refresh_expires_at: at(-1) }), NOW), "ended");
  assert.equal(urgency(grant({ refresh_expires_at: null }), NOW), null);
  // A Testing client's sign-in lasts 7 days: only its last two are worth a colour.
  assert.equal(urgency(grant({ testing: true, refresh_expires_at: at(5) }), NOW), "calm");
  assert.equal(urgency(grant({ testing: true, refresh_expires_at: at(1.5) }), NOW), "soon");
  assert.equal(urgency(grant({ testing: true, refresh_expires_at: at(0.5) }), NOW), "urgent");
});

test("a check after renewing tells renewed from unchanged and ended", () => {
  const before = grant({ refresh_expires_at: at(10), renewable_from: at(-80) });
  assert.equal(checkOutcome(before, grant({ refresh_expires_at: at(180) })), "renewed");
  assert.equal(checkOutcome(before, grant({ refresh_expires_at: at(10) })), "unchanged");
  assert.equal(checkOutcome(before, grant({ state: "revoked", refresh_expires_at: at(10) })), "ended");
  assert.equal(checkOutcome(before, null), "ended");
  assert.equal(checkOutcome(undefined, grant()), "renewed", "nothing to compare with: its end is news");
  assert.equal(checkOutcome(before, grant({ refresh_expires_at: null })), "unchanged");
});

test("Consent again is offered to Testing sign-ins and expired ones, never to signed-out ones", () => {
  assert.equal(canReconsent(grant({ testing: true })), true);
  assert.equal(canReconsent(grant({ testing: true, state: "expired" })), true);
  assert.equal(canReconsent(grant({ state: "expired" })), true);
  assert.equal(canReconsent(grant()), false);
  assert.equal(canReconsent(grant({ testing: true, state: "revoked" })), false);
  assert.equal(anyTesting([grant(), grant({ id: "g2", testing: true })]), true);
  assert.equal(anyTesting([grant({ testing: true, state: "revoked" })]), false);
  assert.equal(anyTesting(null), false);
});

test("an updated sign-in replaces the one with its id, or is added", () => {
  const list = [grant(), grant({ id: "g2" })];
  const renewed = grant({ refresh_expires_at: at(300) });
  assert.deepEqual(replaceGrant(list, renewed).map((g) => [g.id, g.refresh_expires_at]), [["g1", at(300)], ["g2", at(170)]]);
  assert.deepEqual(replaceGrant(null, renewed).map((g) => g.id), ["g1"]);
  assert.deepEqual(replaceGrant(list, grant({ id: "g9" })).map((g) => g.id), ["g1", "g2", "g9"]);
});

test("a reset with nothing to lose goes straight to its report", () => {
  let state = resetStep(RESET_IDLE, { type: "start", force: false });
  assert.deepEqual(state, { phase: "resetting", force: false });
  assert.equal(resetStep(state, { type: "start", force: false }), state, "one reset at a time");
  state = resetStep(state, { type: "done", report: { revoked: ["g1", "g2"], lost: [] } });
  assert.deepEqual(state, { phase: "done", report: { revoked: ["g1", "g2"], lost: [] } });
  assert.equal(resetStep(state, { type: "cancel" }), RESET_IDLE);
});

test("a reset that would lose exports asks again, and only then forces", () => {
  assert.equal(resetStep(RESET_IDLE, { type: "start", force: true }), RESET_IDLE, "no forcing without the question");
  let state = resetStep(RESET_IDLE, { type: "start", force: false });
  const error = { code: "reset_would_lose", message: "x", groups: ["chrome.history", "maps.reviews"] };
  state = resetStep(state, { type: "failed", error });
  assert.deepEqual(state, { phase: "would_lose", groups: ["chrome.history", "maps.reviews"] });
  assert.equal(resetStep(state, { type: "cancel" }), RESET_IDLE, "keeping the exports ends the reset");
  state = resetStep(state, { type: "start", force: true });
  assert.deepEqual(state, { phase: "resetting", force: true });
  state = resetStep(state, { type: "done", report: { revoked: ["g1"], lost: ["chrome.history"] } });
  assert.deepEqual(state.report.lost, ["chrome.history"]);
});

test("other failures end the reset; stray answers change nothing", () => {
  const running = resetStep(RESET_IDLE, { type: "start", force: false });
  assert.equal(resetStep(running, { type: "failed", error: { code: "network" } }), RESET_IDLE);
  const forced = { phase: "resetting", force: true };
  assert.equal(resetStep(forced, { type: "failed", error: { code: "reset_would_lose", groups: [] } }), RESET_IDLE);
  assert.deepEqual(
    resetStep(running, { type: "failed", error: { code: "reset_would_lose" } }),
    { phase: "would_lose", groups: [] },
    "groups missing: the question is still asked",
  );
  assert.equal(resetStep(RESET_IDLE, { type: "done", report: {} }), RESET_IDLE);
  assert.equal(resetStep(RESET_IDLE, { type: "failed", error: {} }), RESET_IDLE);
  assert.equal(resetStep(running, { type: "cancel" }), running, "a running reset cannot be cancelled");
  assert.deepEqual(resetStep(running, { type: "done", report: null }), { phase: "done", report: { revoked: [], lost: [] } });
  assert.equal(resetStep(running, { type: "mystery" }), running);
});

const CATALOG = [
  { id: "myactivity.search", service: "myactivity" },
  { id: "myactivity.youtube", service: "myactivity" },
  { id: "youtube.history", service: "youtube" },
  { id: "youtube.subscriptions", service: "youtube" },
  { id: "youtube.playlists", service: "youtube" },
  { id: "maps.reviews", service: "maps" },
  { id: "chrome.history", service: "chrome" },
];
const holding = (...ids) => ({ id: "g", resources: Object.fromEntries(ids.map((id) => [id, "time_based"])) });

test("a sign-in is named by what it covers, its largest service first", () => {
  assert.equal(grantName("en", holding("youtube.history", "youtube.playlists"), CATALOG), "YouTube");
  assert.equal(grantName("en", holding("maps.reviews", "youtube.history", "youtube.playlists"), CATALOG), "YouTube and Google Maps");
  assert.equal(
    grantName("en", holding("myactivity.search", "youtube.history", "youtube.subscriptions", "maps.reviews", "chrome.history"), CATALOG),
    "YouTube and 3 more services",
  );
  assert.equal(grantName("en", holding("myactivity.search", "maps.reviews", "chrome.history"), CATALOG), "My Activity and 2 more services", "ties keep catalog order");
  assert.equal(grantName("zh-TW", holding("myactivity.search", "maps.reviews", "chrome.history"), CATALOG), "我的活動及另外 2 項服務");
  assert.equal(grantName("en", holding("unknown.group"), CATALOG), null);
  assert.equal(grantName("en", { id: "g" }, CATALOG), null);
});

test("four sign-ins of one backup get four different names", () => {
  const ids = CATALOG.map((g) => g.id);
  const grants = [holding(...ids.slice(0, 2)), holding(...ids.slice(2, 5)), holding(...ids.slice(5, 6)), holding(...ids.slice(6))];
  const names = grants.map((g) => grantName("en", g, CATALOG));
  assert.deepEqual(names, ["My Activity", "YouTube", "Google Maps", "Chrome"]);
});
