// Moving in from Paheko (Imports screen). Keys start with the area's name; French is the
// reference, English must be complete.
export const fr = {
  "paheko.kind": "Paheko (fichier association.sqlite)",
  "paheko.help":
    "Le fichier de Paheko 1.2 ou 1.3 est lu sans être modifié ; Panier montre d'abord ce qu'il reprendrait (membres, activités et tarifs, inscriptions, exercices, écritures), puis importe tout ou rien.",
  "paheko.choose": "Choisir le fichier Paheko…",
  "paheko.from": "Paheko {version} · « {association} »",
  "paheko.counts":
    "{created} à créer · {matched} déjà là · {skipped} ignorés · {notMapped} non repris · {refused} refusés",
  "paheko.what": "Quoi",
  "paheko.id": "N° Paheko",
  "paheko.name": "Nom",
  "paheko.kind.member": "membre",
  "paheko.kind.fee": "tarif",
  "paheko.kind.subscription": "inscription",
  "paheko.kind.year": "exercice",
  "paheko.kind.transaction": "écriture",
  "paheko.outcome.not_mapped": "non repris",
  "paheko.accounts": "Comptes de Paheko",
  "paheko.account": "Compte",
  "paheko.lines": "Lignes",
  "paheko.carried": "Repris comme",
  "paheko.fate.chart": "plan de Panier",
  "paheko.fate.treasury": "trésorerie",
  "paheko.fate.kept": "gardé (numéro et libellé)",
  "paheko.fate.settled": "tiers : repris au règlement",
  "paheko.fate.not_mapped": "non repris",
  "paheko.confirm": "Importer depuis Paheko",
  "paheko.done":
    "Import terminé : {members} membres, {plans} formules, {subscriptions} périodes, {entries} écritures, {years} exercices clos.",
  "paheko.nothingNew": "Rien de nouveau : tout était déjà importé.",
  "paheko.refused#one": "Import refusé, rien n'a été écrit : {count} ligne à corriger dans Paheko.",
  "paheko.refused#other":
    "Import refusé, rien n'a été écrit : {count} lignes à corriger dans Paheko.",
} as const;

export const en: Record<keyof typeof fr, string> = {
  "paheko.kind": "Paheko (association.sqlite file)",
  "paheko.help":
    "The Paheko 1.2 or 1.3 file is read without being changed; Panier first shows what it would bring in (members, activities and fees, subscriptions, years, transactions), then imports all or nothing.",
  "paheko.choose": "Choose the Paheko file…",
  "paheko.from": "Paheko {version} · “{association}”",
  "paheko.counts":
    "{created} to create · {matched} already there · {skipped} skipped · {notMapped} not mapped · {refused} refused",
  "paheko.what": "What",
  "paheko.id": "Paheko id",
  "paheko.name": "Name",
  "paheko.kind.member": "member",
  "paheko.kind.fee": "fee",
  "paheko.kind.subscription": "subscription",
  "paheko.kind.year": "year",
  "paheko.kind.transaction": "transaction",
  "paheko.outcome.not_mapped": "not mapped",
  "paheko.accounts": "Paheko's accounts",
  "paheko.account": "Account",
  "paheko.lines": "Lines",
  "paheko.carried": "Carried as",
  "paheko.fate.chart": "Panier's chart",
  "paheko.fate.treasury": "treasury",
  "paheko.fate.kept": "kept (number and label)",
  "paheko.fate.settled": "third party: taken at the pay-off",
  "paheko.fate.not_mapped": "not mapped",
  "paheko.confirm": "Import from Paheko",
  "paheko.done":
    "Import done: {members} members, {plans} plans, {subscriptions} periods, {entries} entries, {years} closed years.",
  "paheko.nothingNew": "Nothing new: everything was imported already.",
  "paheko.refused#one": "Import refused, nothing written: {count} row to fix in Paheko.",
  "paheko.refused#other": "Import refused, nothing written: {count} rows to fix in Paheko.",
};
