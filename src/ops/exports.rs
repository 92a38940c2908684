//! Files for the accountant and for spreadsheets: the FEC, the ledger of a year, the members.
//! An operation takes no path on the server: it answers the file's bytes with the name to
//! suggest; the desktop shell writes them where the user's dialog said, a browser downloads
//! them, the CLI writes them at its `--output`.

use super::books::check_year;
use super::{Access, Area, Operation};
use crate::books::{fec, ledger_export};
use crate::bridges::members_csv;
use crate::kernel::base64_text;
use crate::kernel::error::{Error, Result};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file made by an operation, carried in its JSON answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileBytes {
    /// the name to suggest: `123456782FEC20261231.txt`
    pub file_name: String,
    /// the MIME type, for a browser's download
    pub media_type: String,
    /// the content, base64
    pub content_base64: String,
    /// the content's size in bytes
    #[ts(type = "number")]
    pub size: i64,
    /// entries (FEC), ledger rows, members or receipts the file holds
    #[ts(type = "number")]
    pub count: i64,
}

impl FileBytes {
    pub fn new(file_name: String, media_type: &str, bytes: &[u8], count: usize) -> Self {
        FileBytes {
            file_name,
            media_type: media_type.into(),
            content_base64: base64_text::encode(bytes),
            size: bytes.len() as i64,
            count: count as i64,
        }
    }

    /// The content, as the transport writes it.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        base64_text::decode(&self.content_base64).ok_or_else(|| {
            Error::refused(
                format!("le contenu de {} est illisible", self.file_name),
                format!("the content of {} is unreadable", self.file_name),
            )
        })
    }
}

const TEXT: &str = "text/plain;charset=utf-8";
const CSV: &str = "text/csv;charset=utf-8";

/// A financial year, by the year it starts in.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct ExportYear {
    pub year: i32,
}

/// The FEC of a financial year, `<SIREN>FEC<AAAAMMJJ>.txt`; refused while the SIREN is unset.
pub struct Fec;

impl Operation for Fec {
    const NAME: &'static str = "export_fec";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = ExportYear;
    type Response = FileBytes;

    fn run(db: &mut Database, asked: ExportYear) -> Result<FileBytes> {
        let fec = fec::build(db.conn(), check_year(asked.year)?)?;
        Ok(FileBytes::new(
            fec.file_name,
            TEXT,
            fec.text.as_bytes(),
            fec.entries,
        ))
    }
}

/// The ledger of a financial year as CSV, one row per ledger line.
pub struct LedgerCsv;

impl Operation for LedgerCsv {
    const NAME: &'static str = "export_ledger_csv";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = ExportYear;
    type Response = FileBytes;

    fn run(db: &mut Database, asked: ExportYear) -> Result<FileBytes> {
        let year = check_year(asked.year)?;
        let conn = db.conn();
        let rows = ledger_export::rows(conn, ledger_export::financial_year(conn, year)?)?;
        let csv = ledger_export::to_csv(&rows)?;
        Ok(FileBytes::new(
            format!("grand-livre-{year}.csv"),
            CSV,
            csv.as_bytes(),
            rows.len(),
        ))
    }
}

/// Every member as a CSV that the members import reads back unchanged.
pub struct MembersCsv;

impl Operation for MembersCsv {
    const NAME: &'static str = "export_members_csv";
    const ACCESS: Access = Access::Read(Area::Members);
    type Request = ();
    type Response = FileBytes;

    fn run(db: &mut Database, _: ()) -> Result<FileBytes> {
        let conn = db.conn();
        let csv = members_csv::export_members_csv(conn)?;
        // counted in the file, not in its lines: a note may hold line breaks
        let count: i64 = conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?;
        Ok(FileBytes::new(
            "membres.csv".into(),
            CSV,
            csv.as_bytes(),
            count as usize,
        ))
    }
}
