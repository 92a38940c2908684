import { describe, expect, it } from "vitest";
import { formatTypedDay, parseTypedDay } from "./dayInput";

describe("parseTypedDay", () => {
  it("reads a day written the French way, ISO, or in words, day first", () => {
    expect(parseTypedDay("05/12/2026")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay(" 2026-12-05 ")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay("5/12/2026")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay("5.12.2026")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay("5 Dec 2026")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay("5 décembre 2026")).toEqual({ kind: "day", iso: "2026-12-05" });
    expect(parseTypedDay("1er janv. 2027")).toEqual({ kind: "day", iso: "2027-01-01" });
    expect(parseTypedDay("29/02/2028")).toEqual({ kind: "day", iso: "2028-02-29" });
  });

  it("tells a day that does not exist from text that is no day", () => {
    expect(parseTypedDay("31/02/2026")).toEqual({ kind: "nonexistent" });
    expect(parseTypedDay("29/02/2027")).toEqual({ kind: "nonexistent" });
    expect(parseTypedDay("2026-13-01")).toEqual({ kind: "nonexistent" });
    expect(parseTypedDay("12/31/2026")).toEqual({ kind: "nonexistent" });
    expect(parseTypedDay("demain")).toEqual({ kind: "unreadable" });
    expect(parseTypedDay("12/2026")).toEqual({ kind: "unreadable" });
    expect(parseTypedDay("5 Foo 2026")).toEqual({ kind: "unreadable" });
    expect(parseTypedDay("   ")).toEqual({ kind: "empty" });
  });
});

describe("formatTypedDay", () => {
  it("writes the day first in French, the English way in English", () => {
    expect(formatTypedDay("2026-12-05", "fr")).toBe("05/12/2026");
    expect(formatTypedDay("2026-12-05", "en")).toBe("5 Dec 2026");
    expect(formatTypedDay("2027-01-01", "en")).toBe("1 Jan 2027");
  });

  it("round-trips through parsing in both languages", () => {
    for (const iso of ["2026-01-01", "2026-02-28", "2028-02-29", "2026-12-31"]) {
      for (const language of ["fr", "en"] as const) {
        expect(parseTypedDay(formatTypedDay(iso, language))).toEqual({ kind: "day", iso });
      }
    }
  });

  it("leaves text that is not an ISO day as it is", () => {
    expect(formatTypedDay("", "fr")).toBe("");
    expect(formatTypedDay("31/02/2026", "fr")).toBe("31/02/2026");
  });
});
