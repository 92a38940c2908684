//! One voice in every message: each text a person reads (the core's bilingual errors, the
//! catalogs of the public pages and the member's summary, the CLI's own lines, the desktop
//! shell's and the team server's) is read from the source for the marks of unfinished French:
//! inclusive-writing placeholders (« créé·e », « membre(s) », « inscrit/e »), which a count
//! must choose instead (`Lang::count`, `Lang::agree`); typographic apostrophes (Panier writes
//! the straight one, ', everywhere); a count of one with a plural noun (« 1 membres »).
//!
//! Read from the source text on purpose, as `layers.rs` does: every string literal is a
//! candidate, so a new catalog or a new `format!` is read without being registered.

use crate::layers::rust_files;
use std::path::{Path, PathBuf};

/// The string literals of a Rust file, with the line each starts on (enough for this code
/// base: `"…"` with `\"` escapes, over several lines too; `//` comments skipped).
fn literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut chars = source.chars().peekable();
    let mut current: Option<(usize, String)> = None;
    let (mut line, mut previous) = (1, ' ');
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match (&mut current, c) {
            (None, '"') if previous != '\'' => current = Some((line, String::new())),
            (None, '/') if chars.peek() == Some(&'/') => {
                // a comment: up to the end of the line
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            (Some((_, text)), '\\') => {
                if let Some(escaped) = chars.next() {
                    if escaped == '\n' {
                        line += 1;
                    }
                    text.push('\\');
                    text.push(escaped);
                }
            }
            (Some(_), '"') => found.extend(current.take()),
            (Some((_, text)), c) => text.push(c),
            (None, _) => {}
        }
        previous = c;
    }
    found
}

const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœ";

/// The placeholder of agreement in `text`, if any: `·e`, `(e)`, `(s)`, `(es)`, `/e`,
/// `(y/ies)`… right after a letter.
fn placeholder(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let after_letter = i > 0 && LETTERS.contains(chars[i - 1]);
        if !after_letter {
            continue;
        }
        let rest: String = chars[i..].iter().take(9).collect();
        if c == '·' && rest.chars().nth(1).is_some_and(|n| LETTERS.contains(n)) {
            return Some(rest);
        }
        for mark in [
            "(e)", "(s)", "(es)", "(ne)", "(le)", "(x)", "(y/ies)", "(ice)", "(trice)",
        ] {
            // `http(s)` is a scheme, not a plural
            if rest.starts_with(mark)
                && !lower[..lower.char_indices().nth(i).unwrap().0].ends_with("http")
            {
                return Some(rest);
            }
        }
        if c == '/' {
            let next: String = chars[i + 1..]
                .iter()
                .take_while(|c| LETTERS.contains(**c))
                .collect();
            if ["e", "es"].contains(&next.as_str()) {
                return Some(rest);
            }
        }
    }
    None
}

/// « 1 membres », « 1 comptes »: a one with a French plural (ends in s or x, after a space).
fn one_with_a_plural(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    words.windows(2).find_map(|pair| {
        let (count, noun) = (pair[0], pair[1]);
        let is_one = count == "1" || count.ends_with("(1") || count.ends_with("\u{a0}1");
        // nouns the same in the singular
        let invariable = [
            "fois", "mois", "temps", "prix", "choix", "cours", "pas", "avis",
        ];
        let plural = noun.len() > 3
            && !invariable.contains(&noun)
            && (noun.ends_with('s') || noun.ends_with('x'))
            && noun.chars().all(|c| LETTERS.contains(c));
        (is_one && plural).then(|| format!("{count} {noun}"))
    })
}

fn ts_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ts_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ts")
            && !path.to_string_lossy().ends_with(".test.ts")
        {
            out.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "src-tauri/src", "server/src"] {
        if root.join(dir).is_dir() {
            rust_files(&root.join(dir), &mut files);
        }
    }
    files.sort();
    files
}

/// Where a typographic apostrophe is data, not a message: search folds it to the straight one,
/// and the PDF writer lists the characters it can draw.
const APOSTROPHE_AS_DATA: &[&str] = &["src/kernel/search.rs", "src/kernel/pdf.rs"];

#[test]
fn no_message_keeps_a_placeholder_of_agreement_or_a_curly_apostrophe() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut read = 0;
    for path in sources() {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        {
            for (line, literal) in literals(&text) {
                let n = line - 1;
                read += 1;
                if let Some(mark) = placeholder(&literal) {
                    problems.push(format!(
                        "{relative}:{}: « {mark} »: choose the form by the count (Lang::count, Lang::agree) or reword",
                        n + 1
                    ));
                }
                if let Some(words) = one_with_a_plural(&literal) {
                    problems.push(format!(
                        "{relative}:{}: « {words} »: one takes the singular",
                        n + 1
                    ));
                }
                if literal.contains('’') && !APOSTROPHE_AS_DATA.contains(&relative.as_str()) {
                    problems.push(format!(
                        "{relative}:{}: a typographic apostrophe (’): Panier writes the straight one (')",
                        n + 1
                    ));
                }
            }
        }
    }
    // the window's catalogs too: the same placeholders, and the same straight apostrophe (a
    // window that writes « l’association » next to a CLI that writes « l'association » speaks
    // with two voices)
    let mut catalogs = Vec::new();
    let i18n = root.join("ui/src/i18n");
    if i18n.is_dir() {
        ts_files(&i18n, &mut catalogs);
    }
    for path in catalogs {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (line, literal) in literals(&std::fs::read_to_string(&path).unwrap()) {
            read += 1;
            if let Some(mark) = placeholder(&literal) {
                problems.push(format!(
                    "{relative}:{line}: « {mark} »: use the catalog's plural forms (<key>#one, <key>#other) or reword"
                ));
            }
            if literal.contains('’') {
                problems.push(format!(
                    "{relative}:{line}: a typographic apostrophe (’): the window writes the straight one (') too"
                ));
            }
        }
    }
    assert!(
        read > 5000,
        "only {read} literals read: is the reader broken?"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_reader_finds_what_it_looks_for() {
    let read =
        |source: &str| -> Vec<String> { literals(source).into_iter().map(|(_, l)| l).collect() };
    assert_eq!(
        read(r#"format!("{n} créé·e", x) // "comment""#),
        vec!["{n} créé·e"]
    );
    assert_eq!(read(r#"let c = '"'; "a\"b""#), vec![r#"a\"b"#]);
    assert_eq!(
        literals("x\n\"one \\\n two\"\n\"three\""),
        vec![(2, "one \\\n two".to_string()), (4, "three".to_string())]
    );
    for bad in [
        "Membre n° 3 créé·e.",
        "2 membre(s)",
        "refusé(e)s",
        "inscrit/e",
        "1 entr(y/ies)",
    ] {
        assert!(placeholder(bad).is_some(), "{bad}");
    }
    for good in [
        "une adresse http(s)",
        "Formule n° 1 créée",
        "(e.g. 2026)",
        "2 membres",
        "JJ/MM/AAAA",
    ] {
        assert_eq!(placeholder(good), None, "{good}");
    }
    assert_eq!(
        one_with_a_plural("1 membres à jour"),
        Some("1 membres".into())
    );
    assert_eq!(one_with_a_plural("1 membre, 2 comptes"), None);
}
