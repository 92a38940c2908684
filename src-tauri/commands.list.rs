// The one list of the commands the window may call, by area. Each area becomes
// capabilities/<area>.json (written by build.rs, with its description and, for `main`, Tauri's
// core defaults); every name is registered in lib.rs's handler and exported to the UI as the
// `Command` type (ui/src/generated/commands.ts). Adding a command: write it in
// src/commands/<module>.rs, add `module::name` to its area here, call it from ui/src/lib.
//
// Expanded three times with three different `panier_commands!` macros: build.rs, lib.rs and
// src/registry.rs (the names for the tests and the bindings).
panier_commands! {
    main "What the main window may call: Panier's own commands listed one by one, nothing from Tauri's core plugins beyond the defaults, no shell, no http, no file system."
        ["core:default"] {
        database::database_status,
        database::create_association,
        database::open_database,
        database::close_database,
        association::association_summary,
        language::set_language,
        remote::connect_server,
        remote::disconnect_server,
        remote::server_connection,
    }
    files "The file dialogs, opened by the shell for exports and imports (the window itself gets no file-system or dialog permission)."
        [] {
        files::choose_save_path,
        files::choose_open_path,
        files::choose_folder,
    }
    money "The Money and Renewals screens: the ledger and its forms, receipts, renewals and reminders (open_mailto opens mailto: links only)."
        [] {
        money::money_overview,
        money::money_choices,
        money::money_find_members,
        money::money_preview_payment,
        money::money_record_payment,
        money::money_record_donation,
        money::money_record_expense,
        money::money_reverse_entry,
        money::money_recurring_list,
        money::money_add_recurring,
        money::money_generate_recurring,
        receipts::receipt_print,
        receipts::receipts_print_yearly,
        receipts::receipts_register,
        mail::receipt_send,
        renewals::renewals_list,
        renewals::renewal_reminder,
        renewals::renewal_mark_sent,
        renewals::renewal_templates,
        renewals::renewal_set_template,
        renewals::open_mailto,
        mail::reminders_plan,
        mail::reminders_send,
        mail::mail_log,
    }
    people "The dashboard, the members (list, form, a member's page with their data export and erasure), the register of data requests, and the demo association of the first-run screen."
        [] {
        database::open_demo_association,
        dashboard::dashboard_figures,
        members::list_members,
        members::member_plans,
        members::add_member,
        members::update_member,
        members::delete_member,
        members::member_page,
        members::export_member_data,
        members::erasure_plan,
        members::erase_member,
        requests::list_requests,
        requests::add_request,
        requests::extend_request,
        requests::answer_request,
    }
    admin "Plans and tiers, accounts and quota with the Nextcloud connector, settings and backups."
        [] {
        plans::plans_list,
        plans::plan_add,
        plans::plan_set_archived,
        accounts::accounts_list,
        accounts::accounts_member_search,
        accounts::account_open,
        accounts::account_set_enabled,
        accounts::quota_grant,
        accounts::quota_grants,
        accounts::quota_end_grant,
        nextcloud::nextcloud_settings,
        nextcloud::nextcloud_configure,
        nextcloud::nextcloud_test,
        mail::mail_settings,
        mail::mail_configure,
        mail::mail_test,
        nextcloud::nextcloud_plan,
        nextcloud::nextcloud_apply,
        nextcloud::nextcloud_pull,
        settings::settings_list,
        settings::setting_set,
        settings::backups_list,
        settings::backup_now,
    }
    public "Reports, books, exports and imports, the HelloAsso sync included (the public side and the books)."
        [] {
        reports::report_default_year,
        reports::report_preview,
        reports::report_write,
        reports::authority_request_kinds,
        reports::charter_registers,
        reports::add_authority_request,
        reports::add_software,
        reports::add_signoff,
        books::financial_years,
        books::books_statement,
        books::close_year,
        books::volunteering_year,
        books::add_volunteering,
        exports::export_fec,
        exports::export_ledger_csv,
        exports::export_members_csv,
        imports::import_member_columns,
        imports::import_file,
        imports::import_paheko_file,
        helloasso::helloasso_status,
        helloasso::helloasso_configure,
        helloasso::helloasso_sync,
    }
}
