//! The real SMTP server the mail tests send to: aiosmtpd (`smtp_server.py`) on loopback, with
//! a certificate authority and a server certificate made here by openssl; what it received,
//! parsed by Python's own `email` package (an independent reader of the headers and parts).

use super::processes::{free_port, openssl, python_with_aiosmtpd, self_signed};
use super::processes::{spawn_until_ready, Running};
use super::support::json;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The venv `scripts/install-deps.sh test` makes (or `PANIER_TEST_PYTHON`).
pub fn python() -> PathBuf {
    python_with_aiosmtpd(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// A certificate authority and a server certificate it signed for 127.0.0.1 and localhost.
pub fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    self_signed(dir, "/CN=Panier test CA", "ca.key", "ca.pem");
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.pem",
        ],
    );
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// The SMTP server, stopped when dropped.
pub struct SmtpServer {
    _process: Running,
    pub port: u16,
    folder: PathBuf,
}

impl SmtpServer {
    pub fn start(dir: &Path, cert: &Path, key: &Path) -> SmtpServer {
        let port = free_port();
        let folder = dir.join("received");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/smtp_server.py");
        let process = spawn_until_ready(
            Command::new(python())
                .arg(script)
                .arg(port.to_string())
                .arg(cert)
                .arg(key)
                .arg(&folder)
                .args(["tresorier", "mot-de-passe-smtp"]),
        );
        SmtpServer {
            _process: process,
            port,
            folder,
        }
    }

    /// Every message received, parsed: headers (raw and decoded), text, attachments.
    pub fn received(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files.iter().map(|f| parse_message(f)).collect()
    }

    pub fn events(&self) -> String {
        std::fs::read_to_string(self.folder.join("events.log")).unwrap_or_default()
    }
}

/// A message as Python's `email` package reads it (an independent parser).
fn parse_message(path: &Path) -> Value {
    const PARSE: &str = r#"
import email, email.policy, json, sys, hashlib
raw = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
head = raw.split(b'\r\n\r\n', 1)[0].decode('ascii')
out = {"raw_headers": head, "headers": {k: str(v) for k, v in msg.items()},
       "text": "", "attachments": []}
for part in msg.walk():
    if part.is_multipart():
        continue
    if part.get_filename():
        data = part.get_payload(decode=True)
        out["attachments"].append({"filename": part.get_filename(),
            "type": part.get_content_type(), "sha256": hashlib.sha256(data).hexdigest()})
    elif part.get_content_type() == "text/plain":
        out["text"] = part.get_content()
print(json.dumps(out))
"#;
    let out = Command::new(python())
        .args(["-c", PARSE])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&String::from_utf8(out.stdout).unwrap())
}

pub fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}
