//! Panier's team server: the core's operations over HTTP for the volunteers of one
//! association. No rule and no SQL here — the transport parses a request, names the user
//! (their role for `ops::perform`, their name for the audit row) and renders the answer.
//! One process holds the file: one [`Database`] behind a mutex, used from blocking threads.

pub mod api;
pub mod auth;
pub mod config;
pub mod events;
pub mod openapi;

use auth::{Sessions, Throttle};
use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use events::Events;
use panier::Database;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// What every request shares.
pub struct AppState {
    /// `None` once the server has shut down and closed the file.
    pub db: Mutex<Option<Database>>,
    pub sessions: Sessions,
    pub throttle: Throttle,
    /// the live refresh: every successful write, told to the listening screens
    pub events: Events,
    /// the session cookie is `Secure` (served over TLS, directly or by the proxy)
    pub secure_cookie: bool,
    /// the client's address is the proxy's `X-Forwarded-For`, not the socket's
    pub behind_proxy: bool,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(db: Database, secure_cookie: bool, behind_proxy: bool, idle: Duration) -> Shared {
        Arc::new(AppState {
            db: Mutex::new(Some(db)),
            sessions: Sessions::new(idle),
            throttle: Throttle::default(),
            events: Events::default(),
            secure_cookie,
            behind_proxy,
        })
    }

    /// Closes the file (the WAL checkpointed and removed): nothing is served after this.
    pub fn close(&self) {
        let db = self.db.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(db);
    }
}

/// The Content-Security-Policy of everything served: the UI's own scripts and styles only,
/// never framed, no plug-ins, requests to this origin only.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// The whole application: the API, then the UI's files (if a folder is given) at `/`.
pub fn router(state: Shared, ui_dir: Option<std::path::PathBuf>, tls: bool) -> Router {
    let mut app = api::routes(state.clone());
    if let Some(dir) = ui_dir {
        app = app.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    let headers: [(HeaderName, &'static str); 7] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    for (name, value) in headers {
        let value = HeaderValue::from_static(value);
        // a report page framed by the UI brings its own policy and framing (api.rs)
        app = if name == header::CONTENT_SECURITY_POLICY || name == header::X_FRAME_OPTIONS {
            app.layer(SetResponseHeaderLayer::if_not_present(name, value))
        } else {
            app.layer(SetResponseHeaderLayer::overriding(name, value))
        };
    }
    if tls {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    app
}
