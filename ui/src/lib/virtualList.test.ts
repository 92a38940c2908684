import { describe, expect, it } from "vitest";
import { rowWindow, scrollToShow } from "./virtualList";

describe("rowWindow", () => {
  it("renders the first screenful and a margin at the top", () => {
    const w = rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, rowCount: 10000, overscan: 5 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(16); // 10 visible + 1 partly visible + 5 below
    expect(w.padTop).toBe(0);
    expect(w.padBottom).toBe((10000 - 16) * 40);
  });

  it("keeps the total height whatever the window, so the scrollbar stays true", () => {
    for (const scrollTop of [0, 1234, 200000, 399600]) {
      const w = rowWindow({ scrollTop, viewportHeight: 400, rowHeight: 40, rowCount: 10000 });
      expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(400000);
      expect(w.end - w.start).toBeLessThanOrEqual(11 + 16);
    }
  });

  it("follows the scroll position in the middle of the list", () => {
    const w = rowWindow({ scrollTop: 4000, viewportHeight: 400, rowHeight: 40, rowCount: 10000, overscan: 2 });
    expect(w.start).toBe(98);
    expect(w.end).toBe(113);
    expect(w.padTop).toBe(98 * 40);
  });

  it("stops at the end of the list, even scrolled past it", () => {
    const w = rowWindow({ scrollTop: 999999, viewportHeight: 400, rowHeight: 40, rowCount: 30, overscan: 3 });
    expect(w.end).toBe(30);
    expect(w.start).toBe(26);
    expect(w.padBottom).toBe(0);
  });

  it("renders nothing for an empty list", () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, rowCount: 0 })).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 0,
    });
  });
});

describe("scrollToShow", () => {
  it("scrolls up or down just enough, and not at all when in view", () => {
    expect(scrollToShow(5, 400, 400, 40)).toBe(200);
    expect(scrollToShow(20, 0, 400, 40)).toBe(440);
    expect(scrollToShow(3, 0, 400, 40)).toBe(0);
  });
});
