import { describe, expect, it } from "vitest";
import {
  categoryLabel,
  centsToInput,
  countByState,
  filterEntries,
  filterRenewals,
  formatDay,
  kindKey,
  paymentMethods,
  parseRenewalState,
  printableReceipts,
} from "./money";
import type { MoneyEntry } from "../generated/MoneyEntry";
import type { RenewalRow } from "../generated/RenewalRow";

/** A builder of test rows: `defaults`, with the fields a test cares about laid over them. */
const rowsLike =
  <Row>(defaults: Row) =>
  (overrides: Partial<Row> = {}): Row => ({ ...defaults, ...overrides });

const entry = rowsLike<MoneyEntry>({
  id: 1,
  date: "2026-03-01",
  kind: "fee",
  memberId: 7,
  counterparty: "Hélène",
  label: "Adhésion 2026",
  amountCents: 2000,
  giftCents: 0,
  method: "transfer",
  reversedBy: null,
  reversesId: null,
  reason: "",
  receipts: [],
});

const renewal = rowsLike<RenewalRow>({
  memberId: 1,
  memberName: "A",
  email: "a@b.fr",
  planId: 1,
  planName: "Adhésion",
  planAmountCents: 1500,
  lastDay: "2026-01-01",
  state: "due",
  days: 3,
  remindedOn: null,
  remindedBy: null,
});

describe("centsToInput", () => {
  it("writes cents back as a typed amount", () => {
    expect(centsToInput(1250, "fr")).toBe("12,50");
    expect(centsToInput(1250, "en")).toBe("12.50");
    expect(centsToInput(5, "fr")).toBe("0,05");
    expect(centsToInput(0, "fr")).toBe("0,00");
    expect(centsToInput(123456, "en")).toBe("1234.56");
  });
});

describe("entries", () => {
  const all = [
    entry({ id: 1 }),
    entry({ id: 2, kind: "expense", memberId: null }),
    entry({ id: 3, memberId: 8 }),
  ];
  it("filters by kind and member", () => {
    expect(filterEntries(all, { kind: "", member: null }).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(filterEntries(all, { kind: "fee", member: null }).map((e) => e.id)).toEqual([1, 3]);
    expect(filterEntries(all, { kind: "", member: 8 }).map((e) => e.id)).toEqual([3]);
    expect(filterEntries(all, { kind: "expense", member: 8 })).toEqual([]);
  });
  it("names kinds, unknown ones as other income", () => {
    expect(kindKey("donation")).toBe("money.kind.donation");
    expect(kindKey("whatever")).toBe("money.kind.income");
  });
  it("offers the receipts an entry may have", () => {
    expect(printableReceipts(entry({}))).toEqual(["attestation"]);
    expect(printableReceipts(entry({ giftCents: 500 }))).toEqual(["attestation", "tax"]);
    expect(printableReceipts(entry({ kind: "donation", giftCents: 500 }))).toEqual(["tax"]);
    expect(printableReceipts(entry({ kind: "donation", giftCents: 500, memberId: null }))).toEqual(
      [],
    );
    expect(printableReceipts(entry({ reversedBy: 9 }))).toEqual([]);
    expect(printableReceipts(entry({ kind: "reversal" }))).toEqual([]);
  });
  it("writes days the language's way", () => {
    expect(formatDay("2026-03-01", "fr")).toBe("01/03/2026");
    expect(formatDay("2026-03-01", "en")).toBe("1 Mar 2026");
  });
});

describe("renewals", () => {
  const rows = [
    renewal({ memberId: 1, state: "due" }),
    renewal({ memberId: 2, state: "grace" }),
    renewal({ memberId: 3, state: "expired" }),
    renewal({ memberId: 4, state: "expired" }),
  ];
  it("reads the filter a screen was opened with", () => {
    expect(parseRenewalState("grace")).toBe("grace");
    expect(parseRenewalState("nope")).toBe("");
    expect(parseRenewalState(undefined)).toBe("");
  });
  it("filters and counts by state", () => {
    expect(filterRenewals(rows, "expired", null).map((r) => r.memberId)).toEqual([3, 4]);
    expect(filterRenewals(rows, "", 2).map((r) => r.memberId)).toEqual([2]);
    expect(countByState(rows)).toEqual({ due: 1, grace: 1, expired: 2 });
  });
});

describe("form choices", () => {
  const choices = {
    today: "2026-03-01",
    plans: [],
    categories: [{ key: "server_rent", account: "613", labelFr: "Location serveur", labelEn: "Server rent" }],
    methods: ["cash", "transfer"],
  };
  it("names a category by its account and the language's label", () => {
    expect(categoryLabel(choices, "server_rent", "fr")).toBe("613 · Location serveur");
    expect(categoryLabel(choices, "server_rent", "en")).toBe("613 · Server rent");
    expect(categoryLabel(choices, "unknown", "fr")).toBe("unknown");
    expect(categoryLabel(null, "server_rent", "fr")).toBe("server_rent");
  });
  it("offers the core's methods, a transfer until it has answered", () => {
    expect(paymentMethods(choices)).toEqual(["cash", "transfer"]);
    expect(paymentMethods(null)).toEqual(["transfer"]);
  });
});
