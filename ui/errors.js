// Rejected commands → the translated message for their code. Never shows Rust's English.
import { t } from "./i18n.js";

/** The closed set of error codes of src-tauri/IPC.md. */
export const ERROR_CODES = [
  "no_client",
  "bad_client_file",
  "not_signed_in",
  "consent_denied",
  "consent_timeout",
  "grant_expired",
  "engine_elsewhere",
  "network",
  "google",
  "disk",
  "not_found",
  "refused",
  "reset_would_lose",
  "unsuitable_folder",
  "no_opener",
  "internal",
];

/** The code of whatever a command rejected with; anything unexpected is `internal`. */
export function errorCode(error) {
  const code = error && typeof error === "object" ? error.code : undefined;
  return ERROR_CODES.includes(code) ? code : "internal";
}

/** The message to show for a rejected command, in `language`. */
export function errorMessage(language, error) {
  // `no_opener` names the folder nothing opened, so that the person can go there by hand.
  const path = typeof error?.path === "string" ? error.path : "";
  return t(language, `error.${errorCode(error)}`, { path });
}

const PROBLEMS = [
  "failed",
  "one_time_used",
  "window",
  "window_later",
  "window_sooner",
  "not_authorized",
  "grant_expired",
  "download",
  "gone",
  "google",
  "retrying",
  "retried",
  "folding",
  "cancelled",
];

/** What went wrong with an export row, from its `problem.code`. */
export function problemMessage(language, problem) {
  const code = PROBLEMS.includes(problem?.code) ? problem.code : "unknown";
  return t(language, `problem.${code}`);
}
