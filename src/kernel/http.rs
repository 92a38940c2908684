//! What Panier's HTTP clients (HelloAsso's API, Nextcloud's OCS and WebDAV) share: one agent
//! set-up (a timeout, statuses as answers not errors, no redirects, no proxy for this machine),
//! one reading of an answer (status, `Retry-After`, body) and one naming of a request that got
//! no answer. What a status *means* stays with each client: a 401 is a refused token for
//! HelloAsso and a refused app password for Nextcloud.

use std::time::Duration;
use ureq::config::ConfigBuilder;
use ureq::typestate::AgentScope;

/// The name Panier gives itself to the servers it calls.
pub const USER_AGENT: &str = "Panier (CHATONS)";

/// Whether the URL's host is this machine (plain HTTP is accepted only there).
pub fn is_loopback(url: &str) -> bool {
    let url = url.trim();
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An agent's settings for calls to `url`: the whole call bounded by `timeout`, every status
/// read as an answer, redirects not followed (a token must not travel elsewhere), and no proxy
/// when the server is this machine (tests, a local Nextcloud).
pub fn agent_config(url: &str, timeout: Duration) -> ConfigBuilder<AgentScope> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT);
    if is_loopback(url) {
        config.proxy(None)
    } else {
        config
    }
}

/// An answer, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// `Retry-After` in seconds, when the server gave one (429, 503)
    pub retry_after_secs: Option<u64>,
    pub body: String,
}

/// Reads the answer to a request sent (its status, `Retry-After` and body), or says why there
/// is none.
pub fn read_answer(
    sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Answer, Unanswered> {
    let mut response = sent.map_err(unanswered)?;
    let status = response.status().as_u16();
    let retry_after_secs = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = response.body_mut().read_to_string().map_err(unanswered)?;
    Ok(Answer {
        status,
        retry_after_secs,
        body,
    })
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unanswered {
    /// the timeout ran out
    Timeout,
    /// no connection (refused, DNS, TLS…), with what the transport said
    Network { detail: String },
}

/// Names a transport failure.
pub fn unanswered(error: ureq::Error) -> Unanswered {
    match error {
        ureq::Error::Timeout(_) => Unanswered::Timeout,
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Unanswered::Timeout
        }
        ureq::Error::Io(io) => Unanswered::Network {
            detail: io.kind().to_string(),
        },
        ureq::Error::HostNotFound => Unanswered::Network {
            detail: "host not found".into(),
        },
        ureq::Error::ConnectionFailed => Unanswered::Network {
            detail: "connection failed".into(),
        },
        other => Unanswered::Network {
            detail: other.to_string(),
        },
    }
}

/// The first 200 characters of a body, for an error message (never empty).
pub fn short(body: &str) -> String {
    let text: String = body.trim().chars().take(200).collect();
    if text.is_empty() {
        "réponse vide / empty answer".into()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("http://127.0.0.1:8080"));
        assert!(is_loopback("http://localhost/nextcloud"));
        assert!(is_loopback("http://[::1]:80"));
        assert!(is_loopback(" http://127.0.0.1:9/ "));
        assert!(!is_loopback("https://cloud.example.org"));
        assert!(!is_loopback("http://127.example.org"));
    }

    #[test]
    fn a_short_body_is_never_empty() {
        assert_eq!(short("  "), "réponse vide / empty answer");
        assert_eq!(short(&"x".repeat(500)).chars().count(), 200);
    }
}
