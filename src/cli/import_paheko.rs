//! `panier import paheko FILE`: a Paheko association's file into a new or empty Panier file,
//! all or nothing; the report lists every Paheko row and every account used.

use super::output::{self, Format};
use super::Context;
use anyhow::bail;
use clap::Args;
use panier::bridges::paheko::{ImportStatus, PahekoReport};
use panier::ops::imports::{FileContent, ImportPaheko, PahekoRequest};
use std::path::PathBuf;

#[derive(Args)]
pub struct PahekoArgs {
    /// Paheko's association.sqlite (a copy or a backup; opened read-only)
    file: PathBuf,
    /// Check and list everything; write nothing (exits non-zero when the import would be refused)
    #[arg(long)]
    dry_run: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &super::Context, args: PahekoArgs) -> anyhow::Result<()> {
    let shown = args.file.display().to_string();
    let content = std::fs::read(&args.file).map_err(|_| {
        panier::Error::refused(
            format!("{shown} : fichier introuvable ou illisible"),
            format!("{shown}: no such file, or unreadable"),
        )
    })?;
    let mut db = ctx.open()?;
    let request = PahekoRequest {
        content: FileContent(content),
        file_name: shown,
        dry_run: args.dry_run,
    };
    // the operation's rule, answering the core's whole report (printed as it always was)
    let report = ImportPaheko::report(&mut db, request)?;
    show(ctx, &report, args.format)
}

fn show(ctx: &Context, report: &PahekoReport, format: Format) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match format {
        Format::Json => output::json(report)?,
        Format::Table | Format::Csv => {
            let rows: Vec<Vec<String>> = report
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.kind.label(lang).to_string(),
                        i.paheko_id.to_string(),
                        i.name.clone(),
                        i.outcome.label(lang).to_string(),
                        lang.pick(&i.reason, &i.reason_en).to_string(),
                    ]
                })
                .collect();
            let header = [
                lang.pick("quoi", "what"),
                lang.pick("n° Paheko", "Paheko id"),
                lang.pick("nom", "name"),
                lang.pick("résultat", "outcome"),
                lang.pick("détail", "detail"),
            ];
            let accounts: Vec<Vec<String>> = report
                .accounts
                .iter()
                .map(|a| {
                    vec![
                        a.code.clone(),
                        a.label.clone(),
                        a.lines.to_string(),
                        a.fate.label(lang).to_string(),
                        a.panier_account.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let account_header = [
                lang.pick("compte Paheko", "Paheko account"),
                lang.pick("libellé", "label"),
                lang.pick("lignes", "lines"),
                lang.pick("repris comme", "carried as"),
                lang.pick("compte Panier", "Panier account"),
            ];
            if format == Format::Csv {
                output::csv(&header, &rows);
            } else {
                output::table(&header, &rows);
                println!();
                output::table(&account_header, &accounts);
            }
        }
    }
    let counts = format!(
        "Paheko {} « {} » : {} {}, {} {}, {} {}, {} {}, {} {}",
        report.paheko_version,
        report.association,
        report.created,
        lang.pick(agree(report.created, "créé", "créés"), "created"),
        report.matched,
        lang.pick("déjà là", "matched"),
        report.skipped,
        lang.pick(agree(report.skipped, "ignoré", "ignorés"), "skipped"),
        report.not_mapped,
        lang.pick("non repris", "not mapped"),
        report.refused,
        lang.pick(agree(report.refused, "refusé", "refusés"), "refused"),
    );
    match report.status {
        ImportStatus::DryRun if report.refused > 0 => bail!(
            "{} ({counts}) :\n{}",
            lang.pick(
                "essai, rien n'a été écrit ; l'import serait refusé :",
                "dry run, nothing written; the import would be refused:"
            ),
            report.refusals(lang).join("\n")
        ),
        ImportStatus::DryRun => {
            eprintln!(
                "{} {counts}",
                lang.pick("Essai, rien n'a été écrit :", "Dry run, nothing written:")
            );
            Ok(())
        }
        ImportStatus::Imported if !report.written => {
            eprintln!(
                "{} {counts}",
                lang.pick(
                    "Rien de nouveau, rien n'a été écrit :",
                    "Nothing new, nothing written:"
                )
            );
            Ok(())
        }
        ImportStatus::Imported => {
            let n = |count: usize| count as i64;
            eprintln!(
                "{} {counts} ; {}, {}, {}, {}, {}, {}",
                lang.pick("Import terminé :", "Import done:"),
                lang.count(
                    n(report.members_created),
                    ("membre", "membres"),
                    ("member", "members")
                ),
                lang.count(
                    n(report.plans_created),
                    ("formule", "formules"),
                    ("plan", "plans")
                ),
                lang.count(
                    n(report.subscriptions_created),
                    ("période", "périodes"),
                    ("period", "periods")
                ),
                lang.count(
                    n(report.dues_created),
                    ("adhésion due", "adhésions dues"),
                    ("membership owed", "memberships owed")
                ),
                lang.count(
                    n(report.entries_created),
                    ("écriture", "écritures"),
                    ("entry", "entries")
                ),
                lang.count(
                    n(report.years_closed),
                    ("exercice clos", "exercices clos"),
                    ("closed year", "closed years")
                ),
            );
            Ok(())
        }
        ImportStatus::Refused => bail!(
            "{} ({counts}) :\n{}",
            lang.pick(
                "import refusé, rien n'a été écrit :",
                "import refused, nothing written:"
            ),
            report.refusals(lang).join("\n")
        ),
    }
}

/// The French participle agreed with its count ("1 créé", "2 créés").
fn agree(count: usize, one: &'static str, many: &'static str) -> &'static str {
    panier::Lang::Fr.agree(count as i64, one, many)
}
