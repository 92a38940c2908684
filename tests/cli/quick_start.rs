//! The README's "CLI quick start" (`docs/cli-quick-start.sh`), run line by line as written, on
//! a new file: it cannot rot without this test failing.

use std::path::Path;
use std::process::Command;

/// The words of a shell line: spaces split, double quotes group (all the quick start uses).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut current));
                }
                started = false;
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "unclosed quote in: {line}");
    if started {
        words.push(current);
    }
    words
}

#[test]
fn the_quick_start_runs_as_written() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli-quick-start.sh");
    let text = std::fs::read_to_string(&script).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut env: Vec<(String, String)> = Vec::new();
    let mut commands = Vec::new();
    let mut outputs = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("export ") {
            let (name, value) = assignment.split_once('=').expect("export NAME=value");
            env.push((name.to_string(), value.to_string()));
            continue;
        }
        let words = words(line);
        assert_eq!(
            words[0], "panier",
            "a line that is not a panier command: {line}"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_panier"))
            .args(&words[1..])
            .current_dir(dir.path())
            .env_remove("PANIER_LANG")
            .env("PANIER_OPERATOR", "quick-start")
            .env("PANIER_SECRETS_DIR", dir.path().join("secrets"))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(out.status.success(), "`{line}` failed:\n{stdout}\n{stderr}");
        outputs.push_str(&stdout);
        outputs.push_str(&stderr);
        commands.push(words[1].clone());
    }
    // the path the README promises: init → plan add → member add → pay → books → report
    let mut order = commands.iter();
    for step in ["init", "plan", "member", "pay", "books", "report"] {
        assert!(
            order.any(|c| c == step),
            "the quick start skips `{step}` (or runs it out of order): {commands:?}"
        );
    }
    // what it says is French, agreed, and dated the French way
    for wanted in [
        "Formule n° 1 créée.",
        "Membre n° 1 créé.",
        "1 membre",
        "31/12/2026",
        "du 1er mars 2026 au 31 décembre 2026",
        "palier de stockage",
    ] {
        assert!(
            outputs.contains(wanted),
            "« {wanted} » missing from:\n{outputs}"
        );
    }
    for unwanted in [
        "·e",
        "(s)",
        "(exclu)",
        "2027-01-01",
        "HOSTEDSERVER",
        "months:",
    ] {
        assert!(!outputs.contains(unwanted), "« {unwanted} » in:\n{outputs}");
    }
    for file in ["amipo.sqlite", "rapport-2026.html", "rapport-2026.pdf"] {
        assert!(dir.path().join(file).is_file(), "{file} was not written");
    }
}

/// A newcomer's first mistakes: each refusal says what to do next, an empty list says so, and
/// a written file is told with its place and size.
#[test]
fn a_newcomer_is_told_what_to_do_next() {
    let cli = super::support::Cli::with_association();
    cli.ok(&super::support::ADD_HELENE);
    let refused = cli.fails(&[
        "pay",
        "helene@exemple.fr",
        "--plan",
        "Adhésion",
        "--amount",
        "20",
    ]);
    assert!(refused.contains("formule introuvable"), "{refused}");
    assert!(
        refused.contains("créez une formule : panier plan add"),
        "{refused}"
    );
    let unknown = cli.fails(&["member", "show", "personne@exemple.fr"]);
    assert!(unknown.contains("panier member list --search"), "{unknown}");

    let out = cli.run(&["plan", "list"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("liste vide"), "{said}");

    let backup = cli.path("copie.sqlite");
    let out = cli.run(&["backup", "-o", backup.to_str().unwrap()]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    let size = std::fs::metadata(&backup).unwrap().len() as i64;
    let expected = format!(
        "Écrit : {} ({})",
        backup.display(),
        panier::kernel::size::size_in(size, panier::Lang::Fr)
    );
    assert!(said.contains(&expected), "« {expected} » not in: {said}");
    assert!(
        expected.contains("\u{a0}Ko") || expected.contains("\u{a0}Mo"),
        "{expected}"
    );
}
