//! Panier's desktop shell: a Tauri 2 window over the `panier` core. This crate holds no SQL
//! and no business rule: it picks the file to open, keeps it in Tauri's state, and exposes
//! thin commands (see `commands`) to the Svelte UI built in `ui/dist`.

#[cfg(test)]
mod bindings;
mod commands;
mod database_choice;
mod last_opened;
mod session;

use database_choice::DatabaseChoice;
use last_opened::LastOpenedFile;
use session::Session;
use tauri::Manager;

/// Starts the app; returns when the last window closes.
pub fn run() {
    tauri::Builder::default()
        // Used from Rust only (commands::files): the window gets no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Without a config folder the app still works; it just won't remember the file.
            let last_opened = app
                .path()
                .app_config_dir()
                .ok()
                .map(|dir| LastOpenedFile::in_config_dir(&dir));
            let cli_default = panier::db::default_path();
            let choice: DatabaseChoice = database_choice::choose(
                database_choice::panier_db_from_environment(),
                last_opened.as_ref().and_then(LastOpenedFile::read),
                &cli_default,
            );
            app.manage(Session::start(choice, last_opened, cli_default));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::database::database_status,
            commands::database::create_association,
            commands::database::open_database,
            commands::database::close_database,
            commands::association::association_summary,
            commands::language::set_language,
            // files
            commands::files::choose_save_path,
            commands::files::choose_open_path,
            commands::files::choose_folder,
            // people
            commands::database::open_demo_association,
            commands::dashboard::dashboard_figures,
            commands::members::list_members,
            commands::members::member_plans,
            commands::members::add_member,
            commands::members::update_member,
            commands::members::delete_member,
            commands::members::member_page,
            commands::members::export_member_data,
            commands::members::erasure_plan,
            commands::members::erase_member,
            commands::requests::list_requests,
            commands::requests::add_request,
            commands::requests::extend_request,
            commands::requests::answer_request,
            // (each area adds its block here, after a `// <area>` line)
        ])
        .run(tauri::generate_context!())
        .expect("Panier could not start its window");
}
