import { describe, expect, it } from "vitest";
import { changedKeys, groupSettings } from "./settingsGroups";

describe("groupSettings", () => {
  it("puts each key in its group, in order, and unknown keys last", () => {
    const groups = groupSettings([
      { key: "operator" },
      { key: "siren" },
      { key: "name" },
      { key: "new_key" },
    ]);
    expect(groups.map((g) => g.id)).toEqual(["identity", "app", "other"]);
    expect(groups[0].fields.map((f) => f.key)).toEqual(["name", "siren"]);
    expect(groups[2].fields.map((f) => f.key)).toEqual(["new_key"]);
  });
});

describe("changedKeys", () => {
  it("lists only what was edited", () => {
    expect(changedKeys({ a: "1", b: "2" }, { a: "1", b: "3" })).toEqual(["b"]);
    expect(changedKeys({ a: "1" }, { a: "1" })).toEqual([]);
  });
});
