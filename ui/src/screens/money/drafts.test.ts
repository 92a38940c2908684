import { describe, expect, it } from "vitest";
import { newDrafts } from "./drafts";

describe("newDrafts", () => {
  it("starts every form blank, on a transfer, with the year's receipts", () => {
    const drafts = newDrafts(2026);
    expect(drafts.payment).toMatchObject({ member: null, plan: "", amount: "", method: "transfer" });
    expect(drafts.donation).toMatchObject({ donor: "member", subsidy: false, method: "transfer" });
    expect(drafts.expense).toMatchObject({ category: "server_rent", namesPerson: false });
    expect(drafts.recurring).toMatchObject({ everyMonths: 1, rows: [], category: "server_rent" });
    expect(drafts.receipts).toEqual({ year: 2026, register: [], error: null });
    expect(drafts.entry).toEqual({ reason: "", error: null });
  });
  it("gives each screen its own drafts", () => {
    const first = newDrafts(2026);
    const second = newDrafts(2026);
    first.payment.amount = "12,50";
    first.recurring.rows.push({} as never);
    expect(second.payment.amount).toBe("");
    expect(second.recurring.rows).toEqual([]);
  });
});
