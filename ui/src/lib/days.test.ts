import { describe, expect, it } from "vitest";
import { formatDay, formatInstant } from "./days";

describe("formatDay", () => {
  it("writes a core day the language's way, whatever the time zone (as the date fields do)", () => {
    expect(formatDay("2026-11-22", "fr")).toBe("22/11/2026");
    expect(formatDay("2026-11-22", "en")).toBe("22 Nov 2026");
    expect(formatDay("2027-01-01", "fr")).toBe("01/01/2027");
  });

  it("leaves anything else as it is", () => {
    expect(formatDay("", "fr")).toBe("");
    expect(formatDay(null, "fr")).toBe("");
    expect(formatDay("bientôt", "en")).toBe("bientôt");
  });
});

describe("formatInstant", () => {
  it("shows a day and minutes, or the text when unreadable", () => {
    expect(formatInstant("2026-03-01T10:05:00Z")).toMatch(/^2026-03-0[12] \d\d:\d5$/);
    expect(formatInstant("n/a")).toBe("n/a");
  });
});
