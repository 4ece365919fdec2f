// Access's actions: Sign out, Renew and Check, Consent again, and Reset access.
import * as ipc from "../ipc.js";
import { formatTime } from "../format.js";
import { checkOutcome, replaceGrant, resetStep } from "../grants.js";
import { consentHelpers } from "./consent.js";

/** Adds the access view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installAccessActions(app, shell) {
  const { $, render, attempt, showError, clearError, announce, refreshPlan, refreshGrants, refreshWarnings, refreshExports } = shell;

  const { consentProgress, consentNotes } = consentHelpers(app, { render, announce });

  function confirm(title, text, ok, cancel) {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = ok;
    $("confirm-cancel").textContent = cancel;
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
      $("confirm-cancel").focus();
    });
  }

  app.signOut = async (id) => {
    if (!(await confirm(app.tr("signOutTitle"), app.tr("signOutText"), app.tr("signOut"), app.tr("keepSignedIn")))) {
      return;
    }
    const key = `grant:${id}`;
    app.busy.add(key);
    render();
    const grant = await attempt(ipc.signOut(id));
    app.busy.delete(key);
    if (grant) {
      app.grants = replaceGrant(app.grants, grant);
      announce(app.tr(grant.revoked_at_google === false ? "signedOutHereOnly" : "signedOut"));
      refreshPlan();
    }
    render();
  };

  // Renew: Google's page in the browser, then a check of the sign-in's end.
  app.renew = async (id) => {
    const before = app.renewals.get(id) ?? {};
    app.renewals.set(id, { ...before, phase: "opening" });
    render();
    try {
      await ipc.openRenewal(id);
      app.renewals.set(id, { phase: "opened", outcome: null });
      announce(app.tr("renewOpened"));
    } catch (error) {
      app.renewals.set(id, before);
      showError(error);
    }
    render();
  };

  app.checkGrant = async (id) => {
    const before = (app.grants ?? []).find((g) => g.id === id);
    app.renewals.set(id, { phase: "checking", outcome: null });
    render();
    const grant = await attempt(ipc.checkGrant(id));
    if (!grant) {
      app.renewals.set(id, { phase: "opened", outcome: null });
      return render();
    }
    app.grants = replaceGrant(app.grants, grant);
    const outcome = checkOutcome(before, grant);
    // Not renewed yet: the person may still be on Google's page, so Check stays.
    app.renewals.set(id, { phase: outcome === "unchanged" ? "opened" : null, outcome });
    const time = formatTime(app.language, grant.refresh_expires_at);
    announce(
      outcome === "renewed"
        ? app.tr("renewDone", { time })
        : outcome === "unchanged"
          ? app.tr("renewUnchanged", { time })
          : app.tr("renewEnded"),
    );
    refreshWarnings();
    render();
  };

  // Consent again for one sign-in's groups, with the same progress as Back up's consent.
  app.reconsent = async (id) => {
    if (app.consenting || app.flow) return;
    clearError();
    app.consenting = { id, batch: 0, batches: 0 };
    app.accessNotice = null;
    render();
    try {
      const report = await ipc.reconsent(id, consentProgress("consenting", { id }));
      app.accessNotice = consentNotes(report);
    } catch (error) {
      showError(error);
    }
    app.consenting = null;
    render();
    await Promise.all([refreshGrants(), refreshWarnings()]);
    refreshPlan();
  };

  app.dismissAccessNotice = () => {
    app.accessNotice = null;
    render();
  };

  async function runReset(force) {
    const started = resetStep(app.reset, { type: "start", force });
    if (started === app.reset) return;
    app.reset = started;
    render();
    try {
      const report = await ipc.resetAccess(force);
      app.reset = resetStep(app.reset, { type: "done", report });
      render();
      $("reset-report")?.focus();
      announce(app.tr("resetDoneTitle"));
      await Promise.all([refreshGrants(), refreshExports(), refreshWarnings()]);
      refreshPlan();
    } catch (error) {
      app.reset = resetStep(app.reset, { type: "failed", error });
      if (app.reset.phase === "would_lose") {
        render();
        // The second, dangerous confirmation takes the focus so it is read first.
        $("reset-lose")?.focus();
        announce(app.tr("resetLoseTitle"));
      } else {
        showError(error);
        render();
      }
    }
  }

  app.resetAccess = async () => {
    const ok = await confirm(
      app.tr("resetConfirmTitle"),
      app.tr("resetConfirmText"),
      app.tr("resetConfirmOk"),
      app.tr("resetKeep"),
    );
    if (ok) await runReset(false);
  };
  app.resetAnyway = () => runReset(true);
  app.cancelReset = () => {
    app.reset = resetStep(app.reset, { type: "cancel" });
    render();
    $("reset-access")?.focus();
  };
}
