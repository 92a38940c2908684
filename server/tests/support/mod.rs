//! The real `panier-serve` on a free loopback port, with a temporary Panier file holding one
//! user per role (their password: `NAME-phrase-de-passe`), and a small HTTP client.

#![allow(dead_code)]

use panier::ops::{users, Role};
use panier::Database;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

// Free ports, panier-serve's command line and openssl, shared with the other crates' tests.
#[path = "../../../tests/support/processes.rs"]
pub mod processes;

pub const USERS: [(&str, Role); 5] = [
    ("olga", Role::Owner),
    ("tom", Role::Treasurer),
    ("sara", Role::Secretary),
    ("adam", Role::Admin),
    ("aude", Role::Auditor),
];

pub fn password(user: &str) -> String {
    format!("{user}-phrase-de-passe")
}

/// The body of `money_record_donation`: a gift of `amount` from the town hall, by cheque.
pub fn donation(amount: &str) -> serde_json::Value {
    serde_json::json!({"member": null, "from": "Mairie", "subsidy": false, "amount": amount,
           "date": "", "method": "cheque", "label": "don"})
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub base: String,
    child: Option<Child>,
}

impl Server {
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("panier.sqlite")
    }

    /// The server's file opened beside it, as the CLI would (no backup, no full check).
    pub fn open_db(&self) -> panier::Database {
        let quiet = panier::store::db::OpenOptions {
            daily_backup: false,
            full_check: panier::store::integrity::FullCheck::Never,
            ..panier::store::db::OpenOptions::default()
        };
        panier::Database::open_with(&self.db_path(), &quiet).unwrap()
    }

    /// A new association file with the five users, and the server started on it.
    pub fn start() -> Server {
        Self::start_with(|_| Vec::new())
    }

    /// As [`Server::start`], with more arguments (made from the temporary folder).
    pub fn start_with(extra: impl FnOnce(&std::path::Path) -> Vec<String>) -> Server {
        Self::launch(|_| {}, extra)
    }

    /// As [`Server::start`], with the file prepared by `prepare` first (plans…).
    pub fn start_preparing(prepare: impl FnOnce(&mut Database)) -> Server {
        Self::launch(prepare, |_| Vec::new())
    }

    fn launch(
        prepare: impl FnOnce(&mut Database),
        extra: impl FnOnce(&std::path::Path) -> Vec<String>,
    ) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panier.sqlite");
        let mut db = Database::create(&path, "AMIPO").unwrap();
        for (name, role) in USERS {
            users::add(&mut db, name, role, &password(name)).unwrap();
        }
        prepare(&mut db);
        drop(db);
        let port = processes::free_port();
        let binary = std::path::Path::new(env!("CARGO_BIN_EXE_panier-serve"));
        let child = processes::serve_command(binary, &path, port)
            .args(extra(dir.path()))
            .env_remove("PANIER_UI_DIR")
            // the server's secrets (Nextcloud, SMTP, HelloAsso) in the test's folder, never the
            // keyring or the home of whoever runs the tests
            .env("PANIER_SECRETS_DIR", dir.path().join("secrets"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            dir,
            base: format!("http://127.0.0.1:{port}"),
            child: Some(child),
        };
        processes::wait_for_health(port, Duration::from_secs(30));
        server
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into()
    }

    fn finish(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                return Answer {
                    status: 0,
                    headers: Default::default(),
                    body: serde_json::Value::String(e.to_string()),
                }
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Answer {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        }
    }

    pub fn get(&self, path: &str, session: Option<&Login>) -> Answer {
        let mut request = Self::agent().get(format!("{}{path}", self.base));
        if let Some(s) = session {
            request = request.header("Cookie", &s.cookie);
        }
        Self::finish(request.call())
    }

    /// A POST with a JSON body; `csrf`: send the session's token.
    pub fn post(
        &self,
        path: &str,
        session: Option<&Login>,
        csrf: bool,
        body: &serde_json::Value,
    ) -> Answer {
        self.post_with(path, session, csrf, body, None)
    }

    /// `money_record_donation` of `amount` (as typed, e.g. `12,50`) by `session`, with its token.
    pub fn donate(&self, session: &Login, amount: &str) -> Answer {
        let op = "/api/ops/money_record_donation";
        self.post(op, Some(session), true, &donation(amount))
    }

    pub fn post_with(
        &self,
        path: &str,
        session: Option<&Login>,
        csrf: bool,
        body: &serde_json::Value,
        lang: Option<&str>,
    ) -> Answer {
        let mut request = Self::agent()
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json");
        if let Some(s) = session {
            request = request.header("Cookie", &s.cookie);
            if csrf {
                request = request.header("X-CSRF-Token", &s.csrf);
            }
        }
        if let Some(l) = lang {
            request = request.header("Accept-Language", l);
        }
        Self::finish(request.send(body.to_string()))
    }

    pub fn try_login(&self, user: &str, password: &str) -> Answer {
        self.post(
            "/api/login",
            None,
            false,
            &serde_json::json!({"user": user, "password": password}),
        )
    }

    pub fn login(&self, user: &str) -> Login {
        let answer = self.try_login(user, &password(user));
        assert_eq!(answer.status, 200, "{user}: {:?}", answer.body);
        let cookie = answer.headers["set-cookie"].to_str().unwrap().to_string();
        Login {
            cookie: cookie.split(';').next().unwrap().to_string(),
            set_cookie: cookie,
            csrf: answer.body["csrf"].as_str().unwrap().to_string(),
        }
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        unsafe {
            libc::kill(child.id() as i32, libc::SIGTERM);
        }
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(40),
                "no exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: serde_json::Value,
}

pub struct Login {
    pub cookie: String,
    pub set_cookie: String,
    pub csrf: String,
}
