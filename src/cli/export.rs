//! `panier export …`: files for the accountant, the tax office and spreadsheets.

use super::Context;
use clap::{Args, Subcommand};
use panier::store::output::{self, Replace};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The FEC (Fichier des Écritures Comptables) of a financial year, named <SIREN>FEC<AAAAMMJJ>.txt
    Fec(FecArgs),
    /// Every member as a CSV that `panier import members` reads back unchanged
    Members(MembersArgs),
    /// The ledger of a financial year as CSV: one row per ledger line (entry id, date,
    /// member, kind, account, amount…)
    Ledger(LedgerArgs),
}

#[derive(Args)]
pub struct LedgerArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    /// The CSV file to write (`-` for standard output)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct FecArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    /// The folder to write the FEC into
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct MembersArgs {
    /// The CSV file to write
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, cmd: ExportCommand) -> anyhow::Result<()> {
    match cmd {
        ExportCommand::Fec(args) => {
            let db = ctx.open()?;
            let path = panier::books::fec::write(
                db.conn(),
                args.year,
                &args.output,
                Replace::from_force(args.force),
            )?;
            println!("{}", path.display());
            super::output::wrote(&path);
            Ok(())
        }
        ExportCommand::Ledger(args) => {
            let db = ctx.open()?;
            let csv = panier::books::ledger_export::ledger_csv(db.conn(), args.year)?;
            if args.output.as_os_str() == "-" {
                print!("{csv}");
            } else {
                let written = output::write(
                    Some(db.conn()),
                    &args.output,
                    csv.as_bytes(),
                    Replace::from_force(args.force),
                )?;
                super::output::wrote(&written.path);
            }
            Ok(())
        }
        ExportCommand::Members(args) => {
            let db = ctx.open()?;
            let n = panier::bridges::members_csv::export_members_file(
                db.conn(),
                &args.output,
                Replace::from_force(args.force),
            )?;
            println!("{}", args.output.display());
            super::output::wrote(&args.output);
            eprintln!(
                "{}",
                ctx.lang.count(
                    n as i64,
                    ("membre exporté", "membres exportés"),
                    ("member exported", "members exported")
                )
            );
            Ok(())
        }
    }
}
