//! `panier books`, `close-year`, `export fec|members`, `import helloasso|members`, as a user runs them.

use super::support::{json, Cli};

fn sample(name: &str) -> String {
    format!("{}/tests/data/helloasso/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn books_close_year_and_fec() {
    let cli = Cli::with_association();
    cli.ok(&[
        "seed",
        "--members",
        "40",
        "--years",
        "3",
        "--until",
        "2026-06-30",
    ]);
    let books = json(&cli.ok(&["books", "--year", "2025", "--format", "json"]));
    assert_eq!(books["year"], 2025);
    let income: f64 = books["income"]["total"].as_str().unwrap().parse().unwrap();
    let expenses: f64 = books["expenses"]["total"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let result: f64 = books["result"].as_str().unwrap().parse().unwrap();
    assert!((income - expenses - result).abs() < 0.001);
    assert!(books["income"]["by_account"].as_object().unwrap().len() > 1);
    assert!(cli.ok(&["books", "--year", "2025"]).contains("Résultat"));

    let out = cli.path("fec");
    let export_fec = [
        "export",
        "fec",
        "--year",
        "2025",
        "-o",
        out.to_str().unwrap(),
    ];
    let err = cli.fails(&export_fec);
    assert!(
        err.starts_with("panier: ") && err.contains("SIREN"),
        "{err}"
    );
    // the hint's example is a command that works as written (its SIREN passes its Luhn key)
    let hint = err
        .split("(panier ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no command in the hint: {err}"));
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(&words[..3], ["settings", "set", "siren"], "{err}");
    cli.ok(&words);
    cli.ok(&["settings", "set", "siren", "732829320"]);
    let written = cli.ok(&export_fec);
    assert!(
        written.trim().ends_with("732829320FEC20251231.txt"),
        "{written}"
    );
    let text = std::fs::read_to_string(written.trim()).unwrap();
    assert!(text.starts_with("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\t"));
    assert!(text.lines().skip(1).all(|l| l.split('\t').count() == 18));

    let err = cli.fails(&["close-year", "2025"]);
    assert!(
        err.contains("l'exercice 2024 n'est pas clos : les exercices se clôturent dans l'ordre"),
        "{err}"
    );
    cli.ok(&["close-year", "2024"]);
    let closed = json(&cli.ok(&["close-year", "2025", "--format", "json"]));
    assert_eq!(closed["result"], books["result"]);
    let err = cli.fails(&["close-year", "2025"]);
    assert!(err.contains("déjà clos"), "{err}");
    assert_eq!(
        json(&cli.ok(&["books", "--year", "2025", "--format", "json"]))["closed"],
        true
    );
}

#[test]
fn import_helloasso_twice_and_members_round_trip() {
    let cli = Cli::with_association();
    for (name, kind, amount) in [
        ("Adhésion individuelle", "fee", "15"),
        ("Adhésion structure", "fee", "50"),
    ] {
        cli.ok(&[
            "plan", "add", "--name", name, "--kind", kind, "--amount", amount,
        ]);
    }
    cli.ok(&[
        "plan",
        "add",
        "--name",
        "Stockage 20 Go",
        "--kind",
        "tier",
        "--amount",
        "24",
        "--quota",
        "20 GB",
    ]);
    let file = sample("paiements.csv");
    let dry = json(&cli.ok(&[
        "import",
        "helloasso",
        &file,
        "--dry-run",
        "--format",
        "json",
    ]));
    assert_eq!(dry["status"], "dry_run");
    assert_eq!(dry["rows"].as_array().unwrap().len(), 10);
    let first = json(&cli.ok(&["import", "helloasso", &file, "--format", "json"]));
    assert_eq!(first["created"], 7);
    let second = json(&cli.ok(&["import", "helloasso", &file, "--format", "json"]));
    assert_eq!(second["created"], 0);
    assert_eq!(second["matched"], 7);

    let bad = sample("paiements-erreurs-windows1252.csv");
    let err = cli.fails(&["import", "helloasso", &bad]);
    assert!(err.contains("Ligne 3, colonne Montant total"), "{err}");
    assert!(err.contains("Ligne 4, colonne Date du paiement"), "{err}");
    cli.ok(&["import", "helloasso", &bad, "--skip-invalid"]);

    let csv = cli.path("membres.csv");
    cli.ok(&["export", "members", "-o", csv.to_str().unwrap()]);
    let other = cli.path("b.sqlite");
    cli.ok_on(&other, &["init", "--name", "Autre"]);
    cli.ok_on(
        &other,
        &[
            "import",
            "members",
            csv.to_str().unwrap(),
            "--map",
            "Nom=last_name,Email=email",
        ],
    );
    let again = cli.path("membres2.csv");
    cli.ok_on(
        &other,
        &["export", "members", "-o", again.to_str().unwrap()],
    );
    assert_eq!(std::fs::read(&csv).unwrap(), std::fs::read(&again).unwrap());
}

/// Issue #17: `import … --dry-run` exits as the real import would: non-zero when rows are
/// refused (scripts check it before importing), zero when nothing is wrong; and it writes
/// nothing either way.
#[test]
fn import_dry_run_exits_non_zero_when_rows_are_refused() {
    let cli = Cli::with_association();
    cli.ok(&[
        "plan",
        "add",
        "--name",
        "Adhésion individuelle",
        "--kind",
        "fee",
        "--amount",
        "15",
    ]);
    let bad = sample("paiements-erreurs-windows1252.csv");
    let err = cli.fails(&["import", "helloasso", &bad, "--dry-run"]);
    assert!(err.contains("Ligne 3, colonne Montant total"), "{err}");
    assert!(err.contains("rien n'a été écrit"), "{err}");
    // the JSON report is still printed for the script to read
    let out = cli.run_on(
        &cli.db(),
        &["import", "helloasso", &bad, "--dry-run", "--format", "json"],
    );
    assert!(!out.status.success());
    let report = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(report["status"], "dry_run");
    assert_eq!(report["refused"], 4);
    // with --skip-invalid the real import would succeed: so does its dry run
    cli.ok(&["import", "helloasso", &bad, "--dry-run", "--skip-invalid"]);
    let members = json(&cli.ok(&["member", "list", "--format", "json"]));
    assert_eq!(members.as_array().unwrap().len(), 0, "nothing written");

    let csv = cli.path("membres.csv");
    std::fs::write(
        &csv,
        "Nom;Prénom;Email\nZola;Émile;emile@zola.fr\nHugo;Victor;\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let err = cli.fails(&["import", "members", csv, "--dry-run"]);
    assert!(err.contains("Ligne 3, colonne Email"), "{err}");
    std::fs::write(csv, "Nom;Prénom;Email\nZola;Émile;emile@zola.fr\n").unwrap();
    cli.ok(&["import", "members", csv, "--dry-run"]);
    let members = json(&cli.ok(&["member", "list", "--format", "json"]));
    assert_eq!(members.as_array().unwrap().len(), 0, "nothing written");
    // `--format csv` guards a name a spreadsheet would run; numbers stay numbers
    cli.ok(&[
        "member",
        "add",
        "--name",
        "=cmd()",
        "--email",
        "f@example.org",
    ]);
    let listed = cli.ok(&["member", "list", "--format", "csv"]);
    let row = listed.lines().nth(1).unwrap();
    assert!(row.starts_with("1;'=cmd();f@example.org;"), "{row}");
}

#[test]
fn allocate_result_and_volunteering_from_the_command_line() {
    let cli = Cli::with_association();
    cli.ok(&[
        "seed",
        "--members",
        "30",
        "--years",
        "2",
        "--until",
        "2026-06-30",
    ]);
    let err = cli.fails(&["allocate-result", "2025", "--to", "reserves"]);
    assert!(
        err.contains("l'exercice 2025 n'est pas clos : on n'affecte que le résultat"),
        "{err}"
    );
    cli.ok(&["close-year", "2025"]);
    let books = json(&cli.ok(&["books", "--year", "2026", "--format", "json"]));
    let result_2025 = json(&cli.ok(&["books", "--year", "2025", "--format", "json"]))["result"]
        .as_str()
        .unwrap()
        .to_string();
    let pending = if result_2025.starts_with('-') {
        "129"
    } else {
        "120"
    };
    assert!(
        books["balance"]["funds"]["by_account"][pending].is_string(),
        "{books}"
    );
    let err = cli.fails(&["allocate-result", "2025", "--to", "elsewhere"]);
    assert!(err.contains("report ou reserves"), "{err}");
    let err = cli.fails(&[
        "allocate-result",
        "2025",
        "--to",
        "reserves",
        "--amount",
        "99999999",
    ]);
    assert!(err.contains("on peut affecter au plus"), "{err}");
    let done = json(&cli.ok(&[
        "allocate-result",
        "2025",
        "--to",
        "reserves",
        "--date",
        "2026-05-20",
        "--format",
        "json",
    ]));
    assert_eq!(done["destination"], "reserves");
    assert_eq!(done["amount"].as_str().unwrap(), result_2025);
    let after = json(&cli.ok(&["books", "--year", "2026", "--format", "json"]));
    assert_eq!(
        after["balance"]["funds"]["by_account"]["1068"].as_str(),
        Some(result_2025.as_str())
    );
    assert!(cli
        .fails(&["allocate-result", "2025", "--to", "report"])
        .contains("déjà entièrement affecté"));

    // accounting basis: two words only
    let err = cli.fails(&["settings", "set", "accounting_basis", "sometimes"]);
    assert!(err.contains("cash, accrual"), "{err}");
    cli.ok(&["settings", "set", "accounting_basis", "accrual"]);

    // volunteer time, valued apart from the result
    cli.ok(&["settings", "set", "volunteer_hour_value", "12"]);
    let err = cli.fails(&[
        "volunteering",
        "add",
        "--hours",
        "30",
        "--date",
        "2026-03-01",
    ]);
    assert!(err.contains("entre 0 (exclu) et 24"), "{err}");
    cli.ok(&[
        "volunteering",
        "add",
        "--hours",
        "2.5",
        "--date",
        "2026-03-01",
        "--member",
        "1",
        "--label",
        "Permanence",
    ]);
    cli.ok(&[
        "volunteering",
        "add",
        "--hours",
        "1",
        "--date",
        "2026-03-08",
    ]);
    let listed = json(&cli.ok(&["volunteering", "list", "--year", "2026", "--format", "json"]));
    assert_eq!(listed["records"].as_array().unwrap().len(), 2);
    assert_eq!(listed["summary"]["hours"], "3.50");
    assert_eq!(listed["summary"]["value"], "42.00");
    let table = cli.ok(&["volunteering", "list", "--year", "2026"]);
    assert!(table.contains("Permanence"), "{table}");
    let books = json(&cli.ok(&["books", "--year", "2026", "--format", "json"]));
    assert_eq!(books["volunteering"]["hours"], "3.50");
    assert_eq!(books["volunteering"]["value"], "42.00");
}
