//! `panier mail …`: the association's SMTP server (configure, show, test) and the log of the
//! messages sent. Sending reminders and receipts: `remind --pending --send`, `receipt … --send`,
//! `receipts --year Y --send`.

use super::operation::perform;
use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};
use panier::bridges::mail::{Delivery, MailServerInput, TlsMode};
use panier::kernel::field::Field;
use panier::ops::mail::{
    MailConfigure, MailConfigureRequest, MailLog, MailLogQuery, MailShow, MailTest, MailTestRequest,
};
use std::io::Read;

#[derive(Subcommand)]
pub enum MailCommand {
    /// Record the SMTP server; the password is read from standard input and kept out of the file
    Configure(ConfigureArgs),
    /// Show the server's settings (never the password)
    Show(FormatArgs),
    /// Send a test message through the server
    Test(TestArgs),
    /// The messages sent or tried, newest first
    Log(FormatArgs),
}

#[derive(Args)]
pub struct ConfigureArgs {
    /// The SMTP server, e.g. smtp.example.org
    #[arg(long)]
    host: String,
    /// 587 for starttls, 465 for tls
    #[arg(long)]
    port: u16,
    /// The login on the server (none: a server that takes mail without login)
    #[arg(long, default_value = "")]
    user: String,
    /// Read the password from standard input (never from the command line)
    #[arg(long)]
    password_stdin: bool,
    /// The sender: "AMIPO <tresorerie@amipo.fr>"
    #[arg(long)]
    from: String,
    /// starttls (587), tls (465), or none (only to this machine)
    #[arg(long)]
    tls: String,
    /// A PEM file of certificate authorities to trust too (a self-signed server)
    #[arg(long, default_value = "")]
    ca_file: String,
    /// Where answers go (default: the sender)
    #[arg(long, default_value = "")]
    reply_to: String,
    /// At most this many messages a minute
    #[arg(long, default_value_t = 30)]
    per_minute: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct TestArgs {
    /// Your own address
    #[arg(long)]
    to: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, cmd: MailCommand) -> anyhow::Result<()> {
    match cmd {
        MailCommand::Configure(args) => configure(ctx, args),
        MailCommand::Show(args) => {
            let mut db = ctx.open()?;
            let settings = perform::<MailShow>(&mut db, (), &[])?;
            if let Some(s) = output::server_settings(ctx.lang, args.format, settings)? {
                println!(
                    "{}: {}:{} ({})",
                    ctx.lang.pick("serveur", "server"),
                    s.host,
                    s.port,
                    s.tls.as_str()
                );
                println!("{}: {}", ctx.lang.pick("expéditeur", "from"), s.from);
                if !s.reply_to.is_empty() {
                    println!(
                        "{}: {}",
                        ctx.lang.pick("réponses à", "reply to"),
                        s.reply_to
                    );
                }
                println!("{}: {}", ctx.lang.pick("utilisateur", "user"), s.user);
                println!(
                    "{}: {}",
                    ctx.lang.pick("mot de passe", "password"),
                    if s.has_password {
                        ctx.lang
                            .pick("gardé hors du fichier", "kept out of the file")
                    } else {
                        ctx.lang
                            .pick("aucun sur cette machine", "none on this machine")
                    }
                );
                if !s.ca_file.is_empty() {
                    println!(
                        "{}: {}",
                        ctx.lang.pick("autorités en plus", "extra authorities"),
                        s.ca_file
                    );
                }
                println!(
                    "{}: {}",
                    ctx.lang.pick("par minute", "per minute"),
                    s.per_minute
                );
            }
            Ok(())
        }
        MailCommand::Test(args) => {
            let mut db = ctx.open()?;
            let sent = perform::<MailTest>(
                &mut db,
                MailTestRequest { to: args.to },
                &[(Field::Email, "--to")],
            )?;
            if args.format == Format::Json {
                output::json(&sent)?;
            }
            match sent.delivery {
                Delivery::Accepted => {
                    if args.format != Format::Json {
                        println!(
                            "{} {} ({})",
                            ctx.lang.pick(
                                "Message d'essai accepté par le serveur pour",
                                "Test message accepted by the server for"
                            ),
                            sent.to,
                            sent.message_id
                        );
                    }
                    Ok(())
                }
                Delivery::Refused(d) | Delivery::Retry(d) => Err(panier::Error::refused(
                    format!("le serveur n'a pas pris le message d'essai : {d}"),
                    format!("the server did not take the test message: {d}"),
                )
                .into()),
            }
        }
        MailCommand::Log(args) => {
            let mut db = ctx.open()?;
            let lines = perform::<MailLog>(&mut db, MailLogQuery::default(), &[])?;
            if args.format == Format::Json {
                return output::json(&lines);
            }
            let header = ["id", "pour", "à", "objet", "état", "détail", "le"];
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    vec![
                        l.id.to_string(),
                        l.purpose.clone(),
                        l.recipient.clone(),
                        l.subject.clone(),
                        l.state.clone(),
                        l.detail.clone(),
                        l.updated_at.clone(),
                    ]
                })
                .collect();
            output::rows(args.format, &header, &rows);
            Ok(())
        }
    }
}

fn configure(ctx: &Context, args: ConfigureArgs) -> anyhow::Result<()> {
    let password = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Some(text.lines().next().unwrap_or("").to_string())
    } else {
        None
    };
    let mut db = ctx.open()?;
    let request = MailConfigureRequest {
        server: MailServerInput {
            host: args.host,
            port: args.port,
            user: args.user,
            from: args.from,
            reply_to: args.reply_to,
            tls: TlsMode::parse(&args.tls)?,
            ca_file: args.ca_file,
            per_minute: args.per_minute,
        },
        password,
    };
    let saved = perform::<MailConfigure>(
        &mut db,
        request,
        &[
            (Field::From, "--from"),
            (Field::Password, "--password-stdin"),
        ],
    )?;
    if args.format == Format::Json {
        return output::json(&saved);
    }
    println!(
        "{} {}:{} ({}), {} {}",
        ctx.lang
            .pick("Serveur d'envoi enregistré :", "Sending server recorded:"),
        saved.host,
        saved.port,
        saved.tls.as_str(),
        ctx.lang.pick("expéditeur", "from"),
        saved.from
    );
    Ok(())
}
