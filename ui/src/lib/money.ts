// Pure helpers of the Money and Renewals screens (tested in money.test.ts).
import type { Language } from "../i18n/translate";
import type { MessageKey } from "../i18n/fr";
import type { MoneyChoices } from "../generated/MoneyChoices";
import type { MoneyEntry } from "../generated/MoneyEntry";
import type { RenewalRow } from "../generated/RenewalRow";

export const ENTRY_KINDS = [
  "fee",
  "tier",
  "donation",
  "subsidy",
  "income",
  "expense",
  "reversal",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const RENEWAL_STATES = ["due", "grace", "expired"] as const;
export type RenewalState = (typeof RENEWAL_STATES)[number];

/** Cents as the treasurer would type them back into a field: 1250 → "12,50" (fr), "12.50" (en). */
export function centsToInput(cents: number, language: Language): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100)
    .toString()
    .padStart(2, "0");
  const sign = cents < 0 && whole === 0 ? "-" : "";
  return `${sign}${whole}${language === "fr" ? "," : "."}${rest}`;
}

export interface EntryFilter {
  readonly kind: EntryKind | "";
  readonly member: number | null;
}

export function filterEntries(entries: readonly MoneyEntry[], filter: EntryFilter): MoneyEntry[] {
  return entries.filter(
    (e) =>
      (filter.kind === "" || e.kind === filter.kind) &&
      (filter.member === null || e.memberId === filter.member),
  );
}

export function kindKey(kind: string): MessageKey {
  const known = (ENTRY_KINDS as readonly string[]).includes(kind) ? kind : "income";
  return `money.kind.${known}` as MessageKey;
}

const METHODS = ["cash", "cheque", "transfer", "card", "helloasso", "direct_debit", "other"];

export function methodKey(method: string): MessageKey {
  return `money.method.${METHODS.includes(method) ? method : "other"}` as MessageKey;
}

// Days are written as everywhere in the window.
export { formatDay } from "./days";

/** The file name the save dialog suggests for an entry's receipt. */
export function receiptFileName(entry: number, kind: "attestation" | "tax"): string {
  return kind === "tax" ? `recu-fiscal-ecriture-${entry}.pdf` : `attestation-ecriture-${entry}.pdf`;
}

/** What an entry's row offers to print: an attestation for a fee, a tax receipt for a gift. */
export function printableReceipts(entry: MoneyEntry): ("attestation" | "tax")[] {
  if (entry.kind === "reversal" || entry.reversedBy !== null) return [];
  const kinds: ("attestation" | "tax")[] = [];
  if (entry.kind === "fee") kinds.push("attestation");
  if (entry.giftCents > 0 && entry.memberId !== null) kinds.push("tax");
  return kinds;
}

export function parseRenewalState(value: unknown): RenewalState | "" {
  return (RENEWAL_STATES as readonly unknown[]).includes(value) ? (value as RenewalState) : "";
}

export function filterRenewals(
  rows: readonly RenewalRow[],
  state: RenewalState | "",
  member: number | null,
): RenewalRow[] {
  return rows.filter(
    (r) => (state === "" || r.state === state) && (member === null || r.memberId === member),
  );
}

export function countByState(rows: readonly RenewalRow[]): Record<RenewalState, number> {
  const counts: Record<RenewalState, number> = { due: 0, grace: 0, expired: 0 };
  for (const r of rows) {
    const state = parseRenewalState(r.state);
    if (state !== "") counts[state] += 1;
  }
  return counts;
}

/** An expense category as the choosers show it: "613 · Server rent". */
export function categoryLabel(
  choices: MoneyChoices | null,
  key: string,
  language: Language,
): string {
  const c = choices?.categories.find((c) => c.key === key);
  if (!c) return key;
  return `${c.account} · ${language === "fr" ? c.labelFr : c.labelEn}`;
}

/** The payment methods the forms offer (a transfer until the core has said more). */
export function paymentMethods(choices: MoneyChoices | null): string[] {
  return choices?.methods ?? ["transfer"];
}
