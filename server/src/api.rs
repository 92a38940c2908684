//! The API's routes. Each operation of the core is `POST /api/ops/{name}` with its request as
//! JSON, through one generic handler: the session names the user (the audit row) and the role
//! (`ops::perform` refuses what the role may not do). A few routes read better by their
//! resource: `GET /api/members`, `POST /api/members`, `GET /api/books?year=Y`.

use crate::auth::{self, session_of, Session};
use crate::{openapi, Shared};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use panier::ops::{self, books, members, reports, Access, Operation, Role};
use panier::{Database, Lang};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// An error as the API answers it: a machine kind, the form's field it is about (its
/// `Field` key, e.g. `amount`), and the sentence in the user's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str, field: Option<String>, message: &str) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                error: kind.into(),
                field,
                message: message.into(),
            },
        }
    }

    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "login_required",
            None,
            lang.pick(
                "connectez-vous d'abord (ou la session a expiré)",
                "log in first (or the session has expired)",
            ),
        )
    }

    pub fn closed(lang: Lang) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "closed",
            None,
            lang.pick("le serveur s'arrête", "the server is shutting down"),
        )
    }

    pub fn internal(lang: Lang) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            None,
            lang.pick("erreur interne du serveur", "internal server error"),
        )
    }

    pub fn bad_json(lang: Lang, error: &dyn std::fmt::Display) -> Self {
        let message = match lang {
            Lang::Fr => format!("requête illisible : {error}"),
            Lang::En => format!("unreadable request: {error}"),
        };
        Self::new(StatusCode::BAD_REQUEST, "bad_request", None, &message)
    }

    /// A refusal of the core; `allowed`: whether the role may perform the operation (a role's
    /// refusal is 403, a rule's 409).
    pub fn from_core(error: panier::Error, lang: Lang, allowed: bool) -> Self {
        use panier::Error as E;
        let status = match &error {
            E::Refused { .. } if !allowed => StatusCode::FORBIDDEN,
            E::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            E::NotFound { .. } => StatusCode::NOT_FOUND,
            // a rule of the data, or an edit made on values someone changed since (`conflict`:
            // reload and redo)
            E::Refused { .. } | E::Conflict { .. } | E::AlreadyExists(_) => StatusCode::CONFLICT,
            E::Damaged { .. } | E::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            E::Json(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let kind = if status == StatusCode::FORBIDDEN {
            "forbidden"
        } else {
            error.kind()
        };
        let field = error
            .field()
            .and_then(|f| serde_json::to_value(f).ok())
            .and_then(|v| v.as_str().map(str::to_string));
        Self::new(status, kind, field, &error.message(lang))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// The language of a request's messages: `Accept-Language` (its first tag), else the
/// session's, else French.
pub fn lang_of(headers: &HeaderMap, session: Option<Lang>) -> Lang {
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split([',', ';']).next())
        .map(|tag| tag.trim().to_lowercase());
    match asked.as_deref() {
        Some(tag) if tag.starts_with("en") => Lang::En,
        Some(tag) if tag.starts_with("fr") => Lang::Fr,
        _ => session.unwrap_or(Lang::Fr),
    }
}

/// Runs `f` on the file as the session's user, with their role, on a blocking thread (SQLite is synchronous;
/// the async workers keep serving meanwhile).
pub(crate) async fn with_db<T: Send + 'static>(
    state: &Shared,
    session: &Session,
    lang: Lang,
    f: impl FnOnce(&mut Database, Role) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    let user = session.user.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = state.db.lock().unwrap_or_else(|p| p.into_inner());
        let db = guard.as_mut().ok_or_else(|| ApiError::closed(lang))?;
        // the user as the file has them now: disabled since login, their sessions end; a
        // role changed, the new one applies
        let current = panier::ops::users::current(db.conn(), &user)
            .map_err(|e| ApiError::from_core(e, lang, true))?
            .filter(|u| !u.disabled);
        let Some(current) = current else {
            state.sessions.end_all_of(&user);
            return Err(ApiError::unauthorized(lang));
        };
        // the audit rows of this request name its user
        db.set_operator(&current.name);
        f(db, current.role)
    })
    .await
    .map_err(|_| ApiError::internal(lang))?
}

/// An operation as the server routes it.
pub struct Route {
    pub name: &'static str,
    pub access: Access,
    handler: fn(&mut Database, Role, Value, Lang) -> Result<Value, ApiError>,
}

/// Parses the request of `O` (an empty body stands for `null` or `{}`, whichever it takes),
/// performs it for `role`, and renders the response.
fn call<O: Operation>(
    db: &mut Database,
    role: Role,
    request: Value,
    lang: Lang,
) -> Result<Value, ApiError> {
    let parsed =
        serde_json::from_value::<O::Request>(request.clone()).or_else(|e| match &request {
            Value::Null => serde_json::from_value(Value::Object(Default::default())).map_err(|_| e),
            Value::Object(o) if o.is_empty() => serde_json::from_value(Value::Null).map_err(|_| e),
            _ => Err(e),
        });
    let request = parsed.map_err(|e| ApiError::bad_json(lang, &e))?;
    let response = ops::perform::<O>(db, role, request)
        .map_err(|e| ApiError::from_core(e, lang, role.may(O::ACCESS)))?;
    serde_json::to_value(response).map_err(|_| ApiError::internal(lang))
}

macro_rules! routes_of {
    ($($op:path),* $(,)?) => {
        /// Every operation the server routes (the catalogue's, checked by a test).
        pub const OPERATIONS: &[Route] = &[$(Route {
            name: <$op as Operation>::NAME,
            access: <$op as Operation>::ACCESS,
            handler: call::<$op>,
        }),*];
    };
}

panier::every_operation!(routes_of);

/// The largest request an operation takes: the imports carry a whole file (a Paheko
/// association's SQLite file, base64 in JSON: a third larger than the file).
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// A body over [`BODY_LIMIT`] (413, said in the user's words), or one that broke off.
fn body_refused(rejection: BytesRejection, lang: Lang) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let message = match lang {
            Lang::Fr => format!(
                "requête trop grosse : le serveur accepte jusqu'à {} Mio (un fichier envoyé grossit d'un tiers)",
                BODY_LIMIT / (1024 * 1024)
            ),
            Lang::En => format!(
                "request too large: the server takes up to {} MiB (a file sent grows by a third)",
                BODY_LIMIT / (1024 * 1024)
            ),
        };
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", None, &message);
    }
    ApiError::bad_json(lang, &rejection)
}

/// `POST /api/ops/{name}`.
async fn operation(
    State(state): State<Shared>,
    Path(name): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let lang = lang_of(&headers, Some(session.lang));
    let body = body.map_err(|rejection| body_refused(rejection, lang))?;
    let route = OPERATIONS.iter().find(|r| r.name == name).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            &match lang {
                Lang::Fr => format!("opération inconnue : « {name} »"),
                Lang::En => format!("unknown operation: “{name}”"),
            },
        )
    })?;
    let request: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_json(lang, &e))?
    };
    let handler = route.handler;
    let answer = with_db(&state, &session, lang, move |db, role| {
        handler(db, role, request, lang)
    })
    .await?;
    state
        .events
        .changed(route.name, route.access, session.serial);
    Ok(Json(answer))
}

/// `GET /api/members?search=Q`.
async fn members_list(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    query: Result<Query<members::MemberListQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let lang = lang_of(&headers, Some(session.lang));
    let Query(query) = query.map_err(|e| ApiError::bad_json(lang, &e))?;
    let value = serde_json::to_value(query).map_err(|_| ApiError::internal(lang))?;
    Ok(Json(
        with_db(&state, &session, lang, move |db, role| {
            call::<members::Search>(db, role, value, lang)
        })
        .await?,
    ))
}

/// `POST /api/members`: the operation `add_member` at the members' own address.
async fn members_add(
    state: State<Shared>,
    method: Method,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let name = <members::Add as Operation>::NAME.to_string();
    operation(state, Path(name), method, headers, body).await
}

#[derive(Debug, Deserialize, Serialize)]
pub struct YearQuery {
    pub year: i32,
}

/// `GET /api/books?year=Y`: as `panier books --year Y --format json`.
async fn books_statement(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let lang = lang_of(&headers, Some(session.lang));
    let Query(YearQuery { year }) = query.map_err(|e| ApiError::bad_json(lang, &e))?;
    let request = serde_json::json!({ "year": year, "lang": lang });
    Ok(Json(
        with_db(&state, &session, lang, move |db, role| {
            call::<books::Books>(db, role, request, lang)
        })
        .await?,
    ))
}

/// Which page of the report the Reports screen's frame shows.
#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    pub year: i32,
    pub page: ReportPage,
    /// the report's language (the screen's choice), else the user's
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportPage {
    Economic,
    Transparency,
}

/// The policy of a report page: the core renders it self-contained (inline styles, SVG, no
/// script), which the UI's own policy forbids; this one allows only that, inside a sandboxed
/// frame of this origin.
pub const PREVIEW_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
frame-ancestors 'self'; sandbox";

/// `GET /api/report/preview?year=Y&page=economic|transparency`: one page of the report
/// (`report_preview`, with its role check) as a document of its own, for the browser's frame.
async fn report_preview_page(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    query: Result<Query<PreviewQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let lang = lang_of(&headers, Some(session.lang));
    let Query(PreviewQuery {
        year,
        page,
        language,
    }) = query.map_err(|e| ApiError::bad_json(lang, &e))?;
    let request = serde_json::json!({ "year": year, "language": language.unwrap_or(lang) });
    let preview = with_db(&state, &session, lang, move |db, role| {
        call::<reports::Preview>(db, role, request, lang)
    })
    .await?;
    let preview: reports::ReportPreview =
        serde_json::from_value(preview).map_err(|_| ApiError::internal(lang))?;
    let html = match page {
        ReportPage::Economic => preview.economic_model_html,
        ReportPage::Transparency => preview.transparency_html,
    };
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, PREVIEW_CSP),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
    ];
    Ok((headers, html).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// "ok" while the file is open
    pub status: String,
    pub version: String,
}

/// `GET /api/health`: no login; 503 once the file is closed.
async fn health(State(state): State<Shared>) -> Response {
    // a poisoned lock (a request that panicked) still holds an open file
    let open = state.db.lock().unwrap_or_else(|p| p.into_inner()).is_some();
    let body = Health {
        status: if open { "ok" } else { "closed" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let status = if open {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::document().to_json().unwrap_or_default(),
    )
        .into_response()
}

/// An unknown `/api/…` path: a JSON 404 (the UI's files answer the rest).
async fn api_not_found(headers: HeaderMap) -> ApiError {
    let lang = lang_of(&headers, None);
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        lang.pick("adresse inconnue", "unknown address"),
    )
}

/// The API's routes, no-store (answers hold members' data).
pub fn routes(state: Shared) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi_json))
        .route("/login", post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/members", get(members_list).post(members_add))
        .route("/books", get(books_statement))
        .route("/report/preview", get(report_preview_page))
        .route(
            "/ops/{name}",
            post(operation).layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        // not in the OpenAPI document: an endless stream, not a request and its answer
        .route("/events", get(crate::events::stream))
        .fallback(api_not_found)
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ));
    Router::new().nest("/api", api).with_state(state)
}
