//! The file opened last, remembered in the app's config folder so the next start reopens it.

use std::path::{Path, PathBuf};

const FILE_NAME: &str = "last-database.txt";

/// A one-line text file holding the path of the Panier file opened last.
#[derive(Debug, Clone)]
pub struct LastOpenedFile {
    record: PathBuf,
}

impl LastOpenedFile {
    pub fn in_config_dir(config_dir: &Path) -> Self {
        LastOpenedFile {
            record: config_dir.join(FILE_NAME),
        }
    }

    /// The remembered path, if any. An unreadable record is treated as none: at worst the
    /// first-run screen shows, which is how the person gets to pick a file anyway.
    pub fn read(&self) -> Option<PathBuf> {
        let text = std::fs::read_to_string(&self.record).ok()?;
        let line = text.lines().next()?.trim();
        (!line.is_empty()).then(|| PathBuf::from(line))
    }

    /// Remembers `database`. Paths that are not valid UTF-8 are not remembered.
    pub fn remember(&self, database: &Path) -> std::io::Result<()> {
        let Some(text) = database.to_str() else {
            return Ok(());
        };
        if let Some(dir) = self.record.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&self.record, format!("{text}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_a_path_across_instances() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config").join("fr.chatons.panier");
        let first = LastOpenedFile::in_config_dir(&config);
        assert_eq!(first.read(), None);
        first
            .remember(Path::new("/srv/asso/Trésorerie 2025.sqlite"))
            .unwrap();
        let again = LastOpenedFile::in_config_dir(&config);
        assert_eq!(
            again.read(),
            Some(PathBuf::from("/srv/asso/Trésorerie 2025.sqlite"))
        );
    }

    #[test]
    fn an_empty_record_means_nothing_remembered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "\n").unwrap();
        assert_eq!(LastOpenedFile::in_config_dir(dir.path()).read(), None);
    }
}
