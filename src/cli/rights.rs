//! Members' data rights: `export-member`, `erase-member`, `purge`, `compact`, `requests`,
//! `request …`.

use super::operation::perform;
use super::output::{self, Format};
use super::{today, Context};
use anyhow::bail;
use clap::{Args, Subcommand};
use panier::kernel::dates::parse_date;
use panier::kernel::field::Field;
use panier::ops::members::MemberRef;
use panier::ops::rights::{
    AccountsDeleted, AddRequest, AnswerFields, AnswerRequest, Erase, EraseRequest, ErasurePlan,
    ExportMember, ExtendRequest, ExtensionFields, ListRequests, MemberExportRequest,
    NewRequestFields, RequestAnswer, RequestExtension, RequestFilter, RequestRef, ShowRequest,
};
use panier::people::members;
use panier::rights::erasure;
use panier::rights::export;
use panier::rights::requests;
use panier::store::output::{self as files, Replace};
use panier::Lang;
use std::path::{Path, PathBuf};

fn day_or_today(flag: &str, value: Option<&str>) -> panier::Result<chrono::NaiveDate> {
    value
        .map(|d| parse_date(flag, d))
        .unwrap_or_else(|| Ok(today()))
}

fn show_day(d: chrono::NaiveDate, lang: Lang) -> String {
    export::summary::day(d, lang)
}

#[derive(Args)]
pub struct ExportArgs {
    /// The member: their number or email address
    member: String,
    /// Where to write the ZIP (a file name, or a folder to name it after the member and date)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// The export's day, stated in the summary (default today)
    #[arg(long)]
    date: Option<String>,
    /// Mark this request of the register answered on the export's day
    #[arg(long)]
    answers: Option<i64>,
}

pub fn export_member(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let member = members::find(db.conn(), &args.member)?;
    let request = MemberExportRequest {
        id: member.id.0,
        date: args.date.clone(),
        answers: args.answers,
    };
    let day = day_or_today("--date", args.date.as_deref())?;
    // where it goes, checked before the operation may mark a request answered
    let path = export_path(&args.output, &export::file_name(&member, day))?;
    files::check_destination(Some(db.conn()), &path, Replace::Refuse)?;
    let file = perform::<ExportMember>(&mut db, request, &[(Field::Date, "--date")])?;
    let written = files::write(Some(db.conn()), &path, &file.bytes()?, Replace::Refuse)?;
    println!("{}", written.path.display());
    let size = panier::kernel::size::size_in(written.bytes as i64, ctx.lang);
    eprintln!(
        "{}",
        match ctx.lang {
            Lang::Fr => format!(
                "Données {} (membre n° {}) exportées : {} ({size}).",
                panier::kernel::text::of_name(&member.display_name()),
                member.id,
                written.path.display(),
            ),
            Lang::En => format!(
                "Data of {} (member {}) exported: {} ({size}).",
                member.display_name(),
                member.id,
                written.path.display(),
            ),
        }
    );
    if let Some(id) = args.answers {
        eprintln!(
            "{}",
            match ctx.lang {
                Lang::Fr => format!("Demande n° {id} marquée répondue."),
                Lang::En => format!("Request {id} marked answered."),
            }
        );
    }
    Ok(())
}

/// `-o`: a `.zip` file, or a folder (made if missing, when named with a final `/`) to name
/// the export in.
fn export_path(output: &Path, file_name: &str) -> anyhow::Result<PathBuf> {
    let names_folder = output
        .to_str()
        .is_some_and(|s| s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR));
    if names_folder {
        std::fs::create_dir_all(output)?;
    }
    Ok(if output.is_dir() {
        output.join(file_name)
    } else {
        output.to_path_buf()
    })
}

#[derive(Args)]
pub struct EraseArgs {
    /// The member: their number or email address
    member: String,
    /// Really erase (without it, only says what would be done)
    #[arg(long)]
    confirm: bool,
    /// The erasure's day (default today)
    #[arg(long)]
    date: Option<String>,
    /// Mark this request of the register answered on the erasure's day
    #[arg(long)]
    answers: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn erase_member(ctx: &Context, args: EraseArgs) -> anyhow::Result<()> {
    // the day checked before anything, said with its flag
    day_or_today("--date", args.date.as_deref())?;
    let mut db = ctx.open()?;
    let member = members::find(db.conn(), &args.member)?;
    let lang = ctx.lang;
    let plan = ErasurePlan::report(&mut db, MemberRef { id: member.id.0 })?;
    let kept = |n: i64, until: Option<chrono::NaiveDate>| {
        match (lang, until) {
        (Lang::Fr, Some(d)) => format!(
            "{} sous le pseudonyme jusqu'au {} au plus tard (10 ans après la clôture de l'exercice), puis {} par « panier purge ».",
            lang.count(n, ("écriture comptable gardée", "écritures comptables gardées"), ("", "")),
            show_day(d, lang),
            lang.agree(n, "supprimée ou anonymisée", "supprimées ou anonymisées")
        ),
        (Lang::En, Some(d)) => format!(
            "{} under the pseudonym until {} at the latest (10 years after the close of the financial year), then deleted or anonymised by “panier purge”.",
            lang.count(n, ("", ""), ("ledger entry kept", "ledger entries kept")),
            show_day(d, lang)
        ),
        (Lang::Fr, None) => "Aucune écriture comptable à garder.".to_string(),
        (Lang::En, None) => "No ledger entry to keep.".to_string(),
    }
    };
    if !args.confirm {
        if args.format == Format::Json {
            return output::json(&plan);
        }
        println!(
            "{}",
            match lang {
                Lang::Fr => format!(
                    "Effacer {} (membre n° {}) : sa fiche deviendra « {} » ; consentements supprimés : {} ; comptes supprimés : {}.",
                    plan.name, plan.member_id, plan.pseudonym, plan.consents_deleted, plan.accounts_to_delete.len()
                ),
                Lang::En => format!(
                    "Erase {} (member {}): their profile becomes “{}”; consents deleted: {}; accounts deleted: {}.",
                    plan.name, plan.member_id, plan.pseudonym, plan.consents_deleted, plan.accounts_to_delete.len()
                ),
            }
        );
        println!("{}", kept(plan.entries_kept, plan.kept_until));
        bail!(
            "{}",
            lang.pick(
                "rien n'a été effacé : relancez avec --confirm pour effacer",
                "nothing was erased: run again with --confirm to erase"
            )
        );
    }
    // the request is answered in the erasure's own transaction: an error here means nothing
    // was erased; once committed, what fails after is told as such (below)
    let request = EraseRequest {
        id: member.id.0,
        date: args.date.clone(),
        answers: args.answers,
    };
    let report = Erase::report(&mut db, request)?;
    for problem in &report.problems_after_commit {
        eprintln!("{}", problem.message(lang));
    }
    if args.format == Format::Json {
        return output::json(&report);
    }
    println!(
        "{}",
        match lang {
            Lang::Fr => format!(
                "Les données {} (membre n° {}) sont effacées : sa fiche s'appelle désormais « {} ».",
                panier::kernel::text::of_name(&member.display_name()),
                member.id,
                report.pseudonym
            ),
            Lang::En => format!(
                "{} (member {}) is erased: their profile is now called “{}”.",
                member.display_name(),
                member.id,
                report.pseudonym
            ),
        }
    );
    println!("{}", kept(report.entries_kept, report.kept_until));
    if report.accounts_to_delete.is_empty() {
        println!(
            "{}",
            lang.pick(
                "Aucun compte à supprimer sur les services.",
                "No account to delete on the services."
            )
        );
    } else {
        println!(
            "{}",
            lang.pick(
                "Supprimez maintenant ces comptes sur les services eux-mêmes (Panier ne les connaît plus) :",
                "Now delete these accounts on the services themselves (Panier no longer knows them):"
            )
        );
        for a in &report.accounts_to_delete {
            println!("  {}  {}", a.service, a.login);
        }
        let id = report.request_id;
        println!(
            "{}",
            match lang {
                Lang::Fr => format!(
                    "Cette liste est gardée avec la demande n° {id} (« panier request show {id} ») ; une fois les comptes supprimés, dites-le : « panier request accounts-deleted {id} »."
                ),
                Lang::En => format!(
                    "This list is kept with request {id} (“panier request show {id}”); once the accounts are deleted, say so: “panier request accounts-deleted {id}”."
                ),
            }
        );
    }
    if !report.backups_with_their_data.is_empty() {
        println!(
            "{}",
            match lang {
                Lang::Fr => format!(
                    "Sauvegardes faites avant l'effacement qui contiennent encore ses données : {} ; la rotation les supprimera ; celles nommées « avant-… » (migration, restauration) ne sont jamais supprimées d'elles-mêmes, effacez-les quand elles ne servent plus :",
                    report.backups_with_their_data.len()
                ),
                Lang::En => format!(
                    "Backups made before the erasure that still hold their data: {}; rotation will delete them; those named “avant-…” (migration, restore) are never deleted by themselves, remove them once no longer needed:",
                    report.backups_with_their_data.len()
                ),
            }
        );
        for path in &report.backups_with_their_data {
            println!("  {}", path.display());
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct PurgeArgs {
    /// Only list what would be removed
    #[arg(long)]
    dry_run: bool,
    /// The day to judge retention on (default today)
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn purge(ctx: &Context, args: PurgeArgs) -> anyhow::Result<()> {
    let on = day_or_today("--date", args.date.as_deref())?;
    let mut db = ctx.open()?;
    let lang = ctx.lang;
    let plan = if args.dry_run {
        erasure::purge_plan(db.conn(), on)?
    } else {
        erasure::purge(&mut db, on)?
    };
    match args.format {
        Format::Json => output::json(&plan)?,
        format => {
            let header = [
                lang.pick("écriture", "entry"),
                lang.pick("date", "date"),
                lang.pick("membre", "member"),
                lang.pick("tiers", "counterparty"),
                lang.pick("libellé", "label"),
                lang.pick("montant", "amount"),
                lang.pick("conservée jusqu'au", "kept until"),
            ];
            let rows: Vec<Vec<String>> = plan
                .entries
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.date.to_string(),
                        e.member_id.map(|m| m.to_string()).unwrap_or_default(),
                        e.counterparty.clone(),
                        e.label.clone(),
                        panier::kernel::money::plain(e.amount_cents),
                        e.retention_end.to_string(),
                    ]
                })
                .collect();
            if format == Format::Csv {
                output::csv(&header, &rows);
            } else if !rows.is_empty() {
                output::table(&header, &rows);
            }
            // both nouns are feminine in French: the participle agrees with either
            let verb = match (lang, args.dry_run) {
                (Lang::Fr, true) => "Seraient supprimées",
                (Lang::Fr, false) => "Supprimées",
                (Lang::En, true) => "Would be removed",
                (Lang::En, false) => "Removed",
            };
            eprintln!(
                "{verb}{} {} {} {}.",
                lang.pick(" :", ":"),
                lang.count(
                    plan.entries.len() as i64,
                    (
                        "écriture passée le délai de conservation",
                        "écritures passées le délai de conservation"
                    ),
                    ("entry past retention", "entries past retention")
                ),
                lang.pick("et", "and"),
                lang.count(
                    plan.members_removed.len() as i64,
                    ("fiche de membre effacé", "fiches de membres effacés"),
                    ("erased member profile", "erased member profiles")
                )
            );
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct RequestsArgs {
    /// Only the requests awaiting an answer
    #[arg(long)]
    open: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn list(ctx: &Context, args: RequestsArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let lang = ctx.lang;
    let all = ListRequests::report(
        &mut db,
        RequestFilter {
            open_only: args.open,
        },
    )?;
    let today = today();
    if args.format == Format::Json {
        return output::json(&all);
    }
    let header = [
        lang.pick("n°", "no."),
        lang.pick("membre", "member"),
        lang.pick("demande", "request"),
        lang.pick("reçue", "received"),
        lang.pick("échéance", "due"),
        lang.pick("état", "status"),
        lang.pick("répondue", "answered"),
    ];
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            let state = if r.is_late(today) {
                lang.pick("EN RETARD", "LATE").to_string()
            } else if r.extension_months > 0 && r.answered_on.is_none() {
                match lang {
                    Lang::Fr => format!("prolongée ({} mois)", r.extension_months),
                    Lang::En => format!(
                        "extended ({})",
                        lang.count(i64::from(r.extension_months), ("", ""), ("month", "months"))
                    ),
                }
            } else {
                r.status.label(lang).to_string()
            };
            vec![
                r.id.to_string(),
                format!(
                    "{} {}",
                    r.member_id.map(|m| m.to_string()).unwrap_or("—".into()),
                    r.member_name
                ),
                r.kind.label(lang).to_string(),
                r.received_on.to_string(),
                r.deadline.to_string(),
                state,
                r.answered_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    if args.format == Format::Csv {
        output::csv(&header, &rows);
    } else {
        output::table(&header, &rows);
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum RequestCommand {
    /// Record a request received from a member; prints its number
    Add(AddArgs),
    /// Mark a request answered (or refused, with reasons)
    Answer(AnswerArgs),
    /// Extend a request's deadline by up to two months (within the first month only)
    Extend(ExtendArgs),
    /// One request of the register (with the accounts an erasure left to delete)
    Show(ShowArgs),
    /// Record that the accounts an erasure left to delete are deleted on the servers
    AccountsDeleted(ShowArgs),
}

#[derive(Args)]
pub struct AddArgs {
    /// The member: their number or email address
    member: String,
    /// access, portability, rectification, erasure or other
    #[arg(long)]
    kind: String,
    /// The day it was received (default today)
    #[arg(long)]
    received: Option<String>,
    /// How the requester's identity was checked
    #[arg(long)]
    identity: String,
    #[arg(long, default_value = "")]
    notes: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct AnswerArgs {
    id: i64,
    /// The day of the answer (default today)
    #[arg(long)]
    date: Option<String>,
    /// The request was refused, with reasons given to the member
    #[arg(long)]
    refused: bool,
    #[arg(long, default_value = "")]
    notes: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ExtendArgs {
    id: i64,
    /// Why more time is needed
    #[arg(long)]
    reason: String,
    /// The day the member was told (within the first month)
    #[arg(long)]
    told: String,
    /// How many more months: 1 or 2
    #[arg(long, default_value_t = 2)]
    months: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ShowArgs {
    id: i64,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn print_request(r: &requests::DataRequest, format: Format, lang: Lang) -> anyhow::Result<()> {
    if format == Format::Json {
        return output::json(r);
    }
    let pairs = [
        (lang.pick("n°", "no."), r.id.to_string()),
        (
            lang.pick("membre", "member"),
            format!(
                "{} {}",
                r.member_id.map(|m| m.to_string()).unwrap_or("—".into()),
                r.member_name
            ),
        ),
        (
            lang.pick("demande", "request"),
            r.kind.label(lang).to_string(),
        ),
        (lang.pick("reçue le", "received"), r.received_on.to_string()),
        (
            lang.pick("identité vérifiée", "identity checked"),
            r.identity_check.clone(),
        ),
        (lang.pick("échéance", "due"), r.deadline.to_string()),
        (
            lang.pick("prolongation", "extension"),
            if r.extension_months > 0 {
                format!(
                    "{} ({}; {} {})",
                    r.extension_months,
                    r.extension_reason,
                    lang.pick("membre informé le", "member told on"),
                    r.member_told_on.map(|d| d.to_string()).unwrap_or_default()
                )
            } else {
                "—".into()
            },
        ),
        (
            lang.pick("état", "status"),
            r.status.label(lang).to_string(),
        ),
        (
            lang.pick("répondue le", "answered on"),
            r.answered_on.map(|d| d.to_string()).unwrap_or("—".into()),
        ),
        (lang.pick("notes", "notes"), r.notes.clone()),
    ];
    for (k, v) in pairs {
        println!("{k:<18} {v}");
    }
    Ok(())
}

pub fn run(ctx: &Context, cmd: RequestCommand) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    match cmd {
        RequestCommand::Add(a) => {
            // found here, so that a member not found is said as the CLI always said it
            let member = members::find(db.conn(), &a.member)?;
            let received = day_or_today("--received", a.received.as_deref())?;
            let fields = NewRequestFields {
                member: member.id.to_string(),
                kind: a.kind,
                received_on: received.to_string(),
                identity_check: a.identity,
                notes: a.notes,
            };
            let r = AddRequest::report(&mut db, fields)?;
            let id = r.id;
            output::created(a.format, id.0, ctx.lang.pick("Demande", "Request"))?;
            if a.format != Format::Json {
                eprintln!(
                    "{}",
                    match ctx.lang {
                        Lang::Fr => format!(
                            "Réponse due au plus tard le {}.",
                            show_day(r.deadline, ctx.lang)
                        ),
                        Lang::En => format!("Answer due by {}.", show_day(r.deadline, ctx.lang)),
                    }
                );
            }
            Ok(())
        }
        RequestCommand::Answer(a) => {
            let date = day_or_today("--date", a.date.as_deref())?;
            let fields = AnswerFields {
                date: date.to_string(),
                refused: a.refused,
                notes: a.notes,
            };
            let r = AnswerRequest::report(&mut db, RequestAnswer { id: a.id, fields })?;
            print_request(&r, a.format, ctx.lang)
        }
        RequestCommand::Extend(a) => {
            let told = parse_date("--told", &a.told)?;
            let fields = ExtensionFields {
                months: a.months,
                reason: a.reason,
                told_on: told.to_string(),
            };
            let r = ExtendRequest::report(&mut db, RequestExtension { id: a.id, fields })?;
            print_request(&r, a.format, ctx.lang)
        }
        RequestCommand::Show(a) => {
            let (r, accounts) = ShowRequest::report(&mut db, RequestRef { id: a.id })?;
            if a.format == Format::Json {
                #[derive(serde::Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    request: &'a requests::DataRequest,
                    accounts_to_delete: &'a [requests::AccountToDelete],
                }
                return output::json(&Shown {
                    request: &r,
                    accounts_to_delete: &accounts,
                });
            }
            print_request(&r, a.format, ctx.lang)?;
            print_accounts_to_delete(&accounts, ctx.lang);
            Ok(())
        }
        RequestCommand::AccountsDeleted(a) => {
            let (forgotten, problems) = AccountsDeleted::report(&mut db, RequestRef { id: a.id })?;
            for problem in &problems {
                eprintln!("{}", problem.message(ctx.lang));
            }
            if a.format == Format::Json {
                return output::json(&forgotten);
            }
            println!(
                "{}",
                match ctx.lang {
                    Lang::Fr => format!(
                        "{} ; la demande n° {} n'en garde plus la liste.",
                        ctx.lang.count(
                            forgotten.len() as i64,
                            ("compte noté supprimé", "comptes notés supprimés"),
                            ("", "")
                        ),
                        a.id
                    ),
                    Lang::En => format!(
                        "{}; request {} no longer keeps their list.",
                        ctx.lang.count(
                            forgotten.len() as i64,
                            ("", ""),
                            (
                                "account recorded as deleted",
                                "accounts recorded as deleted"
                            )
                        ),
                        a.id
                    ),
                }
            );
            Ok(())
        }
    }
}

fn print_accounts_to_delete(accounts: &[requests::AccountToDelete], lang: Lang) {
    if accounts.is_empty() {
        return;
    }
    println!(
        "{}",
        lang.pick(
            "comptes à supprimer sur les serveurs :",
            "accounts to delete on the servers:"
        )
    );
    for a in accounts {
        println!("  {}  {}", a.service, a.login);
    }
}

/// `panier compact`: the compaction an erasure does, again (when it could not be done then).
pub fn compact(ctx: &Context) -> anyhow::Result<()> {
    let db = ctx.open()?;
    erasure::compact(&db)?;
    println!(
        "{}",
        ctx.lang.pick(
            "Fichier compacté : aucune valeur effacée n'y subsiste.",
            "File compacted: no erased value survives in it."
        )
    );
    Ok(())
}
