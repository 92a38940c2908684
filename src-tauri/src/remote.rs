//! The desktop joined to the association's server (`panier serve`): the shell logs in over
//! HTTP, keeps the session cookie and the CSRF token here (never in the window, never on
//! disk), and forwards every operation to `POST {url}/api/ops/{name}` instead of calling the
//! core (see `form::perform`, the one choke point). It also listens to the server's live
//! events (`GET /api/events`) and passes them on to the window. The window still talks only
//! to the shell.

use crate::form::FormError;
use crate::session::Session;
use panier::hosting::nextcloud::ocs::is_loopback;
use panier::ops::Operation;
use panier::Lang;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A logged-in session on the server. Its `Debug` shows neither the cookie nor the token.
pub struct RemoteServer {
    agent: ureq::Agent,
    pub url: String,
    pub user: String,
    pub role: String,
    /// the operations the user's role may perform (`/api/me`): what the window offers
    pub operations: Vec<String>,
    cookie: String,
    csrf: String,
    /// set when this session is left: the live events' thread stops
    left: Arc<AtomicBool>,
}

impl Drop for RemoteServer {
    fn drop(&mut self) {
        self.left.store(true, Ordering::Relaxed);
    }
}

/// What the shell tells the window on its own (Tauri events, see `lib.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum ShellEvent {
    /// the server's `change` event as it sent it (`{op, area, mine}`): screens reload
    Change(serde_json::Value),
    /// the server no longer knows the session (expired, logged out elsewhere, user
    /// disabled): the window goes back to the first-run screen to log in again
    SessionEnded,
}

/// Passes shell events on to the window.
pub type Notifier = Arc<dyn Fn(ShellEvent) + Send + Sync>;

impl std::fmt::Debug for RemoteServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteServer")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("role", &self.role)
            .finish()
    }
}

/// The server's error body (server/src/api.rs `ErrorBody`).
#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: String,
    field: Option<String>,
    message: String,
}

/// A refusal from the server (or on the way to it): the sentence, the form's field when the
/// server named one, and the server's kind (`bad_login`, `forbidden`, `invalid`…).
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteError {
    /// the HTTP status (0 when the server could not be reached or answered nonsense)
    pub status: u16,
    pub kind: String,
    pub field: Option<String>,
    pub message: String,
}

impl RemoteError {
    /// The server no longer knows the session: log in again.
    pub fn session_ended(&self) -> bool {
        self.status == 401
    }

    /// As a form shows it: beside the field when the form has the one the server named (as
    /// `FormError::on_form` does for the local core).
    pub fn on_form(self, form_fields: &[panier::kernel::field::Field]) -> FormError {
        let field = self
            .field
            .filter(|name| form_fields.iter().any(|f| f.name() == name));
        FormError {
            field,
            message: self.message,
        }
    }
}

impl From<RemoteError> for FormError {
    fn from(error: RemoteError) -> Self {
        FormError {
            field: error.field,
            message: error.message,
        }
    }
}

impl From<RemoteError> for String {
    fn from(error: RemoteError) -> Self {
        error.message
    }
}

fn language_tag(lang: Lang) -> &'static str {
    lang.pick("fr", "en")
}

fn unreachable(url: &str, error: ureq::Error, lang: Lang) -> RemoteError {
    RemoteError {
        status: 0,
        kind: "network".into(),
        field: None,
        message: match lang {
            Lang::Fr => format!("serveur injoignable ({url}) : {error}"),
            Lang::En => format!("server unreachable ({url}): {error}"),
        },
    }
}

/// The server's answer: its JSON on success, its error body mapped otherwise.
fn read<T: DeserializeOwned>(
    mut response: ureq::http::Response<ureq::Body>,
    lang: Lang,
) -> Result<(T, ureq::http::HeaderMap), RemoteError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    if (200..300).contains(&status) {
        let text = if text.is_empty() { "null" } else { &text };
        return serde_json::from_str(text)
            .map(|value| (value, headers))
            .map_err(|e| RemoteError {
                status: 0,
                kind: "bad_answer".into(),
                field: None,
                message: match lang {
                    Lang::Fr => format!("réponse du serveur illisible : {e}"),
                    Lang::En => format!("unreadable answer from the server: {e}"),
                },
            });
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => RemoteError {
            status,
            kind: body.error,
            field: body.field,
            message: body.message,
        },
        Err(_) => RemoteError {
            status,
            kind: "http".into(),
            field: None,
            message: match lang {
                Lang::Fr => format!("le serveur a répondu {status}"),
                Lang::En => format!("the server answered {status}"),
            },
        },
    })
}

#[derive(Deserialize)]
struct LoginAnswer {
    csrf: String,
}

/// `GET /api/me`: who is logged in and what their role may do.
#[derive(Deserialize)]
struct MeAnswer {
    user: String,
    role: String,
    operations: Vec<String>,
}

impl RemoteServer {
    /// Logs in as `user`. Plain http is refused unless the server is this machine (the
    /// password must not travel in clear text; the server applies the same rule).
    pub fn connect(
        url: &str,
        user: &str,
        password: &str,
        lang: Lang,
    ) -> Result<RemoteServer, RemoteError> {
        let url = url.trim().trim_end_matches('/').to_string();
        let refuse = |fr: &str, en: &str| RemoteError {
            status: 0,
            kind: "invalid".into(),
            field: Some("url".into()),
            message: lang.pick(fr, en).to_string(),
        };
        if !url.starts_with("https://") && !url.starts_with("http://") {
            return Err(refuse(
                "l'adresse du serveur doit commencer par https://",
                "the server's address must start with https://",
            ));
        }
        if url.starts_with("http://") && !is_loopback(&url) {
            return Err(refuse(
                "le mot de passe ne voyage pas en clair : utilisez https://",
                "the password does not travel in clear text: use https://",
            ));
        }
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .user_agent("Panier desktop");
        if is_loopback(&url) {
            config = config.proxy(None);
        }
        let agent: ureq::Agent = config.build().into();
        let address = format!("{url}/api/login");
        let response = agent
            .post(&address)
            .header("Content-Type", "application/json")
            .header("Accept-Language", language_tag(lang))
            .send(serde_json::json!({ "user": user, "password": password }).to_string())
            .map_err(|e| unreachable(&address, e, lang))?;
        let (login, headers): (LoginAnswer, _) = read(response, lang)?;
        let cookie = headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .to_string();
        let address = format!("{url}/api/me");
        let response = agent
            .get(&address)
            .header("Accept-Language", language_tag(lang))
            .header("Cookie", &cookie)
            .call()
            .map_err(|e| unreachable(&address, e, lang))?;
        let (me, _): (MeAnswer, _) = read(response, lang)?;
        Ok(RemoteServer {
            agent,
            url,
            user: me.user,
            role: me.role,
            operations: me.operations,
            cookie,
            csrf: login.csrf,
            left: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Performs operation `O` on the server as the logged-in user.
    pub fn perform<O: Operation>(
        &self,
        request: &O::Request,
        lang: Lang,
    ) -> Result<O::Response, RemoteError> {
        let address = format!("{}/api/ops/{}", self.url, O::NAME);
        let body = serde_json::to_string(request).map_err(|e| RemoteError {
            status: 0,
            kind: "bad_request".into(),
            field: None,
            message: e.to_string(),
        })?;
        let response = self
            .agent
            .post(&address)
            .header("Content-Type", "application/json")
            .header("Accept-Language", language_tag(lang))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .send(body)
            .map_err(|e| unreachable(&address, e, lang))?;
        read(response, lang).map(|(value, _)| value)
    }

    /// Ends the session on the server (best effort: the shell forgets it either way).
    pub fn logout(&self) {
        let _ = self
            .agent
            .post(format!("{}/api/logout", self.url))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .send("{}");
    }

    /// Listens to the server's live events on a thread of its own until this session is
    /// left, passing each `change` on to `notify`. A dropped stream is opened again (the
    /// server restarted, a proxy cut it); the server ending the session ends the listening.
    pub fn listen_to_events(&self, notify: Notifier) {
        // no overall timeout: the stream stays open for hours (the server comments every 15 s)
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .user_agent("Panier desktop");
        if is_loopback(&self.url) {
            config = config.proxy(None);
        }
        let agent: ureq::Agent = config.build().into();
        let address = format!("{}/api/events", self.url);
        let cookie = self.cookie.clone();
        let left = self.left.clone();
        let spawned = std::thread::Builder::new()
            .name("panier-events".into())
            .spawn(move || {
                while !left.load(Ordering::Relaxed) {
                    match agent.get(&address).header("Cookie", &cookie).call() {
                        Ok(mut response) if response.status() == 200 => {
                            let reader = std::io::BufReader::new(response.body_mut().as_reader());
                            read_events(reader, &left, &notify);
                        }
                        // 401: the session is over; the next operation tells the window
                        Ok(response) if response.status() == 401 => return,
                        _ => {}
                    }
                    std::thread::sleep(Duration::from_secs(2));
                }
            });
        if let Err(error) = spawned {
            eprintln!("panier-desktop: cannot listen to the server's events: {error}");
        }
    }
}

/// Reads an event stream (`event: change` / `data: {…}` / blank line), passing each change on
/// until the stream ends or the session is left.
fn read_events(reader: impl BufRead, left: &AtomicBool, notify: &Notifier) {
    let mut event = String::new();
    let mut data = String::new();
    for line in reader.lines() {
        let Ok(line) = line else { return };
        if left.load(Ordering::Relaxed) {
            return;
        }
        if line.is_empty() {
            if event == "change" {
                if let Ok(value) = serde_json::from_str(&data) {
                    notify(ShellEvent::Change(value));
                }
            }
            event.clear();
            data.clear();
        } else if let Some(name) = line.strip_prefix("event:") {
            event = name.trim().to_string();
        } else if let Some(text) = line.strip_prefix("data:") {
            data.push_str(text.trim_start());
        }
    }
}

/// The shell's one choke point for operations (`form::perform`) calls this first: when the
/// window is joined to a server, `O` goes there (`Some`), else `None` and the shell performs it
/// on its file. When the server no longer knows the session, the shell leaves it and the
/// window is told to log in again.
pub fn forward<O: Operation>(
    session: &Session,
    request: &O::Request,
) -> Option<Result<O::Response, RemoteError>> {
    let lang = session.language();
    let answer = session.with_remote(|server| server.perform::<O>(request, lang))?;
    Some(answer.map_err(|error| {
        if !error.session_ended() {
            return error;
        }
        session.session_ended();
        RemoteError {
            message: lang
                .pick(
                    "la session sur le serveur a pris fin : reconnectez-vous",
                    "the session on the server has ended: log in again",
                )
                .to_string(),
            ..error
        }
    }))
}

/// What a command that works on the local file answers while joined to a server.
pub fn not_available(lang: Lang) -> String {
    lang.pick(
        "non disponible quand Panier est connecté au serveur de l'association",
        "not available when Panier is connected to the association's server",
    )
    .to_string()
}

#[cfg(test)]
#[path = "remote_tests.rs"]
mod tests;
