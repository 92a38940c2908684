//! `panier --help` speaks the user's language: every command and argument has its French text,
//! and clap's own words are French too (English with `--lang en`).

use super::support::Cli;
use crate::cli::{help_fr, Cli as Definition};
use clap::CommandFactory;
use panier::Lang;

#[test]
fn every_command_and_argument_has_its_french_help() {
    let missing = help_fr::missing(&Definition::command());
    assert!(
        missing.is_empty(),
        "{} command(s) or argument(s) have no French help. Add these rows to TEXTS in \
         src/cli/help_fr_texts.rs, with the French text in place of …:\n{}",
        missing.len(),
        missing.join("\n")
    );
    let stale = help_fr::stale(&Definition::command());
    assert!(
        stale.is_empty(),
        "rows of src/cli/help_fr_texts.rs about nothing that exists any more (remove them): {}",
        stale.join(", ")
    );
}

/// Every help page of the French tree, rendered: none keeps a word of clap's English.
#[test]
fn no_help_page_keeps_clap_english() {
    let mut french = help_fr::in_language(Definition::command(), Lang::Fr);
    let mut pages = Vec::new();
    render_all(&mut french, "panier", &mut pages);
    assert!(pages.len() > 50, "only {} pages", pages.len());
    for (path, page) in &pages {
        for english in [
            "Usage:",
            "Commands:",
            "Print help",
            "Print version",
            "Print this message",
            "[default:",
            "[possible values:",
            "[env:",
        ] {
            assert!(!page.contains(english), "{path}: « {english} » in\n{page}");
        }
        assert!(page.contains("Utilisation : "), "{path}:\n{page}");
    }
}

fn render_all(cmd: &mut clap::Command, path: &str, pages: &mut Vec<(String, String)>) {
    pages.push((path.to_string(), cmd.render_help().to_string()));
    for sub in cmd.get_subcommands_mut() {
        let sub_path = format!("{path} {}", sub.get_name());
        render_all(sub, &sub_path, pages);
    }
}

#[test]
fn help_is_french_by_default_and_english_on_request() {
    let cli = Cli::new();
    let french = cli.ok(&["plan", "add", "--help"]);
    assert!(french.contains("Utilisation : "), "{french}");
    assert!(
        french.contains("fee (cotisation) ou tier (palier de stockage)"),
        "{french}"
    );
    assert!(french.contains("Affiche l'aide"), "{french}");
    assert!(
        french.contains("[par défaut : table ; valeurs : table, csv, json]"),
        "{french}"
    );
    let top = cli.ok(&["--help"]);
    assert!(
        top.contains("Commandes :") || top.contains("Commandes:"),
        "{top}"
    );
    assert!(
        top.contains("Enregistre le paiement d'une formule"),
        "{top}"
    );

    for english in [
        cli.ok(&["--lang", "en", "plan", "add", "--help"]),
        cli.ok(&["plan", "add", "--lang=en", "--help"]),
    ] {
        assert!(english.contains("Usage:"), "{english}");
        assert!(
            english.contains("fee (membership) or tier (storage)"),
            "{english}"
        );
        assert!(english.contains("Print help"), "{english}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["help", "plan", "add"])
        .env("PANIER_LANG", "en")
        .output()
        .unwrap();
    let english = String::from_utf8(out.stdout).unwrap();
    assert!(
        english.contains("fee (membership) or tier (storage)"),
        "{english}"
    );
    let french = cli.ok(&["help", "plan", "add"]);
    assert!(french.contains("palier de stockage"), "{french}");
}

/// A command line clap refuses is refused in the user's language too, with what to do.
#[test]
fn clap_refusals_speak_french_by_default() {
    let cli = Cli::new();
    let run = |args: &[&str]| {
        let out = cli.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let missing = run(&["books"]);
    assert!(
        missing.starts_with("panier: il manque --year <YEAR>"),
        "{missing}"
    );
    assert!(missing.contains("Utilisation : panier books"), "{missing}");
    assert!(
        missing.contains("Pour en savoir plus : --help"),
        "{missing}"
    );
    assert!(
        !missing.contains("error:") && !missing.contains("Usage:"),
        "{missing}"
    );
    let typo = run(&["books", "--yaer", "2026"]);
    assert!(typo.contains("argument inconnu : --yaer"), "{typo}");
    assert!(typo.contains("vouliez-vous dire --year ?"), "{typo}");
    let value = run(&["plan", "list", "--format", "xml"]);
    assert!(
        value
            .contains("valeur « xml » refusée pour --format <FORMAT> (valeurs : table, csv, json)"),
        "{value}"
    );
    let lang = run(&["--lang", "de", "plan", "list"]);
    assert!(lang.contains("langue inconnue « de »"), "{lang}");
    let english = run(&["--lang", "en", "books"]);
    assert!(
        english.contains("required arguments were not provided"),
        "{english}"
    );
}
