// What a consent in progress says: which batch the browser shows, what to do there, and the
// address to open when no browser could be opened. Shared by Back up and Access.
import { h } from "../dom.js";

/** Lines (strings, or an element for the link) for a consent's progress {batch, batches, link}. */
export function consentLines(app, progress) {
  const tr = app.tr;
  if (!progress) return [];
  const lines = progress.batches
    ? [tr("consentOpening", { batch: progress.batch, batches: progress.batches }), tr("consentWaiting")]
    : [tr("consentWaiting")];
  // No browser opened: the person opens the link themselves; the consent keeps waiting.
  if (progress.link) lines.push(tr("consentNoBrowser"), h("code", { class: "path" }, progress.link));
  return lines;
}
