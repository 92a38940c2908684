//! Integration tests of the core library, on real SQLite files in temporary folders. One test
//! binary; its modules mirror `src/`.

mod backup;
mod books;
mod books_rules;
mod common;
mod crypt;
mod dashboard;
mod db;
mod erasure;
mod export;
#[path = "../support/files.rs"]
mod files;
mod helloasso_api;
#[path = "../support/helloasso_mock.rs"]
mod helloasso_mock;
mod import;
mod input_rules;
mod integrity;
mod layers;
mod ledger;
#[path = "../support/loopback_http.rs"]
mod loopback_http;
mod mail;
mod members;
mod money_flow;
mod nextcloud;
mod nextcloud_server;
#[path = "../support/ocs_mock.rs"]
mod ocs_mock;
mod ops;
mod output;
mod paheko;
mod paheko12;
mod payments;
mod pdf;
mod plans;
#[path = "../support/plans.rs"]
mod plans_input;
mod quota;
mod receipts;
mod report;
mod report_pages;
mod report_payers;
mod report_year;
mod requests;
mod secrets;
mod seed;
mod settings;
mod totals;
mod users;
mod webdav;
mod wording;
