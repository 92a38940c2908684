#!/usr/bin/env python3
"""Reads Paheko's own income statement and balance sheet pages, per year and per account,
from a running Paheko (`php -S 127.0.0.1:PORT -t www www/_route.php` on a checkout whose
config.local.php points DATA_ROOT at a copy of the fixture), and checks them against the
totals file scripts/paheko-fixture.sh wrote. It logs in as the fixture's first member.

    python3 scripts/paheko-pages.py http://127.0.0.1:8712 tests/data/paheko/association-1.2.totals.json

Prints year | page | account | page's figure | totals file's figure, and exits 1 on any
difference. Stdlib only; the tests never run it (they read the committed totals)."""

import html
import http.cookiejar
import json
import re
import sys
from decimal import Decimal
import urllib.parse
import urllib.request

base, totals_path = sys.argv[1].rstrip("/"), sys.argv[2]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path, data=None):
    body = urllib.parse.urlencode(data).encode() if data else None
    with web.open(base + path, body) as r:
        return r.read().decode()


login = get("/admin/login.php")
token = re.search(r'name="(ct_[^"]+)" value="([^"]+)"', login)
get("/admin/login.php", {
    "_id": "zoe.lhote@example.org",
    "password": "fixture password not secret 2024",
    token.group(1): token.group(2),
    "login": "1",
})

CELL = re.compile(
    r'<td class="num">.*?>\s*([0-9A-Z]+)\s*</a>.*?<th>(.*?)</th>\s*<td class="money"><b class="money">(-?[0-9 \u202f.,]+)</b>',
    re.S,
)


def cents(text):
    text = re.sub(r"[\s\u202f.]", "", text).replace(",", ".")
    return int(Decimal(text) * 100)


def sides(page):
    """Each row's left and right cells: (code, label, cents), per side."""
    left, right = {}, {}
    table = page[page.index("<tbody>"): page.index("</tbody>")]
    for row in table.split("<tr")[1:]:
        halves = row.split('class="spacer"', 1)
        for half, side in zip(halves, (left, right)):
            for code, label, amount in CELL.findall(half):
                side[code] = cents(amount)
    return left, right


totals = json.load(open(totals_path))
differences = 0
print(f"{'year':<6} {'page':<24} {'account':<8} {'page':>10} {'totals':>10}")
for year in totals["years"]:
    y = year["paheko_year_id"]
    expenses, income = sides(get(f"/admin/acc/reports/statement.php?year={y}"))
    assets, liabilities = sides(get(f"/admin/acc/reports/balance_sheet.php?year={y}"))
    for name, page, key in [
        ("statement (charges)", expenses, "expenses"),
        ("statement (produits)", income, "income"),
        ("balance sheet (actif)", assets, "assets"),
        ("balance sheet (passif)", liabilities, "liabilities"),
    ]:
        expected = {k: v["balance_cents"] for k, v in (year[key] or {}).items()}
        for code in sorted(set(page) | set(expected)):
            a, b = page.get(code), expected.get(code)
            differences += a != b
            print(f"{year['start_date'][:4]:<6} {name:<24} {code:<8} {a!s:>10} {b!s:>10}{'' if a == b else '  DIFFERENT'}")
sys.exit(1 if differences else 0)
