#!/usr/bin/env python3
"""The window, end to end, through WebDriver: a benchmark script, never a test.

Measures in the real desktop app (tauri-driver → WebKitWebDriver → panier-desktop):
  - keystroke_ms: from the keydown of the last letter of a word typed in the members search
    (the list unfiltered before) to the first frame painted after the screen changed (a
    MutationObserver on the screen, then two
    requestAnimationFrame: the frame that shows the change has been produced);
  - member_page_ms: from the click on a member's row to the frame painted after their
    page's name appeared.
Both are read from the page's own clock (performance.now()), so WebDriver's round trips
are not counted. Until round 3 the members screen waited SEARCH_PAUSE_MS
(ui/src/screens/Members.svelte) after a keystroke before asking; when the source still has one,
it is printed beside the figure (0: the screen searches at once, a page at a time).

Run under a display, on a file of your choice (the large profile: see the README):
  xvfb-run -a -s "-screen 0 1440x900x24" scripts/window-keystroke.py --db /tmp/large.sqlite
Options: --app PATH (default target/release/panier-desktop, else target/debug/…),
--runs N (default 7), --json FILE. Needs tauri-driver (make deps-test) and WebKitWebDriver.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
WORDS = ["martin", "lefevre", "durand", "bernard", "petit", "moreau", "laurent", "simon", "michel"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, url):
        self.url = url
        self.session = None

    def call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:400]!r}") from None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def find(self, css, patience=60.0):
        deadline = time.time() + patience
        while True:
            try:
                found = self.s("POST", "/element", {"using": "css selector", "value": css})
                return found[ELEMENT]
            except RuntimeError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait_js(self, script, patience=60.0):
        deadline = time.time() + patience
        while True:
            value = self.js(script)
            if value is not None:
                return value
            if time.time() > deadline:
                raise RuntimeError(f"timed out waiting for: {script}")
            time.sleep(0.02)


# Installed before each measured action: the keydown (or click) time, then the time of the
# frame after the first change of the watched element.
ARM = """
const [trigger, watch] = arguments;
const probe = { start: null, painted: null };
window.__probe = probe;
// the last keydown (or click) before the change: a word typed at once is measured from its
// last letter
document.addEventListener(trigger, () => { if (probe.painted === null) probe.start = performance.now(); },
  { capture: true });
const target = document.querySelector(watch) || document.body;
const seen = new MutationObserver(() => {
  if (probe.start === null) return;
  seen.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => { probe.painted = performance.now(); }));
});
seen.observe(target, { childList: true, subtree: true, characterData: true });
"""
READ = "const p = window.__probe; return p && p.painted !== null ? p.painted - p.start : null;"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--app")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json")
    a = ap.parse_args()
    app = a.app or next((p for p in (f"{ROOT}/target/release/panier-desktop",
                                      f"{ROOT}/target/debug/panier-desktop") if os.path.exists(p)), None)
    if not app:
        sys.exit("no panier-desktop: cargo build --release -p panier-desktop")
    driver_bin = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
    sandbox = tempfile.mkdtemp(prefix="panier-keystroke-")
    port, native = free_port(), free_port()
    env = dict(os.environ, PANIER_DB=os.path.abspath(a.db),
               XDG_CONFIG_HOME=f"{sandbox}/config", XDG_DATA_HOME=f"{sandbox}/data")
    log = open(f"{sandbox}/driver.log", "w")
    proc = subprocess.Popen([driver_bin, "--port", str(port), "--native-port", str(native)],
                            env=env, stdout=log, stderr=log, start_new_session=True)
    d = Driver(f"http://127.0.0.1:{port}")
    try:
        for p in (port, native):
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", p), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "wry",
                                                 "tauri:options": {"application": app}}}}
        d.session = d.call("POST", "/session", caps, timeout=120)["sessionId"]
        d.s("POST", "/element/" + d.find("[data-testid=nav-members]", 120) + "/click", {})
        search = d.find("[data-testid=member-search]")
        d.find("[data-testid=member-row]")
        # the pause is the UI's constant: read from its source
        with open(f"{ROOT}/ui/src/screens/Members.svelte", encoding="utf-8") as f:
            pause = next((int(l.split("=")[1].strip(" ;\n")) for l in f if "SEARCH_PAUSE_MS =" in l), 0)

        keystrokes = []
        for run in range(a.runs):
            word = WORDS[run % len(WORDS)]
            d.s("POST", f"/element/{search}/clear", {})
            time.sleep(0.8)  # the whole list again, settled
            d.js(ARM, "keydown", "main")
            d.s("POST", f"/element/{search}/value", {"text": word})
            keystrokes.append(d.wait_js(READ))
            time.sleep(0.3)

        pages = []
        for run in range(a.runs):
            d.s("POST", f"/element/{search}/clear", {})
            d.s("POST", f"/element/{search}/value", {"text": WORDS[run % len(WORDS)]})
            time.sleep(0.6)
            row = d.find("[data-testid=member-row] td")
            d.js(ARM, "click", "main")
            d.s("POST", f"/element/{row}/click", {})
            d.find("[data-testid=member-name]")
            pages.append(d.wait_js(READ))
            d.js("history.back()")
            d.s("POST", "/element/" + d.find("[data-testid=nav-members]") + "/click", {})
            search = d.find("[data-testid=member-search]")

        result = {
            "app": os.path.relpath(app, ROOT),
            "db": os.path.basename(a.db),
            "search_pause_ms": pause,
            "keystroke_ms": sorted(round(x, 1) for x in keystrokes),
            "keystroke_median_ms": round(statistics.median(keystrokes), 1),
            "keystroke_best_ms": round(min(keystrokes), 1),
            "member_page_ms": sorted(round(x, 1) for x in pages),
            "member_page_median_ms": round(statistics.median(pages), 1),
            "member_page_best_ms": round(min(pages), 1),
            "load_average": os.getloadavg()[0],
        }
        print(f"keystroke → painted: median {result['keystroke_median_ms']} ms, best "
              f"{result['keystroke_best_ms']} ms (of which the search pause {pause} ms; goal ≤ 50)")
        print(f"member row click → page painted: median {result['member_page_median_ms']} ms, best "
              f"{result['member_page_best_ms']} ms (goal ≤ 50)")
        print(f"load average {result['load_average']:.1f}; {a.runs} runs each; {result['app']}")
        if a.json:
            with open(a.json, "w") as f:
                json.dump(result, f, indent=2)
    finally:
        if d.session:
            try:
                d.call("DELETE", f"/session/{d.session}", timeout=10)
            except Exception:
                pass
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        shutil.rmtree(sandbox, ignore_errors=True)


if __name__ == "__main__":
    main()
