import type { Message } from "../translate";

// The browser on the team server: login, who is logged in, the live refresh.
export const fr = {
  "team.login.title": "Connexion",
  "team.login.intro": "Panier de l'association : connectez-vous avec le compte que vous a créé son responsable.",
  "team.login.user": "Nom d'utilisateur",
  "team.login.password": "Mot de passe",
  "team.login.submit": "Se connecter",
  "team.login.wrong": "Nom d'utilisateur ou mot de passe incorrect.",
  "team.login.throttled": "Trop d'essais de connexion : réessayez dans quelques minutes.",
  "team.login.failed": "Connexion impossible : {detail}",
  "team.logout": "Se déconnecter",
  "team.signedIn": "{user} ({role})",
  "team.connectedAs": "Connecté à {url} en tant que {user} ({role})",
  "team.role.owner": "responsable",
  "team.role.treasurer": "trésorier",
  "team.role.secretary": "secrétaire",
  "team.role.admin": "admin",
  "team.role.auditor": "vérificateur",
  "team.nothing": "Votre rôle ne donne accès à aucun écran disponible avec le serveur.",
} as const;

export const en: Record<keyof typeof fr, Message> = {
  "team.login.title": "Log in",
  "team.login.intro": "The association's Panier: log in with the account its owner made for you.",
  "team.login.user": "User name",
  "team.login.password": "Password",
  "team.login.submit": "Log in",
  "team.login.wrong": "Wrong user name or password.",
  "team.login.throttled": "Too many login attempts: try again in a few minutes.",
  "team.login.failed": "Cannot log in: {detail}",
  "team.logout": "Log out",
  "team.signedIn": "{user} ({role})",
  "team.connectedAs": "Connected to {url} as {user} ({role})",
  "team.role.owner": "owner",
  "team.role.treasurer": "treasurer",
  "team.role.secretary": "secretary",
  "team.role.admin": "admin",
  "team.role.auditor": "auditor",
  "team.nothing": "Your role gives access to no screen available with the server.",
};
