import { describe, expect, it } from "vitest";
import { matchesSearch, parseAccountFilter, suggestLogin } from "./accounts";
import type { AccountRow } from "../generated/AccountRow";

const row: AccountRow = {
  accountId: 1,
  memberId: 2,
  memberName: "Hélène Quintard",
  memberEmail: "helene@example.org",
  membership: "active",
  service: "nextcloud",
  login: "hquintard",
  enabled: true,
  quotaBytes: 0,
  tierName: null,
  tierBytes: 0,
  bonusBytes: 0,
  targetBytes: 0,
  usedBytes: null,
  usedSeenAt: null,
  usedPercent: null,
  over: false,
  near: false,
  lapsed: false,
  memberExpired: false,
  downgrade: null,
  sync: null,
  syncError: null,
};

describe("accounts lists", () => {
  it("reads the filter a link asks for", () => {
    expect(parseAccountFilter("over")).toBe("over");
    expect(parseAccountFilter("downgrades")).toBe("downgrades");
    expect(parseAccountFilter("nonsense")).toBe("all");
    expect(parseAccountFilter(undefined)).toBe("all");
  });
  it("searches logins, names and emails without minding accents", () => {
    expect(matchesSearch(row, "helene")).toBe(true);
    expect(matchesSearch(row, "HÉLÈNE quint")).toBe(true);
    expect(matchesSearch(row, "hquin")).toBe(true);
    expect(matchesSearch(row, "bob")).toBe(false);
    expect(matchesSearch(row, "  ")).toBe(true);
  });
  it("suggests a login the core accepts", () => {
    expect(suggestLogin("Zoé.Martin+nc@example.org")).toBe("zoe.martinnc");
  });
});
