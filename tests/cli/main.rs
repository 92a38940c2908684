//! The `panier` command line, run as a user would, on temporary files: one test binary, one
//! module per group of commands (as `src/cli/` has them).

mod backup;
mod basics;
mod bench;
mod books;
mod crypt;
#[path = "../support/files.rs"]
mod files;
mod helloasso;
#[path = "../support/helloasso_mock.rs"]
mod helloasso_mock;
mod help;
#[path = "../support/loopback_http.rs"]
mod loopback_http;
mod mail;
mod money;
#[path = "../support/ocs_mock.rs"]
mod ocs_mock;
mod paheko;
#[path = "../support/plans.rs"]
mod plans_input;
#[path = "../support/processes.rs"]
mod processes;
mod quick_start;
mod quota;
mod report;
mod rights;
#[path = "../support/sample.rs"]
mod sample;
mod smtp;
mod support;
mod users;

// The CLI's own definition (its clap tree and its French help), for the tests that walk it.
#[path = "../../src/cli/mod.rs"]
#[allow(dead_code)]
mod cli;
