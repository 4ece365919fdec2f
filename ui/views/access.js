// Access: every sign-in with its access type, the groups it covers and when it ends; Renew for
// a Production time-based sign-in, Consent again for a Testing client's (or an expired one),
// Sign out; and Reset access, with the exports a reset would lose.
import { h, replaceKeepingFocus } from "../dom.js";
import { joinList } from "../i18n.js";
import { formatRelative, formatTime, toMillis } from "../format.js";
import { anyTesting, canReconsent, grantName, renewal, urgency } from "../grants.js";
import { consentLines } from "./consent.js";
import { heldGroups } from "./held-groups.js";

function accessTypes(grant) {
  return [...new Set(Object.values(grant.resources))];
}

function endLine(app, grant) {
  const tr = app.tr;
  if (!grant.refresh_expires_at) return tr("grantNoEnd");
  const now = app.now();
  const time = formatTime(app.language, grant.refresh_expires_at);
  return toMillis(grant.refresh_expires_at) > now
    ? tr("grantEnds", { in: formatRelative(app.language, grant.refresh_expires_at, now), time })
    : tr("grantEnded", { ago: formatRelative(app.language, grant.refresh_expires_at, now) });
}

function outcomeLine(app, grant, outcome) {
  const tr = app.tr;
  const time = formatTime(app.language, grant.refresh_expires_at);
  if (outcome === "renewed") return tr("renewDone", { time });
  if (outcome === "unchanged") return tr("renewUnchanged", { time });
  if (outcome === "ended") return tr("renewEnded");
  return null;
}

function renewNode(app, grant) {
  const tr = app.tr;
  const now = app.now();
  const can = renewal(grant, now);
  const state = app.renewals.get(grant.id) ?? {};
  const outcome = outcomeLine(app, grant, state.outcome);
  if (can.kind === "wait") {
    const noteId = `renew-from-${grant.id}`;
    return h(
      "div",
      { class: "renew-block" },
      // Right after a renewal the next one is months away: the outcome still shows.
      outcome ? h("p", { class: `renew-outcome outcome-${state.outcome}` }, outcome) : null,
      h(
        "p",
        { id: noteId, class: "muted" },
        tr("renewFrom", { time: formatTime(app.language, can.from), in: formatRelative(app.language, can.from, now) }),
      ),
      h(
        "div",
        { class: "lib-actions" },
        h("button", { type: "button", class: "renew secondary", disabled: true, "aria-describedby": noteId }, tr("renew")),
      ),
    );
  }
  if (can.kind !== "ready") return null;
  const opened = state.phase === "opened" || state.phase === "checking";
  return h(
    "div",
    { class: "renew-block" },
    h("p", {}, tr(opened ? "renewOpened" : "renewReady")),
    outcome ? h("p", { class: `renew-outcome outcome-${state.outcome}` }, outcome) : null,
    h(
      "div",
      { class: "lib-actions" },
      h(
        "button",
        {
          type: "button",
          class: `renew ${opened ? "secondary" : "primary"}`,
          "data-focus-key": `renew:${grant.id}`,
          disabled: state.phase === "opening" || state.phase === "checking",
          onclick: () => app.renew(grant.id),
        },
        tr("renew"),
      ),
      opened
        ? h(
            "button",
            {
              type: "button",
              class: "check-grant primary",
              "data-focus-key": `check:${grant.id}`,
              disabled: state.phase === "checking",
              onclick: () => app.checkGrant(grant.id),
            },
            state.phase === "checking" ? tr("renewChecking") : tr("renewCheck"),
          )
        : null,
    ),
  );
}

function reconsentNode(app, grant) {
  const tr = app.tr;
  if (!canReconsent(grant)) return null;
  const running = app.consenting?.id === grant.id;
  const lines = running ? consentLines(app, app.consenting) : [];
  return h(
    "div",
    { class: "reconsent-block" },
    h("p", { class: "muted" }, tr("reconsentHelp")),
    lines.length ? h("div", { class: "flow" }, lines.map((line) => h("p", {}, line))) : null,
    h(
      "div",
      { class: "lib-actions" },
      h(
        "button",
        {
          type: "button",
          class: "reconsent primary",
          "data-focus-key": `reconsent:${grant.id}`,
          disabled: Boolean(app.consenting || app.flow),
          onclick: () => app.reconsent(grant.id),
        },
        tr("reconsent"),
      ),
    ),
  );
}

function grantCard(app, grant) {
  const tr = app.tr;
  const groups = Object.keys(grant.resources);
  const now = app.now();
  const level = grant.state === "active" ? urgency(grant, now) : null;
  return h(
    "section",
    { class: `card grant state-${grant.state}`, dataset: { grantId: grant.id, state: grant.state } },
    h(
      "div",
      { class: "export-head" },
      h(
        "h3",
        {},
        grantName(app.language, grant, app.groups) ?? tr("grantOfTime", { time: formatTime(app.language, grant.created_at) }),
      ),
      h("span", { class: `badge grant-${grant.state}` }, tr(`grant.${grant.state}`)),
      grant.testing ? h("span", { class: "badge grant-testing" }, tr("grantTesting")) : null,
    ),
    h(
      "p",
      {},
      [tr("grantSignedIn", { time: formatTime(app.language, grant.created_at) }), ...accessTypes(grant).map((type) => tr(`access.${type}`))].join(" · "),
    ),
    grant.state === "active"
      ? h("p", { class: `grant-end${level ? ` urgency-${level}` : ""}` }, endLine(app, grant))
      : null,
    heldGroups(app, `grant:${grant.id}`, tr("grantGroups", { count: groups.length }), groups),
    renewNode(app, grant),
    reconsentNode(app, grant),
    grant.state === "active"
      ? h(
          "div",
          { class: "lib-actions" },
          h(
            "button",
            {
              type: "button",
              class: "sign-out danger",
              "data-focus-key": `sign-out:${grant.id}`,
              disabled: app.busy.has(`grant:${grant.id}`),
              onclick: () => app.signOut(grant.id),
            },
            tr("signOut"),
          ),
        )
      : null,
  );
}

function resetNode(app) {
  const tr = app.tr;
  const reset = app.reset;
  const labels = (ids) => joinList(app.language, ids.map((id) => app.groupName(id)));
  let state = null;
  if (reset.phase === "resetting") {
    state = h("p", { class: "flow" }, tr("resetting"));
  } else if (reset.phase === "would_lose") {
    state = h(
      "div",
      {
        class: "alarm reset-lose",
        id: "reset-lose",
        tabindex: "-1",
        "data-focus-key": "reset-lose",
        "aria-labelledby": "reset-lose-title",
      },
      h("p", { class: "alarm-title", id: "reset-lose-title" }, h("strong", {}, tr("resetLoseTitle"))),
      h("p", {}, tr("resetLoseText")),
      reset.groups.length
        ? h("ul", { class: "lose-list" }, reset.groups.map((id) => h("li", {}, app.groupName(id))))
        : null,
      h("p", {}, tr("resetLoseAdvice")),
      h(
        "div",
        { class: "lib-actions" },
        h(
          "button",
          { type: "button", class: "reset-keep secondary", "data-focus-key": "reset-keep", onclick: app.cancelReset },
          tr("resetKeep"),
        ),
        h(
          "button",
          { type: "button", class: "reset-force danger-strong", "data-focus-key": "reset-force", onclick: app.resetAnyway },
          tr("resetAnyway"),
        ),
      ),
    );
  } else if (reset.phase === "done") {
    const { revoked, lost } = reset.report;
    state = h(
      "div",
      {
        class: "reset-report notice",
        id: "reset-report",
        tabindex: "-1",
        "data-focus-key": "reset-report",
        "aria-labelledby": "reset-report-title",
      },
      h("p", { id: "reset-report-title" }, h("strong", {}, tr("resetDoneTitle"))),
      h("p", {}, tr("resetRevoked", { count: revoked.length })),
      lost.length ? h("p", { class: "lost" }, tr("resetLost", { list: labels(lost) })) : null,
      h("p", {}, tr("resetNext")),
      h(
        "button",
        { type: "button", class: "quiet", "data-focus-key": "reset-dismiss", onclick: app.cancelReset },
        tr("dismiss"),
      ),
    );
  }
  return h(
    "section",
    { class: "card reset", "aria-labelledby": "reset-title" },
    h("h3", { id: "reset-title" }, tr("resetTitle")),
    h("p", {}, tr("resetIntro")),
    h("ul", {}, h("li", {}, tr("resetRevokes")), h("li", {}, tr("resetOneTime")), h("li", {}, tr("resetArchives"))),
    reset.phase === "would_lose" || reset.phase === "done"
      ? null
      : h(
          "div",
          { class: "lib-actions" },
          h(
            "button",
            {
              type: "button",
              id: "reset-access",
              class: "danger",
              "data-focus-key": "reset-access",
              disabled: reset.phase === "resetting",
              onclick: app.resetAccess,
            },
            tr("resetButton"),
          ),
        ),
    state,
  );
}

export function renderAccess(root, app) {
  const tr = app.tr;
  const grants = app.grants;
  // Periodic re-renders must not close the explanation the reader opened.
  const explainOpen = root.querySelector("details.explain")?.open ?? false;
  const notice = (app.accessNotice ?? []).map((line) => (typeof line === "function" ? line() : line));
  replaceKeepingFocus(
    root,
    h("h2", { class: "view-title", tabindex: "-1" }, tr("accessPageTitle")),
    h(
      "details",
      { class: "card explain", open: explainOpen },
      h("summary", {}, tr("accessTitle")),
      h("ul", {}, h("li", {}, tr("accessOneTime")), h("li", {}, tr("accessTimeBased"))),
    ),
    notice.length
      ? h(
          "section",
          { class: "card notice", id: "access-notice" },
          notice.map((line) => h("p", {}, line)),
          h("button", { type: "button", class: "quiet", onclick: app.dismissAccessNotice }, tr("dismiss")),
        )
      : null,
    anyTesting(grants) ? h("p", { class: "card testing-note" }, tr("testingNote")) : null,
    grants === null
      ? h("p", { class: "empty" }, tr("loading"))
      : grants.length
        ? grants.map((grant) => grantCard(app, grant))
        : h("p", { class: "empty" }, tr("grantsEmpty")),
    grants === null ? null : resetNode(app),
  );
}
