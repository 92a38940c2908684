//! Logging in: sessions (a random token in an HttpOnly, SameSite=Strict cookie, ended after
//! some idle time), the CSRF token every write must echo in `X-CSRF-Token`, and the throttle
//! that answers 429 — even to the right password — after repeated failures for one account
//! or from one address. Passwords are checked by the core (`ops::users::verify`, Argon2id).

use crate::api::{lang_of, ApiError};
use crate::Shared;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use panier::ops::users;
use panier::ops::Role;
use panier::Lang;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use utoipa::ToSchema;

pub const COOKIE: &str = "panier_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Failures within [`FAILURE_WINDOW`] after which logins are refused for [`LOCKOUT`].
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
pub const LOCKOUT: Duration = Duration::from_secs(5 * 60);

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub role: Role,
    pub csrf: String,
    pub lang: Lang,
    /// this session's number, unique in the process: the live events compare it to tell a
    /// listener its own changes (the token itself never leaves the cookie)
    pub serial: u64,
    last_seen: Instant,
}

/// The open sessions, by token.
pub struct Sessions {
    idle: Duration,
    open: Mutex<HashMap<String, Session>>,
    started: AtomicU64,
}

/// 32 random bytes, URL-safe base64.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Equal strings, compared in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Sessions {
            idle,
            open: Mutex::new(HashMap::new()),
            started: AtomicU64::new(0),
        }
    }

    fn start(&self, user: String, role: Role, lang: Lang) -> (String, Session) {
        let session = Session {
            user,
            role,
            csrf: random_token(),
            lang,
            serial: self.started.fetch_add(1, Ordering::Relaxed) + 1,
            last_seen: Instant::now(),
        };
        let token = random_token();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let idle = self.idle;
        open.retain(|_, s| s.last_seen.elapsed() < idle);
        open.insert(token.clone(), session.clone());
        (token, session)
    }

    fn end(&self, token: &str) {
        self.open
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(token);
    }

    /// The live session of `token`, its idle clock restarted; an expired one is forgotten.
    fn touch(&self, token: &str) -> Option<Session> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let session = open.get_mut(token)?;
        if session.last_seen.elapsed() >= self.idle {
            open.remove(token);
            return None;
        }
        session.last_seen = Instant::now();
        Some(session.clone())
    }

    /// Whether session number `serial` is still open and not idle too long (without
    /// restarting its idle clock: listening to events is not activity).
    pub fn is_live(&self, serial: u64) -> bool {
        let open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.values()
            .any(|s| s.serial == serial && s.last_seen.elapsed() < self.idle)
    }

    /// Ends every session of `user` (disabled, or their role changed).
    pub fn end_all_of(&self, user: &str) {
        self.open
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, s| !s.user.eq_ignore_ascii_case(user));
    }
}

/// Recent login failures per account and per address.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    fn keys(user: &str, ip: IpAddr) -> [String; 2] {
        [
            format!("user:{}", user.trim().to_lowercase()),
            format!("ip:{ip}"),
        ]
    }

    /// Whether logins for `user` or from `ip` are refused for now.
    fn locked(&self, user: &str, ip: IpAddr) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        Self::keys(user, ip).iter().any(|key| {
            let Some(times) = failures.get_mut(key) else {
                return false;
            };
            times.retain(|t| t.elapsed() < FAILURE_WINDOW.max(LOCKOUT));
            let recent = times
                .iter()
                .filter(|t| t.elapsed() < FAILURE_WINDOW)
                .count();
            recent >= MAX_FAILURES && times.last().is_some_and(|t| t.elapsed() < LOCKOUT)
        })
    }

    fn failed(&self, user: &str, ip: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(user, ip) {
            failures.entry(key).or_default().push(Instant::now());
        }
    }

    /// A success clears the account's failures (not the address's: one good account must
    /// not reset a guesser's count).
    fn succeeded(&self, user: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&format!("user:{}", user.trim().to_lowercase()));
    }
}

/// The client's address: the socket's, or behind a proxy the last `X-Forwarded-For` hop (the
/// one the proxy itself added).
fn client_ip(state: &Shared, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
    if state.behind_proxy {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    peer.ip()
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The session of a request: 401 without a live one; a write (any method but GET/HEAD) also
/// needs the session's CSRF token in `X-CSRF-Token` (403 otherwise).
pub fn session_of(
    state: &Shared,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Session, ApiError> {
    let lang = lang_of(headers, None);
    let session = cookie_token(headers)
        .and_then(|token| state.sessions.touch(&token))
        .ok_or_else(|| ApiError::unauthorized(lang))?;
    if !matches!(*method, Method::GET | Method::HEAD) {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !sent.is_some_and(|t| same(t, &session.csrf)) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf",
                None,
                lang_of(headers, Some(session.lang)).pick(
                    "jeton anti-CSRF absent ou faux (en-tête X-CSRF-Token)",
                    "missing or wrong anti-CSRF token (X-CSRF-Token header)",
                ),
            ));
        }
    }
    Ok(session)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub user: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginAnswer {
    pub user: String,
    /// owner, treasurer, secretary, admin or auditor
    pub role: String,
    /// to send back in the X-CSRF-Token header of every write
    pub csrf: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: String,
    pub role: String,
    /// the session's anti-CSRF token again, for a page reloaded since the login (only this
    /// origin can read the answer)
    pub csrf: String,
    /// the operations (`POST /api/ops/{name}`) this role may perform, from the operation
    /// layer's rule: the UI offers only the screens and buttons these allow
    pub operations: Vec<String>,
}

fn set_cookie(state: &Shared, value: &str, max_age: Option<u64>) -> String {
    let mut cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if state.secure_cookie {
        cookie.push_str("; Secure");
    }
    cookie
}

/// `POST /api/login`.
pub async fn login(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let lang = lang_of(&headers, None);
    let request: LoginRequest =
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_json(lang, &e))?;
    let ip = client_ip(&state, &headers, peer);
    if state.throttle.locked(&request.user, ip) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            None,
            lang.pick(
                "trop d'essais de connexion : réessayez dans quelques minutes",
                "too many login attempts: try again in a few minutes",
            ),
        ));
    }
    let checked = {
        let state = state.clone();
        let (name, password) = (request.user.clone(), request.password);
        tokio::task::spawn_blocking(move || {
            // the file only for the lookup: the slow hash runs without holding others up
            let credentials = {
                let db = state.db.lock().unwrap_or_else(|p| p.into_inner());
                let db = db.as_ref().ok_or_else(|| ApiError::closed(lang))?;
                users::credentials(db.conn(), &name)
                    .map_err(|e| ApiError::from_core(e, lang, true))?
            };
            Ok::<_, ApiError>(credentials.check(&password))
        })
        .await
        .map_err(|_| ApiError::internal(lang))??
    };
    let Some(user) = checked else {
        state.throttle.failed(&request.user, ip);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_login",
            None,
            lang.pick(
                "nom d'utilisateur ou mot de passe incorrect",
                "wrong user name or password",
            ),
        ));
    };
    state.throttle.succeeded(&user.name);
    let (token, session) = state.sessions.start(user.name.clone(), user.role, lang);
    let answer = LoginAnswer {
        user: session.user,
        role: session.role.as_str().into(),
        csrf: session.csrf,
    };
    let cookie = set_cookie(&state, &token, None);
    Ok(([(header::SET_COOKIE, cookie)], Json(answer)).into_response())
}

/// `POST /api/logout`: ends the session (and needs its CSRF token, as every write).
pub async fn logout(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    session_of(&state, &method, &headers)?;
    if let Some(token) = cookie_token(&headers) {
        state.sessions.end(&token);
    }
    let cookie = set_cookie(&state, "", Some(0));
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/me`: the user and their role as the file has them now.
pub async fn me(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
) -> Result<Json<Me>, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let lang = lang_of(&headers, Some(session.lang));
    let role = crate::api::with_db(&state, &session, lang, |_, role| Ok(role)).await?;
    let operations = crate::api::OPERATIONS
        .iter()
        .filter(|op| role.may(op.access))
        .map(|op| op.name.to_string())
        .collect();
    Ok(Json(Me {
        user: session.user,
        role: role.as_str().into(),
        csrf: session.csrf,
        operations,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_after_its_idle_time_and_activity_keeps_it() {
        let sessions = Sessions::new(Duration::from_millis(200));
        let (token, _) = sessions.start("tom".into(), Role::Treasurer, Lang::Fr);
        std::thread::sleep(Duration::from_millis(120));
        assert!(
            sessions.touch(&token).is_some(),
            "used within its idle time"
        );
        std::thread::sleep(Duration::from_millis(120));
        assert!(
            sessions.touch(&token).is_some(),
            "the last use restarted the clock"
        );
        std::thread::sleep(Duration::from_millis(250));
        assert!(sessions.touch(&token).is_none(), "idle too long");
        assert!(sessions.touch("not-a-token").is_none());
    }

    #[test]
    fn ending_a_users_sessions_leaves_the_others() {
        let sessions = Sessions::new(Duration::from_secs(60));
        let (tom, _) = sessions.start("tom".into(), Role::Treasurer, Lang::Fr);
        let (sara, _) = sessions.start("sara".into(), Role::Secretary, Lang::Fr);
        sessions.end_all_of("TOM");
        assert!(sessions.touch(&tom).is_none());
        assert!(sessions.touch(&sara).is_some());
    }

    #[test]
    fn the_throttle_locks_after_repeated_failures_and_a_success_clears_the_account_only() {
        let throttle = Throttle::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..MAX_FAILURES - 1 {
            throttle.failed("tom", ip);
        }
        assert!(!throttle.locked("tom", ip));
        throttle.succeeded("tom");
        throttle.failed("tom", other);
        assert!(
            !throttle.locked("tom", other),
            "the account's count was cleared"
        );
        assert!(!throttle.locked("sara", ip));
        throttle.failed("sara", ip);
        assert!(
            throttle.locked("anyone", ip),
            "the address made {MAX_FAILURES} failures"
        );
        assert!(!throttle.locked("anyone", other));
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        assert_ne!(random_token(), random_token());
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
