import { describe, expect, it } from "vitest";
import { PANIER_VERSION, workspaceVersion } from "./version";

describe("workspaceVersion", () => {
  it("reads [workspace.package], not a dependency's version", () => {
    const manifest = [
      "[package]",
      'name = "panier"',
      "version.workspace = true",
      "[workspace.package]",
      'version = "1.2.3"',
      "[dependencies]",
      'serde = { version = "1" }',
    ].join("\n");
    expect(workspaceVersion(manifest)).toBe("1.2.3");
  });

  it("refuses a manifest without one", () => {
    expect(() => workspaceVersion('[package]\nversion = "1.0.0"\n')).toThrow();
  });

  it("is a version number in the app", () => {
    expect(PANIER_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
