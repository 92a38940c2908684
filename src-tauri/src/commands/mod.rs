//! The commands the window invokes, one file per area. Each parses its input, calls one core
//! function and turns the core's error into the sentence the window shows. Every command is
//! also listed in build.rs and granted in capabilities/main.json.

pub mod association;
pub mod database;
pub mod language;
