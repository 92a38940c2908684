//! `panier plan …`

use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};
use panier::kernel::money::{parse_amount, to_cents};
use panier::membership::plans::{self, PlanInput, PlanKind, PlanPeriod};

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Add a membership fee or a storage tier; prints the new id
    Add(AddArgs),
    /// List the plans
    List(ListArgs),
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    /// fee (membership) or tier (storage)
    #[arg(long)]
    kind: String,
    /// Price per period (20, 20.00 or 20,00); the suggested price with --min
    #[arg(long)]
    amount: String,
    /// Minimum of a pay-what-you-want ("prix libre") fee
    #[arg(long)]
    min: Option<String>,
    /// Part of a fee that pays for a service (not a gift, no tax receipt)
    #[arg(long)]
    counterpart: Option<String>,
    /// Quota of a tier: 5 GB, 500MB, 1.5 GiB or bytes (1 GB = 1024³ bytes)
    #[arg(long)]
    quota: Option<String>,
    /// civil (1 January to 1 January) or months:N
    #[arg(long, default_value = "civil")]
    period: String,
    /// Only members may take this tier
    #[arg(long)]
    members_only: bool,
    /// A late renewal starts where the last period ended
    #[arg(long)]
    covers_gap: bool,
    #[arg(long, default_value = "")]
    description: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::Add(args) => add(ctx, args),
        PlanCommand::List(args) => list(ctx, args),
    }
}

fn cents(field: &str, text: &str) -> panier::Result<i64> {
    to_cents(field, parse_amount(field, text)?)
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<()> {
    let input = PlanInput {
        name: args.name,
        kind: PlanKind::parse(&args.kind)?,
        amount_cents: cents("--amount", &args.amount)?,
        min_cents: args.min.as_deref().map(|m| cents("--min", m)).transpose()?,
        counterpart_cents: args
            .counterpart
            .as_deref()
            .map(|c| cents("--counterpart", c))
            .transpose()?
            .unwrap_or(0),
        quota_bytes: args
            .quota
            .as_deref()
            .map(|q| panier::kernel::size::parse_size("--quota", q))
            .transpose()?,
        period: PlanPeriod::parse(&args.period)?,
        members_only: args.members_only,
        covers_gap: args.covers_gap,
        description: args.description,
    };
    let mut db = ctx.open()?;
    let id = plans::add(&mut db, &input)?;
    output::created(args.format, id.0, ctx.lang.pick("Formule", "Plan"))
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let db = ctx.open()?;
    let all = plans::list(db.conn())?;
    if args.format == Format::Json {
        return output::json(&all);
    }
    let header = [
        "id", "nom", "type", "prix", "minimum", "quota", "période", "membres",
    ];
    let lang = ctx.lang;
    // words for people; the codes `plan add` takes in CSV, for scripts
    let table = args.format != Format::Csv;
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.name.clone(),
                if table {
                    super::words::plan_kind_words(p.kind, lang).to_string()
                } else {
                    p.kind.as_str().to_string()
                },
                panier::kernel::money::display(p.amount_cents, ctx.lang),
                p.min_cents
                    .map(|m| panier::kernel::money::display(m, ctx.lang))
                    .unwrap_or_default(),
                p.quota_bytes
                    .map(|q| panier::kernel::size::size_in(q, lang))
                    .unwrap_or_default(),
                if table {
                    super::words::period_words(p.period, lang)
                } else {
                    p.period.to_string()
                },
                if p.members_only {
                    lang.pick("oui", "yes").into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    match args.format {
        Format::Csv => output::csv(&header, &rows),
        _ => output::table(&header, &rows),
    }
    Ok(())
}
