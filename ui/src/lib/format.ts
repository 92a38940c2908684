import type { Language } from "../i18n/translate";

// French typography: a narrow no-break space between thousands, a no-break space before the
// currency sign, so "1 234,56 €" never breaks across lines. Intl.NumberFormat would do the
// same, but it takes a float; money arrives from the core as integer cents and must stay exact.
const NARROW_NO_BREAK_SPACE = "\u202f";
const NO_BREAK_SPACE = "\u00a0";

interface NumberStyle {
  readonly groupSeparator: string;
  readonly decimalSeparator: string;
}

const NUMBER_STYLES: Readonly<Record<Language, NumberStyle>> = {
  fr: { groupSeparator: NARROW_NO_BREAK_SPACE, decimalSeparator: "," },
  en: { groupSeparator: ",", decimalSeparator: "." },
};

/** Groups the digits of a non-negative integer by thousands. */
function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === "bigint") {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole number, got ${value}`);
  }
  return BigInt(value);
}

/** A whole number for display: 2000 → "2 000" (fr) or "2,000" (en). */
export function formatInteger(value: number | bigint, language: Language): string {
  const whole = toBigInt(value, "formatInteger");
  const negative = whole < 0n;
  const digits = (negative ? -whole : whole).toString();
  return (negative ? "-" : "") + groupDigits(digits, NUMBER_STYLES[language].groupSeparator);
}

/**
 * An amount of integer cents in euros: 123456 → "1 234,56 €" (fr) or "€1,234.56" (en).
 * Exact for any integer, since it never goes through floating point.
 */
export function formatCents(cents: number | bigint, language: Language): string {
  const amount = toBigInt(cents, "formatCents");
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  const style = NUMBER_STYLES[language];
  const euros = groupDigits((absolute / 100n).toString(), style.groupSeparator);
  const rest = (absolute % 100n).toString().padStart(2, "0");
  const sign = negative ? "-" : "";
  const number = `${euros}${style.decimalSeparator}${rest}`;
  return language === "fr" ? `${sign}${number}${NO_BREAK_SPACE}€` : `${sign}€${number}`;
}
