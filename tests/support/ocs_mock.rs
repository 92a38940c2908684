//! A fake Nextcloud for tests: a small HTTP server on 127.0.0.1 (tests/support/loopback_http.rs)
//! that answers the OCS Provisioning API v1 and v2 as documented, in JSON (when asked
//! `format=json`) or XML, and records every request it receives.
//!
//! - v1: HTTP 200, the OCS status in the body (100 ok, 101 unknown user, 102 invalid or
//!   too-large quota, 997 unauthorised);
//! - v2: the status in the body is 200 when ok, and the HTTP status is real (401 for 997,
//!   404 for an unknown user on GET, 400 for 101/102 on PUT).
//! - A user who never logged in has only `{quota, used: 0}`.
//! - Users listed in `slow` are answered after `slow_delay`.
//! - A quota sent as bytes is kept as Nextcloud keeps it: `humanFileSize` of it ("10.5 GB",
//!   one decimal from MB up), read back with `computerFileSize` (OC_Helper).
//! - Editing a user that does not exist answers 997, as Nextcloud's `editUser` does (the
//!   same code as a refused login); enabling or disabling one answers 101; looking one up
//!   answers 998 in v1 (404 in v2); creating one that exists answers 102.
//! - `edit_budget`: how many user edits (create, quota, enable, disable) the admin may still
//!   make before the server throttles (HTTP 429, `Retry-After: retry_after_secs`), as
//!   Nextcloud's rate limit on `editUser` does (50 per 10 minutes); `None`: no limit.

#![allow(dead_code)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use crate::loopback_http::Request;
use crate::loopback_http::{LoopbackServer, Reply};

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub email: String,
    /// as last set (`5 GB`, bytes, `none`)
    pub quota: String,
    pub used: i64,
    pub logged_in: bool,
    pub enabled: bool,
}

impl User {
    pub fn new(quota: &str, used: i64) -> Self {
        User {
            email: String::new(),
            quota: quota.to_string(),
            used,
            logged_in: true,
            enabled: true,
        }
    }

    pub fn never_logged_in(quota: &str) -> Self {
        User {
            logged_in: false,
            ..User::new(quota, 0)
        }
    }
}

pub struct State {
    pub version: u8,
    /// answer XML even when JSON is asked
    pub force_xml: bool,
    pub admin: String,
    pub password: String,
    pub users: BTreeMap<String, User>,
    /// the instance's `files max_quota` in bytes: larger quotas get 102
    pub max_quota: Option<i64>,
    pub slow: HashSet<String>,
    pub slow_delay: Duration,
    pub requests: Vec<Request>,
    /// user edits left before 429 (`None`: unlimited)
    pub edit_budget: Option<usize>,
    /// the `Retry-After` of a 429, in seconds (`None`: no header)
    pub retry_after_secs: Option<u64>,
    /// how many edits were throttled
    pub throttled: usize,
}

pub struct MockServer {
    pub url: String,
    pub state: Arc<Mutex<State>>,
    /// stops when the mock is dropped
    _server: LoopbackServer,
}

impl MockServer {
    pub fn start(version: u8, admin: &str, password: &str) -> MockServer {
        let state = Arc::new(Mutex::new(State {
            version,
            force_xml: false,
            admin: admin.to_string(),
            password: password.to_string(),
            users: BTreeMap::new(),
            max_quota: None,
            slow: HashSet::new(),
            slow_delay: Duration::from_secs(3),
            requests: Vec::new(),
            edit_budget: None,
            retry_after_secs: None,
            throttled: 0,
        }));
        let shared = state.clone();
        let server = LoopbackServer::start(move |request| answer(&shared, request));
        MockServer {
            url: server.url.clone(),
            state,
            _server: server,
        }
    }

    pub fn add_user(&self, id: &str, user: User) {
        self.state
            .lock()
            .unwrap()
            .users
            .insert(id.to_string(), user);
    }

    pub fn user(&self, id: &str) -> Option<User> {
        self.state.lock().unwrap().users.get(id).cloned()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.state.lock().unwrap().requests.clear();
    }

    pub fn set(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.state.lock().unwrap());
    }
}

/// The OCS answer to a request, in JSON or XML as asked, slow for the users listed as slow.
fn answer(state: &Mutex<State>, request: Request) -> Reply {
    let (status, body, content_type, delay, retry_after) = {
        let mut st = state.lock().unwrap();
        st.requests.push(request.clone());
        let (status, meta_code, message, data, user) = route(&mut st, &request);
        let json_wanted = request.target.contains("format=json") && !st.force_xml;
        let body = if json_wanted {
            json!({"ocs": {"meta": {
                "status": if meta_code == 100 || meta_code == 200 { "ok" } else { "failure" },
                "statuscode": meta_code, "message": message,
                "totalitems": "", "itemsperpage": ""}, "data": data}})
            .to_string()
        } else {
            let mut xml = String::from("<?xml version=\"1.0\"?>\n<ocs>\n <meta>\n");
            xml.push_str(&format!(
                "  <status>{}</status>\n  <statuscode>{meta_code}</statuscode>\n  <message>{}</message>\n  <totalitems></totalitems>\n  <itemsperpage></itemsperpage>\n </meta>\n",
                if meta_code == 100 || meta_code == 200 { "ok" } else { "failure" },
                escape(&message)
            ));
            xml.push_str(&format!(" <data>{}</data>\n</ocs>\n", to_xml(&data)));
            xml
        };
        let delay = user.filter(|u| st.slow.contains(u)).map(|_| st.slow_delay);
        let content_type = if json_wanted {
            "application/json; charset=utf-8"
        } else {
            "text/xml; charset=UTF-8"
        };
        let retry_after = if status == 429 {
            st.retry_after_secs
        } else {
            None
        };
        (status, body, content_type, delay, retry_after)
    };
    if let Some(d) = delay {
        std::thread::sleep(d);
    }
    Reply {
        status,
        content_type,
        body,
        retry_after_secs: retry_after,
    }
}

/// (HTTP status, OCS status code, message, data, the user concerned)
fn route(st: &mut State, r: &Request) -> (u16, i64, String, Value, Option<String>) {
    let v2 = st.version == 2;
    let ok = |data: Value, user: Option<String>| {
        (
            200,
            if v2 { 200 } else { 100 },
            "OK".to_string(),
            data,
            user,
        )
    };
    // v1 says everything with HTTP 200 (but 997 with 401, and 429 as it is); v2 uses the
    // matching HTTP status
    let fail = |http: u16, code: i64, message: &str, user: Option<String>| {
        (
            if v2 || code == 997 || http == 429 {
                http
            } else {
                200
            },
            code,
            message.to_string(),
            json!([]),
            user,
        )
    };
    let expected = format!(
        "Basic {}",
        base64(format!("{}:{}", st.admin, st.password).as_bytes())
    );
    if r.header("authorization") != Some(expected.as_str())
        || r.header("ocs-apirequest") != Some("true")
    {
        return fail(401, 997, "Current user is not logged in", None);
    }
    let prefix = if v2 {
        "/ocs/v2.php/cloud/users"
    } else {
        "/ocs/v1.php/cloud/users"
    };
    let Some(rest) = r.path().strip_prefix(prefix) else {
        return fail(404, 998, "Invalid query", None);
    };
    let segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let edit = r.method == "POST" || r.method == "PUT";
    if edit {
        if let Some(left) = st.edit_budget {
            if left == 0 {
                st.throttled += 1;
                return fail(429, 429, "Reached maximum request limit", None);
            }
            st.edit_budget = Some(left - 1);
        }
    }
    match (r.method.as_str(), segments.as_slice()) {
        ("POST", []) => {
            let form = r.form();
            let id = form.get("userid").cloned().unwrap_or_default();
            if st.users.contains_key(&id) {
                return fail(400, 102, "User already exists", Some(id));
            }
            let quota = form
                .get("quota")
                .cloned()
                .unwrap_or_else(|| "default".into());
            if let (Some(max), Some(bytes)) = (st.max_quota, bytes_of(&quota)) {
                if bytes > max {
                    return fail(400, 102, "Invalid quota value", Some(id));
                }
            }
            st.users.insert(
                id.clone(),
                User {
                    email: form.get("email").cloned().unwrap_or_default(),
                    ..User::never_logged_in(&kept_as(&quota))
                },
            );
            ok(json!({ "id": id }), Some(id))
        }
        ("GET", [id]) => {
            let Some(u) = st.users.get(id) else {
                return fail(
                    404,
                    if v2 { 404 } else { 998 },
                    "User does not exist",
                    Some(id.clone()),
                );
            };
            let quota = if u.logged_in {
                let total = bytes_of(&u.quota).unwrap_or(-3);
                let free = if total >= 0 { total - u.used } else { 1 << 40 };
                json!({
                    "free": free, "used": u.used, "total": u.used + free.max(0),
                    "relative": if total > 0 { (u.used as f64 * 10000.0 / total as f64).round() / 100.0 } else { 0.0 },
                    "quota": if total >= 0 { json!(total) } else { json!(-3) },
                })
            } else {
                // before the first login: only these two
                json!({ "quota": bytes_of(&u.quota).map_or(json!(u.quota), |b| json!(b)), "used": 0 })
            };
            ok(
                json!({
                    "enabled": u.enabled, "id": id, "email": u.email, "quota": quota,
                    "displayname": id, "groups": [], "language": "fr",
                }),
                Some(id.clone()),
            )
        }
        ("PUT", [id]) => {
            if !st.users.contains_key(id) {
                // editUser: an unknown user gets the code of a refused login
                return fail(401, 997, "", Some(id.clone()));
            }
            let form = r.form();
            if form.get("key").map(String::as_str) != Some("quota") {
                return fail(400, 102, "unsupported key", Some(id.clone()));
            }
            let value = form.get("value").cloned().unwrap_or_default();
            let bytes = bytes_of(&value);
            if value != "none" && value != "default" && bytes.is_none() {
                return fail(400, 102, "Invalid quota value", Some(id.clone()));
            }
            if let (Some(max), Some(b)) = (st.max_quota, bytes) {
                if b > max {
                    return fail(400, 102, "Invalid quota value", Some(id.clone()));
                }
            }
            st.users.get_mut(id).unwrap().quota = kept_as(&value);
            ok(json!([]), Some(id.clone()))
        }
        ("PUT", [id, verb]) if verb == "enable" || verb == "disable" => {
            let Some(u) = st.users.get_mut(id) else {
                return fail(400, 101, "", Some(id.clone()));
            };
            u.enabled = verb == "enable";
            ok(json!([]), Some(id.clone()))
        }
        _ => fail(404, 998, "Invalid query", None),
    }
}

/// A quota as Nextcloud keeps it: bytes written by `humanFileSize`, words as they are.
fn kept_as(value: &str) -> String {
    match value.trim().parse::<f64>() {
        Ok(bytes) if bytes >= 0.0 => human_file_size(bytes.round() as i64),
        _ => value.to_string(),
    }
}

/// Nextcloud's `OC_Helper::humanFileSize`: KB rounded to a whole number, then MB, GB, TB,
/// PB each to one decimal of the rounded value before.
pub fn human_file_size(bytes: i64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut size = (bytes as f64 / 1024.0).round();
    if size < 1024.0 {
        return format!("{size} KB");
    }
    for unit in ["MB", "GB", "TB"] {
        size = (size / 1024.0 * 10.0).round() / 10.0;
        if size < 1024.0 {
            return format!("{size} {unit}");
        }
    }
    format!("{} PB", (size / 1024.0 * 10.0).round() / 10.0)
}

fn bytes_of(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return (n >= 0).then_some(n);
    }
    let (number, unit) = t.split_at(t.find(|c: char| c.is_alphabetic() || c == ' ')?);
    let number: f64 = number.trim().parse().ok()?;
    let power = match unit.trim().to_ascii_uppercase().as_str() {
        "B" => 0,
        "KB" => 1,
        "MB" => 2,
        "GB" => 3,
        "TB" => 4,
        _ => return None,
    };
    // computerFileSize rounds to whole bytes
    Some((number * 1024f64.powi(power)).round() as i64)
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn to_xml(value: &Value) -> String {
    match value {
        Value::Object(map) => map_xml(map),
        Value::Array(items) => items
            .iter()
            .map(|v| format!("<element>{}</element>", to_xml(v)))
            .collect(),
        Value::Bool(b) => if *b { "1" } else { "" }.to_string(),
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => escape(s),
    }
}

fn map_xml(map: &Map<String, Value>) -> String {
    map.iter()
        .map(|(k, v)| format!("<{k}>{}</{k}>", to_xml(v)))
        .collect()
}

/// The Basic-auth form of credentials, as the tests expect it in a header.
pub fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}
