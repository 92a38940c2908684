<?php
// Shared by scripts/paheko-fixture.php (Paheko 1.3) and scripts/paheko-fixture-1.2.php: the
// members both versions add (as their member form's fields), and the writer of Paheko's own
// income statement and balance sheet of each year, per account, as the JSON the tests compare
// Panier's import with (tests/data/paheko/association-*.totals.json).

// Hélène, Les Mûriers and Jean, in that order (after the administrator the install makes).
const PAHEKO_FIXTURE_MEMBERS = [
	[
		'nom' => "Hélène D'Aubigné-Prévost",
		'email' => 'helene.daubigne@example.org',
		'adresse' => "12 rue de l'Étape",
		'code_postal' => '45000',
		'ville' => 'Orléans',
		'pays' => 'FR',
		'telephone' => '02 38 00 00 00',
		'type_membre' => 'Personne physique',
		'date_inscription' => '2024-03-10',
	], [
		'nom' => 'Association Les Mûriers',
		'email' => 'contact@lesmuriers.example.org',
		'ville' => 'Fleury-les-Aubrais',
		'type_membre' => 'Personne morale',
		'date_inscription' => '2024-04-02',
	], [
		'nom' => 'Jean-Noël Œuvray',
		'ville' => 'Saint-Jean-de-Braye',
		'type_membre' => 'Personne physique',
		'date_inscription' => '2025-02-01',
	],
];

// `$reports` is Paheko's `Accounting\Reports` class (its namespace is `Paheko` in 1.3,
// `Garradin` in 1.2); `$year_fields` gives a year's start_date, end_date and closed, which
// the two versions store differently.

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
