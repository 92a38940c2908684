//! Integration tests of the core library, on real SQLite files in temporary folders. One test
//! binary; its modules mirror `src/`.

mod backup;
mod books;
mod common;
mod crypt;
mod dashboard;
mod db;
mod erasure;
mod export;
mod import;
mod integrity;
mod layers;
mod ledger;
mod members;
mod money_flow;
mod nextcloud;
#[path = "../support/ocs_mock.rs"]
mod ocs_mock;
mod ops;
mod output;
mod payments;
mod pdf;
mod plans;
mod quota;
mod receipts;
mod report;
mod report_pages;
mod requests;
mod seed;
mod settings;
mod totals;
mod users;
