// What a consent tells the person, shared by Back up and Access's "Consent again": its
// progress from the core's ConsentEvents, and its report as notice lines.
import { shortList } from "../i18n.js";
import { formatTime } from "../format.js";

/** The consent helpers of `app`; `shell` gives `render` and `announce`. */
export function consentHelpers(app, { render, announce }) {
  // Notices are kept as functions so that they follow a change of language; a long list of
  // groups is cut short (Exports shows each group).
  const labels = (ids) => shortList(app.language, ids.map((id) => app.groupName(id)));

  /** A Channel handler for ConsentEvents that keeps `app[key]` up to date, with `fixed` in it. */
  function consentProgress(key, fixed) {
    return (event) => {
      if (event.kind === "open_link") {
        app[key] = { ...app[key], link: event.url };
      } else {
        app[key] = { batch: event.batch, batches: event.batches, ...fixed };
        announce(app.tr("consentOpening", { batch: event.batch, batches: event.batches }));
      }
      render();
    };
  }

  /** What a consent's report tells the person, as notice lines. */
  function consentNotes(report) {
    const notes = [];
    if (report.granted.length) notes.push(() => app.tr("consentGranted", { list: labels(report.granted) }));
    if (report.not_granted.length) {
      notes.push(() => app.tr("consentNotGranted", { list: labels(report.not_granted) }));
      notes.push(() => app.tr("consentNotGrantedHelp"));
    }
    if (report.access === "one_time") notes.push(() => app.tr("consentOneTime"));
    if (report.access === "time_based" && report.expires_at) {
      notes.push(() => app.tr("consentTimeBased", { time: formatTime(app.language, report.expires_at) }));
    }
    return notes;
  }

  return { labels, consentProgress, consentNotes };
}
