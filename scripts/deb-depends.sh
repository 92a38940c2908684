#!/usr/bin/env bash
# Prints the Debian package's dependencies, computed from the built programs, as the JSON
# config patch `cargo tauri build --config` merges into tauri.conf.json (make package):
#   scripts/deb-depends.sh target/release/panier target/release/panier-desktop
# dpkg-shlibdeps (dpkg-dev) maps every shared library the programs load to its package and
# the lowest version with the symbols they use: « libc6 (>= 2.34), libssl3 (>= 3.0.0)… ».
# Tauri's bundler adds libwebkit2gtk-4.1-0 and libgtk-3-0 itself; they are left out here so
# the field names each package once.
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: $0 PROGRAM..." >&2; exit 2; }

programs=()
for program in "$@"; do
  [ -x "$program" ] || { echo "$program n'existe pas : construisez-le d'abord" >&2; exit 1; }
  programs+=("$(cd "$(dirname "$program")" && pwd)/$(basename "$program")")
done

# dpkg-shlibdeps reads the package list from ./debian/control: give it a minimal one.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: panier\n\nPackage: panier\nArchitecture: any\n' >"$work/debian/control"
line="$(cd "$work" && dpkg-shlibdeps -O "${programs[@]}" 2>/dev/null)"
depends="${line#shlibs:Depends=}"
[ -n "$depends" ] && [ "$depends" != "$line" ] || { echo "dpkg-shlibdeps n'a rien dit" >&2; exit 1; }

python3 - "$depends" <<'PY'
import json, sys
bundler_adds = {"libwebkit2gtk-4.1-0", "libgtk-3-0"}
entries = [e.strip() for e in sys.argv[1].split(",") if e.strip()]
kept = [e for e in entries if e.split()[0] not in bundler_adds]
print(json.dumps({"bundle": {"linux": {"deb": {"depends": kept}}}}))
PY
