import type { MessageKey } from "../i18n/fr";

/** The screens of the left navigation, in order. */
export const SCREENS = [
  "dashboard",
  "members",
  "renewals",
  "money",
  "books",
  "imports",
  "plans",
  "accounts",
  "requests",
  "reports",
  "settings",
] as const;

export type Screen = (typeof SCREENS)[number];

/** Pages reached from a screen rather than from the navigation (a member's page). */
export type Page = Screen | "member";

export function screenTitle(screen: Screen): MessageKey {
  return `nav.${screen}`;
}
