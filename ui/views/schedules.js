// Schedules: the recurring backups of data a 30- or 180-day sign-in covers — every N days, the
// next run, how the last one went, Remove — a form to add one, and Run now.
import { h, replaceKeepingFocus } from "../dom.js";
import { formatRelative, formatTime } from "../format.js";
import { canAdd, EVERY_DAYS_MAX, EVERY_DAYS_MIN, schedulableGroups, unscheduled } from "../schedules.js";
import { createGroupPicker } from "./group-picker.js";

function scheduleCard(app, schedule) {
  const tr = app.tr;
  const now = app.now();
  const names = schedule.groups.map((g) => app.groupName(g));
  const last = schedule.last_run_at
    ? tr("scheduleLast", {
        time: formatTime(app.language, schedule.last_run_at),
        result: tr(`scheduleResult.${schedule.last_result ?? "none"}`),
      })
    : tr("scheduleNeverRan");
  const titleId = `schedule-title-${schedule.id}`;
  return h(
    "li",
    { class: `card schedule result-${schedule.last_result ?? "none"}`, dataset: { scheduleId: schedule.id } },
    h("h3", { id: titleId }, tr("scheduleEvery", { count: schedule.every_days })),
    h("p", {}, names.join(tr("listSeparator"))),
    h(
      "p",
      { class: "schedule-next" },
      tr("scheduleNext", {
        time: formatTime(app.language, schedule.next_run_at),
        in: formatRelative(app.language, schedule.next_run_at, now),
      }),
    ),
    h("p", { class: "schedule-last" }, last),
    h(
      "div",
      { class: "lib-actions" },
      h(
        "button",
        {
          type: "button",
          class: "secondary remove-schedule",
          "aria-describedby": titleId,
          dataset: { focusKey: `remove-${schedule.id}` },
          disabled: app.busy.has(`schedule:${schedule.id}`),
          onclick: () => app.removeSchedule(schedule.id),
        },
        tr("scheduleRemove"),
      ),
    ),
  );
}

/** The groups the form offers, as catalog entries in catalog order. */
function offeredGroups(app) {
  const offered = new Set(unscheduled(schedulableGroups(app.grants), app.schedules));
  return app.groups.filter((group) => offered.has(group.id));
}

function addForm(app, picker) {
  const tr = app.tr;
  const form = app.scheduleForm;
  const offered = offeredGroups(app);
  if (!offered.length) {
    return h("p", { class: "card muted", id: "schedule-none" }, tr(app.schedules?.length ? "scheduleAllHeld" : "scheduleNeedsTimeBased"));
  }
  return h(
    "form",
    {
      class: "card schedule-form",
      "aria-labelledby": "schedule-add-title",
      onsubmit: (event) => {
        event.preventDefault();
        app.addSchedule();
      },
    },
    h("h3", { id: "schedule-add-title" }, tr("scheduleAddTitle")),
    h("p", { class: "field-title" }, tr("scheduleGroups")),
    picker.element,
    h(
      "label",
      { class: "field" },
      h("span", {}, tr("scheduleEveryLabel", { max: EVERY_DAYS_MAX })),
      h("input", {
        id: "schedule-every",
        type: "number",
        min: EVERY_DAYS_MIN,
        max: EVERY_DAYS_MAX,
        step: 1,
        required: true,
        value: form.everyDays,
        dataset: { focusKey: "schedule-every" },
        oninput: (event) => app.setScheduleEvery(event.target.value),
      }),
    ),
    h(
      "button",
      {
        type: "submit",
        id: "add-schedule",
        class: "primary",
        dataset: { focusKey: "add-schedule" },
        disabled: !canAdd(form.selected, form.everyDays) || app.busy.has("schedule:add"),
      },
      tr("scheduleAdd"),
    ),
  );
}

export function createSchedules(root, app) {
  const picker = createGroupPicker(app, {
    name: "schedule",
    groups: () => offeredGroups(app),
    selected: () => app.scheduleForm.selected,
    select: (next) => app.setScheduleSelection(next),
    query: () => app.scheduleForm.query,
    search: (text) => app.setScheduleQuery(text),
    disabled: () => app.busy.has("schedule:add"),
  });
  return {
    render() {
      if (app.grants !== null && offeredGroups(app).length) picker.update();
      renderSchedules(root, app, picker);
    },
  };
}

function renderSchedules(root, app, picker) {
  const tr = app.tr;
  replaceKeepingFocus(
    root,
    h("h2", { class: "view-title", tabindex: "-1" }, tr("schedulesTitle")),
    h("p", { class: "muted" }, tr("schedulesIntro")),
    app.status?.mode === "demo" ? h("p", { class: "card muted", id: "schedules-demo" }, tr("schedulesDemo")) : null,
    h(
      "div",
      { class: "lib-actions" },
      h(
        "button",
        { type: "button", id: "run-now", class: "secondary", dataset: { focusKey: "run-now" }, disabled: app.busy.has("run-now"), onclick: app.runNow },
        tr("runNow"),
      ),
    ),
    app.schedules === null
      ? h("p", { class: "empty" }, tr("loading"))
      : app.schedules.length
        ? h("ul", { class: "schedules", "aria-label": tr("schedulesTitle") }, app.schedules.map((s) => scheduleCard(app, s)))
        : h("p", { class: "empty" }, tr("schedulesEmpty")),
    app.grants === null ? null : addForm(app, picker),
  );
}
