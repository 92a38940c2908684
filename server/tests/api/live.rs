//! What the browser UI relies on: `/api/me`'s list of operations (the role's, from the
//! operation layer), the live events after each write, and the security headers of every
//! answer.

use crate::support::{Login, Server};
use panier::ops::{Role, CATALOGUE};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An open `GET /api/events` stream: its `data:` lines arrive on a channel.
struct Listener {
    lines: mpsc::Receiver<String>,
    status: String,
    /// the answer's header lines, lower-cased
    headers: String,
}

impl Listener {
    fn open(server: &Server, login: Option<&Login>) -> Listener {
        let address = server.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        let cookie = login
            .map(|l| format!("Cookie: {}\r\n", l.cookie))
            .unwrap_or_default();
        write!(
            stream,
            "GET /api/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\nConnection: close\r\n{cookie}\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let mut headers = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
                break;
            }
            headers.push_str(&line.to_lowercase());
        }
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
            // the stream ended: the channel closes with the thread
        });
        Listener {
            lines,
            status,
            headers,
        }
    }

    /// The next event's data as JSON, or None if none comes within `wait`.
    fn next(&self, wait: Duration) -> Option<serde_json::Value> {
        let until = Instant::now() + wait;
        loop {
            let left = until.checked_duration_since(Instant::now())?;
            let line = self.lines.recv_timeout(left).ok()?;
            if let Some(data) = line.strip_prefix("data:") {
                return Some(serde_json::from_str(data.trim()).unwrap());
            }
        }
    }

    /// Whether the server ended the stream within `wait`.
    fn ends_within(&self, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        loop {
            let Some(left) = until.checked_duration_since(Instant::now()) else {
                return false;
            };
            match self.lines.recv_timeout(left) {
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return true,
                Err(mpsc::RecvTimeoutError::Timeout) => return false,
            }
        }
    }
}

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn me_lists_the_operations_the_role_may_perform_and_the_csrf_token() {
    let server = Server::start();
    for (user, role) in [
        ("tom", Role::Treasurer),
        ("adam", Role::Admin),
        ("aude", Role::Auditor),
    ] {
        let login = server.login(user);
        let me = server.get("/api/me", Some(&login));
        assert_eq!(me.status, 200);
        assert_eq!(me.body["user"], user);
        assert_eq!(me.body["role"], role.as_str());
        // a page reloaded since the login gets the session's token back
        assert_eq!(me.body["csrf"], login.csrf.as_str());
        let listed: Vec<&str> = me.body["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let expected: Vec<&str> = CATALOGUE
            .iter()
            .filter(|op| role.may(op.access))
            .map(|op| op.name)
            .collect();
        assert_eq!(listed, expected, "{user}");
    }
    let tom = server.login("tom");
    let ops = server.get("/api/me", Some(&tom)).body["operations"].clone();
    assert!(ops
        .as_array()
        .unwrap()
        .contains(&json!("money_record_payment")));
    let aude = server.login("aude");
    let ops = server.get("/api/me", Some(&aude)).body["operations"].clone();
    assert!(ops.as_array().unwrap().contains(&json!("money_overview")));
    assert!(!ops
        .as_array()
        .unwrap()
        .contains(&json!("money_record_payment")));
}

#[test]
fn each_write_is_told_to_every_listener_without_its_content_and_reads_and_refusals_are_not() {
    let server = Server::start();
    assert!(
        Listener::open(&server, None).status.contains(" 401 "),
        "no session, no events"
    );
    let tom = server.login("tom");
    let adam = server.login("adam");
    let adams = Listener::open(&server, Some(&adam));
    let toms = Listener::open(&server, Some(&tom));
    assert!(adams.status.contains(" 200 "), "{}", adams.status);
    assert!(adams.headers.contains("content-type: text/event-stream"));
    // nginx passes the events on at once rather than buffering them
    assert!(
        adams.headers.contains("x-accel-buffering: no"),
        "{}",
        adams.headers
    );

    // a read, and a write the role may not do, change nothing: no event
    let read = server.post("/api/ops/money_overview", Some(&tom), true, &json!({}));
    assert_eq!(read.status, 200);
    let refused = server.donate(&adam, "7");
    assert_eq!(refused.status, 403);
    let recorded = server.donate(&tom, "12.34");
    assert_eq!(recorded.status, 200, "{:?}", recorded.body);

    let seen = adams.next(WAIT).expect("the admin hears of the donation");
    assert_eq!(
        seen,
        json!({"op": "money_record_donation", "area": "money", "mine": false})
    );
    let own = toms.next(WAIT).expect("the treasurer hears of it too");
    assert_eq!(own["mine"], true, "their own change: {own}");
    assert!(
        !seen.to_string().contains("Mairie") && !seen.to_string().contains("12"),
        "no content in events: {seen}"
    );

    // a member added through the resource route is a write too
    let member = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"});
    assert_eq!(
        server
            .post("/api/members", Some(&tom), true, &member)
            .status,
        200
    );
    assert_eq!(
        adams.next(WAIT).unwrap(),
        json!({"op": "members_add", "area": "members", "mine": false})
    );

    // after logging out, the admin hears nothing more: the stream ends at the next change
    assert_eq!(
        server
            .post("/api/logout", Some(&adam), true, &json!({}))
            .status,
        204
    );
    assert_eq!(server.donate(&tom, "1").status, 200);
    assert!(
        adams.ends_within(WAIT),
        "a logged-out session's stream ends"
    );
}

#[test]
fn sigterm_ends_the_event_streams_instead_of_waiting_for_them() {
    let mut server = Server::start();
    let tom = server.login("tom");
    let toms = Listener::open(&server, Some(&tom));
    assert!(toms.status.contains(" 200 "));
    let asked = Instant::now();
    assert!(server.terminate().success());
    // the grace for requests in flight is 30 s: an open stream must not use it up
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "{:?}",
        asked.elapsed()
    );
    assert!(toms.ends_within(WAIT));
}

#[test]
fn every_answer_carries_the_security_headers_and_no_hsts_without_tls() {
    let server = Server::start();
    let tom = server.login("tom");
    let answers = [
        server.get("/api/health", None),
        server.get("/api/me", Some(&tom)),
        server.get("/api/nothing-here", None),
        server.post("/api/ops/money_overview", Some(&tom), true, &json!({})),
        server.post("/api/ops/money_overview", Some(&tom), false, &json!({})),
    ];
    for answer in answers {
        let h = &answer.headers;
        let csp = h["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(part), "{part} missing from {csp}");
        }
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(
            h.get("strict-transport-security").is_none(),
            "HSTS only under TLS"
        );
    }
}

#[test]
fn the_built_ui_needs_nothing_the_csp_forbids() {
    // Vite's build (ui/dist, `npm run build`): scripts and styles in files, none inline
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    let Ok(index) = std::fs::read_to_string(dist.join("index.html")) else {
        panic!("build the UI first: cd ui && npm run build");
    };
    let server = Server::start_with(|_| vec!["--ui".into(), dist.to_string_lossy().into_owned()]);
    let page = server.get("/", None);
    assert_eq!(page.status, 200);
    assert_eq!(page.body.as_str().unwrap(), index);
    assert!(page.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    let lower = index.to_lowercase();
    let scripts = lower.matches("<script").count();
    assert!(scripts >= 1);
    assert_eq!(
        lower
            .matches("<script type=\"module\" crossorigin src=")
            .count(),
        scripts,
        "every script from a file: {index}"
    );
    assert!(
        !lower.contains("<style"),
        "no inline style element: {index}"
    );
    assert!(
        !lower.contains(" style="),
        "no inline style attribute: {index}"
    );
    assert!(
        !lower.contains("http://") && !lower.contains("https://"),
        "nothing from elsewhere"
    );
    // and its files are served with their types
    let script = index
        .split("src=\"./")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let js = server.get(&format!("/{script}"), None);
    assert_eq!(js.status, 200);
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
}
