//! Other tools' formats, in and out: HelloAsso exports, members CSV.

pub mod import;
