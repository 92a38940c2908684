//! The operation layer: who may perform what (every operation × every role), and the money
//! operations called as a transport calls them.

use crate::common::{audit_rows, fresh};
use crate::plans::fee;
use panier::kernel::field::Field;
use panier::kernel::ids::MemberId;
use panier::membership::plans::{self, PlanPeriod};
use panier::ops::members::page::Page;
use panier::ops::members::{AddFromForm, MemberFields, MemberRef, MemberUpdate, Update};
use panier::ops::money::{
    DonationForm, MoneyOverview, Overview, OverviewQuery, PaymentForm, RecordDonation,
    RecordPayment,
};
use panier::ops::{perform, Role, CATALOGUE};
use panier::people::members::{self, MemberInput};
use panier::Error;
use std::collections::BTreeSet;

/// The roles allowed each operation, written out from the access rule (owner everything;
/// treasurer money, books, receipts, members, reports; secretary members, renewals, data
/// requests; admin accounts, quota, Nextcloud, charter, members' names; auditor reads).
fn expected_roles(operation: &str) -> &'static [Role] {
    use Role::*;
    match operation {
        "money_overview"
        | "money_choices"
        | "money_preview_payment"
        | "money_recurring_list"
        | "dashboard_figures"
        | "dashboard" => &[Owner, Treasurer, Auditor],
        "money_record_payment"
        | "money_record_donation"
        | "money_record_expense"
        | "money_reverse_entry"
        | "money_add_recurring"
        | "money_generate_recurring" => &[Owner, Treasurer],
        "members_add" | "add_member" | "update_member" | "delete_member" => {
            &[Owner, Treasurer, Secretary]
        }
        // members' files in full
        "member_page" | "import_member_columns" => &[Owner, Treasurer, Secretary, Auditor],
        "import_members_file" => &[Owner, Treasurer, Secretary],
        "import_helloasso_file" | "import_paheko_file" => &[Owner, Treasurer],
        "renewals_list" | "renewal_reminder" | "renewal_templates" => &[Owner, Secretary, Auditor],
        "renewal_mark_sent" | "renewal_set_template" => &[Owner, Secretary],
        "receipts_register" => &[Owner, Treasurer, Auditor],
        // the data-rights register and erasure: the secretary's
        "list_requests" | "erasure_plan" | "request_show" => &[Owner, Secretary, Auditor],
        "add_request"
        | "extend_request"
        | "answer_request"
        | "erase_member"
        | "export_member_data"
        | "request_accounts_deleted" => &[Owner, Secretary],
        "plans_list" => &[Owner, Treasurer, Auditor],
        // the books: the treasurer keeps them, the auditor reads them and their exports
        "books"
        | "books_statement"
        | "financial_years"
        | "volunteering_year"
        | "export_fec"
        | "export_ledger_csv"
        | "volunteering_records" => &[Owner, Treasurer, Auditor],
        "close_year" | "add_volunteering" | "record_volunteering" => &[Owner, Treasurer],
        // every member's file in full
        "export_members_csv" => &[Owner, Treasurer, Secretary, Auditor],
        "receipt_print" | "receipts_print_yearly" => &[Owner, Treasurer],
        "plan_add" | "plan_set_archived" => &[Owner, Treasurer],
        "accounts_list" | "quota_grants" | "nextcloud_settings" | "nextcloud_test"
        | "nextcloud_plan" => &[Owner, Admin, Auditor],
        "nextcloud_configure" | "nextcloud_apply" | "nextcloud_pull" => &[Owner, Admin],
        "authority_request_kinds" | "charter_registers" | "charter_records" => {
            &[Owner, Admin, Auditor]
        }
        "add_authority_request"
        | "add_software"
        | "add_signoff"
        | "answer_authority_request"
        | "save_software"
        | "remove_software"
        | "end_signoff" => &[Owner, Admin],
        "report_default_year" | "report_preview" | "report_figures" => &[Owner, Treasurer, Auditor],
        "settings_list" | "backups_list" => &[Owner, Auditor],
        "setting_set" | "backup_now" => &[Owner],
        "account_open" | "account_set_enabled" | "quota_grant" | "quota_end_grant" => {
            &[Owner, Admin]
        }
        // a member picker: names and emails, no amounts
        "money_find_members"
        | "members_search"
        | "list_members"
        | "member_plans"
        | "accounts_member_search"
        | "association_summary" => &[Owner, Treasurer, Secretary, Admin, Auditor],
        // HelloAsso: its settings are the owner's; reading them and syncing, the treasurer's
        "helloasso_configure" => &[Owner],
        "helloasso_status" => &[Owner, Treasurer, Auditor],
        "helloasso_sync" => &[Owner, Treasurer],
        // the mail server's settings: the association's settings
        "mail_show" => &[Owner, Auditor],
        "mail_configure" | "mail_test" => &[Owner],
        // reminders by mail: renewals
        "reminders_plan" | "mail_log" => &[Owner, Secretary, Auditor],
        "reminders_send" => &[Owner, Secretary],
        other => panic!("{other}: say here which roles may perform it"),
    }
}

#[test]
fn every_operation_is_allowed_to_exactly_the_roles_the_rule_gives() {
    let mut wrong = Vec::new();
    for operation in CATALOGUE {
        let expected: BTreeSet<_> = expected_roles(operation.name)
            .iter()
            .map(|r| format!("{r:?}"))
            .collect();
        for role in Role::ALL {
            if role.may(operation.access) != expected.contains(&format!("{role:?}")) {
                wrong.push(format!("{} × {role:?}", operation.name));
            }
        }
    }
    assert!(wrong.is_empty(), "access rule broken for: {wrong:#?}");
}

#[test]
fn operation_names_are_unique() {
    let names: BTreeSet<_> = CATALOGUE.iter().map(|o| o.name).collect();
    assert_eq!(names.len(), CATALOGUE.len());
    assert!(names.contains("money_record_payment"));
}

#[test]
fn an_auditor_reads_the_books_and_owner_and_auditor_are_never_refused_a_read() {
    for operation in CATALOGUE {
        if let panier::ops::Access::Read(_) = operation.access {
            assert!(Role::Auditor.may(operation.access), "{}", operation.name);
        } else {
            assert!(!Role::Auditor.may(operation.access), "{}", operation.name);
        }
        assert!(Role::Owner.may(operation.access), "{}", operation.name);
    }
}

fn donation(amount: &str) -> DonationForm {
    DonationForm {
        member: None,
        from: String::new(),
        subsidy: false,
        amount: amount.into(),
        date: "2026-03-01".into(),
        method: "cash".into(),
        label: String::new(),
        reference: None,
    }
}

#[test]
fn a_role_refused_writes_nothing_and_one_allowed_writes_one_change() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    for role in [Role::Secretary, Role::Admin, Role::Auditor] {
        let refused = perform::<RecordDonation>(&mut f.db, role, donation("10"));
        assert!(
            matches!(&refused, Err(Error::Refused { fr, .. }) if fr.contains("money_record_donation")),
            "{role:?}: {refused:?}"
        );
    }
    assert_eq!(audit_rows(&f.db), before, "a refusal writes nothing");
    let overview: MoneyOverview =
        perform::<Overview>(&mut f.db, Role::Auditor, OverviewQuery::default()).unwrap();
    assert!(overview.entries.is_empty());

    let id = perform::<RecordDonation>(&mut f.db, Role::Treasurer, donation("10")).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1);
    let overview = perform::<Overview>(&mut f.db, Role::Auditor, OverviewQuery::default());
    let entries = overview.unwrap().entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].id, entries[0].counterparty.as_str()),
        (id, "Anonyme")
    );
}

#[test]
fn recording_a_payment_is_one_call_that_says_where_its_parts_went() {
    let mut f = fresh();
    let mut input = fee("Adhésion", 2000, PlanPeriod::Civil);
    input.counterpart_cents = 500;
    let plan = plans::add(&mut f.db, &input).unwrap();
    let member = members::add(
        &mut f.db,
        &MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    let form = PaymentForm {
        member: member.0,
        plan: plan.0,
        amount: "20,00".into(),
        gift: String::new(),
        date: "2026-03-01".into(),
        method: "cheque".into(),
        reference: None,
    };
    let before = audit_rows(&f.db);
    let split = perform::<RecordPayment>(&mut f.db, Role::Treasurer, form.clone()).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1, "one change");
    assert!(split.entry.is_some() && split.subscription.is_some());
    assert_eq!((split.service_cents, split.gift_cents), (500, 1500));
    assert_eq!(
        (split.service_account.as_str(), split.gift_account.as_str()),
        ("7562", "7561")
    );
    assert_eq!(split.starts_on.to_string(), "2026-03-01");
    assert_eq!(split.last_day.to_string(), "2026-12-31");

    let unreadable = PaymentForm {
        amount: "12,5O".into(),
        ..form
    };
    let error = perform::<RecordPayment>(&mut f.db, Role::Owner, unreadable).unwrap_err();
    // keyed by the form's field, worded as the core always wrote it
    assert_eq!(error.field(), Some(Field::Amount));
    assert!(
        error
            .to_string()
            .starts_with("montant : montant « 12,5O » illisible"),
        "{error}"
    );
    assert_eq!(
        audit_rows(&f.db),
        before + 1,
        "a refused form writes nothing"
    );
}

#[test]
fn a_transport_may_name_a_field_its_own_way_and_keep_the_key() {
    let mut f = fresh();
    let form = DonationForm {
        date: "31/02/2026".into(),
        ..donation("10")
    };
    let error = perform::<RecordDonation>(&mut f.db, Role::Owner, form).unwrap_err();
    assert_eq!(error.field(), Some(Field::Date));
    let as_cli = error.with_field_label(|field| (field == Field::Date).then_some("--date"));
    assert_eq!(as_cli.field(), Some(Field::Date));
    assert!(as_cli.to_string().starts_with("--date : "), "{as_cli}");
    assert!(
        as_cli.message(panier::Lang::En).starts_with("--date: "),
        "{as_cli}"
    );
}

#[test]
fn the_books_of_a_year_no_calendar_holds_are_refused_not_computed() {
    let mut f = fresh();
    for year in [0, 999, 10_000, i32::MAX - 1, i32::MIN] {
        let asked = panier::ops::books::BooksQuery {
            year,
            lang: panier::Lang::Fr,
        };
        let refused = perform::<panier::ops::books::Books>(&mut f.db, Role::Auditor, asked);
        assert!(matches!(refused, Err(Error::Invalid { .. })), "{year}");
        let screen = panier::ops::books::StatementQuery {
            year,
            language: panier::Lang::Fr,
        };
        let refused = perform::<panier::ops::books::Statement>(&mut f.db, Role::Auditor, screen);
        assert!(matches!(refused, Err(Error::Invalid { .. })), "{year}");
        let close = panier::ops::books::YearOf { year };
        let refused = perform::<panier::ops::books::CloseYear>(&mut f.db, Role::Owner, close);
        assert!(matches!(refused, Err(Error::Invalid { .. })), "{year}");
    }
    let asked = panier::ops::books::BooksQuery {
        year: 2025,
        lang: panier::Lang::En,
    };
    assert!(perform::<panier::ops::books::Books>(&mut f.db, Role::Auditor, asked).is_ok());
}

/// The member form as a page opened on `id` gives it (with the revision it read).
fn opened_form(db: &mut panier::Database, id: i64) -> MemberFields {
    perform::<Page>(db, Role::Secretary, MemberRef { id })
        .unwrap()
        .fields
}

#[test]
fn a_member_edit_made_on_stale_values_is_refused_and_writes_nothing() {
    let mut f = fresh();
    let added = perform::<AddFromForm>(
        &mut f.db,
        Role::Secretary,
        MemberFields {
            first_name: "Léa".into(),
            last_name: "Roux".into(),
            email: "lea@exemple.fr".into(),
            ..MemberFields::default()
        },
    )
    .unwrap();
    // two people open the same member
    let mut first = opened_form(&mut f.db, added.id);
    let mut second = opened_form(&mut f.db, added.id);
    assert_eq!(first.revision, Some(added.revision));

    first.city = "Lyon".into();
    let saved = perform::<Update>(
        &mut f.db,
        Role::Secretary,
        MemberUpdate {
            id: added.id,
            fields: first,
        },
    )
    .unwrap();
    assert!(saved.revision > added.revision, "a save moves the revision");

    let before = audit_rows(&f.db);
    let stored = members::get(f.db.conn(), MemberId(added.id)).unwrap();
    second.email = "lea.roux@exemple.fr".into();
    let stale = perform::<Update>(
        &mut f.db,
        Role::Treasurer,
        MemberUpdate {
            id: added.id,
            fields: second.clone(),
        },
    )
    .unwrap_err();
    assert_eq!(stale.kind(), "conflict", "{stale:?}");
    assert!(
        stale
            .to_string()
            .starts_with("Ce membre a été modifié par quelqu'un d'autre"),
        "{stale}"
    );
    assert!(stale
        .message(panier::Lang::En)
        .starts_with("This member was changed by someone else"));
    assert_eq!(audit_rows(&f.db), before, "a refused edit writes nothing");
    assert_eq!(
        members::get(f.db.conn(), MemberId(added.id)).unwrap(),
        stored,
        "the first save stands"
    );

    // an edit that says nothing of what it was made on is refused too
    let blind = MemberFields {
        revision: None,
        ..second.clone()
    };
    let refused = perform::<Update>(
        &mut f.db,
        Role::Owner,
        MemberUpdate {
            id: added.id,
            fields: blind,
        },
    );
    assert!(matches!(refused, Err(Error::Refused { .. })), "{refused:?}");
    assert_eq!(audit_rows(&f.db), before);

    // reopened, the second editor sees the first one's city and may save
    let mut reopened = opened_form(&mut f.db, added.id);
    assert_eq!(reopened.city, "Lyon");
    reopened.email = second.email;
    perform::<Update>(
        &mut f.db,
        Role::Secretary,
        MemberUpdate {
            id: added.id,
            fields: reopened,
        },
    )
    .unwrap();
    let now = members::get(f.db.conn(), MemberId(added.id)).unwrap();
    assert_eq!(
        (now.city.as_str(), now.email.as_str()),
        ("Lyon", "lea.roux@exemple.fr")
    );
}

#[test]
fn money_recorded_for_a_member_does_not_make_their_open_form_stale() {
    let mut f = fresh();
    let plan = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Civil)).unwrap();
    let member = members::add(
        &mut f.db,
        &MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    let mut form = opened_form(&mut f.db, member.0);
    let payment = PaymentForm {
        member: member.0,
        plan: plan.0,
        amount: "20".into(),
        gift: String::new(),
        date: "2026-03-01".into(),
        method: "cheque".into(),
        reference: None,
    };
    // the payment moves the member's paid-until column (a trigger), not their profile
    perform::<RecordPayment>(&mut f.db, Role::Treasurer, payment).unwrap();
    form.phone = "06 12 34 56 78".into();
    let saved = perform::<Update>(
        &mut f.db,
        Role::Secretary,
        MemberUpdate {
            id: member.0,
            fields: form,
        },
    );
    assert!(saved.is_ok(), "{saved:?}");
}

#[test]
fn an_import_takes_the_files_bytes_as_base64_and_its_dry_run_writes_nothing() {
    use base64::Engine;
    use panier::ops::imports::{ImportMembers, ImportRequest};
    let mut f = fresh();
    let csv = "Nom,Prénom,Courriel\nZola,Émile,emile@zola.fr\nHugo,Victor,pas-une-adresse\n";
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    // the request as a transport receives it in JSON
    let request = |dry_run: bool, skip_invalid: bool| -> ImportRequest {
        serde_json::from_value(serde_json::json!({
            "content": content,
            "mapping": [
                {"column": "Nom", "field": "last_name"},
                {"column": "Prénom", "field": "first_name"},
                {"column": "Courriel", "field": "email"},
            ],
            "dryRun": dry_run,
            "skipInvalid": skip_invalid,
        }))
        .unwrap()
    };
    let before = audit_rows(&f.db);
    let checked = perform::<ImportMembers>(&mut f.db, Role::Secretary, request(true, false));
    let checked = checked.unwrap();
    assert!(!checked.written);
    assert_eq!(checked.rows.len(), 2);
    assert_eq!(
        checked
            .rows
            .iter()
            .filter(|r| r.outcome == "refused")
            .count(),
        1,
        "{:?}",
        checked.rows
    );
    assert_eq!(audit_rows(&f.db), before, "a dry run writes nothing");

    let refused = perform::<ImportMembers>(&mut f.db, Role::Admin, request(false, true));
    assert!(matches!(refused, Err(Error::Refused { .. })), "{refused:?}");
    let done = perform::<ImportMembers>(&mut f.db, Role::Secretary, request(false, true)).unwrap();
    assert!(done.written);
    assert_eq!(done.created, 1);
    assert!(members::find(f.db.conn(), "emile@zola.fr").is_ok());

    let not_base64: Result<ImportRequest, _> =
        serde_json::from_value(serde_json::json!({"content": "%%% pas du base64"}));
    assert!(not_base64.unwrap_err().to_string().contains("base64"));
}

#[test]
fn a_reminder_template_is_the_secretarys_and_a_bad_one_changes_nothing() {
    use panier::ops::renewals::{SetTemplate, TemplateChange, TemplateText, Templates};
    let mut f = fresh();
    let change = |lang: &str| TemplateChange {
        template: TemplateText {
            kind: "due".into(),
            lang: lang.into(),
            subject: "Votre adhésion arrive à échéance".into(),
            body: "Bonjour {name}, pensez à renouveler avant le {end}.".into(),
        },
    };
    let before = audit_rows(&f.db);
    let wrong_lang = perform::<SetTemplate>(&mut f.db, Role::Secretary, change("de"));
    assert!(
        matches!(wrong_lang, Err(Error::Invalid { .. })),
        "{wrong_lang:?}"
    );
    let treasurer = perform::<SetTemplate>(&mut f.db, Role::Treasurer, change("fr"));
    assert!(
        matches!(treasurer, Err(Error::Refused { .. })),
        "{treasurer:?}"
    );
    assert_eq!(audit_rows(&f.db), before, "refusals write nothing");

    perform::<SetTemplate>(&mut f.db, Role::Secretary, change("fr")).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1);
    let shown = perform::<Templates>(&mut f.db, Role::Auditor, ()).unwrap();
    let due_fr = shown
        .templates
        .iter()
        .find(|t| t.kind == "due" && t.lang == "fr")
        .expect("the due template in French");
    assert_eq!(due_fr.subject, "Votre adhésion arrive à échéance");
}

/// The FEC of the export operation: the bytes `fec::build` makes, named as the CLI names the
/// file, with its entries counted; no path travels.
#[test]
fn the_fec_operation_answers_the_file_the_cli_writes() {
    let mut f = fresh();
    let refused = perform::<panier::ops::exports::Fec>(
        &mut f.db,
        Role::Auditor,
        panier::ops::exports::ExportYear { year: 2026 },
    )
    .unwrap_err();
    assert!(refused.to_string().contains("SIREN"), "{refused}");
    panier::store::settings::set(&mut f.db, "siren", "732829320").unwrap();
    let entry = crate::money_flow::donate(&mut f, None, 4_200, "2026-03-01");
    assert!(entry.0 > 0);
    let file = perform::<panier::ops::exports::Fec>(
        &mut f.db,
        Role::Auditor,
        panier::ops::exports::ExportYear { year: 2026 },
    )
    .unwrap();
    let built = panier::books::fec::build(f.db.conn(), 2026).unwrap();
    assert_eq!(file.file_name, built.file_name);
    assert_eq!(file.bytes().unwrap(), built.text.as_bytes());
    assert_eq!(file.size as usize, built.text.len());
    assert_eq!(file.count as usize, built.entries);
    assert!(file.count >= 1);
    // the JSON a browser gets reads back the same (the desktop forwards it so)
    let json = serde_json::to_string(&file).unwrap();
    let back: panier::ops::exports::FileBytes = serde_json::from_str(&json).unwrap();
    assert_eq!(back, file);
    assert!(json.contains("\"contentBase64\""), "{json}");
}

/// Printing a receipt through the operation numbers it once, answers its PDF, and a second
/// print is the same receipt as a DUPLICATA; the auditor may not print.
#[test]
fn the_receipt_operation_answers_the_pdf_and_reprints_a_duplicata() {
    let mut f = fresh();
    crate::money_flow::allow_tax_receipts(&mut f);
    let giver = crate::money_flow::member(&mut f, "Hélène Martin", "helene@exemple.org");
    let entry = crate::money_flow::donate(&mut f, Some(giver), 5_000, "2026-03-01");
    let asked = || panier::ops::receipts::ReceiptOfEntry {
        entry: entry.0,
        kind: "tax".into(),
        date: None,
    };
    let refused = perform::<panier::ops::receipts::Print>(&mut f.db, Role::Auditor, asked());
    assert!(matches!(refused, Err(Error::Refused { .. })));
    let audit_before = audit_rows(&f.db);
    let first =
        perform::<panier::ops::receipts::Print>(&mut f.db, Role::Treasurer, asked()).unwrap();
    assert!(!first.duplicata);
    assert_eq!(first.amount_cents, 5_000);
    assert!(
        first.file.file_name.ends_with(".pdf"),
        "{}",
        first.file.file_name
    );
    assert!(first.file.file_name.contains(&first.reference));
    let pdf = first.file.bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(crate::common::pdf_text(&pdf).contains(&first.reference));
    assert_eq!(audit_rows(&f.db), audit_before + 1);
    let again = perform::<panier::ops::receipts::Print>(&mut f.db, Role::Owner, asked()).unwrap();
    assert!(again.duplicata);
    assert_eq!(again.reference, first.reference);
    assert!(crate::common::pdf_text(&again.file.bytes().unwrap()).contains("DUPLICATA"));
    let register = panier::books::receipts::list(f.db.conn(), 2026).unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].reprints, 1);
}

/// A rehearsed operation answers what it would (the receipt's number and file name) and
/// records nothing: the performance that follows gets the same number; a refusal is the same.
#[test]
fn a_rehearsal_answers_as_the_operation_would_and_records_nothing() {
    use panier::ops::receipts::{Print, ReceiptOfEntry};
    let mut f = fresh();
    crate::money_flow::allow_tax_receipts(&mut f);
    let giver = crate::money_flow::member(&mut f, "Hélène Martin", "helene@exemple.org");
    let entry = crate::money_flow::donate(&mut f, Some(giver), 5_000, "2026-03-01");
    let asked = |date: &str| ReceiptOfEntry {
        entry: entry.0,
        kind: String::new(),
        date: Some(date.into()),
    };
    let audit_before = audit_rows(&f.db);
    let rehearsed =
        f.db.rehearse(|db| perform::<Print>(db, Role::Treasurer, asked("2026-03-02")))
            .unwrap();
    assert_eq!(audit_rows(&f.db), audit_before);
    assert!(panier::books::receipts::list(f.db.conn(), 2026)
        .unwrap()
        .is_empty());
    let refused =
        f.db.rehearse(|db| perform::<Print>(db, Role::Treasurer, asked("2026-02-01")));
    assert!(refused.is_err(), "a receipt dated before its payment");
    let performed = perform::<Print>(&mut f.db, Role::Treasurer, asked("2026-03-02")).unwrap();
    assert_eq!(performed.reference, rehearsed.reference);
    assert_eq!(performed.file.file_name, rehearsed.file.file_name);
    assert!(
        !performed.duplicata,
        "the empty kind is the donation's own: tax"
    );
    assert_eq!(audit_rows(&f.db), audit_before + 1);
}
