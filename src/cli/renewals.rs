//! The renewal commands: `renewals` (who must renew), `remind` (the reminder to send, and
//! its log), `reminder-template` (the texts of the reminders).

use super::output::{self, Format, FormatArgs};
use super::{date_or_today, Context};
use anyhow::Context as _;
use clap::{Args, Subcommand};
use panier::membership::renewals::{self, Channel, RenewalState, Template};
use panier::Lang;

#[derive(Args)]
pub struct RenewalsArgs {
    /// Only memberships ending within 30 days
    #[arg(long, conflicts_with_all = ["grace", "expired"])]
    due: bool,
    /// Only memberships ended less than the grace days ago
    #[arg(long, conflicts_with = "expired")]
    grace: bool,
    /// Only memberships ended longer ago
    #[arg(long)]
    expired: bool,
    /// As of this day (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// The state `--due`, `--grace` or `--expired` asks for (they exclude each other); none: all.
fn state_asked(due: bool, grace: bool, expired: bool) -> Option<RenewalState> {
    [
        (due, RenewalState::Due),
        (grace, RenewalState::Grace),
        (expired, RenewalState::Expired),
    ]
    .into_iter()
    .find_map(|(asked, state)| asked.then_some(state))
}

pub fn renewals(ctx: &Context, args: RenewalsArgs) -> anyhow::Result<()> {
    let today = date_or_today("--date", args.date.as_deref())?;
    let state = state_asked(args.due, args.grace, args.expired);
    let db = ctx.open()?;
    let list = renewals::list(db.conn(), today, state)?;
    if args.format == Format::Json {
        return output::json(&list);
    }
    let header = [
        "membre",
        "nom",
        "courriel",
        "formule",
        "dernier jour",
        "état",
        "jours",
        "relancé le",
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|r| {
            vec![
                r.member_id.to_string(),
                r.member_name.clone(),
                r.email.clone(),
                r.plan_name.clone(),
                r.last_day.to_string(),
                if args.format == Format::Csv {
                    r.state.as_str().into()
                } else {
                    super::words::renewal_words(r.state, ctx.lang).into()
                },
                r.days.to_string(),
                match (r.reminded_on, r.reminded_by) {
                    (Some(d), Some(c)) => format!("{d} ({})", c.as_str()),
                    (Some(d), None) => d.to_string(),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    output::rows(args.format, &header, &rows);
    Ok(())
}

#[derive(Args)]
pub struct RemindArgs {
    /// The member: id or email (or --pending for everyone not reminded yet)
    #[arg(required_unless_present = "pending")]
    member: Option<String>,
    /// Every reminder not sent yet (with --due, --grace or --expired: only those)
    #[arg(long, conflicts_with_all = ["member", "mark_sent"])]
    pending: bool,
    #[arg(long, requires = "pending", conflicts_with_all = ["grace", "expired"])]
    due: bool,
    #[arg(long, requires = "pending", conflicts_with = "expired")]
    grace: bool,
    #[arg(long, requires = "pending")]
    expired: bool,
    /// Send them by mail through the configured server (panier mail configure), once each
    #[arg(long, requires = "pending")]
    send: bool,
    /// With --send: show how many would go, the first message and who is left aside; send nothing
    #[arg(long, requires = "send")]
    dry_run: bool,
    /// Record that the reminder was sent (refused if this same one already was)
    #[arg(long)]
    mark_sent: bool,
    /// How it was sent: mailto, copy, other
    #[arg(long, default_value = "mailto")]
    channel: String,
    /// As of this day (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn remind(ctx: &Context, args: RemindArgs) -> anyhow::Result<()> {
    let today = date_or_today("--date", args.date.as_deref())?;
    let channel = Channel::parse(&args.channel)?;
    let mut db = ctx.open()?;
    if args.pending {
        let state = state_asked(args.due, args.grace, args.expired);
        if args.send {
            return super::mail_send::reminders(
                ctx,
                &mut db,
                today,
                state,
                args.dry_run,
                args.format,
            );
        }
        let all = renewals::pending(db.conn(), today, state)?;
        if args.format == Format::Json {
            return output::json(&all);
        }
        for r in &all {
            println!("{}", r.copy_text);
            println!("{}\n", r.mailto);
        }
        return Ok(());
    }
    let member =
        panier::people::members::find(db.conn(), args.member.as_deref().unwrap_or_default())?;
    let reminder = renewals::reminder(db.conn(), member.id, today)?;
    if args.mark_sent {
        let sent = renewals::mark_sent(&mut db, member.id, channel, today)?;
        if args.format == Format::Json {
            return output::json(&sent);
        }
        println!("{}", sent.id);
        return Ok(());
    }
    if args.format == Format::Json {
        return output::json(&reminder);
    }
    if let Some(on) = reminder.already_sent_on {
        eprintln!(
            "{}",
            ctx.lang.pick(
                &format!("Attention : cette relance a déjà été envoyée le {on}."),
                &format!("Note: this reminder was already sent on {on}."),
            )
        );
    }
    print!("{}", reminder.copy_text);
    println!("\n{}", reminder.mailto);
    Ok(())
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Show the reminder texts
    List(FormatArgs),
    /// Change one reminder text
    Set(TemplateSetArgs),
}

#[derive(Args)]
pub struct TemplateSetArgs {
    /// due, grace or expired
    kind: String,
    /// fr or en
    lang: Lang,
    #[arg(long)]
    subject: String,
    /// The text, or @FILE to read it from a file
    #[arg(long)]
    body: String,
}

pub fn template(ctx: &Context, cmd: TemplateCommand) -> anyhow::Result<()> {
    match cmd {
        TemplateCommand::List(a) => {
            let db = ctx.open()?;
            let all = renewals::templates(db.conn())?;
            if a.format == Format::Json {
                return output::json(&all);
            }
            for t in all {
                println!(
                    "== {} {} ==\n{}\n\n{}\n",
                    t.kind.as_str(),
                    t.lang.code(),
                    t.subject,
                    t.body
                );
            }
            Ok(())
        }
        TemplateCommand::Set(a) => {
            let body = match a.body.strip_prefix('@') {
                Some(path) => {
                    std::fs::read_to_string(path).with_context(|| format!("lecture de {path}"))?
                }
                None => a.body,
            };
            let mut db = ctx.open()?;
            renewals::set_template(
                &mut db,
                &Template {
                    kind: RenewalState::parse(&a.kind)?,
                    lang: a.lang,
                    subject: a.subject,
                    body,
                },
            )?;
            Ok(())
        }
    }
}
