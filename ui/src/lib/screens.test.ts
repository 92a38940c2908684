import { describe, expect, it } from "vitest";
import type { Command } from "../generated/commands";
import { offeredScreens, SCREENS, SCREEN_NEEDS } from "./screens";

describe("offeredScreens", () => {
  it("offers every screen when every command is offered (the desktop window)", () => {
    expect(offeredScreens(() => true)).toEqual([...SCREENS]);
  });
  it("offers a screen only when all the commands it reads are offered, in order", () => {
    const allowed = new Set<Command>(["list_members", "money_overview"]);
    expect(offeredScreens((c) => allowed.has(c))).toEqual(["members"]);
    allowed.add("money_choices");
    expect(offeredScreens((c) => allowed.has(c))).toEqual(["members", "money"]);
  });
  it("names at least one command for each screen", () => {
    for (const screen of SCREENS) expect(SCREEN_NEEDS[screen].length).toBeGreaterThan(0);
  });
});

describe("the roles' screens in a browser", () => {
  it("offers Books and Reports to a role with the books and the report but not the charter", () => {
    // what /api/me lists for a treasurer on these screens (no charter_registers: the admin's)
    const treasurer = new Set<Command>([
      "financial_years",
      "books_statement",
      "report_default_year",
      "report_preview",
    ]);
    const screens = offeredScreens((c) => treasurer.has(c));
    expect(screens).toContain("books");
    expect(screens).toContain("reports");
  });
});
