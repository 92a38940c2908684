//! The tree is the architecture: each folder of `src/` is a layer, a module imports only its
//! own layer and those below it, no two modules import each other (directly or around a
//! circle), and no room grows past what a person reads in one sitting.
//!
//! Read from the source text on purpose: these are facts about the files a newcomer opens.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, from the ground up (the order `src/lib.rs` declares them in).
const LAYERS: &[&str] = &[
    "kernel",
    "store",
    "people",
    "membership",
    "books",
    "hosting",
    "rights",
    "public",
    "bridges",
    "dashboard",
    "ops",
    "demo",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.rs` file below `dir` (also read by `wording.rs`).
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/books/ledger.rs` → `books::ledger`; `src/store/db/mod.rs` → `store::db`.
fn module_of(file: &Path) -> String {
    let rel = file
        .strip_prefix(root().join("src"))
        .unwrap()
        .with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The core's modules (the CLI binary and the crate root left out) and their source.
fn core_modules() -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files
        .into_iter()
        .map(|f| (module_of(&f), std::fs::read_to_string(&f).unwrap()))
        .filter(|(m, _)| !m.starts_with("cli") && m != "main" && m != "lib")
        .collect()
}

/// The code of a file without its comments (doc links name modules without importing them).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The longest known module that `path` (`books::ledger::insert`) starts with.
fn resolve<'a>(modules: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|k| parts[..k].join("::"))
        .find_map(|candidate| modules.get_key_value(&candidate).map(|(k, _)| k.as_str()))
}

/// Every `crate::a::b` path of the text, `crate::a::{b, c::d}` groups expanded.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let path = path.trim_end_matches(':').to_string();
        let after = &rest[path.len()..];
        if let Some(group) = after.strip_prefix("::{") {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let item = item.trim().split(" as ").next().unwrap_or("").trim();
                if !item.is_empty() && item != "self" {
                    out.push(format!("{path}::{item}"));
                }
            }
        }
        out.push(path);
    }
    out
}

/// Module → the other modules it imports (its own children and parents left out: a folder's
/// `mod.rs` declares its children, a child may name its folder's shared items).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = core_modules();
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
        let mut targets = BTreeSet::new();
        for path in crate_paths(&without_comments(text)) {
            if let Some(target) = resolve(&modules, &path) {
                let related = target == module
                    || module.starts_with(&format!("{target}::"))
                    || target.starts_with(&format!("{module}::"));
                if !related {
                    targets.insert(target.to_string());
                }
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    LAYERS
        .iter()
        .position(|l| *l == top)
        .unwrap_or_else(|| panic!("src/{top} is not a layer listed in LAYERS"))
}

#[test]
fn every_module_imports_only_its_layer_and_those_below() {
    let mut upward = Vec::new();
    for (module, targets) in imports() {
        for target in targets {
            if layer(&target) > layer(&module) {
                upward.push(format!("{module} → {target}"));
            }
        }
    }
    assert!(upward.is_empty(), "imports up the layers: {upward:#?}");
}

#[test]
fn no_module_imports_itself_around_a_circle() {
    let graph = imports();
    // Depth-first search; a grey node met again closes a circle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        circles: &mut Vec<String>,
    ) {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => visit(next, graph, state, stack, circles),
                1 => {
                    let from = stack.iter().position(|m| m == next).unwrap();
                    circles.push(format!("{} → {next}", stack[from..].join(" → ")));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
    }
    let (mut state, mut circles) = (BTreeMap::new(), Vec::new());
    for node in graph.keys() {
        if !state.contains_key(node) {
            visit(node, &graph, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}

#[test]
fn the_top_of_src_holds_at_most_sixteen_entries_each_a_known_layer() {
    let entries: Vec<String> = std::fs::read_dir(root().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        entries.len() <= 16,
        "{} entries at the top of src/: {entries:?}",
        entries.len()
    );
    for entry in entries {
        let name = entry.trim_end_matches(".rs");
        assert!(
            LAYERS.contains(&name) || ["lib", "main", "cli"].contains(&name),
            "src/{entry} is neither a layer nor the crate's root, binary or CLI"
        );
    }
}

#[test]
fn no_rust_file_is_over_800_lines() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "src-tauri/src", "src-tauri/tests", "server"] {
        if root().join(dir).is_dir() {
            rust_files(&root().join(dir), &mut files);
        }
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > 800).then(|| format!("{}: {lines}", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:#?}");
}

#[test]
fn no_svelte_screen_is_over_600_lines() {
    fn svelte_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                svelte_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "svelte") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    svelte_files(&root().join("ui/src"), &mut files);
    assert!(!files.is_empty(), "no Svelte file found under ui/src");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > 600).then(|| format!("{}: {lines}", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "Svelte files over 600 lines: {long:#?}");
}
