#!/bin/sh
# Makes tests/data/paheko/association-1.3.sqlite and its totals with Paheko's own code.
# Needs PHP 8.2 (php-cli php-sqlite3 php-intl php-mbstring php-gd php-xml), a checkout of
# paheko/paheko (PAHEKO=…/paheko, tag 1.3.22.1 used) with kd2org/kd2fw's src/lib/KD2 copied to
# $PAHEKO/src/include/lib/KD2. The tests never run PHP: they read the committed files.
set -eu
PAHEKO=${PAHEKO:?set PAHEKO to a paheko checkout}
HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$HERE/tests/data/paheko}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# 1. Paheko's own install (its `paheko init` command): the association and its first member.
php "$PAHEKO/src/bin/paheko" --root "$WORK" init \
	--country FR --orgname "Les Chatons d'Émeraude" --name "Zoé L'Hôte" \
	--email zoe.lhote@example.org --password 'fixture password not secret 2024'

# 2. The members, activities, fees, subscriptions, years and transactions, through Paheko's
#    API class and entities (scripts/paheko-fixture.php), in Paheko's bootstrap.
cat > "$WORK/run.php" <<PHP
<?php
namespace Paheko;
define('Paheko\\DATA_ROOT', '$WORK');
define('Paheko\\WWW_URL', 'http://127.0.0.1/');
define('Paheko\\WWW_URI', '/');
define('Paheko\\CONFIG_FILE', null);
define('Paheko\\SKIP_STARTUP_CHECK', true);
\$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '$PAHEKO/src/include/init.php';
require '$HERE/scripts/paheko-fixture.php';
PHP
PAHEKO_TOTALS="$OUT/association-1.3.totals.json" php "$WORK/run.php"

# 3. One self-contained file, as a user's backup would be.
sqlite3 "$WORK/association.sqlite" "VACUUM INTO '$WORK/out.sqlite';"
mv "$WORK/out.sqlite" "$OUT/association-1.3.sqlite"
echo "wrote $OUT/association-1.3.sqlite"
