//! Outputs never destroy inputs: the open file, its journal, another database, a backup, a
//! link's target and an unconfirmed existing file are all refused, naming the path; what is
//! written is whole.

use panier::kernel::files::{FileError, FileProblem};
use panier::store::output::{self, Replace};
use panier::{Database, Error, Lang};
use std::path::Path;

fn problem(result: panier::Result<output::WrittenFile>) -> (FileProblem, String) {
    match result.unwrap_err() {
        Error::File(FileError { problem, path }) => {
            let message = FileError::new(&path, problem.clone()).message(Lang::Fr);
            (problem, message)
        }
        other => panic!("not a file error: {other:?}"),
    }
}

fn fresh() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::create(&dir.path().join("asso.sqlite"), "AMIPO").unwrap();
    (dir, db)
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

#[test]
fn a_new_file_is_written_whole_and_its_size_told() {
    let (dir, db) = fresh();
    let path = dir.path().join("sous/dossier/rapport.html");
    let written = output::write(Some(db.conn()), &path, b"<p>ok</p>", Replace::Refuse).unwrap();
    assert_eq!(written.bytes, 9);
    assert_eq!(std::fs::read(&path).unwrap(), b"<p>ok</p>");
    assert!(written.path.is_absolute());
    assert!(leftovers(&dir.path().join("sous/dossier")).is_empty());
}

#[test]
fn the_open_file_and_its_journal_are_refused_even_when_confirmed() {
    let (dir, db) = fresh();
    let before = std::fs::read(db.path()).unwrap();
    for name in ["asso.sqlite", "asso.sqlite-wal", "asso.sqlite-shm"] {
        let path = dir.path().join(name);
        let (p, message) = problem(output::write(
            Some(db.conn()),
            &path,
            b"x",
            Replace::Confirmed,
        ));
        assert_eq!(p, FileProblem::OpenDatabase, "{name}");
        assert!(message.contains(name), "{message}");
    }
    // Through another spelling of the same path too.
    let dotted = dir.path().join(".").join("asso.sqlite");
    let (p, _) = problem(output::write(
        Some(db.conn()),
        &dotted,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::OpenDatabase);
    assert_eq!(std::fs::read(db.path()).unwrap(), before);
}

#[test]
fn another_panier_file_and_the_backups_are_refused() {
    let (dir, db) = fresh();
    let other = dir.path().join("autre.sqlite");
    drop(Database::create(&other, "Autre").unwrap());
    let (p, _) = problem(output::write(
        Some(db.conn()),
        &other,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::Database);
    // A database under an export's name is recognised by its header.
    let renamed = dir.path().join("export.csv");
    std::fs::copy(&other, &renamed).unwrap();
    let (p, _) = problem(output::write(
        Some(db.conn()),
        &renamed,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::Database);

    let in_backups = dir.path().join("backups").join("export.csv");
    let (p, message) = problem(output::write(
        Some(db.conn()),
        &in_backups,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::Backup);
    assert!(message.contains("sauvegardes"), "{message}");
}

#[test]
fn an_existing_file_is_replaced_only_when_confirmed() {
    let (dir, db) = fresh();
    let path = dir.path().join("membres.csv");
    std::fs::write(&path, "ancien").unwrap();
    let (p, message) = problem(output::write(
        Some(db.conn()),
        &path,
        b"nouveau",
        Replace::Refuse,
    ));
    assert_eq!(p, FileProblem::Exists);
    assert!(message.contains("--force"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "ancien");
    output::write(Some(db.conn()), &path, b"nouveau", Replace::Confirmed).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "nouveau");
}

#[test]
fn nothing_is_written_through_a_symbolic_link() {
    let (dir, db) = fresh();
    let target = dir.path().join("cible.txt");
    std::fs::write(&target, "à garder").unwrap();
    let link = dir.path().join("lien.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (p, _) = problem(output::write(
        Some(db.conn()),
        &link,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::SymbolicLink);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "à garder");
    // A link onto the open file is refused just the same.
    let onto_db = dir.path().join("rapport.html");
    std::os::unix::fs::symlink(db.path(), &onto_db).unwrap();
    let (p, _) = problem(output::write(
        Some(db.conn()),
        &onto_db,
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::SymbolicLink);
}

#[test]
fn a_folder_is_not_a_file_name() {
    let (dir, db) = fresh();
    let (p, _) = problem(output::write(
        Some(db.conn()),
        dir.path(),
        b"x",
        Replace::Confirmed,
    ));
    assert_eq!(p, FileProblem::Folder);
}

#[test]
fn system_errors_are_named_as_a_person_would() {
    let path = Path::new("/media/cle/rapport.pdf");
    let read_only = std::io::Error::from_raw_os_error(libc::EROFS);
    let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
    let denied = std::io::Error::from_raw_os_error(libc::EACCES);
    assert_eq!(
        FileError::from_io(path, &read_only).problem,
        FileProblem::ReadOnly
    );
    assert_eq!(
        FileError::from_io(path, &denied).problem,
        FileProblem::ReadOnly
    );
    assert_eq!(
        FileError::from_io(path, &full).problem,
        FileProblem::DiskFull
    );
    let fr = FileError::from_io(path, &full).message(Lang::Fr);
    assert!(fr.contains("le disque est plein") && fr.contains("/media/cle/rapport.pdf"));
    let en = FileError::from_io(path, &read_only).message(Lang::En);
    assert!(en.contains("the folder is read-only"), "{en}");
}
