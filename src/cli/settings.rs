//! `panier settings …`

use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Show every setting
    Show(ShowArgs),
    /// Change one setting (name, siren, rna, address, purpose, website, tax_receipts yes|no, fiscal_year_start MM-DD, …)
    Set(SetArgs),
}

#[derive(Args)]
pub struct ShowArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct SetArgs {
    key: String,
    value: String,
}

pub fn run(ctx: &Context, cmd: SettingsCommand) -> anyhow::Result<()> {
    match cmd {
        SettingsCommand::Show(args) => {
            let db = ctx.open()?;
            let all = panier::store::settings::all(db.conn())?;
            if args.format == Format::Json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = panier::store::settings::KEYS
                .iter()
                .map(|k| {
                    let value = all.get(k.key).cloned().unwrap_or_default();
                    // a code `settings set` takes, followed by its words for the person reading
                    let shown = match (k.key, args.format) {
                        ("host_provider_type", Format::Table) if !value.is_empty() => format!(
                            "{value} ({})",
                            panier::public::report::catalog::host_provider_type(&value, ctx.lang)
                        ),
                        _ => value,
                    };
                    vec![
                        k.key.to_string(),
                        shown,
                        ctx.lang.pick(k.fr, k.en).to_string(),
                    ]
                })
                .collect();
            match args.format {
                Format::Csv => output::csv(&["key", "value", "description"], &rows),
                _ => output::table(&["réglage", "valeur", "description"], &rows),
            }
            Ok(())
        }
        SettingsCommand::Set(args) => {
            let mut db = ctx.open()?;
            let change = panier::ops::settings::SettingChange {
                key: args.key,
                value: args.value,
            };
            let key = change.key.clone();
            let stored =
                super::operation::perform::<panier::ops::settings::Set>(&mut db, change, &[])?;
            println!("{key} = {stored}");
            Ok(())
        }
    }
}
