// Pure helpers of the Money and Renewals screens (tested in money.test.ts).
import type { Language } from "../i18n/translate";
import type { MessageKey } from "../i18n/fr";
import type { Field } from "../generated/Field";
import type { FormError } from "../generated/FormError";
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

/** A rejection as a FormError: form commands reject with one, the others with a sentence. */
export function asFormError(failure: unknown): FormError {
  if (typeof failure === "object" && failure !== null && "message" in failure) {
    const { field, message } = failure as { field?: unknown; message: unknown };
    return { field: typeof field === "string" ? field : null, message: String(message) };
  }
  return { field: null, message: typeof failure === "string" ? failure : String(failure) };
}

/** The message to show next to `field` (a key the core names fields by), if the error is about it. */
export function errorFor(error: FormError | null, field: Field): string | null {
  return error?.field === field ? error.message : null;
}

/** The message to show above the form: an error about no field the form shows. */
export function generalError(error: FormError | null, shownFields: readonly Field[]): string | null {
  if (error === null) return null;
  return error.field !== null && (shownFields as readonly string[]).includes(error.field)
    ? null
    : error.message;
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

/** An ISO day as the language writes it: 2026-03-01 → "01/03/2026" (fr), "2026-03-01" (en). */
export function formatDay(iso: string, language: Language): string {
  const [y, m, d] = iso.split("-");
  if (language === "en" || d === undefined) return iso;
  return `${d}/${m}/${y}`;
}

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
