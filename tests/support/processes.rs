//! The helper programs tests start, written once for every crate: a free loopback port, a
//! `panier-serve` built by cargo and awaited on its health check, a self-signed certificate
//! by openssl, and the Python that has aiosmtpd. Standard library only, so that the core's
//! tests, the server's tests and example, and the desktop's tests include it with `#[path]`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A port nothing listens on at this instant, below Linux's ephemeral range (32768–60999):
/// a port the OS picked for port 0 comes from that range, and any outgoing connection (a
/// WebDriver client, an HTTP test) may take it again before the program we start binds it.
/// Each process walks its own stretch of 20000–31999, one port after another, so parallel
/// tests of one binary never get the same port.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    const FIRST: u32 = 20_000;
    const SPAN: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let start = (std::process::id() % 100) * (SPAN / 100);
    for _ in 0..SPAN {
        let port = FIRST + (start + NEXT.fetch_add(1, Ordering::Relaxed)) % SPAN;
        if std::net::TcpListener::bind(("127.0.0.1", port as u16)).is_ok() {
            return port as u16;
        }
    }
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("no free local port")
}

/// A child process killed (and reaped) when dropped, so that a failed test leaves none behind.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Builds `panier-serve` in the workspace at `root` (the caller's own build is over: cargo's
/// lock is free) and gives the binary's path.
pub fn build_panier_serve(root: &Path) -> PathBuf {
    let built = Command::new(env!("CARGO"))
        .args([
            "build",
            "-q",
            "-p",
            "panier-server",
            "--bin",
            "panier-serve",
        ])
        .current_dir(root)
        .status()
        .expect("cargo build -p panier-server");
    assert!(built.success(), "panier-serve did not build");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("debug").join("panier-serve")
}

/// `binary --db db --listen 127.0.0.1:port`, ready for more arguments.
pub fn serve_command(binary: &Path, db: &Path, port: u16) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("--db")
        .arg(db)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"));
    command
}

/// Builds `panier-serve` in the workspace at `root`, starts it on `db` (which holds its users)
/// on a free port and waits for its health check: the process and its base URL.
pub fn start_panier_serve(root: &Path, db: &Path, patience: Duration) -> (Running, String) {
    let port = free_port();
    let child = serve_command(&build_panier_serve(root), db, port)
        .env_remove("PANIER_UI_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("cannot start panier-serve");
    let running = Running(child);
    wait_for_health(port, patience);
    (running, format!("http://127.0.0.1:{port}"))
}

/// Whether `GET {path}` on the plain-HTTP server at `127.0.0.1:port` answers 200.
pub fn answers_200(port: u16, path: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).is_ok() && status.ends_with(b" 200")
}

/// Waits until the server on `port` answers `/api/health`; fails the test after `patience`.
pub fn wait_for_health(port: u16, patience: Duration) {
    let started = Instant::now();
    while !answers_200(port, "/api/health") {
        assert!(
            started.elapsed() < patience,
            "the server on port {port} did not answer /api/health within {patience:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `openssl args` in `dir`; fails the test with openssl's own words.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A self-signed certificate for `subject` (e.g. `/CN=localhost`), valid two days: `key`
/// and `cert` written in `dir`.
pub fn self_signed(dir: &Path, subject: &str, key: &str, cert: &str) {
    openssl(
        dir,
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subject,
            "-keyout", key, "-out", cert,
        ],
    );
}

/// The Python that has aiosmtpd: `PANIER_TEST_PYTHON`, else the venv
/// `scripts/install-deps.sh test` makes under `root`'s target. A test that cannot find it
/// fails, it is never skipped.
pub fn python_with_aiosmtpd(root: &Path) -> PathBuf {
    let python = std::env::var_os("PANIER_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/schemathesis-venv/bin/python"));
    let found = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "the mail tests need aiosmtpd in {}: run `scripts/install-deps.sh test` (or set PANIER_TEST_PYTHON to a Python that has it)",
        python.display()
    );
    python
}

/// Spawns `command` (its output piped) and waits for the line `READY` it prints once it
/// listens, as `tests/cli/smtp_server.py` does.
pub fn spawn_until_ready(command: &mut Command) -> Running {
    use std::io::BufRead;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the helper server starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let running = Running(child);
    assert_eq!(line.trim(), "READY", "the helper server did not start");
    running
}
