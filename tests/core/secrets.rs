//! Secrets kept out of the Panier file (src/store/secrets.rs): the sealed file's rules, and
//! the Nextcloud app password that neither the file nor its backups hold.

use crate::common::{fresh, secrets_in};
use crate::db::files_holding;
use panier::hosting::nextcloud::{self, AppPassword, ClientOptions, OcsVersion, ServerInput};
use panier::store::db::OpenOptions;
use panier::store::secrets::{SecretStore, NEXTCLOUD_APP_PASSWORD};
use panier::{Database, Lang};

const PASSWORD: &str = "Kp4-secret-APP-pass-55zz";

#[test]
fn the_sealed_file_keeps_secrets_per_file_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = SecretStore::folder(dir.path());
    let (one, two) = ("0a1b2c3d", "ffee0011");
    assert_eq!(store.get(one, "smtp.password").unwrap(), None);
    store.set(one, "smtp.password", PASSWORD).unwrap();
    store.set(one, NEXTCLOUD_APP_PASSWORD, "other").unwrap();
    assert_eq!(
        store.get(one, "smtp.password").unwrap().as_deref(),
        Some(PASSWORD)
    );
    // another file finds nothing
    assert_eq!(store.get(two, "smtp.password").unwrap(), None);
    // sealed: the value is not in the file on disk
    let sealed = dir.path().join("secrets").join(format!("{one}.json"));
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(!bytes
        .windows(PASSWORD.len())
        .any(|w| w == PASSWORD.as_bytes()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [&sealed, &dir.path().join("secrets.key")] {
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
    // a value moved to another file's name does not open there
    let moved = dir.path().join("secrets").join(format!("{two}.json"));
    std::fs::write(&moved, String::from_utf8(bytes).unwrap().replace(one, two)).unwrap();
    assert_eq!(store.get(two, "smtp.password").unwrap(), None);
    // removing one keeps the other; the key replaced, nothing opens (asked again)
    store.remove(one, "smtp.password").unwrap();
    assert_eq!(store.get(one, "smtp.password").unwrap(), None);
    assert_eq!(
        store.get(one, NEXTCLOUD_APP_PASSWORD).unwrap().as_deref(),
        Some("other")
    );
    std::fs::write(dir.path().join("secrets.key"), [7u8; 32]).unwrap();
    assert_eq!(store.get(one, NEXTCLOUD_APP_PASSWORD).unwrap(), None);
    // a file id is hex only: it never names a path outside the folder
    assert!(store.get("../../etc/passwd", "x").is_err());
}

fn configure(db: &mut Database) {
    nextcloud::configure(
        db,
        &ServerInput {
            url: "https://cloud.example.org".into(),
            admin_user: "admin".into(),
            ocs_version: OcsVersion::V2,
        },
        Some(&AppPassword::new(PASSWORD).unwrap()),
    )
    .unwrap();
}

#[test]
fn neither_the_file_nor_a_backup_holds_a_byte_of_the_password() {
    let mut f = fresh();
    configure(&mut f.db);
    let server = nextcloud::server(&f.db).unwrap().unwrap();
    assert!(server.has_password);
    assert!(server.password_changed_at.is_some());
    let backup = f.dir.path().join("backups").join("copy.sqlite");
    f.db.backup_to(&backup).unwrap();
    let client = nextcloud::client(&f.db, &ClientOptions::default()).unwrap();
    assert!(!format!("{client:?}").contains(PASSWORD));
    let path = f.path();
    drop(f.db);
    assert!(backup.exists() && path.exists());
    let holding = files_holding(f.dir.path(), PASSWORD.as_bytes());
    assert!(holding.is_empty(), "the password is in {holding:?}");
    // it is kept, sealed, in the test's secret folder
    let found = files_holding(&f.dir.path().join("config"), b"nextcloud.app_password");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_copy_with_a_fresh_secret_store_asks_for_the_password_again() {
    let mut f = fresh();
    configure(&mut f.db);
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("restored.sqlite");
    f.db.backup_to(&copy).unwrap();
    let mut restored = Database::open_with(
        &copy,
        &OpenOptions {
            daily_backup: false,
            secrets: secrets_in(&elsewhere),
            ..Default::default()
        },
    )
    .unwrap();
    let server = nextcloud::server(&restored).unwrap().unwrap();
    assert_eq!(server.url, "https://cloud.example.org");
    assert!(!server.has_password, "this machine does not know it");
    let err = nextcloud::client(&restored, &ClientOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "mot de passe Nextcloud nécessaire : il n'est pas dans le fichier Panier et cette machine ne le connaît pas (fichier restauré ou copié ?) ; donnez-le avec : panier nextcloud configure --url … --user … --password-stdin"
    );
    assert!(
        err.message(Lang::En)
            .starts_with("Nextcloud password needed: it is not in the Panier file"),
        "{}",
        err.message(Lang::En)
    );
    assert!(nextcloud::check_connection(&restored, &ClientOptions::default()).is_err());
    // changing the address alone is refused there: the password is asked
    let input = ServerInput {
        url: "https://cloud.example.org".into(),
        admin_user: "admin".into(),
        ocs_version: OcsVersion::V2,
    };
    assert!(nextcloud::configure(&mut restored, &input, None).is_err());
    // given again, it works
    configure(&mut restored);
    assert!(nextcloud::client(&restored, &ClientOptions::default()).is_ok());
    // ...and the original file still finds its own
    assert!(nextcloud::client(&f.db, &ClientOptions::default()).is_ok());
}

#[test]
fn an_encrypted_file_keeps_its_secret_out_too() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.sqlite");
    let mut db = Database::create(&plain, "AMIPO").unwrap();
    db.use_secrets(secrets_in(&dir));
    configure(&mut db);
    drop(db);
    let pass = panier::store::db::Passphrase::new("correct horse battery staple 42");
    panier::store::crypt::encrypt(&plain, &pass).unwrap();
    let db = Database::open_with(
        &plain,
        &OpenOptions {
            daily_backup: false,
            passphrase: Some(pass),
            secrets: secrets_in(&dir),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(db.encrypted());
    // the same file id: the encrypted copy finds the password
    assert_eq!(
        db.secret(NEXTCLOUD_APP_PASSWORD).unwrap().as_deref(),
        Some(PASSWORD)
    );
    assert!(nextcloud::client(&db, &ClientOptions::default()).is_ok());
}
