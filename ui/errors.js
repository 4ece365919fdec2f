// Rejected commands → the translated message for their code. Never shows Rust's English.
import { t } from "./i18n.js";
import { ERROR_CODES, PROBLEM_CODES } from "./generated/vocabulary.js";

export { ERROR_CODES };

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

/** What went wrong with an export row, from its `problem.code`. */
export function problemMessage(language, problem) {
  const code = PROBLEM_CODES.includes(problem?.code) ? problem.code : "unknown";
  return t(language, `problem.${code}`);
}
