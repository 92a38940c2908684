//! The Panier file open in the window (at most one), and what the first-run screen shows
//! when none is.

use crate::database_choice::DatabaseChoice;
use crate::last_opened::LastOpenedFile;
use crate::last_server::{LastServer, RememberedServer};
use crate::remote::{Notifier, RemoteServer, ShellEvent};
use panier::store::db::{Database, OpenOptions, Passphrase};
use panier::store::integrity::FullCheck;
use panier::Lang;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use ts_rs::TS;

/// What the window shows: the open file, or the first-run screen with what to suggest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DatabaseStatus {
    Open {
        path: PathBuf,
    },
    FirstRun {
        /// Where to create a new association's file.
        suggested_path: PathBuf,
        /// A file to offer in "open an existing file" (the one just closed, or the one that
        /// failed to open).
        recent_path: Option<PathBuf>,
        /// Why the file expected at start is not open.
        problem: Option<StartupProblem>,
    },
}

/// Why the window did not open the file it expected at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum StartupProblem {
    /// The file exists but the core refused it (not Panier's, damaged, newer…).
    CannotOpen {
        path: PathBuf,
        detail: LocalisedText,
    },
    /// The file opened last time is gone (moved, deleted, on an unplugged disk).
    LastFileMissing { path: PathBuf },
    /// The association's server ended the session (idle too long, logged out elsewhere, the
    /// user disabled): log in again.
    SessionEnded { url: String },
}

/// The association's server as the window shows it: who is connected where and what they may
/// do, and the server to suggest on the first-run screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerConnection {
    pub connected: Option<ConnectedServer>,
    /// the server and user of the last login (never the password)
    pub last: Option<RememberedServer>,
}

/// The window joined to a server: its address, the user, their role and the operations the
/// role may perform (the server's `/api/me`; the window offers only those).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectedServer {
    pub url: String,
    pub user: String,
    pub role: String,
    pub operations: Vec<String>,
}

/// A sentence in both of the UI's languages, for text computed before the UI said which one
/// it shows (the window can switch language without asking the shell again).
pub use panier::kernel::lang::LocalisedText;

#[derive(Debug, Clone)]
struct FirstRunOffer {
    suggested_path: PathBuf,
    recent_path: Option<PathBuf>,
    problem: Option<StartupProblem>,
}

/// The state the Tauri commands share.
pub struct Session {
    database: Mutex<Option<Database>>,
    /// Shown while `database` is `None`. Only changed with `database` locked.
    first_run: Mutex<FirstRunOffer>,
    last_opened: Option<LastOpenedFile>,
    /// The UI's language, for the errors commands return.
    language: Mutex<Lang>,
    /// Where to suggest creating a file when nothing better is known.
    default_path: PathBuf,
    /// The association's server the window is joined to, if any (then no file is open).
    remote: Mutex<Option<RemoteServer>>,
    /// Where the last server joined is remembered (none in tests, or without a config folder).
    last_server: Option<LastServer>,
    /// Passes the server's live events and the session's end on to the window.
    notifier: Mutex<Option<Notifier>>,
}

/// A command needed an open file and there is none (the UI only calls such commands while a
/// file is open, so this means the window and the shell disagree).
pub const NO_DATABASE_OPEN: &str = "Aucun fichier Panier n'est ouvert.";
const NO_DATABASE_OPEN_EN: &str = "No Panier file is open.";

/// `PANIER_PASSPHRASE`, the CLI's way to give an encrypted file's passphrase.
fn passphrase_from_environment() -> Option<Passphrase> {
    std::env::var("PANIER_PASSPHRASE")
        .ok()
        .filter(|text| !text.is_empty())
        .map(Passphrase::new)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another command must not lock the person out of their file.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Session {
    /// The role the window acts with: one person on their own file may do everything.
    pub const ROLE: panier::ops::Role = panier::ops::Role::Owner;

    /// Opens the file `choice` names, if any; on failure the first-run screen says why.
    pub fn start(
        choice: DatabaseChoice,
        last_opened: Option<LastOpenedFile>,
        default_path: PathBuf,
    ) -> Session {
        let session = Session {
            database: Mutex::new(None),
            first_run: Mutex::new(FirstRunOffer {
                suggested_path: default_path.clone(),
                recent_path: None,
                problem: None,
            }),
            last_opened,
            language: Mutex::new(Lang::default()),
            default_path,
            remote: Mutex::new(None),
            last_server: None,
            notifier: Mutex::new(None),
        };
        match choice {
            DatabaseChoice::FromEnvironment(path) if !path.exists() => {
                // Create the association where PANIER_DB says, as the CLI's `init` would.
                lock(&session.first_run).suggested_path = path;
            }
            DatabaseChoice::LastOpened(path) if !path.exists() => {
                lock(&session.first_run).problem = Some(StartupProblem::LastFileMissing { path });
            }
            DatabaseChoice::FromEnvironment(path)
            | DatabaseChoice::LastOpened(path)
            | DatabaseChoice::CliDefault(path) => {
                // As the CLI does, an encrypted file opens with PANIER_PASSPHRASE when set.
                if let Err(error) =
                    session.open_with_passphrase(&path, passphrase_from_environment())
                {
                    let mut offer = lock(&session.first_run);
                    offer.recent_path = Some(path.clone());
                    offer.problem = Some(StartupProblem::CannotOpen {
                        path,
                        detail: error.localised(),
                    });
                }
            }
            DatabaseChoice::FirstRun { suggested_path } => {
                lock(&session.first_run).suggested_path = suggested_path;
            }
        }
        session
    }

    pub fn status(&self) -> DatabaseStatus {
        if let Some(server) = lock(&self.remote).as_ref() {
            // joined to a server: the window shows its screens, the server's address as "file"
            return DatabaseStatus::Open {
                path: PathBuf::from(&server.url),
            };
        }
        let database = lock(&self.database);
        match database.as_ref() {
            Some(db) => DatabaseStatus::Open {
                path: db.path().to_path_buf(),
            },
            None => {
                let offer = lock(&self.first_run).clone();
                DatabaseStatus::FirstRun {
                    suggested_path: offer.suggested_path,
                    recent_path: offer.recent_path,
                    problem: offer.problem,
                }
            }
        }
    }

    /// Opens an existing file in place of the current one (which stays open if this fails).
    pub fn open(&self, path: &Path) -> Result<DatabaseStatus, panier::Error> {
        self.open_with_passphrase(path, None)
    }

    /// Opens a file that may be encrypted (`passphrase` is ignored for a plain one). The
    /// passphrase stays in the core, which needs it for the file's backups; it never goes back
    /// to the window.
    pub fn open_with_passphrase(
        &self,
        path: &Path,
        passphrase: Option<Passphrase>,
    ) -> Result<DatabaseStatus, panier::Error> {
        // The window stays open for hours: the full check starts now, in the background, and
        // the first write waits for its verdict (see panier::store::integrity).
        let options = OpenOptions {
            passphrase,
            full_check: FullCheck::Always,
            ..OpenOptions::default()
        };
        let opened = Database::open_with(path, &options)?;
        self.replace(opened);
        Ok(self.status())
    }

    /// Creates a new association's file and opens it.
    pub fn create(&self, path: &Path, name: &str) -> Result<DatabaseStatus, panier::Error> {
        let created = Database::create(path, name)?;
        self.replace(created);
        Ok(self.status())
    }

    /// Closes the file, back to the first-run screen which offers to reopen it.
    pub fn close(&self) -> DatabaseStatus {
        // joined to a server, "close" leaves it (the workspace's one way back to first run)
        if let Some(server) = lock(&self.remote).take() {
            server.logout();
        }
        let mut database = lock(&self.database);
        if let Some(closed) = database.take() {
            *lock(&self.first_run) = FirstRunOffer {
                suggested_path: self.default_path.clone(),
                recent_path: Some(closed.path().to_path_buf()),
                problem: None,
            };
        }
        drop(database);
        self.status()
    }

    /// Runs `action` on the open file; an error comes back as a sentence in the UI's language.
    pub fn with_database<T>(
        &self,
        action: impl FnOnce(&mut Database) -> Result<T, panier::Error>,
    ) -> Result<T, String> {
        if lock(&self.remote).is_some() {
            return Err(crate::remote::not_available(self.language()));
        }
        let mut database = lock(&self.database);
        let db = database.as_mut().ok_or_else(|| {
            lock(&self.language)
                .pick(NO_DATABASE_OPEN, NO_DATABASE_OPEN_EN)
                .to_string()
        })?;
        action(db).map_err(|error| self.message(&error))
    }

    pub fn language(&self) -> Lang {
        *lock(&self.language)
    }

    /// Runs `action` with the server the window is joined to; `None` when it is not.
    pub fn with_remote<T>(&self, action: impl FnOnce(&RemoteServer) -> T) -> Option<T> {
        lock(&self.remote).as_ref().map(action)
    }

    /// Remembers the servers joined in `record`, for the next start's login form.
    pub fn remembering_servers(mut self, record: Option<LastServer>) -> Self {
        self.last_server = record;
        self
    }

    /// Where the shell's events for the window go (set once the window exists).
    pub fn set_notifier(&self, notifier: Notifier) {
        *lock(&self.notifier) = Some(notifier);
    }

    /// Joins the window to `server`: the open file, if any, is closed (as `close` does). The
    /// server and user are remembered for next time, and its live events passed on.
    pub fn join(&self, server: RemoteServer) -> DatabaseStatus {
        self.close();
        if let Some(record) = &self.last_server {
            let remembered = RememberedServer {
                url: server.url.clone(),
                user: server.user.clone(),
            };
            // Forgetting it only costs typing them next time: not worth failing the login.
            if let Err(error) = record.remember(&remembered) {
                eprintln!("panier-desktop: could not remember the server joined: {error}");
            }
        }
        if let Some(notify) = lock(&self.notifier).clone() {
            server.listen_to_events(notify);
        }
        lock(&self.first_run).problem = None;
        *lock(&self.remote) = Some(server);
        self.status()
    }

    /// The server no longer knows the window's session: leave it (no logout to send) and
    /// have the window show the first-run screen, which says why and offers to log in again.
    pub fn session_ended(&self) {
        let Some(server) = lock(&self.remote).take() else {
            return;
        };
        lock(&self.first_run).problem = Some(StartupProblem::SessionEnded {
            url: server.url.clone(),
        });
        drop(server);
        if let Some(notify) = lock(&self.notifier).clone() {
            notify(ShellEvent::SessionEnded);
        }
    }

    /// Who is connected to which server, and the server to suggest.
    pub fn server_connection(&self) -> ServerConnection {
        let connected = self.with_remote(|server| ConnectedServer {
            url: server.url.clone(),
            user: server.user.clone(),
            role: server.role.clone(),
            operations: server.operations.clone(),
        });
        ServerConnection {
            connected,
            last: self.last_server.as_ref().and_then(LastServer::read),
        }
    }

    /// Leaves the server (logging out there), back to the first-run screen.
    pub fn leave(&self) -> DatabaseStatus {
        self.close()
    }

    pub fn set_language(&self, language: Lang) {
        *lock(&self.language) = language;
    }

    /// The core's error as the UI should show it: in the UI's language.
    pub fn message(&self, error: &panier::Error) -> String {
        error.message(*lock(&self.language))
    }

    fn replace(&self, opened: Database) {
        if let Some(record) = &self.last_opened {
            // Forgetting the file only costs a click next time: not worth failing the open.
            if let Err(error) = record.remember(opened.path()) {
                eprintln!("panier-desktop: could not remember the last file opened: {error}");
            }
        }
        let mut database = lock(&self.database);
        *database = Some(opened);
        lock(&self.first_run).problem = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(choice: DatabaseChoice, dir: &Path) -> Session {
        Session::start(
            choice,
            Some(LastOpenedFile::in_config_dir(&dir.join("config"))),
            dir.join("default.sqlite"),
        )
    }

    #[test]
    fn panier_db_naming_a_missing_file_offers_to_create_it_there() {
        let dir = tempfile::tempdir().unwrap();
        let wanted = dir.path().join("asso.sqlite");
        let session = start(DatabaseChoice::FromEnvironment(wanted.clone()), dir.path());
        assert_eq!(
            session.status(),
            DatabaseStatus::FirstRun {
                suggested_path: wanted.clone(),
                recent_path: None,
                problem: None
            }
        );

        let status = session.create(&wanted, "AMIPO").unwrap();
        assert_eq!(
            status,
            DatabaseStatus::Open {
                path: wanted.clone()
            }
        );
        let name = session
            .with_database(|db| panier::store::settings::organisation(db).map(|o| o.name))
            .unwrap();
        assert_eq!(name, "AMIPO");
        assert_eq!(
            LastOpenedFile::in_config_dir(&dir.path().join("config")).read(),
            Some(wanted)
        );
    }

    #[test]
    fn a_file_that_is_not_panier_is_refused_and_explained() {
        let dir = tempfile::tempdir().unwrap();
        let stranger = dir.path().join("notes.sqlite");
        std::fs::write(&stranger, "pas une base").unwrap();
        let session = start(DatabaseChoice::LastOpened(stranger.clone()), dir.path());
        match session.status() {
            DatabaseStatus::FirstRun {
                recent_path,
                problem: Some(StartupProblem::CannotOpen { path, detail }),
                ..
            } => {
                assert_eq!(path, stranger);
                assert_eq!(recent_path, Some(stranger.clone()));
                assert!(detail.fr.contains("notes.sqlite"), "{detail:?}");
                assert!(detail.en.contains("not a Panier"), "{detail:?}");
            }
            other => panic!("expected the first-run screen with a problem, got {other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&stranger).unwrap(),
            "pas une base",
            "a refused file is left untouched"
        );
        assert_eq!(
            session.with_database(|_| Ok(())),
            Err(NO_DATABASE_OPEN.to_string())
        );
    }

    #[test]
    fn a_vanished_last_file_is_reported_not_recreated() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.sqlite");
        let session = start(DatabaseChoice::LastOpened(gone.clone()), dir.path());
        assert!(matches!(
            session.status(),
            DatabaseStatus::FirstRun {
                problem: Some(StartupProblem::LastFileMissing { ref path }),
                ..
            } if *path == gone
        ));
        assert!(!gone.exists());
    }

    #[test]
    fn closing_offers_to_reopen_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("asso.sqlite");
        Database::create(&path, "AMIPO").unwrap();
        let session = start(DatabaseChoice::FromEnvironment(path.clone()), dir.path());
        assert_eq!(
            session.status(),
            DatabaseStatus::Open { path: path.clone() }
        );

        let closed = session.close();
        assert_eq!(
            closed,
            DatabaseStatus::FirstRun {
                suggested_path: dir.path().join("default.sqlite"),
                recent_path: Some(path.clone()),
                problem: None
            }
        );
        assert_eq!(session.open(&path).unwrap(), DatabaseStatus::Open { path });
    }

    #[test]
    fn a_failed_open_keeps_the_current_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("asso.sqlite");
        Database::create(&good, "AMIPO").unwrap();
        let session = start(DatabaseChoice::FromEnvironment(good.clone()), dir.path());
        assert!(session.open(&dir.path().join("missing.sqlite")).is_err());
        assert_eq!(session.status(), DatabaseStatus::Open { path: good });
    }

    #[test]
    fn command_errors_follow_the_ui_language() {
        let dir = tempfile::tempdir().unwrap();
        let session = start(
            DatabaseChoice::FirstRun {
                suggested_path: dir.path().join("default.sqlite"),
            },
            dir.path(),
        );
        let missing = dir.path().join("missing.sqlite");
        let french = session.message(&session.open(&missing).unwrap_err());
        session.set_language(Lang::En);
        let english = session.message(&session.open(&missing).unwrap_err());
        assert_ne!(french, english);
        assert!(english.contains("does not exist"), "{english}");
        assert_eq!(
            session.with_database(|_| Ok(())),
            Err("No Panier file is open.".to_string())
        );
    }
}
