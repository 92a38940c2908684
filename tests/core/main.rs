//! Integration tests of the core library, on real SQLite files in temporary folders. One test
//! binary; its modules mirror `src/`.

mod backup;
mod books;
mod common;
mod dashboard;
mod db;
mod import;
mod ledger;
mod members;
mod money_flow;
mod payments;
mod pdf;
mod plans;
mod seed;
mod settings;
