// The Accounts screen's lists and search, kept out of the component so they can be tested.
import type { AccountRow } from "../generated/AccountRow";

/** The lists the core computes (`quota::QuotaFilter`), in the order the buttons show them. */
export const ACCOUNT_FILTERS = ["all", "over", "near", "lapsed", "expired", "downgrades"] as const;
export type AccountFilter = (typeof ACCOUNT_FILTERS)[number];

/** The list a `goTo("accounts", { filter })` asks for; anything else shows them all. */
export function parseAccountFilter(value: unknown): AccountFilter {
  return ACCOUNT_FILTERS.find((f) => f === value) ?? "all";
}

/** Lower case without accents, as the core's search folds text. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/** Whether every word of `query` is in the row's login, member name or email. */
export function matchesSearch(row: AccountRow, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return true;
  }
  const haystack = fold(`${row.login} ${row.memberName} ${row.memberEmail}`);
  return words.every((word) => haystack.includes(word));
}

/** A login to offer for a new account: the email's local part, with only allowed signs. */
export function suggestLogin(email: string): string {
  const local = email.split("@")[0] ?? "";
  return fold(local).replace(/[^a-z0-9_.\-]/g, "");
}
