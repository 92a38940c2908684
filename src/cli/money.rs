//! The treasurer's money commands: `pay`, `donate`, `expense` (and `expense recurring …`),
//! `reverse`. Renewals and receipts have their own files (`renewals.rs`, `receipts.rs`).

use super::operation::perform;
use super::output::{self, Format, FormatArgs};
use super::{date_or_today, Context};
use clap::{Args, Subcommand};
use panier::books::ledger::{ExpenseCategory, Method};
use panier::books::recurring::{self, RecurringInput};
use panier::kernel::dates::day_long;
use panier::kernel::field::Field;
use panier::kernel::money::{display, parse_amount, plain, to_cents};
use panier::ops::money::{
    DonationForm, EntryReversal, ExpenseForm, PaymentForm, RecordDonation, RecordExpense,
    RecordPayment, ReverseEntry,
};
use panier::Lang;

/// The money operations' names of the fields given by flags.
const FORM_FLAGS: &[(Field, &str)] = &[
    (Field::Amount, "--amount"),
    (Field::Gift, "--gift"),
    (Field::Date, "--date"),
];

fn cents(field: &str, text: &str) -> panier::Result<i64> {
    to_cents(field, parse_amount(field, text)?)
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
            // the figures in the reader's language, then the sentence around them
            let l = ctx.lang;
            let name = member.display_name();
            let amount = display(amount_cents, l);
            let service = display(recorded.service_cents, l);
            let gift = display(recorded.gift_cents, l);
            let from = day_long(recorded.starts_on, l);
            let to = day_long(recorded.last_day, l);
            eprintln!(
                "{}",
                l.pick(
                    &format!("Écriture n° {entry} : {amount} pour {name} (service {service}, don {gift}), du {from} au {to}."),
                    &format!("Entry {entry}: {amount} for {name} (service {service}, gift {gift}), {from} to {to}."),
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
    let member = super::member_named(&db, args.member.as_deref())?;
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
            output::rows(a.format, &header, &rows);
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
                ctx.lang.count(
                    done.len() as i64,
                    ("dépense enregistrée.", "dépenses enregistrées."),
                    ("expense recorded.", "expenses recorded.")
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
                    "{} {}",
                    ctx.lang.agree(
                        done.cancelled_receipts.len() as i64,
                        ctx.lang.pick("Reçu annulé :", "Receipt cancelled:"),
                        ctx.lang.pick("Reçus annulés :", "Receipts cancelled:")
                    ),
                    done.cancelled_receipts.join(", ")
                );
            }
            Ok(())
        }
    }
}
