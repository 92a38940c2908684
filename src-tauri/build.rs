// Every `#[tauri::command]` in src/commands/ is listed here: Tauri then generates an
// `allow-<command>` permission for each, and only those granted in capabilities/*.json can be
// invoked. Reading the names from the sources keeps this list from drifting.
use std::path::Path;

fn command_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/commands is missing")
        .map(|entry| entry.expect("unreadable src/commands entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(&file).expect("unreadable command file");
        let mut after_attribute = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[tauri::command") {
                after_attribute = true;
            } else if after_attribute && line.contains("fn ") {
                let name = line
                    .split("fn ")
                    .nth(1)
                    .and_then(|rest| rest.split(['(', '<']).next())
                    .expect("a command without a name");
                names.push(name.trim().to_string());
                after_attribute = false;
            }
        }
    }
    names
}

fn main() {
    // The window's files are embedded at compile time; say how to get them rather than let
    // tauri's macro fail on a missing folder.
    let index = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.exists() {
        panic!("ui/dist is missing: build the UI first with `make ui` (npm ci && npm run build in ui/)");
    }
    // tauri-build wants a 'static list; a build script runs once, so leaking it is free.
    let commands: &'static [&'static str] = Box::leak(
        command_names(Path::new("src/commands"))
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
