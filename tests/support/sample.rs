//! The sample member the CLI tests of several binaries add (`cli`, `one_writer`,
//! `no_network`): one definition, the same person everywhere.

/// `panier member add` for Alix Martin.
pub const ADD_ALIX: [&str; 6] = [
    "member",
    "add",
    "--name",
    "Alix Martin",
    "--email",
    "alix@example.org",
];
