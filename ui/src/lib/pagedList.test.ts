import { describe, expect, it } from "vitest";
import { NewestOnly, pagesCovering, slotsInView } from "./pagedList";

describe("pagesCovering", () => {
  it("names every page a range of rows touches", () => {
    expect(pagesCovering(0, 23, 100)).toEqual([0]);
    expect(pagesCovering(90, 130, 100)).toEqual([0, 1]);
    expect(pagesCovering(100, 200, 100)).toEqual([1]);
    expect(pagesCovering(199, 401, 100)).toEqual([1, 2, 3, 4]);
  });

  it("names none for an empty range", () => {
    expect(pagesCovering(5, 5, 100)).toEqual([]);
    expect(pagesCovering(0, 10, 0)).toEqual([]);
  });
});

describe("slotsInView", () => {
  const page = (first: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: 1000 + first + i }));

  it("takes rows from the pages arrived and leaves a blank for the others", () => {
    const pages = [page(0, 3), undefined, page(6, 3)];
    const slots = slotsInView(pages, 1, 8, 3);
    expect(slots.map((s) => s.row?.id ?? null)).toEqual([1001, 1002, null, null, null, 1006, 1007]);
    expect(slots.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("keys blanks apart from rows and from each other", () => {
    const slots = slotsInView([page(0, 2)], 0, 5, 2);
    const keys = slots.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k < 0)).toHaveLength(3);
  });
});

/** A question answered when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (failure: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe("NewestOnly", () => {
  it("asks at once, then only the newest question once the answer on its way arrives", async () => {
    let typed = "m";
    const asked: string[] = [];
    const answers: ReturnType<typeof deferred<string>>[] = [];
    const shown: string[] = [];
    const newest = new NewestOnly(
      () => {
        asked.push(typed);
        const answer = deferred<string>();
        answers.push(answer);
        return answer.promise;
      },
      (answer) => shown.push(answer),
      () => shown.push("failed"),
    );
    const first = newest.request();
    expect(asked).toEqual(["m"]);
    // a fast typist: three more letters while "m" is on its way
    for (const next of ["ma", "mar", "mart"]) {
      typed = next;
      void newest.request();
    }
    expect(asked).toEqual(["m"]);
    answers[0].resolve("list for m");
    await Promise.resolve();
    await Promise.resolve();
    // the older answer is dropped; only the newest question is asked next
    expect(shown).toEqual([]);
    expect(asked).toEqual(["m", "mart"]);
    answers[1].resolve("list for mart");
    await first;
    expect(shown).toEqual(["list for mart"]);
  });

  it("reports a failure only for the newest question", async () => {
    const answers: ReturnType<typeof deferred<string>>[] = [];
    const shown: string[] = [];
    const newest = new NewestOnly(
      () => {
        const answer = deferred<string>();
        answers.push(answer);
        return answer.promise;
      },
      (answer) => shown.push(answer),
      (failure) => shown.push(`failed: ${String(failure)}`),
    );
    const first = newest.request();
    void newest.request();
    answers[0].reject("stale");
    await Promise.resolve();
    await Promise.resolve();
    answers[1].reject("refused");
    await first;
    expect(shown).toEqual(["failed: refused"]);
  });
});
