//! Backups copied to Nextcloud over WebDAV, against a small WebDAV-shaped server on loopback
//! that behaves as Nextcloud's does: Basic auth (401 otherwise), `MKCOL` answering 201 for a
//! new folder, 405 for an existing one and 409 when the parent is missing, `PUT` answering 201
//! (new) or 204 (replaced), 409 without its folder, 507 beyond the user's quota, and 404 outside the
//! user's files (an address missing the folder Nextcloud is installed in).

use crate::common::{fresh, Fixture};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use panier::hosting::nextcloud::{self, webdav, AppPassword, ClientOptions, ServerInput};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const PASSWORD: &str = "Dav-app-PASS-9x2k";

#[derive(Default)]
struct Dav {
    folders: BTreeSet<String>,
    files: BTreeMap<String, Vec<u8>>,
    /// bytes the user may still store
    quota: usize,
    /// (method, path) of every request, in order
    log: Vec<(String, String)>,
}

struct DavServer {
    url: String,
    state: Arc<Mutex<Dav>>,
}

impl DavServer {
    fn start(quota: usize) -> DavServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(Dav {
            quota,
            ..Dav::default()
        }));
        // the user's root exists, as it does on Nextcloud
        state
            .lock()
            .unwrap()
            .folders
            .insert("/remote.php/dav/files/admin".into());
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let path = parts.next().unwrap_or("").to_string();
                let (mut length, mut auth) = (0usize, String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    if header.trim().is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap();
                    match name.trim().to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().unwrap(),
                        "authorization" => auth = value.trim().to_string(),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let status = shared.lock().unwrap().answer(&method, &path, &auth, body);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        DavServer { url, state }
    }
}

impl Dav {
    fn answer(&mut self, method: &str, path: &str, auth: &str, body: Vec<u8>) -> u16 {
        self.log.push((method.to_string(), path.to_string()));
        let expected = format!("Basic {}", STANDARD.encode(format!("admin:{PASSWORD}")));
        if auth != expected {
            return 401;
        }
        if !path.starts_with("/remote.php/dav/files/admin/") {
            return 404;
        }
        let parent = path.rsplit_once('/').unwrap().0.to_string();
        match method {
            "MKCOL" if self.folders.contains(path) => 405,
            "MKCOL" if !self.folders.contains(&parent) => 409,
            "MKCOL" => {
                self.folders.insert(path.to_string());
                201
            }
            "PUT" if !self.folders.contains(&parent) => 409,
            "PUT" if body.len() > self.quota => 507,
            "PUT" => {
                self.quota -= body.len();
                match self.files.insert(path.to_string(), body) {
                    Some(_) => 204,
                    None => 201,
                }
            }
            _ => 405,
        }
    }
}

fn configure(f: &mut Fixture, url: &str, user: &str, password: &str) {
    nextcloud::configure(
        &mut f.db,
        &ServerInput {
            url: url.into(),
            admin_user: user.into(),
            ocs_version: Default::default(),
        },
        Some(&AppPassword::new(password).unwrap()),
    )
    .unwrap();
}

fn options() -> ClientOptions {
    ClientOptions {
        timeout_ms: 5_000,
        calls_per_second: 100,
    }
}

fn backup(f: &Fixture) -> std::path::PathBuf {
    panier::store::backup::take(&f.db, panier::store::backup::local_now())
        .unwrap()
        .path
}

#[test]
fn webdav_copy_makes_the_missing_folders_then_puts_the_backup_byte_for_byte() {
    let dav = DavServer::start(1 << 30);
    let mut f = fresh();
    configure(&mut f, &dav.url, "admin", PASSWORD);
    let file = backup(&f);
    let name = file.file_name().unwrap().to_str().unwrap().to_string();

    let copy = webdav::copy_backup(&f.db, &file, "Sauvegardes/Panier AMIPO", &options()).unwrap();
    let folder = "/remote.php/dav/files/admin/Sauvegardes/Panier%20AMIPO";
    assert_eq!(copy.url, format!("{}{folder}/{name}", dav.url));
    let on_disk = std::fs::read(&file).unwrap();
    assert_eq!(copy.bytes, on_disk.len() as u64);
    {
        let state = dav.state.lock().unwrap();
        assert_eq!(
            state.files.get(&format!("{folder}/{name}")),
            Some(&on_disk),
            "the server holds the backup as written"
        );
        let methods: Vec<&str> = state.log.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["MKCOL", "MKCOL", "PUT"]);
    }

    // a second copy finds the folders there (405) and still puts the file
    let second = backup(&f);
    webdav::copy_backup(&f.db, &second, "/Sauvegardes/Panier AMIPO/", &options()).unwrap();
    let state = dav.state.lock().unwrap();
    assert_eq!(state.files.len(), 2);
    assert!(state.folders.contains(folder));
}

#[test]
fn webdav_errors_name_the_refused_login_the_full_storage_and_the_missing_user() {
    let dav = DavServer::start(10);
    let mut f = fresh();
    let file = backup(&f);

    configure(&mut f, &dav.url, "admin", "Wrong-app-PASS-0000");
    let refused = webdav::copy_backup(&f.db, &file, "Sauvegardes", &options()).unwrap_err();
    let message = refused.message(panier::Lang::En);
    assert!(
        message.contains("401") && message.contains("app password"),
        "{message}"
    );

    configure(&mut f, &dav.url, "admin", PASSWORD);
    let full = webdav::copy_backup(&f.db, &file, "Sauvegardes", &options()).unwrap_err();
    let message = full.message(panier::Lang::Fr);
    assert!(
        message.contains("507") && message.contains("plein"),
        "{message}"
    );
    assert!(dav.state.lock().unwrap().files.is_empty());

    // Nextcloud installed under /cloud, the address given without it
    configure(&mut f, &format!("{}/cloud", dav.url), "admin", PASSWORD);
    let missing = webdav::copy_backup(&f.db, &file, "Sauvegardes", &options()).unwrap_err();
    let message = missing.message(panier::Lang::En);
    assert!(message.contains("404"), "{message}");
}

#[test]
fn webdav_copy_refuses_a_folder_leaving_the_users_files_and_an_unconfigured_server() {
    let f = fresh();
    let file = backup(&f);
    let unconfigured = webdav::copy_backup(&f.db, &file, "Sauvegardes", &options()).unwrap_err();
    assert!(
        unconfigured
            .message(panier::Lang::En)
            .contains("not configured"),
        "{}",
        unconfigured.message(panier::Lang::En)
    );

    let dav = DavServer::start(1 << 30);
    let mut f = f;
    configure(&mut f, &dav.url, "admin", PASSWORD);
    let escape =
        webdav::copy_backup(&f.db, &file, "Sauvegardes/../../bob", &options()).unwrap_err();
    assert!(escape.message(panier::Lang::En).contains(".."));
    assert!(dav.state.lock().unwrap().log.is_empty(), "nothing was sent");
}
