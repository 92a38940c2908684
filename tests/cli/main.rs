//! The `panier` command line, run as a user would, on temporary files: one test binary, one
//! module per group of commands (as `src/cli/` has them).

mod backup;
mod basics;
mod bench;
mod books;
mod crypt;
mod help;
mod money;
#[path = "../support/ocs_mock.rs"]
mod ocs_mock;
mod quick_start;
mod quota;
mod report;
mod rights;
mod support;
mod users;

// The CLI's own definition (its clap tree and its French help), for the tests that walk it.
#[path = "../../src/cli/mod.rs"]
#[allow(dead_code)]
mod cli;
