// The window's commands come from one list, commands.list.rs: this script expands it into
// the names tauri-build turns into `allow-<command>` permissions, and writes each area's
// capability file (capabilities/<area>.json) granting exactly that area's commands. Only
// the commands granted there can be invoked.
use std::path::Path;

/// One area of the list: a capability file.
struct Area {
    name: &'static str,
    description: &'static str,
    /// permissions other than Panier's own commands (Tauri's `core:default` for `main`)
    extra: &'static [&'static str],
    commands: &'static [&'static str],
}

macro_rules! panier_commands {
    ($( $area:ident $description:literal [$($extra:literal),* $(,)?] {
        $($module:ident :: $name:ident),* $(,)?
    } )*) => {
        &[$(Area {
            name: stringify!($area),
            description: $description,
            extra: &[$($extra),*],
            commands: &[$(stringify!($name)),*],
        }),*]
    };
}

const AREAS: &[Area] = include!("commands.list.rs");

/// The capability file of `area`, as JSON text.
fn capability(area: &Area) -> String {
    let permissions: Vec<String> = area
        .extra
        .iter()
        .map(|p| p.to_string())
        .chain(
            area.commands
                .iter()
                .map(|name| format!("allow-{}", name.replace('_', "-"))),
        )
        .collect();
    let json = serde_json::json!({
        "identifier": area.name,
        "description": area.description,
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&json).expect("JSON of a capability");
    text.push('\n');
    text
}

fn main() {
    // The window's files are embedded at compile time; say how to get them rather than let
    // tauri's macro fail on a missing folder.
    let index = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.exists() {
        panic!("ui/dist is missing: build the UI first with `make ui` (npm ci && npm run build in ui/)");
    }
    println!("cargo:rerun-if-changed=commands.list.rs");
    std::fs::create_dir_all("capabilities").expect("cannot create capabilities/");
    for area in AREAS {
        let path = Path::new("capabilities").join(format!("{}.json", area.name));
        let text = capability(area);
        // Rewritten only when it changes: tauri-build watches these files.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).expect("cannot write a capability file");
        }
    }
    let commands: Vec<&'static str> = AREAS
        .iter()
        .flat_map(|area| area.commands.iter().copied())
        .collect();
    // tauri-build wants a 'static list; a build script runs once, so leaking it is free.
    let commands: &'static [&'static str] = Box::leak(commands.into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
