// The Access view's logic: when a sign-in can be renewed, how urgent its end is, what a
// check after a renewal found, who can consent again, and the steps of a reset.
// Pure: no DOM, no Tauri.
import { toMillis } from "./format.js";
import { serviceName, t } from "./i18n.js";
import { GRANT_NOTICE_DAYS, RECONSENT_BEFORE_HOURS } from "./generated/vocabulary.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
// A sign-in is soon to end from the first notice, and urgent from the last (a Testing
// client's from twice, and then once, the time a new consent is offered before its end).
const NOTICES = { soon: Math.max(...GRANT_NOTICE_DAYS) * DAY, urgent: Math.min(...GRANT_NOTICE_DAYS) * DAY };
const TESTING = { soon: 2 * RECONSENT_BEFORE_HOURS * HOUR, urgent: RECONSENT_BEFORE_HOURS * HOUR };

/**
 * What the person can do about a sign-in's end at `now` (ms):
 * - {kind: "testing"}: a Testing client's sign-in; it cannot be renewed, only consented again;
 * - {kind: "ready"}: a Production time-based sign-in whose `renewable_from` has passed;
 * - {kind: "wait", from}: the same before `renewable_from` (the time renewal opens);
 * - {kind: "none"}: nothing (one-time access, or not active).
 */
export function renewal(grant, now) {
  if (!grant || grant.state !== "active") return { kind: "none" };
  if (grant.testing) return { kind: "testing" };
  if (!grant.renewable_from) return { kind: "none" };
  const from = toMillis(grant.renewable_from);
  if (Number.isNaN(from)) return { kind: "none" };
  return toMillis(now) >= from ? { kind: "ready" } : { kind: "wait", from: grant.renewable_from };
}

/**
 * How near a sign-in's end is: "ended", "urgent", "soon", "calm", or null when it has no end.
 * Production sign-ins are urgent within 3 days and soon within 14 (when Carryout warns); a
 * Testing client's, which last 7 days, within 1 and 2.
 */
export function urgency(grant, now) {
  const end = toMillis(grant?.refresh_expires_at);
  if (Number.isNaN(end)) return null;
  const left = end - toMillis(now);
  if (left <= 0) return "ended";
  const { urgent, soon } = grant.testing ? TESTING : NOTICES;
  if (left <= urgent) return "urgent";
  if (left <= soon) return "soon";
  return "calm";
}

/** What `check_grant` found after a renewal: "renewed" (it ends later), "ended" (no longer
 * active) or "unchanged". */
export function checkOutcome(before, after) {
  if (!after || after.state !== "active") return "ended";
  const was = toMillis(before?.refresh_expires_at);
  const is = toMillis(after.refresh_expires_at);
  if (Number.isNaN(is)) return "unchanged";
  return Number.isNaN(was) || is > was ? "renewed" : "unchanged";
}

/** Whether "Consent again" (`reconsent`) is offered: for a Testing client's sign-in that was
 * not signed out, and for any sign-in that expired. */
export function canReconsent(grant) {
  if (!grant || grant.state === "revoked") return false;
  return Boolean(grant.testing) || grant.state === "expired";
}

/** Whether any sign-in that still counts comes from a Testing client (its limits are said
 * once, above the sign-ins). */
export function anyTesting(grants) {
  return (grants ?? []).some((g) => g.testing && g.state !== "revoked");
}

/**
 * A sign-in's name, by the services its groups belong to (`catalog`: the catalog's groups, in
 * catalog order): "YouTube", "YouTube and Maps", "My Activity and 3 more services" — the
 * service holding most of its groups first; null when it holds no group of the catalog.
 */
export function grantName(language, grant, catalog) {
  const held = new Set(Object.keys(grant?.resources ?? {}));
  const counts = new Map();
  for (const group of catalog ?? []) {
    if (held.has(group.id)) counts.set(group.service, (counts.get(group.service) ?? 0) + 1);
  }
  // Map keeps catalog order; the sort is stable, so ties stay in it.
  const services = [...counts].sort((a, b) => b[1] - a[1]).map(([service]) => serviceName(language, service));
  if (services.length === 0) return null;
  if (services.length === 1) return services[0];
  if (services.length === 2) return t(language, "grantNameTwo", { first: services[0], second: services[1] });
  return t(language, "grantNameMore", { first: services[0], count: services.length - 1 });
}

/** `grants` with the one of the same id replaced by `grant` (added when it is new). */
export function replaceGrant(grants, grant) {
  const list = grants ?? [];
  return list.some((g) => g.id === grant.id)
    ? list.map((g) => (g.id === grant.id ? grant : g))
    : [...list, grant];
}

/** The reset before anything happened. */
export const RESET_IDLE = Object.freeze({ phase: "idle" });

/**
 * The reset's steps: idle → resetting → done, or → would_lose (the core refused because
 * exports not on disk would be lost; `groups` names them) → resetting (forced) → done.
 * Actions: {type: "start", force}, {type: "done", report}, {type: "failed", error},
 * {type: "cancel"} (back to idle from would_lose or done).
 */
export function resetStep(state, action) {
  switch (action.type) {
    case "start":
      if (state.phase === "resetting") return state;
      if (action.force && state.phase !== "would_lose") return state;
      return { phase: "resetting", force: Boolean(action.force) };
    case "done":
      if (state.phase !== "resetting") return state;
      return { phase: "done", report: { revoked: action.report?.revoked ?? [], lost: action.report?.lost ?? [] } };
    case "failed": {
      if (state.phase !== "resetting") return state;
      const error = action.error;
      if (!state.force && error?.code === "reset_would_lose") {
        return { phase: "would_lose", groups: Array.isArray(error.groups) ? error.groups : [] };
      }
      return RESET_IDLE;
    }
    case "cancel":
      return state.phase === "resetting" ? state : RESET_IDLE;
    default:
      return state;
  }
}
