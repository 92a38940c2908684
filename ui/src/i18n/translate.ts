import { en, fr } from "./areas";
import type { CatalogKey, MessageKey } from "./fr";
import { formatInteger } from "../lib/format";

export type Language = "fr" | "en";
export const LANGUAGES: readonly Language[] = ["fr", "en"];
export const DEFAULT_LANGUAGE: Language = "fr";

export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGS: Readonly<Record<Language, Partial<Record<CatalogKey, string>>>> = {
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
  const text = find(language, language, key, params) ?? find(DEFAULT_LANGUAGE, language, key, params);
  return text === undefined ? key : interpolate(language, text, params);
}

// A plural message's form for `params.count` by `rules`' language (its `#other` form without a
// count); else the plain message.
function find(
  catalog: Language,
  rules: Language,
  key: MessageKey,
  params: MessageParams,
): string | undefined {
  const messages: Partial<Record<string, string>> = CATALOGS[catalog];
  const count = params.count;
  const form =
    typeof count === "number" ? messages[`${key}#${new Intl.PluralRules(rules).select(count)}`] : undefined;
  return form ?? messages[`${key}#other`] ?? messages[key];
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
