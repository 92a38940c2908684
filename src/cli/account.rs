//! `panier account …`: members' service accounts.

use super::output::{self, Format};
use super::{today, Context};
use clap::{Args, Subcommand};
use panier::hosting::accounts;
use panier::kernel::size::display_size;

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Open a service account for a member, with the quota their tiers give; prints its id
    Add(AddArgs),
    /// List the service accounts
    List(ListArgs),
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
pub struct ListArgs {
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
            let id = accounts::open(&mut db, member.id, &args.service, &args.login, today())?;
            output::created(args.format, id.0, ctx.lang.pick("Compte", "Account"))
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
        AccountCommand::Disable(args) => {
            let mut db = ctx.open()?;
            accounts::set_enabled(&mut db, &args.service, &args.login, false, &args.reason)?;
            Ok(())
        }
        AccountCommand::Enable(args) => {
            let mut db = ctx.open()?;
            accounts::set_enabled(&mut db, &args.service, &args.login, true, &args.reason)?;
            Ok(())
        }
    }
}
