//! `panier books` and `panier close-year`.

use super::output::{self, Format};
use super::Context;
use clap::Args;
use panier::books::{allocation, years};
use panier::kernel::money::{display, to_cents};
use rust_decimal::Decimal;

#[derive(Args)]
pub struct BooksArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct CloseYearArgs {
    /// The year in which the financial year to close starts
    year: i32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn money(amount: Decimal, lang: panier::Lang) -> String {
    display(to_cents("montant", amount).unwrap_or_default(), lang)
}

pub fn books(ctx: &Context, args: BooksArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let query = panier::ops::books::BooksQuery {
        year: args.year,
        lang: ctx.lang,
    };
    let s = super::operation::perform::<panier::ops::books::Books>(&mut db, query, &[])?;
    let lang = ctx.lang;
    let sections = [
        (lang.pick("Produits", "Income"), &s.income),
        (lang.pick("Charges", "Expenses"), &s.expenses),
        (
            lang.pick("Actif (trésorerie)", "Assets (treasury)"),
            &s.balance.assets,
        ),
        (lang.pick("Fonds associatifs", "Funds"), &s.balance.funds),
    ];
    match args.format {
        Format::Json => output::json(&s)?,
        Format::Csv => {
            let mut rows = Vec::new();
            for (section, part) in sections {
                for (account, amount) in &part.by_account {
                    rows.push(vec![
                        section.to_string(),
                        account.clone(),
                        s.labels.get(account).cloned().unwrap_or_default(),
                        amount.to_string(),
                    ]);
                }
                rows.push(vec![
                    section.to_string(),
                    String::new(),
                    "Total".into(),
                    part.total.to_string(),
                ]);
            }
            rows.push(vec![
                lang.pick("Résultat", "Result").into(),
                String::new(),
                String::new(),
                s.result.to_string(),
            ]);
            output::csv(&["section", "compte", "libellé", "montant"], &rows);
        }
        Format::Table => {
            let last = s.period.last_day();
            println!(
                "{} {} : {} → {}{}",
                lang.pick("Exercice", "Financial year"),
                s.year,
                s.period.start.format("%d/%m/%Y"),
                last.format("%d/%m/%Y"),
                if s.closed {
                    lang.pick(" (clos)", " (closed)")
                } else {
                    ""
                }
            );
            for (section, part) in sections {
                println!();
                let mut rows: Vec<Vec<String>> = part
                    .by_account
                    .iter()
                    .map(|(account, amount)| {
                        vec![
                            account.clone(),
                            s.labels.get(account).cloned().unwrap_or_default(),
                            money(*amount, lang),
                        ]
                    })
                    .collect();
                rows.push(vec![String::new(), "Total".into(), money(part.total, lang)]);
                output::table(&[section, "", ""], &rows);
            }
            println!();
            println!(
                "{} : {}",
                lang.pick("Résultat de l'exercice", "Result of the year"),
                money(s.result, lang)
            );
        }
    }
    Ok(())
}

pub fn close_year(ctx: &Context, args: CloseYearArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let asked = panier::ops::books::YearOf { year: args.year };
    let closed = super::operation::perform::<panier::ops::books::CloseYear>(&mut db, asked, &[])?;
    match args.format {
        // the year's record as the file keeps it (period, when, by whom)
        Format::Json => match years::closed_year(db.conn(), closed.year)? {
            Some(record) => output::json(&record)?,
            None => output::json(&closed)?,
        },
        _ => println!(
            "{} {} ; {} {}",
            ctx.lang.pick("Exercice clos :", "Financial year closed:"),
            closed.year,
            ctx.lang.pick(
                "résultat en attente d'affectation (120/129) :",
                "result awaiting allocation (120/129):"
            ),
            display(closed.result_cents, ctx.lang)
        ),
    }
    Ok(())
}

#[derive(Args)]
pub struct AllocateResultArgs {
    /// The closed year whose result the general assembly allocates
    year: i32,
    /// report (report à nouveau, 110/119) or reserves (1068)
    #[arg(long = "to")]
    to: String,
    /// Part of the result to allocate (default: all that is left)
    #[arg(long)]
    amount: Option<String>,
    /// Day of the decision (default: today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn allocate_result(ctx: &Context, args: AllocateResultArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let destination = allocation::Destination::parse(&args.to)?;
    let amount = args
        .amount
        .as_deref()
        .map(|a| panier::kernel::money::parse_amount("montant", a))
        .transpose()?;
    let on = super::date_or_today("date", args.date.as_deref())?;
    let done = allocation::allocate_result(&mut db, args.year, destination, amount, on)?;
    match args.format {
        Format::Json => output::json(&done)?,
        _ => println!(
            "{} {} → {} : {}",
            ctx.lang.pick("Résultat affecté :", "Result allocated:"),
            done.year,
            destination.account(done.amount_cents).number,
            money(done.amount, ctx.lang)
        ),
    }
    Ok(())
}
