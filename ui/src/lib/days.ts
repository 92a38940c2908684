// Days arrive from the core as YYYY-MM-DD; people read them as the date fields write them,
// "22/11/2026" in French and "22 Nov 2026" in English, in every table and message of the window.
import type { Language } from "../i18n/translate";
import { formatTypedDay } from "./dayInput";

/** A core day for display; text that is not a day is shown as it came. */
export function formatDay(day: string | null | undefined, language: Language): string {
  if (!day) return "";
  return formatTypedDay(day, language);
}

/** An audit instant (UTC ISO-8601) as a local day and time: "2026-11-22 14:05". */
export function formatInstant(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
