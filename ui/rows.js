// What each export row and the summary say, as plain data the Exports view draws.
// Pure: no DOM, no Tauri.
import { t } from "./i18n.js";
import { problemMessage } from "./errors.js";
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatRelative,
  formatSpeed,
  formatTime,
  toMillis,
} from "./format.js";
import { etaOf, speedOf } from "./state.js";
import { moved } from "./turns.js";

/** The window an export covers: "Covers 1 Mar 2025 – 12 Mar 2025" or "Full history". */
export function windowText(language, startTime, exportTime, timeZone) {
  if (!exportTime) return "";
  if (!startTime) return t(language, "descFullHistory");
  return t(language, "descWindow", {
    start: formatDate(language, startTime, timeZone),
    end: formatDate(language, exportTime, timeZone),
  });
}

/**
 * One row as the view shows it: `status` (the state's name), `lines` (calm sentences),
 * `progress` ({value, max} for a download) and `actions` (the buttons:
 * "check-now", "cancel", "retry", "open-folder").
 */
export function describeRow(language, row, state, now, timeZone) {
  const rel = (time) => formatRelative(language, time, now);
  const lines = [];
  const actions = [];
  let progress = null;
  switch (row.state) {
    case "waiting_consent":
      lines.push(t(language, "descWaitingConsent"));
      break;
    case "starting":
      lines.push(t(language, "descStarting"));
      break;
    case "in_progress": {
      lines.push(t(language, "descInProgress"));
      const parts = [t(language, "descStarted", { ago: rel(row.started_at ?? row.created_at) })];
      if (row.next_check_at) {
        parts.push(
          toMillis(row.next_check_at) <= toMillis(now)
            ? t(language, "descChecking")
            : t(language, "descNextCheck", { in: rel(row.next_check_at) }),
        );
      }
      lines.push(parts.join(t(language, "sentenceJoin")));
      actions.push("check-now");
      if (row.access === "time_based") actions.push("cancel");
      break;
    }
    case "downloading": {
      if (row.bytes_total > 0) {
        progress = { value: row.bytes_done, max: row.bytes_total };
        const parts = [
          t(language, "descDownloadingBytes", {
            done: formatBytes(language, row.bytes_done),
            total: formatBytes(language, row.bytes_total),
          }),
        ];
        const speed = state ? speedOf(state, row.id) : null;
        if (speed !== null && speed > 0) parts.push(formatSpeed(language, speed));
        const eta = state ? etaOf(state, row.id) : null;
        if (eta !== null) parts.push(t(language, "descEta", { eta: formatDuration(language, eta) }));
        lines.push(parts.join(" · "));
      } else {
        lines.push(t(language, "descDownloadingStarting"));
      }
      break;
    }
    case "verified":
      lines.push(
        t(language, "descVerified", {
          ago: rel(row.finished_at ?? now),
          size: formatBytes(language, row.bytes_total),
        }),
      );
      if (row.export_time) {
        lines.push(windowText(language, row.start_time, row.export_time, timeZone) + t(language, "sentenceEnd"));
      }
      if (row.export_dir) actions.push("open-folder");
      break;
    case "failed":
      lines.push(problemMessage(language, row.problem));
      if (row.retries > 0) lines.push(t(language, "descRetries", { count: row.retries }));
      actions.push("retry");
      break;
    case "cancelled":
      lines.push(t(language, "descCancelled"));
      break;
    case "blocked":
      lines.push(problemMessage(language, row.problem));
      break;
    case "waiting_window":
      if (row.window_until) {
        lines.push(
          t(language, "descWaitingWindow", {
            in: rel(row.window_until),
            time: formatTime(language, row.window_until, timeZone),
          }),
        );
        const change = moved(row);
        if (change === "later") lines.push(t(language, "descMovedLater"));
        if (change === "sooner") lines.push(t(language, "descMovedSooner"));
      } else {
        lines.push(problemMessage(language, { code: "window" }));
      }
      break;
    default:
      break;
  }
  return { status: t(language, `state.${row.state}`), lines, progress, actions };
}

/** The summary's sentences from `summarize()`: a headline and the details under it. */
export function summaryText(language, summary) {
  const lines = [];
  if (summary.total === 0) return { headline: t(language, "summaryIdle"), lines, chips: [] };
  const headline =
    summary.active > 0
      ? t(language, "summaryActive", { count: summary.active })
      : t(language, "summaryAllDone", { count: summary.total });
  if (summary.bytesTotal > 0) {
    const parts = [
      t(language, "summaryBytes", {
        done: formatBytes(language, summary.bytesDone),
        total: formatBytes(language, summary.bytesTotal),
      }),
    ];
    if (summary.eta !== null) {
      parts.push(t(language, "summaryEta", { eta: formatDuration(language, summary.eta) }));
    }
    lines.push(parts.join(" · "));
  }
  if (summary.counts.in_progress > 0) lines.push(t(language, "summaryDays"));
  const chips = Object.entries(summary.counts)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => ({ state, count, label: t(language, `state.${state}`) }));
  return { headline, lines, chips };
}
