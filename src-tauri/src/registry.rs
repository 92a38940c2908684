//! The one list of commands (commands.list.rs) as data, for the checks of `permissions` and
//! the `Command` type `bindings` exports to the UI.

/// One area of the list, with its command names in order.
pub struct Area {
    pub name: &'static str,
    pub commands: &'static [&'static str],
}

/// The areas of commands.list.rs.
pub fn areas() -> &'static [Area] {
    macro_rules! panier_commands {
        ($( $area:ident $description:literal [$($extra:literal),* $(,)?] {
            $($module:ident :: $name:ident),* $(,)?
        } )*) => {
            &[$(Area { name: stringify!($area), commands: &[$(stringify!($name)),*] }),*]
        };
    }
    include!("../commands.list.rs")
}

/// Every command name, area after area.
pub fn command_names() -> Vec<&'static str> {
    areas()
        .iter()
        .flat_map(|area| area.commands.iter().copied())
        .collect()
}

/// `ui/src/generated/commands.ts`: the names as a union type, so the UI's `invoke` only
/// takes a command the shell registers.
pub fn commands_typescript() -> String {
    let mut text = String::from(
        "// Generated from src-tauri/commands.list.rs by the bindings test (`make bindings`).\n\
         // Do not edit: add a command to the list instead.\n\n\
         /** A command the window may invoke. */\nexport type Command =\n",
    );
    for area in areas() {
        text.push_str(&format!("  // {}\n", area.name));
        for name in area.commands {
            text.push_str(&format!("  | \"{name}\"\n"));
        }
    }
    text.push_str(";\n");
    text
}
