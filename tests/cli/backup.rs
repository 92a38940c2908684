//! `panier backup` and `panier restore`, run as a user would.

use crate::support::{json, ok_on as ok, run_on as panier};
use std::path::{Path, PathBuf};

fn emails(db: &Path) -> Vec<String> {
    let list = json(&ok(db, &["member", "list", "--format", "json"]));
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn backup_list_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    ok(&db, &["init", "--name", "AMIPO"]);
    ok(&db, &crate::sample::ADD_ALIX);
    // the first open of the day took a backup into `backups` beside the file
    let backups = dir.path().join("backups");
    assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 1);

    let taken = json(&ok(&db, &["backup", "--format", "json"]));
    let path = PathBuf::from(taken["path"].as_str().unwrap());
    assert!(path.starts_with(&backups), "{}", path.display());
    ok(&db, &crate::sample::ADD_BEA);

    let listed = json(&ok(&db, &["backup", "--list", "--format", "json"]));
    let listed = listed.as_array().unwrap();
    assert!(listed.iter().any(|b| b["path"] == taken["path"]));

    // a bad backup is refused, the file untouched
    let bad = dir.path().join("bad.sqlite");
    std::fs::write(&bad, "not a database").unwrap();
    let out = panier(&db, &["restore", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("n'est pas une base Panier"));
    let out = panier(&db, &["restore", db.to_str().unwrap()]);
    assert!(!out.status.success(), "restoring the live file onto itself");
    assert_eq!(emails(&db), vec!["alix@example.org", "bea@example.org"]);

    let restored = json(&ok(
        &db,
        &["restore", path.to_str().unwrap(), "--format", "json"],
    ));
    assert_eq!(restored["restored_from"]["members"], 1);
    assert_eq!(emails(&db), vec!["alix@example.org"]);
    let kept = PathBuf::from(restored["kept"].as_str().unwrap());
    assert_eq!(
        emails(&kept),
        vec!["alix@example.org", "bea@example.org"],
        "the replaced file is kept"
    );
    assert!(ok(&db, &["check"]).contains("Fichier sain"));

    // the backup folder is a setting
    let elsewhere = dir.path().join("synced");
    ok(
        &db,
        &["settings", "set", "backup_dir", elsewhere.to_str().unwrap()],
    );
    let taken = json(&ok(&db, &["backup", "--format", "json"]));
    assert!(PathBuf::from(taken["path"].as_str().unwrap()).starts_with(&elsewhere));
}
