#!/bin/bash
# Desktop start-up: cold start of the release app to a usable window, and its memory.
#
# Starts target/release/panier-desktop under its own Xvfb on a seeded file (PANIER_DB), then
#   - window_ms: until a top-level window named "Panier" is mapped (xwininfo);
#   - usable_ms: until the window shows a painted screen that has stopped changing: a
#     screenshot (ImageMagick `import`) with more than PANIER_MIN_COLOURS colours (default
#     400), identical to the next one 100 ms later — the Workspace (or first-run screen) drawn
#     with its data. The threshold matters: the "Ouverture…" line the UI shows while it waits
#     for the file's status is ~130 colours of anti-aliased text, and stays still long enough to
#     pass for a finished screen; the dashboard of the seeded file has ~1,350, the first-run
#     form ~950. (The app sends no "ready" signal; see the README's Performance section.)
#   - rss_mb: the sum of VmRSS over the app and every descendant (WebKitWebProcess,
#     WebKitNetworkProcess…), 3 s after it became usable; pss_mb the same as PSS (shared
#     pages counted once, from /proc/PID/smaps_rollup), the fairer total.
# Runs PANIER_STARTUP_RUNS times (default 5), a new file-system cache state each time is not
# forced (run `sync; echo 3 > /proc/sys/vm/drop_caches` as root before for a truly cold disk).
#
#   scripts/desktop-startup.sh                  # seeds target/bench-desktop.sqlite (2,000 members)
#   PANIER_DB=file.sqlite scripts/desktop-startup.sh
#   PANIER_STARTUP_SHOTS=/tmp/shots scripts/desktop-startup.sh   # keeps each run's "usable" screenshot
#   PANIER_STARTUP_MEMORY=1 scripts/desktop-startup.sh  # and where the memory goes, per process
#                                                       # (scripts/window-memory.py)
#
# Needs: Xvfb, xwininfo (x11-utils), import (imagemagick), the release binary:
#   (cd ui && npm ci && npm run build) && cargo build --release -p panier-desktop
set -euo pipefail
cd "$(dirname "$0")/.."

# PANIER_APP: another build of the app (e.g. target/debug/panier-desktop, said in the output)
APP="${PANIER_APP:-target/release/panier-desktop}"
CLI="${PANIER_CLI:-target/release/panier}"
RUNS="${PANIER_STARTUP_RUNS:-5}"
MIN_COLOURS="${PANIER_MIN_COLOURS:-400}"
TIMEOUT_S="${PANIER_STARTUP_TIMEOUT:-30}"

[ -x "$APP" ] || { echo "missing $APP: cargo build --release -p panier-desktop" >&2; exit 2; }
for tool in Xvfb xwininfo import; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

WORK="$(mktemp -d)"
XVFB_PID=""
APP_PID=""
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${PANIER_DB:-}" ]; then
    [ -x "$CLI" ] || cargo build --release -p panier
    PANIER_DB="$PWD/target/bench-desktop.sqlite"
    if [ ! -f "$PANIER_DB" ]; then
        "$CLI" --db "$PANIER_DB" init --name "Association de démonstration" >/dev/null
        "$CLI" --db "$PANIER_DB" seed --members 2000 --years 3 >/dev/null
    fi
fi
export PANIER_DB

# a display of our own
DISPLAY_NUM=99
while [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] || [ -e "/tmp/.X$DISPLAY_NUM-lock" ]; do
    DISPLAY_NUM=$((DISPLAY_NUM + 1))
done
Xvfb ":$DISPLAY_NUM" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 100); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.05; done

now_ms() { date +%s%3N; }

# the pids of $1 and all its descendants
tree() {
    local pids="$1" frontier="$1" next
    while [ -n "$frontier" ]; do
        next=""
        for p in $frontier; do
            for c in $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$p" '$4 == p {print $1}'); do
                next="$next $c"
            done
        done
        pids="$pids $next"
        frontier="$next"
    done
    echo $pids
}

sum_kb() { # field file-name pids…
    local field="$1" file="$2" total=0 v
    shift 2
    for p in "$@"; do
        v=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$p/$file" 2>/dev/null || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

results=()
for run in $(seq "$RUNS"); do
    # a fresh config folder each time: no remembered file, the app opens $PANIER_DB
    export XDG_CONFIG_HOME="$WORK/config-$run" XDG_DATA_HOME="$WORK/data-$run"
    export XDG_CACHE_HOME="$WORK/cache-$run"
    start=$(now_ms)
    "$APP" >"$WORK/app-$run.log" 2>&1 &
    APP_PID=$!
    window_ms=""
    usable_ms=""
    wid=""
    previous=""
    deadline=$((start + TIMEOUT_S * 1000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        if [ -z "$wid" ]; then
            wid=$(xwininfo -root -tree 2>/dev/null | awk '/"Panier"/ {print $1; exit}')
            if [ -n "$wid" ] && xwininfo -id "$wid" 2>/dev/null | grep -q "IsViewable"; then
                window_ms=$(($(now_ms) - start))
            else
                wid=""
                sleep 0.02
                continue
            fi
        fi
        shot_at=$(now_ms)
        import -silent -window "$wid" "$WORK/shot.png" 2>/dev/null || { sleep 0.05; continue; }
        colours=$(identify -format '%k' "$WORK/shot.png" 2>/dev/null || echo 0)
        sum=$(md5sum <"$WORK/shot.png" | cut -c1-32)
        if [ "${colours:-0}" -gt "$MIN_COLOURS" ] && [ "$sum" = "${previous%%:*}" ]; then
            usable_ms="${previous##*:}"
            if [ -n "${PANIER_STARTUP_SHOTS:-}" ]; then
                mkdir -p "$PANIER_STARTUP_SHOTS"
                cp "$WORK/shot.png" "$PANIER_STARTUP_SHOTS/usable-$run.png"
            fi
            break
        fi
        previous="$sum:$((shot_at - start))"
        sleep 0.1
    done
    if [ -z "$usable_ms" ]; then
        echo "run $run: no usable window within ${TIMEOUT_S}s (log: $(tail -3 "$WORK/app-$run.log"))" >&2
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
        APP_PID=""
        continue
    fi
    sleep 3
    pids=$(tree "$APP_PID")
    rss_kb=$(sum_kb VmRSS status $pids)
    pss_kb=$(sum_kb Pss smaps_rollup $pids)
    names=$(for p in $pids; do cat "/proc/$p/comm" 2>/dev/null; done | sort | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
    echo "run $run: window ${window_ms} ms, usable ${usable_ms} ms, rss $((rss_kb / 1024)) MB, pss $((pss_kb / 1024)) MB ($names)"
    if [ -n "${PANIER_STARTUP_MEMORY:-}" ]; then
        scripts/window-memory.py "$APP_PID" --top "${PANIER_STARTUP_MEMORY_TOP:-0}" | sed 's/^/    /'
    fi
    results+=("$usable_ms $window_ms $rss_kb $pss_kb")
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    sleep 0.5
done

[ "${#results[@]}" -gt 0 ] || { echo "no run succeeded" >&2; exit 1; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
usable=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
window=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | median)
rss=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | median)
pss=$(printf '%s\n' "${results[@]}" | awk '{print $4}' | median)
echo "median of ${#results[@]} ($APP, load average $(cut -d' ' -f1 /proc/loadavg)): window ${window} ms, usable ${usable} ms (goal ≤ 600), rss $((rss / 1024)) MB, pss $((pss / 1024)) MB (goal ≤ 300) — file $(basename "$PANIER_DB")"
