//! Panier's desktop shell: a Tauri 2 window over the `panier` core. This crate holds no SQL
//! and no business rule: it picks the file to open, keeps it in Tauri's state, and exposes
//! thin commands (see `commands`) to the Svelte UI built in `ui/dist`.

#[cfg(test)]
mod bindings;
mod commands;
mod database_choice;
mod form;
mod last_opened;
mod last_server;
#[cfg(test)]
mod permissions;
#[cfg(test)]
mod registry;
mod remote;
mod session;

use database_choice::DatabaseChoice;
use last_opened::LastOpenedFile;
use last_server::LastServer;
use remote::ShellEvent;
use session::Session;
use tauri::{Emitter, Manager};

/// The Tauri event carrying the server's live `change` events to the window (as the browser
/// gets them from `/api/events`).
const CHANGE_EVENT: &str = "team-change";
/// The Tauri event telling the window the server ended its session (back to the login).
const SESSION_ENDED_EVENT: &str = "team-session-ended";

/// Starts the app; returns when the last window closes.
pub fn run() {
    #[cfg(target_os = "linux")]
    software_rendering_by_default();
    // Expands the one list of commands into `generate_handler![commands::<module>::<name>, …]`.
    macro_rules! panier_commands {
        ($( $area:ident $description:literal [$($extra:literal),* $(,)?] {
            $($module:ident :: $name:ident),* $(,)?
        } )*) => {
            tauri::generate_handler![$($(commands::$module::$name),*),*]
        };
    }
    tauri::Builder::default()
        // Used from Rust only (commands::files): the window gets no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Without a config folder the app still works; it just won't remember the file.
            let config_dir = app.path().app_config_dir().ok();
            let last_opened = config_dir.as_deref().map(LastOpenedFile::in_config_dir);
            let last_server = config_dir.as_deref().map(LastServer::in_config_dir);
            let cli_default = panier::store::db::default_path();
            let choice: DatabaseChoice = database_choice::choose(
                database_choice::panier_db_from_environment(),
                last_opened.as_ref().and_then(LastOpenedFile::read),
                &cli_default,
            );
            let session =
                Session::start(choice, last_opened, cli_default).remembering_servers(last_server);
            let window = app.handle().clone();
            session.set_notifier(std::sync::Arc::new(move |event| {
                // a window that is gone misses nothing it could show
                let _ = match event {
                    ShellEvent::Change(change) => window.emit(CHANGE_EVENT, change),
                    ShellEvent::SessionEnded => window.emit(SESSION_ENDED_EVENT, ()),
                };
            }));
            app.manage(session);
            start_zoomed(app);
            Ok(())
        })
        // Every command of commands.list.rs (see `panier_commands!` above).
        .invoke_handler(include!("../commands.list.rs"))
        .run(tauri::generate_context!())
        .expect("Panier could not start its window");
}

/// Large text from the start: `PANIER_ZOOM=2` opens the window at 200 % (what Ctrl + gives
/// during a session, `zoomHotkeysEnabled` in tauri.conf.json); the end-to-end tests use it to
/// check that the screens stay usable at 200 %. A value outside 50–400 % is ignored.
fn start_zoomed(app: &tauri::App) {
    let zoom = std::env::var("PANIER_ZOOM")
        .ok()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|zoom| (0.5..=4.0).contains(zoom));
    if let (Some(zoom), Some(window)) = (zoom, app.get_webview_window("main")) {
        if let Err(e) = window.set_zoom(zoom) {
            eprintln!("PANIER_ZOOM={zoom}: the window could not zoom ({e})");
        }
    }
}

/// WebKitGTK's accelerated compositing costs this app memory and start-up time and buys it
/// nothing: a few forms and tables, no animation, no canvas. Measured with
/// `scripts/desktop-startup.sh` (Xvfb, Mesa's software GL), turning it off takes the web
/// process from ~270 to ~180 MB resident (PSS of the whole app ~330 → ~235 MB) and the first
/// usable screen ~0.4 s earlier; it also sidesteps the blank or flickering windows some GPU
/// drivers give WebKitGTK. Someone who wants it back starts the app with
/// `WEBKIT_DISABLE_COMPOSITING_MODE=0`: a value already in the environment is kept.
#[cfg(target_os = "linux")]
fn software_rendering_by_default() {
    const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VARIABLE).is_none() {
        // Before Tauri starts: no other thread exists yet to read the environment.
        std::env::set_var(VARIABLE, "1");
    }
}
