import type { MessageKey } from "./fr";
import { en as dashboard } from "./areas/dashboard";
import { en as members } from "./areas/members";
import { en as requests } from "./areas/requests";
import { en as money } from "./areas/money";
import { en as renewals } from "./areas/renewals";
import { en as mail } from "./areas/mail";
import { en as books } from "./areas/books";
import { en as imports } from "./areas/imports";
import { en as paheko } from "./areas/paheko";
import { en as plans } from "./areas/plans";
import { en as accounts } from "./areas/accounts";
import { en as settings } from "./areas/settings";
import { en as reports } from "./areas/reports";
import { en as common } from "./areas/common";
import { en as team } from "./areas/team";
import { en as gettingStarted } from "./areas/gettingStarted";

import type { Message } from "./translate";

// English. A key missing here falls back to French (see translate.ts); the catalog test
// keeps the two complete.
export const en: Partial<Record<MessageKey, Message>> = {
  "app.name": "Panier",
  "app.loading": "Opening…",
  "app.language": "Language",
  "app.changeFile": "Change file",
  "app.version": "Version {version}",

  "nav.skip": "Skip to the content",
  "nav.label": "Main navigation",
  "nav.dashboard": "Dashboard",
  "nav.members": "Members",
  "nav.renewals": "Renewals",
  "nav.plans": "Plans and tiers",
  "nav.accounts": "Accounts and quota",
  "nav.money": "Money",
  "nav.books": "Books",
  "nav.imports": "Imports",
  "nav.requests": "Data requests",
  "nav.reports": "Reports",
  "nav.settings": "Settings",

  "dashboard.title": "Dashboard",
  "dashboard.members": "Members",
  "dashboard.memberCount": { one: "{count} member", other: "{count} members" },
  "dashboard.file": "File:",

  "placeholder.soon": "This screen is coming soon.",

  "firstRun.title": "Welcome to Panier",
  "firstRun.intro":
    "Panier keeps your association's memberships, storage tiers and accounts in a single file on this computer.",
  "firstRun.create.title": "Create my association",
  "firstRun.create.name": "Association name",
  "firstRun.create.path": "File to create",
  "firstRun.create.submit": "Create",
  "firstRun.open.title": "Open an existing file",
  "firstRun.open.path": "Panier file",
  "firstRun.open.submit": "Open",
  "firstRun.server.title": "Connect to the association's server",
  "firstRun.server.text": "Several volunteers on the same books: Panier talks to the association's server (panier serve).",
  "firstRun.server.url": "Server address",
  "firstRun.server.user": "User name",
  "firstRun.server.password": "Password",
  "firstRun.server.required": "Give the address, the user name and the password.",
  "firstRun.server.submit": "Connect",
  "firstRun.open.browse": "Browse…",
  "firstRun.open.filter": "Panier file",
  "firstRun.open.passphrase": "Passphrase",
  "firstRun.open.passphraseHint": "Only for an encrypted file (panier encrypt).",
  "firstRun.nameRequired": "Enter the association's name.",
  "firstRun.pathRequired": "Enter the file's path.",
  "firstRun.problem.cannotOpen": "Cannot open {path}: {detail}",
  "firstRun.problem.lastFileMissing": "The last file opened no longer exists: {path}",
  "firstRun.problem.sessionEnded": "The session on {url} has ended: log in again.",

  "error.unexpected": "Unexpected error: {detail}",

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
};
