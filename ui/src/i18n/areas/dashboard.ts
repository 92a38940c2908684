import type { Message } from "../translate";

// Keys of this area start with its name; French is the reference, English must be complete.
// The first-run screen's new parts (details of the association, the demo) live here too.
export const fr = {
  "dashboard.active": { one: "{count} à jour", other: "{count} à jour" },
  "dashboard.grace": { one: "{count} en délai de grâce", other: "{count} en délai de grâce" },
  "dashboard.expired": { one: "{count} adhésion expirée", other: "{count} adhésions expirées" },
  "dashboard.neverPaid": { one: "{count} sans cotisation", other: "{count} sans cotisation" },
  "dashboard.renewals": "Renouvellements à venir",
  "dashboard.renewalsHint": "adhésions qui finissent dans les {days} prochains jours",
  "dashboard.quota": "Quotas",
  "dashboard.overQuota": { one: "compte au-delà du quota", other: "comptes au-delà du quota" },
  "dashboard.nearQuota": { one: "compte à 90 % ou plus", other: "comptes à 90 % ou plus" },
  "dashboard.accountsTotal": { one: "sur {count} compte", other: "sur {count} comptes" },
  "dashboard.year": "Exercice en cours",
  "dashboard.income": "Recettes",
  "dashboard.expenses": "Dépenses",
  "dashboard.soFar": "du {start} au {today} inclus",
  "dashboard.requests": "Demandes RGPD",
  "dashboard.requestsHint":
    "{late} en retard, {due} à échéance dans les {days} jours",

  "dashboard.create.address": "Adresse du siège",
  "dashboard.create.rna": "Numéro RNA",
  "dashboard.create.siren": "Numéro SIREN",
  "dashboard.create.fiscalYearStart": "Premier jour de l'exercice (MM-JJ)",
  "dashboard.create.taxReceipts": "Peut délivrer des reçus fiscaux (art. 200 du CGI)",
  "dashboard.demo.title": "Essayer avec une démo",
  "dashboard.demo.text":
    "Une association fictive de 2 000 membres sur trois ans, dans un fichier à part (panier-demo.sqlite) : rien ne touche vos vraies données.",
  "dashboard.demo.submit": "Ouvrir l'association de démonstration",
  "dashboard.demo.busy": "Création de la démo…",
} as const;

export const en: Record<keyof typeof fr, Message> = {
  "dashboard.active": { one: "{count} active", other: "{count} active" },
  "dashboard.grace": { one: "{count} in grace period", other: "{count} in grace period" },
  "dashboard.expired": { one: "{count} expired", other: "{count} expired" },
  "dashboard.neverPaid": { one: "{count} never paid", other: "{count} never paid" },
  "dashboard.renewals": "Renewals due",
  "dashboard.renewalsHint": "memberships ending within the next {days} days",
  "dashboard.quota": "Quota",
  "dashboard.overQuota": { one: "account over quota", other: "accounts over quota" },
  "dashboard.nearQuota": { one: "account at 90% or more", other: "accounts at 90% or more" },
  "dashboard.accountsTotal": { one: "of {count} account", other: "of {count} accounts" },
  "dashboard.year": "This financial year",
  "dashboard.income": "Income",
  "dashboard.expenses": "Expenses",
  "dashboard.soFar": "from {start} to {today} included",
  "dashboard.requests": "Data requests",
  "dashboard.requestsHint": "{late} late, {due} due within {days} days",

  "dashboard.create.address": "Registered address",
  "dashboard.create.rna": "RNA number",
  "dashboard.create.siren": "SIREN number",
  "dashboard.create.fiscalYearStart": "First day of the financial year (MM-DD)",
  "dashboard.create.taxReceipts": "May issue tax receipts (art. 200 CGI)",
  "dashboard.demo.title": "Try a demo",
  "dashboard.demo.text":
    "A made-up association of 2,000 members over three years, in a file of its own (panier-demo.sqlite): your real data is not touched.",
  "dashboard.demo.submit": "Open the demo association",
  "dashboard.demo.busy": "Creating the demo…",
};
