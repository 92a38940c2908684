//! Reading a Paheko association's file: opened read-only, recognised by its tables and its
//! version (`PRAGMA user_version`, which Paheko writes as 1·000000 + 3·10000 + …), then
//! read whole into plain structs. Nothing here knows Panier; `members` and `books` map.
//!
//! Two layouts are read (`src/include/data/schema.sql` of paheko/paheko at tags 1.2.11 and
//! 1.3.22.1, and 1.3's upgrade scripts from 1.2): money is integer cents and days are
//! `YYYY-MM-DD` in both.
//! - Paheko 1.3: members in `users`, one column per field of `config_users_fields`; the
//!   association's name in `config.org_name`; `acc_years.status` (0 open, 1 closed, 2
//!   locked); `services.archived`; a pay-off linked to its debt in `acc_transactions_links`.
//! - Paheko 1.2 (still named Garradin inside): members in `membres`, their fields configured
//!   by an INI text in `config.champs_membres` (see `fields12`); the name in
//!   `config.nom_asso`; `acc_years.closed` (0 or 1); no archived activities; a pay-off linked
//!   to its debt by `acc_transactions.id_related`.
//!
//! Versions before 1.2 (Garradin 1.1, 1.0…) and after the 1.3 series are refused by name.

use crate::kernel::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The tables an import reads: `config`, then the members' tables of its layout, then the
/// activities' and the books' tables both layouts share.
const TABLES_13: [&str; 2] = ["config_users_fields", "users"];
const TABLES_12: [&str; 1] = ["membres"];
const SHARED_TABLES: [&str; 8] = [
    "services",
    "services_fees",
    "services_users",
    "acc_years",
    "acc_accounts",
    "acc_transactions",
    "acc_transactions_lines",
    "acc_transactions_users",
];

/// The two layouts of Paheko's file Panier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Paheko 1.2.x
    V12,
    /// Paheko 1.3.x
    V13,
}

/// Paheko's versions as `PRAGMA user_version` numbers them: 1.2.0 and 1.4.0.
const FIRST_12: i64 = 1_020_000;
const FIRST_13: i64 = 1_030_000;
const AFTER_13: i64 = 1_040_000;

/// Bits of `config_users_fields.system` (Paheko's `DynamicField` constants).
pub const FIELD_PASSWORD: i64 = 1 << 1;
pub const FIELD_NUMBER: i64 = 1 << 3;
pub const FIELD_NAMES: i64 = 1 << 4;

/// `acc_transactions.status` bit of an opening balance (« balance d'ouverture »).
pub const STATUS_OPENING_BALANCE: i64 = 16;

/// One field of Paheko's member form, as its configuration describes it.
#[derive(Debug, Clone)]
pub struct UserField {
    /// the column of `users`
    pub name: String,
    /// text, email, select, multiple, checkbox, date, country, password…
    pub kind: String,
    pub label: String,
    pub system: i64,
    /// the choices of a select or multiple field
    pub options: Vec<String>,
    /// whether `users` has a column for it (computed fields have none)
    pub stored: bool,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    /// each stored field's value as text ("" when empty)
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub duration_days: Option<i64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub archived: bool,
}

#[derive(Debug, Clone)]
pub struct Fee {
    pub id: i64,
    pub service: i64,
    pub label: String,
    pub description: String,
    pub amount_cents: Option<i64>,
    pub formula: bool,
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: i64,
    pub user: i64,
    pub service: i64,
    pub fee: Option<i64>,
    pub paid: bool,
    /// what Paheko expects for it (its fee's amount when linked to the accounting)
    pub expected_cents: Option<i64>,
    pub date: NaiveDate,
    pub expiry: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub id: i64,
    pub label: String,
    pub start: NaiveDate,
    /// the last day, inclusive
    pub end: NaiveDate,
    /// 0 open, 1 closed, 2 locked
    pub status: i64,
}

impl Year {
    pub fn closed(&self) -> bool {
        self.status != 0
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub account: String,
    pub account_label: String,
    pub debit: i64,
    pub credit: i64,
}

#[derive(Debug, Clone)]
pub struct Transaction {
    pub id: i64,
    pub year: i64,
    pub label: String,
    pub reference: String,
    pub date: NaiveDate,
    pub status: i64,
    pub lines: Vec<Line>,
    /// the members it is linked to
    pub users: Vec<i64>,
    /// the subscriptions it pays
    pub subscriptions: Vec<i64>,
    /// the transactions Paheko links it to (a pay-off and the debt or credit it settles)
    pub related: Vec<i64>,
}

/// A whole Paheko association, read.
#[derive(Debug, Clone)]
pub struct PahekoFile {
    pub version: String,
    pub layout: Layout,
    pub org_name: String,
    pub fields: Vec<UserField>,
    pub users: Vec<User>,
    pub services: Vec<Service>,
    pub fees: Vec<Fee>,
    pub subscriptions: Vec<Subscription>,
    pub years: Vec<Year>,
    pub transactions: Vec<Transaction>,
}

impl PahekoFile {
    /// What says that a Panier file's content came from this association: its name and the
    /// first day of its first financial year.
    pub fn identity(&self) -> String {
        let first = self.years.iter().map(|y| y.start).min();
        format!(
            "{}|{}",
            self.org_name,
            first.map(|d| d.to_string()).unwrap_or_default()
        )
    }
}

fn refused_file(path: &Path, fr: String, en: String) -> Error {
    Error::refused(
        format!("{} : {fr}", path.display()),
        format!("{}: {en}", path.display()),
    )
}

/// `1032276` → `1.3.22.1` (Paheko's `DB::parseVersion`).
pub fn version_text(v: i64) -> String {
    let (major, rest) = (v / 1_000_000, v % 1_000_000);
    let (minor, rest) = (rest / 10_000, rest % 10_000);
    let (release, kind) = (rest / 100, rest % 100);
    let suffix = match kind {
        0 => String::new(),
        k if k > 75 => format!(".{}", k - 75),
        k if k > 50 => format!("-rc{}", k - 50),
        k if k > 25 => format!("-beta{}", k - 25),
        k => format!("-alpha{k}"),
    };
    format!("{major}.{minor}.{release}{suffix}")
}

/// Opens `path` read-only and checks it is a Paheko 1.2 or 1.3 association.
pub fn open(path: &Path) -> Result<(Connection, String, Layout)> {
    if !path.is_file() {
        return Err(refused_file(
            path,
            "fichier introuvable".into(),
            "no such file".into(),
        ));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let not_sqlite = || {
        refused_file(
            path,
            "ce n'est pas une base SQLite (Paheko enregistre l'association dans association.sqlite)".into(),
            "not an SQLite database (Paheko keeps an association in association.sqlite)".into(),
        )
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|_| not_sqlite())?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|_| not_sqlite())?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    let missing = |members: &[&'static str]| -> Vec<&'static str> {
        ["config"]
            .iter()
            .chain(members)
            .chain(&SHARED_TABLES)
            .copied()
            .filter(|t| !has(t))
            .collect()
    };
    let (missing_13, missing_12) = (missing(&TABLES_13), missing(&TABLES_12));
    if !missing_13.is_empty() && !missing_12.is_empty() {
        // neither layout: name what the current one lacks
        return Err(refused_file(
            path,
            format!(
                "ce n'est pas une association Paheko : tables absentes : {}",
                missing_13.join(", ")
            ),
            format!(
                "not a Paheko association: missing tables: {}",
                missing_13.join(", ")
            ),
        ));
    }
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Garradin before 1.1 wrote its version in `config` only (as `cle`/`valeur`, later
    // `key`/`value`).
    let config_version = || -> Option<String> {
        [
            "SELECT value FROM config WHERE key = 'version'",
            "SELECT valeur FROM config WHERE cle = 'version'",
        ]
        .iter()
        .find_map(|sql| conn.query_row(sql, [], |r| r.get::<_, String>(0)).ok())
    };
    let version = if user_version > 0 {
        version_text(user_version)
    } else {
        config_version().unwrap_or_default()
    };
    let shown = |lang_fr: bool| match (version.is_empty(), lang_fr) {
        (true, true) => "inconnue".to_string(),
        (true, false) => "unknown".to_string(),
        _ => version.clone(),
    };
    if user_version < FIRST_12 {
        return Err(refused_file(
            path,
            format!("association Paheko (ou Garradin) en version {}, plus ancienne que 1.2 : Panier lit les associations de Paheko 1.2 et 1.3 ; ouvrez-la une fois avec Paheko 1.2 ou 1.3, qui la met à jour, puis importez de nouveau", shown(true)),
            format!("a Paheko (or Garradin) association at version {}, older than 1.2: Panier reads Paheko 1.2 and 1.3 associations; open it once with Paheko 1.2 or 1.3, which upgrades it, then import again", shown(false)),
        ));
    }
    if user_version >= AFTER_13 {
        return Err(refused_file(
            path,
            format!("Paheko version {}, plus récente que la série 1.3 : Panier lit les associations de Paheko 1.2 et 1.3", shown(true)),
            format!("Paheko version {}, newer than the 1.3 series: Panier reads Paheko 1.2 and 1.3 associations", shown(false)),
        ));
    }
    let (layout, missing) = if user_version < FIRST_13 {
        (Layout::V12, missing_12)
    } else {
        (Layout::V13, missing_13)
    };
    if !missing.is_empty() {
        return Err(refused_file(
            path,
            format!(
                "Paheko version {version}, mais ce n'est pas une association de cette version : tables absentes : {}",
                missing.join(", ")
            ),
            format!(
                "Paheko version {version}, but not an association of that version: missing tables: {}",
                missing.join(", ")
            ),
        ));
    }
    Ok((conn, version, layout))
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.get(..10)?.parse().ok())
}

fn text_of(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).trim().to_string(),
    }
}

/// Paheko 1.3's member form: `config_users_fields`.
fn fields_13(conn: &Connection, columns: &[String]) -> Result<Vec<UserField>> {
    let mut fields = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT name, type, label, CAST(coalesce(system, 0) AS INTEGER), options FROM config_users_fields
         ORDER BY sort_order, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let options: Option<String> = r.get(4)?;
        fields.push(UserField {
            stored: columns.contains(&name),
            name,
            kind: r.get(1)?,
            label: r.get(2)?,
            system: r.get(3)?,
            options: options
                .and_then(|o| serde_json::from_str::<Vec<String>>(&o).ok())
                .unwrap_or_default(),
        });
    }
    Ok(fields)
}

/// Reads the whole association.
pub fn read(path: &Path) -> Result<PahekoFile> {
    let (conn, version, layout) = open(path)?;
    let v12 = layout == Layout::V12;
    let members_table = if v12 { "membres" } else { "users" };
    let config = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM config WHERE key = ?1", [key], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten())
    };
    let bad_date = |what: &str, id: i64| {
        refused_file(
            path,
            format!("{what} n° {id} : date illisible"),
            format!("{what} #{id}: unreadable date"),
        )
    };
    let org_name = config(if v12 { "nom_asso" } else { "org_name" })?.unwrap_or_default();

    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info(?1)")?
        .query_map([members_table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let fields = if v12 {
        super::fields12::fields(
            &config("champs_membres")?.unwrap_or_default(),
            &config("champ_identite")?.unwrap_or_else(|| "nom".into()),
            &columns,
        )
    } else {
        fields_13(&conn, &columns)?
    };

    let stored: Vec<&UserField> = fields.iter().filter(|f| f.stored).collect();
    let mut users = Vec::new();
    let mut stmt = conn.prepare(&format!("SELECT * FROM {members_table} ORDER BY id"))?;

    let index: HashMap<String, usize> = stmt
        .column_names()
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), i))
        .collect();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut values = BTreeMap::new();
        for f in &stored {
            if let Some(&i) = index.get(&f.name) {
                values.insert(f.name.clone(), text_of(r.get_ref(i)?));
            }
        }
        users.push(User {
            id: r.get(index["id"])?,
            values,
        });
    }
    drop(rows);
    drop(stmt);

    let services = conn
        .prepare(&format!(
            "SELECT id, label, coalesce(description, ''), duration, start_date, end_date, {}
             FROM services ORDER BY id",
            if v12 { "0" } else { "archived" }
        ))?
        .query_map([], |r| {
            Ok(Service {
                id: r.get(0)?,
                label: r.get(1)?,
                description: r.get(2)?,
                duration_days: r.get(3)?,
                start: day(r.get(4)?),
                end: day(r.get(5)?),
                archived: r.get::<_, i64>(6)? != 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let fees = conn
        .prepare(
            "SELECT id, id_service, label, coalesce(description, ''), amount, formula IS NOT NULL
             FROM services_fees ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(Fee {
                id: r.get(0)?,
                service: r.get(1)?,
                label: r.get(2)?,
                description: r.get(3)?,
                amount_cents: r.get(4)?,
                formula: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut subscriptions = Vec::new();
    for row in conn
        .prepare(
            "SELECT id, id_user, id_service, id_fee, paid, date, expiry_date, expected_amount
             FROM services_users ORDER BY date, id",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, i64>(4)? != 0,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })?
    {
        let (id, user, service, fee, paid, date, expiry, expected_cents) = row?;
        subscriptions.push(Subscription {
            id,
            user,
            service,
            fee,
            paid,
            expected_cents,
            date: day(date).ok_or_else(|| bad_date("inscription", id))?,
            expiry: day(expiry),
        });
    }
    let mut years = Vec::new();
    for row in conn
        .prepare(&format!(
            "SELECT id, label, start_date, end_date, {} FROM acc_years ORDER BY start_date",
            if v12 { "closed" } else { "status" }
        ))?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
    {
        let (id, label, start, end, status) = row?;
        years.push(Year {
            id,
            label,
            start: day(start).ok_or_else(|| bad_date("exercice", id))?,
            end: day(end).ok_or_else(|| bad_date("exercice", id))?,
            status,
        });
    }

    let mut lines: HashMap<i64, Vec<Line>> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT l.id_transaction, a.code, a.label, l.debit, l.credit
             FROM acc_transactions_lines l JOIN acc_accounts a ON a.id = l.id_account
             ORDER BY l.id",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Line {
                    account: r.get(1)?,
                    account_label: r.get(2)?,
                    debit: r.get(3)?,
                    credit: r.get(4)?,
                },
            ))
        })?
    {
        let (tx, line) = row?;
        lines.entry(tx).or_default().push(line);
    }
    let mut users_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut subscriptions_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT id_transaction, id_user, id_service_user FROM acc_transactions_users
             ORDER BY id_transaction, id_user",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?
    {
        let (tx, user, sub) = row?;
        let linked = users_of.entry(tx).or_default();
        if !linked.contains(&user) {
            linked.push(user);
        }
        if let Some(sub) = sub {
            subscriptions_of.entry(tx).or_default().push(sub);
        }
    }
    // a pay-off and the debt or credit it settles, both ways
    let mut related_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let links = if v12 {
        "SELECT id, id_related FROM acc_transactions WHERE id_related IS NOT NULL"
    } else if conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE name = 'acc_transactions_links'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        "SELECT id_transaction, id_related FROM acc_transactions_links"
    } else {
        "SELECT 0, 0 WHERE 0"
    };
    for row in conn
        .prepare(links)?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (a, b) = row?;
        related_of.entry(a).or_default().push(b);
        related_of.entry(b).or_default().push(a);
    }
    let mut transactions = Vec::new();
    for row in conn
        .prepare(
            "SELECT id, id_year, label, coalesce(reference, ''), date, status
             FROM acc_transactions ORDER BY date, id",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
    {
        let (id, year, label, reference, date, status) = row?;
        transactions.push(Transaction {
            id,
            year,
            label,
            reference,
            date: day(date).ok_or_else(|| bad_date("écriture", id))?,
            status,
            lines: lines.remove(&id).unwrap_or_default(),
            users: users_of.remove(&id).unwrap_or_default(),
            subscriptions: subscriptions_of.remove(&id).unwrap_or_default(),
            related: related_of.remove(&id).unwrap_or_default(),
        });
    }
    Ok(PahekoFile {
        version,
        layout,
        org_name,
        fields,
        users,
        services,
        fees,
        subscriptions,
        years,
        transactions,
    })
}

#[cfg(test)]
mod tests {
    use super::version_text;

    #[test]
    fn paheko_versions_read_as_paheko_writes_them() {
        assert_eq!(version_text(1_032_276), "1.3.22.1");
        assert_eq!(version_text(1_030_000), "1.3.0");
        assert_eq!(version_text(1_030_052), "1.3.0-rc2");
        assert_eq!(version_text(1_020_500), "1.2.5");
    }
}
