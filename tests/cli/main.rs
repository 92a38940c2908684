//! The `panier` command line, run as a user would, on temporary files: one test binary, one
//! module per group of commands (as `src/cli/` has them).

mod backup;
mod basics;
mod bench;
mod books;
mod crypt;
mod mail;
mod money;
#[path = "../support/ocs_mock.rs"]
mod ocs_mock;
mod quota;
mod report;
mod rights;
mod smtp;
mod support;
mod users;
