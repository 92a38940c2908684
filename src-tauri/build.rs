// Every `#[tauri::command]` in src/commands/ is listed here: Tauri then generates an
// `allow-<command>` permission for each, and only those granted in capabilities/*.json can be
// invoked. Reading the names from the sources keeps this list from drifting.
use std::path::Path;

include!("command_names.rs");

fn main() {
    // The window's files are embedded at compile time; say how to get them rather than let
    // tauri's macro fail on a missing folder.
    let index = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.exists() {
        panic!("ui/dist is missing: build the UI first with `make ui` (npm ci && npm run build in ui/)");
    }
    // tauri-build wants a 'static list; a build script runs once, so leaking it is free.
    let (names, files) = command_names_in(Path::new("src/commands"));
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    // The folder too: a new command file changes its modification time.
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=command_names.rs");
    let commands: &'static [&'static str] = Box::leak(
        names
            .into_iter()
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
