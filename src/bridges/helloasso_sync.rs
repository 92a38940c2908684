//! HelloAsso without files: the API client's settings (organisation, client id, API address in
//! the file's settings; the client secret in the secret store, never in the file), and the
//! sync that reads the organisation's payments from the API and imports them.
//!
//! The sync lays each API payment out as a row of HelloAsso's payments export and runs it
//! through the CSV import's own mapping (`helloasso::import_payments_table`): the same member
//! matching, plan names, statuses (refunded, cancelled, refused, pending: skipped) and the
//! same key, `helloasso:<order id>:<payment id>`. So a payment imported from a CSV file is
//! « déjà là » for the API, and the reverse; and an order imported from the membership-form
//! export is matched too. A sync is one transaction: everything or nothing, one audit row
//! (the import's, which also records the sync's date in the settings).

use crate::bridges::csv_file::{decode, parse_csv};
use crate::bridges::helloasso::import_payments_table;
use crate::bridges::helloasso_api::{ApiItem, ApiPayment, Client, Credentials, DEFAULT_API_URL};
use crate::bridges::report::{ImportOptions, ImportReport};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::search::fold;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The client secret's name in the secret store.
pub const HELLOASSO_CLIENT_SECRET: &str = "helloasso.client_secret";
const API_URL: &str = "helloasso.api_url";
const ORGANIZATION: &str = "helloasso.organization";
const CLIENT_ID: &str = "helloasso.client_id";
/// The day of the last sync that wrote something.
const SYNCED_ON: &str = "helloasso.synced_on";
/// A sync without `from` reads again this many days before the last one: a payment still
/// pending then (a SEPA debit) keeps its own date once authorised.
pub const SYNC_OVERLAP_DAYS: i64 = 30;

/// The HelloAsso connection as the file keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HelloassoSettings {
    pub api_url: String,
    /// the organisation's slug (`mon-asso` in helloasso.com/associations/mon-asso)
    pub organization: String,
    pub client_id: String,
    /// whether this machine keeps the client secret for this file
    pub has_secret: bool,
    /// the day of the last sync that wrote something
    pub synced_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ConfigureInput {
    pub organization: String,
    pub client_id: String,
    /// `None`: keep the one kept
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `None` or empty: HelloAsso's production API
    #[serde(default)]
    pub api_url: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq)]
pub struct SyncInput {
    /// the first day read; `None`: [`SYNC_OVERLAP_DAYS`] before the last sync, or everything
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub skip_invalid: bool,
}

/// A sync's story: the day read from, the payments read, and the import's report (each row
/// a payment, `line` its position in the API's list, `reference` its id).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SyncReport {
    pub organization: String,
    pub from: Option<NaiveDate>,
    pub payments_read: usize,
    pub report: ImportReport,
}

/// Records the organisation, client id and API address in the file, and the client secret
/// in the secret store (first: if the store refuses, nothing changes).
pub fn configure(db: &mut Database, input: &ConfigureInput) -> Result<HelloassoSettings> {
    let organization = input.organization.trim().to_lowercase();
    let slug_ok = !organization.is_empty()
        && organization.len() <= 200
        && organization
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !slug_ok {
        return Err(Error::invalid(
            Field::Organization,
            &input.organization,
            "nom court de l'organisation attendu (lettres, chiffres et tirets, comme dans helloasso.com/associations/mon-asso)",
            "the organisation's slug is expected (letters, digits and dashes, as in helloasso.com/associations/my-org)",
        ));
    }
    let client_id = input.client_id.trim().to_string();
    if client_id.is_empty() || client_id.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            Field::ClientId,
            &input.client_id,
            "identifiant du client API attendu (HelloAsso : Mon compte › Intégrations et API)",
            "the API client id is expected (HelloAsso: My account › Integrations and API)",
        ));
    }
    let api_url = check_api_url(input.api_url.as_deref().unwrap_or(""))?;
    let before = settings(db)?;
    let secret = input
        .client_secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match secret {
        Some(s) => db.keep_secret(HELLOASSO_CLIENT_SECRET, s)?,
        None if before.as_ref().is_some_and(|b| b.has_secret) => {}
        None => {
            return Err(Error::invalid(
                Field::ClientSecret,
                "",
                "donnez le secret du client API (HelloAsso : Mon compte › Intégrations et API)",
                "give the API client secret (HelloAsso: My account › Integrations and API)",
            ))
        }
    }
    db.write(|tx| {
        for (key, value) in [
            (API_URL, api_url.as_str()),
            (ORGANIZATION, organization.as_str()),
            (CLIENT_ID, client_id.as_str()),
        ] {
            put(tx, key, value)?;
        }
        let shown = |s: &HelloassoSettings| {
            serde_json::json!({"api_url": s.api_url, "organization": s.organization,
                "client_id": s.client_id})
        };
        let mut after = serde_json::json!({"api_url": api_url, "organization": organization,
            "client_id": client_id});
        after["client_secret"] = serde_json::json!(if secret.is_some() {
            "changed"
        } else {
            "unchanged"
        });
        let mut change = Change::new("configure", "helloasso", None).after(&after);
        if let Some(b) = &before {
            change = change.before(&shown(b));
        }
        Ok(((), change))
    })?;
    Ok(settings(db)?.expect("just written"))
}

/// The connection's settings, if configured.
pub fn settings(db: &Database) -> Result<Option<HelloassoSettings>> {
    let conn = db.conn();
    let Some(organization) = read(conn, ORGANIZATION)? else {
        return Ok(None);
    };
    Ok(Some(HelloassoSettings {
        api_url: read(conn, API_URL)?.unwrap_or_else(|| DEFAULT_API_URL.to_string()),
        organization,
        client_id: read(conn, CLIENT_ID)?.unwrap_or_default(),
        has_secret: db.secret(HELLOASSO_CLIENT_SECRET)?.is_some(),
        synced_on: read(conn, SYNCED_ON)?.and_then(|d| d.parse().ok()),
    }))
}

/// A client for the configured organisation.
pub fn client(db: &Database, timeout: Duration) -> Result<(Client, HelloassoSettings)> {
    let settings = settings(db)?.ok_or_else(|| {
        Error::refused(
            "HelloAsso n'est pas configuré : panier helloasso configure --org … --client-id … --client-secret-stdin",
            "HelloAsso is not configured: panier helloasso configure --org … --client-id … --client-secret-stdin",
        )
    })?;
    let secret = db.secret(HELLOASSO_CLIENT_SECRET)?.ok_or_else(|| {
        Error::refused(
            "secret du client HelloAsso nécessaire : il n'est pas dans le fichier Panier et cette machine ne le connaît pas (fichier restauré ou copié ?) ; donnez-le avec : panier helloasso configure --org … --client-id … --client-secret-stdin",
            "HelloAsso client secret needed: it is not in the Panier file and this machine does not know it (a restored or copied file?); give it with: panier helloasso configure --org … --client-id … --client-secret-stdin",
        )
    })?;
    let client = Client::new(
        Credentials {
            api_url: settings.api_url.clone(),
            organization: settings.organization.clone(),
            client_id: settings.client_id.clone(),
            client_secret: secret,
        },
        timeout,
    );
    Ok((client, settings))
}

/// Reads the payments from the API and imports them (see the module's notes).
pub fn sync(db: &mut Database, input: SyncInput, today: NaiveDate) -> Result<SyncReport> {
    let (mut client, _) = client(db, Duration::from_secs(30))?;
    sync_with(db, &mut client, input, today)
}

/// [`sync`] with a given client (tests: one with its own clock).
pub fn sync_with(
    db: &mut Database,
    client: &mut Client,
    input: SyncInput,
    today: NaiveDate,
) -> Result<SyncReport> {
    let settings = settings(db)?.ok_or_else(|| {
        Error::refused(
            "HelloAsso n'est pas configuré",
            "HelloAsso is not configured",
        )
    })?;
    let from = input.from.or_else(|| {
        settings
            .synced_on
            .map(|d| d - chrono::Duration::days(SYNC_OVERLAP_DAYS))
    });
    let payments = client.payments(from).map_err(|e| e.into_error())?;
    let mut seen = std::collections::HashSet::new();
    let payments: Vec<ApiPayment> = payments.into_iter().filter(|p| seen.insert(p.id)).collect();
    let decoded = decode(as_export(&payments).as_bytes())?;
    let table = parse_csv(&decoded.text)?;
    let options = ImportOptions {
        dry_run: input.dry_run,
        skip_invalid: input.skip_invalid,
    };
    let count = payments.len();
    let organization = settings.organization.clone();
    let mut report = import_payments_table(db, &decoded, &table, options, |tx| {
        put(tx, SYNCED_ON, &today.to_string())?;
        Ok(Some(serde_json::json!({
            "source": "helloasso_api", "organization": organization,
            "from": from, "payments_read": count, "synced_on": today,
        })))
    })?;
    report.encoding = "API HelloAsso v5 (JSON)".into();
    for row in &mut report.rows {
        // the position in the API's list, not a line of a file
        row.line = row.line.saturating_sub(1);
        if let Some(field) = &row.field {
            row.field = Some(api_field(field).to_string());
        }
    }
    Ok(SyncReport {
        organization: settings.organization,
        from,
        payments_read: count,
        report,
    })
}

fn check_api_url(text: &str) -> Result<String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Ok(DEFAULT_API_URL.to_string());
    }
    let refuse = || {
        Error::invalid(
            Field::Url,
            text,
            "adresse de l'API attendue : https://… (http:// seulement sur cette machine, pour les essais)",
            "the API address is expected: https://… (http:// only on this machine, for tests)",
        )
    };
    let url = url::Url::parse(text).map_err(|_| refuse())?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(text.to_string()),
        "http" if local => Ok(text.to_string()),
        _ => Err(refuse()),
    }
}

fn read(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The export's columns this sync fills, in order.
const COLUMNS: [&str; 18] = [
    "Référence commande",
    "Référence paiement",
    "Montant total",
    "Date du paiement",
    "Statut du paiement",
    "Nom payeur",
    "Prénom payeur",
    "Email payeur",
    "Raison sociale",
    "Campagne",
    "Type",
    "Tarif",
    "Montant du tarif",
    "Don supplémentaire",
    "Moyen de paiement",
    "Adresse payeur",
    "Code Postal payeur",
    "Ville payeur",
];

/// The API field an export column came from, for the report's messages.
fn api_field(column: &str) -> &str {
    match column {
        "Référence commande" => "order.id",
        "Référence paiement" => "id",
        "Montant total" => "amount",
        "Date du paiement" => "date",
        "Statut du paiement" => "state",
        "Nom payeur" => "payer.lastName",
        "Email payeur" => "payer.email",
        "Campagne" => "order.formSlug",
        "Type" => "items.type",
        "Tarif" => "items.name",
        "Montant du tarif" | "Don supplémentaire" => "items.shareAmount",
        "Moyen de paiement" => "paymentMeans",
        other => other,
    }
}

/// The payments as HelloAsso's payments export would list them (`;`, every cell quoted).
fn as_export(payments: &[ApiPayment]) -> String {
    let mut text = String::new();
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(";")
    };
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    text.push_str(&line(&header));
    text.push('\n');
    for p in payments {
        text.push_str(&line(&export_row(p)));
        text.push('\n');
    }
    text
}

enum ItemKind {
    Membership,
    Donation,
    Other,
}

fn item_kind(item: &ApiItem) -> ItemKind {
    match fold(item.kind.as_deref().unwrap_or("")).as_str() {
        "membership" => ItemKind::Membership,
        "donation" | "monthlydonation" | "offlinedonation" => ItemKind::Donation,
        _ => ItemKind::Other,
    }
}

/// What of this payment went to the item: its share (an instalment pays a part), else its price.
fn share(item: &ApiItem) -> i64 {
    item.share_amount.or(item.amount).unwrap_or(0)
}

fn export_row(p: &ApiPayment) -> Vec<String> {
    let payer = p.payer.clone().unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let items = p.items.clone().unwrap_or_default();
    let sum = |wanted: fn(&ItemKind) -> bool| -> i64 {
        items
            .iter()
            .filter(|i| wanted(&item_kind(i)))
            .map(share)
            .sum()
    };
    let first_named = |wanted: fn(&ItemKind) -> bool| -> String {
        items
            .iter()
            .find(|i| wanted(&item_kind(i)))
            .and_then(|i| i.name.clone())
            .unwrap_or_default()
    };
    let membership = sum(|k| matches!(k, ItemKind::Membership));
    let donation = sum(|k| matches!(k, ItemKind::Donation));
    let other = sum(|k| matches!(k, ItemKind::Other));
    let has = |wanted: fn(&ItemKind) -> bool| items.iter().any(|i| wanted(&item_kind(i)));
    // (type, tarif, price, extra donation, total): the tip, HelloAsso's own, is never counted
    let (kind, tarif, price, extra, total) = if items.is_empty() {
        let kind = match p.order.as_ref().and_then(|o| o.form_type.as_deref()) {
            Some("Membership") => "Adhésion",
            Some("Donation") => "Don",
            _ => "Paiement",
        };
        let total = p.amount - p.amount_tip.unwrap_or(0);
        (kind, String::new(), String::new(), String::new(), total)
    } else if has(|k| matches!(k, ItemKind::Membership)) {
        (
            "Adhésion",
            first_named(|k| matches!(k, ItemKind::Membership)),
            amount(membership),
            amount(donation),
            membership + donation + other,
        )
    } else if has(|k| matches!(k, ItemKind::Other)) {
        (
            "Paiement",
            first_named(|k| matches!(k, ItemKind::Other)),
            amount(other),
            amount(donation),
            other + donation,
        )
    } else {
        ("Don", String::new(), String::new(), String::new(), donation)
    };
    let offline = p.state == "Registered";
    let means = if offline {
        match p.payment_off_line_mean.as_deref() {
            Some("Check") => "Chèque",
            Some("Cash") => "Espèces",
            Some("BankTransfer") => "Virement",
            _ => "Hors ligne",
        }
        .to_string()
    } else {
        match p.payment_means.as_deref() {
            Some("Card") => "Carte bancaire".to_string(),
            Some("Sepa") => "Prélèvement SEPA".to_string(),
            Some("Check") => "Chèque".to_string(),
            Some("Cash") => "Espèces".to_string(),
            Some("BankTransfer") => "Virement".to_string(),
            other => other.unwrap_or("").to_string(),
        }
    };
    let campaign = p
        .order
        .as_ref()
        .and_then(|o| o.form_slug.clone())
        .unwrap_or_default()
        .replace('-', " ");
    vec![
        p.order
            .as_ref()
            .map(|o| o.id.to_string())
            .unwrap_or_default(),
        p.id.to_string(),
        amount(total),
        day_of(&p.date),
        status_of(p),
        text(&payer.last_name),
        text(&payer.first_name),
        text(&payer.email),
        text(&payer.company),
        campaign,
        kind.to_string(),
        tarif,
        price,
        extra,
        means,
        text(&payer.address),
        text(&payer.zip_code),
        text(&payer.city),
    ]
}

/// Cents as the export writes them (`25,00`); a zero share of a kind is left empty.
fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{},{:02}", c / 100, c % 100)
}

/// `2026-01-14T09:12:45.123+01:00` → `2026-01-14T09:12:45`: the day as Paris saw it.
fn day_of(date: &str) -> String {
    let d = date.trim();
    match (d.get(..10), d.get(10..11), d.get(11..19)) {
        (Some(day), Some("T"), Some(time)) => format!("{day}T{time}"),
        (Some(day), None, None) => day.to_string(),
        _ => d.to_string(),
    }
}

/// A payment state (`EnumsPaymentState`) as the export's « Statut du paiement » words it, so
/// that the CSV import's rules (skip refunded, cancelled, refused, pending) apply as they are.
/// A payment still valid but with refund operations was refunded in part: left out like a
/// refund (its right amount is the treasurer's to record), never imported at its full amount.
fn status_of(p: &ApiPayment) -> String {
    let refunded_in_part = p.refund_operations.as_ref().is_some_and(|r| !r.is_empty());
    match p.state.as_str() {
        "Authorized" | "AuthorizedPreprod" | "Registered" if refunded_in_part => {
            "Remboursé en partie".into()
        }
        "Authorized" | "AuthorizedPreprod" => "Autorisé".into(),
        "Registered" => "Enregistré hors ligne".into(),
        "Refunded" => "Remboursé".into(),
        "Refunding" => "Remboursement en cours".into(),
        "Canceled" | "Abandoned" | "Deleted" => "Annulé".into(),
        "Refused" | "Error" => "Refusé".into(),
        "Pending"
        | "Waiting"
        | "WaitingBankValidation"
        | "WaitingBankWithdraw"
        | "WaitingAuthentication"
        | "Init" => "En attente".into(),
        // contested, corrected, inconsistent, unknown…: not a payment to count as it stands
        other => format!("En attente (état HelloAsso « {other} »)"),
    }
}
