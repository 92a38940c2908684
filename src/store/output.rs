//! Writing an output (report, page, CSV, FEC, receipt, export ZIP) so that it never destroys
//! an input: never onto the open Panier file or its journal, another database, or a backup;
//! never through a symbolic link; an existing file only when the user confirmed; always whole
//! (a temporary file beside it, flushed, then renamed), so a full disk or a crash leaves the
//! old file or the new one, never a 0-byte or half one. Every refusal names the path.

use crate::kernel::error::Result;
use crate::kernel::files::{write_whole, FileError, FileProblem};
use crate::store::backup;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whether an existing file at the destination may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// refuse (the default: the CLI's `--force` or the window's confirmation says otherwise)
    Refuse,
    /// the user confirmed
    Confirmed,
}

impl Replace {
    pub fn from_force(force: bool) -> Self {
        if force {
            Replace::Confirmed
        } else {
            Replace::Refuse
        }
    }
}

/// A file written: where, and how big (what a command tells the user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenFile {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Writes `bytes` to `path` as one whole file. `conn`, when given, is the open Panier file:
/// neither it, its journal, nor its backup folder may be the destination.
pub fn write(
    conn: Option<&Connection>,
    path: &Path,
    bytes: &[u8],
    replace: Replace,
) -> Result<WrittenFile> {
    let destination = check_destination(conn, path, replace)?;
    write_whole(&destination, bytes)?;
    Ok(WrittenFile {
        path: destination,
        bytes: bytes.len() as u64,
    })
}

/// The destination, absolute, once every rule holds; its folder is made when missing.
pub fn check_destination(
    conn: Option<&Connection>,
    path: &Path,
    replace: Replace,
) -> Result<PathBuf> {
    let refuse = |problem| Err(FileError::new(path, problem).into());
    let Some(name) = path.file_name() else {
        return refuse(FileProblem::Folder);
    };
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| FileError::from_io(parent, &e))?;
    let folder = parent
        .canonicalize()
        .map_err(|e| FileError::from_io(parent, &e))?;
    let absolute = folder.join(name);

    if let Some(conn) = conn {
        if let Some(open) = conn.path().filter(|p| !p.is_empty()).map(Path::new) {
            let open = open.canonicalize().unwrap_or_else(|_| open.to_path_buf());
            if is_database_or_companion(&absolute, &open) {
                return refuse(FileProblem::OpenDatabase);
            }
            let backups = backup::dir_of(conn, &open);
            let backups = backups.canonicalize().unwrap_or(backups);
            if absolute.starts_with(&backups) {
                return refuse(FileProblem::Backup);
            }
        }
    }

    match std::fs::symlink_metadata(&absolute) {
        Ok(meta) if meta.file_type().is_symlink() => refuse(FileProblem::SymbolicLink),
        Ok(meta) if meta.is_dir() => refuse(FileProblem::Folder),
        Ok(_) if holds_a_database(&absolute) => refuse(FileProblem::Database),
        Ok(_) if replace == Replace::Refuse => refuse(FileProblem::Exists),
        Ok(_) => Ok(absolute),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(absolute),
        Err(e) => Err(FileError::from_io(path, &e).into()),
    }
}

/// `path` is `database` itself or one of SQLite's files beside it.
fn is_database_or_companion(path: &Path, database: &Path) -> bool {
    if path == database {
        return true;
    }
    let base = database.as_os_str().to_string_lossy();
    ["-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| path.as_os_str().to_string_lossy() == format!("{base}{suffix}"))
}

/// An SQLite database (Panier's or another), a journal of one, or a `.sqlite` file that may
/// be an encrypted one (which starts with random bytes, so only its name tells).
fn holds_a_database(path: &Path) -> bool {
    let name = path.to_string_lossy();
    if let Some(base) = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
    {
        return Path::new(base).exists();
    }
    if path
        .extension()
        .is_some_and(|e| ["sqlite", "sqlite3", "db"].contains(&&*e.to_string_lossy()))
    {
        return true;
    }
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && &header == b"SQLite format 3\0"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_beside_a_database_is_one_of_its_files() {
        let db = Path::new("/data/asso.sqlite");
        assert!(is_database_or_companion(Path::new("/data/asso.sqlite"), db));
        assert!(is_database_or_companion(
            Path::new("/data/asso.sqlite-wal"),
            db
        ));
        assert!(is_database_or_companion(
            Path::new("/data/asso.sqlite-shm"),
            db
        ));
        assert!(!is_database_or_companion(Path::new("/data/asso.csv"), db));
    }
}
