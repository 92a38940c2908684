//! The receipt commands: `receipt` (the attestation or tax receipt of one entry) and
//! `receipts` (the year's summary tax receipts into a folder, or the register with `--list`).

use super::operation::perform;
use super::output::{self, Format};
use super::{date_or_today, Context};
use chrono::Datelike;
use clap::Args;
use panier::books::receipts::{self, ReceiptKind};
use panier::kernel::ids::EntryId;
use panier::kernel::money::{display, plain};
use panier::ops::receipts::{GiftsYear, Print, PrintYearly, ReceiptOfEntry, ReceiptPdf};
use panier::store::output::Replace;
use panier::Database;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ReceiptArgs {
    entry: i64,
    /// Where to write the PDF
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
    /// attestation or tax (default: tax for a donation, attestation for a fee)
    #[arg(long)]
    kind: Option<String>,
    /// The date printed (default today)
    #[arg(long)]
    date: Option<String>,
    /// Also send it by mail to its member (panier mail configure)
    #[arg(long)]
    send: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn receipt(ctx: &Context, args: ReceiptArgs) -> anyhow::Result<()> {
    let today = date_or_today("--date", args.date.as_deref())?;
    let mut db = ctx.open()?;
    let (entry, output, replace) = (
        EntryId(args.entry),
        &args.output,
        Replace::from_force(args.force),
    );
    if args.send {
        let kind = match args.kind.as_deref() {
            Some(k) => ReceiptKind::parse(k)?,
            None => ReceiptKind::default_for(&panier::books::ledger::get(db.conn(), entry)?),
        };
        let mut courier = panier::bridges::mail::courier(&db)?;
        let sent = panier::bridges::mail::receipts::send_for_entry(
            &mut db,
            &mut courier,
            entry,
            kind,
            today,
            output,
            replace,
        )?;
        return super::mail_send::report_receipts(ctx, &[sent], args.format);
    }
    let request = ReceiptOfEntry {
        entry: args.entry,
        kind: args.kind.unwrap_or_default(),
        date: Some(today.to_string()),
    };
    // a path that cannot take the PDF is refused before a number is used for it
    receipts::check_destination(db.conn(), output, Replace::Confirmed)?;
    if let Err(in_the_way) = receipts::check_destination(db.conn(), output, replace) {
        // a file there and no --force: the receipt's own refusal, if any, says more
        db.rehearse(|db| perform::<Print>(db, request.clone(), &[]))?;
        return Err(in_the_way.into());
    }
    let printed = perform::<Print>(&mut db, request, &[])?;
    let written = write_printed(&db, printed, output, replace)?;
    report_printed(ctx, args.format, &[written])
}

/// A receipt printed by the operation and written where the user asked.
struct Written {
    receipt: ReceiptPdf,
    path: PathBuf,
}

/// Writes a receipt the operation has just numbered (or counted as reprinted). Its number is
/// recorded by now: a write that still fails says so, and how to get the PDF again under the
/// same number, so that numbering never has a gap.
fn write_printed(
    db: &Database,
    receipt: ReceiptPdf,
    path: &Path,
    replace: Replace,
) -> panier::Result<Written> {
    let written = receipt
        .file
        .bytes()
        .and_then(|pdf| panier::store::output::write(Some(db.conn()), path, &pdf, replace));
    match written {
        Ok(_) => Ok(Written {
            receipt,
            path: path.to_path_buf(),
        }),
        Err(error) => Err(panier::Error::refused(
            format!(
                "le reçu n° {} est enregistré mais n'a pas pu être écrit dans {} ({}) : relancez \
                 la commande vers un autre chemin (ou avec --force) pour l'imprimer sous le même \
                 numéro, en DUPLICATA",
                receipt.reference,
                path.display(),
                error.message(panier::Lang::Fr)
            ),
            format!(
                "receipt {} is recorded but could not be written to {} ({}): run the command \
                 again to another path (or with --force) to print it under the same number, as \
                 a DUPLICATA",
                receipt.reference,
                path.display(),
                error.message(panier::Lang::En)
            ),
        )),
    }
}

/// A receipt printed, as `--format json` shows it.
fn printed_json(p: &Written) -> serde_json::Value {
    serde_json::json!({
        "id": p.receipt.id,
        "number": p.receipt.reference,
        "duplicata": p.receipt.duplicata,
        "amount": plain(p.receipt.amount_cents),
        "member_id": p.receipt.member_id,
        "file": p.path,
    })
}

fn report_printed(ctx: &Context, format: Format, done: &[Written]) -> anyhow::Result<()> {
    if format == Format::Json {
        let v: Vec<serde_json::Value> = done.iter().map(printed_json).collect();
        return if v.len() == 1 {
            output::json(&v[0])
        } else {
            output::json(&v)
        };
    }
    for p in done {
        println!("{}\t{}", p.receipt.reference, p.path.display());
        output::wrote(&p.path);
        if p.receipt.duplicata {
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
    /// Replace a file that already exists
    #[arg(long)]
    force: bool,
    /// Print nothing: list the receipts issued in that year (the register), both series
    #[arg(long, conflicts_with = "output")]
    list: bool,
    /// The date printed (default today)
    #[arg(long)]
    date: Option<String>,
    /// Also send each by mail to its donor (those without an email are listed to print);
    /// a receipt already mailed is not sent again
    #[arg(long, conflicts_with = "list")]
    send: bool,
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
    output::rows(format, &header, &rows);
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
    if args.send {
        let mut courier = panier::bridges::mail::courier(&db)?;
        let lang = ctx.lang;
        let quiet = args.format == Format::Json;
        let done = panier::bridges::mail::receipts::send_yearly(
            &mut db,
            &mut courier,
            args.year,
            today,
            &output_dir,
            Replace::from_force(args.force),
            &mut |done, total, r| {
                if !quiet {
                    eprintln!(
                        "[{done}/{total}] {} {}",
                        r.reference,
                        lang.pick("traité", "done")
                    );
                }
            },
        )?;
        return super::mail_send::report_receipts(ctx, &done, args.format);
    }
    // the folder is made and checked before any number is used
    let replace = Replace::from_force(args.force);
    receipts::check_destination(db.conn(), &output_dir.join("recu.pdf"), Replace::Confirmed)?;
    let request = GiftsYear {
        year: args.year,
        date: Some(today.to_string()),
    };
    if replace == Replace::Refuse {
        // the file names carry the numbers: a rehearsal tells them, so that a file in the
        // way is refused before any number is used
        let names = db.rehearse(|db| perform::<PrintYearly>(db, request.clone(), &[]))?;
        for receipt in &names {
            let path = output_dir.join(&receipt.file.file_name);
            receipts::check_destination(db.conn(), &path, replace)?;
        }
    }
    let printed = perform::<PrintYearly>(&mut db, request, &[])?;
    // every PDF that can be written is; those that cannot are named together at the end
    let (mut done, mut unwritten) = (Vec::new(), Vec::new());
    for receipt in printed {
        let path = output_dir.join(&receipt.file.file_name);
        match write_printed(&db, receipt, &path, replace) {
            Ok(written) => done.push(written),
            Err(error) => unwritten.push(error),
        }
    }
    if done.is_empty() && unwritten.is_empty() && args.format != Format::Json {
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
        output::json(&vec![printed_json(&done[0])])?;
    } else {
        report_printed(ctx, args.format, &done)?;
    }
    match unwritten.len() {
        0 => Ok(()),
        1 => Err(unwritten.remove(0).into()),
        _ => Err(panier::Error::refused(
            join_messages(&unwritten, panier::Lang::Fr),
            join_messages(&unwritten, panier::Lang::En),
        )
        .into()),
    }
}

/// The refusals, one a line.
fn join_messages(errors: &[panier::Error], lang: panier::Lang) -> String {
    let lines: Vec<String> = errors.iter().map(|e| e.message(lang)).collect();
    lines.join("\n")
}
