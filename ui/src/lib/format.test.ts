import { describe, expect, it } from "vitest";
import { formatCents, formatInteger } from "./format";

const NNBSP = "\u202f";
const NBSP = "\u00a0";

describe("formatCents", () => {
  it("writes euros the French way, with unbreakable spaces", () => {
    expect(formatCents(123456, "fr")).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatCents(0, "fr")).toBe(`0,00${NBSP}€`);
    expect(formatCents(5, "fr")).toBe(`0,05${NBSP}€`);
    expect(formatCents(1000, "fr")).toBe(`10,00${NBSP}€`);
    expect(formatCents(100000000, "fr")).toBe(`1${NNBSP}000${NNBSP}000,00${NBSP}€`);
  });

  it("writes euros the English way", () => {
    expect(formatCents(123456, "en")).toBe("€1,234.56");
    expect(formatCents(99, "en")).toBe("€0.99");
  });

  it("keeps the sign of refunds and reversals", () => {
    expect(formatCents(-123456, "fr")).toBe(`-1${NNBSP}234,56${NBSP}€`);
    expect(formatCents(-1, "en")).toBe("-€0.01");
  });

  it("stays exact beyond floating point precision", () => {
    expect(formatCents(9007199254740993n, "en")).toBe("€90,071,992,547,409.93");
  });

  it("refuses fractions of a cent instead of rounding them silently", () => {
    expect(() => formatCents(12.5, "fr")).toThrow(RangeError);
    expect(() => formatCents(Number.NaN, "fr")).toThrow(RangeError);
  });
});

describe("formatInteger", () => {
  it("groups thousands per language", () => {
    expect(formatInteger(2000, "fr")).toBe(`2${NNBSP}000`);
    expect(formatInteger(2000, "en")).toBe("2,000");
    expect(formatInteger(999, "fr")).toBe("999");
    expect(formatInteger(-1234567, "en")).toBe("-1,234,567");
  });
});
