//! The store: the SQLite file, its migrations, the audit log, backups, encryption, checks
//! and settings. It imports the kernel only, never a domain.

pub mod audit;
pub mod backup;
pub mod check;
pub mod crypt;
pub mod db;
pub mod integrity;
pub mod open;
pub mod output;
pub mod repair;
pub mod secrets;
pub mod settings;
pub mod sqlite;
