//! `panier member …`

use super::output::{self, Format};
use super::{operation, today, Context};
use clap::{Args, Subcommand, ValueEnum};
use panier::kernel::dates::{day_short, last_day_before};
use panier::kernel::field::Field;
use panier::ops::members::{self as ops, MemberFields, MemberRef, MemberUpdate};
use panier::people::members::{
    self, MemberInput, MemberKind, MemberQuery, MembershipStatus, SortBy,
};
use panier::Lang;

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Add a member; prints the new id
    Add(AddArgs),
    /// List members (search ignores case and accents: "helene" finds "Hélène")
    List(ListArgs),
    /// Everything about one member
    Show(ShowArgs),
    /// Change some of a member's fields
    Edit(EditArgs),
    /// Delete a member entered by mistake (refused when they have ledger entries)
    Delete(DeleteArgs),
}

#[derive(Args, Default)]
pub struct Fields {
    /// First name
    #[arg(long)]
    first_name: Option<String>,
    /// Last name
    #[arg(long)]
    last_name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// Street and number
    #[arg(long)]
    street: Option<String>,
    #[arg(long)]
    postal_code: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// Preferred language (fr or en)
    #[arg(long)]
    member_lang: Option<Lang>,
    /// Day they joined (YYYY-MM-DD or DD/MM/YYYY; default today)
    #[arg(long)]
    joined: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl Fields {
    fn apply(self, input: &mut MemberInput) -> panier::Result<()> {
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut input.first_name, self.first_name);
        set(&mut input.last_name, self.last_name);
        set(&mut input.email, self.email);
        set(&mut input.street, self.street);
        set(&mut input.postal_code, self.postal_code);
        set(&mut input.city, self.city);
        set(&mut input.country, self.country);
        set(&mut input.phone, self.phone);
        set(&mut input.notes, self.notes);
        if let Some(l) = self.member_lang {
            input.lang = l;
        }
        if let Some(j) = self.joined {
            input.joined_on = Some(panier::kernel::dates::parse_date("--joined", &j)?);
        }
        Ok(())
    }

    /// The flags given, over the member form's fields (the core parses the join date).
    fn apply_to_form(self, form: &mut MemberFields) {
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut form.first_name, self.first_name);
        set(&mut form.last_name, self.last_name);
        set(&mut form.email, self.email);
        set(&mut form.street, self.street);
        set(&mut form.postal_code, self.postal_code);
        set(&mut form.city, self.city);
        set(&mut form.country, self.country);
        set(&mut form.phone, self.phone);
        set(&mut form.notes, self.notes);
        set(&mut form.joined_on, self.joined);
        if let Some(l) = self.member_lang {
            form.lang = l.code().to_string();
        }
    }
}

#[derive(Args)]
pub struct AddArgs {
    /// Full name ("Hélène Lefèvre": the last word is the last name), or the organisation's name with --org
    #[arg(long)]
    name: Option<String>,
    /// The member is an organisation (an association, a company…)
    #[arg(long)]
    org: bool,
    #[command(flatten)]
    fields: Fields,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Name,
    Email,
    Joined,
    PaidUntil,
}

#[derive(Args)]
pub struct ListArgs {
    /// Words to find in names and emails
    #[arg(long)]
    search: Option<String>,
    /// active, grace, expired or none
    #[arg(long)]
    status: Option<String>,
    /// Only members with a running subscription to this plan (name or id)
    #[arg(long)]
    plan: Option<String>,
    #[arg(long, value_enum, default_value = "name")]
    sort: Sort,
    /// Reverse the order
    #[arg(long)]
    desc: bool,
    #[arg(long)]
    limit: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The member's id or email
    member: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct EditArgs {
    /// The member's id or email
    member: String,
    #[command(flatten)]
    fields: Fields,
    /// New organisation name (for an organisation)
    #[arg(long)]
    org_name: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct DeleteArgs {
    /// The member's id or email
    member: String,
}

pub fn run(ctx: &Context, cmd: MemberCommand) -> anyhow::Result<()> {
    match cmd {
        MemberCommand::Add(args) => add(ctx, args),
        MemberCommand::List(args) => list(ctx, args),
        MemberCommand::Show(args) => show(ctx, args),
        MemberCommand::Edit(args) => edit(ctx, args),
        MemberCommand::Delete(args) => {
            let mut db = ctx.open()?;
            let member = members::find(db.conn(), &args.member)?;
            let request = MemberRef { id: member.id.0 };
            let name = operation::perform::<ops::Delete>(&mut db, request, &[])?;
            eprintln!(
                "{} {name}",
                ctx.lang.pick("Membre supprimé :", "Member deleted:"),
            );
            Ok(())
        }
    }
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<()> {
    let mut input = MemberInput::from_name(args.name.as_deref().unwrap_or(""), "", args.org);
    args.fields.apply(&mut input)?;
    let mut db = ctx.open()?;
    let id = members::add(&mut db, &input)?;
    output::created(args.format, id.0, ctx.lang.pick("Membre", "Member"))
}

fn edit(ctx: &Context, args: EditArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let member = members::find(db.conn(), &args.member)?;
    // the fields as read now, with their revision: an edit saved by someone else between
    // this read and the write is refused, not overwritten
    let mut fields = MemberFields::of(&member);
    if let Some(o) = args.org_name {
        fields.org_name = o;
    }
    args.fields.apply_to_form(&mut fields);
    let request = MemberUpdate {
        id: member.id.0,
        fields,
    };
    operation::perform::<ops::Update>(&mut db, request, &[(Field::JoinedOn, "--joined")])?;
    let updated = members::get(db.conn(), member.id)?;
    match args.format {
        Format::Json => output::json(&updated),
        _ => {
            println!("{}", updated.id);
            Ok(())
        }
    }
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let db = ctx.open()?;
    let status = args
        .status
        .as_deref()
        .map(MembershipStatus::parse)
        .transpose()?;
    let plan = args
        .plan
        .as_deref()
        .map(|p| panier::membership::plans::find(db.conn(), p).map(|p| p.id))
        .transpose()?;
    let query = MemberQuery {
        search: args.search,
        status,
        plan,
        sort: match args.sort {
            Sort::Name => SortBy::Name,
            Sort::Email => SortBy::Email,
            Sort::Joined => SortBy::Joined,
            Sort::PaidUntil => SortBy::PaidUntil,
        },
        descending: args.desc,
        limit: args.limit,
        offset: 0,
    };
    let rows = members::list(db.conn(), &query, today())?;
    if args.format == Format::Json {
        return output::json(&rows);
    }
    let lang = ctx.lang;
    let header = [
        "id",
        lang.pick("nom", "name"),
        "email",
        lang.pick("ville", "city"),
        lang.pick("statut", "status"),
        lang.pick("payé jusqu'au", "paid until"),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.name.clone(),
                r.email.clone(),
                r.city.clone(),
                super::words::status_words(r.status, lang).to_string(),
                // the last day paid, inclusive (ISO in CSV, for spreadsheets to sort; JSON keeps
                // the exclusive end)
                r.paid_until
                    .map(last_day_before)
                    .map(|d| match args.format {
                        Format::Csv => d.to_string(),
                        _ => day_short(d, lang),
                    })
                    .unwrap_or_default(),
            ]
        })
        .collect();
    output::listing(
        ctx.lang,
        args.format,
        &header,
        &cells,
        (("membre", "membres"), ("member", "members")),
    );
    Ok(())
}

/// Everything the member page shows, in one serialisable value.
#[derive(serde::Serialize)]
struct MemberPage {
    member: members::Member,
    status: MembershipStatus,
    subscriptions: Vec<panier::membership::subscriptions::Subscription>,
    accounts: Vec<panier::hosting::accounts::ServiceAccount>,
    ledger: Vec<panier::books::ledger::Entry>,
}

fn show(ctx: &Context, args: ShowArgs) -> anyhow::Result<()> {
    let db = ctx.open()?;
    let conn = db.conn();
    let member = members::find(conn, &args.member)?;
    let day = today();
    let page = MemberPage {
        status: members::status(conn, member.id, day)?,
        subscriptions: panier::membership::subscriptions::for_member(conn, member.id, day)?,
        accounts: panier::hosting::accounts::for_member(conn, member.id)?,
        ledger: panier::books::ledger::for_member(conn, member.id)?,
        member,
    };
    if args.format == Format::Json {
        return output::json(&page);
    }
    let m = &page.member;
    let lang = ctx.lang;
    println!("{} (n° {})", m.display_name(), m.id);
    if m.kind == MemberKind::Organisation {
        println!("  {}", lang.pick("Organisation", "Organisation"));
    }
    println!("  {}: {}", lang.pick("Courriel", "Email"), m.email);
    let address = [
        m.street.as_str(),
        &format!("{} {}", m.postal_code, m.city),
        m.country.as_str(),
    ]
    .iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    if !address.is_empty() {
        println!("  {}: {address}", lang.pick("Adresse", "Address"));
    }
    if !m.phone.is_empty() {
        println!("  {}: {}", lang.pick("Téléphone", "Phone"), m.phone);
    }
    println!(
        "  {}: {}",
        lang.pick("Membre depuis le", "Member since"),
        m.joined_on
    );
    println!(
        "  {}: {}",
        lang.pick("Statut", "Status"),
        page.status.as_str()
    );
    if !page.subscriptions.is_empty() {
        println!("{}", lang.pick("Abonnements :", "Subscriptions:"));
        for s in &page.subscriptions {
            println!(
                "  {} [{} → {}[ {:?}",
                s.plan_name, s.starts_on, s.ends_before, s.status
            );
        }
    }
    if !page.accounts.is_empty() {
        println!("{}", lang.pick("Comptes :", "Accounts:"));
        for a in &page.accounts {
            println!(
                "  {} {} : {} / {}",
                a.service,
                a.login,
                a.used_bytes
                    .map(panier::kernel::size::display_size)
                    .unwrap_or_else(|| "?".into()),
                panier::kernel::size::display_size(a.quota_bytes)
            );
        }
    }
    if !page.ledger.is_empty() {
        println!("{}", lang.pick("Écritures :", "Ledger entries:"));
        for e in &page.ledger {
            println!(
                "  n° {} {} {:?} {} {}",
                e.id,
                e.date,
                e.kind,
                panier::kernel::money::display(e.amount_cents, lang),
                e.label
            );
        }
    }
    Ok(())
}
