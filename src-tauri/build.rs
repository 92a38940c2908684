// Every command the UI may call is listed here: Tauri then generates an `allow-<command>`
// permission for each, and only those granted in capabilities/main.json can be invoked.
const COMMANDS: &[&str] = &[
    "database_status",
    "create_association",
    "open_database",
    "close_database",
    "association_summary",
    "set_language",
];

fn main() {
    // The window's files are embedded at compile time; say how to get them rather than let
    // tauri's macro fail on a missing folder.
    let index = std::path::Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.exists() {
        panic!("ui/dist is missing: build the UI first with `make ui` (npm ci && npm run build in ui/)");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
