// The groups an export or a sign-in holds: listed in full when there are few, folded under a
// count when there are many; a fold the person opened stays open across redraws.
import { h } from "../dom.js";

/** Groups listed open before they are folded under their count. */
const SHOWN_OPEN = 3;

/** `key` names the fold in `app.holdsOpen`; `summary` is the line shown when folded. */
export function heldGroups(app, key, summary, groups) {
  return h(
    "details",
    {
      class: "lib-holds",
      open: groups.length <= SHOWN_OPEN || app.holdsOpen.has(key),
      ontoggle: (e) => (e.target.open ? app.holdsOpen.add(key) : app.holdsOpen.delete(key)),
    },
    h("summary", {}, summary),
    h("ul", { class: "lib-holds-list" }, groups.map((g) => h("li", { dataset: { group: g } }, app.groupName(g)))),
  );
}
