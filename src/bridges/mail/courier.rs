//! Handing messages to the SMTP server (lettre, rustls): one connection per message (a lost
//! connection costs only that message), paced to the server's limit, and every outcome
//! sorted the way the runs need it: accepted, refused for good (5xx), or to try again later
//! (4xx, connection lost, timeout).

use super::server::{MailServer, TlsMode};
use crate::kernel::error::{Error, Result};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::SmtpTransport;
use lettre::{Message, Transport};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use ts_rs::TS;

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Delivery {
    /// the server took it (250 after the data)
    Accepted,
    /// refused for good (5xx): not tried again for this address
    Refused(String),
    /// not taken this time (4xx, connection lost, timeout): tried again on the next run
    Retry(String),
}

/// What carries messages: the SMTP server, or (in tests of the runs) something else.
pub trait Courier {
    /// Before a run: the server answers and takes the login, else the run stops before
    /// anything is recorded (so a wrong password never reads as 150 refused recipients).
    fn check(&mut self) -> Result<()>;
    fn deliver(&mut self, message: &Message) -> Delivery;
}

/// The certificates of a PEM file, checked readable.
pub fn read_ca_file(path: &str) -> Result<Certificate> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::invalid(
            "fichier d'autorité",
            path,
            format!("fichier de certificats illisible « {path} » : {e}"),
            format!("unreadable certificate file “{path}”: {e}"),
        )
    })?;
    Certificate::from_pem(&bytes).map_err(|e| {
        Error::invalid(
            "fichier d'autorité",
            path,
            format!("« {path} » n'est pas un certificat PEM lisible ({e})"),
            format!("“{path}” is not a readable PEM certificate ({e})"),
        )
    })
}

/// When the last message of this process went: the pace holds across runs and batches
/// (the window sends a few at a time).
static LAST_SENT: std::sync::Mutex<Option<Instant>> = std::sync::Mutex::new(None);

/// The association's SMTP server, paced at `per_minute` messages a minute.
pub struct SmtpCourier {
    transport: SmtpTransport,
    interval: Duration,
}

impl SmtpCourier {
    pub fn new(settings: &MailServer, password: Option<&str>) -> Result<Self> {
        let tls_parameters = || -> Result<TlsParameters> {
            // the certificate is always verified; --ca-file only adds authorities to trust
            let mut builder = TlsParameters::builder(settings.host.clone());
            if !settings.ca_file.is_empty() {
                builder = builder.add_root_certificate(read_ca_file(&settings.ca_file)?);
            }
            builder.build_rustls().map_err(|e| {
                Error::refused(
                    format!("TLS impossible à préparer : {e}"),
                    format!("TLS could not be set up: {e}"),
                )
            })
        };
        let tls = match settings.tls {
            TlsMode::Starttls => Tls::Required(tls_parameters()?),
            TlsMode::Tls => Tls::Wrapper(tls_parameters()?),
            TlsMode::None => {
                if !super::server::is_loopback_host(&settings.host) {
                    return Err(Error::refused(
                        "pas d'envoi en clair hors de cette machine",
                        "no clear-text sending beyond this machine",
                    ));
                }
                Tls::None
            }
        };
        let mut builder = SmtpTransport::builder_dangerous(settings.host.clone())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let Some(password) = password.filter(|_| !settings.user.is_empty()) {
            builder = builder
                .credentials(Credentials::new(
                    settings.user.clone(),
                    password.to_string(),
                ))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(SmtpCourier {
            transport: builder.build(),
            interval: Duration::from_secs(60) / settings.per_minute.max(1),
        })
    }

    /// Waits until the next message may go (the server's rate), then notes it goes now.
    fn pace(&mut self) {
        let mut last = LAST_SENT.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(at) = *last {
            let since = at.elapsed();
            if since < self.interval {
                std::thread::sleep(self.interval - since);
            }
        }
        *last = Some(Instant::now());
    }
}

impl Courier for SmtpCourier {
    fn check(&mut self) -> Result<()> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err(unreachable_server("no answer to NOOP")),
            Err(e) => Err(unreachable_server(&describe(&e))),
        }
    }

    fn deliver(&mut self, message: &Message) -> Delivery {
        self.pace();
        match self.transport.send(message) {
            Ok(_) => Delivery::Accepted,
            Err(e) => classify(&e),
        }
    }
}

/// 5xx is final; everything else (4xx, a lost connection, a timeout, a TLS or login failure
/// the treasurer can fix) leaves the message for the next run.
fn classify(error: &lettre::transport::smtp::Error) -> Delivery {
    let text = describe(error);
    if error.is_permanent() {
        Delivery::Refused(text)
    } else {
        Delivery::Retry(text)
    }
}

/// The error and its causes on one line (lettre's `Display` says only the outer one).
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}

fn unreachable_server(why: &str) -> Error {
    Error::refused(
        format!(
            "le serveur d'envoi refuse la connexion ou l'identifiant, rien n'a été envoyé : {why}"
        ),
        format!("the sending server refuses the connection or the login, nothing was sent: {why}"),
    )
}
