// A long list asked for one page at a time (the Members screen on 50,000 members): the pages
// the rows in view need, the rows in view (a blank for a row not yet arrived), and the newest
// question only, so a fast typist never sees an older list after a newer one.

/** Which pages (numbered from 0, `size` rows each) hold the rows `start` (inclusive) to `end`. */
export function pagesCovering(start: number, end: number, size: number): number[] {
  if (end <= start || size <= 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / size); page * size < end; page++) pages.push(page);
  return pages;
}

/** One row in view: the row once its page arrived, else `null` (a blank of the same height). */
export interface Slot<Row> {
  /** the row's id, or a negative number for a blank (ids are positive) */
  readonly key: number;
  readonly index: number;
  readonly row: Row | null;
}

/** The rows `start` to `end` from the pages arrived so far (`pages[n]` holds page n). */
export function slotsInView<Row extends { id: number }>(
  pages: readonly (readonly Row[] | undefined)[],
  start: number,
  end: number,
  size: number,
): Slot<Row>[] {
  const slots: Slot<Row>[] = [];
  for (let index = start; index < end; index++) {
    const row = pages[Math.floor(index / size)]?.[index % size] ?? null;
    slots.push({ key: row ? row.id : -(index + 1), index, row });
  }
  return slots;
}

/**
 * Asks `ask` for the newest question only. `request()` says the question changed (a
 * keystroke, a filter): it is asked at once when nothing is on its way; otherwise it is asked
 * when the answer on its way arrives, and that answer, to an older question, is dropped. So
 * each keystroke searches without a pause, at most one question waits behind the shell's one
 * file, and what is shown is always the answer to the newest question asked.
 */
export class NewestOnly<Answer> {
  /** the number of the newest question; an answer to another is stale */
  question = 0;
  private asking = false;

  constructor(
    private readonly ask: () => Promise<Answer>,
    private readonly show: (answer: Answer) => void,
    private readonly fail: (failure: unknown) => void,
  ) {}

  async request(): Promise<void> {
    this.question++;
    if (this.asking) return;
    this.asking = true;
    try {
      for (;;) {
        const mine = this.question;
        try {
          const answer = await this.ask();
          if (mine === this.question) this.show(answer);
        } catch (failure) {
          if (mine === this.question) this.fail(failure);
        }
        if (mine === this.question) return;
      }
    } finally {
      this.asking = false;
    }
  }
}
