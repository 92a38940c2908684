import type { Command } from "../generated/commands";
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

/**
 * The commands each screen reads when it opens. A screen is offered only when all of them
 * are (in a browser or in the window joined to a server: the user's role may perform them,
 * see team.svelte.ts `offered`).
 */
export const SCREEN_NEEDS: Readonly<Record<Screen, readonly Command[]>> = {
  dashboard: ["dashboard_figures", "association_summary"],
  members: ["list_members"],
  renewals: ["renewals_list", "money_choices"],
  money: ["money_overview", "money_choices"],
  books: ["financial_years", "books_statement"],
  imports: ["import_file"],
  plans: ["plans_list"],
  accounts: ["accounts_list"],
  requests: ["list_requests"],
  // the charter's registers are shown only to the roles that have them (Reports.svelte)
  reports: ["report_default_year", "report_preview"],
  settings: ["settings_list", "backups_list"],
};

/** The screens `offered` allows, in the navigation's order. */
export function offeredScreens(offered: (command: Command) => boolean): Screen[] {
  return SCREENS.filter((screen) => SCREEN_NEEDS[screen].every(offered));
}

/** Pages reached from a screen rather than from the navigation (a member's page). */
export type Page = Screen | "member";

export function screenTitle(screen: Screen): MessageKey {
  return `nav.${screen}`;
}
