//! The treasurer's commands, run as a user would (issue 4).

use super::support::{fee_plan, json, member_in_lyon, Cli, PAY_THE_FEE};

use std::path::Path;
use std::process::Command;

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

fn setup() -> Cli {
    let cli = Cli::with_association();
    cli.allow_tax_receipts();
    cli.ok(&member_in_lyon("Élodie Müller", "elodie@exemple.fr"));
    cli.ok(&fee_plan("20", &["--counterpart", "5"]));
    cli
}

/// `panier receipt ENTRY -o OUT …`: the receipt of `entry`, written to `out`.
fn receipt<'a>(entry: &'a str, out: &'a std::path::Path, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["receipt", entry, "-o", out.to_str().unwrap()];
    args.extend_from_slice(more);
    args
}

/// `panier receipt` as [`receipt`] with `--format json`: the receipt it printed.
fn receipt_json(cli: &Cli, entry: &str, out: &Path, more: &[&str]) -> serde_json::Value {
    let args = [&receipt(entry, out, more)[..], &["--format", "json"]].concat();
    json(&cli.ok(&args))
}

#[test]
fn pay_donate_expense_reverse_and_export() {
    let cli = setup();
    let paid = json(&cli.ok(&[
        "pay",
        "elodie@exemple.fr",
        "--plan",
        "Adhésion",
        "--amount",
        "20,00",
        "--gift",
        "15",
        "--date",
        "2026-03-12",
        "--method",
        "cheque",
        "--format",
        "json",
    ]));
    assert_eq!(paid["service"], "5.00");
    assert_eq!(paid["gift"], "15.00");
    assert_eq!(paid["ends_before"], "2027-01-01");
    let fee_id = paid["id"].as_i64().unwrap().to_string();
    let gift = cli.ok(&["donate", "1", "--amount", "80", "--date", "2026-05-02"]);
    cli.ok(&[
        "donate",
        "--anonymous",
        "--amount",
        "10.5",
        "--date",
        "2026-05-03",
    ]);
    cli.ok(&[
        "donate",
        "--subsidy",
        "--from",
        "Mairie",
        "--amount",
        "500",
        "--date",
        "2026-06-01",
    ]);
    cli.ok(&[
        "expense",
        "--amount",
        "12,50",
        "--category",
        "telecom",
        "--label",
        "Nom de domaine",
        "--supplier",
        "Gandi",
        "--date",
        "2026-01-15",
    ]);
    cli.ok(&[
        "expense",
        "--amount",
        "42",
        "--category",
        "travel",
        "--label",
        "Train AG",
        "--names-person",
        "--date",
        "2026-02-15",
    ]);
    for bad in ["12,5O", "-5", "1.234,56", "20.001"] {
        let err = cli.fails(&[
            "expense",
            "--amount",
            bad,
            "--category",
            "telecom",
            "--label",
            "x",
        ]);
        assert!(
            err.starts_with("panier: --amount : montant « ") && err.contains("illisible"),
            "{bad}: {err}"
        );
        let err = cli.fails(&["pay", "1", "--plan", "Adhésion", "--amount", bad]);
        assert!(err.contains(bad), "{err}");
    }
    let err = cli.fails(&["--lang", "en", "donate", "1", "--amount", "12,5O"]);
    assert!(err.contains("unreadable amount"), "{err}");

    let reversed = json(&cli.ok(&[
        "reverse",
        gift.trim(),
        "--reason",
        "erreur",
        "--date",
        "2026-05-10",
        "--format",
        "json",
    ]));
    assert_eq!(
        reversed["reversed"].as_i64().unwrap().to_string(),
        gift.trim()
    );
    cli.fails(&["reverse", gift.trim(), "--reason", "encore"]);

    let csv = cli.path("ledger.csv");
    cli.ok(&[
        "export",
        "ledger",
        "--year",
        "2026",
        "-o",
        csv.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("entry_id;date;member_id;member;kind;account"));
    // fee (2 lines) + gift + reversal + anonymous + subsidy + 2 expenses
    assert_eq!(rows.len(), 1 + 8, "{text}");
    assert!(text.contains(&format!("{fee_id};2026-03-12;1;Élodie Müller;fee;7561;")));
    let sum: i64 = rows[1..]
        .iter()
        .map(|r| {
            let amount = r.split(';').nth(7).unwrap();
            panier::kernel::money::to_cents(
                "x",
                panier::kernel::money::parse_amount("x", amount.trim_start_matches('-')).unwrap(),
            )
            .unwrap()
                * if amount.starts_with('-') { -1 } else { 1 }
        })
        .sum();
    assert_eq!(sum, 2000 + 1050 + 50000 - 1250 - 4200);
}

#[test]
fn receipts_numbers_duplicata_and_refusals() {
    let cli = setup();
    let fee = cli.ok(&PAY_THE_FEE);
    let gift = cli.ok(&["donate", "1", "--amount", "71", "--date", "2026-05-02"]);
    let att = cli.path("attestation.pdf");
    let out = cli.ok(&receipt(fee.trim(), &att, &["--date", "2026-03-13"]));
    assert!(out.starts_with("A2026-0001"), "{out}");
    assert!(pdf_text(&att).contains("Attestation de cotisation"));
    let tax = cli.path("recu.pdf");
    let first = receipt_json(&cli, gift.trim(), &tax, &["--date", "2026-05-03"]);
    assert_eq!(first["number"], "2026-0001");
    assert_eq!(first["duplicata"], false);
    let text = pdf_text(&tax);
    assert!(text.contains("soixante et onze euros"), "{text}");
    assert!(text.contains("***71,00"), "{text}");
    assert!(!text.contains("DUPLICATA"));
    // The same file again: refused without --force (the first copy is kept as it was).
    let err = cli.fails(&["receipt", gift.trim(), "-o", tax.to_str().unwrap()]);
    assert!(err.contains("--force"), "{err}");
    assert!(!pdf_text(&tax).contains("DUPLICATA"));
    let again = receipt_json(&cli, gift.trim(), &tax, &["--force"]);
    assert_eq!(again["number"], "2026-0001");
    assert_eq!(again["duplicata"], true);
    assert!(pdf_text(&tax).contains("DUPLICATA"));

    // the gift part of the fee: next number, no gap
    let fee_tax = cli.path("fee-tax.pdf");
    let second = receipt_json(
        &cli,
        fee.trim(),
        &fee_tax,
        &["--kind", "tax", "--date", "2026-05-03"],
    );
    assert_eq!(second["number"], "2026-0002");
    assert_eq!(second["amount"], "15.00");

    // yearly summaries: nothing left for this donor
    let dir = cli.path("recus");
    cli.ok(&["donate", "1", "--amount", "30", "--date", "2026-09-02"]);
    let out = cli.ok(&[
        "receipts",
        "--year",
        "2026",
        "-o",
        dir.to_str().unwrap(),
        "--date",
        "2026-12-31",
    ]);
    assert!(out.starts_with("2026-0003"), "{out}");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let register = json(&cli.ok(&["receipts", "--year", "2026", "--list", "--format", "json"]));
    let refs: Vec<&str> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        vec!["A2026-0001", "2026-0001", "2026-0002", "2026-0003"]
    );
    assert_eq!(register[1]["reprints"], 1);

    // refused once the setting is off, and after a reversal
    cli.ok(&["settings", "set", "tax_receipts", "no"]);
    let err = cli.fails(&["receipt", gift.trim(), "-o", tax.to_str().unwrap()]);
    assert!(err.contains("tax_receipts"), "{err}");
    cli.ok(&["settings", "set", "tax_receipts", "yes"]);
    cli.ok(&["reverse", gift.trim(), "--reason", "remboursé"]);
    let err = cli.fails(&["receipt", gift.trim(), "-o", tax.to_str().unwrap()]);
    assert!(err.contains("annulé"), "{err}");
}

#[test]
fn renewals_remind_and_recurring() {
    let cli = setup();
    cli.ok(&PAY_THE_FEE);
    let listed = |args: &[&str]| json(&cli.ok(&[args, &["--format", "json"]].concat()));
    let due = listed(&["renewals", "--due", "--date", "2026-12-10"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(due[0]["state"], "due");
    assert_eq!(due[0]["last_day"], "2026-12-31");
    let grace = listed(&["renewals", "--grace", "--date", "2026-12-10"]);
    assert!(grace.as_array().unwrap().is_empty());
    let expired = listed(&["renewals", "--expired", "--date", "2027-06-10"]);
    assert_eq!(expired.as_array().unwrap().len(), 1);
    let text = cli.ok(&["remind", "1", "--date", "2026-12-10"]);
    assert!(text.contains("Objet : Votre adhésion à AMIPO"), "{text}");
    assert!(text.contains("mailto:elodie@exemple.fr?subject="), "{text}");
    let pending = listed(&["remind", "--pending", "--due", "--date", "2026-12-10"]);
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["to"], "elodie@exemple.fr");
    cli.ok(&["remind", "1", "--date", "2026-12-10", "--mark-sent"]);
    let pending = listed(&["remind", "--pending", "--date", "2026-12-10"]);
    assert!(
        pending.as_array().unwrap().is_empty(),
        "sent: no longer pending"
    );
    let err = cli.fails(&["remind", "1", "--date", "2026-12-12", "--mark-sent"]);
    assert!(err.contains("déjà été envoyée"), "{err}");

    let id = cli.ok(&[
        "expense",
        "recurring",
        "add",
        "--amount",
        "29,99",
        "--category",
        "server_rent",
        "--label",
        "Serveur",
        "--from",
        "2026-01-05",
    ]);
    assert_eq!(id.trim(), "1");
    let first = cli.ok(&["expense", "recurring", "generate", "--until", "2026-03-31"]);
    assert_eq!(first.lines().count(), 3, "{first}");
    let second = cli.ok(&["expense", "recurring", "generate", "--until", "2026-03-31"]);
    assert_eq!(
        second.trim(),
        "",
        "running it twice never doubles an expense"
    );
    let list = listed(&["expense", "recurring", "list"]);
    assert_eq!(list[0]["generated"], 3);
}

#[test]
fn gift_beyond_the_service_output_not_writable_and_dates_before_the_last_receipt_are_refused() {
    let cli = setup();
    // 20 € with a 5 € counterpart: the gift part is 15 € at most
    let pay_with_gift = |gift| [&PAY_THE_FEE[..], &["--gift", gift]].concat();
    let err = cli.fails(&pay_with_gift("18"));
    assert!(err.contains("ne peut dépasser 15,00"), "{err}");
    let fee = cli.ok(&pay_with_gift("15"));

    // an output that cannot be written: no number is used
    let nowhere = cli.path("assoc.sqlite").join("attestation.pdf");
    let err = cli.fails(&receipt(fee.trim(), &nowhere, &["--date", "2026-03-20"]));
    assert!(err.contains("aucun numéro n'a été pris"), "{err}");
    let register = json(&cli.ok(&["receipts", "--year", "2026", "--list", "--format", "json"]));
    assert_eq!(register, serde_json::json!([]));
    let att = cli.path("attestation.pdf");
    let first = receipt_json(&cli, fee.trim(), &att, &["--date", "2026-03-20"]);
    assert_eq!(first["number"], "A2026-0001");
    assert_eq!(first["duplicata"], false);
    assert!(!pdf_text(&att).contains("DUPLICATA"));

    // a receipt of the same series cannot be dated before the last one issued
    let gift = cli.ok(&["donate", "1", "--amount", "30", "--date", "2026-03-01"]);
    let tax = cli.path("recu.pdf");
    cli.ok(&receipt(
        fee.trim(),
        &tax,
        &["--kind", "tax", "--date", "2026-04-02"],
    ));
    let err = cli.fails(&receipt(gift.trim(), &tax, &["--date", "2026-04-01"]));
    assert!(
        err.contains("2026-0001")
            && err.contains("02/04/2026")
            && err.contains("suivent les dates"),
        "{err}"
    );

    // the register prints the numbers as on the receipts
    let table = cli.ok(&["receipts", "--year", "2026", "--list"]);
    assert!(
        table.contains("A2026-0001") && table.contains("2026-0001"),
        "{table}"
    );
    assert!(!table.contains("2026-0002"), "{table}");
}

/// The arguments as `Cli` takes them.
fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The receipts of 2026 in the register, by number.
fn register_2026(cli: &Cli) -> Vec<String> {
    json(&cli.ok(&["receipts", "--year", "2026", "--list", "--format", "json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_receipt_path_that_cannot_take_the_pdf_records_no_receipt_nor_reprint() {
    let cli = setup();
    let gift = cli.ok(&["donate", "1", "--amount", "40", "--date", "2026-02-01"]);
    let members_csv = cli.path("membres.csv");
    std::fs::write(&members_csv, "nom;email\n").unwrap();
    let folder = cli.path("a-folder");
    std::fs::create_dir(&folder).unwrap();
    // the database itself, a folder, an input file not to replace, a folder under a file
    for bad in [
        cli.db(),
        folder.clone(),
        members_csv.clone(),
        members_csv.join("recu.pdf"),
    ] {
        let err = cli.fails(&receipt(gift.trim(), &bad, &["--date", "2026-02-02"]));
        assert!(err.contains("aucun numéro n'a été pris"), "{bad:?}: {err}");
        assert!(register_2026(&cli).is_empty(), "{bad:?}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(&members_csv).unwrap(),
        "nom;email\n"
    );
    // the yearly summaries into a file instead of a folder: refused, nothing numbered
    let yearly = |out: &Path, more: &[&str]| -> Vec<String> {
        let out = out.to_str().unwrap();
        let args = [
            "receipts",
            "--year",
            "2026",
            "-o",
            out,
            "--date",
            "2026-12-31",
        ];
        args.iter().chain(more).map(|a| a.to_string()).collect()
    };
    let err = cli.fails(&strs(&yearly(&members_csv, &[])));
    assert!(err.contains("aucun numéro n'a été pris"), "{err}");
    assert!(register_2026(&cli).is_empty());

    // once a path can take it, the first number of the series: no gap
    let dir = cli.path("recus");
    let first = cli.ok(&strs(&yearly(&dir, &[])));
    assert!(first.starts_with("2026-0001"), "{first}");
    // again into the same folder without --force: refused before the reprint is counted,
    // the PDF kept as it was
    let err = cli.fails(&strs(&yearly(&dir, &[])));
    assert!(
        err.contains("--force") && err.contains("aucun numéro n'a été pris"),
        "{err}"
    );
    let written = dir.join(first.split('\t').nth(1).unwrap().trim());
    assert!(!pdf_text(&written).contains("DUPLICATA"));
    let register = json(&cli.ok(&["receipts", "--year", "2026", "--list", "--format", "json"]));
    assert_eq!(register[0]["reprints"], 0);
    let again = cli.ok(&strs(&yearly(&dir, &["--force"])));
    assert!(again.starts_with("2026-0001"), "{again}");
    assert!(pdf_text(&written).contains("DUPLICATA"));
    assert_eq!(register_2026(&cli), vec!["2026-0001"]);
}
