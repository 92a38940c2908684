//! Which Panier file the window opens at start: the one named by `PANIER_DB` (as the CLI
//! does), else the last one opened in this app, else the CLI's default file if it exists,
//! else none (the first-run screen).

use std::path::{Path, PathBuf};

/// Where the file to open at start comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseChoice {
    /// `PANIER_DB` names it; it may not exist yet (then the first-run screen offers to
    /// create the association there).
    FromEnvironment(PathBuf),
    /// The file opened last time; it may have been moved or deleted since.
    LastOpened(PathBuf),
    /// The CLI's default file, which exists: the CLI created it.
    CliDefault(PathBuf),
    /// Nothing to open: the first-run screen, suggesting to create the CLI's default file.
    FirstRun { suggested_path: PathBuf },
}

/// Decides from the environment variable, the remembered file and the CLI's default path.
pub fn choose(
    panier_db: Option<PathBuf>,
    last_opened: Option<PathBuf>,
    cli_default: &Path,
) -> DatabaseChoice {
    if let Some(path) = panier_db.filter(|p| !p.as_os_str().is_empty()) {
        DatabaseChoice::FromEnvironment(path)
    } else if let Some(path) = last_opened {
        DatabaseChoice::LastOpened(path)
    } else if cli_default.exists() {
        DatabaseChoice::CliDefault(cli_default.to_path_buf())
    } else {
        DatabaseChoice::FirstRun {
            suggested_path: cli_default.to_path_buf(),
        }
    }
}

/// `PANIER_DB` as this process sees it.
pub fn panier_db_from_environment() -> Option<PathBuf> {
    std::env::var_os("PANIER_DB").map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_even_over_a_remembered_file() {
        let dir = tempfile::tempdir().unwrap();
        let choice = choose(
            Some(dir.path().join("env.sqlite")),
            Some(dir.path().join("last.sqlite")),
            &dir.path().join("default.sqlite"),
        );
        assert_eq!(
            choice,
            DatabaseChoice::FromEnvironment(dir.path().join("env.sqlite"))
        );
    }

    #[test]
    fn an_empty_environment_variable_counts_as_unset() {
        let dir = tempfile::tempdir().unwrap();
        let choice = choose(
            Some(PathBuf::new()),
            Some(dir.path().join("last.sqlite")),
            &dir.path().join("default.sqlite"),
        );
        assert_eq!(
            choice,
            DatabaseChoice::LastOpened(dir.path().join("last.sqlite"))
        );
    }

    #[test]
    fn the_cli_default_is_opened_only_when_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let default = dir.path().join("default.sqlite");
        assert_eq!(
            choose(None, None, &default),
            DatabaseChoice::FirstRun {
                suggested_path: default.clone()
            }
        );
        std::fs::write(&default, b"").unwrap();
        assert_eq!(
            choose(None, None, &default),
            DatabaseChoice::CliDefault(default)
        );
    }
}
