#!/usr/bin/env bash
# Step 4 of scripts/package-check.sh, run inside its Xvfb (xvfb-run sets DISPLAY):
#   scripts/package-check-window.sh /usr/share/applications/panier.desktop shot.png
# Starts the app the way a menu does (`gio launch` of the desktop entry), waits for its
# window, then for a painted screen that has stopped changing (two identical screenshots,
# more than MIN_COLOURS colours: the first-run form, not the « Ouverture… » line — see
# scripts/desktop-startup.sh), saves it, and closes the app.
set -euo pipefail

entry="$1"
shot="$2"
TIMEOUT_S="${PANIER_WINDOW_TIMEOUT:-60}"
MIN_COLOURS=400

[ -n "${DISPLAY:-}" ] || { echo "pas de DISPLAY : lancez-moi sous xvfb-run" >&2; exit 2; }

# gio hands the entry's Exec line to the system, as a menu does, and returns at once.
gio launch "$entry"

deadline=$((SECONDS + TIMEOUT_S))
window=""
while [ -z "$window" ]; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "aucune fenêtre « Panier » en ${TIMEOUT_S} s" >&2; exit 1; }
  window="$(xdotool search --onlyvisible --name '^Panier$' 2>/dev/null | head -n1 || true)"
  [ -n "$window" ] || sleep 0.2
done
app_pid="$(xdotool getwindowpid "$window")"
echo "Fenêtre $window, processus $app_pid ($(cat "/proc/$app_pid/comm"))"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
previous=""
while :; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "l'écran ne s'est pas stabilisé en ${TIMEOUT_S} s" >&2; exit 1; }
  import -window root "$work/now.png"
  colours="$(identify -format '%k' "$work/now.png")"
  digest="$(sha256sum "$work/now.png" | cut -d' ' -f1)"
  if [ "$colours" -gt "$MIN_COLOURS" ] && [ "$digest" = "$previous" ]; then
    break
  fi
  previous="$digest"
  sleep 0.5
done
# The kept screenshot is the window alone (the root window also shows the bare screen beside it).
import -window "$window" "$shot"
echo "Écran peint ($colours couleurs), capture dans $shot"

# No window manager to ask politely: end the process, as closing its only window would.
kill "$app_pid"
for _ in $(seq 50); do
  kill -0 "$app_pid" 2>/dev/null || exit 0
  sleep 0.1
done
echo "l'app ne s'est pas arrêtée" >&2
exit 1
