//! Panier core: the data of a small CHATONS hoster (members, plans, subscriptions, service
//! accounts, ledger) in one SQLite file, with the rules that keep it whole. No Tauri, no
//! webview: the desktop shell and the CLI are thin layers over this crate.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod books;
pub mod charter;
pub mod check;
pub mod crypt;
pub mod dashboard;
pub mod dates;
pub mod db;
pub mod erasure;
pub mod error;
pub mod export;
pub mod fec;
pub mod ids;
pub mod import;
pub mod lang;
pub mod ledger;
pub mod ledger_export;
pub mod members;
pub mod money;
pub mod nextcloud;
pub mod payments;
pub mod pdf;
pub mod plans;
pub mod quota;
pub mod receipts;
pub mod recurring;
pub mod renewals;
pub mod report;
pub mod requests;
pub mod search;
pub mod seed;
pub mod settings;
pub mod size;
pub mod subscriptions;

pub use db::Database;
pub use error::{Error, Result};
pub use lang::Lang;
