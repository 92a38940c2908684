import { describe, expect, it } from "vitest";
import { barWidth, formatSize, usedShare } from "./size";

const GB = 1024 ** 3;

describe("formatSize", () => {
  it("counts like Nextcloud: 1 GB is 1024³ bytes, written in the language's units", () => {
    expect(formatSize(5 * GB, "en")).toBe("5\u00a0GB");
    expect(formatSize(1.5 * GB, "en")).toBe("1.5\u00a0GB");
    expect(formatSize(1.5 * GB, "fr")).toBe("1,5\u00a0Go");
    expect(formatSize(300 * 1024 * 1024, "fr")).toBe("300\u00a0Mo");
    expect(formatSize(12, "fr")).toBe("12\u00a0o");
    expect(formatSize(12, "en")).toBe("12\u00a0B");
    expect(formatSize(0, "en")).toBe("0\u00a0B");
  });
  it("shows an unlimited quota as ∞", () => {
    expect(formatSize(-3, "fr")).toBe("∞");
  });
});

describe("usedShare and barWidth", () => {
  it("rounds down and caps the bar", () => {
    expect(usedShare(null, GB)).toBeNull();
    expect(usedShare(GB * 0.905, GB)).toBe(90);
    expect(usedShare(2 * GB, GB)).toBe(200);
    expect(barWidth(200)).toBe(100);
    expect(barWidth(null)).toBe(0);
    expect(usedShare(5, 0)).toBe(100);
  });
});
