//! HelloAsso's API v5, read-only: an OAuth2 client-credentials token, and the organisation's
//! payments read page by page.
//!
//! What this relies on, read in HelloAsso's official SDK (github.com/HelloAsso/helloasso-python,
//! generated from the published OpenAPI description; `docs/PaiementsApi.md` and the models
//! under `docs/` and `helloasso_python/models/`):
//! - `POST {base}/oauth2/token`, form-encoded: `grant_type=client_credentials`, `client_id`,
//!   `client_secret` → `access_token`, `refresh_token`, `expires_in` (seconds); the same with
//!   `grant_type=refresh_token`, `client_id`, `refresh_token` for a new one;
//! - `GET {base}/v5/organizations/{organizationSlug}/payments` with `from` (first date),
//!   `pageSize`, `continuationToken`, `sortOrder`, and `Authorization: Bearer …`; 401 (token
//!   refused), 403 (no rights on the organisation);
//! - its answer `ResultsWithPaginationModelPayment`: `data` (a list of `StatisticsPayment`)
//!   and `pagination` (`CommonPaginationModel`: `pageSize`, `totalCount`, `pageIndex`,
//!   `totalPages`, `continuationToken`);
//! - `StatisticsPayment`: `id`, `amount` and `amountTip` (cents), `date`, `state`
//!   (`EnumsPaymentState`: Authorized, Registered, Refunded, Refunding, Canceled, Pending…),
//!   `paymentMeans` and `paymentOffLineMean` (`EnumsPaymentMeans`: Card, Sepa, Check, Cash,
//!   BankTransfer, Other, None), `order` (`StatisticsOrderLight`: `id`, `date`, `formSlug`,
//!   `formType`), `payer` (`StatisticsPayer`: `email`, `firstName`, `lastName`, `company`,
//!   `address`, `zipCode`, `city`, `country`), `items` (`StatisticsPaymentItem`: `id`, `name`,
//!   `type` (`EnumsTierType`: Membership, Donation, Payment…), `amount`, `shareAmount`,
//!   `state`), `refundOperations`.
//!
//! The token is kept in memory only and renewed a minute before `expires_in` ends (with the
//! refresh token, else the client credentials again); a 401 gets one new token and one more
//! try. Rate limits (429, with their `Retry-After`), refusals, server errors and answers that
//! are not the JSON described are errors by name ([`ApiError`]), never a half-read list.

use crate::hosting::nextcloud::pacing::{Clock, SystemClock};
use crate::kernel::error::Error;
use crate::kernel::http::{self, short, Answer, Unanswered};
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// HelloAsso's production API (the sandbox is `https://api.helloasso-sandbox.com`).
pub const DEFAULT_API_URL: &str = "https://api.helloasso.com";
/// Payments asked per page (the API's largest page).
const PAGE_SIZE: u32 = 100;
/// A token is renewed when less than this is left of it.
const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// More pages than this is a server that never ends its list.
const MAX_PAGES: usize = 10_000;

/// What went wrong talking to HelloAsso, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// the token endpoint refused the client id and secret
    BadCredentials { detail: String },
    /// a fresh token was refused too (HTTP 401 twice)
    Unauthorised,
    /// HTTP 403: the client has no rights on this organisation (wrong slug?)
    Forbidden,
    /// HTTP 404: no such organisation
    NotFound,
    /// HTTP 429
    RateLimited { retry_after_secs: Option<u64> },
    /// HTTP 5xx
    ServerError { status: u16 },
    /// another unexpected status
    Status { status: u16, detail: String },
    /// the answer is not the JSON HelloAsso describes
    Malformed { detail: String },
    /// no answer (connection refused, DNS, timeout)
    Network { detail: String },
    /// the server kept giving continuation tokens
    TooManyPages,
}

impl ApiError {
    /// As a core error, in both languages.
    pub fn into_error(self) -> Error {
        let (fr, en) = match &self {
            ApiError::BadCredentials { detail } => (
                format!("HelloAsso refuse l'identifiant et le secret du client API ({detail}) : vérifiez-les (panier helloasso configure)"),
                format!("HelloAsso refuses the API client id and secret ({detail}): check them (panier helloasso configure)"),
            ),
            ApiError::Unauthorised => (
                "HelloAsso refuse le jeton d'accès même renouvelé (HTTP 401) : vérifiez le client API".to_string(),
                "HelloAsso refuses the access token even when renewed (HTTP 401): check the API client".to_string(),
            ),
            ApiError::Forbidden => (
                "HelloAsso refuse l'accès à cette organisation (HTTP 403) : le client API n'a pas de droits sur elle (nom court de l'organisation ?)".to_string(),
                "HelloAsso refuses access to this organisation (HTTP 403): the API client has no rights on it (organisation slug?)".to_string(),
            ),
            ApiError::NotFound => (
                "HelloAsso ne connaît pas cette organisation (HTTP 404) : vérifiez son nom court (--org)".to_string(),
                "HelloAsso does not know this organisation (HTTP 404): check its slug (--org)".to_string(),
            ),
            ApiError::RateLimited { retry_after_secs } => {
                let (wait_fr, wait_en) = match retry_after_secs {
                    Some(s) => (format!("réessayez dans {s} s (Retry-After)"), format!("try again in {s} s (Retry-After)")),
                    None => ("réessayez plus tard".to_string(), "try again later".to_string()),
                };
                (
                    format!("HelloAsso limite le nombre de requêtes (HTTP 429) : {wait_fr} ; rien n'a été écrit"),
                    format!("HelloAsso is rate limiting (HTTP 429): {wait_en}; nothing was written"),
                )
            }
            ApiError::ServerError { status } => (
                format!("erreur du serveur HelloAsso (HTTP {status}) : réessayez plus tard ; rien n'a été écrit"),
                format!("HelloAsso server error (HTTP {status}): try again later; nothing was written"),
            ),
            ApiError::Status { status, detail } => (
                format!("réponse inattendue de HelloAsso (HTTP {status}) : {detail}"),
                format!("unexpected answer from HelloAsso (HTTP {status}): {detail}"),
            ),
            ApiError::Malformed { detail } => (
                format!("réponse de HelloAsso illisible (JSON non conforme à l'API v5 : {detail}) ; rien n'a été écrit"),
                format!("unreadable answer from HelloAsso (JSON not as API v5 describes: {detail}); nothing was written"),
            ),
            ApiError::Network { detail } => (
                format!("HelloAsso injoignable ({detail}) ; rien n'a été écrit"),
                format!("HelloAsso cannot be reached ({detail}); nothing was written"),
            ),
            ApiError::TooManyPages => (
                format!("HelloAsso a donné plus de {MAX_PAGES} pages : lecture arrêtée, rien n'a été écrit"),
                format!("HelloAsso gave more than {MAX_PAGES} pages: reading stopped, nothing was written"),
            ),
        };
        Error::refused(fr, en)
    }
}

/// One payment as `GET /v5/organizations/{slug}/payments` lists it (the fields Panier reads).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ApiPayment {
    pub id: i64,
    /// cents
    #[serde(default)]
    pub amount: i64,
    /// HelloAsso's own tip, never the association's money (cents)
    #[serde(default)]
    pub amount_tip: Option<i64>,
    /// ISO 8601, with the offset of Paris
    pub date: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub payment_means: Option<String>,
    #[serde(default)]
    pub payment_off_line_mean: Option<String>,
    #[serde(default)]
    pub order: Option<ApiOrder>,
    #[serde(default)]
    pub payer: Option<ApiPayer>,
    #[serde(default)]
    pub items: Option<Vec<ApiItem>>,
    #[serde(default)]
    pub refund_operations: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ApiOrder {
    pub id: i64,
    #[serde(default)]
    pub form_slug: Option<String>,
    #[serde(default)]
    pub form_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApiPayer {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub zip_code: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    /// ISO 3166 alpha-3 (`FRA`)
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ApiItem {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// `EnumsTierType`: Membership, Donation, Payment…
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// the item's price (cents)
    #[serde(default)]
    pub amount: Option<i64>,
    /// the part of this payment that went to the item (cents; instalments pay a part)
    #[serde(default)]
    pub share_amount: Option<i64>,
}

#[derive(Deserialize)]
struct Page {
    data: Vec<ApiPayment>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    #[serde(default)]
    continuation_token: Option<String>,
    #[serde(default)]
    page_index: Option<u32>,
    #[serde(default)]
    total_pages: Option<u32>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: u64,
}

struct Token {
    access: String,
    /// the API answered 401 to it: renew it before anything else
    refused: bool,
    refresh: Option<String>,
    expires: Instant,
}

/// What a client needs to call HelloAsso for one organisation.
#[derive(Clone)]
pub struct Credentials {
    /// `https://api.helloasso.com`, or a test server
    pub api_url: String,
    pub organization: String,
    pub client_id: String,
    pub client_secret: String,
}

/// A HelloAsso API client (its token kept in memory, never written anywhere).
pub struct Client {
    agent: ureq::Agent,
    credentials: Credentials,
    token: Option<Token>,
    clock: Arc<dyn Clock>,
    /// how many tokens were asked, and how many by refresh (for the report and the tests)
    pub tokens_asked: usize,
    pub tokens_refreshed: usize,
}

impl Client {
    pub fn new(credentials: Credentials, timeout: Duration) -> Client {
        Client {
            agent: http::agent_config(&credentials.api_url, timeout)
                .build()
                .into(),
            credentials: Credentials {
                api_url: credentials.api_url.trim().trim_end_matches('/').to_string(),
                ..credentials
            },
            token: None,
            clock: Arc::new(SystemClock),
            tokens_asked: 0,
            tokens_refreshed: 0,
        }
    }

    /// Another clock (tests: one that runs faster than the wall's).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Client {
        self.clock = clock;
        self
    }

    /// Every payment of the organisation from `from` (all when `None`), every page followed.
    pub fn payments(
        &mut self,
        from: Option<chrono::NaiveDate>,
    ) -> Result<Vec<ApiPayment>, ApiError> {
        let mut all = Vec::new();
        let mut continuation: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut url = url::Url::parse(&format!(
                "{}/v5/organizations/{}/payments",
                self.credentials.api_url,
                encode_segment(&self.credentials.organization)
            ))
            .map_err(|e| ApiError::Network {
                detail: e.to_string(),
            })?;
            {
                let mut query = url.query_pairs_mut();
                query.append_pair("pageSize", &PAGE_SIZE.to_string());
                query.append_pair("sortOrder", "Asc");
                if let Some(day) = from {
                    query.append_pair("from", &format!("{day}T00:00:00"));
                }
                if let Some(token) = &continuation {
                    query.append_pair("continuationToken", token);
                }
            }
            let body = self.get(url.as_str())?;
            let page: Page = serde_json::from_str(&body).map_err(|e| ApiError::Malformed {
                detail: e.to_string(),
            })?;
            let count = page.data.len();
            all.extend(page.data);
            let pagination = page.pagination.unwrap_or(Pagination {
                continuation_token: None,
                page_index: None,
                total_pages: None,
            });
            let last_by_count = matches!(
                (pagination.page_index, pagination.total_pages),
                (Some(i), Some(n)) if i >= n
            );
            // HelloAsso keeps giving a token past the end: an empty page, or the last page
            // by the count, ends the list
            match pagination.continuation_token.filter(|t| !t.is_empty()) {
                Some(next) if count > 0 && !last_by_count => {
                    if continuation.as_deref() == Some(next.as_str()) {
                        return Err(ApiError::Malformed {
                            detail: "the same continuationToken twice".into(),
                        });
                    }
                    continuation = Some(next);
                }
                _ => return Ok(all),
            }
        }
        Err(ApiError::TooManyPages)
    }

    /// A GET with a valid token: renewed before it ends; on a 401, once more with a new one.
    fn get(&mut self, url: &str) -> Result<String, ApiError> {
        let mut renewed = false;
        loop {
            let bearer = format!("Bearer {}", self.access_token()?);
            let sent = self
                .agent
                .get(url)
                .header("Authorization", &bearer)
                .header("Accept", "application/json")
                .call();
            let answer = read(sent)?;
            match answer.status {
                200..=299 => return Ok(answer.body),
                401 if !renewed => {
                    renewed = true;
                    if let Some(token) = &mut self.token {
                        token.refused = true;
                    }
                }
                401 => return Err(ApiError::Unauthorised),
                403 => return Err(ApiError::Forbidden),
                404 => return Err(ApiError::NotFound),
                _ => return Err(other_status(answer)),
            }
        }
    }

    /// The token in force, asked or renewed when none is kept or it ends within a minute.
    fn access_token(&mut self) -> Result<String, ApiError> {
        let now = self.clock.now();
        if let Some(token) = &self.token {
            if !token.refused && token.expires > now + RENEW_BEFORE {
                return Ok(token.access.clone());
            }
        }
        let refresh = self.token.take().and_then(|t| t.refresh);
        let answer = match refresh {
            Some(refresh) => {
                let id = self.credentials.client_id.clone();
                let form = [
                    ("grant_type", "refresh_token"),
                    ("client_id", id.as_str()),
                    ("refresh_token", refresh.as_str()),
                ];
                match self.ask_token(&form) {
                    Ok(answer) => {
                        self.tokens_refreshed += 1;
                        answer
                    }
                    // a refresh token refused (expired too): the credentials again
                    Err(ApiError::BadCredentials { .. }) => self.ask_with_credentials()?,
                    Err(other) => return Err(other),
                }
            }
            None => self.ask_with_credentials()?,
        };
        let token = Token {
            access: answer.access_token,
            refused: false,
            refresh: answer.refresh_token,
            expires: now + Duration::from_secs(answer.expires_in),
        };
        let access = token.access.clone();
        self.token = Some(token);
        Ok(access)
    }

    fn ask_with_credentials(&mut self) -> Result<TokenAnswer, ApiError> {
        let id = self.credentials.client_id.clone();
        let secret = self.credentials.client_secret.clone();
        self.ask_token(&[
            ("grant_type", "client_credentials"),
            ("client_id", id.as_str()),
            ("client_secret", secret.as_str()),
        ])
    }

    fn ask_token(&mut self, form: &[(&str, &str)]) -> Result<TokenAnswer, ApiError> {
        self.tokens_asked += 1;
        let url = format!("{}/oauth2/token", self.credentials.api_url);
        let sent = self
            .agent
            .post(&url)
            .header("Accept", "application/json")
            .send_form(form.iter().copied());
        let answer = read(sent)?;
        match answer.status {
            200..=299 => serde_json::from_str(&answer.body).map_err(|e| ApiError::Malformed {
                detail: format!("oauth2/token: {e}"),
            }),
            400 | 401 | 403 => Err(ApiError::BadCredentials {
                detail: oauth_error(&answer.body)
                    .unwrap_or_else(|| format!("HTTP {}", answer.status)),
            }),
            _ => Err(other_status(answer)),
        }
    }
}

/// An answer read whole, or the request's failure as HelloAsso's error.
fn read(
    sent: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Answer, ApiError> {
    http::read_answer(sent).map_err(|failure| ApiError::Network {
        detail: match failure {
            Unanswered::Timeout => "délai dépassé / timeout".into(),
            Unanswered::Network { detail } => detail,
        },
    })
}

/// What a status that is not a success, and that both endpoints read alike, means.
fn other_status(answer: Answer) -> ApiError {
    match answer.status {
        429 => ApiError::RateLimited {
            retry_after_secs: answer.retry_after_secs,
        },
        status @ 500..=599 => ApiError::ServerError { status },
        status => ApiError::Status {
            status,
            detail: short(&answer.body),
        },
    }
}

/// OAuth2's `error` (and `error_description`) of a refused token request.
fn oauth_error(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let error = value.get("error")?.as_str()?.to_string();
    Some(
        match value.get("error_description").and_then(|d| d.as_str()) {
            Some(d) => format!("{error} : {d}"),
            None => error,
        },
    )
}

fn encode_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.trim().as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
