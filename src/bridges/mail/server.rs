//! The SMTP server's settings: kept in `mail_server` (one row), its password out of the file
//! in the secret store ([`SMTP_PASSWORD`]). The audit row says "password changed", never the
//! password.

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::store::secrets::SMTP_PASSWORD;
use lettre::message::Mailbox;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// plain connection upgraded with STARTTLS, which must succeed (port 587)
    Starttls,
    /// TLS from the first byte (port 465)
    Tls,
    /// no encryption: only to a server on this machine (loopback)
    None,
}

impl TlsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Starttls => "starttls",
            TlsMode::Tls => "tls",
            TlsMode::None => "none",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "starttls" => Ok(TlsMode::Starttls),
            "tls" | "ssl" => Ok(TlsMode::Tls),
            "none" | "aucun" => Ok(TlsMode::None),
            _ => Err(Error::invalid(
                "tls",
                text,
                format!("« {text} » : starttls, tls ou none"),
                format!("“{text}”: starttls, tls or none"),
            )),
        }
    }
}

/// The server's settings as anyone may see them (whether a password is kept, never which).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailServer {
    pub host: String,
    pub port: u16,
    pub user: String,
    /// `AMIPO <tresorerie@amipo.fr>`
    pub from: String,
    /// where answers go ('' = to From)
    pub reply_to: String,
    pub tls: TlsMode,
    /// a PEM file of certificate authorities to trust besides the usual ones ('' = none)
    pub ca_file: String,
    pub per_minute: u32,
    pub has_password: bool,
    pub password_changed_at: Option<String>,
    pub updated_at: String,
}

/// What a treasurer types to configure the server (the password travels separately).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailServerInput {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub user: String,
    pub from: String,
    #[serde(default)]
    pub reply_to: String,
    pub tls: TlsMode,
    #[serde(default)]
    pub ca_file: String,
    #[serde(default = "default_per_minute")]
    pub per_minute: u32,
}

fn default_per_minute() -> u32 {
    30
}

/// Whether `host` is this machine: the only place mail may travel unencrypted.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A mailbox as typed (`Name <address>` or `address`), checked.
pub fn parse_mailbox(
    field: impl Into<crate::kernel::field::FieldName>,
    text: &str,
) -> Result<Mailbox> {
    let field = field.into();
    text.trim().parse::<Mailbox>().map_err(|e| {
        Error::invalid(
            &field,
            text,
            format!("adresse illisible « {text} » ({e}) : « Nom <adresse@domaine> » ou « adresse@domaine »"),
            format!("unreadable address “{text}” ({e}): “Name <address@domain>” or “address@domain”"),
        )
    })
}

fn check(input: &MailServerInput) -> Result<MailServerInput> {
    let host = input.host.trim().to_string();
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
        return Err(Error::invalid(
            "serveur",
            &input.host,
            "nom du serveur SMTP vide ou illisible (par exemple smtp.exemple.org)",
            "empty or unreadable SMTP server name (e.g. smtp.example.org)",
        ));
    }
    if input.port == 0 {
        return Err(Error::invalid(
            "port",
            "0",
            "port de 1 à 65535 (587 pour starttls, 465 pour tls)",
            "port from 1 to 65535 (587 for starttls, 465 for tls)",
        ));
    }
    if input.tls == TlsMode::None && !is_loopback_host(&host) {
        return Err(Error::invalid(
            "tls",
            "none",
            format!("le courrier et le mot de passe ne voyagent pas en clair vers {host} : --tls starttls ou tls (none seulement vers cette machine, 127.0.0.1)"),
            format!("mail and password do not travel in clear text to {host}: --tls starttls or tls (none only to this machine, 127.0.0.1)"),
        ));
    }
    let from = parse_mailbox(Field::From, &input.from)?;
    let reply_to = input.reply_to.trim();
    if !reply_to.is_empty() {
        parse_mailbox("répondre à", reply_to)?;
    }
    let ca_file = input.ca_file.trim().to_string();
    if !ca_file.is_empty() {
        super::courier::read_ca_file(&ca_file)?;
    }
    if !(1..=6000).contains(&input.per_minute) {
        return Err(Error::invalid(
            "par minute",
            input.per_minute.to_string(),
            "de 1 à 6000 messages par minute",
            "from 1 to 6000 messages a minute",
        ));
    }
    Ok(MailServerInput {
        host,
        port: input.port,
        user: input.user.trim().to_string(),
        from: from.to_string(),
        reply_to: reply_to.to_string(),
        tls: input.tls,
        ca_file,
        per_minute: input.per_minute,
    })
}

/// Records the server's settings, and its password when one is given (`None` keeps the stored
/// one; `Some("")` forgets it, for a server without login).
pub fn configure(
    db: &mut Database,
    input: &MailServerInput,
    password: Option<&str>,
) -> Result<MailServer> {
    let input = check(input)?;
    if !input.user.is_empty() && password.is_none_or(str::is_empty) {
        let kept = server(db)?.is_some_and(|s| s.has_password);
        if !kept {
            return Err(Error::invalid(
                Field::Password,
                "",
                "donnez le mot de passe du compte SMTP (--password-stdin)",
                "give the SMTP account's password (--password-stdin)",
            ));
        }
    }
    let before = server_row(db.conn())?;
    // out of the file first: if the store refuses, nothing changes
    match password {
        Some("") => db.forget_secret(SMTP_PASSWORD)?,
        Some(p) => db.keep_secret(SMTP_PASSWORD, p)?,
        None => {}
    }
    let has_password = db.secret(SMTP_PASSWORD)?.is_some();
    db.write(|tx| {
        let now = now_text();
        tx.execute(
            "INSERT INTO mail_server (id, host, port, user, from_mailbox, reply_to, tls, ca_file,
                 per_minute, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET host = ?1, port = ?2, user = ?3, from_mailbox = ?4,
                 reply_to = ?5, tls = ?6, ca_file = ?7, per_minute = ?8, updated_at = ?9",
            params![
                input.host,
                input.port,
                input.user,
                input.from,
                input.reply_to,
                input.tls.as_str(),
                input.ca_file,
                input.per_minute,
                now
            ],
        )?;
        if password.is_some() {
            tx.execute(
                "UPDATE mail_server SET password_changed_at = ?1 WHERE id = 1",
                params![now],
            )?;
        }
        let mut after = server_row(tx)?.expect("just written");
        after.has_password = has_password;
        let shown = |s: &MailServer| {
            serde_json::json!({
                "host": s.host, "port": s.port, "user": s.user, "from": s.from,
                "reply_to": s.reply_to, "tls": s.tls, "ca_file": s.ca_file,
                "per_minute": s.per_minute,
            })
        };
        let mut after_json = shown(&after);
        after_json["password"] = serde_json::json!(match password {
            Some("") => "forgotten",
            Some(_) => "changed",
            None => "unchanged",
        });
        let mut change = Change::new("configure", "mail_server", Some(1));
        if let Some(b) = &before {
            change = change.before(&shown(b));
        }
        Ok((after, change.after(&after_json)))
    })
}

/// The server's settings, if configured; `has_password`: its password is kept on this
/// machine for this file.
pub fn server(db: &Database) -> Result<Option<MailServer>> {
    let Some(mut settings) = server_row(db.conn())? else {
        return Ok(None);
    };
    settings.has_password = db.secret(SMTP_PASSWORD)?.is_some();
    Ok(Some(settings))
}

fn server_row(conn: &Connection) -> Result<Option<MailServer>> {
    let row = conn
        .query_row(
            "SELECT host, port, user, from_mailbox, reply_to, tls, ca_file, per_minute,
                    password_changed_at, updated_at
             FROM mail_server WHERE id = 1",
            [],
            |r| {
                Ok((
                    MailServer {
                        host: r.get(0)?,
                        port: r.get(1)?,
                        user: r.get(2)?,
                        from: r.get(3)?,
                        reply_to: r.get(4)?,
                        tls: TlsMode::Starttls,
                        ca_file: r.get(6)?,
                        per_minute: r.get(7)?,
                        has_password: false,
                        password_changed_at: r.get(8)?,
                        updated_at: r.get(9)?,
                    },
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    row.map(|(mut s, tls)| {
        s.tls = TlsMode::parse(&tls)?;
        Ok(s)
    })
    .transpose()
}

pub(super) fn not_configured() -> Error {
    Error::refused(
        "le serveur d'envoi (SMTP) n'est pas configuré : panier mail configure --host … --port … --user … --password-stdin --from … --tls starttls",
        "the sending (SMTP) server is not configured: panier mail configure --host … --port … --user … --password-stdin --from … --tls starttls",
    )
}

/// The settings and the password, for a connection.
pub(super) fn for_sending(db: &Database) -> Result<(MailServer, Option<String>)> {
    let settings = server(db)?.ok_or_else(not_configured)?;
    let password = if settings.user.is_empty() {
        None
    } else {
        Some(db.secret(SMTP_PASSWORD)?.ok_or_else(|| {
            Error::refused(
                "mot de passe SMTP nécessaire : il n'est pas dans le fichier Panier et cette machine ne le connaît pas (fichier restauré ou copié ?) ; donnez-le avec panier mail configure … --password-stdin",
                "SMTP password needed: it is not in the Panier file and this machine does not know it (a restored or copied file?); give it with panier mail configure … --password-stdin",
            )
        })?)
    };
    Ok((settings, password))
}
