//! The treasurer's commands: `pay`, `donate`, `expense` (and `expense recurring …`),
//! `reverse`, `renewals`, `remind`, `reminder-template`, `receipt`, `receipts`.

use super::operation::perform;
use super::output::{self, Format};
use super::Context;
use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};
use panier::books::ledger::{ExpenseCategory, Method};
use panier::books::receipts::{self, ReceiptKind};
use panier::books::recurring::{self, RecurringInput};
use panier::kernel::field::Field;
use panier::kernel::ids::EntryId;
use panier::kernel::money::{display, parse_amount, plain, to_cents};
use panier::membership::renewals::{self, Channel, RenewalState, Template};
use panier::ops::money::{
    DonationForm, EntryReversal, ExpenseForm, PaymentForm, RecordDonation, RecordExpense,
    RecordPayment, ReverseEntry,
};
use panier::Lang;
use std::path::PathBuf;

/// The money operations' names of the fields given by flags.
const FORM_FLAGS: &[(Field, &str)] = &[
    (Field::Amount, "--amount"),
    (Field::Gift, "--gift"),
    (Field::Date, "--date"),
];

fn cents(field: &str, text: &str) -> panier::Result<i64> {
    to_cents(field, parse_amount(field, text)?)
}

fn date_or_today(field: &str, text: Option<&str>) -> panier::Result<NaiveDate> {
    match text {
        Some(t) => panier::kernel::dates::parse_date(field, t),
        None => Ok(super::today()),
    }
}

#[derive(Args)]
pub struct PayArgs {
    /// The member: id or email
    member: String,
    /// The plan paid: name or id
    #[arg(long)]
    plan: String,
    /// Amount paid: 20, 20.00 or 20,00
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// The part of the amount that is a gift (default: what exceeds the plan's counterpart)
    #[arg(long, allow_hyphen_values = true)]
    gift: Option<String>,
    /// Payment date (YYYY-MM-DD or DD/MM/YYYY; default today)
    #[arg(long)]
    date: Option<String>,
    /// cash, cheque, transfer, card, helloasso, direct_debit, other
    #[arg(long, default_value = "transfer")]
    method: String,
    /// A payment reference (e.g. HelloAsso's), refused if already recorded
    #[arg(long)]
    reference: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn pay(ctx: &Context, args: PayArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let member = panier::people::members::find(db.conn(), &args.member)?;
    let plan = panier::membership::plans::find(db.conn(), &args.plan)?;
    let form = PaymentForm {
        member: member.id.0,
        plan: plan.id.0,
        amount: args.amount,
        gift: args.gift.unwrap_or_default(),
        date: args.date.unwrap_or_default(),
        method: args.method,
        reference: args.reference,
    };
    let recorded = perform::<RecordPayment>(&mut db, form, FORM_FLAGS)?;
    let amount_cents = recorded.service_cents + recorded.gift_cents;
    let entry = recorded.entry.unwrap_or_default();
    match args.format {
        Format::Json => output::json(&serde_json::json!({
            "id": entry,
            "subscription": recorded.subscription,
            "starts_on": recorded.starts_on,
            "ends_before": recorded.last_day.succ_opt().unwrap_or(recorded.last_day),
            "service": plain(recorded.service_cents),
            "gift": plain(recorded.gift_cents),
        })),
        _ => {
            println!("{entry}");
            let last = recorded.last_day;
            eprintln!(
                "{}",
                ctx.lang.pick(
                    &format!(
                        "Écriture n° {} : {} pour {} (service {}, don {}), du {} au {}.",
                        entry,
                        display(amount_cents, Lang::Fr),
                        member.display_name(),
                        display(recorded.service_cents, Lang::Fr),
                        display(recorded.gift_cents, Lang::Fr),
                        recorded.starts_on.format("%d/%m/%Y"),
                        last.format("%d/%m/%Y"),
                    ),
                    &format!(
                        "Entry {}: {} for {} (service {}, gift {}), {} to {}.",
                        entry,
                        display(amount_cents, Lang::En),
                        member.display_name(),
                        display(recorded.service_cents, Lang::En),
                        display(recorded.gift_cents, Lang::En),
                        recorded.starts_on,
                        last,
                    ),
                )
            );
            Ok(())
        }
    }
}

#[derive(Args)]
pub struct DonateArgs {
    /// The member who gives: id or email (or --anonymous, or --from NAME)
    member: Option<String>,
    /// A gift from nobody named
    #[arg(long, conflicts_with_all = ["member", "from"])]
    anonymous: bool,
    /// Who gives when not a member (a town hall for a subsidy)
    #[arg(long, conflicts_with = "member")]
    from: Option<String>,
    /// A subsidy (account 740) rather than a gift (7541)
    #[arg(long)]
    subsidy: bool,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "transfer")]
    method: String,
    #[arg(long, default_value = "")]
    label: String,
    #[arg(long)]
    reference: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn donate(ctx: &Context, args: DonateArgs) -> anyhow::Result<()> {
    if args.member.is_none() && !args.anonymous && args.from.is_none() {
        anyhow::bail!(ctx.lang.pick(
            "précisez qui donne : un membre (id ou courriel), --from NOM ou --anonymous",
            "say who gives: a member (id or email), --from NAME or --anonymous",
        ));
    }
    let mut db = ctx.open()?;
    let member = args
        .member
        .as_deref()
        .map(|m| panier::people::members::find(db.conn(), m))
        .transpose()?;
    let from = match (&member, &args.from) {
        (Some(m), _) => m.display_name(),
        (None, Some(from)) => from.clone(),
        (None, None) => String::new(),
    };
    let form = DonationForm {
        member: member.map(|m| m.id.0),
        from,
        subsidy: args.subsidy,
        amount: args.amount,
        date: args.date.unwrap_or_default(),
        method: args.method,
        label: args.label,
        reference: args.reference,
    };
    let id = perform::<RecordDonation>(&mut db, form, FORM_FLAGS)?;
    output::created(
        args.format,
        id,
        ctx.lang.pick(
            if args.subsidy { "Subvention" } else { "Don" },
            if args.subsidy { "Subsidy" } else { "Gift" },
        ),
    )
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ExpenseArgs {
    #[command(subcommand)]
    recurring: Option<ExpenseCommand>,
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// server_rent, maintenance, telecom, bank_fees, purchases, insurance,
    /// professional_fees, travel, other (or the account number)
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    label: Option<String>,
    /// Who was paid
    #[arg(long, default_value = "")]
    supplier: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "transfer")]
    method: String,
    /// The expense names a person (a volunteer's reimbursed costs): the public report shows
    /// it only inside its category's total
    #[arg(long)]
    names_person: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Subcommand)]
pub enum ExpenseCommand {
    /// Expenses that come back (the monthly server rent)
    #[command(subcommand)]
    Recurring(RecurringCommand),
}

#[derive(Subcommand)]
pub enum RecurringCommand {
    /// Add a recurring expense; prints its id
    Add(RecurringAddArgs),
    /// List the recurring expenses
    List(FormatArgs),
    /// Record every occurrence due up to a day (default today); running it again adds nothing
    Generate(GenerateArgs),
    /// No occurrence after this day
    Stop(StopArgs),
}

#[derive(Args)]
pub struct RecurringAddArgs {
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    #[arg(long)]
    category: String,
    #[arg(long)]
    label: String,
    #[arg(long, default_value = "")]
    supplier: String,
    #[arg(long, default_value = "transfer")]
    method: String,
    /// One occurrence every N months
    #[arg(long, default_value_t = 1)]
    every: u32,
    /// The first occurrence (later ones on the same day of the month)
    #[arg(long)]
    from: String,
    /// The last day an occurrence may fall on
    #[arg(long)]
    until: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct GenerateArgs {
    #[arg(long)]
    until: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct StopArgs {
    id: i64,
    #[arg(long)]
    last_day: String,
}

pub fn expense(ctx: &Context, args: ExpenseArgs) -> anyhow::Result<()> {
    if let Some(ExpenseCommand::Recurring(cmd)) = args.recurring {
        return recurring_cmd(ctx, cmd);
    }
    let missing = |flag: &str| {
        let message = match ctx.lang {
            Lang::Fr => format!("il manque {flag}"),
            Lang::En => format!("{flag} is missing"),
        };
        anyhow::anyhow!(message)
    };
    let form = ExpenseForm {
        amount: args.amount.ok_or_else(|| missing("--amount"))?,
        category: args.category.ok_or_else(|| missing("--category"))?,
        label: args.label.ok_or_else(|| missing("--label"))?,
        supplier: args.supplier,
        date: args.date.unwrap_or_default(),
        method: args.method,
        names_person: args.names_person,
    };
    let mut db = ctx.open()?;
    let id = perform::<RecordExpense>(&mut db, form, FORM_FLAGS)?;
    output::created(args.format, id, ctx.lang.pick("Dépense", "Expense"))
}

fn recurring_cmd(ctx: &Context, cmd: RecurringCommand) -> anyhow::Result<()> {
    match cmd {
        RecurringCommand::Add(a) => {
            let input = RecurringInput {
                label: a.label,
                category: ExpenseCategory::parse(&a.category)?,
                supplier: a.supplier,
                amount_cents: cents("--amount", &a.amount)?,
                method: Method::parse(&a.method)?,
                every_months: a.every,
                starts_on: panier::kernel::dates::parse_date("--from", &a.from)?,
                ends_on: a
                    .until
                    .as_deref()
                    .map(|u| panier::kernel::dates::parse_date("--until", u))
                    .transpose()?,
            };
            let mut db = ctx.open()?;
            let id = recurring::add(&mut db, &input)?;
            output::created(
                a.format,
                id,
                ctx.lang.pick("Dépense récurrente", "Recurring expense"),
            )
        }
        RecurringCommand::List(a) => {
            let db = ctx.open()?;
            let all = recurring::list(db.conn())?;
            if a.format == Format::Json {
                return output::json(&all);
            }
            let header = [
                "id",
                "libellé",
                "catégorie",
                "montant",
                "tous les (mois)",
                "début",
                "fin",
                "générées",
            ];
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.label.clone(),
                        r.category.key().into(),
                        display(r.amount_cents, ctx.lang),
                        r.every_months.to_string(),
                        r.starts_on.to_string(),
                        r.ends_on.map(|d| d.to_string()).unwrap_or_default(),
                        r.generated.to_string(),
                    ]
                })
                .collect();
            print_rows(a.format, &header, &rows);
            Ok(())
        }
        RecurringCommand::Generate(a) => {
            let until = date_or_today("--until", a.until.as_deref())?;
            let mut db = ctx.open()?;
            let done = recurring::generate(&mut db, until)?;
            if a.format == Format::Json {
                return output::json(&done);
            }
            for g in &done {
                println!("{}", g.entry);
            }
            eprintln!(
                "{}",
                ctx.lang.pick(
                    &format!("{} dépense(s) enregistrée(s).", done.len()),
                    &format!("{} expense(s) recorded.", done.len())
                )
            );
            Ok(())
        }
        RecurringCommand::Stop(a) => {
            let day = panier::kernel::dates::parse_date("--last-day", &a.last_day)?;
            let mut db = ctx.open()?;
            recurring::stop(&mut db, a.id, day)?;
            Ok(())
        }
    }
}

fn print_rows(format: Format, header: &[&str], rows: &[Vec<String>]) {
    match format {
        Format::Csv => output::csv(header, rows),
        _ => output::table(header, rows),
    }
}

#[derive(Args)]
pub struct ReverseArgs {
    entry: i64,
    /// Why (kept with the reversal)
    #[arg(long)]
    reason: String,
    /// Date of the reversal (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn reverse(ctx: &Context, args: ReverseArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let request = EntryReversal {
        entry: args.entry,
        reason: args.reason,
        date: args.date.unwrap_or_default(),
    };
    let done = perform::<ReverseEntry>(&mut db, request, FORM_FLAGS)?;
    match args.format {
        Format::Json => output::json(&serde_json::json!({
            "id": done.entry,
            "reversed": done.reversed,
            "removed_subscription": done.removed_subscription_id,
            "cancelled_receipts": done.cancelled_receipts,
        })),
        _ => {
            println!("{}", done.entry);
            if !done.cancelled_receipts.is_empty() {
                eprintln!(
                    "{}",
                    ctx.lang.pick(
                        &format!("Reçu(s) annulé(s) : {}", done.cancelled_receipts.join(", ")),
                        &format!(
                            "Receipt(s) cancelled: {}",
                            done.cancelled_receipts.join(", ")
                        ),
                    )
                );
            }
            Ok(())
        }
    }
}

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

pub fn renewals(ctx: &Context, args: RenewalsArgs) -> anyhow::Result<()> {
    let today = date_or_today("--date", args.date.as_deref())?;
    let state = if args.due {
        Some(RenewalState::Due)
    } else if args.grace {
        Some(RenewalState::Grace)
    } else if args.expired {
        Some(RenewalState::Expired)
    } else {
        None
    };
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
                r.state.as_str().into(),
                r.days.to_string(),
                r.reminded_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    print_rows(args.format, &header, &rows);
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
        let state = if args.due {
            Some(RenewalState::Due)
        } else if args.grace {
            Some(RenewalState::Grace)
        } else if args.expired {
            Some(RenewalState::Expired)
        } else {
            None
        };
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

#[derive(Args)]
pub struct ReceiptArgs {
    entry: i64,
    /// Where to write the PDF
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// attestation or tax (default: tax for a donation, attestation for a fee)
    #[arg(long)]
    kind: Option<String>,
    /// The date printed (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn receipt(ctx: &Context, args: ReceiptArgs) -> anyhow::Result<()> {
    let today = date_or_today("--date", args.date.as_deref())?;
    let mut db = ctx.open()?;
    let kind = match args.kind.as_deref() {
        Some(k) => ReceiptKind::parse(k)?,
        None => {
            ReceiptKind::default_for(&panier::books::ledger::get(db.conn(), EntryId(args.entry))?)
        }
    };
    let printed = receipts::print_for_entry(&mut db, EntryId(args.entry), kind, today)?;
    std::fs::write(&args.output, &printed.pdf)
        .with_context(|| format!("écriture de {}", args.output.display()))?;
    report_printed(ctx, args.format, &[(printed, args.output)])
}

fn report_printed(
    ctx: &Context,
    format: Format,
    done: &[(receipts::PrintedReceipt, PathBuf)],
) -> anyhow::Result<()> {
    if format == Format::Json {
        let v: Vec<serde_json::Value> = done
            .iter()
            .map(|(p, path)| {
                serde_json::json!({
                    "id": p.receipt.id,
                    "number": p.receipt.reference,
                    "duplicata": p.duplicata,
                    "amount": plain(p.receipt.amount_cents),
                    "member_id": p.receipt.member_id,
                    "file": path,
                })
            })
            .collect();
        return if v.len() == 1 {
            output::json(&v[0])
        } else {
            output::json(&v)
        };
    }
    for (p, path) in done {
        println!("{}\t{}", p.receipt.reference, path.display());
        if p.duplicata {
            eprintln!(
                "{}",
                ctx.lang.pick(
                    &format!("Reçu n° {} réimprimé : DUPLICATA.", p.receipt.reference),
                    &format!("Receipt {} printed again: DUPLICATA.", p.receipt.reference),
                )
            );
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct ReceiptsArgs {
    /// The civil year of the gifts
    #[arg(long)]
    year: i32,
    /// The folder to write the PDFs into (created if missing)
    #[arg(short = 'o', long = "output", required_unless_present = "list")]
    output: Option<PathBuf>,
    /// Print nothing: list the receipts issued in that year (the register), both series
    #[arg(long, conflicts_with = "output")]
    list: bool,
    /// The date printed (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn register(ctx: &Context, year: i32, format: Format) -> anyhow::Result<()> {
    let db = ctx.open()?;
    let all = receipts::list(db.conn(), year)?;
    if format == Format::Json {
        return output::json(&all);
    }
    let header = [
        "n°",
        "type",
        "émis le",
        "membre",
        "montant",
        "écritures",
        "réimpressions",
        "annulé le",
    ];
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            vec![
                r.reference.clone(),
                match (r.kind, r.summary) {
                    (ReceiptKind::Attestation, _) => "attestation".into(),
                    (ReceiptKind::Tax, false) => "fiscal".into(),
                    (ReceiptKind::Tax, true) => "fiscal annuel".into(),
                },
                r.issued_on.to_string(),
                r.member_name.clone(),
                display(r.amount_cents, ctx.lang),
                r.entries
                    .iter()
                    .map(|(e, _)| e.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                r.reprints.to_string(),
                r.cancelled_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    print_rows(format, &header, &rows);
    Ok(())
}

pub fn receipts_cmd(ctx: &Context, args: ReceiptsArgs) -> anyhow::Result<()> {
    if args.list {
        return register(ctx, args.year, args.format);
    }
    let output_dir = args.output.clone().unwrap_or_default();
    let today = date_or_today("--date", args.date.as_deref())?;
    if today.year() < args.year {
        anyhow::bail!(ctx.lang.pick(
            "l'année des dons n'est pas encore commencée",
            "the year of the gifts has not begun yet"
        ));
    }
    let mut db = ctx.open()?;
    let printed = receipts::print_yearly_all(&mut db, args.year, today)?;
    std::fs::create_dir_all(&output_dir)
        .with_context(|| format!("création de {}", output_dir.display()))?;
    let mut done = Vec::new();
    for p in printed {
        let path = output_dir.join(&p.file_name);
        std::fs::write(&path, &p.pdf).with_context(|| format!("écriture de {}", path.display()))?;
        done.push((p, path));
    }
    if done.is_empty() && args.format != Format::Json {
        eprintln!(
            "{}",
            ctx.lang.pick(
                &format!("Aucun don de {} à récapituler.", args.year),
                &format!("No gift of {} to summarise.", args.year),
            )
        );
    }
    if args.format == Format::Json && done.len() == 1 {
        // keep a list even for one receipt
        let (p, path) = &done[0];
        return output::json(&vec![serde_json::json!({
            "id": p.receipt.id,
            "number": p.receipt.reference,
            "duplicata": p.duplicata,
            "amount": plain(p.receipt.amount_cents),
            "member_id": p.receipt.member_id,
            "file": path,
        })]);
    }
    report_printed(ctx, args.format, &done)
}
