//! The commands the window invokes, one file per area. Each parses its input, calls the core
//! and turns the core's error into the sentence the window shows. Each command is named once
//! more, in its area of commands.list.rs, which registers and grants it.

pub mod association;
pub mod books;
pub mod dashboard;
pub mod database;
pub mod exports;
pub mod files;
pub mod helloasso;
pub mod imports;
pub mod language;
// money
pub mod mail;
pub mod money;
pub mod receipts;
pub mod remote;
pub mod renewals;
// admin
pub mod accounts;
pub mod members;
pub mod nextcloud;
pub mod plans;
pub mod reports;
pub mod requests;
pub mod settings;
