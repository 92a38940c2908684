// Keys of this area start with its name; French is the reference, English must be complete.
// The dashboard's "Getting started" panel (screens/GettingStarted.svelte).
export const fr = {
  "gettingStarted.title": "Premiers pas",
  "gettingStarted.intro": "Trois réglages avant le reste, dans cet ordre :",
  "gettingStarted.details": "Les coordonnées de l'association",
  "gettingStarted.detailsHint": "adresse du siège, RNA ou SIREN, courriel : ils figurent sur les reçus et les rapports.",
  "gettingStarted.plans": "Les formules d'adhésion",
  "gettingStarted.plansHint": "cotisations et paliers de stockage que les membres choisissent.",
  "gettingStarted.members": "Les membres",
  "gettingStarted.membersHint": "un par un, ou importés d'un tableur (écran Imports).",
  "gettingStarted.done": "fait",
  "gettingStarted.todo": "à faire",
  "gettingStarted.hide": "Masquer",
  "gettingStarted.hidden": "« Premiers pas » est masqué ; Réglages › {group} le fait revenir.",
} as const;

export const en: Record<keyof typeof fr, string> = {
  "gettingStarted.title": "Getting started",
  "gettingStarted.intro": "Three things to set before the rest, in this order:",
  "gettingStarted.details": "The association's details",
  "gettingStarted.detailsHint": "registered address, RNA or SIREN, email: receipts and reports print them.",
  "gettingStarted.plans": "The membership plans",
  "gettingStarted.plansHint": "the fees and storage offers members choose from.",
  "gettingStarted.members": "The members",
  "gettingStarted.membersHint": "one by one, or imported from a spreadsheet (Imports screen).",
  "gettingStarted.done": "done",
  "gettingStarted.todo": "to do",
  "gettingStarted.hide": "Hide",
  "gettingStarted.hidden": "“Getting started” is hidden; Settings › {group} brings it back.",
};
