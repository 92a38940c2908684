//! The `panier` command line: parsing, opening the file, and one module per area.

mod account;
mod admin;
mod bench;
mod books;
mod charter;
mod crypt;
mod dashboard;
mod export;
mod helloasso;
pub(crate) mod help_fr;
mod help_fr_texts;
mod import;
mod import_paheko;
mod mail;
mod mail_send;
mod member;
mod money;
mod nextcloud;
mod operation;
pub mod output;
mod plan;
mod quota;
mod receipts;
mod renewals;
mod report;
mod rights;
mod settings;
mod user;
mod volunteering;
mod words;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use panier::{Database, Lang};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "panier",
    version,
    about = "Panier : les membres, les cotisations, les quotas et les comptes d'un petit hébergeur CHATONS",
    long_about = None
)]
pub struct Cli {
    /// The Panier file (default: $PANIER_DB, else ~/.local/share/panier/panier.sqlite)
    #[arg(long, global = true, env = "PANIER_DB")]
    pub db: Option<PathBuf>,
    /// Who is making the changes, for the audit log (default: the `operator` setting, else $USER)
    #[arg(long, global = true, env = "PANIER_OPERATOR")]
    pub operator: Option<String>,
    /// Language of messages: fr or en
    #[arg(long, global = true, env = "PANIER_LANG", default_value = "fr")]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the association's file (never overwrites an existing one)
    Init(admin::InitArgs),
    /// Members: add, list, show, edit, delete
    #[command(subcommand)]
    Member(member::MemberCommand),
    /// The association's settings
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    /// Membership fees and storage tiers
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Members' service accounts (Nextcloud logins)
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Storage quota: lists (over, nearly full, lapsed tiers) and bonuses
    #[command(subcommand)]
    Quota(quota::QuotaCommand),
    /// The Nextcloud connector: configure, plan, apply, pull, occ
    #[command(subcommand)]
    Nextcloud(nextcloud::NextcloudCommand),
    /// Mail that goes out: the SMTP server (configure, show, test) and the log of messages
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Fill the file with a reproducible synthetic association (demos, tests, benchmarks)
    Seed(admin::SeedArgs),
    /// Time the screens and exports on a fresh seeded association (a temporary file)
    Bench(bench::BenchArgs),
    /// Check the file: SQLite integrity, foreign keys, ledger rules (non-zero exit on a problem)
    Check(admin::CheckArgs),
    /// Mend a damaged file without loss (indexes rebuilt), else name the backup to restore
    Repair(admin::RepairArgs),
    /// Copy the file consistently, even while the app is open
    Backup(admin::BackupArgs),
    /// Replace the file by a backup (checked first; the replaced file is kept)
    Restore(admin::RestoreArgs),
    /// Encrypt the file with a passphrase ($PANIER_PASSPHRASE, else asked twice)
    Encrypt,
    /// Decrypt the file back to a plain one (its passphrase: $PANIER_PASSPHRASE, else asked)
    Decrypt,
    /// Change the passphrase (current: $PANIER_PASSPHRASE, new: $PANIER_NEW_PASSPHRASE, else asked)
    Rekey,
    /// Everything held about one member, as a ZIP (JSON, CSV, readable summary in HTML and PDF)
    ExportMember(rights::ExportArgs),
    /// Erase a member: profile pseudonymised, contacts, consents and accounts deleted, books kept
    EraseMember(rights::EraseArgs),
    /// Remove the records past their retention (ledger entries 10 years after their year's close)
    Purge(rights::PurgeArgs),
    /// Rewrite the file so no erased value survives in its free pages (erasure does it itself)
    Compact,
    /// The register of members' requests about their data
    Requests(rights::RequestsArgs),
    /// Record, answer or extend a member's request about their data
    #[command(subcommand)]
    Request(rights::RequestCommand),
    /// Today's figures: members by status, renewals due, quota, the year's money
    Dashboard(dashboard::DashboardArgs),
    /// The books of a financial year: income statement and balance
    Books(books::BooksArgs),
    /// Close a financial year: nothing dated in it can change any more; its result carries over
    CloseYear(books::CloseYearArgs),
    /// Allocate a closed year's result, as the general assembly decided: --to report|reserves
    AllocateResult(books::AllocateResultArgs),
    /// Volunteer time (contributions volontaires en nature), shown apart from the result
    #[command(subcommand)]
    Volunteering(volunteering::VolunteeringCommand),
    /// Write files: FEC, members CSV
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Read files, all or nothing: HelloAsso exports, members CSV
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// HelloAsso without files: configure the API client, sync the payments
    #[command(subcommand)]
    Helloasso(helloasso::HelloassoCommand),
    /// Record a plan paid (membership fee or storage tier): renews its period
    Pay(money::PayArgs),
    /// Record a gift (from a member, --from someone, or --anonymous) or a --subsidy
    Donate(money::DonateArgs),
    /// Record an expense; `expense recurring …` for the monthly server rent
    Expense(money::ExpenseArgs),
    /// Cancel an entry by writing its opposite (never deletes); cancels its receipts
    Reverse(money::ReverseArgs),
    /// Memberships due for renewal, in grace, or expired
    Renewals(renewals::RenewalsArgs),
    /// The renewal reminder for a member: text to copy and mailto: link; --mark-sent logs it;
    /// --pending --send mails every pending one through the configured server
    Remind(renewals::RemindArgs),
    /// The editable texts of the reminders
    #[command(subcommand)]
    ReminderTemplate(renewals::TemplateCommand),
    /// Print the receipt of an entry (attestation de cotisation or reçu fiscal) as PDF
    Receipt(receipts::ReceiptArgs),
    /// Print the yearly summary tax receipts of every donor of a year into a folder
    Receipts(receipts::ReceiptsArgs),
    /// The public side: economic-model page, transparency report, ChatonsInfos files
    Report(report::ReportArgs),
    /// The CHATONS charter's registers: authority requests, software, admins' sign-offs
    #[command(subcommand)]
    Charter(charter::CharterCommand),
    /// The team server's users: add, list, role, disable, passwd
    #[command(subcommand)]
    User(user::UserCommand),
    /// The team server (runs `panier-serve`): --listen 127.0.0.1:8080, --tls-cert/--tls-key, --behind-proxy
    Serve {
        /// Passed to `panier-serve` as they are
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

/// Everything a command needs to run.
pub struct Context {
    pub db_path: PathBuf,
    pub operator: Option<String>,
    pub lang: Lang,
}

impl Context {
    /// Opens the file (it must exist), with the operator named on the command line.
    pub fn open(&self) -> panier::Result<Database> {
        let mut db = match Database::open_with(&self.db_path, &self.open_options(None)) {
            Err(panier::Error::Encrypted(_)) if self.passphrase().is_none() => {
                // an encrypted file and no PANIER_PASSPHRASE: ask, when someone is there
                let asked = crypt::ask(self.lang, self.lang.pick("Phrase de passe", "Passphrase"))
                    .ok_or_else(|| panier::Error::Encrypted(self.db_path.clone()))?;
                Database::open_with(&self.db_path, &self.open_options(Some(asked)))?
            }
            other => other?,
        };
        if let Some(e) = db.daily_backup_error() {
            eprintln!(
                "panier: {} {}",
                self.lang.pick(
                    "attention, la sauvegarde du jour a échoué :",
                    "warning, today's backup failed:"
                ),
                e.message(self.lang)
            );
        }
        if let Some(op) = &self.operator {
            db.set_operator(op);
        }
        Ok(db)
    }
}

impl Context {
    /// The passphrase from `PANIER_PASSPHRASE` (never from an argument).
    pub fn passphrase(&self) -> Option<panier::store::db::Passphrase> {
        std::env::var("PANIER_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty())
            .map(panier::store::db::Passphrase::new)
    }

    fn open_options(
        &self,
        asked: Option<panier::store::db::Passphrase>,
    ) -> panier::store::db::OpenOptions {
        panier::store::db::OpenOptions {
            passphrase: asked.or_else(|| self.passphrase()),
            ..panier::store::db::OpenOptions::default()
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    // `panier serve …` forwards its arguments untouched, before anything parses them.
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == "serve") {
        let lang = std::env::var("PANIER_LANG")
            .ok()
            .and_then(|l| l.parse().ok())
            .unwrap_or_default();
        return user::serve(&args.collect::<Vec<_>>(), lang);
    }
    // the help in the language of the messages: French unless --lang en or PANIER_LANG=en
    let all_args: Vec<_> = std::env::args_os().collect();
    let lang = help_fr::lang_of(&all_args[1..]);
    let matches = help_fr::in_language(Cli::command(), lang)
        .try_get_matches_from(all_args)
        .unwrap_or_else(|e| help_fr::exit_on(e, lang));
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    output::set_language(cli.lang);
    let ctx = Context {
        db_path: cli
            .db
            .clone()
            .unwrap_or_else(panier::store::db::default_path),
        operator: cli.operator.clone(),
        lang: cli.lang,
    };
    let result = match cli.command {
        Command::Init(args) => admin::init(&ctx, args),
        Command::Member(cmd) => member::run(&ctx, cmd),
        Command::Settings(cmd) => settings::run(&ctx, cmd),
        Command::Plan(cmd) => plan::run(&ctx, cmd),
        Command::Account(cmd) => account::run(&ctx, cmd),
        Command::Quota(cmd) => quota::run(&ctx, cmd),
        Command::Nextcloud(cmd) => nextcloud::run(&ctx, cmd),
        Command::Mail(cmd) => mail::run(&ctx, cmd),
        Command::Seed(args) => admin::seed(&ctx, args),
        Command::Bench(args) => bench::run(&ctx, args),
        Command::Check(args) => admin::check(&ctx, args),
        Command::Repair(args) => admin::repair(&ctx, args),
        Command::Backup(args) => admin::backup(&ctx, args),
        Command::Restore(args) => admin::restore(&ctx, args),
        Command::Encrypt => crypt::encrypt(&ctx),
        Command::Decrypt => crypt::decrypt(&ctx),
        Command::Rekey => crypt::rekey(&ctx),
        Command::ExportMember(args) => rights::export_member(&ctx, args),
        Command::EraseMember(args) => rights::erase_member(&ctx, args),
        Command::Purge(args) => rights::purge(&ctx, args),
        Command::Compact => rights::compact(&ctx),
        Command::Requests(args) => rights::list(&ctx, args),
        Command::Request(cmd) => rights::run(&ctx, cmd),
        Command::Dashboard(args) => dashboard::run(&ctx, args),
        Command::Books(args) => books::books(&ctx, args),
        Command::CloseYear(args) => books::close_year(&ctx, args),
        Command::AllocateResult(args) => books::allocate_result(&ctx, args),
        Command::Volunteering(cmd) => volunteering::run(&ctx, cmd),
        Command::Export(cmd) => export::run(&ctx, cmd),
        Command::Import(cmd) => import::run(&ctx, cmd),
        Command::Helloasso(cmd) => helloasso::run(&ctx, cmd),
        Command::Pay(args) => money::pay(&ctx, args),
        Command::Donate(args) => money::donate(&ctx, args),
        Command::Expense(args) => money::expense(&ctx, args),
        Command::Reverse(args) => money::reverse(&ctx, args),
        Command::Renewals(args) => renewals::renewals(&ctx, args),
        Command::Remind(args) => renewals::remind(&ctx, args),
        Command::ReminderTemplate(cmd) => renewals::template(&ctx, cmd),
        Command::Receipt(args) => receipts::receipt(&ctx, args),
        Command::Receipts(args) => receipts::receipts_cmd(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Charter(cmd) => charter::run(&ctx, cmd),
        Command::User(cmd) => user::run(&ctx, cmd),
        // reached only as `panier --db F serve …`: the global options go along
        Command::Serve { mut args } => {
            args.splice(0..0, ["--db".into(), ctx.db_path.clone().into_os_string()]);
            return user::serve(&args, ctx.lang);
        }
    };
    match result {
        Ok(()) => 0,
        Err(err) => {
            let message = match err.downcast_ref::<panier::Error>() {
                Some(e) => e.message(ctx.lang),
                None => format!("{err:#}"),
            };
            eprintln!("panier: {message}");
            if let Some(panier::Error::NotFound { what_fr, .. }) = err.downcast_ref() {
                if let Some(hint) = words::hint_for_missing(what_fr, ctx.lang) {
                    eprintln!("panier: → {hint}");
                }
            }
            1
        }
    }
}

/// Today, in the machine's time zone.
/// The member a command names (id or email), when it names one.
pub fn member_named(
    db: &panier::Database,
    named: Option<&str>,
) -> panier::Result<Option<panier::people::members::Member>> {
    named
        .map(|m| panier::people::members::find(db.conn(), m))
        .transpose()
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The date given to a `--date`-like flag, else today.
pub use panier::kernel::dates::date_or_today;
