// Schedules: which groups a schedule may hold (those a 30- or 180-day sign-in covers), the
// bounds of its repeat, and what the form may add. Pure: no DOM, no Tauri.
import { EVERY_DAYS_MAX } from "./generated/vocabulary.js";

export const EVERY_DAYS_MIN = 1;
export { EVERY_DAYS_MAX };

/** Groups an active time-based sign-in covers, in the order first seen. */
export function schedulableGroups(grants) {
  const groups = [];
  for (const grant of grants ?? []) {
    if (grant.state !== "active") continue;
    for (const [group, access] of Object.entries(grant.resources ?? {})) {
      if (access === "time_based" && !groups.includes(group)) groups.push(group);
    }
  }
  return groups;
}

/** Of `groups`, those no schedule holds yet. */
export function unscheduled(groups, schedules) {
  const held = new Set((schedules ?? []).flatMap((s) => s.groups));
  return groups.filter((g) => !held.has(g));
}

/** The repeat typed in the form as a whole number of days, or null when out of bounds. */
export function parseEveryDays(text) {
  const trimmed = String(text ?? "").trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= EVERY_DAYS_MIN && days <= EVERY_DAYS_MAX ? days : null;
}

/** Whether the form can add a schedule: some groups ticked and a valid repeat. */
export function canAdd(selected, everyDaysText) {
  return selected.size > 0 && parseEveryDays(everyDaysText) !== null;
}
