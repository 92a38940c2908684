#!/usr/bin/env bash
# The Debian package, checked as a user would meet it (`make test` runs this last):
#   1. builds it (`make package`: target/release/bundle/deb/panier_<version>_amd64.deb);
#   2. looks inside: both programs, the menu entry, the hicolor icons, the AppStream file, the
#      copyright, the Depends; runs desktop-file-validate, appstreamcli validate, lintian
#      (no error allowed; its warnings are printed);
#   3. installs it with apt-get (root, else sudo), checks `/usr/bin/panier --version` and that
#      every library the programs need is found;
#   4. starts the app from its menu entry (`gio launch` of the installed .desktop file) under
#      Xvfb with an empty HOME, waits for its window and a painted first-run screen, keeps a
#      screenshot (target/package-check/first-run.png — look at it), closes it;
#   5. creates a Panier file in that HOME's data folder with the installed CLI, removes the
#      package, and checks the file is still there, unchanged.
#
#   scripts/package-check.sh                  # all of it
#   PANIER_PACKAGE_BUILT=1 scripts/package-check.sh   # skips step 1 (the .deb is already built)
#   PANIER_PACKAGE_BUILT=1 PANIER_PACKAGE_DEB=other.deb scripts/package-check.sh  # checks that one
#
# CI runs it as root on a fresh Debian 12; `scripts/install-deps.sh test` installs its tools.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="$ROOT/target/node-toolchain/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'ÉCHEC : %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

for tool in dpkg-deb desktop-file-validate appstreamcli lintian xvfb-run xdotool gio import; do
  command -v "$tool" >/dev/null || fail "$tool est introuvable : lancez scripts/install-deps.sh test"
done

# The one version (Cargo.toml's [workspace.package]) and the one id (tauri.conf.json).
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
[ -n "$VERSION" ] || fail "pas de version dans [workspace.package] de Cargo.toml"
APP_ID="$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["identifier"])')"
DEB="${PANIER_PACKAGE_DEB:-$ROOT/target/release/bundle/deb/panier_${VERSION}_amd64.deb}"
DEB="$(realpath -m "$DEB")"  # -m: it may not be built yet
OUT="$ROOT/target/package-check"
rm -rf "$OUT"
mkdir -p "$OUT"

if [ "${PANIER_PACKAGE_BUILT:-}" != 1 ]; then
  say "make package (version $VERSION)"
  make --no-print-directory package
fi
[ -f "$DEB" ] || fail "$DEB n'a pas été construit"

say "Contenu de $(basename "$DEB")"
dpkg-deb --info "$DEB"
dpkg-deb --contents "$DEB" | tee "$OUT/contents.txt"
EXTRACTED="$OUT/extracted"
dpkg-deb --extract "$DEB" "$EXTRACTED"
[ "$(dpkg-deb --field "$DEB" Package)" = panier ] || fail "le paquet ne s'appelle pas panier"
[ "$(dpkg-deb --field "$DEB" Version)" = "$VERSION" ] || fail "la version du paquet n'est pas $VERSION"
depends="$(dpkg-deb --field "$DEB" Depends)"
for needed in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -qw -- "$needed" <<<"$depends" || fail "Depends ne cite pas $needed : $depends"
done
desktop_file="$EXTRACTED/usr/share/applications/panier.desktop"
metainfo="$EXTRACTED/usr/share/metainfo/$APP_ID.metainfo.xml"
for file in usr/bin/panier usr/bin/panier-desktop usr/share/doc/panier/copyright \
  usr/share/doc/panier/changelog.gz usr/share/man/man1/panier.1.gz \
  usr/share/man/man1/panier-desktop.1.gz; do
  [ -f "$EXTRACTED/$file" ] || fail "il manque /$file"
done
for program in usr/bin/panier usr/bin/panier-desktop; do
  [ -x "$EXTRACTED/$program" ] || fail "/$program n'est pas exécutable"
done
[ -f "$desktop_file" ] || fail "il manque l'entrée de menu /usr/share/applications/panier.desktop"
[ -f "$metainfo" ] || fail "il manque /usr/share/metainfo/$APP_ID.metainfo.xml"
icon_name="$(sed -n 's/^Icon=//p' "$desktop_file")"
for size in 32 64 128 256 512; do
  icon="$EXTRACTED/usr/share/icons/hicolor/${size}x${size}/apps/$icon_name.png"
  [ -f "$icon" ] || fail "il manque l'icône ${size}x${size} ($icon_name.png)"
  file "$icon" | grep -q "$size x $size" || fail "$icon ne mesure pas ${size}x${size}"
done
exec_name="$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop_file")"
[ -x "$EXTRACTED/usr/bin/$exec_name" ] || fail "Exec=$exec_name ne lance aucun programme du paquet"

say "desktop-file-validate"
desktop-file-validate "$desktop_file"
grep -q '^Categories=Office;Finance;$' "$desktop_file" || fail "Categories n'est pas Office;Finance;"
for key in Name GenericName Comment Keywords; do
  grep -q "^$key=" "$desktop_file" || fail "$key manque dans l'entrée de menu"
  grep -q "^$key\[fr\]=" "$desktop_file" || fail "$key[fr] manque dans l'entrée de menu"
done

say "appstreamcli validate"
appstreamcli validate --no-net --explain "$metainfo"
grep -q "<id>$APP_ID</id>" "$metainfo" || fail "l'id AppStream n'est pas $APP_ID (tauri.conf.json)"
grep -q "<release version=\"$VERSION\"" "$metainfo" || fail "le metainfo n'a pas de release $VERSION"

say "lintian"
# Errors fail the check; warnings are printed (the README says which remain and why).
lintian --fail-on error --display-info "$DEB" 2>&1 | tee "$OUT/lintian.txt"

say "apt-get install $(basename "$DEB")"
export DEBIAN_FRONTEND=noninteractive
# A check that fails half-way leaves no package behind: the next run, and the machine's
# other tests, start from a system without it.
PROFILE=""
cleanup() {
  [ -z "$PROFILE" ] || rm -rf "$PROFILE"
  if dpkg-query -W -f='${Status}' panier 2>/dev/null | grep -q "install ok installed"; then
    echo "Désinstallation du paquet laissé par la vérification interrompue"
    $SUDO apt-get remove -y -q panier >/dev/null || true
  fi
}
trap cleanup EXIT
$SUDO apt-get install -y -q --reinstall "$DEB"
expected="panier $VERSION"
actual="$(/usr/bin/panier --version)"
[ "$actual" = "$expected" ] || fail "/usr/bin/panier --version dit « $actual », pas « $expected »"
echo "/usr/bin/panier --version : $actual"
for program in /usr/bin/panier /usr/bin/panier-desktop; do
  if ldd "$program" | grep 'not found'; then
    fail "$program a besoin d'une bibliothèque que les Depends n'installent pas"
  fi
done
installed_entry=/usr/share/applications/panier.desktop
[ -f "$installed_entry" ] || fail "l'entrée de menu n'est pas installée"
# The validators again, on the files where the system reads them.
desktop-file-validate "$installed_entry"
appstreamcli validate --no-net "/usr/share/metainfo/$APP_ID.metainfo.xml"
man -l -Tutf8 /usr/share/man/man1/panier.1.gz >/dev/null || fail "man panier ne s'affiche pas"

# An empty profile: a new HOME, every XDG folder inside it, no PANIER_DB.
PROFILE="$(mktemp -d /tmp/panier-profile.XXXXXX)"
profile_env=(env -u PANIER_DB -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME
  -u XDG_STATE_HOME -u DBUS_SESSION_BUS_ADDRESS HOME="$PROFILE" XDG_RUNTIME_DIR="$PROFILE/run"
  PANIER_SECRETS_DIR="$PROFILE/secrets")
mkdir -m 700 "$PROFILE/run"

say "Lancement depuis l'entrée de menu (gio launch $installed_entry), profil vide"
SHOT="$OUT/first-run.png"
"${profile_env[@]}" xvfb-run -a -s "-screen 0 1280x800x24" \
  "$ROOT/scripts/package-check-window.sh" "$installed_entry" "$SHOT"
echo "Capture : $SHOT"

say "Données de l'utilisateur, puis apt-get remove"
data_file="$PROFILE/.local/share/panier/panier.sqlite"
"${profile_env[@]}" /usr/bin/panier init --name "Association d'essai" >/dev/null
[ -f "$data_file" ] || fail "panier init n'a pas créé $data_file (le dossier de données par défaut)"
# Every file of the profile (the Panier file, the window's WebKit data), with its digest.
profile_files() { (cd "$PROFILE" && find . -path ./run -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
profile_before="$(profile_files)"
before="$(sha256sum "$data_file" | cut -d' ' -f1)"
$SUDO apt-get remove -y -q panier
[ ! -e /usr/bin/panier ] || fail "/usr/bin/panier est encore là après apt-get remove"
[ ! -e /usr/bin/panier-desktop ] || fail "/usr/bin/panier-desktop est encore là après apt-get remove"
[ -f "$data_file" ] || fail "apt-get remove a emporté $data_file"
after="$(sha256sum "$data_file" | cut -d' ' -f1)"
[ "$before" = "$after" ] || fail "$data_file a changé pendant apt-get remove"
[ "$profile_before" = "$(profile_files)" ] || fail "apt-get remove a touché aux fichiers de $PROFILE"
echo "$data_file est toujours là, inchangé, comme les $(wc -l <<<"$profile_before") fichiers du profil."

say "Paquet vérifié : $DEB"
