//! A backup copied to the association's Nextcloud over WebDAV: `PUT` of the file to
//! `{url}/remote.php/dav/files/{user}/{folder}/{name}`, with the connector's login and app
//! password (from the secret store, as for quotas), the folder made with `MKCOL` when missing.
//! The backup is `store`'s (already checked when written, see `Database::backup_to`); the copy
//! lives here because only `hosting` knows Nextcloud (hosting may use store, not the reverse).

use super::{password_needed, server_row, AppPassword, ClientOptions};
use crate::kernel::error::{Error, Result};
use crate::kernel::http;
use crate::store::db::Database;
use crate::store::secrets::NEXTCLOUD_APP_PASSWORD;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;
use ureq::http::{Method, Request};

/// Where a backup was copied.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WebdavCopy {
    /// the file's WebDAV address
    pub url: String,
    pub bytes: u64,
}

/// A path segment as a URL carries it (RFC 3986 unreserved characters kept, the rest
/// percent-encoded: spaces and accents are common in a folder's name).
fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The folder's segments; refuses what would leave the user's files (`..`) or name nothing.
fn folder_segments(folder: &str) -> Result<Vec<&str>> {
    let segments: Vec<&str> = folder
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if segments.contains(&"..") {
        return Err(Error::invalid(
            "dossier",
            folder,
            "« .. » n'est pas permis dans le dossier Nextcloud",
            "“..” is not allowed in the Nextcloud folder",
        ));
    }
    Ok(segments)
}

/// What a WebDAV status means for the person who asked for the copy.
fn status_error(status: u16, (what_fr, what_en): (&str, &str)) -> Error {
    let (fr, en) = match status {
        401 => (
            "Nextcloud refuse l'identifiant ou le mot de passe d'application (401) : vérifiez-les avec panier nextcloud configure".to_string(),
            "Nextcloud refused the login or the app password (401): check them with panier nextcloud configure".to_string(),
        ),
        403 => (
            format!("Nextcloud interdit d'écrire {what_fr} (403)"),
            format!("Nextcloud forbids writing {what_en} (403)"),
        ),
        404 => (
            format!("Nextcloud ne trouve pas {what_fr} (404) : l'utilisateur ou l'adresse du serveur est-il le bon ?"),
            format!("Nextcloud cannot find {what_en} (404): are the user and the server's address right?"),
        ),
        507 => (
            "l'espace Nextcloud est plein (507 Insufficient Storage) : la sauvegarde n'y est pas copiée".to_string(),
            "the Nextcloud storage is full (507 Insufficient Storage): the backup was not copied".to_string(),
        ),
        other => (
            format!("Nextcloud a répondu {other} pour {what_fr}"),
            format!("Nextcloud answered {other} for {what_en}"),
        ),
    };
    Error::refused(fr, en)
}

fn network_error(url: &str, error: ureq::Error) -> Error {
    Error::refused(
        format!("Nextcloud injoignable ({url}) : {error}"),
        format!("Nextcloud unreachable ({url}): {error}"),
    )
}

/// Copies the backup file `backup` into `folder` of the connector's user on the configured
/// Nextcloud, creating the folder (and its parents) when missing. A file of the same name
/// there is replaced (backup names carry their date and time).
pub fn copy_backup(
    db: &Database,
    backup: &Path,
    folder: &str,
    options: &ClientOptions,
) -> Result<WebdavCopy> {
    let settings = server_row(db.conn())?.ok_or_else(super::not_configured)?;
    let secret = db
        .secret(NEXTCLOUD_APP_PASSWORD)?
        .ok_or_else(password_needed)?;
    let password = AppPassword::new(&secret)?;
    let base = settings.url.trim_end_matches('/');
    let auth = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", settings.admin_user, password.expose()))
    );
    let timeout = Duration::from_millis(options.timeout_ms.max(1));
    let agent: ureq::Agent = http::agent_config(base, timeout)
        .allow_non_standard_methods(true)
        .build()
        .into();

    let mut url = format!(
        "{base}/remote.php/dav/files/{}",
        encode_segment(&settings.admin_user)
    );
    let mkcol = Method::from_bytes(b"MKCOL").expect("MKCOL is a valid method name");
    for segment in folder_segments(folder)? {
        url.push('/');
        url.push_str(&encode_segment(segment));
        let request = Request::builder()
            .method(mkcol.clone())
            .uri(&url)
            .header("Authorization", &auth)
            .body(())
            .map_err(|e| network_error(&url, ureq::Error::Http(e)))?;
        let status = agent
            .run(request)
            .map_err(|e| network_error(&url, e))?
            .status()
            .as_u16();
        // 201: made; 405: already there (WebDAV's answer to MKCOL on an existing folder)
        if status != 201 && status != 405 {
            return Err(status_error(
                status,
                (
                    &format!("le dossier {segment}"),
                    &format!("the folder {segment}"),
                ),
            ));
        }
    }
    let name = backup
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::refused("nom de sauvegarde illisible", "unreadable backup name"))?;
    url.push('/');
    url.push_str(&encode_segment(name));
    let bytes = std::fs::read(backup)?;
    let status = agent
        .put(&url)
        .header("Authorization", &auth)
        .header("Content-Type", "application/octet-stream")
        .send(&bytes[..])
        .map_err(|e| network_error(&url, e))?
        .status()
        .as_u16();
    if status != 201 && status != 204 {
        return Err(status_error(status, (name, name)));
    }
    Ok(WebdavCopy {
        url,
        bytes: bytes.len() as u64,
    })
}
