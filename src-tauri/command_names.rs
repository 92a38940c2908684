// Shared by build.rs and the permissions test (`include!`d by both): the names of the
// `#[tauri::command]` functions in the files of src/commands/.

/// Every command name in `dir`'s `.rs` files, in file order, with the files read.
fn command_names_in(dir: &std::path::Path) -> (Vec<String>, Vec<std::path::PathBuf>) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/commands is missing")
        .map(|entry| entry.expect("unreadable src/commands entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut names = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("unreadable command file");
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
    (names, files)
}
