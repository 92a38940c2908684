//! Commands about the file itself: init, seed, check, backup.

use super::output::{self, Format};
use super::Context;
use anyhow::bail;
use clap::Args;
use panier::store::integrity::Verdict;
use panier::Database;
use std::path::PathBuf;

#[derive(Args)]
pub struct InitArgs {
    /// The association's name
    #[arg(long)]
    name: String,
}

pub fn init(ctx: &Context, args: InitArgs) -> anyhow::Result<()> {
    let mut db = Database::create(&ctx.db_path, &args.name)?;
    if let Some(op) = &ctx.operator {
        db.set_operator(op);
    }
    eprintln!(
        "{}",
        ctx.lang
            .pick("Association créée dans", "Association created in")
            .to_string()
            + &format!(" {}", ctx.db_path.display())
    );
    Ok(())
}

#[derive(Args)]
pub struct SeedArgs {
    /// How many members to create
    #[arg(long)]
    members: u32,
    /// Years of history
    #[arg(long, default_value_t = 3)]
    years: u32,
    /// Random seed: the same seed gives the same association
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Last day of the history (YYYY-MM-DD; default today)
    #[arg(long)]
    until: Option<String>,
    /// Top up to this many ledger entries in all (benchmarks)
    #[arg(long)]
    entries: Option<u32>,
    /// Top up to this many ledger lines in all (benchmarks)
    #[arg(long)]
    lines: Option<u32>,
    /// Top up to this many service accounts in all (benchmarks)
    #[arg(long)]
    accounts: Option<u32>,
    /// The share of members renewing their fee each year, in percent (default 80)
    #[arg(long)]
    renewal_percent: Option<u32>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn seed(ctx: &Context, args: SeedArgs) -> anyhow::Result<()> {
    let until = args
        .until
        .as_deref()
        .map(|d| panier::kernel::dates::parse_date("--until", d))
        .transpose()?;
    let mut db = ctx.open()?;
    let started = std::time::Instant::now();
    let summary = panier::demo::seed::seed_with(
        &mut db,
        &panier::demo::seed::SeedOptions {
            members: args.members,
            years: args.years,
            seed: args.seed,
            until,
        },
        &panier::demo::seed::SeedTargets {
            entries: args.entries,
            lines: args.lines,
            accounts: args.accounts,
            renewal_percent: args.renewal_percent,
        },
    )?;
    match args.format {
        Format::Json => output::json(&summary)?,
        _ => println!(
            "{} membres, {} formules, {} abonnements, {} comptes, {} écritures ({} ms)",
            summary.members,
            summary.plans,
            summary.subscriptions,
            summary.accounts,
            summary.ledger_entries,
            started.elapsed().as_millis()
        ),
    }
    Ok(())
}

#[derive(Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn check(ctx: &Context, args: CheckArgs) -> anyhow::Result<()> {
    let db = ctx.open()?;
    let report = panier::store::check::run(&db)?;
    match args.format {
        Format::Json => output::json(&report)?,
        _ => {
            for p in &report.problems {
                println!("{}: {}", p.area, p.detail);
            }
            if report.ok() {
                println!(
                    "{} ({} membres, {} écritures, schéma v{})",
                    ctx.lang.pick("Fichier sain", "File is sound"),
                    report.members,
                    report.ledger_entries,
                    report.schema_version
                );
            }
        }
    }
    if !report.ok() {
        bail!(
            "{}",
            ctx.lang.count(
                report.problems.len() as i64,
                ("problème trouvé", "problèmes trouvés"),
                ("problem found", "problems found")
            )
        );
    }
    Ok(())
}

#[derive(Args)]
pub struct RepairArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn repair(ctx: &Context, args: RepairArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let done = panier::store::repair::repair(&mut db)?;
    let lang = ctx.lang;
    match args.format {
        Format::Json => output::json(&done)?,
        _ if done.before == Verdict::Sound => println!(
            "{}",
            lang.pick(
                "Fichier sain : rien à réparer.",
                "File is sound: nothing to repair."
            )
        ),
        _ if done.mended() => println!(
            "{}",
            lang.pick(
                "Réparé : les index ont été reconstruits, le fichier est sain et accepte de nouveau les écritures.",
                "Repaired: the indexes were rebuilt; the file is sound and takes writes again."
            )
        ),
        _ => {}
    }
    if done.mended() {
        return Ok(());
    }
    let detail = match &done.after {
        Verdict::Damaged { detail } => detail.as_str(),
        Verdict::Sound => "",
    };
    match &done.backup_to_restore {
        Some(backup) => bail!(
            "{} ({detail}) : {} panier restore {}",
            lang.pick(
                "le fichier reste endommagé",
                "the file is still damaged"
            ),
            lang.pick(
                "restaurez la dernière sauvegarde vérifiée avec",
                "restore the newest verified backup with"
            ),
            backup.display()
        ),
        None => bail!(
            "{} ({detail}) : {}",
            lang.pick(
                "le fichier reste endommagé",
                "the file is still damaged"
            ),
            lang.pick(
                "aucune sauvegarde vérifiée n'a été trouvée dans le dossier des sauvegardes ; gardez ce fichier tel quel et demandez de l'aide",
                "no verified backup was found in the backup folder; keep this file as it is and ask for help"
            )
        ),
    }
}

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the copy (default: the backup folder, setting `backup_dir`, else a
    /// `backups` folder beside the file; backups there are rotated: 7 daily, 5 weekly, 12
    /// monthly)
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// List the backups in the backup folder instead of taking one
    #[arg(long)]
    list: bool,
    /// Also copy the backup to this folder of the configured Nextcloud (WebDAV, with the
    /// connector's login and app password; the folder is created when missing)
    #[arg(long = "to-nextcloud", value_name = "FOLDER", conflicts_with = "list")]
    to_nextcloud: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn backup(ctx: &Context, args: BackupArgs) -> anyhow::Result<()> {
    let db = ctx.open()?;
    if args.list {
        let all = panier::store::backup::list(&db)?;
        if args.format == Format::Json {
            return output::json(&all);
        }
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|b| {
                vec![
                    b.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    panier::kernel::size::display_size(b.bytes as i64),
                    b.reason.clone(),
                    b.path.display().to_string(),
                ]
            })
            .collect();
        match args.format {
            Format::Csv => output::csv(&["taken_at", "bytes", "reason", "path"], &rows),
            _ => output::table(
                &[
                    ctx.lang.pick("date", "taken"),
                    ctx.lang.pick("taille", "size"),
                    ctx.lang.pick("raison", "reason"),
                    ctx.lang.pick("fichier", "file"),
                ],
                &rows,
            ),
        }
        return Ok(());
    }
    let dest = match args.output {
        Some(dest) => {
            db.backup_to(&dest)?;
            dest
        }
        None => panier::store::backup::take(&db, panier::store::backup::local_now())?.path,
    };
    let bytes = std::fs::metadata(&dest)?.len();
    let copied = match &args.to_nextcloud {
        Some(folder) => Some(panier::hosting::nextcloud::webdav::copy_backup(
            &db,
            &dest,
            folder,
            &panier::hosting::nextcloud::ClientOptions::default(),
        )?),
        None => None,
    };
    match args.format {
        Format::Json => output::json(&serde_json::json!({
            "path": dest,
            "bytes": bytes,
            "nextcloud_url": copied.as_ref().map(|c| &c.url),
        }))?,
        _ => {
            println!("{}", dest.display());
            output::wrote(&dest);
            if let Some(copy) = &copied {
                println!("{}", copy.url);
            }
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup to restore (it is checked first; the file it replaces is kept in the backup
    /// folder as …-avant-restauration.sqlite)
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn restore(ctx: &Context, args: RestoreArgs) -> anyhow::Result<()> {
    let restored = panier::store::backup::restore_with(
        &ctx.db_path,
        &args.file,
        panier::store::backup::local_now(),
        ctx.passphrase().as_ref(),
    )?;
    match args.format {
        Format::Json => output::json(&restored)?,
        _ => {
            println!(
                "{} {} ({} {}, {} {})",
                ctx.lang.pick("Restauré depuis", "Restored from"),
                args.file.display(),
                restored.restored_from.members,
                ctx.lang.pick("membres", "members"),
                restored.restored_from.ledger_entries,
                ctx.lang.pick("écritures", "ledger entries"),
            );
            if let Some(kept) = &restored.kept {
                println!(
                    "{} {}",
                    ctx.lang.pick(
                        "Le fichier remplacé est gardé dans",
                        "The replaced file is kept in"
                    ),
                    kept.display()
                );
            }
        }
    }
    Ok(())
}
