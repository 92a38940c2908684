import { describe, expect, it } from "vitest";
import type { CatalogKey, MessageKey } from "./fr";
import { en, fr } from "./areas";
import { CATALOGS, parseLanguage, translate } from "./translate";

const NNBSP = "\u202f";

describe("translate", () => {
  it("reads the language's own catalog", () => {
    expect(translate("fr", "nav.members")).toBe("Membres");
    expect(translate("en", "nav.members")).toBe("Members");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(
      translate("fr", "firstRun.problem.cannotOpen", { path: "/tmp/a.sqlite", detail: "illisible" }),
    ).toBe("Impossible d'ouvrir /tmp/a.sqlite : illisible");
    expect(translate("en", "firstRun.problem.cannotOpen", { path: "/tmp/a.sqlite" })).toBe(
      "Cannot open /tmp/a.sqlite: {detail}",
    );
  });

  it("picks the plural form from count, with the language's rules", () => {
    // French treats 0 and 1 as singular, English only 1.
    expect(translate("fr", "dashboard.memberCount", { count: 0 })).toBe("0 membre");
    expect(translate("en", "dashboard.memberCount", { count: 0 })).toBe("0 members");
    expect(translate("en", "dashboard.memberCount", { count: 1 })).toBe("1 member");
    expect(translate("fr", "dashboard.memberCount", { count: 2000 })).toBe(`2${NNBSP}000 membres`);
    expect(translate("en", "dashboard.memberCount", { count: 2000 })).toBe("2,000 members");
  });

  it("falls back to French, then to the key, when a string is missing", () => {
    const saved = CATALOGS.en["nav.money"];
    try {
      delete (CATALOGS.en as Record<string, unknown>)["nav.money"];
      expect(translate("en", "nav.money")).toBe("Argent");
      const unknownKey = "nav.nowhere" as MessageKey;
      expect(translate("en", unknownKey)).toBe("nav.nowhere");
    } finally {
      (CATALOGS.en as Record<string, unknown>)["nav.money"] = saved;
    }
  });
});

describe("catalogs", () => {
  it("English defines every French key with the same placeholders", () => {
    const placeholders = (message: unknown) =>
      JSON.stringify(message).match(/\{\w+\}/g)?.sort() ?? [];
    for (const key of Object.keys(fr) as CatalogKey[]) {
      expect(en[key], key).toBeDefined();
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it("gives every plural message its #other form, the one a count always falls back to", () => {
    const forms = Object.keys(fr).filter((key) => key.includes("#"));
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) {
      const [message, category] = form.split("#");
      expect(["zero", "one", "two", "few", "many", "other"], form).toContain(category);
      expect(fr[`${message}#other` as CatalogKey], form).toBeDefined();
      expect(fr[message as CatalogKey], `${message} is both plain and plural`).toBeUndefined();
    }
  });
});

describe("parseLanguage", () => {
  it("keeps a known saved language and defaults to French otherwise", () => {
    expect(parseLanguage("en")).toBe("en");
    expect(parseLanguage("fr")).toBe("fr");
    expect(parseLanguage("de")).toBe("fr");
    expect(parseLanguage(null)).toBe("fr");
  });
});
