// What the person is told outside the views: the error banner, kept in the page's language,
// and the screen readers' status line; `attempt` runs a command and shows its rejection.
import { errorMessage } from "./errors.js";

/** The error and announcement helpers of `app`; `$` finds the page's elements by id. */
export function createAnnouncer(app, $) {
  let lastError = null;

  function showError(error) {
    console.error(error);
    lastError = error;
    $("error-text").textContent = errorMessage(app.language, error);
    $("error").hidden = false;
  }

  function clearError() {
    lastError = null;
    $("error").hidden = true;
    $("error-text").textContent = "";
  }

  /** Says the error on screen again in the page's language, after a change of language. */
  function translateError() {
    if (lastError) $("error-text").textContent = errorMessage(app.language, lastError);
  }

  function announce(text) {
    $("status").textContent = text;
  }

  /** Runs a command; a rejection is shown, and the promise resolves to undefined. */
  async function attempt(promise) {
    try {
      return await promise;
    } catch (error) {
      showError(error);
      return undefined;
    }
  }

  return { showError, clearError, translateError, announce, attempt };
}
