//! `panier helloasso …`: HelloAsso without files — the API client's settings, and the sync of
//! the organisation's payments (mapped and keyed as `panier import helloasso` maps a payments
//! export, so neither doubles the other).

use super::import::{conclude, show, HowToImport};
use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};
use panier::bridges::helloasso_sync::{ConfigureInput, SyncInput};
use panier::bridges::report::ImportOptions;
use panier::kernel::dates::parse_date;
use panier::kernel::field::Field;
use panier::ops::helloasso::{Configure, Status, Sync};
use panier::Lang;
use std::io::Read;

#[derive(Subcommand)]
pub enum HelloassoCommand {
    /// Record the organisation and its API client (the secret is read from standard input and
    /// kept out of the file)
    Configure(ConfigureArgs),
    /// What is configured, and the day of the last sync
    Status(StatusArgs),
    /// Read the payments from HelloAsso's API and import them, all or nothing
    #[command(
        mut_arg("dry_run", |a| a.help("Read and list every payment; write nothing (exits non-zero when the sync would be refused)")),
        mut_arg("skip_invalid", |a| a.help("Import the valid payments even when others are refused")),
    )]
    Sync(SyncArgs),
}

#[derive(Args)]
pub struct ConfigureArgs {
    /// The organisation's slug, as in helloasso.com/associations/<slug>
    #[arg(long)]
    org: String,
    /// The API client's id (HelloAsso: My account › Integrations and API)
    #[arg(long)]
    client_id: String,
    /// Read the client secret from standard input (first line); without it the kept one stays
    #[arg(long)]
    client_secret_stdin: bool,
    /// Another API address (HelloAsso's sandbox: https://api.helloasso-sandbox.com)
    #[arg(long)]
    api_url: Option<String>,
}

#[derive(Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct SyncArgs {
    /// First day read (YYYY-MM-DD or DD/MM/YYYY); default: 30 days before the last sync, or
    /// everything the first time
    #[arg(long)]
    from: Option<String>,
    // the flags of a file import, their help said of payments (see `Sync`)
    #[command(flatten)]
    how: HowToImport,
}

pub fn run(ctx: &Context, cmd: HelloassoCommand) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match cmd {
        HelloassoCommand::Configure(args) => {
            let client_secret = if args.client_secret_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                Some(text.lines().next().unwrap_or("").trim().to_string())
            } else {
                None
            };
            let mut db = ctx.open()?;
            let input = ConfigureInput {
                organization: args.org,
                client_id: args.client_id,
                client_secret,
                api_url: args.api_url,
            };
            // a refusal names the flag to correct
            let settings = Configure::report(&mut db, &input).map_err(|error| {
                error.with_field_label(|field| match field {
                    Field::Organization => Some("--org"),
                    Field::ClientId => Some("--client-id"),
                    Field::ClientSecret => Some("--client-secret-stdin"),
                    Field::Url => Some("--api-url"),
                    _ => None,
                })
            })?;
            eprintln!(
                "{} {} ({} {}, {}) ; {}",
                lang.pick("HelloAsso configuré :", "HelloAsso configured:"),
                settings.organization,
                lang.pick("client", "client"),
                settings.client_id,
                settings.api_url,
                lang.pick(
                    "secret gardé hors du fichier",
                    "secret kept out of the file"
                ),
            );
            Ok(())
        }
        HelloassoCommand::Status(args) => {
            let mut db = ctx.open()?;
            let settings = Status::report(&mut db)?;
            match (args.format, settings) {
                (Format::Json, settings) => output::json(&settings)?,
                (_, None) => println!(
                    "{}",
                    lang.pick(
                        "HelloAsso n'est pas configuré (panier helloasso configure)",
                        "HelloAsso is not configured (panier helloasso configure)"
                    )
                ),
                (_, Some(s)) => {
                    let yes_no = |b: bool| {
                        if b {
                            lang.pick("oui", "yes")
                        } else {
                            lang.pick("non", "no")
                        }
                    };
                    let rows = vec![
                        vec![
                            lang.pick("organisation", "organisation").to_string(),
                            s.organization,
                        ],
                        vec![lang.pick("client", "client").to_string(), s.client_id],
                        vec!["API".to_string(), s.api_url],
                        vec![
                            lang.pick("secret sur cette machine", "secret on this machine")
                                .to_string(),
                            yes_no(s.has_secret).to_string(),
                        ],
                        vec![
                            lang.pick("dernière synchronisation", "last sync")
                                .to_string(),
                            s.synced_on
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| "-".into()),
                        ],
                    ];
                    output::table(
                        &[
                            lang.pick("réglage", "setting"),
                            lang.pick("valeur", "value"),
                        ],
                        &rows,
                    );
                }
            }
            Ok(())
        }
        HelloassoCommand::Sync(args) => {
            let from = match args.from.as_deref() {
                Some(text) => Some(parse_date("--from", text)?),
                None => None,
            };
            let how = args.how;
            let input = SyncInput {
                from,
                dry_run: how.dry_run,
                skip_invalid: how.skip_invalid,
            };
            let mut db = ctx.open()?;
            let sync = Sync::report(&mut db, input)?;
            eprintln!(
                "{} {} : {} {}{}",
                lang.pick("HelloAsso", "HelloAsso"),
                sync.organization,
                lang.count(
                    sync.payments_read as i64,
                    ("paiement", "paiements"),
                    ("payment", "payments")
                ),
                lang.pick(
                    Lang::Fr.agree(sync.payments_read as i64, "lu", "lus"),
                    "read"
                ),
                match sync.from {
                    Some(d) => format!(" {} {d}", lang.pick("depuis le", "since")),
                    None => String::new(),
                },
            );
            let options = ImportOptions {
                dry_run: how.dry_run,
                skip_invalid: how.skip_invalid,
            };
            if how.format == Format::Json {
                // the whole sync: organisation, day read from, payments read, the report
                output::json(&sync)?;
                return conclude(lang, &sync.report, options);
            }
            show(ctx, &sync.report, options, how.format)
        }
    }
}
