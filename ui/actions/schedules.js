// Schedules' actions: the form (groups, search, repeat), Add, Remove and Run now.
import * as ipc from "../ipc.js";
import { parseEveryDays } from "../schedules.js";

/** Adds the schedules view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installSchedulesActions(app, shell) {
  const { render, attempt, announce, refreshSchedules } = shell;

  app.setScheduleSelection = (next) => {
    app.scheduleForm.selected = next;
    render();
  };
  app.setScheduleQuery = (query) => {
    app.scheduleForm.query = query;
    render();
  };
  app.setScheduleEvery = (text) => {
    app.scheduleForm.everyDays = text;
    render();
  };
  app.addSchedule = async () => {
    const days = parseEveryDays(app.scheduleForm.everyDays);
    if (days === null || !app.scheduleForm.selected.size || app.busy.has("schedule:add")) return;
    app.busy.add("schedule:add");
    render();
    const added = await attempt(ipc.addSchedule([...app.scheduleForm.selected], days));
    app.busy.delete("schedule:add");
    if (added) {
      app.scheduleForm = { selected: new Set(), everyDays: "1", query: "" };
      announce(app.tr("scheduleAdded"));
    }
    await refreshSchedules();
  };
  app.removeSchedule = async (id) => {
    app.busy.add(`schedule:${id}`);
    render();
    const removed = await attempt(ipc.removeSchedule(id).then(() => true));
    app.busy.delete(`schedule:${id}`);
    if (removed) announce(app.tr("scheduleRemoved"));
    await refreshSchedules();
    document.querySelector("#view-schedules .view-title")?.focus();
  };
  app.runNow = async () => {
    app.busy.add("run-now");
    render();
    const ran = await attempt(ipc.runNow().then(() => true));
    app.busy.delete("run-now");
    if (ran) {
      announce(app.tr("runNowStarted"));
      app.status = { ...app.status, paused: false };
    }
    await refreshSchedules();
  };
}
