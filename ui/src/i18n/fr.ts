import { fr } from "./areas";

// French: the reference catalog (its strings live in areas/<screen>.ts). A message with plural
// forms is one key a form, `<key>#<category>` (Intl.PluralRules categories, `#other` always
// there), chosen by the `count` parameter; the UI names it by `<key>` alone.
export { fr };

/** A catalog's own key: a message, or one plural form of a message (`<key>#one`). */
export type CatalogKey = keyof typeof fr;

/** The key a screen passes to `t`: a message's name, without a plural form's `#<category>`. */
export type MessageKey = CatalogKey extends infer Key
  ? Key extends `${infer Message}#${string}`
    ? Message
    : Key
  : never;
