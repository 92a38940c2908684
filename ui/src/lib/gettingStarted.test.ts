import { describe, expect, it } from "vitest";
import { gettingStartedSteps, showGettingStarted, type FileState } from "./gettingStarted";

const newFile: FileState = { address: "", planCount: 0, memberCount: 0, showSetting: "yes" };

describe("gettingStartedSteps", () => {
  it("lists details, plans, then members, none done in a new file", () => {
    const steps = gettingStartedSteps(newFile);
    expect(steps.map((s) => s.id)).toEqual(["details", "plans", "members"]);
    expect(steps.map((s) => s.done)).toEqual([false, false, false]);
    expect(steps.map((s) => s.page)).toEqual(["settings", "plans", "members"]);
  });

  it("marks each step done from the file alone", () => {
    const steps = gettingStartedSteps({ ...newFile, address: "1 rue du Port, Orléans", memberCount: 3 });
    expect(steps.map((s) => s.done)).toEqual([true, false, true]);
  });

  it("does not count a blank address as set", () => {
    expect(gettingStartedSteps({ ...newFile, address: "   " })[0].done).toBe(false);
  });
});

describe("showGettingStarted", () => {
  it("shows the panel on a new file: no plan or no member yet", () => {
    expect(showGettingStarted(newFile)).toBe(true);
    expect(showGettingStarted({ ...newFile, address: "ici", planCount: 2 })).toBe(true);
    expect(showGettingStarted({ ...newFile, memberCount: 5 })).toBe(true);
  });

  it("hides it once the three steps are done", () => {
    expect(showGettingStarted({ address: "ici", planCount: 1, memberCount: 1, showSetting: "yes" })).toBe(false);
  });

  it("leaves a file in use alone, even without an address", () => {
    expect(showGettingStarted({ ...newFile, planCount: 3, memberCount: 2000 })).toBe(false);
  });

  it("hides it when someone hid it, steps left or not", () => {
    expect(showGettingStarted({ ...newFile, showSetting: "no" })).toBe(false);
  });
});
