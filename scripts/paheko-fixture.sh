#!/bin/sh
# Makes tests/data/paheko/association-$VERSION.sqlite and its totals with Paheko's own code.
# Needs PHP 8.2 (php-cli php-sqlite3 php-intl php-mbstring php-gd php-xml) and a checkout of
# paheko/paheko (PAHEKO=…/paheko) with kd2org/kd2fw's src/lib/KD2 copied to
# $PAHEKO/src/include/lib/KD2:
#   VERSION=1.3 (default): tag 1.3.22.1 with kd2fw's HEAD; scripts/paheko-fixture.php
#   VERSION=1.2: tag 1.2.11 with kd2fw at its last commit before 2023-09-05 (bb25892, the
#                one 1.2.11 was released with); scripts/paheko-fixture-1.2.php
# The tests never run PHP: they read the committed files.
set -eu
PAHEKO=${PAHEKO:?set PAHEKO to a paheko checkout}
VERSION=${VERSION:-1.3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$HERE/tests/data/paheko}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

case "$VERSION" in
1.3)
	# 1. Paheko's own install (its `paheko init` command): the association and its first member.
	php "$PAHEKO/src/bin/paheko" --root "$WORK" init \
		--country FR --orgname "Les Chatons d'Émeraude" --name "Zoé L'Hôte" \
		--email zoe.lhote@example.org --password 'fixture password not secret 2024'
	NS=Paheko
	SCRIPT=paheko-fixture.php
	PRELUDE="define('Paheko\\\\CONFIG_FILE', null); define('Paheko\\\\SKIP_STARTUP_CHECK', true);"
	;;
1.2)
	# 1.2 has no command line: its installer runs inside scripts/paheko-fixture-1.2.php.
	NS=Garradin
	SCRIPT=paheko-fixture-1.2.php
	PRELUDE="define('Garradin\\\\INSTALL_PROCESS', true); define('Garradin\\\\DISABLE_INSTALL_PING', true); require '$WORK/mx.php';"
	# No network here: Paheko 1.2 looks up the MX of every member's email domain; this answers
	# for the reserved example.org domains as a resolver would for a domain that has mail.
	cat > "$WORK/mx.php" <<'PHP'
<?php
namespace Garradin\Entities\Users;
function getmxrr($host, &$mx) {
	$mx = preg_match('/(^|\.)example\.org$/', $host) ? ['mx.example.org'] : [];
	return (bool) $mx;
}
PHP
	;;
*)
	echo "VERSION must be 1.2 or 1.3" >&2
	exit 2
	;;
esac

# 2. The members, activities, fees, subscriptions, years and transactions, through Paheko's
#    classes and entities ($SCRIPT), in Paheko's bootstrap.
cat > "$WORK/run.php" <<PHP
<?php
namespace $NS;
define('$NS\\\\DATA_ROOT', '$WORK');
define('$NS\\\\WWW_URL', 'http://127.0.0.1/');
define('$NS\\\\WWW_URI', '/');
$PRELUDE
\$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '$PAHEKO/src/include/init.php';
require '$HERE/scripts/$SCRIPT';
PHP
# (Paheko's error handler prints an error and exits 0: the script's last word is « ok »)
PAHEKO_TOTALS="$OUT/association-$VERSION.totals.json" php "$WORK/run.php" | tee "$WORK/log"
[ "$(tail -n 1 "$WORK/log")" = ok ] || { echo "Paheko refused: see above" >&2; exit 1; }

# 3. One self-contained file, as a user's backup would be (1.2's indexes use Paheko's own
#    U_NOCASE collation, which the sqlite3 shell lacks: its file is copied as Paheko left it,
#    journal mode TRUNCATE, so nothing is pending beside it).
if [ "$VERSION" = 1.2 ]; then
	cp "$WORK/association.sqlite" "$OUT/association-$VERSION.sqlite"
else
	sqlite3 "$WORK/association.sqlite" "VACUUM INTO '$WORK/out.sqlite';"
	mv "$WORK/out.sqlite" "$OUT/association-$VERSION.sqlite"
fi
echo "wrote $OUT/association-$VERSION.sqlite"
