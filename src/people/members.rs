//! Members: people or organisations who belong to the association or use its services.

use crate::kernel::dates::{check_not_far_ahead, now_text};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::{Field, FieldName};
use crate::kernel::ids::{MemberId, PlanId};
use crate::kernel::search::{fold, like_escape, sort_key};
use crate::kernel::text::{check_email, check_text, TextKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    #[default]
    Person,
    Organisation,
}

impl MemberKind {
    fn as_str(self) -> &'static str {
        match self {
            MemberKind::Person => "person",
            MemberKind::Organisation => "organisation",
        }
    }
}

/// A member as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Member {
    pub id: MemberId,
    pub kind: MemberKind,
    pub first_name: String,
    pub last_name: String,
    pub org_name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    pub lang: crate::Lang,
    pub joined_on: NaiveDate,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
    /// how many times the profile changed (migration 0015): an editor sends back the one they
    /// read, and [`update_from`] refuses a stale one
    pub revision: i64,
}

impl Member {
    /// "Hélène Lefèvre", or the organisation's name.
    pub fn display_name(&self) -> String {
        match self.kind {
            MemberKind::Organisation => self.org_name.clone(),
            MemberKind::Person => format!("{} {}", self.first_name, self.last_name)
                .trim()
                .to_string(),
        }
    }
}

/// What a user types to create or edit a member.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(default)]
pub struct MemberInput {
    pub kind: MemberKind,
    pub first_name: String,
    pub last_name: String,
    pub org_name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    pub lang: crate::Lang,
    /// today when not given
    pub joined_on: Option<NaiveDate>,
    pub notes: String,
}

impl MemberInput {
    /// A person from one "First Last" string (the last word is the last name), or an
    /// organisation from its name.
    pub fn from_name(name: &str, email: &str, organisation: bool) -> Self {
        let name = name.trim();
        let mut input = MemberInput {
            email: email.to_string(),
            ..Default::default()
        };
        if organisation {
            input.kind = MemberKind::Organisation;
            input.org_name = name.to_string();
        } else if let Some((first, last)) = name.rsplit_once(' ') {
            input.first_name = first.trim().to_string();
            input.last_name = last.trim().to_string();
        } else {
            input.last_name = name.to_string();
        }
        input
    }

    /// Trims every field, lower-cases the email, and checks what must be there and what
    /// cannot be right (control characters, lengths, the email's form, a join date out of
    /// range or more than a year after `today`).
    fn validated(&self, today: NaiveDate) -> Result<MemberInput> {
        let t = |s: &str| s.trim().to_string();
        let v = MemberInput {
            kind: self.kind,
            first_name: t(&self.first_name),
            last_name: t(&self.last_name),
            org_name: t(&self.org_name),
            email: self.email.trim().to_lowercase(),
            street: t(&self.street),
            postal_code: t(&self.postal_code),
            city: t(&self.city),
            country: t(&self.country),
            phone: t(&self.phone),
            lang: self.lang,
            joined_on: self.joined_on,
            notes: self.notes.trim_end().to_string(),
        };
        match v.kind {
            MemberKind::Person if v.first_name.is_empty() && v.last_name.is_empty() => {
                return Err(Error::invalid(
                    FieldName::keyed(Field::LastName, "nom"),
                    "",
                    "le nom du membre est obligatoire",
                    "the member's name is required",
                ))
            }
            MemberKind::Organisation if v.org_name.is_empty() => {
                return Err(Error::invalid(
                    FieldName::keyed(Field::OrgName, "nom"),
                    "",
                    "le nom de l'organisation est obligatoire",
                    "the organisation's name is required",
                ))
            }
            _ => {}
        }
        for (field, text, kind) in [
            ("prénom", &v.first_name, TextKind::Name),
            ("nom", &v.last_name, TextKind::Name),
            ("organisation", &v.org_name, TextKind::Name),
            ("rue", &v.street, TextKind::Line),
            ("code postal", &v.postal_code, TextKind::Name),
            ("ville", &v.city, TextKind::Name),
            ("pays", &v.country, TextKind::Name),
            ("téléphone", &v.phone, TextKind::Name),
            ("notes", &v.notes, TextKind::Note),
        ] {
            check_text(field, text, kind)?;
        }
        check_email("email", &v.email)?;
        if let Some(day) = v.joined_on {
            check_not_far_ahead("adhésion le", day, today)?;
        }
        if !v.phone.is_empty()
            && !v
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +().-".contains(c))
        {
            return Err(Error::invalid(
                Field::Phone,
                &v.phone,
                format!("« {} » n'est pas un numéro de téléphone", v.phone),
                format!("“{}” is not a phone number", v.phone),
            ));
        }
        Ok(v)
    }

    fn sort_key(&self) -> String {
        sort_key(
            self.kind == MemberKind::Organisation,
            &self.first_name,
            &self.last_name,
            &self.org_name,
            &self.email,
        )
    }

    fn search_text(&self) -> String {
        fold(&format!(
            "{} {} {} {}",
            self.first_name, self.last_name, self.org_name, self.email
        ))
    }
}

pub const COLUMNS: &str = "id, kind, first_name, last_name, org_name, email, street, postal_code, \
    city, country, phone, lang, joined_on, notes, created_at, updated_at, revision";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Member> {
    let kind: String = row.get("kind")?;
    let lang: String = row.get("lang")?;
    let joined: String = row.get("joined_on")?;
    Ok(Member {
        id: row.get("id")?,
        kind: if kind == "organisation" {
            MemberKind::Organisation
        } else {
            MemberKind::Person
        },
        first_name: row.get("first_name")?,
        last_name: row.get("last_name")?,
        org_name: row.get("org_name")?,
        email: row.get("email")?,
        street: row.get("street")?,
        postal_code: row.get("postal_code")?,
        city: row.get("city")?,
        country: row.get("country")?,
        phone: row.get("phone")?,
        lang: lang.parse().unwrap_or_default(),
        joined_on: joined.parse().unwrap_or_default(),
        notes: row.get("notes")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        revision: row.get("revision")?,
    })
}

fn duplicate_email(email: &str) -> Error {
    Error::refused(
        format!("un membre a déjà l'adresse « {email} »"),
        format!("a member already has the address “{email}”"),
    )
}

fn email_taken(conn: &Connection, email: &str, except: Option<MemberId>) -> Result<bool> {
    let found: Option<MemberId> = conn
        .prepare_cached("SELECT id FROM members WHERE email = ?1")?
        .query_row([email], |r| r.get(0))
        .optional()?;
    Ok(matches!(found, Some(id) if Some(id) != except))
}

/// Inserts a member inside a caller's transaction (for imports and seeding, which write many
/// rows as one change).
pub fn insert(conn: &Connection, input: &MemberInput, today: NaiveDate) -> Result<MemberId> {
    let v = input.validated(today)?;
    if email_taken(conn, &v.email, None)? {
        return Err(duplicate_email(&v.email));
    }
    let now = now_text();
    conn.prepare_cached(
        "INSERT INTO members (kind, first_name, last_name, org_name, email, street, postal_code,
             city, country, phone, lang, joined_on, notes, search_text, created_at, updated_at,
             sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)",
    )?
    .execute(params![
        v.kind.as_str(),
        v.first_name,
        v.last_name,
        v.org_name,
        v.email,
        v.street,
        v.postal_code,
        v.city,
        v.country,
        v.phone,
        v.lang.code(),
        v.joined_on.unwrap_or(today).to_string(),
        v.notes,
        v.search_text(),
        now,
        v.sort_key(),
    ])?;
    Ok(MemberId(conn.last_insert_rowid()))
}

pub fn add(db: &mut Database, input: &MemberInput) -> Result<MemberId> {
    let today = chrono::Local::now().date_naive();
    db.write(|tx| {
        let id = insert(tx, input, today)?;
        let after = get(tx, id)?;
        Ok((
            id,
            Change::new("add", "member", Some(id.0))
                .member(id)
                .after(&after),
        ))
    })
}

pub fn update(db: &mut Database, id: MemberId, input: &MemberInput) -> Result<Member> {
    save(db, id, None, input)
}

/// Updates a member's profile from a form opened on revision `read_revision` of it: refused
/// with [`Error::Conflict`], writing nothing, when someone saved it since.
pub fn update_from(
    db: &mut Database,
    id: MemberId,
    read_revision: i64,
    input: &MemberInput,
) -> Result<Member> {
    save(db, id, Some(read_revision), input)
}

fn save(
    db: &mut Database,
    id: MemberId,
    read_revision: Option<i64>,
    input: &MemberInput,
) -> Result<Member> {
    let v = input.validated(crate::kernel::dates::today())?;
    db.write(|tx| {
        let before = get(tx, id)?;
        // checked inside the write transaction: no other save can slip in between
        if read_revision.is_some_and(|read| read != before.revision) {
            return Err(Error::conflict("ce membre", "this member"));
        }
        let erased: Option<String> =
            tx.query_row("SELECT erased_on FROM members WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        if let Some(day) = erased {
            return Err(Error::refused(
                format!("le membre n° {id} a été effacé le {day} : sa fiche ne se modifie plus"),
                format!("member {id} was erased on {day}: their profile cannot be edited"),
            ));
        }
        if email_taken(tx, &v.email, Some(id))? {
            return Err(duplicate_email(&v.email));
        }
        tx.execute(
            "UPDATE members SET kind = ?2, first_name = ?3, last_name = ?4, org_name = ?5,
                 email = ?6, street = ?7, postal_code = ?8, city = ?9, country = ?10, phone = ?11,
                 lang = ?12, joined_on = ?13, notes = ?14, search_text = ?15, updated_at = ?16,
                 sort_key = ?17
             WHERE id = ?1",
            params![
                id,
                v.kind.as_str(),
                v.first_name,
                v.last_name,
                v.org_name,
                v.email,
                v.street,
                v.postal_code,
                v.city,
                v.country,
                v.phone,
                v.lang.code(),
                v.joined_on.unwrap_or(before.joined_on).to_string(),
                v.notes,
                v.search_text(),
                now_text(),
                v.sort_key(),
            ],
        )?;
        let after = get(tx, id)?;
        let change = Change::new("update", "member", Some(id.0))
            .member(id)
            .before(&before)
            .after(&after);
        Ok((after, change))
    })
}

/// Deletes a member entered by mistake. A member with money in the books is refused: the
/// books must be kept (erasure pseudonymises instead).
pub fn delete(db: &mut Database, id: MemberId) -> Result<()> {
    db.write(|tx| {
        let before = get(tx, id)?;
        let entries: i64 = tx.query_row(
            "SELECT count(*) FROM ledger_entries WHERE member_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if entries > 0 {
            return Err(Error::refused(
                format!(
                    "{} a {} dans les comptes : un tel membre ne se supprime pas (les comptes se gardent dix ans)",
                    before.display_name(),
                    crate::Lang::Fr.count(entries, ("écriture", "écritures"), ("", ""))
                ),
                format!(
                    "{} has {}: such a member cannot be deleted (the books are kept ten years)",
                    before.display_name(),
                    crate::Lang::En.count(entries, ("", ""), ("ledger entry", "ledger entries"))
                ),
            ));
        }
        tx.execute("DELETE FROM members WHERE id = ?1", [id])?;
        Ok((
            (),
            Change::new("delete", "member", Some(id.0))
                .member(id)
                .before(&before),
        ))
    })
}

pub fn get(conn: &Connection, id: MemberId) -> Result<Member> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("membre", "member", id.to_string()))
}

/// Finds a member by id (`42`) or email (any case).
pub fn find(conn: &Connection, id_or_email: &str) -> Result<Member> {
    let key = id_or_email.trim();
    let found = if let Ok(n) = key.parse::<i64>() {
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE id = ?1"))?
            .query_row([n], from_row)
            .optional()?
    } else {
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE email = ?1"))?
            .query_row([key.to_lowercase()], from_row)
            .optional()?
    };
    found.ok_or_else(|| Error::not_found("membre", "member", key))
}

pub fn count(db: &Database) -> Result<i64> {
    Ok(db
        .conn()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))?)
}

/// A member's standing as to the membership fee, derived from their fee subscriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MembershipStatus {
    /// a fee period covers today
    Active,
    /// the last period ended less than `grace_days` ago
    Grace,
    /// the last period ended longer ago
    Expired,
    /// never paid a fee
    None,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipStatus::Active => "active",
            MembershipStatus::Grace => "grace",
            MembershipStatus::Expired => "expired",
            MembershipStatus::None => "none",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" | "actif" => Ok(MembershipStatus::Active),
            "grace" | "grâce" => Ok(MembershipStatus::Grace),
            "expired" | "expiré" | "expire" => Ok(MembershipStatus::Expired),
            "none" | "aucun" => Ok(MembershipStatus::None),
            _ => Err(Error::invalid(
                "statut",
                text,
                format!("statut inconnu « {text} » (active, grace, expired, none)"),
                format!("unknown status “{text}” (active, grace, expired, none)"),
            )),
        }
    }
}

/// One line of the members list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberRow {
    pub id: MemberId,
    pub kind: MemberKind,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub org_name: String,
    pub email: String,
    pub city: String,
    pub joined_on: NaiveDate,
    /// the end (excluded) of the latest fee period, if any
    pub paid_until: Option<NaiveDate>,
    pub status: MembershipStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    Name,
    Email,
    Joined,
    PaidUntil,
}

/// A question to the members list: every filter is optional.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MemberQuery {
    /// words matched anywhere in names and email, ignoring case and accents
    pub search: Option<String>,
    pub status: Option<MembershipStatus>,
    /// members with a subscription to this plan covering `today`
    pub plan: Option<PlanId>,
    pub sort: SortBy,
    pub descending: bool,
    pub limit: Option<i64>,
    pub offset: i64,
}

/// The SQL expression of a member's paid-until day (end of their latest fee period).
const PAID_UNTIL: &str =
    "(SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id \
     WHERE s.member_id = m.id AND p.kind = 'fee' AND s.starts_on <= :today)";

/// The members `query` keeps, before any order or page: the SQL of a table of them (with
/// their `paid_until`) and the values of its named parameters.
fn matching_sql(
    query: &MemberQuery,
    today: NaiveDate,
    grace_cutoff: NaiveDate,
) -> (String, Vec<(String, Value)>) {
    let mut sql = format!(
        "SELECT * FROM (SELECT m.id, m.kind, m.first_name, m.last_name, m.org_name, m.email, m.city,
                m.joined_on, m.search_text, m.sort_key, {PAID_UNTIL} AS paid_until FROM members m) AS x
         WHERE 1 = 1"
    );
    let mut values = vec![(":today".to_string(), Value::Text(today.to_string()))];
    if let Some(search) = &query.search {
        for (i, word) in fold(search).split_whitespace().enumerate() {
            sql.push_str(&format!(" AND search_text LIKE :w{i} ESCAPE '\\'"));
            values.push((
                format!(":w{i}"),
                Value::Text(format!("%{}%", like_escape(word))),
            ));
        }
    }
    match query.status {
        Some(MembershipStatus::Active) => sql.push_str(" AND paid_until > :today"),
        Some(MembershipStatus::Grace) => {
            sql.push_str(" AND paid_until <= :today AND paid_until > :cutoff")
        }
        Some(MembershipStatus::Expired) => sql.push_str(" AND paid_until <= :cutoff"),
        Some(MembershipStatus::None) => sql.push_str(" AND paid_until IS NULL"),
        None => {}
    }
    if matches!(
        query.status,
        Some(MembershipStatus::Grace | MembershipStatus::Expired)
    ) {
        values.push((":cutoff".into(), Value::Text(grace_cutoff.to_string())));
    }
    if let Some(plan) = query.plan {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.member_id = x.id AND s.plan_id = :plan
                 AND s.starts_on <= :today AND s.ends_before > :today)",
        );
        values.push((":plan".into(), Value::Integer(plan.0)));
    }
    (sql, values)
}

fn grace_cutoff(conn: &Connection, today: NaiveDate) -> Result<NaiveDate> {
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    Ok(today - chrono::Duration::days(grace_days))
}

/// How many members `query` matches, whatever its page (`limit`, `offset`): the window asks
/// for one page of a long list and says how long the whole is.
pub fn count_matching(conn: &Connection, query: &MemberQuery, today: NaiveDate) -> Result<i64> {
    let (sql, values) = matching_sql(query, today, grace_cutoff(conn, today)?);
    let named: Vec<(&str, &dyn ToSql)> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value as &dyn ToSql))
        .collect();
    // the paid-until column is not read when no filter needs it: SQLite skips its subquery
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM ({sql})"))?
        .query_row(named.as_slice(), |row| row.get(0))?)
}

/// Lists members matching `query`, with their status on `today`.
pub fn list(conn: &Connection, query: &MemberQuery, today: NaiveDate) -> Result<Vec<MemberRow>> {
    let grace_cutoff = grace_cutoff(conn, today)?;
    let (mut sql, mut values) = matching_sql(query, today, grace_cutoff);
    let order = match query.sort {
        // from the index members_sort: no sort, and a page stops at its last row
        SortBy::Name => "sort_key",
        SortBy::Email => "email",
        SortBy::Joined => "joined_on",
        SortBy::PaidUntil => "paid_until",
    };
    let dir = if query.descending { "DESC" } else { "ASC" };
    // sort_key ends with the (unique) email: no tie to break, and the index gives the order
    if query.sort == SortBy::Name {
        sql.push_str(&format!(" ORDER BY sort_key {dir}"));
    } else {
        sql.push_str(&format!(" ORDER BY {order} {dir}, id {dir}"));
    }
    sql.push_str(" LIMIT :limit OFFSET :offset");
    values.push((":limit".into(), Value::Integer(query.limit.unwrap_or(-1))));
    values.push((":offset".into(), Value::Integer(query.offset)));
    let named: Vec<(&str, &dyn ToSql)> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value as &dyn ToSql))
        .collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named.as_slice(), |row| {
        let kind: String = row.get("kind")?;
        let kind = if kind == "organisation" {
            MemberKind::Organisation
        } else {
            MemberKind::Person
        };
        let first_name: String = row.get("first_name")?;
        let last_name: String = row.get("last_name")?;
        let org_name: String = row.get("org_name")?;
        let paid_until: Option<String> = row.get("paid_until")?;
        let paid_until = paid_until.and_then(|d| d.parse::<NaiveDate>().ok());
        let joined: String = row.get("joined_on")?;
        Ok(MemberRow {
            id: row.get("id")?,
            kind,
            name: match kind {
                MemberKind::Organisation => org_name.clone(),
                MemberKind::Person => format!("{first_name} {last_name}").trim().to_string(),
            },
            first_name,
            last_name,
            org_name,
            email: row.get("email")?,
            city: row.get("city")?,
            joined_on: joined.parse().unwrap_or_default(),
            paid_until,
            status: status_from(paid_until, today, grace_cutoff),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn status_from(
    paid_until: Option<NaiveDate>,
    today: NaiveDate,
    grace_cutoff: NaiveDate,
) -> MembershipStatus {
    match paid_until {
        None => MembershipStatus::None,
        Some(end) if end > today => MembershipStatus::Active,
        Some(end) if end > grace_cutoff => MembershipStatus::Grace,
        Some(_) => MembershipStatus::Expired,
    }
}

/// One member's membership status on `today`.
pub fn status(conn: &Connection, id: MemberId, today: NaiveDate) -> Result<MembershipStatus> {
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    let paid_until: Option<String> = conn.query_row(
        &format!("SELECT {}", PAID_UNTIL.replace("m.id", ":id")),
        rusqlite::named_params! { ":id": id, ":today": today.to_string() },
        |r| r.get(0),
    )?;
    let paid_until = paid_until.and_then(|d| d.parse().ok());
    Ok(status_from(
        paid_until,
        today,
        today - chrono::Duration::days(grace_days),
    ))
}
