//! The commands the window invokes, one file per area. Each parses its input, calls the core
//! and turns the core's error into the sentence the window shows. build.rs lists every
//! `#[tauri::command]` found here; each is also registered in lib.rs and granted in
//! capabilities/<area>.json.

pub mod association;
pub mod books;
pub mod dashboard;
pub mod database;
pub mod exports;
pub mod files;
pub mod imports;
pub mod language;
// money
pub mod money;
pub mod receipts;
pub mod renewals;
// admin
pub mod accounts;
pub mod members;
pub mod nextcloud;
pub mod plans;
pub mod reports;
pub mod requests;
pub mod settings;
