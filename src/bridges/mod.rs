//! Other tools' formats and protocols, in and out: HelloAsso exports, members CSV, mail (SMTP). Imports are all or
//! nothing and report every row.
//!
//! From the ground up: `csv_file` reads a file, `report` holds what an import tells and runs
//! it, `helloasso_match` finds what a HelloAsso row refers to, `helloasso_forms` and
//! `helloasso` read HelloAsso's two exports, `members_csv` reads and writes the members CSV.

pub mod csv_file;
pub mod helloasso;
pub mod helloasso_forms;
pub mod helloasso_match;
pub mod mail;
pub mod members_csv;
pub mod report;
