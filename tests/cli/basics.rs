//! The `panier` command line, run as a user would, on temporary files.

use super::support::{fee_plan, json, Cli, ADD_HELENE};

use std::process::Command;

#[test]
fn init_seed_search_show_check_backup() {
    let cli = Cli::with_association();
    assert!(cli
        .fails(&["init", "--name", "Autre"])
        .contains("existe déjà"));
    let summary = json(&cli.ok(&[
        "seed",
        "--members",
        "2000",
        "--seed",
        "3",
        "--until",
        "2026-11-22",
        "--format",
        "json",
    ]));
    assert_eq!(summary["members"], 2000);

    let id = json(&cli.ok(&[&ADD_HELENE[..], &["--format", "json"]].concat()))["id"]
        .as_i64()
        .unwrap();
    let found = json(&cli.ok(&[
        "member",
        "list",
        "--search",
        "helene lefevre",
        "--format",
        "json",
    ]));
    let ids: Vec<i64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&id), "{ids:?}");
    let shown = json(&cli.ok(&["member", "show", "HELENE@exemple.fr", "--format", "json"]));
    assert_eq!(shown["member"]["id"], id);
    assert_eq!(shown["member"]["first_name"], "Hélène");
    assert_eq!(shown["status"], "none");

    let csv = cli.ok(&["member", "list", "--search", "hélène", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().starts_with("id;nom;email"));
    assert!(csv.lines().count() > 2);

    assert!(cli.ok(&["check"]).contains("sain"));
    let backup = cli.dir.path().join("copie.sqlite");
    cli.ok(&["backup", "-o", backup.to_str().unwrap()]);
    let listed = json(
        &String::from_utf8(
            cli.run_on(&backup, &["member", "list", "--format", "json"])
                .stdout,
        )
        .unwrap(),
    );
    assert_eq!(listed.as_array().unwrap().len(), 2001);
}

#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let cli = Cli::with_association();
    cli.ok(&[
        "member",
        "add",
        "--name",
        "Zoé Martin",
        "--email",
        "zoe@exemple.fr",
    ]);
    let audit_before = cli.ok(&["check", "--format", "json"]);

    assert!(cli
        .fails(&["member", "show", "personne@exemple.fr"])
        .contains("introuvable"));
    assert!(cli
        .fails(&["member", "show", "999"])
        .contains("introuvable"));
    assert!(cli
        .fails(&[
            "member",
            "add",
            "--name",
            "Zoé Bis",
            "--email",
            "ZOE@exemple.fr"
        ])
        .contains("déjà"));
    let fee_plan = |amount| fee_plan(amount, &[]);
    let err = cli.fails(&fee_plan("12,5O"));
    assert!(err.contains("« 12,5O »"), "{err}");
    let err = cli.fails(&fee_plan("20.001"));
    assert!(err.contains("deux chiffres"), "{err}");
    assert!(cli
        .fails(&["settings", "set", "fiscal_year_start", "31-02"])
        .contains("MM-JJ"));
    let plans = json(&cli.ok(&["plan", "list", "--format", "json"]));
    assert_eq!(plans.as_array().unwrap().len(), 0);
    assert_eq!(cli.ok(&["check", "--format", "json"]), audit_before);

    // English on request
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args([
            "--db",
            cli.db().to_str().unwrap(),
            "--lang",
            "en",
            "member",
            "show",
            "nobody@x.fr",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("member not found"));
}

#[test]
fn a_file_that_is_not_panier_is_refused_and_untouched() {
    let cli = Cli::new();
    let text = cli.dir.path().join("compta.ods");
    std::fs::write(&text, "PK\u{3}\u{4} not a database").unwrap();
    let out = cli.run_on(&text, &["member", "list"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("n'est pas une base Panier"));
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "PK\u{3}\u{4} not a database"
    );
    let missing = cli.dir.path().join("absent.sqlite");
    let out = cli.run_on(&missing, &["check"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("panier init"));
    assert!(!missing.exists());
}

#[test]
fn settings_show_and_set() {
    let cli = Cli::with_association();
    cli.ok(&["settings", "set", "siren", "732 829 320"]);
    cli.ok(&["settings", "set", "tax_receipts", "yes"]);
    let s = json(&cli.ok(&["settings", "show", "--format", "json"]));
    assert_eq!(s["name"], "AMIPO");
    assert_eq!(s["siren"], "732829320");
    assert_eq!(s["tax_receipts"], "yes");
    assert_eq!(s["fiscal_year_start"], "01-01");
}

#[test]
fn plans_with_quota_and_prix_libre() {
    let cli = Cli::with_association();
    let id = json(&cli.ok(&[
        "plan",
        "add",
        "--name",
        "Confort 50 Go",
        "--kind",
        "tier",
        "--amount",
        "24",
        "--quota",
        "50 GB",
        "--period",
        "months:12",
        "--members-only",
        "--format",
        "json",
    ]))["id"]
        .as_i64()
        .unwrap();
    cli.ok(&[
        "plan",
        "add",
        "--name",
        "Prix libre",
        "--kind",
        "fee",
        "--amount",
        "30,00",
        "--min",
        "5",
    ]);
    let plans = json(&cli.ok(&["plan", "list", "--format", "json"]));
    let tier = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap();
    assert_eq!(tier["quota_bytes"], 50_i64 * 1024 * 1024 * 1024);
    assert_eq!(tier["members_only"], true);
    let free = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Prix libre")
        .unwrap();
    assert_eq!(free["pay_what_you_want"], true);
    assert_eq!(free["min_cents"], 500);
    // the French table writes sizes the French way, and the kind and period in words
    let table = cli.ok(&["plan", "list"]);
    assert!(table.contains("50\u{a0}Go"), "{table}");
    assert!(table.contains("palier de stockage"), "{table}");
    assert!(
        !table.contains("50 GB") && !table.contains("months:"),
        "{table}"
    );
    let english = cli.ok(&["--lang", "en", "plan", "list"]);
    assert!(english.contains("50 GB"), "{english}");
}
