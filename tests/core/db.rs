use crate::common::{audit_rows, fresh};
use panier::store::db::{latest_version, migrate_to, APPLICATION_ID};
use panier::{Database, Error};
use rusqlite::Connection;

/// A Panier file at `path` as an older Panier left it: migrated up to `version` only.
fn file_at_version(path: &std::path::Path, version: i64) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    migrate_to(&mut conn, version).unwrap();
    conn
}

/// The rows `sql` reads as (id, text, optional day): what the migration tests compare.
fn id_text_and_day(conn: &Connection, sql: &str) -> Vec<(i64, String, Option<String>)> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn create_refuses_to_overwrite() {
    let f = fresh();
    let err = Database::create(&f.path(), "Autre").err().expect("refused");
    assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
    // the original is intact
    let db = Database::open(&f.path()).unwrap();
    assert_eq!(
        panier::store::settings::organisation(&db).unwrap().name,
        "AMIPO"
    );
}

#[test]
fn a_new_file_is_wal_with_foreign_keys_and_an_audit_row() {
    let f = fresh();
    let conn = f.db.conn();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version());
    assert_eq!(audit_rows(&f.db), 1);
}

#[test]
fn open_refuses_files_that_are_not_panier_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();
    // a text file
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "pas une base").unwrap();
    let err = Database::open(&text).err().unwrap();
    assert!(matches!(err, Error::NotPanierFile(_)), "{err}");
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "pas une base");
    // an empty file
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Database::open(&empty),
        Err(Error::NotPanierFile(_))
    ));
    // somebody else's SQLite database
    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(
        Database::open(&other),
        Err(Error::NotPanierFile(_))
    ));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    // a missing file
    assert!(matches!(
        Database::open(&dir.path().join("absent.sqlite")),
        Err(Error::NoSuchFile(_))
    ));
}

/// Damaged pages past the header: the cheap checks at open cannot see them, the full check
/// does (here through the day's backup at open), and the file then takes no write.
#[test]
fn a_corrupt_file_is_refused_or_opened_read_only() {
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let mut bytes = std::fs::read(&path).unwrap();
    // keep the header, scribble over the first table pages
    for b in bytes.iter_mut().skip(4096).take(8192) {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    match Database::open(&path) {
        Err(err) => assert!(
            matches!(err, Error::Corrupt { .. } | Error::NotPanierFile(_)),
            "{err}"
        ),
        Ok(mut db) => {
            assert!(db.daily_backup_error().is_some(), "the day's backup failed");
            let err = db
                .write(|tx| {
                    tx.execute("UPDATE settings SET value = 'x' WHERE key = 'address'", [])?;
                    Ok((
                        (),
                        panier::store::audit::Change::new("set", "setting", None),
                    ))
                })
                .unwrap_err();
            assert!(matches!(err, Error::Damaged { .. }), "{err}");
            let backups = panier::store::backup::dir(&db);
            let partial = std::fs::read_dir(&backups)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                })
                .unwrap_or(false);
            assert!(!partial, "no half backup left in {}", backups.display());
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "left untouched");
}

#[test]
fn open_refuses_a_file_from_a_newer_panier() {
    let f = fresh();
    let path = f.path();
    f.db.conn()
        .pragma_update(None, "user_version", latest_version() + 1)
        .unwrap();
    drop(f.db);
    let err = Database::open(&path).err().expect("refused");
    assert!(matches!(err, Error::NewerVersion { .. }), "{err}");
    assert!(err.to_string().contains("plus récente"));
}

/// A file as every earlier Panier left it opens, is backed up first, and is migrated.
#[test]
fn migrates_from_every_earlier_version() {
    for from in 0..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let conn = file_at_version(&path, from);
            let v: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v, from);
        }
        let db = Database::open(&path).unwrap();
        let v: i64 = db
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_version(), "from v{from}");
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("-avant-v"))
            .collect();
        assert_eq!(backups.len(), 1, "one backup before migrating from v{from}");
        assert!(panier::store::check::run(&db).unwrap().ok());
    }
}

#[test]
fn backup_is_a_complete_checked_copy() {
    let mut f = fresh();
    panier::demo::seed::seed(
        &mut f.db,
        &panier::demo::seed::SeedOptions {
            members: 50,
            years: 2,
            seed: 7,
            until: Some(crate::common::day("2026-06-30")),
        },
    )
    .unwrap();
    let dest = f.dir.path().join("copies").join("copy.sqlite");
    f.db.backup_to(&dest).unwrap();
    let copy = Database::open(&dest).unwrap();
    assert_eq!(panier::people::members::count(&copy).unwrap(), 50);
    assert!(panier::store::check::run(&copy).unwrap().ok());
    // never overwrites
    assert!(matches!(
        f.db.backup_to(&dest),
        Err(Error::AlreadyExists(_))
    ));
}

#[test]
fn a_failed_change_leaves_nothing_behind() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    let result: panier::Result<()> = f.db.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('half', 'written')",
            [],
        )?;
        Err(Error::refused("non", "no"))
    });
    assert!(result.is_err());
    let half: i64 =
        f.db.conn()
            .query_row(
                "SELECT count(*) FROM settings WHERE key = 'half'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(half, 0);
    assert_eq!(audit_rows(&f.db), before);
}

/// Migrations 0008 and 0009 fill what they add from the data already there: each member's
/// sort key and paid-until day, and the month totals.
#[test]
fn migrations_fill_sort_keys_paid_until_and_month_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.sqlite");
    {
        let conn = file_at_version(&path, 7);
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('name', 'AMIPO');
             INSERT INTO members (id, kind, first_name, last_name, email, joined_on, search_text,
                                  created_at, updated_at)
             VALUES (1, 'person', 'Élise', 'Éluard', 'e@exemple.fr', '2025-01-01',
                     'elise eluard e@exemple.fr', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
                    (2, 'person', 'Jo', 'Abel', 'jo@exemple.fr', '2025-01-01',
                     'jo abel jo@exemple.fr', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO plans (id, name, kind, amount_cents, period, created_at)
             VALUES (1, 'Adhésion', 'fee', 1500, 'civil', '2025-01-01T00:00:00Z');
             INSERT INTO subscriptions (member_id, plan_id, starts_on, ends_before, created_at)
             VALUES (1, 1, '2025-02-03', '2026-01-01', '2025-02-03T00:00:00Z'),
                    (1, 1, '2026-01-01', '2027-01-01', '2025-12-20T00:00:00Z');
             INSERT INTO ledger_entries (id, entry_date, kind, member_id, method, amount_cents,
                                         plan_id, created_at)
             VALUES (1, '2025-02-03', 'fee', 1, 'cash', 1500, 1, '2025-02-03T00:00:00Z'),
                    (2, '2025-12-20', 'fee', 1, 'cash', 1500, 1, '2025-12-20T00:00:00Z');
             INSERT INTO ledger_lines (entry_id, account, amount_cents)
             VALUES (1, '7562', 1500), (2, '7562', 1000), (2, '7561', 500);",
        )
        .unwrap();
    }
    let db = Database::open(&path).unwrap();
    let conn = db.conn();
    let rows: Vec<(i64, String, Option<String>)> = id_text_and_day(
        conn,
        "SELECT id, sort_key, fee_paid_until FROM members ORDER BY id",
    );
    assert_eq!(
        rows,
        vec![
            (
                1,
                "eluard\u{1}elise\u{1}e@exemple.fr".to_string(),
                Some("2027-01-01".to_string())
            ),
            (2, "abel\u{1}jo\u{1}jo@exemple.fr".to_string(), None),
        ]
    );
    let months: Vec<(String, String, i64, i64)> = conn
        .prepare(
            "SELECT month, account, amount_cents, lines FROM ledger_month_totals ORDER BY 1, 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        months,
        vec![
            ("2025-02".to_string(), "7562".to_string(), 1500, 1),
            ("2025-12".to_string(), "7561".to_string(), 500, 1),
            ("2025-12".to_string(), "7562".to_string(), 1000, 1),
        ]
    );
}

/// Migration 0011 gives the accounts of an older file their opening day (their creation),
/// a closing day for those disabled (the day of their last `disable`), and the quota
/// history the audit log holds: the public report can then tell a past year's accounts.
#[test]
fn migration_11_fills_account_days_and_quota_history_from_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.sqlite");
    {
        let conn = file_at_version(&path, 9);
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('name', 'AMIPO');
             INSERT INTO members (id, kind, first_name, last_name, email, joined_on, search_text,
                                  created_at, updated_at)
             VALUES (1, 'person', 'Jo', 'Abel', 'jo@exemple.fr', '2024-01-01',
                     'jo abel jo@exemple.fr', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
             INSERT INTO service_accounts (id, member_id, service, login, quota_bytes, enabled,
                                           created_at)
             VALUES (1, 1, 'nextcloud', 'jo', 20, 1, '2024-03-01T10:00:00Z'),
                    (2, 1, 'mastodon', 'jo', 0, 0, '2024-04-01T10:00:00Z'),
                    (3, 1, 'peertube', 'jo', 0, 0, '2024-05-01T10:00:00Z');
             INSERT INTO audit_log (at, operator, action, entity, entity_id, member_id, before, after)
             VALUES ('2025-06-01T09:00:00Z', 'nextcloud', 'nextcloud_apply', 'service_account', 1, 1,
                     '{\"quota_bytes\": 5}', '{\"quota_bytes\": 10}'),
                    ('2025-07-01T09:00:00Z', 'nextcloud', 'nextcloud_apply', 'service_account', 1, 1,
                     '{\"quota_bytes\": 10}', '{\"quota_bytes\": 10}'),
                    ('2026-02-01T09:00:00Z', 'nextcloud', 'nextcloud_apply', 'service_account', 1, 1,
                     '{\"quota_bytes\": 10}', '{\"quota_bytes\": 20}'),
                    ('2025-09-30T18:00:00Z', 'camille', 'disable', 'service_account', 2, 1,
                     '{}', '{}');",
        )
        .unwrap();
    }
    let db = Database::open(&path).unwrap();
    let conn = db.conn();
    let days: Vec<(i64, String, Option<String>)> = id_text_and_day(
        conn,
        "SELECT id, opened_on, closed_on FROM service_accounts ORDER BY id",
    );
    assert_eq!(
        days,
        vec![
            (1, "2024-03-01".to_string(), None),
            (2, "2024-04-01".to_string(), Some("2025-09-30".to_string())),
            // disabled with no audit row: the closest day the file knows
            (3, "2024-05-01".to_string(), Some("2024-05-01".to_string())),
        ]
    );
    let history: Vec<(i64, String, i64)> = conn
        .prepare(
            "SELECT account_id, changed_on, quota_bytes FROM account_quota_changes
             ORDER BY account_id, changed_on",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        history,
        vec![
            (1, "2024-03-01".to_string(), 5),
            (1, "2025-06-01".to_string(), 10),
            (1, "2026-02-01".to_string(), 20),
            (2, "2024-04-01".to_string(), 0),
            (3, "2024-05-01".to_string(), 0),
        ]
    );
    // from now on the schema records each change itself
    conn.execute(
        "UPDATE service_accounts SET quota_bytes = 30 WHERE id = 1",
        [],
    )
    .unwrap();
    let last: i64 = conn
        .query_row(
            "SELECT quota_bytes FROM account_quota_changes WHERE account_id = 1
             ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, 30);
}

pub use crate::files::files_holding;

/// Migration 12 moves the app password an older Panier kept in the file into the secret
/// store, keeps when it was changed, and leaves no byte of it in the file.
#[test]
fn migration_moves_the_app_password_out_of_the_file() {
    const OLD_PASSWORD: &str = "Old-app-PASSWORD-7q2w";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = file_at_version(&path, 9);
        conn.execute_batch(&format!(
            "INSERT INTO nextcloud_server (id, url, admin_user, ocs_version, updated_at)
             VALUES (1, 'https://cloud.example.org', 'admin', 1, '2026-01-02T03:04:05Z');
             INSERT INTO nextcloud_secret (id, app_password, changed_at)
             VALUES (1, '{OLD_PASSWORD}', '2026-01-02T03:04:05Z');"
        ))
        .unwrap();
        // a file that holds the password before: the check below can fail
        assert!(!files_holding(dir.path(), OLD_PASSWORD.as_bytes()).is_empty());
    }
    let secrets = crate::common::secrets_in(&dir);
    let db = Database::open_with(
        &path,
        &panier::store::db::OpenOptions {
            daily_backup: false,
            secrets: secrets.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    let tables: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'nextcloud_secret'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the secret's table is dropped");
    let kept = db
        .secret(panier::store::secrets::NEXTCLOUD_APP_PASSWORD)
        .unwrap();
    assert_eq!(kept.as_deref(), Some(OLD_PASSWORD));
    let server = panier::hosting::nextcloud::server(&db).unwrap().unwrap();
    assert!(server.has_password);
    assert_eq!(
        server.password_changed_at.as_deref(),
        Some("2026-01-02T03:04:05Z")
    );
    drop(db);
    let file = std::fs::read(&path).unwrap();
    assert!(
        !file
            .windows(OLD_PASSWORD.len())
            .any(|w| w == OLD_PASSWORD.as_bytes()),
        "the password's bytes linger in the migrated file"
    );
    // the backup taken before migrating is the older file as it was (listed in the README)
    let backups = files_holding(&dir.path().join("backups"), OLD_PASSWORD.as_bytes());
    assert_eq!(backups.len(), 1, "{backups:?}");
}
