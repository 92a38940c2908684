//! Other tools' formats and protocols, in and out: HelloAsso exports and API, members CSV,
//! Paheko, mail (SMTP). Imports are all or
//! nothing and report every row.
//!
//! From the ground up: `csv_file` reads a file, `report` holds what an import tells and runs
//! it, `helloasso_match` finds what a HelloAsso row refers to, `helloasso_forms` and
//! `helloasso` read HelloAsso's two exports, `helloasso_api` reads HelloAsso's API and
//! `helloasso_sync` imports its payments as the payments export, `members_csv` reads and
//! writes the members CSV, `paheko` moves a Paheko association in.

pub mod csv_file;
pub mod helloasso;
pub mod helloasso_api;
pub mod helloasso_forms;
pub mod helloasso_match;
pub mod helloasso_sync;
pub mod mail;
pub mod members_csv;
pub mod paheko;
pub mod report;
