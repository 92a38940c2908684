//! `panier dashboard`: today's figures, as on the app's first screen.

use super::output::{self, Format};
use super::Context;
use clap::Args;
use panier::kernel::dates::day_short;
use panier::kernel::money::display;

#[derive(Args)]
pub struct DashboardArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: DashboardArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let d = super::operation::perform::<panier::ops::dashboard::Dashboard>(&mut db, (), &[])?;
    if args.format == Format::Json {
        return output::json(&d);
    }
    let l = ctx.lang;
    println!(
        "{} : {}",
        l.pick("Membres", "Members"),
        l.number(d.members_total)
    );
    println!(
        "  {} {} · {} {} · {} {} · {} {}",
        l.number(d.members_active),
        l.pick("à jour", "active"),
        l.number(d.members_grace),
        l.pick("en délai de grâce", "in grace"),
        l.number(d.members_expired),
        l.agree(d.members_expired, "expiré", "expirés"),
        l.number(d.members_never_paid),
        l.pick("sans cotisation", "never paid")
    );
    println!(
        "{} : {}",
        l.pick(
            "Renouvellements dans les 30 jours",
            "Renewals due within 30 days"
        ),
        d.renewals_due
    );
    println!(
        "{} : {} ({} {}, {} {})",
        l.pick("Comptes", "Accounts"),
        d.accounts_total,
        d.accounts_over_quota,
        l.pick("au-delà du quota", "over quota"),
        d.accounts_near_quota,
        l.pick("à plus de 90 %", "above 90%")
    );
    if d.data_requests_due + d.data_requests_late > 0 {
        println!(
            "{} : {} {}, {} {} (panier requests --open)",
            l.pick("Demandes RGPD", "Data requests"),
            d.data_requests_late,
            l.pick("EN RETARD", "LATE"),
            d.data_requests_due,
            l.pick("à échéance dans les 7 jours", "due within 7 days"),
        );
    }
    println!(
        "{} {} {} {} : {} {}, {} {}",
        l.pick("Exercice du", "Financial year from"),
        day_short(d.year.start, l),
        l.pick("au", "to"),
        day_short(d.year.last_day(), l),
        display(d.income_cents, l),
        l.pick("de recettes", "income"),
        display(d.expenses_cents, l),
        l.pick("de dépenses", "expenses")
    );
    Ok(())
}
