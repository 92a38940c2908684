//! Panier core: the data of a small CHATONS hoster (members, plans, subscriptions, service
//! accounts, ledger) in one SQLite file, with the rules that keep it whole. No Tauri, no
//! webview: the desktop shell and the CLI are thin layers over this crate.
//!
//! The modules are layers, each importing only those listed before it:
//! [`kernel`] (ids, dates, money, words) → [`store`] (the file, its audit and backups) →
//! [`people`] → [`membership`] (plans, periods, renewals) → [`books`] (ledger, payments,
//! receipts, statements) → [`hosting`] (service accounts, quota, Nextcloud) → [`rights`]
//! (data requests, export, erasure) → [`public`] (report, charter) → [`bridges`] (others'
//! formats) → [`dashboard`] → [`ops`] (the operations: one definition each, with the role
//! allowed; what the transports call) → [`demo`] (seed, bench).

pub mod kernel;
pub mod store;

pub mod books;
pub mod bridges;
pub mod dashboard;
pub mod hosting;
pub mod membership;
pub mod people;
pub mod public;
pub mod rights;

pub mod ops;

pub mod demo;

pub use kernel::error::{Error, Result};
pub use kernel::lang::Lang;
pub use store::db::Database;
