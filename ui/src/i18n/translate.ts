import { fr, type MessageKey } from "./fr";
import { en } from "./en";
import { formatInteger } from "../lib/format";

export type Language = "fr" | "en";
export const LANGUAGES: readonly Language[] = ["fr", "en"];
export const DEFAULT_LANGUAGE: Language = "fr";

/** A message: plain text, or plural forms keyed by Intl.PluralRules category. */
export type Message =
  | string
  | ({ readonly other: string } & Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>);

export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGS: Readonly<Record<Language, Partial<Record<MessageKey, Message>>>> = {
  fr,
  en,
};

/** The language to start with: the saved choice if it is one we have, else French. */
export function parseLanguage(saved: string | null | undefined): Language {
  return LANGUAGES.find((language) => language === saved) ?? DEFAULT_LANGUAGE;
}

/**
 * Looks `key` up in `language`'s catalog, falling back to French, then to the key itself (so a
 * missing string shows up as its name rather than as an empty label). `{name}` placeholders
 * are replaced from `params`; a plural message picks its form from `params.count`.
 */
export function translate(
  language: Language,
  key: MessageKey,
  params: MessageParams = {},
): string {
  const message = CATALOGS[language][key] ?? CATALOGS[DEFAULT_LANGUAGE][key];
  if (message === undefined) {
    return key;
  }
  const text = typeof message === "string" ? message : pluralForm(language, message, params);
  return interpolate(language, text, params);
}

function pluralForm(
  language: Language,
  message: Exclude<Message, string>,
  params: MessageParams,
): string {
  const count = params.count;
  if (typeof count !== "number") {
    return message.other;
  }
  const category = new Intl.PluralRules(language).select(count);
  return message[category] ?? message.other;
}

// Whole numbers are grouped the language's way ("2 000 membres"); text goes in as it is.
function interpolate(language: Language, text: string, params: MessageParams): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) {
      return placeholder;
    }
    return typeof value === "number" && Number.isSafeInteger(value)
      ? formatInteger(value, language)
      : String(value);
  });
}
