//! `panier charter …`: the registers the CHATONS charter asks for (authority requests,
//! software inventory, admins' confidentiality sign-offs).

use super::operation::perform;
use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};
use panier::kernel::dates::parse_date;
use panier::ops::charter::{
    AddAuthorityRequest, AddSignoff, AnswerAuthorityRequest, AuthorityAnswer, AuthorityRequestForm,
    CharterEntry, CharterRecords, EndSignoff, Records, RemoveSoftware, SaveSoftware, SignoffEnd,
    SignoffForm, SoftwareChange,
};

#[derive(Subcommand)]
pub enum CharterCommand {
    /// Requests received from administrative or judicial authorities (C7)
    #[command(subcommand, name = "authority-request")]
    AuthorityRequest(AuthorityCommand),
    /// The software inventory (C8)
    #[command(subcommand)]
    Software(SoftwareCommand),
    /// Admins' confidentiality commitments (C9)
    #[command(subcommand)]
    Signoff(SignoffCommand),
}

#[derive(Subcommand)]
pub enum AuthorityCommand {
    /// Record a request; prints its id
    Add(AuthorityAddArgs),
    /// Record the answer to a request
    Answer(AuthorityAnswerArgs),
    /// List every request
    List(ListArgs),
}

#[derive(Args)]
pub struct AuthorityAddArgs {
    /// Day received (YYYY-MM-DD or DD/MM/YYYY)
    #[arg(long)]
    date: String,
    /// Who asked (court, police service, administration)
    #[arg(long)]
    authority: String,
    /// identification, data, removal or other
    #[arg(long)]
    kind: String,
    /// What the association answered
    #[arg(long, default_value = "")]
    answer: String,
    /// Day answered
    #[arg(long)]
    answered_on: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct AuthorityAnswerArgs {
    id: i64,
    #[arg(long)]
    answer: String,
    /// Day answered
    #[arg(long)]
    date: String,
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Subcommand)]
pub enum SoftwareCommand {
    /// Add a piece of software; prints its id
    Add(SoftwareArgs),
    /// Change a piece of software (every flag given replaces the value)
    Update(SoftwareUpdateArgs),
    /// Take a piece of software out of the inventory
    Remove(IdArg),
    /// List the inventory
    List(ListArgs),
}

#[derive(Args)]
pub struct SoftwareArgs {
    /// The software's name
    #[arg(long)]
    name: String,
    /// Its version, e.g. 30.0.1
    #[arg(long, default_value = "")]
    version: String,
    /// e.g. AGPL-3.0-or-later
    #[arg(long, default_value = "")]
    licence: String,
    /// Not free software (an exception, listed publicly)
    #[arg(long)]
    non_free: bool,
    /// Where its source code is
    #[arg(long, default_value = "")]
    source: String,
    /// The service it provides, as named in service accounts (e.g. nextcloud)
    #[arg(long)]
    service: Option<String>,
    /// The public address of that service
    #[arg(long, default_value = "")]
    service_url: String,
    /// A free description
    #[arg(long, default_value = "")]
    description: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct SoftwareUpdateArgs {
    id: i64,
    #[arg(long)]
    name: Option<String>,
    /// Its version
    #[arg(long)]
    version: Option<String>,
    #[arg(long)]
    licence: Option<String>,
    /// yes or no
    #[arg(long)]
    free: Option<String>,
    #[arg(long)]
    source: Option<String>,
    /// The service it provides (empty to unlink)
    #[arg(long)]
    service: Option<String>,
    #[arg(long)]
    service_url: Option<String>,
    #[arg(long)]
    description: Option<String>,
}

#[derive(Args)]
pub struct IdArg {
    id: i64,
}

#[derive(Subcommand)]
pub enum SignoffCommand {
    /// Record an admin's signed commitment; prints its id
    Add(SignoffAddArgs),
    /// Record that an admin stopped being one
    End(SignoffEndArgs),
    /// List the sign-offs
    List(ListArgs),
}

#[derive(Args)]
pub struct SignoffAddArgs {
    /// The admin's name
    #[arg(long)]
    admin: String,
    /// Day signed
    #[arg(long)]
    date: String,
    /// Which text was signed
    #[arg(long, default_value = "")]
    document: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct SignoffEndArgs {
    id: i64,
    #[arg(long)]
    date: String,
}

pub fn run(ctx: &Context, cmd: CharterCommand) -> anyhow::Result<()> {
    match cmd {
        CharterCommand::AuthorityRequest(cmd) => authority(ctx, cmd),
        CharterCommand::Software(cmd) => software(ctx, cmd),
        CharterCommand::Signoff(cmd) => signoff(ctx, cmd),
    }
}

fn authority(ctx: &Context, cmd: AuthorityCommand) -> anyhow::Result<()> {
    match cmd {
        AuthorityCommand::Add(args) => {
            let form = AuthorityRequestForm {
                received_on: day("--date", &args.date)?,
                authority: args.authority,
                kind: args.kind,
                answer: args.answer,
                answered_on: match args.answered_on.as_deref() {
                    Some(d) => day("--answered-on", d)?,
                    None => String::new(),
                },
            };
            let mut db = ctx.open()?;
            let added = perform::<AddAuthorityRequest>(&mut db, form, &[])?;
            output::created(args.format, added.id, ctx.lang.pick("Demande", "Request"))
        }
        AuthorityCommand::Answer(args) => {
            let mut db = ctx.open()?;
            let answered_on = day("--date", &args.date)?;
            perform::<AnswerAuthorityRequest>(
                &mut db,
                AuthorityAnswer {
                    id: args.id,
                    answer: args.answer,
                    answered_on,
                },
                &[],
            )?;
            Ok(())
        }
        AuthorityCommand::List(args) => {
            let all = records(ctx)?.authority_requests;
            if args.format == Format::Json {
                return output::json(&all);
            }
            let header = ["id", "reçue", "autorité", "type", "réponse", "répondue"];
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.received_on.to_string(),
                        r.authority.clone(),
                        r.kind.as_str().into(),
                        r.answer.clone(),
                        r.answered_on.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            print_rows(args.format, &header, &rows);
            Ok(())
        }
    }
}

/// A date flag checked here, so that a wrong one is named by its flag, and given to the
/// operation as `YYYY-MM-DD`.
fn day(flag: &str, text: &str) -> panier::Result<String> {
    Ok(parse_date(flag, text)?.to_string())
}

/// The three registers in full, as the operation answers them.
fn records(ctx: &Context) -> panier::Result<CharterRecords> {
    perform::<Records>(&mut ctx.open()?, (), &[])
}

fn print_rows(format: Format, header: &[&str], rows: &[Vec<String>]) {
    match format {
        Format::Csv => output::csv(header, rows),
        _ => output::table(header, rows),
    }
}

fn yes_no(field: &str, text: &str) -> panier::Result<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "oui" | "true" | "1" => Ok(true),
        "no" | "non" | "false" | "0" => Ok(false),
        _ => Err(panier::Error::invalid(
            field,
            text,
            format!("« {text} » : répondez yes ou no"),
            format!("“{text}”: answer yes or no"),
        )),
    }
}

fn software(ctx: &Context, cmd: SoftwareCommand) -> anyhow::Result<()> {
    match cmd {
        SoftwareCommand::Add(args) => {
            let change = SoftwareChange {
                id: None,
                name: Some(args.name),
                version: Some(args.version),
                licence: Some(args.licence),
                free: Some(!args.non_free),
                source_url: Some(args.source),
                service: args.service,
                service_url: Some(args.service_url),
                description: Some(args.description),
            };
            let mut db = ctx.open()?;
            let added = perform::<SaveSoftware>(&mut db, change, &[])?;
            output::created(
                args.format,
                added.id.0,
                ctx.lang.pick("Logiciel", "Software"),
            )
        }
        SoftwareCommand::Update(args) => {
            let change = SoftwareChange {
                id: Some(args.id),
                name: args.name,
                version: args.version,
                licence: args.licence,
                free: args.free.map(|f| yes_no("--free", &f)).transpose()?,
                source_url: args.source,
                service: args.service,
                service_url: args.service_url,
                description: args.description,
            };
            perform::<SaveSoftware>(&mut ctx.open()?, change, &[])?;
            Ok(())
        }
        SoftwareCommand::Remove(args) => {
            let entry = CharterEntry { id: args.id };
            perform::<RemoveSoftware>(&mut ctx.open()?, entry, &[])?;
            Ok(())
        }
        SoftwareCommand::List(args) => {
            let all = records(ctx)?.software;
            if args.format == Format::Json {
                return output::json(&all);
            }
            let header = ["id", "nom", "version", "licence", "libre", "service"];
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.name.clone(),
                        s.version.clone(),
                        s.licence.clone(),
                        if s.free { "oui" } else { "non" }.into(),
                        s.service.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            print_rows(args.format, &header, &rows);
            Ok(())
        }
    }
}

fn signoff(ctx: &Context, cmd: SignoffCommand) -> anyhow::Result<()> {
    match cmd {
        SignoffCommand::Add(args) => {
            let form = SignoffForm {
                admin_name: args.admin,
                signed_on: day("--date", &args.date)?,
                document: args.document,
            };
            let mut db = ctx.open()?;
            let added = perform::<AddSignoff>(&mut db, form, &[])?;
            output::created(
                args.format,
                added.id,
                ctx.lang.pick("Engagement", "Sign-off"),
            )
        }
        SignoffCommand::End(args) => {
            let end = SignoffEnd {
                id: args.id,
                ended_on: day("--date", &args.date)?,
            };
            perform::<EndSignoff>(&mut ctx.open()?, end, &[])?;
            Ok(())
        }
        SignoffCommand::List(args) => {
            let all = records(ctx)?.signoffs;
            if args.format == Format::Json {
                return output::json(&all);
            }
            let header = ["id", "admin", "signé le", "document", "fin"];
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.admin_name.clone(),
                        s.signed_on.to_string(),
                        s.document.clone(),
                        s.ended_on.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            print_rows(args.format, &header, &rows);
            Ok(())
        }
    }
}
