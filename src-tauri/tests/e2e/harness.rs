//! Drives the real `panier-desktop` binary through WebDriver: `tauri-driver` (from cargo)
//! in front of Debian's `WebKitWebDriver`, in the X display the test runs under (`xvfb-run`).
//! Each `App` gets its own driver, ports and home folders, so tests can run in parallel and
//! never touch the person's own files.

use crate::processes::free_port;
use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use panier::store::db::Database;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for the app to show something; generous for a loaded 2-core CI machine.
const PATIENCE: Duration = Duration::from_secs(45);

/// The `tauri-driver` process and its children (WebKitWebDriver, then the app), in a
/// process group of their own so that dropping this stops all of them.
struct DriverProcess {
    child: Child,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        // Stop the whole group: killing tauri-driver alone would orphan WebKitWebDriver.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// The desktop app under test, on a database of the test's choosing.
pub struct App {
    client: Client,
    _driver: DriverProcess,
    // Last: released once the window is gone.
    _turn: WindowTurn,
}

/// Windows share one X display with no window manager: the newest window takes the keyboard
/// focus, and a page without it draws no focus ring. Apps run side by side (shared turns),
/// except one launched `alone`, which waits for the others to close and holds off new ones.
static WINDOWS: std::sync::RwLock<()> = std::sync::RwLock::new(());

#[allow(dead_code)] // held for its Drop only
enum WindowTurn {
    Shared(std::sync::RwLockReadGuard<'static, ()>),
    Alone(std::sync::RwLockWriteGuard<'static, ()>),
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let in_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("tauri-driver"))
            .find(|candidate| candidate.is_file())
    });
    in_path.unwrap_or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
            .unwrap_or_default();
        cargo_home.join("bin").join("tauri-driver")
    })
}

/// Where screenshots go: `target/screenshots/` at the repository's root.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("screenshots")
}

/// Where the app's file dialogs "choose" files during a test: exports land here, and a file
/// to import must be put here under the name the dialog suggests.
pub fn dialog_dir(sandbox: &Path) -> PathBuf {
    let dir = sandbox.join("chosen");
    std::fs::create_dir_all(&dir).expect("cannot create the dialogs' folder");
    dir
}

impl App {
    /// Starts the app with `PANIER_DB` set to `database`, and its config and data folders
    /// inside `sandbox` (so the "last file opened" it remembers stays there).
    pub async fn launch(database: &Path, sandbox: &Path) -> App {
        // A panicking test poisons the lock; the turn itself is still good.
        let turn = WindowTurn::Shared(WINDOWS.read().unwrap_or_else(|e| e.into_inner()));
        App::launch_with(database, sandbox, turn, &[]).await
    }

    /// Like `launch`, with no other app window open meanwhile (for keyboard and focus tests).
    pub async fn launch_alone(database: &Path, sandbox: &Path) -> App {
        let turn = WindowTurn::Alone(WINDOWS.write().unwrap_or_else(|e| e.into_inner()));
        App::launch_with(database, sandbox, turn, &[]).await
    }

    /// Like `launch`, with more variables in the app's environment (e.g. `PANIER_ZOOM`).
    pub async fn launch_with_environment(
        database: &Path,
        sandbox: &Path,
        environment: &[(&str, &str)],
    ) -> App {
        let turn = WindowTurn::Shared(WINDOWS.read().unwrap_or_else(|e| e.into_inner()));
        App::launch_with(database, sandbox, turn, environment).await
    }

    async fn launch_with(
        database: &Path,
        sandbox: &Path,
        turn: WindowTurn,
        environment: &[(&str, &str)],
    ) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the end-to-end tests need an X display: run them under `xvfb-run -a` (see `make e2e`)"
        );
        let driver = tauri_driver();
        assert!(
            driver.is_file(),
            "tauri-driver not found at {}: install it with `cargo install tauri-driver --locked` (see `make deps`)",
            driver.display()
        );

        let port = free_port();
        let native_port = free_port();
        let driver_log = sandbox.join("tauri-driver.log");
        let log = std::fs::File::create(&driver_log).expect("cannot create the driver log");
        let mut command = Command::new(&driver);
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("PANIER_DB", database)
            .env("XDG_CONFIG_HOME", sandbox.join("config"))
            .env("XDG_DATA_HOME", sandbox.join("data"))
            // File dialogs answer with this folder instead of opening (commands/files.rs).
            .env("PANIER_DIALOG_DIR", dialog_dir(sandbox))
            // WebKitWebDriver's screenshots of a window without accelerated compositing (the
            // app's default, lib.rs) hung for good now and then (two tests, 2026-12-02): the
            // tests keep WebKit's own default
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "0")
            .envs(environment.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("cannot share the driver log"))
            .stderr(log);
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let driver_process = DriverProcess { child };

        // tauri-driver forwards to WebKitWebDriver, which it starts itself: a session request
        // sent before both listen fails.
        let deadline = Instant::now() + PATIENCE;
        for listening in [port, native_port] {
            while TcpStream::connect(("127.0.0.1", listening)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver or WebKitWebDriver did not listen on port {listening}; log:\n{}",
                    log_head(&driver_log)
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }

        let application = env!("CARGO_BIN_EXE_panier-desktop");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": application }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        let mut attempt = 1;
        let client = loop {
            match builder.connect(&url).await {
                Ok(client) => break client,
                // A driver still starting up answers nothing; one that refuses says why.
                Err(
                    e @ (NewSessionError::Failed(_)
                    | NewSessionError::FailedC(_)
                    | NewSessionError::Lost(_)),
                ) if attempt < 3 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => panic!(
                    "cannot start a WebDriver session on {application}: {e}; driver log:\n{}",
                    log_head(&driver_log)
                ),
            }
        };
        App {
            client,
            _driver: driver_process,
            _turn: turn,
        }
    }

    /// The WebDriver session, for what the helpers here do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits until the element matching `css` exists, then returns it.
    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"))
    }

    /// Waits until the element matching `css` shows exactly `expected`; panics with what it
    /// showed instead.
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if text.trim() == expected {
                        return;
                    }
                    seen = Some(text);
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("`{css}` should show {expected:?}, it showed {seen:?}");
    }

    /// Waits until the input matching `css` holds exactly `expected` (a screen fills its
    /// fields after it appears); panics with what it held instead.
    pub async fn wait_for_value(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = self.value_of(css).await;
        while seen != expected && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
            seen = self.value_of(css).await;
        }
        assert_eq!(seen, expected, "the value of `{css}`");
    }

    /// The current value of the input matching `css`.
    pub async fn value_of(&self, css: &str) -> String {
        self.element(css)
            .await
            .prop("value")
            .await
            .expect("cannot read the field's value")
            .unwrap_or_default()
    }

    /// Clicks the element matching `css` once it holds still, as Playwright does: WebDriver
    /// clicks at the point where the element was, so one still moving (content loading above
    /// it) would have the click land beside it.
    pub async fn click(&self, css: &str) {
        let element = self.element(css).await;
        let deadline = Instant::now() + PATIENCE;
        let mut was = element.rectangle().await.ok();
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = element.rectangle().await.ok();
            if now == was || Instant::now() > deadline {
                break;
            }
            was = now;
        }
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.element(css).await;
        field.clear().await.expect("cannot clear the field");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// Whether the page may turn a string into code (`eval`), which a strict
    /// Content-Security-Policy (no 'unsafe-eval') forbids.
    pub async fn page_may_eval(&self) -> bool {
        let outcome = self
            .client
            .execute(
                "try { window.eval('1 + 1'); return 'allowed'; } catch (e) { return String(e); }",
                vec![],
            )
            .await
            .expect("cannot run a script in the page");
        outcome.as_str() == Some("allowed")
    }

    /// Saves the window as `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // WebKit may hand back the last frame it painted, from before the DOM changes the
        // test just waited for: let two frames go by first.
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .expect("the window did not paint");
        let png = self.client.screenshot().await.expect("screenshot failed");
        assert!(
            png.starts_with(b"\x89PNG"),
            "the screenshot is not a PNG image"
        );
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("cannot create target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("cannot write the screenshot");
        path
    }

    /// Ends the WebDriver session, which closes the app's window.
    pub async fn quit(self) {
        self.client
            .close()
            .await
            .expect("cannot end the WebDriver session");
    }
}

/// How the UI writes a whole number in French: thousands grouped by a narrow no-break space.
pub fn french_integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    if value < 0 {
        grouped.insert(0, '-');
    }
    grouped
}

// ---- generic helpers added by the admin area
impl App {
    /// The page's HTML as it is now (e.g. to check that a secret is nowhere in it).
    pub async fn page_source(&self) -> String {
        self.client
            .source()
            .await
            .expect("cannot read the page's HTML")
    }

    /// The texts of every element matching `css`, as they are now (none: empty).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }
}

// ---- accessibility (issue #21): axe-core, and the keyboard alone
/// The WCAG levels axe checks: 2.0 and 2.1, A and AA.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's script, from ui/'s devDependencies (`npm ci`).
fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("ui")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e} (run `npm ci` in ui/)", path.display()))
}

impl App {
    /// Runs axe-core on the window as it is now and panics on any serious or critical WCAG
    /// 2.1 A/AA violation, listing each rule, its impact and the elements; `place` names the
    /// screen or dialog in the message. Minor and moderate findings are printed, not fatal.
    pub async fn assert_accessible(&self, place: &str) {
        // WebDriver scripts run outside the page's Content-Security-Policy; axe sets
        // `window.axe` once, so a second call on the same page skips the injection.
        self.client
            .execute(&format!("if (!window.axe) {{ {} }}", axe_source()), vec![])
            .await
            .expect("cannot inject axe-core");
        let found = self
            .client
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                   .then((result) => done(result.violations.map((v) => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')),
                   }))))
                   .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![serde_json::json!(AXE_TAGS)],
            )
            .await
            .expect("axe-core did not answer");
        let mut fatal = Vec::new();
        for violation in found.as_array().cloned().unwrap_or_default() {
            let impact = violation["impact"].as_str().unwrap_or("?").to_string();
            let mut line = format!(
                "{} ({impact}): {}",
                violation["id"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or("")
            );
            for node in violation["nodes"].as_array().cloned().unwrap_or_default() {
                line.push_str(&format!("\n    {}", node.as_str().unwrap_or("")));
            }
            eprintln!("axe [{place}] {line}");
            if impact == "serious" || impact == "critical" {
                fatal.push(line);
            }
        }
        assert!(
            fatal.is_empty(),
            "axe-core: serious or critical WCAG 2.1 AA violations on {place}:\n{}",
            fatal.join("\n")
        );
    }
}

/// A key the keyboard-only tests press.
#[derive(Clone, Copy, Debug)]
pub enum Press {
    Tab,
    ShiftTab,
    Enter,
    Space,
    Escape,
}

impl App {
    /// Presses one key (or Shift+Tab) through WebDriver's key actions, on whatever has the
    /// focus: what a person at the keyboard does, no click anywhere.
    pub async fn press(&self, key: Press) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let stroke = |actions: KeyActions, key: Key| {
            actions
                .then(KeyAction::Down { value: key.into() })
                .then(KeyAction::Up { value: key.into() })
        };
        let actions = KeyActions::new("keyboard".into());
        let actions = match key {
            Press::Tab => stroke(actions, Key::Tab),
            Press::Enter => stroke(actions, Key::Enter),
            Press::Space => stroke(actions, Key::Space),
            Press::Escape => stroke(actions, Key::Escape),
            Press::ShiftTab => actions
                .then(KeyAction::Down {
                    value: Key::Shift.into(),
                })
                .then(KeyAction::Down {
                    value: Key::Tab.into(),
                })
                .then(KeyAction::Up {
                    value: Key::Tab.into(),
                })
                .then(KeyAction::Up {
                    value: Key::Shift.into(),
                }),
        };
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("cannot press {key:?}: {e}"));
    }

    /// Types `text` as key presses into whatever has the focus.
    pub async fn type_keys(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for character in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: character })
                .then(KeyAction::Up { value: character });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("cannot type {text:?}: {e}"));
    }

    /// What has the focus now: its tag, id, data-testid, text, and whether a focus ring is
    /// drawn around it (an outline or a box-shadow) and it lies inside the window.
    pub async fn focused(&self) -> Focused {
        let seen = self
            .client
            .execute(
                "const e = document.activeElement;
                 if (!e || e === document.body) return null;
                 const style = getComputedStyle(e);
                 const box = e.getBoundingClientRect();
                 const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                   || (style.boxShadow && style.boxShadow !== 'none');
                 const inside = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                   && box.top < innerHeight && box.left < innerWidth;
                 return { tag: e.tagName.toLowerCase(), id: e.id || '',
                   testid: e.getAttribute('data-testid') || '',
                   text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 80),
                   visible: Boolean(ring && inside) };",
                vec![],
            )
            .await
            .expect("cannot ask what has the focus");
        Focused {
            tag: seen["tag"].as_str().unwrap_or("").into(),
            id: seen["id"].as_str().unwrap_or("").into(),
            testid: seen["testid"].as_str().unwrap_or("").into(),
            text: seen["text"].as_str().unwrap_or("").into(),
            visible: seen["visible"].as_bool().unwrap_or(false),
        }
    }

    /// Presses Tab (or Shift+Tab) until the focused element matches `wanted`, at most `limit`
    /// times; panics with the path the focus took otherwise. Checks the focus ring each time
    /// it lands on the wanted element.
    pub async fn tab_to(
        &self,
        wanted: impl Fn(&Focused) -> bool,
        limit: usize,
        key: Press,
    ) -> Focused {
        let mut path = Vec::new();
        for _ in 0..limit {
            self.press(key).await;
            let now = self.focused().await;
            if wanted(&now) {
                assert!(now.visible, "the focus on {now:?} is not visible");
                return now;
            }
            path.push(now);
        }
        panic!("{limit} × {key:?} never reached the element; the focus went through {path:#?}");
    }
}

/// The element that has the focus, as `App::focused` saw it.
#[derive(Clone, Debug, Default)]
pub struct Focused {
    pub tag: String,
    pub id: String,
    pub testid: String,
    pub text: String,
    pub visible: bool,
}

/// The harness's patience (45 s) for a loop that asks again every 200 ms:
/// `while patience.again().await { … }` runs its body until it returns or the time is up.
pub struct Patience {
    deadline: Instant,
    first: bool,
}

impl Patience {
    pub fn new() -> Patience {
        Patience {
            deadline: Instant::now() + PATIENCE,
            first: true,
        }
    }

    /// Whether to try again: at once the first time, then after 200 ms while time is left.
    pub async fn again(&mut self) -> bool {
        if !std::mem::replace(&mut self.first, false) {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Instant::now() < self.deadline
    }
}

/// The text of the first element matching `css` (empty while it has none).
pub async fn text_of(app: &App, css: &str) -> String {
    app.element(css).await.text().await.unwrap_or_default()
}

/// Waits until the first element matching `css` contains `part` (the notices carry numbers
/// the test does not know); returns its whole text.
pub async fn wait_for_part(app: &App, css: &str, part: &str) -> String {
    let mut seen = String::new();
    let mut patience = Patience::new();
    while patience.again().await {
        seen = text_of(app, css).await;
        if seen.contains(part) {
            return seen;
        }
    }
    panic!("`{css}` should contain {part:?}, it showed {seen:?}");
}

/// Chooses `value` in the `<select>` matching `css`.
pub async fn choose(app: &App, css: &str, value: &str) {
    app.element(css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("cannot choose {value} in `{css}`: {e}"));
}

/// The text content of the element matching `css` (visible or not: a row of a list may sit
/// in its scrolling box's overscan), once `accept` takes it.
pub async fn text_content_when(app: &App, css: &str, accept: impl Fn(&str) -> bool) -> String {
    let mut seen = String::new();
    let mut patience = Patience::new();
    while patience.again().await {
        let element = app.element(css).await;
        seen = element
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        if accept(seen.trim()) {
            return seen.trim().to_string();
        }
    }
    panic!("`{css}` never held what was expected; it held {seen:?}");
}

/// A new file for `name` at `path`, seeded with `members` members and `years` years of
/// history (the demo's generator, from `seed`): the same file every run.
pub fn seeded_file(path: &Path, name: &str, members: u32, years: u32, seed: u64) -> Database {
    let mut db = Database::create(path, name).unwrap();
    let options = panier::demo::seed::SeedOptions {
        members,
        years,
        seed,
        ..Default::default()
    };
    panier::demo::seed::seed(&mut db, &options).unwrap();
    db
}

/// The driver log's first lines (where a driver says why it failed) without the thousands of
/// identical lines tauri-driver may repeat after.
fn log_head(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        if kept.last() != Some(&line) {
            kept.push(line);
        }
        if kept.len() == 40 {
            kept.push("…");
            break;
        }
    }
    kept.join("\n")
}
