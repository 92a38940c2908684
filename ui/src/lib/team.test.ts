import { afterEach, describe, expect, it } from "vitest";
import { offeredScreens } from "./screens";
import { offered, team } from "./team.svelte";

// These tests run outside a browser: the app's view is the Tauri window's.
describe("offered in the window", () => {
  afterEach(() => {
    team.server = null;
    team.operations = [];
  });

  it("offers everything on a file (one person, their own file)", () => {
    expect(offered("settings_list")).toBe(true);
    expect(offered("add_member")).toBe(true);
  });

  it("offers only the role's operations once joined to a server", () => {
    team.server = "https://panier.amipo.fr";
    team.operations = ["list_members", "add_member", "money_overview", "money_choices"];
    expect(offered("add_member")).toBe(true);
    expect(offered("settings_list")).toBe(false);
    expect(offeredScreens(offered)).toEqual(["members", "money"]);
  });

  it("offers the window's file-reading commands by the operations they perform", () => {
    team.server = "https://panier.amipo.fr";
    team.operations = ["import_helloasso_file", "mail_show"];
    expect(offered("import_file")).toBe(true);
    expect(offered("import_member_columns")).toBe(false);
    expect(offered("mail_settings")).toBe(true);
    expect(offeredScreens(offered)).toEqual(["imports"]);
  });
});
