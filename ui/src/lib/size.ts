import type { Language } from "../i18n/translate";

// Sizes counted the way Nextcloud counts them: 1 KB = 1024 B, 1 GB = 1024³ B; the largest unit
// that keeps the number ≥ 1, one decimal at most. Written as the core's `size_in` writes them:
// "15,5 Go", "300 Mo" in French (octets, a decimal comma), "1.5 GB" in English.
const UNITS: Record<Language, readonly string[]> = {
  fr: ["o", "Ko", "Mo", "Go", "To"],
  en: ["B", "KB", "MB", "GB", "TB"],
};

/** A byte count for display: 5368709120 → "5 Go" / "5 GB". */
export function formatSize(bytes: number, language: Language): string {
  if (bytes < 0) {
    return "∞";
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS[language].length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  const shown = language === "fr" ? text.replace(".", ",") : text;
  return `${shown}\u00a0${UNITS[language][unit]}`;
}

/** Used out of granted, in whole percent rounded down (for the bar's width); null if unknown. */
export function usedShare(used: number | null, quota: number): number | null {
  if (used === null) {
    return null;
  }
  if (quota <= 0) {
    return used > 0 ? 100 : 0;
  }
  return Math.floor((used * 100) / quota);
}

/** The bar's width: the share, capped at 100 % (an account over quota fills it). */
export function barWidth(share: number | null): number {
  return share === null ? 0 : Math.max(0, Math.min(100, share));
}
