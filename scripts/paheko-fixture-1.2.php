<?php
// Builds a Paheko 1.2 association through Paheko 1.2's own code (its installer, its member
// class `Membres` and field configuration `Membres\Champs`, its entities and year close),
// then writes Paheko's own income statement and balance sheet of each year as JSON. Run by
// scripts/paheko-fixture.sh (VERSION=1.2) in Paheko's bootstrap. Paheko 1.2 still lives in
// the `Garradin` namespace. Nothing here writes SQL: every row is made the way Paheko's
// screens make it (their form arrays, passed to the same methods).

namespace Garradin;

use Garradin\Accounting\Reports;
use Garradin\Accounting\Years;
use Garradin\Entities\Accounting\Account;
use Garradin\Entities\Accounting\Transaction;
use Garradin\Entities\Accounting\Year;
use Garradin\Entities\Services\Fee;
use Garradin\Entities\Services\Service;
use Garradin\Entities\Services\Service_User;
use KD2\DB\EntityManager;

require __DIR__ . '/paheko-fixture-common.php';

$totals_path = getenv('PAHEKO_TOTALS');

// 1. The install screen (admin/install.php): the association and its first member.
Install::install('FR', "Les Chatons d'Émeraude", "Zoé L'Hôte", 'zoe.lhote@example.org', 'fixture password not secret 2024');
$db = DB::getInstance();
$config = Config::getInstance();

// 2. A member field (config/fields/new.php): person or organisation.
// (rebuilt from its JSON, as config/membres.php rebuilds it from its form between the « add »
// and the « save » requests: a Champs made from the configuration's own object shares it, and
// saving it would then change nothing)
$champs = new Membres\Champs(json_decode(json_encode($config->get('champs_membres')->getAll()), true));
$champs->add('type_membre', [
	'type' => 'select',
	'title' => 'Type de membre',
	'options' => ['Personne physique', 'Personne morale'],
	'editable' => false,
	'mandatory' => false,
	'private' => false,
]);
$champs->save();

$chart_id = (int) $db->firstColumn('SELECT id FROM acc_charts WHERE code = ? LIMIT 1;', 'PCA2018') ?: (int) $db->firstColumn('SELECT id FROM acc_charts ORDER BY id LIMIT 1;');
$account = fn (string $code) => (int) $db->firstColumn('SELECT id FROM acc_accounts WHERE code = ? AND id_chart = ?;', $code, $chart_id);

$new_year = function (string $label, string $start, string $end) use ($chart_id) {
	$y = new Year;
	$y->importForm(['label' => $label, 'start_date' => $start, 'end_date' => $end, 'id_chart' => $chart_id]);
	$y->save();
	return $y;
};
$y2024 = $new_year('Exercice 2024', '01/01/2024', '31/12/2024');
$y2025 = $new_year('Exercice 2025', '01/01/2025', '31/12/2025');

// 3. Members (membres/ajouter.php and membres/fiche_modifier.php).
$membres = new Membres;
$admin = (int) $db->firstColumn('SELECT id FROM membres ORDER BY id LIMIT 1;');
$membres->edit($admin, ['numero' => '1', 'nom' => "Zoé L'Hôte", 'email' => 'zoe.lhote@example.org', 'pays' => 'FR', 'type_membre' => 'Personne physique', 'ville' => 'Orléans', 'date_inscription' => '2023-09-01']);
[$helene, $muriers, $jean] = array_map(fn (array $member) => $membres->add($member, false), PAHEKO_FIXTURE_MEMBERS);

// 4. Activities and fees (services/ and services/fees/).
$membership = new Service;
$membership->importForm(['label' => 'Adhésion', 'description' => 'Adhésion annuelle à l\'association', 'period' => 1, 'duration' => 365]);
$membership->save();
$new_fee = function (Service $service, array $form) {
	$fee = new Fee;
	$fee->importForm($form);
	$fee->id_service = $service->id();
	$fee->save();
	return $fee;
};
$fee2024 = $new_fee($membership, ['label' => 'Cotisation 2024', 'amount_type' => 1, 'amount' => '20', 'accounting' => 1, 'account' => [$account('756') => '756'], 'id_year' => $y2024->id()]);
$fee2025 = $new_fee($membership, ['label' => 'Cotisation 2025', 'amount_type' => 1, 'amount' => '20', 'accounting' => 1, 'account' => [$account('756') => '756'], 'id_year' => $y2025->id()]);
$hosting = new Service;
$hosting->importForm(['label' => 'Hébergement Nextcloud', 'period' => 2, 'start_date' => '01/01/2025', 'end_date' => '31/12/2025']);
$hosting->save();
$storage = $new_fee($hosting, ['label' => 'Stockage 10 Go', 'amount_type' => 1, 'amount' => '36', 'accounting' => 1, 'account' => [$account('706') => '706'], 'id_year' => $y2025->id()]);

// 5. Subscriptions (services/user/subscribe.php): Service_User::createFromForm, and the
//    payment of a paid one as that screen makes it (addPayment, linked to the member).
$subscribe = function (int $user, Service $service, Fee $fee, string $date, string $expiry, bool $paid, ?string $pay_from = null, ?string $reference = null) {
	$su = Service_User::createFromForm([$user => ''], $user, false, [
		'id_service' => $service->id(), 'id_fee' => $fee->id(), 'date' => $date,
		'expiry_date' => $expiry, 'paid' => $paid ? 1 : 0,
	]);
	if ($pay_from) {
		$t = $su->addPayment($user, [
			'amount' => number_format($fee->amount / 100, 2, ',', ''), 'date' => $date,
			'account_selector' => [$GLOBALS['account']($pay_from) => $pay_from],
			'reference' => $reference,
		]);
	}
	return $su;
};
$tx = function (Year $year, array $form) {
	$t = new Transaction;
	$t->id_year = $year->id();
	$t->importFromNewForm($form + ['id_year' => $year->id()]);
	$t->save();
	return $t;
};
$GLOBALS['account'] = $account;
// the pay-off of a debt or a credit (acc/transactions/payoff.php?for=ID), marked paid
$payoff = function (Transaction $related, Year $year, array $form) {
	$t = new Transaction;
	$t->payOffFrom($related->id());
	$t->importFromPayoffForm($form);
	$t->id_year = $year->id();
	$t->save();
	$t->related()->markPaid();
	$t->related()->save();
	return $t;
};

// 2024
$subscribe($helene, $membership, $fee2024, '10/03/2024', '09/03/2025', true, '512', 'CHQ-0012');
$subscribe($muriers, $membership, $fee2024, '02/04/2024', '01/04/2025', true, '512');
$t = $tx($y2024, ['type' => Transaction::TYPE_REVENUE, 'label' => 'Don des Mûriers', 'date' => '10/05/2024', 'amount' => '50', 'debit' => '512', 'credit' => '7541']);
$t->linkToUser($muriers);
$tx($y2024, ['type' => Transaction::TYPE_ADVANCED, 'label' => 'Serveur, frais et pot', 'date' => '01/06/2024', 'lines' => [
	['account' => '6135', 'debit' => '60', 'credit' => '0', 'label' => 'Location serveur'],
	['account' => '627', 'debit' => '1,50', 'credit' => '0', 'label' => 'Frais bancaires'],
	['account' => '6238', 'debit' => '5', 'credit' => '0', 'label' => 'Pot des bénévoles'],
	['account' => '512', 'debit' => '0', 'credit' => '66,50', 'label' => 'Paiement'],
]]);
$tx($y2024, ['type' => Transaction::TYPE_REVENUE, 'label' => 'Subvention de la ville', 'date' => '01/09/2024', 'amount' => '300', 'debit' => '512', 'credit' => '740']);
$tx($y2024, ['type' => Transaction::TYPE_REVENUE, 'label' => 'Vente de gâteaux', 'date' => '05/10/2024', 'amount' => '42,30', 'debit' => '530', 'credit' => '706']);
// a bank-to-cash transfer (type « virement »: two treasury lines)
$tx($y2024, ['type' => Transaction::TYPE_TRANSFER, 'label' => 'Retrait pour la caisse', 'date' => '15/11/2024', 'amount' => '40', 'debit' => '530', 'credit' => '512']);
// a supplier's invoice (type « dette », 401) paid later in the year (acc/transactions/payoff.php)
$debt = $tx($y2024, ['type' => Transaction::TYPE_DEBT, 'label' => 'Facture hébergeur novembre', 'date' => '20/11/2024', 'amount' => '24', 'debit' => '6135', 'credit' => '401']);
$payoff($debt, $y2024, ['label' => 'Règlement facture hébergeur', 'date' => '05/12/2024', 'amount' => '24', 'account' => [$account('512') => '512']]);

// Close 2024 (acc/years/close.php), then open 2025 with Paheko's opening balance (as
// acc/years/balance.php builds it from the previous year's closing balances).
$y2024 = Years::get($y2024->id());
$y2024->close($admin);
$y2025 = Years::get($y2025->id());
$lines = [];
foreach (Reports::getAccountsBalances(['year' => $y2024->id(), 'exclude_position' => [Account::EXPENSE, Account::REVENUE]]) as $b) {
	$amount = Utils::money_format(abs($b->balance), ',', '');
	$lines[] = ['account' => $b->code, 'debit' => $b->is_debt ? $amount : '0', 'credit' => $b->is_debt ? '0' : $amount];
}
$result = Reports::getResult(['year' => $y2024->id()]);
$lines[] = ['account' => $result > 0 ? '120' : '129', 'debit' => $result < 0 ? Utils::money_format(-$result, ',', '') : '0', 'credit' => $result >= 0 ? Utils::money_format($result, ',', '') : '0'];
$opening = new Transaction;
$opening->importFromBalanceForm($y2025, ['lines' => $lines]);
$opening->save();

// 2025
$subscribe($admin, $membership, $fee2025, '05/01/2025', '05/01/2026', true, '512');
$subscribe($helene, $hosting, $storage, '15/01/2025', '31/12/2025', true, '530');
// unpaid: no payment, Paheko keeps the amount expected
$subscribe($jean, $membership, $fee2025, '01/02/2025', '01/02/2026', false);
$tx($y2025, ['type' => Transaction::TYPE_EXPENSE, 'label' => 'Abonnement internet', 'date' => '01/03/2025', 'amount' => '12', 'debit' => '626', 'credit' => '512']);
$tx($y2025, ['type' => Transaction::TYPE_EXPENSE, 'label' => 'Nom de domaine', 'date' => '15/03/2025', 'amount' => '14,99', 'debit' => '6238', 'credit' => '512']);
// a cash deposit at the bank (cash-to-bank)
$tx($y2025, ['type' => Transaction::TYPE_TRANSFER, 'label' => 'Dépôt de la caisse à la banque', 'date' => '20/03/2025', 'amount' => '30', 'debit' => '512', 'credit' => '530']);
// a customer's invoice (type « créance », 411) paid later (Les Mûriers' hosting)
$credit = $tx($y2025, ['type' => Transaction::TYPE_CREDIT, 'label' => 'Facture hébergement Les Mûriers', 'date' => '01/04/2025', 'amount' => '90', 'debit' => '411', 'credit' => '706']);
$credit->linkToUser($muriers);
$payoff($credit, $y2025, ['label' => 'Règlement Les Mûriers', 'date' => '20/04/2025', 'amount' => '90', 'account' => [$account('512') => '512']])->updateLinkedUsers([$muriers]);

// 6. Paheko's own reports, per year: the income statement and the balance sheet, per account.
paheko_fixture_write_totals($totals_path, garradin_version(), Years::list(), Reports::class, fn ($year) => [
	'start_date' => substr((string) $year->start_date, 0, 10),
	'end_date' => substr((string) $year->end_date, 0, 10),
	'closed' => (bool) $year->closed,
]);
echo "ok\n";
