import type { MessageKey } from "../i18n/fr";

/** The screens of the left navigation, in order. */
export const SCREENS = [
  "dashboard",
  "members",
  "renewals",
  "plans",
  "accounts",
  "money",
  "reports",
  "settings",
] as const;

export type Screen = (typeof SCREENS)[number];

export function screenTitle(screen: Screen): MessageKey {
  return `nav.${screen}`;
}
