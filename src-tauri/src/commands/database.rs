//! Which file is open: status, create (with the association's details), the demo, open, close.

use crate::form::FormError;
use crate::session::{DatabaseStatus, Session};
use panier::kernel::field::Field;
use panier::store::db::Database;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::State;
use ts_rs::TS;

#[tauri::command]
pub async fn database_status(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.status())
}

/// What the first-run form asks beside the name; each is a setting of the core (`panier
/// settings set`), empty for "not now".
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssociationDetails {
    pub address: String,
    pub rna: String,
    pub siren: String,
    /// the first day of the financial year, MM-DD
    pub fiscal_year_start: String,
    /// may issue tax receipts (reçus fiscaux, art. 200 CGI)
    pub tax_receipts: bool,
}

impl AssociationDetails {
    fn is_empty(&self) -> bool {
        [
            &self.address,
            &self.rna,
            &self.siren,
            &self.fiscal_year_start,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
            && !self.tax_receipts
    }
}

/// The first-run form's fields: the core keys the refusals of the name and of each detail
/// by these (`settings::form_field`).
const DETAILS_FIELDS: [Field; 6] = [
    Field::Name,
    Field::Address,
    Field::Rna,
    Field::Siren,
    Field::FiscalYearStart,
    Field::TaxReceipts,
];

fn write_details(db: &mut Database, details: &AssociationDetails) -> panier::Result<()> {
    for (key, value) in [
        ("address", details.address.as_str()),
        ("rna", details.rna.as_str()),
        ("siren", details.siren.as_str()),
        ("fiscal_year_start", details.fiscal_year_start.as_str()),
    ] {
        if !value.trim().is_empty() {
            panier::store::settings::set(db, key, value)?;
        }
    }
    if details.tax_receipts {
        panier::store::settings::set(db, "tax_receipts", "yes")?;
    }
    Ok(())
}

/// Removes a file this command created and could not finish, so a refused form leaves nothing.
fn remove_unfinished(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Creates the association's file with its details and opens it. A refused detail (an RNA
/// that is not one…) removes the new file: the form can be sent again as it is.
#[tauri::command]
pub async fn create_association(
    session: State<'_, Session>,
    path: PathBuf,
    name: String,
    details: Option<AssociationDetails>,
) -> Result<DatabaseStatus, FormError> {
    let refused = |e: &panier::Error| FormError::on_form(&session, e, &DETAILS_FIELDS);
    let details = details.unwrap_or_default();
    if details.is_empty() {
        return session.create(&path, &name).map_err(|e| refused(&e));
    }
    let mut db = Database::create(&path, &name).map_err(|e| refused(&e))?;
    let written = write_details(&mut db, &details);
    drop(db);
    if let Err(e) = written {
        remove_unfinished(&path);
        return Err(refused(&e));
    }
    session.open(&path).map_err(|e| refused(&e))
}

/// The demo association's file, beside where a new association would be created.
pub const DEMO_FILE_NAME: &str = "panier-demo.sqlite";

/// Opens the demo association (2,000 members over three years, the core's seed), creating it
/// on first use like `make demo`.
#[tauri::command]
pub async fn open_demo_association(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    let beside = match session.status() {
        DatabaseStatus::FirstRun { suggested_path, .. } => suggested_path,
        DatabaseStatus::Open { path } => path,
    };
    let demo = beside
        .parent()
        .map(|dir| dir.join(DEMO_FILE_NAME))
        .unwrap_or_else(|| PathBuf::from(DEMO_FILE_NAME));
    if !demo.exists() {
        let built = Database::create(&demo, "AMIPO (démo)").and_then(|mut db| {
            let options = panier::demo::seed::SeedOptions {
                members: 2000,
                years: 3,
                ..Default::default()
            };
            panier::demo::seed::seed(&mut db, &options).map(|_| ())
        });
        if let Err(e) = built {
            remove_unfinished(&demo);
            return Err(session.message(&e));
        }
    }
    session.open(&demo).map_err(|e| session.message(&e))
}

#[tauri::command]
pub async fn open_database(
    session: State<'_, Session>,
    path: PathBuf,
    passphrase: Option<String>,
) -> Result<DatabaseStatus, String> {
    let passphrase = passphrase
        .filter(|text| !text.is_empty())
        .map(panier::store::db::Passphrase::new);
    session
        .open_with_passphrase(&path, passphrase)
        .map_err(|e| session.message(&e))
}

#[tauri::command]
pub async fn close_database(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.close())
}
