//! `panier volunteering add|list`: volunteer time, shown apart from the result.

use super::operation::perform;
use super::output::{self, Format};
use super::Context;
use clap::{Args, Subcommand};
use panier::ops::volunteering::{Record, Records, VolunteeringTime, VolunteeringYearOf};

#[derive(Subcommand)]
pub enum VolunteeringCommand {
    /// Record time given (contributions volontaires en nature, 864/875)
    Add(AddArgs),
    /// The time given in a financial year, and its value
    List(ListArgs),
}

#[derive(Args)]
pub struct AddArgs {
    /// Hours given (2 or 2.5)
    #[arg(long)]
    hours: String,
    /// The day (default: today)
    #[arg(long)]
    date: Option<String>,
    /// The member who gave it: id or email
    #[arg(long)]
    member: Option<String>,
    /// What it was for
    #[arg(long, default_value = "")]
    label: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ListArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, command: VolunteeringCommand) -> anyhow::Result<()> {
    match command {
        VolunteeringCommand::Add(args) => add(ctx, args),
        VolunteeringCommand::List(args) => list(ctx, args),
    }
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let row = perform::<Record>(
        &mut db,
        VolunteeringTime {
            hours: args.hours,
            date: args.date,
            member: args.member,
            label: args.label,
        },
        &[],
    )?;
    match args.format {
        Format::Json => output::json(&row)?,
        _ => println!("{}", row.id),
    }
    Ok(())
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let lang = ctx.lang;
    let listed = perform::<Records>(&mut db, VolunteeringYearOf { year: args.year }, &[])?;
    let (rows, summary) = (&listed.records, &listed.summary);
    match args.format {
        Format::Json => output::json(&listed)?,
        Format::Csv => output::csv(
            &["id", "date", "hours", "member_id", "member", "label"],
            &rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.date.to_string(),
                        r.hours.to_string(),
                        r.member_id.map(|m| m.to_string()).unwrap_or_default(),
                        r.member.clone(),
                        r.label.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.date.format("%d/%m/%Y").to_string(),
                        r.hours.to_string(),
                        r.member.clone(),
                        r.label.clone(),
                    ]
                })
                .collect();
            output::table(
                &[
                    lang.pick("Date", "Date"),
                    lang.pick("Heures", "Hours"),
                    lang.pick("Membre", "Member"),
                    lang.pick("Objet", "Label"),
                ],
                &table,
            );
            println!(
                "{} : {} h × {} = {}",
                lang.pick(
                    "Bénévolat (hors résultat)",
                    "Volunteering (outside the result)"
                ),
                summary.hours,
                summary.hour_value,
                summary.value
            );
        }
    }
    Ok(())
}
