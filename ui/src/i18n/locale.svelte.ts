import type { MessageKey } from "./fr";
import { parseLanguage, translate, type Language, type MessageParams } from "./translate";

const STORAGE_KEY = "panier.language";

function savedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The window's language; reading it inside a template re-renders on change. */
export const locale = $state<{ language: Language }>({ language: parseLanguage(savedLanguage()) });

export function setLanguage(language: Language): void {
  locale.language = language;
  document.documentElement.lang = language;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable; the choice then lasts until the window closes.
  }
}

/** Translates in the current language (see translate.ts for the fallback rules). */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(locale.language, key, params);
}
