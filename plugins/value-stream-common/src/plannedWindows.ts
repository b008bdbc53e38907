/**
 * Planned windows as instants: a change's window, a freeze, an occurrence
 * of a maintenance window. A window without an end is the instant it starts,
 * so that a change planned only by its start is still judged.
 */

/**
 * A span of time in epoch milliseconds; `end` equal to `start` is an
 * instant.
 * @public
 */
export interface TimeSpan {
  start: number;
  end: number;
}

/**
 * The span of a planned window, or undefined without a valid start. A
 * missing or unreadable end makes it the instant of its start.
 * @public
 */
export function spanOf(
  start: string | null | undefined,
  end?: string | null,
): TimeSpan | undefined {
  const s = start ? Date.parse(start) : NaN;
  if (Number.isNaN(s)) {
    return undefined;
  }
  const e = end ? Date.parse(end) : NaN;
  return { start: s, end: Number.isNaN(e) || e < s ? s : e };
}

/**
 * Whether two spans share a moment. Spans are half-open (a window that ends
 * when the next starts does not overlap it); an instant overlaps a span
 * that contains it, and another instant at the same moment.
 * @public
 */
export function spansOverlap(a: TimeSpan, b: TimeSpan): boolean {
  const aInstant = a.end === a.start;
  const bInstant = b.end === b.start;
  if (aInstant && bInstant) {
    return a.start === b.start;
  }
  if (aInstant) {
    return a.start >= b.start && a.start < b.end;
  }
  if (bInstant) {
    return b.start >= a.start && b.start < a.end;
  }
  return a.start < b.end && b.start < a.end;
}
