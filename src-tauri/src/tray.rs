//! The tray icon (overall state and last result; open, run now, pause, quit), desktop
//! notifications, and the window's close button, which keeps the app working in the tray when
//! the person chose so. What to say and when is the core's (`carryout::desktop::notices`).

use carryout::desktop::app_state::AppState;
use carryout::desktop::launch::AppStatus;
use carryout::desktop::notices::{self, MenuItem as Item, Notice, Notifier, Overall, TrayView};
use carryout::failure::Problem;
use tauri::image::Image;
use tauri::menu::{CheckMenuItemBuilder, Menu, MenuBuilder, MenuEvent, MenuItemBuilder};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_notification::NotificationExt;

use crate::settings;

const TRAY: &str = "carryout";

/// Puts the icon in the tray. A desktop without a tray (or without its library) still has the
/// window: a failure here is logged, never fatal.
pub fn build(app: &AppHandle) {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let view = view(app);
        TrayIconBuilder::with_id(TRAY)
            .icon(icon(app, view.overall)?)
            .menu(&menu(app, &view)?)
            .tooltip(&view.lines[0])
            .show_menu_on_left_click(true)
            .on_menu_event(on_menu)
            .build(app)
    }));
    match built {
        Ok(Ok(_)) => {}
        Ok(Err(error)) => eprintln!("carryout: no tray icon: {error}"),
        Err(_) => eprintln!("carryout: no tray icon (no tray library on this desktop)"),
    }
}

/// Redraws the tray from the state database: after an export changed, a pause, a new language.
/// Menus are made on the main thread: queued there, so an engine event's task never waits.
pub fn refresh(app: &AppHandle) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || redraw(&handle));
}

fn redraw(app: &AppHandle) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    let view = view(app);
    let _ = menu(app, &view).map(|menu| tray.set_menu(Some(menu)));
    let _ = icon(app, view.overall).map(|icon| tray.set_icon(Some(icon)));
    let _ = tray.set_tooltip(Some(&view.lines[0]));
}

fn view(app: &AppHandle) -> TrayView {
    let (rows, paused) = app.state::<AppState>().overview();
    TrayView::of(&rows, paused, settings::language(app))
}

fn menu(app: &AppHandle, view: &TrayView) -> tauri::Result<Menu<tauri::Wry>> {
    let mut menu = MenuBuilder::new(app);
    for line in &view.lines {
        menu = menu.item(&MenuItemBuilder::new(line).enabled(false).build(app)?);
    }
    menu = menu.separator();
    for (item, label, ticked) in &view.items {
        menu = match *ticked {
            Some(ticked) => {
                let check = CheckMenuItemBuilder::with_id(item.id(), label).checked(ticked);
                menu.item(&check.build(app)?)
            }
            None => menu.text(item.id(), label),
        };
    }
    menu.build()
}

/// The app's icon; with a red dot in its corner while a backup is failed.
fn icon(app: &AppHandle, overall: Overall) -> tauri::Result<Image<'static>> {
    let base = app
        .default_window_icon()
        .ok_or_else(|| tauri::Error::AssetNotFound("the app icon".into()))?;
    let (width, height) = (base.width(), base.height());
    let mut rgba = base.rgba().to_vec();
    if overall == Overall::Failed {
        notices::mark_failed(&mut rgba, width, height);
    }
    Ok(Image::new_owned(rgba, width, height))
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref().parse() {
        Ok(Item::Open) => show_window(app),
        Ok(Item::RunNow) => {
            if let Err(error) = run_now(app) {
                eprintln!("carryout: run now: {}", error.message);
            }
        }
        Ok(Item::Pause) => {
            set_paused(app, !app.state::<AppState>().paused());
        }
        Ok(Item::Quit) => app.exit(0),
        Err(_) => {}
    }
}

/// Pauses or resumes the engine; tells the window (`app_status`) and redraws the tray.
pub fn set_paused(app: &AppHandle, paused: bool) -> AppStatus {
    let status = app.state::<AppState>().set_paused(paused);
    let _ = app.emit("app_status", &status);
    refresh(app);
    status
}

/// Every schedule runs now, a paused engine resumed first: the person asked for a run.
pub fn run_now(app: &AppHandle) -> Result<(), Problem> {
    set_paused(app, false);
    app.state::<AppState>().run_schedules_now()
}

/// Shows and focuses the main window (the tray's "Open", a second launch of the app).
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// The close button: hides the window when the person keeps Carryout in the tray, quits when
/// they do not, and the first time asks the window to ask them (`close_requested`).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    match settings::load(window.app_handle()).keep_in_tray {
        Some(false) => {}
        Some(true) => {
            api.prevent_close();
            let _ = window.hide();
        }
        None => {
            api.prevent_close();
            let _ = window.emit("close_requested", ());
        }
    }
}

/// Desktop notifications through the notification plugin.
pub struct DesktopNotifier(pub AppHandle);

impl Notifier for DesktopNotifier {
    fn notify(&self, notice: &Notice) {
        let shown = self
            .0
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body)
            .show();
        if let Err(error) = shown {
            eprintln!(
                "carryout: notification not shown ({error}): {}",
                notice.title
            );
        }
    }
}
