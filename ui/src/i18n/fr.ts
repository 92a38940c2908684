import { fr as dashboard } from "./areas/dashboard";
import { fr as members } from "./areas/members";
import { fr as requests } from "./areas/requests";
import { fr as money } from "./areas/money";
import { fr as renewals } from "./areas/renewals";
import { fr as mail } from "./areas/mail";
import { fr as books } from "./areas/books";
import { fr as imports } from "./areas/imports";
import { fr as paheko } from "./areas/paheko";
import { fr as plans } from "./areas/plans";
import { fr as accounts } from "./areas/accounts";
import { fr as settings } from "./areas/settings";
import { fr as reports } from "./areas/reports";
import { fr as common } from "./areas/common";
import { fr as team } from "./areas/team";
import { fr as gettingStarted } from "./areas/gettingStarted";

// French: the reference catalog. Every key the UI uses is defined here first; a message may
// have plural forms, chosen with the `count` parameter (Intl.PluralRules categories).
export const fr = {
  "app.name": "Panier",
  "app.loading": "Ouverture…",
  "app.language": "Langue",
  "app.changeFile": "Changer de fichier",
  "app.version": "Version {version}",

  "nav.skip": "Aller au contenu",
  "nav.label": "Navigation principale",
  "nav.dashboard": "Tableau de bord",
  "nav.members": "Membres",
  "nav.renewals": "Renouvellements",
  "nav.plans": "Formules",
  "nav.accounts": "Comptes et quotas",
  "nav.money": "Argent",
  "nav.books": "Comptabilité",
  "nav.imports": "Imports",
  "nav.requests": "Demandes RGPD",
  "nav.reports": "Rapports",
  "nav.settings": "Réglages",

  "dashboard.title": "Tableau de bord",
  "dashboard.members": "Membres",
  "dashboard.memberCount": { one: "{count} membre", other: "{count} membres" },
  "dashboard.file": "Fichier :",

  "placeholder.soon": "Cet écran arrive bientôt.",

  "firstRun.title": "Bienvenue dans Panier",
  "firstRun.intro":
    "Panier tient les adhésions, les formules de stockage et les comptes de votre association, dans un seul fichier sur cet ordinateur.",
  "firstRun.create.title": "Créer mon association",
  "firstRun.create.name": "Nom de l'association",
  "firstRun.create.path": "Fichier à créer",
  "firstRun.create.submit": "Créer",
  "firstRun.open.title": "Ouvrir un fichier existant",
  "firstRun.open.path": "Fichier Panier",
  "firstRun.open.submit": "Ouvrir",
  "firstRun.server.title": "Se connecter au serveur de l'association",
  "firstRun.server.text": "Plusieurs bénévoles sur les mêmes comptes : Panier parle au serveur de l'association (panier serve).",
  "firstRun.server.url": "Adresse du serveur",
  "firstRun.server.user": "Identifiant",
  "firstRun.server.password": "Mot de passe",
  "firstRun.server.required": "Indiquez l'adresse, l'identifiant et le mot de passe.",
  "firstRun.server.submit": "Se connecter",
  "firstRun.open.browse": "Parcourir…",
  "firstRun.open.filter": "Fichier Panier",
  "firstRun.open.passphrase": "Phrase de passe",
  "firstRun.open.passphraseHint": "Seulement pour un fichier chiffré (panier encrypt).",
  "firstRun.nameRequired": "Indiquez le nom de l'association.",
  "firstRun.pathRequired": "Indiquez le chemin du fichier.",
  "firstRun.problem.cannotOpen": "Impossible d'ouvrir {path} : {detail}",
  "firstRun.problem.lastFileMissing": "Le dernier fichier ouvert n'existe plus : {path}",
  "firstRun.problem.sessionEnded": "La session sur {url} a pris fin : reconnectez-vous.",

  "error.unexpected": "Erreur inattendue : {detail}",

  // Each screen's strings live in areas/<screen>.ts.
  ...dashboard,
  ...members,
  ...requests,
  ...money,
  ...renewals,
  ...mail,
  ...books,
  ...imports,
  ...paheko,
  ...plans,
  ...accounts,
  ...settings,
  ...reports,
  ...common,
  ...team,
  ...gettingStarted,
} as const;

export type MessageKey = keyof typeof fr;
