//! A fake HelloAsso for tests: a small HTTP server on 127.0.0.1 (tests/support/loopback_http.rs)
//! answering the two routes Panier calls, in the shapes of HelloAsso's published
//! OpenAPI description (as its official SDKs carry it), and recording every request.
//!
//! - `POST /oauth2/token`, form-encoded only: `grant_type=client_credentials` with the right
//!   `client_id` and `client_secret`, or `grant_type=refresh_token` with a refresh token it
//!   gave → `{access_token, token_type, expires_in, refresh_token}`; else 400
//!   `{"error": "invalid_client"…}` (or `invalid_grant`);
//! - `GET /v5/organizations/{slug}/payments` with `Authorization: Bearer …`: the payments
//!   dated from `from` on, `page_size` at most per page (the server's cap, below Panier's
//!   `pageSize`), as `{data, pagination: {pageSize, totalCount, pageIndex, totalPages,
//!   continuationToken}}`. As HelloAsso does, a continuation token is given even with the last
//!   page; the page after it is empty. An unknown or used-up token gets 401; another slug 403.
//! - `token_uses`: how many payments calls one access token serves before the server stops
//!   taking it (401), as when it expires mid-sync; `failures`: answers to give instead,
//!   in order, to the next payments calls (`None` in the list: answer normally).

#![allow(dead_code)]

use crate::loopback_http::{LoopbackServer, Reply};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

pub const ORG: &str = "amis-du-velo";
pub const CLIENT_ID: &str = "a1b2c3d4e5f6";
pub const CLIENT_SECRET: &str = "Secret+with/odd=chars&more";

pub use crate::loopback_http::Request;

/// An answer given instead of the payments page.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Status {
        status: u16,
        body: String,
        retry_after: Option<u64>,
    },
    /// 200 with a body that is not the JSON described
    Malformed(String),
}

pub struct State {
    pub payments: Vec<Value>,
    pub page_size: usize,
    pub expires_in: u64,
    /// payments calls one access token serves (`None`: no limit)
    pub token_uses: Option<usize>,
    /// access token → calls it served
    pub tokens: BTreeMap<String, usize>,
    pub refresh_tokens: Vec<String>,
    pub issued: usize,
    pub failures: VecDeque<Option<Failure>>,
    pub requests: Vec<Request>,
}

pub struct MockHelloasso {
    pub url: String,
    pub state: Arc<Mutex<State>>,
    /// stops when the mock is dropped
    _server: LoopbackServer,
}

impl MockHelloasso {
    pub fn start(payments: Vec<Value>) -> MockHelloasso {
        let state = Arc::new(Mutex::new(State {
            payments,
            page_size: 20,
            expires_in: 1800,
            token_uses: None,
            tokens: BTreeMap::new(),
            refresh_tokens: Vec::new(),
            issued: 0,
            failures: VecDeque::new(),
            requests: Vec::new(),
        }));
        let shared = state.clone();
        let server = LoopbackServer::start(move |request| {
            let mut st = shared.lock().unwrap();
            st.requests.push(request.clone());
            let (status, body, retry_after_secs) = route(&mut st, &request);
            Reply {
                retry_after_secs,
                ..Reply::json(status, body)
            }
        });
        MockHelloasso {
            url: server.url.clone(),
            state,
            _server: server,
        }
    }

    pub fn set(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.state.lock().unwrap());
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn token_requests(&self) -> Vec<BTreeMap<String, String>> {
        self.requests()
            .iter()
            .filter(|r| r.path() == "/oauth2/token")
            .map(Request::form)
            .collect()
    }

    pub fn page_requests(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.path().ends_with("/payments"))
            .collect()
    }
}

/// A payment as `StatisticsPayment` describes it.
pub struct Payment {
    pub id: i64,
    pub order: i64,
    pub date: &'static str,
    pub state: &'static str,
    pub email: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub company: &'static str,
    /// `paymentOffLineMean` of a payment registered offline (state `Registered`)
    pub offline_mean: Option<&'static str>,
    /// (type, name, share in cents)
    pub items: Vec<(&'static str, &'static str, i64)>,
    pub form_slug: &'static str,
}

impl Payment {
    pub fn json(&self) -> Value {
        let total: i64 = self.items.iter().map(|i| i.2).sum();
        let items: Vec<Value> = self
            .items
            .iter()
            .enumerate()
            .map(|(n, (kind, name, share))| {
                json!({"id": self.id * 10 + n as i64, "name": name, "type": kind,
                    "amount": share, "shareAmount": share, "shareItemAmount": share,
                    "shareOptionsAmount": 0, "initialAmount": share, "state": "Processed"})
            })
            .collect();
        json!({
            "order": {"id": self.order, "date": self.date, "formSlug": self.form_slug,
                "formType": if self.items.iter().any(|i| i.0 == "Membership") {
                    "Membership" } else { "Donation" },
                "organizationName": "Les Amis du Vélo", "organizationSlug": ORG},
            "payer": {"email": self.email, "firstName": self.first_name,
                "lastName": self.last_name, "company": self.company, "address": "12 rue des Lilas", "zipCode": "69003",
                "city": "Lyon", "country": "FRA"},
            "items": items,
            "id": self.id,
            "amount": total + 150,
            "amountTip": 150,
            "date": self.date,
            "paymentMeans": if self.offline_mean.is_some() { "Other" } else { "Card" },
            "paymentOffLineMean": self.offline_mean,
            "installmentNumber": 1,
            "state": self.state,
            "type": "Offline",
            "meta": {"createdAt": self.date, "updatedAt": self.date},
            "refundOperations": if self.state == "Refunded" {
                json!([{"id": self.id + 5, "amount": total, "amountTip": 150,
                    "status": "Processed", "meta": {"createdAt": self.date}}])
            } else { json!([]) },
        })
    }
}

fn route(st: &mut State, request: &Request) -> (u16, String, Option<u64>) {
    if request.method == "POST" && request.path() == "/oauth2/token" {
        return token(st, request);
    }
    let payments_path = format!("/v5/organizations/{ORG}/payments");
    if request.method != "GET" || !request.path().ends_with("/payments") {
        return (
            404,
            json!({"errors": [{"message": "not found"}]}).to_string(),
            None,
        );
    }
    let bearer = request
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string();
    let uses = st.token_uses;
    match st.tokens.get_mut(&bearer) {
        Some(n) if uses.is_none_or(|max| *n < max) => *n += 1,
        _ => return (401, String::new(), None),
    }
    if request.path() != payments_path {
        return (403, String::new(), None);
    }
    if let Some(Some(failure)) = st.failures.pop_front() {
        return match failure {
            Failure::Status {
                status,
                body,
                retry_after,
            } => (status, body, retry_after),
            Failure::Malformed(body) => (200, body, None),
        };
    }
    let query = request.query();
    let from = query.get("from").map(|f| f[..10].to_string());
    let listed: Vec<&Value> = st
        .payments
        .iter()
        .filter(|p| {
            from.as_deref()
                .is_none_or(|f| p["date"].as_str().unwrap_or("")[..10] >= *f)
        })
        .collect();
    let asked: usize = query
        .get("pageSize")
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let size = asked.min(st.page_size).max(1);
    let offset: usize = query
        .get("continuationToken")
        .and_then(|t| t.strip_prefix("ct:"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = listed
        .iter()
        .skip(offset)
        .take(size)
        .map(|v| (*v).clone())
        .collect();
    let total_pages = listed.len().div_ceil(size);
    let body = json!({
        "data": page,
        "pagination": {"pageSize": size, "totalCount": listed.len(),
            "pageIndex": offset / size + 1, "totalPages": total_pages,
            // HelloAsso gives a token with the last page too
            "continuationToken": format!("ct:{}", offset + size)},
    });
    (200, body.to_string(), None)
}

fn token(st: &mut State, request: &Request) -> (u16, String, Option<u64>) {
    let form_encoded = request
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let form = request.form();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let refused = |error: &str| {
        (
            400,
            json!({"error": error, "error_description": "refused by the test server"}).to_string(),
            None,
        )
    };
    if !form_encoded {
        return refused("invalid_request");
    }
    let ok = match get("grant_type") {
        "client_credentials" => {
            get("client_id") == CLIENT_ID && get("client_secret") == CLIENT_SECRET
        }
        "refresh_token" => {
            get("client_id") == CLIENT_ID
                && st.refresh_tokens.iter().any(|t| t == get("refresh_token"))
        }
        _ => false,
    };
    if !ok {
        return refused(if get("grant_type") == "refresh_token" {
            "invalid_grant"
        } else {
            "invalid_client"
        });
    }
    st.issued += 1;
    let access = format!("access-{}", st.issued);
    let refresh = format!("refresh-{}", st.issued);
    st.tokens.insert(access.clone(), 0);
    st.refresh_tokens.push(refresh.clone());
    (
        200,
        json!({"access_token": access, "token_type": "bearer", "expires_in": st.expires_in,
            "refresh_token": refresh})
        .to_string(),
        None,
    )
}

/// The payments of `tests/data/helloasso/paiements.csv` as the API lists them: same payment
/// and order ids, payers, items and states (a refund, a cancellation, two offline payments, a
/// ticket that is no plan, a storage tier).
pub fn payments_of_the_csv_fixture() -> Vec<Value> {
    let p = |id: i64,
             date: &'static str,
             state: &'static str,
             (first_name, last_name, email): (&'static str, &'static str, &'static str),
             items: Vec<(&'static str, &'static str, i64)>,
             form_slug: &'static str| Payment {
        id,
        order: id - 101203401 + 84512301,
        date,
        state,
        email,
        first_name,
        last_name,
        company: "",
        offline_mean: None,
        items,
        form_slug,
    };
    let helene = ("Hélène", "Lefèvre", "helene.lefevre@laposte.net");
    let membership = |name, cents| ("Membership", name, cents);
    let gift = |cents| ("Donation", "Don", cents);
    let adhesion = "adhesion-2026";
    let soutien = "soutenez-notre-hebergement-libre";
    let individual = membership("Adhésion individuelle", 1500);
    // one payment a line: id, date, state, payer, items, form
    #[rustfmt::skip]
    let list = vec![
        p(101203401, "2026-01-14T09:12:45+01:00", "Authorized", helene, vec![individual, gift(1000)], adhesion),
        p(101203402, "2026-01-15T18:40:00+01:00", "Authorized", ("Jérôme", "Dubois", "  Jerome.Dubois@Free.FR "), vec![individual], adhesion),
        Payment {
            company: "Les Amis du Vélo",
            ..p(101203403, "2026-02-02T11:05:10+01:00", "Authorized", ("", "", "tresorerie@amisduvelo.org"), vec![membership("Adhésion structure", 5000)], adhesion)
        },
        p(101203404, "2026-02-20T21:47:02+01:00", "Authorized", helene, vec![gift(3000)], soutien),
        p(101203405, "2026-03-03T08:30:00+01:00", "Refunded", ("Luc", "Garnier", "luc.garnier@orange.fr"), vec![individual], adhesion),
        p(101203406, "2026-03-04T10:00:00+01:00", "Canceled", ("Inès", "Roux", "ines.roux@gmail.com"), vec![gift(2000)], soutien),
        Payment {
            offline_mean: Some("Check"),
            ..p(101203407, "2026-03-12T00:00:00+01:00", "Registered", ("Élodie", "Mercier", "elodie.mercier@riseup.net"), vec![individual], adhesion)
        },
        Payment {
            offline_mean: Some("Cash"),
            ..p(101203408, "2026-03-13T17:15:00+01:00", "Registered", ("Théo", "Faure", "theo.faure@tutanota.com"), vec![individual, gift(500)], adhesion)
        },
        p(101203409, "2026-03-21T19:02:33+01:00", "Authorized", ("Chloé", "Blanc", "chloe.blanc@gmail.com"), vec![("Registration", "Entrée atelier", 1200)], "atelier-degooglisons-nous"),
        p(101203410, "2026-04-02T12:00:00+02:00", "Authorized", ("Jérôme", "Dubois", "jerome.dubois@free.fr"), vec![("Payment", "Stockage 20 Go", 2400)], "espace-de-stockage"),
    ];
    list.into_iter().map(|p| p.json()).collect()
}
