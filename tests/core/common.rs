//! Shared set-up: a fresh association file in a temporary folder.

use panier::Database;
use std::path::PathBuf;
use tempfile::TempDir;

pub struct Fixture {
    pub dir: TempDir,
    pub db: Database,
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("panier.sqlite")
    }
}

pub fn fresh() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut db = Database::create(&dir.path().join("panier.sqlite"), "AMIPO").expect("create");
    // never the real keyring nor the real config folder
    db.use_secrets(secrets_in(&dir));
    Fixture { dir, db }
}

/// The test's own secret store: a folder in its temp dir (no keyring).
pub fn secrets_in(dir: &TempDir) -> panier::store::secrets::SecretStore {
    panier::store::secrets::SecretStore::folder(dir.path().join("config"))
}

pub fn day(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a YYYY-MM-DD day")
}

pub fn audit_rows(db: &Database) -> i64 {
    panier::store::audit::count(db.conn()).unwrap()
}

/// The text of a PDF as `pdftotext -layout` reads it (needs poppler-utils).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}
