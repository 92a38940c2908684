//! What went wrong with a file, said as a person would: which path, and why in plain words
//! ("the folder is read-only", "the disk is full"), never a bare OS error.

use crate::kernel::lang::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// the folder (or the file) cannot be written: permissions or a read-only mount
    ReadOnly,
    /// no space left on the device
    DiskFull,
    /// the path is a symbolic link: Panier writes nothing through one
    SymbolicLink,
    /// the path is the open Panier file, or its `-wal`/`-shm`/`-journal` companion
    OpenDatabase,
    /// the path holds a Panier (or other SQLite) database
    Database,
    /// the path lies in the backup folder
    Backup,
    /// the path is an existing file, and replacing it was not confirmed
    Exists,
    /// the path is a folder, not a file
    Folder,
    /// anything else the system said
    Other(String),
}

/// A file that could not be read or written, with its path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Fr))]
pub struct FileError {
    pub path: PathBuf,
    pub problem: FileProblem,
}

impl FileError {
    pub fn new(path: &Path, problem: FileProblem) -> Self {
        FileError {
            path: path.to_path_buf(),
            problem,
        }
    }

    /// The system's error on `path`, sorted into the problems a person can act on.
    pub fn from_io(path: &Path, error: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        let problem = match error.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => FileProblem::ReadOnly,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => FileProblem::DiskFull,
            ErrorKind::IsADirectory => FileProblem::Folder,
            _ => FileProblem::Other(error.to_string()),
        };
        FileError::new(path, problem)
    }

    pub fn message(&self, lang: Lang) -> String {
        let path = self.path.display();
        match (&self.problem, lang) {
            (FileProblem::ReadOnly, Lang::Fr) => {
                format!("{path} : le dossier est en lecture seule (ou le fichier est protégé) : choisissez un autre emplacement")
            }
            (FileProblem::ReadOnly, Lang::En) => {
                format!("{path}: the folder is read-only (or the file is protected): choose another place")
            }
            (FileProblem::DiskFull, Lang::Fr) => {
                format!("{path} : le disque est plein : libérez de la place, rien n'a été écrit")
            }
            (FileProblem::DiskFull, Lang::En) => {
                format!("{path}: the disk is full: free some space; nothing was written")
            }
            (FileProblem::SymbolicLink, Lang::Fr) => {
                format!("{path} est un lien symbolique : Panier n'écrit pas à travers un lien, donnez le chemin du fichier lui-même")
            }
            (FileProblem::SymbolicLink, Lang::En) => {
                format!("{path} is a symbolic link: Panier writes nothing through a link; give the file's own path")
            }
            (FileProblem::OpenDatabase, Lang::Fr) => {
                format!("{path} est le fichier Panier ouvert (ou son journal) : un export ne peut pas le remplacer")
            }
            (FileProblem::OpenDatabase, Lang::En) => {
                format!(
                    "{path} is the open Panier file (or its journal): an export cannot replace it"
                )
            }
            (FileProblem::Database, Lang::Fr) => {
                format!("{path} est une base de données (Panier ou SQLite) : un export ne peut pas la remplacer")
            }
            (FileProblem::Database, Lang::En) => {
                format!("{path} is a database (Panier or SQLite): an export cannot replace it")
            }
            (FileProblem::Backup, Lang::Fr) => {
                format!("{path} est dans le dossier des sauvegardes : un export ne s'écrit pas parmi elles")
            }
            (FileProblem::Backup, Lang::En) => {
                format!(
                    "{path} is in the backup folder: an export is not written among the backups"
                )
            }
            (FileProblem::Exists, Lang::Fr) => {
                format!("{path} existe déjà : ajoutez --force pour le remplacer, ou choisissez un autre nom")
            }
            (FileProblem::Exists, Lang::En) => {
                format!("{path} already exists: add --force to replace it, or choose another name")
            }
            (FileProblem::Folder, Lang::Fr) => {
                format!("{path} est un dossier : donnez un nom de fichier")
            }
            (FileProblem::Folder, Lang::En) => format!("{path} is a folder: give a file name"),
            (FileProblem::Other(detail), Lang::Fr) => format!("{path} : {detail}"),
            (FileProblem::Other(detail), Lang::En) => format!("{path}: {detail}"),
        }
    }
}

/// Temporary file in the same folder (so the rename is atomic), written, flushed to disk,
/// renamed over the destination, the folder flushed too. On failure the temporary file goes.
pub fn write_whole(destination: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let folder = destination.parent().unwrap_or(Path::new("."));
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, destination)?;
        // The rename is durable once the folder's entry is.
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
        Ok::<(), std::io::Error>(())
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        FileError::from_io(destination, &e)
    })
}
