// A day typed by hand, in the app's language and never the system's: the browser's own
// `<input type="date">` writes 12/05/2026 for 5 December under an en-US or C locale, which a
// French treasurer reads as 12 May. Fields show `05/12/2026` in French and `5 Dec 2026` in
// English (as the core's `day_short` does), accept either way and ISO `2026-12-05`, and keep
// ISO in the value the core receives.
import type { Language } from "../i18n/translate";

const MONTHS_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// French month names, without accents or dots, as a person may type them ("5 déc. 2026").
const MONTHS_FR = ["janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec"];

/** What a typed day turned out to be. */
export type TypedDay =
  | { kind: "empty" }
  | { kind: "day"; iso: string }
  /** Not written as a day at all ("demain", "12-2026"). */
  | { kind: "unreadable" }
  /** Written as a day that does not exist (31/02/2026). */
  | { kind: "nonexistent" };

const pad = (n: number) => String(n).padStart(2, "0");

function checked(year: number, month: number, day: number): TypedDay {
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists =
    month >= 1 &&
    month <= 12 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return exists ? { kind: "day", iso: `${year}-${pad(month)}-${pad(day)}` } : { kind: "nonexistent" };
}

function monthByName(word: string): number | null {
  const plain = word
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f.]/g, "");
  for (const names of [MONTHS_EN, MONTHS_FR]) {
    const index = names.findIndex((name) => plain.startsWith(name) || (plain.length >= 3 && name.startsWith(plain)));
    if (index >= 0) return index + 1;
  }
  return null;
}

/** Reads a day typed by hand: `2026-12-05`, `05/12/2026` (day first, in both languages:
 *  Panier never reads month first), `5.12.2026`, `5 Dec 2026`, `5 décembre 2026`. */
export function parseTypedDay(text: string): TypedDay {
  const s = text.trim();
  if (s === "") return { kind: "empty" };
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) return checked(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (match) return checked(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /^(\d{1,2})(?:er)?\s+(\p{L}+\.?)\s+(\d{4})$/u.exec(s);
  if (match) {
    const month = monthByName(match[2]);
    if (month !== null) return checked(Number(match[3]), month, Number(match[1]));
  }
  return { kind: "unreadable" };
}

/** An ISO day as a field shows it in `language`; text that is not an ISO day stays as it is. */
export function formatTypedDay(iso: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  if (language === "fr") return `${day}/${month}/${year}`;
  const name = MONTHS_EN[Number(month) - 1];
  return `${Number(day)} ${name[0].toUpperCase()}${name.slice(1)} ${year}`;
}
