//! `panier export …`: files for the accountant, the tax office and spreadsheets.

use super::operation::perform;
use super::Context;
use clap::{Args, Subcommand};
use panier::ops::exports::{self, ExportYear, FileBytes};
use panier::store::output::{self, Replace};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The FEC (Fichier des Écritures Comptables) of a financial year, named <SIREN>FEC<AAAAMMJJ>.txt
    #[command(mut_arg("output", |a| a.help("The folder to write the FEC into")))]
    Fec(YearExportArgs),
    /// Every member as a CSV that `panier import members` reads back unchanged
    #[command(mut_arg("output", |a| a.help("The CSV file to write")))]
    Members(ExportArgs),
    /// The ledger of a financial year as CSV: one row per ledger line (entry id, date,
    /// member, kind, account, amount…)
    #[command(mut_arg("output", |a| a.help("The CSV file to write (`-` for standard output)")))]
    Ledger(YearExportArgs),
}

/// Where an export writes (each command says what `--output` names) and whether it may
/// replace a file that is there.
#[derive(Args)]
pub struct ExportArgs {
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
}

/// An export of one financial year.
#[derive(Args)]
pub struct YearExportArgs {
    /// The year in which the financial year starts
    #[arg(long)]
    year: i32,
    #[command(flatten)]
    to: ExportArgs,
}

/// Writes an operation's file at `path` (refused onto the open file, or over an existing
/// file without `--force`).
fn write_file(
    db: &panier::Database,
    path: &std::path::Path,
    file: &FileBytes,
    force: bool,
) -> anyhow::Result<PathBuf> {
    let bytes = file.bytes()?;
    Ok(output::write(Some(db.conn()), path, &bytes, Replace::from_force(force))?.path)
}

pub fn run(ctx: &Context, cmd: ExportCommand) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    match cmd {
        ExportCommand::Fec(args) => {
            let asked = ExportYear { year: args.year };
            let file = perform::<exports::Fec>(&mut db, asked, &[])?;
            let to = args.to;
            let path = write_file(&db, &to.output.join(&file.file_name), &file, to.force)?;
            println!("{}", path.display());
            super::output::wrote(&path);
            Ok(())
        }
        ExportCommand::Ledger(args) => {
            let asked = ExportYear { year: args.year };
            let file = perform::<exports::LedgerCsv>(&mut db, asked, &[])?;
            let to = args.to;
            if to.output.as_os_str() == "-" {
                print!("{}", String::from_utf8_lossy(&file.bytes()?));
            } else {
                let path = write_file(&db, &to.output, &file, to.force)?;
                super::output::wrote(&path);
            }
            Ok(())
        }
        ExportCommand::Members(args) => {
            let file = perform::<exports::MembersCsv>(&mut db, (), &[])?;
            write_file(&db, &args.output, &file, args.force)?;
            println!("{}", args.output.display());
            super::output::wrote(&args.output);
            eprintln!(
                "{}",
                ctx.lang.count(
                    file.count,
                    ("membre exporté", "membres exportés"),
                    ("member exported", "members exported")
                )
            );
            Ok(())
        }
    }
}
