//! The window may call exactly the commands it uses: every command is registered, granted in
//! capabilities/, and invoked somewhere in the UI; nothing else is granted. A command left
//! behind by a removed screen, or one the UI calls but nobody granted, fails here rather than
//! in front of a treasurer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

include!("../command_names.rs");

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn commands() -> BTreeSet<String> {
    let (names, _) = command_names_in(&crate_dir().join("src/commands"));
    let set: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(set.len(), names.len(), "a command name is defined twice");
    set
}

/// `commands::<area>::<name>` entries of `generate_handler!` in lib.rs.
fn registered() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(crate_dir().join("src/lib.rs")).unwrap();
    let start = lib
        .find("generate_handler![")
        .expect("no generate_handler! in lib.rs");
    let end = start + lib[start..].find(']').unwrap();
    lib[start..end]
        .lines()
        .map(|line| {
            line.split("//")
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches(',')
        })
        .filter_map(|path| path.strip_prefix("commands::"))
        .filter_map(|path| path.rsplit("::").next())
        .map(str::to_string)
        .collect()
}

/// The `allow-…` permissions of every capability file, as command names.
fn granted() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(crate_dir().join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for permission in capability["permissions"].as_array().unwrap() {
            let permission = permission.as_str().expect("a permission is a string");
            if let Some(command) = permission.strip_prefix("allow-") {
                assert!(
                    names.insert(command.replace('-', "_")),
                    "{permission} is granted twice"
                );
            } else {
                assert_eq!(
                    permission,
                    "core:default",
                    "{}: only Panier's own commands and Tauri's defaults are granted",
                    path.display()
                );
            }
        }
    }
    names
}

fn ui_sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ui_sources(&path, found);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "ts" || ext == "svelte")
            && !path.to_string_lossy().ends_with(".test.ts")
        {
            found.push(path);
        }
    }
}

/// The command names the UI passes to `invoke(…)`.
fn invoked_by_ui() -> BTreeSet<String> {
    let mut files = Vec::new();
    ui_sources(&crate_dir().join("../ui/src"), &mut files);
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for call in text.split("invoke").skip(1) {
            // invoke<T>("name", …) or invoke("name", …)
            let call = call.trim_start();
            let call = match call.strip_prefix('<') {
                Some(_) => match call.find(">(") {
                    Some(end) => &call[end + 1..],
                    None => continue,
                },
                None => call,
            };
            if let Some(rest) = call.strip_prefix("(\"") {
                if let Some(end) = rest.find('"') {
                    names.insert(rest[..end].to_string());
                }
            }
        }
    }
    names
}

#[test]
fn every_command_is_registered_granted_and_used_and_nothing_more() {
    let commands = commands();
    assert!(!commands.is_empty());
    assert_eq!(
        registered(),
        commands,
        "lib.rs generate_handler! vs src/commands"
    );
    assert_eq!(granted(), commands, "capabilities/*.json vs src/commands");
    assert_eq!(
        invoked_by_ui(),
        commands,
        "invoke(…) calls in ui/src vs src/commands"
    );
}
