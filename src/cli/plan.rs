//! `panier plan …`

use super::output::{self, Format};
use super::{operation, Context};
use clap::{Args, Subcommand};
use panier::kernel::field::Field;
use panier::membership::plans;
use panier::ops::plans::{self as ops, PlanForm};

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Add a membership fee or a storage tier; prints the new id
    Add(AddArgs),
    /// List the plans
    List(output::FormatArgs),
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

pub fn run(ctx: &Context, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::Add(args) => add(ctx, args),
        PlanCommand::List(args) => list(ctx, args),
    }
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<()> {
    let form = PlanForm {
        name: args.name,
        kind: args.kind,
        amount: args.amount,
        min: args.min.unwrap_or_default(),
        counterpart: args.counterpart.unwrap_or_default(),
        quota: args.quota.unwrap_or_default(),
        period: args.period,
        members_only: args.members_only,
        covers_gap: args.covers_gap,
        description: args.description,
    };
    let flags = [
        (Field::Amount, "--amount"),
        (Field::Min, "--min"),
        (Field::Counterpart, "--counterpart"),
        (Field::Quota, "--quota"),
    ];
    let mut db = ctx.open()?;
    let added = operation::perform::<ops::Add>(&mut db, form, &flags)?;
    output::created(args.format, added.plan.id, ctx.lang.pick("Formule", "Plan"))
}

fn list(ctx: &Context, args: output::FormatArgs) -> anyhow::Result<()> {
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
