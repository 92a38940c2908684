//! The desktop joined to the association's server (`panier serve`): the shell logs in over
//! HTTP, keeps the session cookie and the CSRF token here (never in the window, never on
//! disk), and forwards every operation to `POST {url}/api/ops/{name}` instead of calling the
//! core. The window still talks only to the shell.

use crate::form::FormError;
use crate::session::Session;
use panier::hosting::nextcloud::ocs::is_loopback;
use panier::ops::Operation;
use panier::Lang;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A logged-in session on the server. Its `Debug` shows neither the cookie nor the token.
pub struct RemoteServer {
    agent: ureq::Agent,
    pub url: String,
    pub user: String,
    pub role: String,
    cookie: String,
    csrf: String,
}

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
    pub kind: String,
    pub field: Option<String>,
    pub message: String,
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
            kind: body.error,
            field: body.field,
            message: body.message,
        },
        Err(_) => RemoteError {
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
    user: String,
    role: String,
    csrf: String,
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
        Ok(RemoteServer {
            agent,
            url,
            user: login.user,
            role: login.role,
            cookie,
            csrf: login.csrf,
        })
    }

    /// Performs operation `O` on the server as the logged-in user.
    pub fn perform<O: Operation>(
        &self,
        request: &O::Request,
        lang: Lang,
    ) -> Result<O::Response, RemoteError>
    where
        O::Request: Serialize,
        O::Response: DeserializeOwned,
    {
        let address = format!("{}/api/ops/{}", self.url, O::NAME);
        let body = serde_json::to_string(request).map_err(|e| RemoteError {
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
}

/// The shell's one choke point for operations calls this first: when the window is joined to
/// a server, `O` goes there (`Some`), else `None` and the shell performs it on its file.
pub fn forward<O: Operation>(
    session: &Session,
    request: &O::Request,
) -> Option<Result<O::Response, RemoteError>>
where
    O::Request: Serialize,
    O::Response: DeserializeOwned,
{
    let lang = session.language();
    session.with_remote(|server| server.perform::<O>(request, lang))
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
