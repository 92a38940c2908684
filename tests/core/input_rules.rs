//! Input that cannot be right is refused (issue 17): one test per rule, with the message a
//! person sees, never SQLite's, and nothing changed. The parsers' property tests live in
//! `tests/bad_input.rs`.

use crate::common::fresh;
use panier::bridges::members_csv::import_members;
use panier::bridges::report::ImportOptions;
use panier::people::members::{self, MemberInput};
use panier::{Database, Error, Lang};

fn fresh_db() -> (tempfile::TempDir, Database) {
    let f = fresh();
    (f.dir, f.db)
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn member_count(db: &Database) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

/// The message a person sees (French and English), checked to be ours, not SQLite's.
fn said(err: &Error) -> (String, String) {
    let (fr, en) = (err.to_string(), err.message(Lang::En));
    for text in [&fr, &en] {
        assert!(
            !text.contains("constraint") && !text.contains("base de données"),
            "a raw SQL message: {text}"
        );
    }
    (fr, en)
}

#[test]
fn dates_out_of_range_are_refused_with_a_clear_message() {
    for text in ["0000-01-01", "9999-12-31", "31/12/9999", "1899-06-01"] {
        let (fr, en) = said(&panier::kernel::dates::parse_date("Date", text).unwrap_err());
        assert!(
            fr.starts_with("Date : la date")
                && fr.contains("hors de la plage acceptée (du 01/01/1900 au 31/12/2200)"),
            "{fr}"
        );
        assert!(
            en.contains("outside the accepted range (1900-01-01 to 2200-12-31)"),
            "{en}"
        );
    }
    // a date that came another way (the window's JSON) is held to the same rule
    let (_dir, mut db) = fresh_db();
    let mut zoe = MemberInput::from_name("Zoé Martin", "zoe@amipo.example", false);
    zoe.joined_on = chrono::NaiveDate::from_ymd_opt(9999, 1, 1);
    let (fr, _) = said(&members::add(&mut db, &zoe).unwrap_err());
    assert!(
        fr.starts_with("adhésion le : la date 9999-01-01 est hors de la plage"),
        "{fr}"
    );
    // a join date or a payment more than a year ahead is a typo
    let ahead = panier::kernel::dates::today() + chrono::Duration::days(400);
    zoe.joined_on = Some(ahead);
    let (fr, en) = said(&members::add(&mut db, &zoe).unwrap_err());
    assert!(
        fr.contains("est plus d'un an après aujourd'hui") && fr.contains("vérifiez l'année"),
        "{fr}"
    );
    assert!(en.contains("more than a year after today"), "{en}");
    zoe.joined_on = None;
    let id = members::add(&mut db, &zoe).unwrap();
    let gift = panier::books::payments::Gift {
        member: Some(id),
        counterparty: String::new(),
        amount_cents: 1000,
        date: ahead,
        method: panier::books::ledger::Method::Transfer,
        subsidy: false,
        label: String::new(),
        external_ref: None,
    };
    let (fr, _) = said(&panier::books::payments::give(&mut db, &gift).unwrap_err());
    assert!(
        fr.starts_with("date : la date") && fr.contains("plus d'un an"),
        "{fr}"
    );
    assert_eq!(member_count(&db), 1);
}

#[test]
fn sizes_are_bounded_and_their_sums_never_wrap() {
    let (fr, en) = said(&panier::kernel::size::parse_size("quota", "2048 TB").unwrap_err());
    assert_eq!(
        fr,
        "quota : taille « 2048 TB » hors limites : de 0 à 1 PiB (1024 TB)"
    );
    assert!(en.contains("out of bounds: from 0 to 1 PiB"), "{en}");
    let (_dir, mut db) = fresh_db();
    let id = members::add(
        &mut db,
        &MemberInput::from_name("Zoé Martin", "zoe@amipo.example", false),
    )
    .unwrap();
    let err =
        panier::hosting::accounts::add(&mut db, id, "nextcloud", "zoe", i64::MAX).unwrap_err();
    assert!(said(&err).0.starts_with("quota : taille"), "{err}");
    panier::hosting::accounts::add(&mut db, id, "nextcloud", "zoe", 0).unwrap();
    let grant = |bytes: i64| panier::hosting::quota::GrantInput {
        service: "nextcloud".into(),
        login: "zoe".into(),
        bytes,
        reason: "essai".into(),
        until: None,
    };
    let today = panier::kernel::dates::today();
    let err = panier::hosting::quota::grant(&mut db, &grant(i64::MAX), today).unwrap_err();
    assert!(said(&err).0.contains("hors limites"), "{err}");
    panier::hosting::quota::grant(&mut db, &grant(panier::kernel::size::MAX_BYTES), today).unwrap();
    // a second bonus would take the account past the bound: refused, not wrapped
    let err = panier::hosting::quota::grant(&mut db, &grant(1), today).unwrap_err();
    let (fr, _) = said(&err);
    assert!(
        fr.starts_with("taille : taille « 1125899906842624 + 1 » hors limites"),
        "{fr}"
    );
    let grants: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM quota_grants", [], |r| r.get(0))
        .unwrap();
    assert_eq!(grants, 1);
}

#[test]
fn text_fields_refuse_control_characters_and_endless_text() {
    let (_dir, mut db) = fresh_db();
    let mut zoe = MemberInput::from_name("Zoé Martin", "zoe@amipo.example", false);
    zoe.last_name = "Mar\u{1b}[2Jtin".into();
    let (fr, en) = said(&members::add(&mut db, &zoe).unwrap_err());
    assert!(
        fr.starts_with("nom : caractère de contrôle U+001B (ESC) refusé (position 4)"),
        "{fr}"
    );
    assert!(
        en.starts_with("nom: control character U+001B (ESC) refused (position 4)"),
        "{en}"
    );
    zoe.last_name = "Martin".into();
    zoe.notes = "x".repeat(10_001);
    let (fr, _) = said(&members::add(&mut db, &zoe).unwrap_err());
    assert_eq!(
        fr,
        "notes : texte trop long : 10001 caractères, 10000 au plus"
    );
    zoe.notes = "première ligne\nseconde ligne\tavec tabulation".into();
    let id = members::add(&mut db, &zoe).unwrap();
    // the same rule for a plan, a setting, a request, an expense
    let plan = crate::common::fee_plan("Cotis\0ation", 1500);
    let (fr, _) = said(&panier::membership::plans::add(&mut db, &plan).unwrap_err());
    assert!(
        fr.starts_with("nom : caractère de contrôle U+0000 (NUL)"),
        "{fr}"
    );
    let (fr, _) = said(&panier::store::settings::set(&mut db, "name", "AMIPO\nbis").unwrap_err());
    assert!(
        fr.starts_with("name : le texte tient sur une ligne"),
        "{fr}"
    );
    let request = panier::rights::requests::NewRequest {
        member: id,
        kind: panier::rights::requests::RequestKind::Access,
        received_on: panier::kernel::dates::today(),
        identity_check: "courriel\u{7}".into(),
        notes: String::new(),
    };
    let err = panier::rights::requests::add(&mut db, &request, panier::kernel::dates::today())
        .unwrap_err();
    assert!(
        said(&err)
            .0
            .starts_with("identité : caractère de contrôle U+0007"),
        "{err}"
    );
    let expense = panier::books::payments::Expense {
        amount_cents: 1000,
        category: panier::books::ledger::ExpenseCategory::Purchases,
        label: "Câbles\u{9b}31m".into(),
        supplier: "Boutique".into(),
        date: panier::kernel::dates::today(),
        method: panier::books::ledger::Method::Card,
        names_person: false,
    };
    let (fr, _) = said(&panier::books::payments::spend(&mut db, &expense).unwrap_err());
    assert!(
        fr.starts_with("libellé : caractère de contrôle U+009B"),
        "{fr}"
    );
    assert_eq!(member_count(&db), 1);
}

#[test]
fn an_import_neither_utf8_nor_windows_1252_is_refused_at_its_first_bad_byte() {
    use panier::bridges::csv_file::decode;
    // Windows-1252, as French spreadsheets save it: read
    let d = decode(b"nom;prenom\nLef\xe8vre;H\xe9l\xe8ne\n").unwrap();
    assert_eq!(d.text, "nom;prenom\nLefèvre;Hélène\n");
    // UTF-8 with one damaged byte: neither reading is right
    let err = decode(
        "nom;prénom\nLefèvre;H"
            .bytes()
            .chain(*b"\xe9l\n")
            .collect::<Vec<u8>>()
            .as_slice(),
    )
    .unwrap_err();
    let (fr, en) = said(&err);
    assert!(
        fr.starts_with("ligne 2 : ligne 2, colonne 10 : octet 0xE9 illisible (UTF-8)"),
        "{fr}"
    );
    assert!(
        en.contains("line 2, column 10: unreadable byte 0xE9"),
        "{en}"
    );
    // a NUL, or a byte Windows-1252 leaves undefined
    let err = decode(b"nom;prenom\nA\x00;\xe9\n").unwrap_err();
    assert!(
        said(&err).0.contains("ligne 2, colonne 2 : octet 0x00"),
        "{err}"
    );
    let err = decode(b"nom\n\x81\xe9\n").unwrap_err();
    assert!(
        said(&err).0.contains("ligne 2, colonne 1 : octet 0x81"),
        "{err}"
    );
    // and the import says so, writing nothing
    let (_dir, mut db) = fresh_db();
    let bytes = "nom;prénom;email\nLefèvre;H"
        .bytes()
        .chain(*b"\xe9l\xe8ne;h@amipo.example\n")
        .collect::<Vec<u8>>();
    let err = import_members(&mut db, &bytes, &[], ImportOptions::default(), day()).unwrap_err();
    assert!(said(&err).0.contains("ligne 2, colonne 10"), "{err}");
    assert_eq!(member_count(&db), 0);
}

#[test]
fn emails_are_checked_by_a_real_parser() {
    let (_dir, mut db) = fresh_db();
    for bad in [
        "zoe@amipo",
        "zoe@@amipo.example",
        "Zoé <zoe@amipo.example>",
        "zoe@amipo.example; paul@amipo.example",
        "zoe..m@amipo.example",
    ] {
        let err =
            members::add(&mut db, &MemberInput::from_name("Zoé Martin", bad, false)).unwrap_err();
        let (fr, en) = said(&err);
        assert!(
            fr.starts_with("email : « ") && fr.ends_with(" » n'est pas une adresse électronique"),
            "{bad}: {fr}"
        );
        assert!(en.ends_with("” is not an email address"), "{en}");
    }
    let err =
        panier::store::settings::set(&mut db, "contact_email", "contact-at-amipo").unwrap_err();
    assert!(
        said(&err).0.contains("n'est pas une adresse électronique"),
        "{err}"
    );
    panier::store::settings::set(&mut db, "contact_email", "contact@amipo.example").unwrap();
    assert_eq!(member_count(&db), 0);
}

#[test]
fn a_passphrase_must_have_some_strength() {
    use panier::store::sqlite::Passphrase;
    for weak in [
        "        ",
        "aaaaaaaaaaaa",
        "password1",
        "azertyuiop",
        "12345678",
    ] {
        let err = Passphrase::new_for_encryption(weak).unwrap_err();
        let (fr, en) = said(&err);
        assert!(
            fr.starts_with("phrase de passe : phrase de passe trop facile à deviner"),
            "{weak:?}: {fr}"
        );
        assert!(
            fr.contains("choisissez quatre ou cinq mots sans rapport"),
            "{fr}"
        );
        assert!(en.contains("choose four or five unrelated words"), "{en}");
    }
    Passphrase::new_for_encryption("une phrase assez longue").unwrap();
    Passphrase::new_for_encryption("girafe lundi cerceau orage").unwrap();
}

#[test]
fn web_addresses_in_settings_are_http_or_https_only() {
    let (_dir, mut db) = fresh_db();
    for key in [
        "website",
        "logo_url",
        "terms_url",
        "privacy_url",
        "legal_url",
        "funding_url",
    ] {
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "amipo.example",
            "ftp://amipo.example",
        ] {
            let err = panier::store::settings::set(&mut db, key, bad).unwrap_err();
            let (fr, en) = said(&err);
            assert!(fr.starts_with(&format!("{key} : « ")), "{fr}");
            assert!(
                fr.contains(
                    "n'est pas une adresse web : écrivez-la en entier, commençant par https://"
                ),
                "{fr}"
            );
            assert!(en.contains("starting with https://"), "{en}");
        }
        panier::store::settings::set(&mut db, key, "https://amipo.example/page?a=1").unwrap();
        panier::store::settings::set(&mut db, key, "").unwrap();
    }
}

#[test]
fn an_import_row_with_a_control_character_is_refused_naming_its_line() {
    let (_dir, mut db) = fresh_db();
    let bytes =
        "nom;prénom;email\nMartin;Zoé;zoe@amipo.example\nMar\u{1b}tin;Paul;paul@amipo.example\n";
    let report = import_members(
        &mut db,
        bytes.as_bytes(),
        &[],
        ImportOptions::default(),
        day(),
    )
    .unwrap();
    assert_eq!(report.refused, 1);
    let row = report
        .rows
        .iter()
        .find(|r| r.outcome == panier::bridges::report::Outcome::Refused)
        .unwrap();
    let fr = row.message(Lang::Fr);
    assert!(fr.starts_with("Ligne 3"), "{fr}");
    assert!(fr.contains("U+001B (ESC)"), "{fr}");
    assert!(!report.written);
    assert_eq!(member_count(&db), 0);
}
