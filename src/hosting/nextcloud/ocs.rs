//! A small blocking client of Nextcloud's OCS Provisioning API (users, quota, enable/disable).
//!
//! Every call sends `OCS-APIRequest: true`, Basic auth with the admin's app password and
//! `format=json`; bodies are form-urlencoded. Answers are read as JSON or XML, from OCS v1
//! (HTTP 200 with the status in the body: 100 ok, 101 unknown user, 102 invalid quota, 113 not
//! allowed, 997 unauthorised) or v2 (real HTTP status codes). Calls have a timeout and are
//! paced (see [`super::pacing`]): spaced, user edits kept within the server's rate limit, a
//! 429 honoured with its `Retry-After`.
//!
//! The same code does not mean the same thing everywhere: `editUser` answers an unknown user
//! with 997, the code of a refused login, so a 997 on an edit is checked against the admin's
//! own login before it stops a run; 102 on a create is "user already exists", not a quota.

pub use super::ocs_error::OcsError;
pub use super::pacing::wait_before_call;
use super::pacing::{Clock, Pacing};
use crate::kernel::error::{Error, Result};
use crate::kernel::http::{self, Unanswered};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The OCS API flavour: v1 answers HTTP 200 with the status in its body, v2 uses real HTTP
/// status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OcsVersion {
    #[default]
    V1,
    V2,
}

impl OcsVersion {
    pub fn number(self) -> i64 {
        match self {
            OcsVersion::V1 => 1,
            OcsVersion::V2 => 2,
        }
    }

    pub fn from_number(n: i64) -> Self {
        if n == 2 {
            OcsVersion::V2
        } else {
            OcsVersion::V1
        }
    }
}

/// How patient and how polite the client is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClientOptions {
    /// the longest one call may take, connection included
    pub timeout_ms: u64,
    /// the most calls started in one second
    pub calls_per_second: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout_ms: 15_000,
            calls_per_second: 5,
        }
    }
}

/// The admin's app password. It never prints (its `Debug` hides it), never serialises, and
/// is only handed to the HTTP client.
#[derive(Clone, PartialEq, Eq)]
pub struct AppPassword(String);

impl AppPassword {
    /// Takes a password as typed; surrounding whitespace and the line end are dropped.
    pub fn new(text: &str) -> Result<Self> {
        let t = text.trim_end_matches(['\n', '\r']).trim();
        if t.is_empty() {
            return Err(Error::invalid(
                "mot de passe",
                "",
                "le mot de passe d'application est vide",
                "the app password is empty",
            ));
        }
        Ok(AppPassword(t.to_string()))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AppPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppPassword(***)")
    }
}

/// A user's storage as the server reports it (`data.quota`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteQuota {
    /// the quota in bytes; `None` when unlimited or not a size (`none`, `default`)
    pub quota_bytes: Option<i64>,
    /// the quota as the server wrote it
    pub quota_text: String,
    pub used: i64,
    pub free: Option<i64>,
    pub total: Option<i64>,
    /// percent used, as the server computed it
    pub relative: Option<f64>,
}

/// What `GET /users/{id}` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteUser {
    pub id: String,
    pub enabled: Option<bool>,
    pub email: Option<String>,
    pub quota: RemoteQuota,
}

/// A connection to one server. Its `Debug` shows the address only.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    auth: String,
    admin: String,
    pacing: Pacing,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish()
    }
}

pub use crate::kernel::http::is_loopback;

impl Client {
    pub fn new(
        url: &str,
        user: &str,
        password: &AppPassword,
        version: OcsVersion,
        options: &ClientOptions,
    ) -> Result<Self> {
        let url = url.trim().trim_end_matches('/');
        let timeout = Duration::from_millis(options.timeout_ms.max(1));
        let agent: ureq::Agent = http::agent_config(url, timeout).build().into();
        let path = match version {
            OcsVersion::V1 => "/ocs/v1.php/cloud",
            OcsVersion::V2 => "/ocs/v2.php/cloud",
        };
        let per_second = options.calls_per_second.max(1);
        Ok(Client {
            agent,
            base: format!("{url}{path}"),
            auth: format!(
                "Basic {}",
                STANDARD.encode(format!("{user}:{}", password.expose()))
            ),
            admin: user.to_string(),
            pacing: Pacing::new(Duration::from_millis(1000 / per_second as u64)),
        })
    }

    /// The time kept between two calls (1 s / calls per second).
    pub fn interval(&self) -> Duration {
        self.pacing.interval
    }

    /// Another clock (tests: one whose sleeps take no time).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.pacing.clock = clock;
        self
    }

    /// At most `edits` user edits per `window` (default: Nextcloud's 50 per 10 minutes);
    /// `None`: the server has no limit (`ratelimit.protection.enabled` off).
    pub fn with_edit_limit(mut self, limit: Option<(usize, Duration)>) -> Self {
        self.pacing.edit_limit = limit;
        self
    }

    /// The longest single wait (for room in the window, or a `Retry-After`): a longer one
    /// ends the run, the accounts left waiting for the next apply.
    pub fn with_max_wait(mut self, wait: Duration) -> Self {
        self.pacing.max_wait = wait;
        self
    }

    /// One call, paced; a 429 is waited out (bounded) and tried again.
    fn call(
        &self,
        method: &str,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> std::result::Result<Value, OcsError> {
        if method != "GET" {
            self.pacing
                .before_edit()
                .map_err(|wait| OcsError::Throttled {
                    retry_after_secs: Some(wait.as_secs().max(1)),
                })?;
        }
        let mut tries = 0;
        loop {
            self.pacing.space();
            match self.call_once(method, path, form) {
                Err(OcsError::Throttled { retry_after_secs }) if tries < 2 => {
                    tries += 1;
                    if !self
                        .pacing
                        .wait_to_retry(retry_after_secs.map(Duration::from_secs))
                    {
                        return Err(OcsError::Throttled { retry_after_secs });
                    }
                }
                other => return other,
            }
        }
    }

    fn call_once(
        &self,
        method: &str,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> std::result::Result<Value, OcsError> {
        let url = format!("{}{path}?format=json", self.base);
        let result = match (method, form) {
            ("GET", _) => self
                .agent
                .get(&url)
                .header("OCS-APIRequest", "true")
                .header("Authorization", &self.auth)
                .header("Accept", "application/json")
                .call(),
            (m, form) => {
                let request = if m == "POST" {
                    self.agent.post(&url)
                } else {
                    self.agent.put(&url)
                }
                .header("OCS-APIRequest", "true")
                .header("Authorization", &self.auth)
                .header("Accept", "application/json");
                match form {
                    Some(pairs) => request.send_form(pairs.iter().copied()),
                    None => request
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .send_empty(),
                }
            }
        };
        let answer = http::read_answer(result).map_err(|failure| match failure {
            Unanswered::Timeout => OcsError::Timeout,
            Unanswered::Network { detail } => OcsError::Network { detail },
        })?;
        match parse_answer(answer.status, &answer.body) {
            Err(OcsError::Throttled { .. }) => Err(OcsError::Throttled {
                retry_after_secs: answer.retry_after_secs,
            }),
            other => other,
        }
    }

    /// A 997 on an edit: the admin's login refused, or (Nextcloud's `editUser`) a user that
    /// does not exist or that this admin may not edit. The admin's own record tells.
    fn explain_refusal(&self, uid: &str) -> OcsError {
        match self.get_user(&self.admin) {
            Err(OcsError::Unauthorised) => OcsError::Unauthorised,
            Err(other) => other,
            Ok(_) => match self.get_user(uid) {
                Err(OcsError::UnknownUser) => OcsError::UnknownUser,
                Err(other) => other,
                Ok(_) => OcsError::NotAllowed {
                    message: format!("{} may not edit {uid}", self.admin),
                },
            },
        }
    }

    /// `GET /users/{id}`: the user's state and storage.
    pub fn get_user(&self, uid: &str) -> std::result::Result<RemoteUser, OcsError> {
        let data = self.call("GET", &format!("/users/{}", encode_path(uid)), None)?;
        read_user(uid, &data)
    }

    /// `POST /users` with `userid`, `email` and `quota` (bytes).
    pub fn create_user(
        &self,
        uid: &str,
        email: &str,
        quota_bytes: i64,
    ) -> std::result::Result<(), OcsError> {
        let quota = quota_bytes.to_string();
        let mut form: Vec<(&str, &str)> = vec![("userid", uid)];
        if !email.is_empty() {
            form.push(("email", email));
        }
        form.push(("quota", &quota));
        self.call("POST", "/users", Some(&form))
            .map(|_| ())
            .map_err(|e| match e {
                // addUser's 102 is "User already exists" (a quota it refuses says "quota")
                OcsError::InvalidQuota { message } if !message.to_lowercase().contains("quota") => {
                    OcsError::UserExists
                }
                other => other,
            })
    }

    /// `PUT /users/{id}` with `key=quota&value=<bytes>`.
    pub fn set_quota(&self, uid: &str, quota_bytes: i64) -> std::result::Result<(), OcsError> {
        let value = quota_bytes.to_string();
        self.call(
            "PUT",
            &format!("/users/{}", encode_path(uid)),
            Some(&[("key", "quota"), ("value", &value)]),
        )
        .map(|_| ())
        .map_err(|e| match e {
            OcsError::Unauthorised => self.explain_refusal(uid),
            // editUser answers an unknown user with 997 (above): its 101 and 103 are about
            // the value ("Invalid quota value", above the maximum)
            OcsError::UnknownUser | OcsError::Failure { code: 103, .. } => OcsError::InvalidQuota {
                message: String::new(),
            },
            other => other,
        })
    }

    /// `PUT /users/{id}/enable` or `/disable`.
    pub fn set_enabled(&self, uid: &str, enabled: bool) -> std::result::Result<(), OcsError> {
        let verb = if enabled { "enable" } else { "disable" };
        self.call("PUT", &format!("/users/{}/{verb}", encode_path(uid)), None)
            .map(|_| ())
            .map_err(|e| match e {
                OcsError::Unauthorised => self.explain_refusal(uid),
                other => other,
            })
    }
}

/// Reads an OCS answer (JSON or XML, v1 or v2) into its `data`, or the error it carries.
pub fn parse_answer(http_status: u16, body: &str) -> std::result::Result<Value, OcsError> {
    let text = body.trim_start_matches('\u{feff}').trim();
    let parsed: Option<(Value, Value)> = if text.starts_with('{') {
        serde_json::from_str::<Value>(text)
            .ok()
            .map(|v| (v["ocs"]["meta"].clone(), v["ocs"]["data"].clone()))
    } else if text.starts_with('<') {
        roxmltree::Document::parse(text).ok().and_then(|doc| {
            let root = doc.root_element();
            (root.tag_name().name() == "ocs").then(|| {
                let child = |name: &str| {
                    root.children()
                        .find(|n| n.is_element() && n.tag_name().name() == name)
                        .map(xml_to_json)
                        .unwrap_or(Value::Null)
                };
                (child("meta"), child("data"))
            })
        })
    } else {
        None
    };
    let Some((meta, data)) = parsed.filter(|(meta, _)| meta.is_object()) else {
        return match http_status {
            401 => Err(OcsError::Unauthorised),
            429 => Err(OcsError::Throttled {
                retry_after_secs: None,
            }),
            200..=299 => Err(OcsError::BadAnswer {
                detail: "not an OCS answer".into(),
            }),
            status => Err(OcsError::Http { status }),
        };
    };
    let code = number(&meta["statuscode"]).unwrap_or(i64::from(http_status));
    let message = meta["message"].as_str().unwrap_or("").to_string();
    if http_status == 429 || code == 429 {
        return Err(OcsError::Throttled {
            retry_after_secs: None,
        });
    }
    match code {
        100 | 200 if (200..300).contains(&http_status) => Ok(data),
        100 | 200 => Err(OcsError::Http {
            status: http_status,
        }),
        101 | 404 | 998 => Err(OcsError::UnknownUser),
        102 => Err(OcsError::InvalidQuota { message }),
        113 | 403 => Err(OcsError::NotAllowed { message }),
        997 | 401 => Err(OcsError::Unauthorised),
        code => Err(OcsError::Failure { code, message }),
    }
}

/// An XML element as JSON: text for a leaf, an object of its children otherwise (a name
/// seen twice becomes an array).
fn xml_to_json(node: roxmltree::Node<'_, '_>) -> Value {
    let children: Vec<_> = node.children().filter(|n| n.is_element()).collect();
    if children.is_empty() {
        return Value::String(node.text().unwrap_or("").trim().to_string());
    }
    let mut map = Map::new();
    for child in children {
        let name = child.tag_name().name().to_string();
        let value = xml_to_json(child);
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    Value::Object(map)
}

/// A number written as a JSON number or as text (XML answers are all text).
fn number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().map(|f| f as i64))
        }
        _ => None,
    }
}

fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn read_user(uid: &str, data: &Value) -> std::result::Result<RemoteUser, OcsError> {
    if !data.is_object() {
        return Err(OcsError::BadAnswer {
            detail: "no user data".into(),
        });
    }
    let q = &data["quota"];
    let quota_text = match &q["quota"] {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let quota_bytes = match number(&q["quota"]) {
        Some(n) if n >= 0 => Some(n),
        Some(_) => None, // negative: unlimited
        None => match quota_text.to_ascii_lowercase().as_str() {
            "" | "none" | "default" => None,
            text => super::rounding::computer_file_size(text),
        },
    };
    let enabled = match &data["enabled"] {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim() {
            "1" | "true" => Some(true),
            "0" | "false" | "" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    };
    Ok(RemoteUser {
        id: data["id"].as_str().unwrap_or(uid).to_string(),
        enabled,
        email: data["email"]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        quota: RemoteQuota {
            quota_bytes,
            quota_text,
            used: number(&q["used"]).unwrap_or(0).max(0),
            free: number(&q["free"]),
            total: number(&q["total"]),
            relative: float(&q["relative"]),
        },
    })
}

/// Percent-encodes a user id for a URL path.
pub fn encode_path(text: &str) -> String {
    crate::kernel::text::percent_encode(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_the_rfc_base64_of_user_and_password() {
        let p = AppPassword::new("s3cret").unwrap();
        let options = ClientOptions {
            timeout_ms: 1000,
            calls_per_second: 1,
        };
        let client = Client::new("http://127.0.0.1:1", "admin", &p, OcsVersion::V1, &options);
        assert_eq!(client.unwrap().auth, "Basic YWRtaW46czNjcmV0");
    }

    #[test]
    fn calls_are_spaced() {
        use std::time::Instant;
        let t0 = Instant::now();
        let every = Duration::from_millis(200);
        assert_eq!(wait_before_call(None, t0, every), Duration::ZERO);
        assert_eq!(wait_before_call(Some(t0), t0, every), every);
        assert_eq!(
            wait_before_call(Some(t0), t0 + Duration::from_millis(50), every),
            Duration::from_millis(150)
        );
        assert_eq!(
            wait_before_call(Some(t0), t0 + Duration::from_secs(1), every),
            Duration::ZERO
        );
        // 5 calls a second: 200 ms apart; 0 is taken as 1
        let p = AppPassword::new("x").unwrap();
        let client = |n| {
            Client::new(
                "http://127.0.0.1:1",
                "a",
                &p,
                OcsVersion::V1,
                &ClientOptions {
                    timeout_ms: 1000,
                    calls_per_second: n,
                },
            )
            .unwrap()
        };
        assert_eq!(client(5).interval(), every);
        assert_eq!(client(0).interval(), Duration::from_secs(1));
    }

    #[test]
    fn reads_v1_xml_with_status_in_body() {
        let xml = "<?xml version=\"1.0\"?>\n<ocs><meta><status>failure</status>\
            <statuscode>101</statuscode><message></message></meta><data/></ocs>";
        assert_eq!(parse_answer(200, xml), Err(OcsError::UnknownUser));
        let ok = "<ocs><meta><statuscode>100</statuscode></meta><data><id>a</id>\
            <quota><quota>5 GB</quota><used>0</used></quota></data></ocs>";
        let data = parse_answer(200, ok).unwrap();
        let user = read_user("a", &data).unwrap();
        assert_eq!(user.quota.quota_bytes, Some(5 * 1024 * 1024 * 1024));
        assert_eq!(user.quota.used, 0);
    }

    #[test]
    fn reads_v2_json_with_http_codes() {
        let body = r#"{"ocs":{"meta":{"status":"failure","statuscode":997,"message":"Current user is not logged in"},"data":[]}}"#;
        assert_eq!(parse_answer(401, body), Err(OcsError::Unauthorised));
        assert_eq!(parse_answer(401, ""), Err(OcsError::Unauthorised));
        assert_eq!(
            parse_answer(502, "<html>"),
            Err(OcsError::Http { status: 502 })
        );
        let not_allowed = r#"{"ocs":{"meta":{"statuscode":113,"message":"no"},"data":[]}}"#;
        assert_eq!(
            parse_answer(200, not_allowed),
            Err(OcsError::NotAllowed {
                message: "no".into()
            })
        );
        let v2_unknown =
            r#"{"ocs":{"meta":{"statuscode":404,"message":"User does not exist"},"data":[]}}"#;
        assert_eq!(parse_answer(404, v2_unknown), Err(OcsError::UnknownUser));
        let ok = r#"{"ocs":{"meta":{"statuscode":200},"data":{"id":"a","quota":{"quota":-3,"used":12}}}}"#;
        let user = read_user("a", &parse_answer(200, ok).unwrap()).unwrap();
        assert_eq!(user.quota.quota_bytes, None);
        assert_eq!(user.quota.used, 12);
    }

    #[test]
    fn the_password_never_prints() {
        let p = AppPassword::new("s3cret\n").unwrap();
        assert_eq!(p.expose(), "s3cret");
        assert!(!format!("{p:?}").contains("s3cret"));
        let c = Client::new(
            "http://127.0.0.1:1",
            "admin",
            &p,
            OcsVersion::V1,
            &ClientOptions::default(),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(!format!("{c:?}").contains("czNjcmV0"));
    }
}
