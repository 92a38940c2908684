// The Imports screen's logic: the column mapping of a members CSV, and the dry run's counts.
import type { ColumnGuess } from "../generated/ColumnGuess";
import type { ColumnMapping } from "../generated/ColumnMapping";
import type { ImportRowView } from "../generated/ImportRowView";

/** The outcomes the core gives a row, in the order the screen lists them. */
export const OUTCOMES = ["created", "matched", "skipped", "refused"] as const;
export type RowOutcome = (typeof OUTCOMES)[number];

/** Column → field ("" for a column not imported), starting from what the core recognises. */
export function initialMapping(columns: readonly ColumnGuess[]): string[] {
  return columns.map((column) => column.field ?? "");
}

/** The fields chosen for more than one column, which the core could not honour. */
export function duplicateFields(fields: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const field of fields) {
    if (field === "") continue;
    if (seen.has(field)) twice.add(field);
    seen.add(field);
  }
  return [...twice];
}

/** The mapping as the core takes it: one pair per column given a field. */
export function mappingPairs(
  columns: readonly ColumnGuess[],
  fields: readonly string[],
): ColumnMapping[] {
  return columns.flatMap((column, index) => {
    const field = fields[index] ?? "";
    return field === "" ? [] : [{ column: column.column, field }];
  });
}

/** How many rows have each outcome. */
export function countByOutcome(rows: readonly ImportRowView[]): Record<RowOutcome, number> {
  const counts: Record<RowOutcome, number> = { created: 0, matched: 0, skipped: 0, refused: 0 };
  for (const row of rows) {
    if ((OUTCOMES as readonly string[]).includes(row.outcome)) {
      counts[row.outcome as RowOutcome] += 1;
    }
  }
  return counts;
}

/** What the file dialog proposes (and, in tests, the file it answers with). */
export function suggestedImportName(kind: "helloasso" | "members"): string {
  return kind === "helloasso" ? "helloasso.csv" : "membres.csv";
}

/** A decimal amount from the core ("12.5", "-3.25", "30.00") as integer cents; null if not one. */
export function decimalToCents(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, euros, fraction = ""] = match;
  const cents = Number(euros) * 100 + Number(fraction.padEnd(2, "0"));
  return sign === "-" ? -cents : cents;
}
