//! `panier import …`: HelloAsso exports, members CSV and Paheko associations, all or nothing.

use super::output::{self, Format};
use super::Context;
use anyhow::bail;
use clap::{Args, Subcommand};
use panier::bridges::members_csv::parse_mapping;
use panier::bridges::report::{ImportOptions, ImportReport, ImportStatus};
use panier::ops::imports::{ColumnMapping, ImportHelloasso, ImportMembers, ImportRequest};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A HelloAsso export: payments, or membership form (recognised by its columns)
    Helloasso(HelloassoArgs),
    /// Members from a CSV, with a column mapping
    Members(MembersArgs),
    /// A Paheko association (its association.sqlite): members, fees, subscriptions and books
    Paheko(super::import_paheko::PahekoArgs),
}

#[derive(Args)]
pub struct HelloassoArgs {
    file: PathBuf,
    #[command(flatten)]
    how: HowToImport,
}

#[derive(Args)]
pub struct MembersArgs {
    file: PathBuf,
    /// Column=field pairs, e.g. "Nom=last_name,Prénom=first_name,Courriel=email"
    /// (fields: kind, first_name, last_name, org_name, email, street, postal_code, city,
    /// country, phone, lang, joined_on, notes); unnamed columns are matched by name
    #[arg(long, default_value = "")]
    map: String,
    #[command(flatten)]
    how: HowToImport,
}

/// The flags every import takes (files, and HelloAsso's API: `helloasso sync`).
#[derive(Args)]
pub struct HowToImport {
    /// Check and list every row; write nothing (exits non-zero when the import would be refused)
    #[arg(long)]
    pub(super) dry_run: bool,
    /// Import the valid rows even when others are refused
    #[arg(long)]
    pub(super) skip_invalid: bool,
    #[arg(long, value_enum, default_value_t)]
    pub(super) format: Format,
}

impl HowToImport {
    /// The operation's request for the file's bytes.
    fn request(&self, file: &Path) -> anyhow::Result<ImportRequest> {
        let content = std::fs::read(file)?;
        Ok(ImportRequest::of(content, self.dry_run, self.skip_invalid))
    }
}

pub fn run(ctx: &Context, cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::Helloasso(args) => {
            let mut db = ctx.open()?;
            let request = args.how.request(&args.file)?;
            let options = request.options();
            let report = ImportHelloasso::report(&mut db, request)?;
            show(ctx, &report, options, args.how.format)
        }
        ImportCommand::Members(args) => {
            let mapping = parse_mapping(&args.map)?;
            let mut db = ctx.open()?;
            let mut request = args.how.request(&args.file)?;
            request.mapping = mapping
                .into_iter()
                .map(|(column, field)| ColumnMapping { column, field })
                .collect();
            let options = request.options();
            let report = ImportMembers::report(&mut db, request)?;
            show(ctx, &report, options, args.how.format)
        }
        ImportCommand::Paheko(args) => super::import_paheko::run(ctx, args),
    }
}

/// The report of an import (or of a HelloAsso sync), and its ending: exit code included.
pub(super) fn show(
    ctx: &Context,
    report: &ImportReport,
    options: ImportOptions,
    format: Format,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match format {
        Format::Json => output::json(report)?,
        Format::Table | Format::Csv => {
            let rows: Vec<Vec<String>> = report
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.line.to_string(),
                        r.outcome.label(lang).to_string(),
                        r.field.clone().unwrap_or_default(),
                        r.reference.clone().unwrap_or_default(),
                        r.email.clone().unwrap_or_default(),
                        r.amount.map(|a| a.to_string()).unwrap_or_default(),
                        match lang {
                            panier::Lang::Fr => r.reason.clone(),
                            panier::Lang::En => r.reason_en.clone(),
                        },
                    ]
                })
                .collect();
            let header = [
                lang.pick("ligne", "line"),
                lang.pick("résultat", "outcome"),
                lang.pick("colonne", "column"),
                lang.pick("référence", "reference"),
                "email",
                lang.pick("montant", "amount"),
                lang.pick("détail", "detail"),
            ];
            if format == Format::Csv {
                output::csv(&header, &rows);
            } else {
                output::table(&header, &rows);
            }
        }
    }
    conclude(lang, report, options)
}

/// How an import ended, said on standard error; refused (or a dry run that would be): an error.
pub(super) fn conclude(
    lang: panier::Lang,
    report: &ImportReport,
    options: ImportOptions,
) -> anyhow::Result<()> {
    let counts = format!(
        "{}, {}, {}, {}",
        lang.count(
            report.created as i64,
            ("créé", "créés"),
            ("created", "created")
        ),
        lang.count(
            report.matched as i64,
            ("déjà là", "déjà là"),
            ("matched", "matched")
        ),
        lang.count(
            report.skipped as i64,
            ("ignoré", "ignorés"),
            ("skipped", "skipped")
        ),
        lang.count(
            report.refused as i64,
            ("refusé", "refusés"),
            ("refused", "refused")
        ),
    );
    match report.status {
        // A dry run says how the real import would end, exit code included: scripts run
        // `--dry-run` first and stop on a failure (issue #17).
        ImportStatus::DryRun if report.refused > 0 && !options.skip_invalid => bail!(
            "{} ({counts}) :\n{}",
            lang.pick(
                "essai, rien n'a été écrit ; l'import serait refusé : corrigez ces lignes ou relancez avec --skip-invalid",
                "dry run, nothing written; the import would be refused: fix these rows or run again with --skip-invalid"
            ),
            report.refusals(lang).join("\n")
        ),
        ImportStatus::DryRun => {
            eprintln!("{} {counts}", lang.pick("Essai, rien n'a été écrit :", "Dry run, nothing written:"));
            Ok(())
        }
        ImportStatus::Imported => {
            eprintln!(
                "{} {counts} ; {}, {}",
                lang.pick("Import terminé :", "Import done:"),
                lang.count(
                    report.members_created as i64,
                    ("membre créé", "membres créés"),
                    ("member created", "members created")
                ),
                lang.count(
                    report.entries_created as i64,
                    ("écriture", "écritures"),
                    ("entry", "entries")
                ),
            );
            Ok(())
        }
        ImportStatus::Refused => bail!(
            "{} ({counts}) :\n{}",
            lang.pick(
                "import refusé, rien n'a été écrit : corrigez ces lignes ou relancez avec --skip-invalid",
                "import refused, nothing written: fix these rows or run again with --skip-invalid"
            ),
            report.refusals(lang).join("\n")
        ),
    }
}
