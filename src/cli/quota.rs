//! `panier quota …`: who has what, who is over, and bonuses.

use super::output::{self, Format};
use super::{operation, today, Context};
use clap::{Args, Subcommand};
use panier::hosting::quota::{self, AccountQuota, DowngradeReason, QuotaFilter};
use panier::kernel::field::Field;
use panier::kernel::size::display_size;
use panier::ops::accounts::{self as ops, GrantEnding, GrantForm};
use panier::Lang;

#[derive(Subcommand)]
pub enum QuotaCommand {
    /// List accounts with their quota, tiers, bonuses and usage
    List(ListArgs),
    /// Give an account a quota bonus (on top of its tiers); prints the bonus's id
    Grant(GrantArgs),
    /// An account's bonuses (ended ones too)
    Grants(GrantsArgs),
    /// End a bonus early (from today on it no longer counts)
    EndGrant(EndGrantArgs),
}

#[derive(Args)]
pub struct GrantsArgs {
    login: String,
    #[arg(long, default_value = "nextcloud")]
    service: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct EndGrantArgs {
    /// The bonus's id (see `panier quota grants LOGIN`)
    id: i64,
    #[arg(long)]
    reason: String,
}

#[derive(Args)]
pub struct ListArgs {
    /// Only accounts using more than their quota
    #[arg(long, group = "which")]
    over: bool,
    /// Only accounts at least 90 % full (not over)
    #[arg(long, group = "which")]
    near: bool,
    /// Only accounts whose paid tier has lapsed (downgrade proposals)
    #[arg(long, group = "which")]
    lapsed: bool,
    /// Only accounts of members whose membership has expired
    #[arg(long, group = "which")]
    expired: bool,
    /// Every proposed downgrade (target below the quota in force)
    #[arg(long, group = "which")]
    downgrades: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct GrantArgs {
    login: String,
    /// 5 GB, 500MB, 1.5 GiB or a byte count (1 GB = 1024³ bytes, as Nextcloud counts)
    size: String,
    /// Why (kept with the bonus and in the audit log)
    #[arg(long)]
    reason: String,
    /// Last day the bonus counts (YYYY-MM-DD or DD/MM/YYYY); none: no end
    #[arg(long)]
    until: Option<String>,
    #[arg(long, default_value = "nextcloud")]
    service: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, cmd: QuotaCommand) -> anyhow::Result<()> {
    match cmd {
        QuotaCommand::List(args) => list(ctx, args),
        QuotaCommand::Grant(args) => grant(ctx, args),
        QuotaCommand::Grants(args) => {
            let db = ctx.open()?;
            let account =
                panier::hosting::accounts::find_by_login(db.conn(), &args.service, &args.login)?;
            let grants = quota::grants_for(db.conn(), account.id)?;
            if args.format == Format::Json {
                return output::json(&grants);
            }
            let day = today();
            let header = [
                "id", "taille", "jusqu'au", "raison", "par", "le", "en cours",
            ];
            let rows: Vec<Vec<String>> = grants
                .iter()
                .map(|g| {
                    vec![
                        g.id.to_string(),
                        display_size(g.bytes),
                        g.until.map(|d| d.to_string()).unwrap_or_default(),
                        g.reason.clone(),
                        g.granted_by.clone(),
                        g.granted_at.clone(),
                        if g.counts_on(day) { "oui" } else { "non" }.to_string(),
                    ]
                })
                .collect();
            match args.format {
                Format::Csv => output::csv(&header, &rows),
                _ => output::table(&header, &rows),
            }
            Ok(())
        }
        QuotaCommand::EndGrant(args) => {
            let mut db = ctx.open()?;
            let request = GrantEnding {
                id: args.id,
                reason: args.reason,
            };
            operation::perform::<ops::EndGrant>(&mut db, request, &[])?;
            Ok(())
        }
    }
}

pub fn reason_text(reason: &DowngradeReason, lang: Lang) -> String {
    match (reason, lang) {
        (DowngradeReason::TierLapsed { plan, ended_on }, Lang::Fr) => {
            format!("palier « {plan} » terminé le {ended_on}")
        }
        (DowngradeReason::TierLapsed { plan, ended_on }, Lang::En) => {
            format!("tier “{plan}” ended on {ended_on}")
        }
        (DowngradeReason::TierEnded { plan, ended_on }, Lang::Fr) => {
            format!("palier « {plan} » terminé le {ended_on}")
        }
        (DowngradeReason::TierEnded { plan, ended_on }, Lang::En) => {
            format!("tier “{plan}” ended on {ended_on}")
        }
        (DowngradeReason::MemberExpired, Lang::Fr) => "adhésion expirée".into(),
        (DowngradeReason::MemberExpired, Lang::En) => "membership expired".into(),
        (DowngradeReason::BonusEnded, Lang::Fr) => "bonus terminé".into(),
        (DowngradeReason::BonusEnded, Lang::En) => "bonus ended".into(),
        (DowngradeReason::Other, Lang::Fr) => "paliers et bonus inférieurs".into(),
        (DowngradeReason::Other, Lang::En) => "tiers and bonuses give less".into(),
    }
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let filter = if args.over {
        QuotaFilter::Over
    } else if args.near {
        QuotaFilter::Near
    } else if args.lapsed {
        QuotaFilter::Lapsed
    } else if args.expired {
        QuotaFilter::Expired
    } else if args.downgrades {
        QuotaFilter::Downgrades
    } else {
        QuotaFilter::All
    };
    let db = ctx.open()?;
    let rows: Vec<AccountQuota> = quota::list(db.conn(), filter, today())?;
    if args.format == Format::Json {
        return output::json(&rows);
    }
    let lang = ctx.lang;
    let sync: std::collections::HashMap<_, _> = panier::hosting::nextcloud::sync_states(db.conn())?
        .into_iter()
        .map(|s| (s.account_id, s))
        .collect();
    let header = [
        "identifiant",
        "membre",
        "adhésion",
        "quota",
        "utilisé",
        "%",
        "palier",
        "bonus",
        "cible",
        "à voir",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|q| {
            let mut notes = Vec::new();
            if q.over {
                notes.push(lang.pick("DÉPASSÉ", "OVER").to_string());
            } else if q.near {
                notes.push(lang.pick("presque plein", "nearly full").to_string());
            }
            if let Some(d) = &q.downgrade {
                notes.push(format!(
                    "{} {} ({})",
                    lang.pick("baisse proposée →", "downgrade proposed →"),
                    display_size(q.target_bytes),
                    reason_text(d, lang)
                ));
            }
            if !q.enabled {
                notes.push(lang.pick("désactivé", "disabled").to_string());
            }
            match sync.get(&q.account_id).map(|s| s.status) {
                Some(panier::hosting::nextcloud::SyncStatus::NotInSync) => {
                    notes.push(lang.pick("non synchronisé", "not in sync").to_string())
                }
                Some(panier::hosting::nextcloud::SyncStatus::ToCreate) => {
                    notes.push(lang.pick("à créer", "to create").to_string())
                }
                _ => {}
            }
            // words and the language's units for people; codes and plain numbers in CSV
            let table = args.format != Format::Csv;
            let size = |bytes: i64| {
                if table {
                    panier::kernel::size::size_in(bytes, lang)
                } else {
                    display_size(bytes)
                }
            };
            vec![
                q.login.clone(),
                q.member_name.clone(),
                if table {
                    super::words::status_words(q.membership, lang).to_string()
                } else {
                    q.membership.as_str().to_string()
                },
                size(q.quota_bytes),
                q.used_bytes.map(size).unwrap_or_default(),
                q.used_percent
                    .map(|p| match (table, lang) {
                        (true, panier::Lang::Fr) => format!("{p}\u{a0}%"),
                        (true, panier::Lang::En) => format!("{p}%"),
                        (false, _) => p.to_string(),
                    })
                    .unwrap_or_default(),
                q.tier.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                if q.bonus_bytes > 0 {
                    size(q.bonus_bytes)
                } else {
                    String::new()
                },
                size(q.target_bytes),
                notes.join(" ; "),
            ]
        })
        .collect();
    output::listing(
        lang,
        args.format,
        &header,
        &cells,
        (("compte", "comptes"), ("account", "accounts")),
    );
    Ok(())
}

fn grant(ctx: &Context, args: GrantArgs) -> anyhow::Result<()> {
    let form = GrantForm {
        service: args.service,
        login: args.login,
        size: args.size,
        reason: args.reason,
        until: args.until.unwrap_or_default(),
    };
    let flags = [(Field::Size, "SIZE"), (Field::Until, "--until")];
    let mut db = ctx.open()?;
    let granted = operation::perform::<ops::GrantBonus>(&mut db, form, &flags)?;
    output::created(args.format, granted.id, ctx.lang.pick("Bonus", "Bonus"))
}
