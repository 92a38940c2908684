//! Panier's desktop shell: a Tauri 2 window over the `panier` core. This crate holds no SQL
//! and no business rule: it picks the file to open, keeps it in Tauri's state, and exposes
//! thin commands (see `commands`) to the Svelte UI built in `ui/dist`.

#[cfg(test)]
mod bindings;
mod commands;
mod database_choice;
mod form;
mod last_opened;
#[cfg(test)]
mod permissions;
mod session;

use database_choice::DatabaseChoice;
use last_opened::LastOpenedFile;
use session::Session;
use tauri::Manager;

/// Starts the app; returns when the last window closes.
pub fn run() {
    #[cfg(target_os = "linux")]
    software_rendering_by_default();
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
            let cli_default = panier::store::db::default_path();
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
            // money
            commands::money::money_overview,
            commands::money::money_choices,
            commands::money::money_find_members,
            commands::money::money_preview_payment,
            commands::money::money_record_payment,
            commands::money::money_record_donation,
            commands::money::money_record_expense,
            commands::money::money_reverse_entry,
            commands::money::money_recurring_list,
            commands::money::money_add_recurring,
            commands::money::money_generate_recurring,
            commands::receipts::receipt_print,
            commands::receipts::receipts_print_yearly,
            commands::receipts::receipts_register,
            commands::renewals::renewals_list,
            commands::renewals::renewal_reminder,
            commands::renewals::renewal_mark_sent,
            commands::renewals::renewal_templates,
            commands::renewals::renewal_set_template,
            commands::renewals::open_mailto,
            // admin
            commands::plans::plans_list,
            commands::plans::plan_add,
            commands::plans::plan_set_archived,
            commands::accounts::accounts_list,
            commands::accounts::accounts_member_search,
            commands::accounts::account_open,
            commands::accounts::account_set_enabled,
            commands::accounts::quota_grant,
            commands::accounts::quota_grants,
            commands::accounts::quota_end_grant,
            commands::nextcloud::nextcloud_settings,
            commands::nextcloud::nextcloud_configure,
            commands::nextcloud::nextcloud_test,
            commands::nextcloud::nextcloud_plan,
            commands::nextcloud::nextcloud_apply,
            commands::nextcloud::nextcloud_pull,
            commands::settings::settings_list,
            commands::settings::setting_set,
            commands::settings::backups_list,
            commands::settings::backup_now,
            // public
            commands::reports::report_default_year,
            commands::reports::report_preview,
            commands::reports::report_write,
            commands::reports::authority_request_kinds,
            commands::reports::charter_registers,
            commands::reports::add_authority_request,
            commands::reports::add_software,
            commands::reports::add_signoff,
            commands::books::financial_years,
            commands::books::books_statement,
            commands::books::close_year,
            commands::books::volunteering_year,
            commands::books::add_volunteering,
            commands::exports::export_fec,
            commands::exports::export_ledger_csv,
            commands::exports::export_members_csv,
            commands::imports::import_member_columns,
            commands::imports::import_file,
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
