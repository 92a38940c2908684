#!/usr/bin/env python3
"""Where the desktop window's memory goes: a benchmark helper, never a test.

Reads /proc/PID/smaps of a running panier-desktop and of every process it started
(WebKitWebProcess, WebKitNetworkProcess…) and prints, per process, resident (RSS) and
proportional (PSS) memory by kind of mapping: the anonymous memory (the JavaScript heap, the
malloc heaps, GPU-less rendering buffers), WebKit, JavaScriptCore, Mesa and LLVM (the software
GL), ICU, GTK and its stack, fonts, the app's own binary, the rest.

  scripts/window-memory.py PID            # PID: the panier-desktop process
  scripts/window-memory.py PID --json FILE
  scripts/window-memory.py PID --top 15   # also the largest mappings of each process

scripts/desktop-startup.sh calls it on each run when PANIER_STARTUP_MEMORY=1.
"""

import argparse
import collections
import json
import os
import re

KINDS = [
    # first match wins
    ("webkit", re.compile(r"libwebkit2gtk|libwebkitgtk|WebKit(Web|Network)Process")),
    ("javascriptcore", re.compile(r"libjavascriptcoregtk")),
    ("mesa+llvm", re.compile(r"libLLVM|libgallium|_dri\.so|libGL|libEGL|libgbm|libglapi|libdrm|"
                             r"libvulkan|libGLX|libGLdispatch|libepoxy")),
    ("icu", re.compile(r"libicu")),
    ("gtk+glib", re.compile(r"libgtk|libgdk|libglib|libgio|libgobject|libcairo|libpango|"
                            r"libharfbuzz|libatk|libsoup|libgst|libfreetype|libfontconfig")),
    ("fonts", re.compile(r"\.(ttf|otf|ttc|pcf|cache-\d+)$|fontconfig")),
    ("panier", re.compile(r"panier-desktop")),
    ("other libraries", re.compile(r"\.so(\.|$)|/usr/")),
]


def kind_of(path):
    if not path or path.startswith("["):
        return "anonymous" if path in ("", "[heap]", "[anon]") or path.startswith("[anon") else "kernel/stack"
    if path.startswith("/memfd:") or path.startswith("/dev/") or "(deleted)" in path:
        return "shared buffers"
    for kind, pattern in KINDS:
        if pattern.search(path):
            return kind
    return "other files"


def descendants(pid):
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except OSError:
                pass
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, [])]
        found += frontier
    return found


def mappings(pid):
    """(path, rss_kb, pss_kb) per mapping of `pid`."""
    out, path, rss = [], None, 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if not head:
                continue
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                path = head[5] if len(head) > 5 else ""
                if len(head) > 6:
                    path = " ".join(head[5:])
            elif head[0] == "Rss:":
                rss = int(head[1])
            elif head[0] == "Pss:":
                out.append((path, rss, int(head[1])))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pid", type=int)
    ap.add_argument("--json")
    ap.add_argument("--top", type=int, default=0)
    a = ap.parse_args()
    report = []
    for pid in descendants(a.pid):
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
            maps = mappings(pid)
        except OSError:
            continue
        by_kind = collections.defaultdict(lambda: [0, 0])
        by_path = collections.defaultdict(lambda: [0, 0])
        for path, rss, pss in maps:
            kind = kind_of(path)
            by_kind[kind][0] += rss
            by_kind[kind][1] += pss
            by_path[path or "[anon]"][0] += rss
            by_path[path or "[anon]"][1] += pss
        rss = sum(v[0] for v in by_kind.values())
        pss = sum(v[1] for v in by_kind.values())
        report.append({"pid": pid, "name": name, "rss_kb": rss, "pss_kb": pss,
                       "kinds": {k: {"rss_kb": v[0], "pss_kb": v[1]} for k, v in by_kind.items()},
                       "largest": sorted(([p, v[0], v[1]] for p, v in by_path.items()),
                                         key=lambda x: -x[1])[:max(a.top, 0)]})
    total_rss = sum(p["rss_kb"] for p in report)
    total_pss = sum(p["pss_kb"] for p in report)
    for p in report:
        print(f"{p['name']} ({p['pid']}): rss {p['rss_kb'] / 1024:.0f} MB, pss {p['pss_kb'] / 1024:.0f} MB")
        for kind, v in sorted(p["kinds"].items(), key=lambda kv: -kv[1]["rss_kb"]):
            if v["rss_kb"] >= 512:
                print(f"    {kind:<16} rss {v['rss_kb'] / 1024:6.1f} MB  pss {v['pss_kb'] / 1024:6.1f} MB")
        for path, rss, pss in p["largest"]:
            print(f"      {rss / 1024:6.1f} / {pss / 1024:6.1f} MB  {path}")
    print(f"all {len(report)} processes: rss {total_rss / 1024:.0f} MB, pss {total_pss / 1024:.0f} MB")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"processes": report, "rss_kb": total_rss, "pss_kb": total_pss}, f, indent=2)


if __name__ == "__main__":
    main()
