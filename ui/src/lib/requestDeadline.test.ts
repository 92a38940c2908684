import { describe, expect, it } from "vitest";
import { localDay, urgency } from "./requestDeadline";

describe("urgency", () => {
  it("flags late, near (within 7 days) and answered requests", () => {
    expect(urgency(-1)).toBe("late");
    expect(urgency(0)).toBe("near");
    expect(urgency(7)).toBe("near");
    expect(urgency(8)).toBe("ok");
    expect(urgency(null)).toBe("closed");
    expect(urgency(3, 2)).toBe("ok");
  });
});

describe("localDay", () => {
  it("writes the local calendar day with two-digit month and day", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
    expect(localDay(new Date(2026, 10, 22, 0, 1))).toBe("2026-11-22");
  });
});
