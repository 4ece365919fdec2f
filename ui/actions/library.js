// Library's actions: the view's mode and filter, List contents (and counting records), Verify,
// Open folder, and Restore and What changed of an older version.
import * as ipc from "../ipc.js";

/** Adds the library view's actions to `app`; `shell` is main.js's drawing and loading. */
export function installLibraryActions(app, shell) {
  const { render, renderSoon, attempt, announce, showError, refreshLibrary } = shell;

  // List contents: read once per folder (names and sizes only, from the archives' indexes), then
  // opened and closed without asking again. Records are counted only when asked, which reads the
  // JSON files: closing the list, or Stop, ends it.
  app.setLibraryMode = (mode) => {
    app.libraryMode = mode;
    render();
  };
  app.setLibraryFilter = (change) => {
    app.libraryFilter = { ...app.libraryFilter, ...change };
    render();
  };
  app.toggleContents = async (group, dir) => {
    const key = `${group}|${dir}`;
    if (app.contentsOpen.has(key)) {
      app.contentsOpen.delete(key);
      if (app.contents.get(dir)?.counting) app.stopCounting(dir);
      return render();
    }
    app.contentsOpen.add(key);
    if (app.contents.has(dir)) return render();
    app.contents.set(dir, { loading: true });
    render();
    const archives = await attempt(ipc.exportContents(dir, false));
    if (archives) {
      app.contents.set(dir, { archives, counted: false });
    } else {
      app.contents.delete(dir);
      app.contentsOpen.delete(key);
    }
    render();
  };

  app.countRecords = async (dir) => {
    const listed = app.contents.get(dir);
    if (!listed?.archives || listed.counting) return;
    app.contents.set(dir, { ...listed, counting: true });
    render();
    try {
      const archives = await ipc.exportContents(dir, true);
      app.contents.set(dir, { archives, counted: true });
    } catch (error) {
      // Stopped on purpose: the names and sizes stay, without a word.
      if (!app.contents.get(dir)?.stopping) showError(error);
      app.contents.set(dir, { ...listed, counted: false });
    }
    render();
  };

  app.stopCounting = (dir) => {
    const listed = app.contents.get(dir);
    if (!listed?.counting) return;
    app.contents.set(dir, { ...listed, stopping: true });
    ipc.cancelContents(dir).catch(showError);
  };

  app.toggleArchive = (dir, archive) => {
    const key = `${dir}|${archive}`;
    if (app.archivesOpen.has(key)) app.archivesOpen.delete(key);
    else app.archivesOpen.add(key);
    render();
  };

  app.showAllEntries = (dir, archive) => {
    app.archivesAll.add(`${dir}|${archive}`);
    render();
  };

  // Restore: the version is written back into its folder of the backup folder, checked
  // against its receipt, and shows in the Library beside the newest.
  app.restoreVersion = async (id) => {
    if (app.restoring.has(id)) return;
    app.restoring.add(id);
    render();
    const dir = await attempt(ipc.restoreVersion(id));
    app.restoring.delete(id);
    if (dir) {
      // The version's line goes and its export joins the Library: say where it went.
      announce(app.tr("versionRestored", { dir }));
      await refreshLibrary();
    }
    render();
  };

  // What changed from an older version to the export on disk: both are restored and read by
  // the core, which takes a while for big exports; asked again, the answer is put away.
  app.compareVersion = async (from, to) => {
    const shown = app.changes.get(from);
    if (shown?.loading) return;
    if (shown) {
      app.changes.delete(from);
      render();
      return;
    }
    app.changes.set(from, { loading: true });
    render();
    const diff = await attempt(ipc.versionChanges(from, to));
    if (diff) app.changes.set(from, { diff });
    else app.changes.delete(from);
    render();
  };

  app.verify = async (dir) => {
    app.verifying.set(dir, { done: 0, total: 0 });
    render();
    const report = await attempt(
      ipc.verifyExport(dir, (progress) => {
        app.verifying.set(dir, { done: progress.done, total: progress.total });
        renderSoon();
      }),
    );
    if (report) app.verifying.set(dir, { report });
    else app.verifying.delete(dir);
    render();
  };
}
