// Windowing for long lists: only the rows in view (and a few around) are in the DOM, so a
// list of 10,000 members scrolls as fast as one of 50. Rows all have the same height.

export interface WindowQuery {
  /** how far the list is scrolled, in pixels */
  readonly scrollTop: number;
  /** the visible height of the scrolling box */
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  /** extra rows rendered above and below, so fast scrolling shows no blank */
  readonly overscan?: number;
}

export interface RowWindow {
  /** first row to render (inclusive) */
  readonly start: number;
  /** last row to render (exclusive) */
  readonly end: number;
  /** space above the first rendered row, in pixels */
  readonly padTop: number;
  /** space below the last rendered row, in pixels */
  readonly padBottom: number;
}

export function rowWindow({
  scrollTop,
  viewportHeight,
  rowHeight,
  rowCount,
  overscan = 8,
}: WindowQuery): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  }
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const visibleCount = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  return {
    start,
    end,
    padTop: start * rowHeight,
    padBottom: (rowCount - end) * rowHeight,
  };
}

/** The scroll position that brings `index` into view (unchanged when it already is). */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  const rowBottom = rowTop + rowHeight;
  if (rowBottom > scrollTop + viewportHeight) return rowBottom - viewportHeight;
  return scrollTop;
}
