// Days arrive from the core as YYYY-MM-DD; people read them as "22 nov. 2026" / "22 Nov 2026".
import type { Language } from "../i18n/translate";

const FORMATS: Record<Language, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }),
};

/** A core day for display; text that is not a day is shown as it came. */
export function formatDay(day: string | null | undefined, language: Language): string {
  if (!day) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const [, y, m, d] = match;
  return FORMATS[language].format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))));
}

/** An audit instant (UTC ISO-8601) as a local day and time: "2026-11-22 14:05". */
export function formatInstant(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
