//! The tray icon (overall state and last result; open, run now, pause, quit), desktop
//! notifications, and the window's close button, which keeps the app working in the tray when
//! the person chose so. What to say and when is the core's (`carryout::desktop::notices`).

use carryout::desktop::notices::{self, MenuItem as Item, Notice, Notifier, Overall};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_notification::NotificationExt;

use carryout::engine::ExportRow;

use crate::settings;

const TRAY: &str = "carryout";
const ITEMS: [(&str, Item); 4] = [
    ("open", Item::Open),
    ("run_now", Item::RunNow),
    ("pause", Item::Pause),
    ("quit", Item::Quit),
];

/// What the tray reads and does through the app's state, which it does not know itself.
pub struct TrayHooks {
    /// Every export, and whether the engine is paused.
    pub overview: fn(&AppHandle) -> (Vec<ExportRow>, bool),
    /// Runs every schedule now.
    pub run_now: fn(&AppHandle),
    /// Pauses or resumes the engine.
    pub set_paused: fn(&AppHandle, bool),
}

/// Puts the icon in the tray. A desktop without a tray (or without its library) still has the
/// window: a failure here is logged, never fatal.
pub fn build(app: &AppHandle, hooks: TrayHooks) {
    app.manage(hooks);
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        TrayIconBuilder::with_id(TRAY)
            .icon(icon(app, Overall::Idle)?)
            .menu(&menu(app)?)
            .show_menu_on_left_click(true)
            .on_menu_event(on_menu)
            .build(app)
    }));
    match built {
        Ok(Ok(_)) => refresh(app),
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
    let (rows, paused) = (app.state::<TrayHooks>().overview)(app);
    let (state, _) = notices::tray_lines(&rows, paused, settings::language(app));
    let overall = notices::overall(&rows, paused);
    let _ = menu(app).map(|menu| tray.set_menu(Some(menu)));
    let _ = icon(app, overall).map(|icon| tray.set_icon(Some(icon)));
    let _ = tray.set_tooltip(Some(state));
}

fn menu(app: &AppHandle) -> tauri::Result<Menu<tauri::Wry>> {
    let language = settings::language(app);
    let (rows, paused) = (app.state::<TrayHooks>().overview)(app);
    let (state, last) = notices::tray_lines(&rows, paused, language);
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::new(app, state, false, None::<&str>)?)?;
    menu.append(&MenuItem::new(app, last, false, None::<&str>)?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    for (id, item) in ITEMS {
        let text = item.label(language);
        if item == Item::Pause {
            menu.append(&CheckMenuItem::with_id(
                app,
                id,
                text,
                true,
                paused,
                None::<&str>,
            )?)?;
        } else {
            menu.append(&MenuItem::with_id(app, id, text, true, None::<&str>)?)?;
        }
    }
    Ok(menu)
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
    let hooks = app.state::<TrayHooks>();
    match event.id().as_ref() {
        "open" => show_window(app),
        "run_now" => (hooks.run_now)(app),
        "pause" => {
            let paused = !(hooks.overview)(app).1;
            (hooks.set_paused)(app, paused);
        }
        "quit" => app.exit(0),
        _ => {}
    }
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
