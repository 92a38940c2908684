//! `panier nextcloud …`: the connector to the association's Nextcloud.

use super::output::{self, Format};
use super::quota::reason_text;
use super::{today, Context};
use clap::{Args, Subcommand};
use panier::hosting::nextcloud::{
    self, AppPassword, ClientOptions, OcsVersion, PlanOptions, ServerInput, SyncPlan,
};
use panier::kernel::size::display_size;
use std::io::Read;

#[derive(Subcommand)]
pub enum NextcloudCommand {
    /// Record the server: URL, admin login, and the app password read from standard input
    Configure(ConfigureArgs),
    /// Show the server's settings (never the password)
    Show(FormatArgs),
    /// Check that the server answers and accepts the admin's login and app password
    Test(FormatArgs),
    /// Dry run: every change `apply` would make, and the downgrades only proposed
    Plan(PlanArgs),
    /// Make the plan's calls and record each account's result
    Apply(PlanArgs),
    /// Read every account's usage from the server
    Pull(FormatArgs),
    /// The plan as `occ` commands to paste on the server
    Occ(PlanArgs),
    /// Each account's sync state (in sync, not in sync and why, to create)
    Status(FormatArgs),
}

#[derive(Args)]
pub struct ConfigureArgs {
    /// The server's address, e.g. https://cloud.example.org
    #[arg(long)]
    url: String,
    /// The admin's login
    #[arg(long)]
    user: String,
    /// Read the app password from standard input (never from the command line)
    #[arg(long)]
    password_stdin: bool,
    /// OCS API version: 1 (status in the body) or 2 (HTTP status codes)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i64).range(1..=2))]
    ocs_version: i64,
}

#[derive(Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct PlanArgs {
    /// Accept the proposed downgrade of this login (repeatable)
    #[arg(long = "downgrade", value_name = "LOGIN")]
    downgrades: Vec<String>,
    /// Accept every proposed downgrade
    #[arg(long)]
    all_downgrades: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl PlanArgs {
    fn options(&self) -> PlanOptions {
        PlanOptions {
            accept_downgrades: self.downgrades.clone(),
            accept_all_downgrades: self.all_downgrades,
        }
    }
}

pub fn run(ctx: &Context, cmd: NextcloudCommand) -> anyhow::Result<()> {
    match cmd {
        NextcloudCommand::Configure(args) => configure(ctx, args),
        NextcloudCommand::Show(args) => {
            let db = ctx.open()?;
            let settings = nextcloud::server(&db)?;
            if let Some(s) = output::server_settings(ctx.lang, args.format, settings)? {
                println!("url: {}", s.url);
                println!("{}: {}", ctx.lang.pick("utilisateur", "user"), s.admin_user);
                println!("ocs: v{}", s.ocs_version.number());
                println!(
                        "{}: {}",
                        ctx.lang.pick("mot de passe", "password"),
                        match (&s.password_changed_at, s.has_password) {
                            (Some(at), true) => format!(
                                "{} {at}",
                                ctx.lang.pick(
                                    "gardé hors du fichier, changé le",
                                    "kept out of the file, changed on"
                                )
                            ),
                            (_, true) => ctx
                                .lang
                                .pick("gardé hors du fichier", "kept out of the file")
                                .to_string(),
                            (Some(_), false) => ctx
                                .lang
                                .pick(
                                    "nécessaire (cette machine ne le connaît pas) : panier nextcloud configure --url … --user … --password-stdin",
                                    "needed (this machine does not know it): panier nextcloud configure --url … --user … --password-stdin",
                                )
                                .to_string(),
                            (None, false) => ctx.lang.pick("aucun", "none").to_string(),
                        }
                    );
            }
            Ok(())
        }
        NextcloudCommand::Plan(args) => {
            let db = ctx.open()?;
            let plan = nextcloud::plan(db.conn(), today(), &args.options())?;
            if args.format == Format::Json {
                return output::json(&plan);
            }
            print_plan(ctx, &plan);
            Ok(())
        }
        NextcloudCommand::Test(args) => {
            let db = ctx.open()?;
            let check = nextcloud::check_connection(&db, &client_options())?;
            if args.format == Format::Json {
                output::json(&check)?;
            } else if check.ok {
                println!(
                    "{}",
                    ctx.lang.pick(
                        "Le serveur répond et accepte l'identifiant et le mot de passe.",
                        "The server answers and accepts the login and password."
                    )
                );
            }
            match check.error {
                None => Ok(()),
                Some(e) => Err(panier::Error::refused(
                    e.message(panier::Lang::Fr),
                    e.message(panier::Lang::En),
                )
                .into()),
            }
        }
        NextcloudCommand::Apply(args) => apply(ctx, args),
        NextcloudCommand::Pull(args) => pull(ctx, args),
        NextcloudCommand::Occ(args) => {
            let db = ctx.open()?;
            let plan = nextcloud::plan(db.conn(), today(), &args.options())?;
            let lines = nextcloud::occ_lines(&plan);
            if !lines.is_empty() {
                println!(
                    "# {}",
                    ctx.lang.pick(
                        "à lancer sur le serveur en tant qu'utilisateur du serveur web, par ex. sudo -u www-data php occ …",
                        "run on the server as the web server's user, e.g. sudo -u www-data php occ …"
                    )
                );
            }
            if lines.iter().any(|l| l.starts_with("occ user:add")) {
                println!(
                    "# {}",
                    ctx.lang.pick(
                        "user:add --password-from-env lit un mot de passe provisoire dans la variable OC_PASS",
                        "user:add --password-from-env reads a temporary password from the OC_PASS variable"
                    )
                );
            }
            for line in lines {
                println!("{line}");
            }
            for p in &plan.proposals {
                println!(
                    "# {}: {} {} → {} ({})",
                    p.login,
                    ctx.lang.pick("baisse proposée", "proposed downgrade"),
                    display_size(p.from_bytes),
                    display_size(p.to_bytes),
                    reason_text(&p.reason, ctx.lang)
                );
            }
            Ok(())
        }
        NextcloudCommand::Status(args) => {
            let db = ctx.open()?;
            let states = nextcloud::sync_states(db.conn())?;
            if args.format == Format::Json {
                return output::json(&states);
            }
            let header = ["identifiant", "état", "dernière erreur", "dernier succès"];
            let rows: Vec<Vec<String>> = states
                .iter()
                .map(|s| {
                    vec![
                        s.login.clone(),
                        serde_json::to_value(s.status)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        s.last_error.clone().unwrap_or_default(),
                        s.last_ok_at.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            match args.format {
                Format::Csv => output::csv(&header, &rows),
                _ => output::table(&header, &rows),
            }
            Ok(())
        }
    }
}

fn configure(ctx: &Context, args: ConfigureArgs) -> anyhow::Result<()> {
    if !args.password_stdin {
        return Err(panier::Error::invalid(
            "--password-stdin",
            "",
            "le mot de passe d'application se lit sur l'entrée standard : --password-stdin",
            "the app password is read from standard input: --password-stdin",
        )
        .into());
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let first = text.lines().next().unwrap_or("");
    let password = AppPassword::new(first)?;
    let input = ServerInput {
        url: args.url,
        admin_user: args.user,
        ocs_version: OcsVersion::from_number(args.ocs_version),
    };
    let mut db = ctx.open()?;
    let settings = nextcloud::configure(&mut db, &input, Some(&password))?;
    eprintln!(
        "{} {} ({} {}) ; {}",
        ctx.lang.pick("Serveur enregistré :", "Server recorded:"),
        settings.url,
        ctx.lang.pick("utilisateur", "user"),
        settings.admin_user,
        ctx.lang.pick(
            "mot de passe gardé hors du fichier",
            "password kept out of the file"
        )
    );
    Ok(())
}

fn print_plan(ctx: &Context, plan: &SyncPlan) {
    let lang = ctx.lang;
    if plan.items.is_empty() {
        println!("{}", lang.pick("Rien à changer.", "Nothing to change."));
    }
    for item in &plan.items {
        let actions: Vec<String> = item.actions.iter().map(|a| a.describe(lang)).collect();
        let mut line = format!("{}  {}", item.login, actions.join(", "));
        if let Some(tier) = &item.why.tier {
            line.push_str(&format!("  [{tier}"));
            if item.why.bonus_bytes > 0 {
                line.push_str(&format!(" + bonus {}", display_size(item.why.bonus_bytes)));
            }
            line.push(']');
        }
        if let Some(d) = &item.why.downgrade {
            line.push_str(&format!(
                "  ({} : {})",
                lang.pick("baisse acceptée", "downgrade accepted"),
                reason_text(d, lang)
            ));
        }
        if let Some(remote) = &item.remote_quota {
            let from = item.actions.iter().find_map(|a| match a {
                nextcloud::Action::SetQuota { from_bytes, .. } => Some(*from_bytes),
                _ => None,
            });
            // worth saying only when the server differs from what Panier last set
            if from.is_some_and(|from| remote.trim() != from.to_string()) {
                line.push_str(&format!(
                    "  ({} : {})",
                    lang.pick("le serveur dit", "the server says"),
                    remote
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|b| *b >= 0)
                        .map(display_size)
                        .unwrap_or_else(|| remote.clone())
                ));
            }
        }
        if let Some(e) = &item.last_error {
            line.push_str(&format!(
                "  ({} : {e})",
                lang.pick("nouvel essai, dernière erreur", "retry, last error")
            ));
        }
        println!("{line}");
    }
    if !plan.proposals.is_empty() {
        println!();
        println!(
            "{}",
            lang.pick(
                "Baisses proposées (non appliquées ; acceptez-les avec --downgrade LOGIN ou --all-downgrades) :",
                "Proposed downgrades (not applied; accept them with --downgrade LOGIN or --all-downgrades):"
            )
        );
        for p in &plan.proposals {
            println!(
                "{}  {} → {}{}  ({})",
                p.login,
                display_size(p.from_bytes),
                display_size(p.to_bytes),
                p.used_bytes
                    .map(|u| format!(", {} {}", display_size(u), lang.pick("utilisés", "used")))
                    .unwrap_or_default(),
                reason_text(&p.reason, lang)
            );
        }
    }
    eprintln!(
        "{}, {}, {}",
        lang.count(
            plan.items.len() as i64,
            ("compte à changer", "comptes à changer"),
            ("account to change", "accounts to change")
        ),
        lang.count(
            plan.proposals.len() as i64,
            ("baisse proposée", "baisses proposées"),
            ("proposed downgrade", "proposed downgrades")
        ),
        lang.count(
            plan.unchanged as i64,
            ("inchangé", "inchangés"),
            ("unchanged", "unchanged")
        )
    );
}

fn client_options() -> ClientOptions {
    let mut options = ClientOptions::default();
    if let Some(ms) = std::env::var("PANIER_NEXTCLOUD_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.timeout_ms = ms;
    }
    options
}

/// The server's limit on user edits, when it is not Nextcloud's default (50 per 10 minutes):
/// `PANIER_NEXTCLOUD_EDITS_PER_10_MIN` (0: the server has no limit).
fn paced(client: nextcloud::Client) -> nextcloud::Client {
    match std::env::var("PANIER_NEXTCLOUD_EDITS_PER_10_MIN")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        Some(0) => client.with_edit_limit(None),
        Some(n) => client.with_edit_limit(Some((n, std::time::Duration::from_secs(600)))),
        None => client,
    }
}

fn apply(ctx: &Context, args: PlanArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let plan = nextcloud::plan(db.conn(), today(), &args.options())?;
    let client = paced(nextcloud::client(&db, &client_options())?);
    let report = nextcloud::apply(&mut db, &client, &plan)?;
    let lang = ctx.lang;
    if args.format == Format::Json {
        output::json(&report)?;
    } else {
        for r in report.results.iter().filter(|r| !r.waiting) {
            let done: Vec<String> = r.done.iter().map(|a| a.describe(lang)).collect();
            match (&r.error, &r.message) {
                (None, None) => println!("ok      {}  {}", r.login, done.join(", ")),
                (error, message) => println!(
                    "{}  {}  {}{} ; {}",
                    lang.pick("ÉCHEC ", "FAILED"),
                    r.login,
                    r.failed
                        .as_ref()
                        .map(|a| format!("{} : ", a.describe(lang)))
                        .unwrap_or_default(),
                    error
                        .as_ref()
                        .map(|e| e.message(lang))
                        .or_else(|| message.clone())
                        .unwrap_or_default(),
                    lang.pick("non synchronisé", "not in sync")
                ),
            }
        }
    }
    print_logins(
        &report.skipped,
        lang.pick("—     ", "—     "),
        lang.pick(
            "non tenté (accès refusé par le serveur)",
            "not tried (access refused by the server)",
        ),
    );
    if args.format != Format::Json {
        print_logins(
            &report.waiting,
            lang.pick("ATTENTE", "WAITING"),
            lang.pick(
                "pas encore fait (le serveur limite le rythme) : la prochaine application le reprendra",
                "not done yet (the server limits the pace): the next apply resumes it",
            ),
        );
    }
    eprintln!(
        "{}, {}, {}, {}",
        lang.count(
            report.succeeded as i64,
            ("réussi", "réussis"),
            ("succeeded", "succeeded")
        ),
        lang.count(
            report.failed as i64,
            ("échoué", "échoués"),
            ("failed", "failed")
        ),
        lang.count(
            report.not_tried as i64,
            ("non tenté", "non tentés"),
            ("not tried", "not tried")
        ),
        lang.count(
            report.waiting.len() as i64,
            ("en attente", "en attente"),
            ("waiting", "waiting")
        )
    );
    if let Some(message) = report.waiting_message(lang) {
        eprintln!("{message}");
    }
    if report.failed + report.not_tried > 0 {
        // the error carries both languages: the count is said in each
        let unsynced = |l: panier::Lang| {
            l.count(
                (report.failed + report.not_tried) as i64,
                ("compte non synchronisé", "comptes non synchronisés"),
                ("account not in sync", "accounts not in sync"),
            )
        };
        return Err(panier::Error::refused(
            format!(
                "{} : le quota enregistré dans Panier n'a pas changé pour eux",
                unsynced(panier::Lang::Fr)
            ),
            format!(
                "{}: their quota in Panier is unchanged",
                unsynced(panier::Lang::En)
            ),
        )
        .into());
    }
    Ok(())
}

fn pull(ctx: &Context, args: FormatArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let client = paced(nextcloud::client(&db, &client_options())?);
    let report = nextcloud::pull(&mut db, &client)?;
    let lang = ctx.lang;
    if args.format == Format::Json {
        output::json(&report)?;
    } else {
        for r in &report.results {
            match (&r.used_bytes, &r.error) {
                (Some(u), None) => println!(
                    "{}  {} {}  (quota {})",
                    r.login,
                    display_size(*u),
                    lang.pick("utilisés", "used"),
                    r.remote_quota
                        .as_deref()
                        .map(|q| match q.trim().parse::<i64>() {
                            Ok(b) if b >= 0 => display_size(b),
                            _ => q.to_string(),
                        })
                        .unwrap_or_default()
                ),
                (_, Some(e)) => println!(
                    "{}  {}: {}",
                    r.login,
                    lang.pick("ÉCHEC", "FAILED"),
                    e.message(lang)
                ),
                _ => {}
            }
        }
    }
    eprintln!(
        "{}, {}",
        lang.count(report.read as i64, ("lu", "lus"), ("read", "read")),
        lang.count(
            report.failed as i64,
            ("échoué", "échoués"),
            ("failed", "failed")
        )
    );
    if report.failed > 0 {
        return Err(panier::Error::refused(
            panier::Lang::Fr.count(
                report.failed as i64,
                ("compte non lu", "comptes non lus"),
                ("", ""),
            ),
            panier::Lang::En.count(
                report.failed as i64,
                ("", ""),
                ("account not read", "accounts not read"),
            ),
        )
        .into());
    }
    Ok(())
}

/// One line a login the apply did not finish: its state, the login, why.
fn print_logins(logins: &[String], state: &str, why: &str) {
    for login in logins {
        println!("{state}  {login}  {why}");
    }
}
