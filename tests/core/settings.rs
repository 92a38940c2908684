use crate::common::{audit_rows, fresh};
use panier::store::settings;

#[test]
fn settings_are_validated_and_audited() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    assert_eq!(
        settings::set(&mut f.db, "fiscal_year_start", "9-1").unwrap(),
        "09-01"
    );
    assert_eq!(
        settings::set(&mut f.db, "tax_receipts", "oui").unwrap(),
        "yes"
    );
    assert_eq!(
        settings::set(&mut f.db, "rna", "w451234567").unwrap(),
        "W451234567"
    );
    let org = settings::organisation(&f.db).unwrap();
    assert_eq!(org.fiscal_year_start, (9, 1));
    assert!(org.tax_receipts);
    assert_eq!(audit_rows(&f.db), before + 3);

    for (key, value) in [
        ("fiscal_year_start", "02-30"),
        ("siren", "123456789"),
        ("tax_receipts", "peut-être"),
        ("currency", "USD"),
        ("name", "  "),
        ("colour", "vert"),
    ] {
        let err = settings::set(&mut f.db, key, value).unwrap_err();
        assert_eq!(err.kind(), "invalid", "{key}={value}: {err}");
    }
    assert_eq!(
        audit_rows(&f.db),
        before + 3,
        "refused changes leave no audit row"
    );
}

#[test]
fn operator_setting_names_who_changes_things() {
    let mut f = fresh();
    settings::set(&mut f.db, "operator", "Camille (trésorière)").unwrap();
    let row = &panier::store::audit::recent(f.db.conn(), 1).unwrap()[0];
    // the row that sets the operator is written before it takes effect; the next is theirs
    assert_eq!(row.action, "set");
    settings::set(&mut f.db, "website", "https://amipo.fr").unwrap();
    let row = &panier::store::audit::recent(f.db.conn(), 1).unwrap()[0];
    if std::env::var("PANIER_OPERATOR").is_err() {
        assert_eq!(row.operator, "Camille (trésorière)");
    }
    assert_eq!(row.after.as_ref().unwrap()["website"], "https://amipo.fr");
}

#[test]
fn first_run_settings_are_refused_by_their_form_field_and_named_by_their_key() {
    use panier::kernel::field::Field;
    let mut f = fresh();
    for (key, value, field) in [
        ("name", "  ", Field::Name),
        ("rna", "X123", Field::Rna),
        ("siren", "123456789", Field::Siren),
        ("fiscal_year_start", "13-01", Field::FiscalYearStart),
        ("tax_receipts", "peut-être", Field::TaxReceipts),
        ("address", "rue\u{7}", Field::Address),
    ] {
        let err = settings::set(&mut f.db, key, value).unwrap_err();
        assert_eq!(err.field(), Some(field), "{key}={value}: {err}");
        // the CLI and the logs still name the setting by its key
        assert!(err.to_string().starts_with(key), "{key}: {err}");
    }
    // a setting no form but Settings asks for has no form field
    let err = settings::set(&mut f.db, "website", "pas une adresse").unwrap_err();
    assert_eq!(err.field(), None, "{err}");
    let Err(err) = panier::Database::create(&f.dir.path().join("new.sqlite"), " ") else {
        panic!("a file for an association with no name")
    };
    assert_eq!(err.field(), Some(Field::Name), "{err}");
}
