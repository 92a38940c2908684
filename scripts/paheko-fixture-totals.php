<?php
// Shared by scripts/paheko-fixture.php (Paheko 1.3) and scripts/paheko-fixture-1.2.php: writes
// Paheko's own income statement and balance sheet of each year, per account, as the JSON the
// tests compare Panier's import with (tests/data/paheko/association-*.totals.json).
// `$reports` is Paheko's `Accounting\Reports` class (its namespace is `Paheko` in 1.3,
// `Garradin` in 1.2); `$year_fields` gives a year's start_date, end_date and closed, which the
// two versions store differently.

function paheko_fixture_write_totals(string $path, string $version, iterable $years, string $reports, callable $year_fields): void
{
	$rows = function (array $body) {
		$r = [];
		foreach ($body as $line) {
			if (!empty($line->code)) {
				$r[$line->code] = ['label' => $line->label, 'balance_cents' => (int) $line->balance];
			}
		}
		return $r;
	};
	$out = [];
	foreach ($years as $year) {
		$statement = $reports::getStatement(['year' => $year->id]);
		$sheet = $reports::getBalanceSheet(['year' => $year->id]);
		$out[] = ['paheko_year_id' => $year->id, 'label' => $year->label] + $year_fields($year) + [
			'result_cents' => $reports::getResult(['year' => $year->id]),
			'expenses' => $rows($statement->body_left),
			'income' => $rows($statement->body_right),
			'assets' => $rows($sheet->body_left),
			'liabilities' => $rows($sheet->body_right),
		];
	}
	file_put_contents($path, json_encode(['paheko_version' => $version, 'years' => $out], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE) . "\n");
}
