import { describe, expect, it } from "vitest";
import { emptyPlanForm, isFreeFloor, periodText, planFormToSend } from "./plans";
import type { PlanRow } from "../generated/PlanRow";

describe("plan form", () => {
  it("writes the period the core reads", () => {
    expect(periodText("civil", "12")).toBe("civil");
    expect(periodText("months", " 6 ")).toBe("months:6");
  });
  it("leaves out what does not apply to the kind", () => {
    const fee = { ...emptyPlanForm(), quota: "5 GB", counterpart: "5", min: "3" };
    expect(planFormToSend(fee, false)).toMatchObject({ quota: "", counterpart: "5", min: "" });
    const tier = { ...fee, kind: "tier" };
    expect(planFormToSend(tier, true)).toMatchObject({ quota: "5 GB", counterpart: "", min: "3" });
  });
});

describe("isFreeFloor", () => {
  const tier: PlanRow = {
    id: 1,
    name: "Découverte",
    kind: "tier",
    amountCents: 0,
    payWhatYouWant: false,
    minCents: null,
    counterpartCents: 0,
    quotaBytes: 1024 ** 3,
    periodMonths: 12,
    membersOnly: false,
    coversGap: false,
    description: "",
    archived: false,
    subscribers: 0,
  };
  it("is a free open tier still offered", () => {
    expect(isFreeFloor(tier)).toBe(true);
    expect(isFreeFloor({ ...tier, membersOnly: true })).toBe(false);
    expect(isFreeFloor({ ...tier, archived: true })).toBe(false);
    expect(isFreeFloor({ ...tier, amountCents: 100 })).toBe(false);
  });
});
