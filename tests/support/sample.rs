//! The sample members the CLI tests of several binaries add (`cli`, `one_writer`,
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

/// `panier member add` for Bea Roux, the second member.
pub const ADD_BEA: [&str; 6] = [
    "member",
    "add",
    "--name",
    "Bea Roux",
    "--email",
    "bea@example.org",
];
