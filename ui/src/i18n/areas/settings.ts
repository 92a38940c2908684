import type { Message } from "../translate";

// Keys of this area start with its name; French is the reference, English must be complete.
export const fr = {
  "settings.group.identity": "Identité de l'association",
  "settings.group.money": "Cotisations, reçus et exercice",
  "settings.group.economic": "Modèle économique",
  "settings.group.infrastructure": "Infrastructure et transparence",
  "settings.group.app": "Journal et langue",
  "settings.group.backup": "Sauvegardes",
  "settings.group.other": "Autres réglages",
  "settings.operatorHint":
    "Ce nom est inscrit dans le journal pour chaque modification faite depuis cette application.",
  "settings.yes": "oui",
  "settings.no": "non",
  "settings.save": "Enregistrer les modifications",
  "settings.unchanged": "Aucune modification à enregistrer.",
  "settings.saved": { one: "{count} réglage enregistré.", other: "{count} réglages enregistrés." },
  "settings.failed": {
    one: "{count} réglage refusé : voyez le message à côté du champ.",
    other: "{count} réglages refusés : voyez les messages à côté des champs.",
  },
  "settings.backups.where": "Les sauvegardes vont dans :",
  "settings.backups.now": "Sauvegarder maintenant",
  "settings.backups.done": "Sauvegarde faite et vérifiée : {path}",
  "settings.backups.none": "Aucune sauvegarde dans ce dossier pour l'instant.",
  "settings.backups.taken": "Prise le",
  "settings.backups.size": "Taille",
  "settings.backups.file": "Fichier",
  "settings.backups.kept": "Gardée",
  "settings.backups.rotated": "rotation (7 jours, 5 semaines, 12 mois)",
  "settings.backups.rotation":
    "Une sauvegarde est prise à la première ouverture de chaque jour et avant chaque mise à jour du fichier.",
} as const;

export const en: Record<keyof typeof fr, Message> = {
  "settings.group.identity": "The association",
  "settings.group.money": "Fees, receipts and financial year",
  "settings.group.economic": "Economic model",
  "settings.group.infrastructure": "Infrastructure and transparency",
  "settings.group.app": "Audit log and language",
  "settings.group.backup": "Backups",
  "settings.group.other": "Other settings",
  "settings.operatorHint": "This name is written in the audit log for every change made from this app.",
  "settings.yes": "yes",
  "settings.no": "no",
  "settings.save": "Save the changes",
  "settings.unchanged": "No change to save.",
  "settings.saved": { one: "{count} setting saved.", other: "{count} settings saved." },
  "settings.failed": {
    one: "{count} setting refused: see the message beside the field.",
    other: "{count} settings refused: see the messages beside the fields.",
  },
  "settings.backups.where": "Backups go to:",
  "settings.backups.now": "Back up now",
  "settings.backups.done": "Backup taken and checked: {path}",
  "settings.backups.none": "No backup in this folder yet.",
  "settings.backups.taken": "Taken on",
  "settings.backups.size": "Size",
  "settings.backups.file": "File",
  "settings.backups.kept": "Kept",
  "settings.backups.rotated": "rotation (7 days, 5 weeks, 12 months)",
  "settings.backups.rotation":
    "A backup is taken at the first opening of each day and before each update of the file.",
};
