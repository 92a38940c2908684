//! `panier account …`: members' service accounts.

use super::output::{self, Format};
use super::{operation, Context};
use clap::{Args, Subcommand};
use panier::hosting::accounts;
use panier::kernel::size::display_size;
use panier::ops::accounts::{self as ops, AccountOpening, AccountSwitch};

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Open a service account for a member, with the quota their tiers give; prints its id
    Add(AddArgs),
    /// List the service accounts
    List(output::FormatArgs),
    /// Disable an account (the Nextcloud plan then disables it on the server)
    Disable(EnableArgs),
    /// Enable a disabled account again
    Enable(EnableArgs),
}

#[derive(Args)]
pub struct AddArgs {
    /// The member: id or email
    member: String,
    #[arg(long, default_value = "nextcloud")]
    service: String,
    #[arg(long)]
    login: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct EnableArgs {
    login: String,
    #[arg(long, default_value = "nextcloud")]
    service: String,
    /// Why (kept in the audit log)
    #[arg(long)]
    reason: String,
}

pub fn run(ctx: &Context, cmd: AccountCommand) -> anyhow::Result<()> {
    match cmd {
        AccountCommand::Add(args) => {
            let mut db = ctx.open()?;
            let member = panier::people::members::find(db.conn(), &args.member)?;
            let request = AccountOpening {
                member_id: member.id.0,
                service: args.service,
                login: args.login,
            };
            let id = operation::perform::<ops::Open>(&mut db, request, &[])?;
            output::created(args.format, id, ctx.lang.pick("Compte", "Account"))
        }
        AccountCommand::List(args) => {
            let db = ctx.open()?;
            let all = accounts::list(db.conn())?;
            if args.format == Format::Json {
                return output::json(&all);
            }
            let header = [
                "id",
                "membre",
                "service",
                "identifiant",
                "quota",
                "utilisé",
                "actif",
            ];
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.member_id.to_string(),
                        a.service.clone(),
                        a.login.clone(),
                        display_size(a.quota_bytes),
                        a.used_bytes.map(display_size).unwrap_or_default(),
                        if a.enabled { "oui" } else { "non" }.to_string(),
                    ]
                })
                .collect();
            match args.format {
                Format::Csv => output::csv(&header, &rows),
                _ => output::table(&header, &rows),
            }
            Ok(())
        }
        AccountCommand::Disable(args) | AccountCommand::Enable(args)
            if args.reason.trim().is_empty() =>
        {
            Err(panier::Error::invalid("--reason", "", "dites pourquoi", "say why").into())
        }
        AccountCommand::Disable(args) => switch(ctx, args, false),
        AccountCommand::Enable(args) => switch(ctx, args, true),
    }
}

fn switch(ctx: &Context, args: EnableArgs, enabled: bool) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let request = AccountSwitch {
        service: args.service,
        login: args.login,
        enabled,
        reason: args.reason,
    };
    operation::perform::<ops::SetEnabled>(&mut db, request, &[])?;
    Ok(())
}
