//! `panier --help` in the user's language. The derive's doc comments give the English texts;
//! when the language is French (the default, as for the messages), the French ones of
//! [`help_fr_texts`](super::help_fr_texts) replace them before parsing, with clap's own words
//! ("Usage", "Commands", "Print help", "[default: …]") in French too.

use super::help_fr_texts::{COMMON, TEXTS};
use clap::{Arg, Command};
use panier::Lang;
use std::ffi::OsString;

/// clap's default layout, with its one English heading ("Usage:") in French.
const TEMPLATE_FR: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// The language of the messages and the help, read before clap parses anything (so the help
/// it prints is already in that language): `--lang X` or `--lang=X`, else `$PANIER_LANG`,
/// else French. A value that is no language is left for clap to refuse.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut given = None;
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            given = words.next().map(|w| w.into_owned());
        } else if let Some(value) = word.strip_prefix("--lang=") {
            given = Some(value.to_string());
        }
    }
    given
        .or_else(|| std::env::var("PANIER_LANG").ok())
        .and_then(|l| l.parse().ok())
        .unwrap_or_default()
}

/// The command line's definition with its help in `lang`.
pub fn in_language(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Fr => {
            // built first, so the arguments clap adds itself (--help, --version, the `help`
            // subcommand) and the global ones copied into each subcommand are there to translate
            let mut cmd = cmd;
            cmd.build();
            french(cmd, "")
        }
    }
}

/// Ends the run on a command line clap refuses, saying why in `lang` (clap's own messages are
/// English): `panier: il manque --year <YEAR>`, the usage line, and where to read more. The
/// help and the version are printed as they are; a refusal clap words in no way handled here
/// keeps its English.
pub fn exit_on(error: clap::Error, lang: Lang) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let plain = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || plain {
        error.exit()
    }
    let text = |kind: ContextKind| -> Option<String> {
        match error.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let why = match error.kind() {
        ErrorKind::MissingRequiredArgument => format!("il manque {arg}"),
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::UnknownArgument => format!("argument inconnu : {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : {}",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => match text(ContextKind::ValidValue) {
            Some(valid) => format!("valeur « {value} » refusée pour {arg} (valeurs : {valid})"),
            None => format!("il manque la valeur de {arg}"),
        },
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(&error)
                .map(|e| format!(" : {e}"))
                .unwrap_or_default();
            format!("valeur « {value} » refusée pour {arg}{reason}")
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} ne va pas avec {}",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("trop de valeurs pour {arg} : « {value} »")
        }
        _ => error.exit(),
    };
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .map(|s| format!(" ; vouliez-vous dire {s} ?"))
        .unwrap_or_default();
    eprintln!("panier: {why}{suggestion}");
    if let Some(usage) = text(ContextKind::Usage) {
        eprintln!(
            "\n{}",
            usage.replacen("Usage:", "Utilisation :", 1).trim_end()
        );
    }
    eprintln!("\nPour en savoir plus : --help");
    std::process::exit(error.exit_code())
}

/// The French text of a command (`arg` empty) or of one of its arguments.
fn text_of(path: &str, arg: &str) -> Option<&'static str> {
    TEXTS
        .iter()
        .find(|(p, a, _)| *p == path && *a == arg)
        .map(|(_, _, fr)| *fr)
        .or_else(|| {
            if arg.is_empty() {
                return None;
            }
            COMMON.iter().find(|(a, _)| *a == arg).map(|(_, fr)| *fr)
        })
}

/// How the catalog names an argument: its long name (`first-name`), else its id (a
/// positional argument's, `member`).
fn key_of(arg: &Arg) -> String {
    arg.get_long()
        .map(str::to_string)
        .unwrap_or_else(|| arg.get_id().as_str().to_string())
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

const HELP_SUBCOMMAND_FR: &str = "Affiche ce message ou l'aide des sous-commandes données";

fn french(cmd: Command, path: &str) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE_FR)
        .subcommand_help_heading("Commandes")
        .mut_args(|arg| french_arg(arg, path));
    if let Some(about) = text_of(path, "") {
        cmd = cmd.about(about).long_about(None);
    }
    cmd.mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            help_subcommand(sub, path)
        } else {
            let sub_path = join(path, sub.get_name());
            french(sub, &sub_path)
        }
    })
}

/// `panier help …`: clap's own subcommand, whose tree copies the real one (names and abouts).
fn help_subcommand(cmd: Command, parent: &str) -> Command {
    let cmd = cmd
        .about(HELP_SUBCOMMAND_FR)
        .help_template(TEMPLATE_FR)
        .subcommand_help_heading("Commandes")
        .mut_args(|arg| french_arg(arg, "help"));
    cmd.mut_subcommands(|sub| copy_of(sub, parent))
}

fn copy_of(cmd: Command, parent: &str) -> Command {
    let path = join(parent, cmd.get_name());
    let mut cmd = cmd
        .help_template(TEMPLATE_FR)
        .subcommand_help_heading("Commandes");
    if cmd.get_name() == "help" {
        cmd = cmd.about(HELP_SUBCOMMAND_FR);
    } else if let Some(about) = text_of(&path, "") {
        cmd = cmd.about(about);
    }
    cmd.mut_subcommands(|sub| copy_of(sub, &path))
}

/// An argument's French text, followed by what clap would add in English (its default, its
/// variable, its possible values), said in French.
fn french_arg(arg: Arg, path: &str) -> Arg {
    let key = key_of(&arg);
    let text = match (path, key.as_str()) {
        ("help", "subcommand") => Some("Les sous-commandes dont afficher l'aide"),
        _ => text_of(path, &key),
    };
    let Some(text) = text else {
        return arg;
    };
    let mut notes = Vec::new();
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<_> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if takes_values && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        notes.push(format!("par défaut : {}", defaults.join(", ")));
    }
    let values = arg.get_possible_values();
    if takes_values && !arg.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<_> = values
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        notes.push(format!("valeurs : {}", names.join(", ")));
    }
    if let Some(variable) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("variable {}", variable.to_string_lossy()));
    }
    let help = if notes.is_empty() {
        text.to_string()
    } else {
        format!("{text} [{}]", notes.join(" ; "))
    };
    arg.help(help)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
}

/// Every command and argument that has no French text yet, written as the row to add to
/// `src/cli/help_fr_texts.rs` (with the English text to translate).
#[cfg(test)]
#[allow(dead_code)] // used by tests/cli/help.rs, which includes this module
pub fn missing(cmd: &Command) -> Vec<String> {
    let mut cmd = cmd.clone();
    cmd.build();
    let mut rows = Vec::new();
    missing_in(&cmd, "", &mut rows);
    rows
}

#[cfg(test)]
#[allow(dead_code)] // used by tests/cli/help.rs, which includes this module
fn missing_in(cmd: &Command, path: &str, rows: &mut Vec<String>) {
    let english =
        |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string()).unwrap_or_default();
    if text_of(path, "").is_none() {
        rows.push(format!(
            "    (\"{path}\", \"\", \"…\"), // {}",
            english(cmd.get_about())
        ));
    }
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let key = key_of(arg);
        if text_of(path, &key).is_none() {
            rows.push(format!(
                "    (\"{path}\", \"{key}\", \"…\"), // {}",
                english(arg.get_help())
            ));
        }
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        missing_in(sub, &join(path, sub.get_name()), rows);
    }
}

/// The rows of `help_fr_texts.rs` about a command or an argument that no longer exists.
#[cfg(test)]
#[allow(dead_code)] // used by tests/cli/help.rs, which includes this module
pub fn stale(cmd: &Command) -> Vec<String> {
    let mut cmd = cmd.clone();
    cmd.build();
    TEXTS
        .iter()
        .filter(|(path, arg, _)| {
            let mut node = Some(&cmd);
            for name in path.split_whitespace() {
                node = node.and_then(|n| n.find_subcommand(name));
            }
            match node {
                None => true,
                Some(_) if arg.is_empty() => false,
                Some(n) => !n.get_arguments().any(|a| key_of(a) == *arg),
            }
        })
        .map(|(path, arg, _)| format!("(\"{path}\", \"{arg}\")"))
        .collect()
}
