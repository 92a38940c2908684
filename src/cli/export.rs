//! `panier export …`: files for the accountant, the tax office and spreadsheets.

use super::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The FEC (Fichier des Écritures Comptables) of a financial year, named <SIREN>FEC<AAAAMMJJ>.txt
    Fec(FecArgs),
    /// Every member as a CSV that `panier import members` reads back unchanged
    Members(MembersArgs),
}

#[derive(Args)]
pub struct FecArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    /// The folder to write the FEC into
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

#[derive(Args)]
pub struct MembersArgs {
    /// The CSV file to write
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub fn run(ctx: &Context, cmd: ExportCommand) -> anyhow::Result<()> {
    match cmd {
        ExportCommand::Fec(args) => {
            let db = ctx.open()?;
            let path = panier::fec::write(db.conn(), args.year, &args.output)?;
            println!("{}", path.display());
            Ok(())
        }
        ExportCommand::Members(args) => {
            let db = ctx.open()?;
            let n = panier::import::export_members_file(db.conn(), &args.output)?;
            println!("{}", args.output.display());
            eprintln!(
                "{n} {}",
                ctx.lang.pick("membre(s) exporté(s)", "member(s) exported")
            );
            Ok(())
        }
    }
}
