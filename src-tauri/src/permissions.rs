//! The window may call exactly the commands it uses. The one list (commands.list.rs) is the
//! registry, the handler and the capability files at once (see build.rs and lib.rs); here we
//! check what the list alone cannot: each name appears once, the capability files build.rs
//! wrote are the ones committed, and the UI invokes every listed command and nothing else. A
//! command left behind by a removed screen, or one the UI calls but nobody listed, fails here
//! rather than in front of a treasurer.

use crate::registry::{areas, command_names};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn commands() -> BTreeSet<String> {
    let names = command_names();
    let set: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
    assert_eq!(set.len(), names.len(), "a command name is listed twice");
    set
}

/// The `allow-…` permissions of the capability files, as command names, per file.
fn granted_by_file() -> Vec<(String, Vec<String>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(crate_dir().join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let names = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().expect("a permission is a string"))
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|name| name.replace('-', "_"))
            .collect();
        files.push((
            capability["identifier"].as_str().unwrap().to_string(),
            names,
        ));
    }
    files.sort();
    files
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
fn each_command_is_listed_once() {
    assert!(!commands().is_empty());
}

#[test]
fn each_area_of_the_list_is_its_capability_file() {
    // build.rs writes them; a stale or hand-edited file is caught here.
    let mut expected: Vec<(String, Vec<String>)> = areas()
        .iter()
        .map(|area| {
            let names = area.commands.iter().map(|n| n.to_string()).collect();
            (area.name.to_string(), names)
        })
        .collect();
    expected.sort();
    assert_eq!(granted_by_file(), expected);
}

#[test]
fn the_ui_invokes_every_listed_command_and_nothing_else() {
    assert_eq!(
        invoked_by_ui(),
        commands(),
        "invoke(…) calls in ui/src vs commands.list.rs"
    );
}
