<?php
// Builds a Paheko association through Paheko's own code (its API class, its entities and its
// year-closing logic), then writes Paheko's own income statement and balance sheet of each
// year as JSON. Run by scripts/paheko-fixture.sh with Paheko's CLI bootstrap (see there).
// Nothing here writes SQL: every row is made the way Paheko's screens and API make it.

namespace Paheko;

use Paheko\Accounting\Charts;
use Paheko\Accounting\Reports;
use Paheko\Accounting\Years;
use Paheko\Entities\Accounting\Account;
use Paheko\Entities\Accounting\Transaction;
use Paheko\Entities\Accounting\Year;
use Paheko\Entities\Services\Fee;
use Paheko\Entities\Services\Service;
use Paheko\Entities\Services\Service_User;
use Paheko\Entities\Users\DynamicField;
use Paheko\Users\DynamicFields;

require __DIR__ . '/paheko-fixture-common.php';

$totals_path = getenv('PAHEKO_TOTALS');

function api(string $method, string $path, array $params = [])
{
	$api = new API($method, $path, $params);
	$api->setAccessLevelByName('admin');
	return $api->route();
}

// A member field Panier reads from the field configuration: person or organisation.
$fields = DynamicFields::getInstance();
$kind = new DynamicField;
$kind->importForm([
	'name' => 'type_membre',
	'label' => 'Type de membre',
	'type' => 'select',
	'options' => ['Personne physique', 'Personne morale'],
	'user_access_level' => 1,
	'management_access_level' => 1,
]);
$kind->sort_order = $fields->getLastOrderIndex();
$fields->add($kind);
$fields->installPreset('pays');
$fields->save();

$chart_id = Charts::getOrInstall('fr_pca_2018');

$y2024 = new Year;
$y2024->import(['id_chart' => $chart_id, 'label' => 'Exercice 2024', 'start_date' => '2024-01-01', 'end_date' => '2024-12-31']);
$y2024->save();
$y2025 = new Year;
$y2025->import(['id_chart' => $chart_id, 'label' => 'Exercice 2025', 'start_date' => '2025-01-01', 'end_date' => '2025-12-31']);
$y2025->save();

$account = fn (string $code) => DB::getInstance()->firstColumn('SELECT id FROM acc_accounts WHERE code = ? AND id_chart = ?;', $code, $chart_id);

// Members: the administrator made by `paheko init` is the first one.
$admin = DB::getInstance()->firstColumn('SELECT id FROM users ORDER BY id LIMIT 1;');
// (the API refuses to edit an administrator; the member screen does it through the entity)
$first = Users\Users::get($admin);
$first->importForm(['type_membre' => 'Personne physique', 'ville' => 'Orléans', 'date_inscription' => '2023-09-01']);
$first->save();
[$helene, $muriers, $jean] = array_map(fn (array $member) => api('POST', 'user/new', $member)['id'], PAHEKO_FIXTURE_MEMBERS);

// Activities and their fees.
$membership = new Service;
$membership->importForm(['label' => 'Adhésion', 'description' => 'Adhésion annuelle à l\'association', 'period' => 1, 'duration' => 365]);
$membership->save();
$fee2024 = new Fee;
$fee2024->importForm(['label' => 'Cotisation 2024', 'amount' => '20', 'id_service' => $membership->id(), 'accounting' => 1, 'account' => [$account('756') => '756'], 'id_year' => $y2024->id()]);
$fee2024->id_service = $membership->id();
$fee2024->save();
$fee2025 = new Fee;
$fee2025->importForm(['label' => 'Cotisation 2025', 'amount' => '20', 'id_service' => $membership->id(), 'accounting' => 1, 'account' => [$account('756') => '756'], 'id_year' => $y2025->id()]);
$fee2025->id_service = $membership->id();
$fee2025->save();
$hosting = new Service;
$hosting->importForm(['label' => 'Hébergement Nextcloud', 'period' => 2, 'start_date' => '2025-01-01', 'end_date' => '2025-12-31']);
$hosting->save();
$storage = new Fee;
$storage->importForm(['label' => 'Stockage 10 Go', 'amount' => '36', 'id_service' => $hosting->id()]);
$storage->id_service = $hosting->id();
$storage->save();

$subscribe = fn ($user, $service, $fee, string $date, bool $paid) => api('POST', "user/$user/subscribe", [
	'id_service' => $service->id(), 'id_fee' => $fee->id(), 'date' => $date, 'paid' => $paid ? 1 : 0,
])['id'];
$tx = function (array $p) { return api('POST', 'accounting/transaction', $p)['id']; };

// 2024
$s = $subscribe($helene, $membership, $fee2024, '10/03/2024', true);
$tx(['id_year' => $y2024->id(), 'type' => 'revenue', 'label' => 'Cotisation Hélène', 'date' => '10/03/2024', 'amount' => '20', 'debit' => '512', 'credit' => '756', 'reference' => 'CHQ-0012', 'linked_users' => [$helene], 'linked_subscriptions' => [$s]]);
$s = $subscribe($muriers, $membership, $fee2024, '02/04/2024', true);
$tx(['id_year' => $y2024->id(), 'type' => 'revenue', 'label' => 'Cotisation Les Mûriers', 'date' => '02/04/2024', 'amount' => '20', 'debit' => '512', 'credit' => '756', 'linked_users' => [$muriers], 'linked_subscriptions' => [$s]]);
$tx(['id_year' => $y2024->id(), 'type' => 'revenue', 'label' => 'Don des Mûriers', 'date' => '10/05/2024', 'amount' => '50', 'debit' => '512', 'credit' => '7541', 'linked_users' => [$muriers]]);
$tx(['id_year' => $y2024->id(), 'type' => 'advanced', 'label' => 'Serveur, frais et pot', 'date' => '01/06/2024', 'lines' => [
	['account' => '6135', 'debit' => '60', 'credit' => '0', 'label' => 'Location serveur'],
	['account' => '627', 'debit' => '1,50', 'credit' => '0', 'label' => 'Frais bancaires'],
	['account' => '6238', 'debit' => '5', 'credit' => '0', 'label' => 'Pot des bénévoles'],
	['account' => '512', 'debit' => '0', 'credit' => '66,50', 'label' => 'Paiement'],
]]);
$tx(['id_year' => $y2024->id(), 'type' => 'revenue', 'label' => 'Subvention de la ville', 'date' => '01/09/2024', 'amount' => '300', 'debit' => '512', 'credit' => '740']);
$tx(['id_year' => $y2024->id(), 'type' => 'revenue', 'label' => 'Vente de gâteaux', 'date' => '05/10/2024', 'amount' => '42,30', 'debit' => '530', 'credit' => '706']);

// Close 2024 (as acc/years/close.php does), then open 2025 with Paheko's opening balance
// (as acc/years/balance.php builds it from the previous year).
$y2024 = Years::get($y2024->id());
$y2024->close();
$y2025 = Years::get($y2025->id());
$balances = Reports::getAccountsBalances([
	'year' => $y2024->id(),
	'exclude_position' => [Account::EXPENSE, Account::REVENUE],
	'exclude_type' => [Account::TYPE_OPENING, Account::TYPE_CLOSING],
]);
$lines = [];
foreach ($balances as $b) {
	$debt = $b->is_debt ?? ($b->balance > 0 && in_array($b->position, [Account::ASSET]));
	$amount = Utils::money_format(abs($b->balance), ',', '');
	$lines[] = ['account' => $b->code, 'debit' => $debt ? $amount : '0', 'credit' => $debt ? '0' : $amount];
}
$result = Reports::getResult(['year' => $y2024->id()]);
$lines[] = ['account' => $result >= 0 ? '120' : '129', 'debit' => $result < 0 ? Utils::money_format(-$result, ',', '') : '0', 'credit' => $result >= 0 ? Utils::money_format($result, ',', '') : '0'];
$opening = new Transaction;
$opening->importFromBalanceForm($y2025, ['lines' => $lines]);
$opening->save();

// 2025
$s = $subscribe($admin, $membership, $fee2025, '05/01/2025', true);
$tx(['id_year' => $y2025->id(), 'type' => 'revenue', 'label' => "Cotisation Zoé L'Hôte", 'date' => '05/01/2025', 'amount' => '20', 'debit' => '512', 'credit' => '756', 'linked_users' => [$admin], 'linked_subscriptions' => [$s]]);
$s = $subscribe($helene, $hosting, $storage, '15/01/2025', true);
$tx(['id_year' => $y2025->id(), 'type' => 'revenue', 'label' => 'Stockage Hélène', 'date' => '15/01/2025', 'amount' => '36', 'debit' => '530', 'credit' => '706', 'linked_users' => [$helene], 'linked_subscriptions' => [$s]]);
$subscribe($jean, $membership, $fee2025, '01/02/2025', false);
$tx(['id_year' => $y2025->id(), 'type' => 'expense', 'label' => 'Abonnement internet', 'date' => '01/03/2025', 'amount' => '12', 'debit' => '626', 'credit' => '512']);
$tx(['id_year' => $y2025->id(), 'type' => 'expense', 'label' => 'Nom de domaine', 'date' => '15/03/2025', 'amount' => '14,99', 'debit' => '6238', 'credit' => '512']);

// Paheko's own reports, per year: the income statement and the balance sheet, per account.
paheko_fixture_write_totals($totals_path, paheko_version(), Years::list(), Reports::class, fn ($year) => [
	'start_date' => $year->start_date->format('Y-m-d'),
	'end_date' => $year->end_date->format('Y-m-d'),
	'closed' => $year->status != Year::OPEN,
]);
echo "ok\n";
