/*
 * Where SLIs come from. The evaluation task asks a source for the values of
 * a query over a range; pages never ask a source.
 */

/** One value of a query at `time` (epoch ms). */
export interface SliSample {
  time: number;
  value: number;
}

/** A range of evaluation times, both ends included, every `stepMs`. */
export interface SliRange {
  start: number;
  end: number;
  stepMs: number;
}

/**
 * A metrics backend that answers SLI queries. A query must return at most
 * one series (aggregate with `sum()`); a time without a value is left out.
 * Failures throw an {@link SliSourceError}.
 */
export interface SliSource {
  readonly name: string;
  /** The values of the query at each step of the range. */
  queryRange(
    query: string,
    range: SliRange,
    signal?: AbortSignal,
  ): Promise<SliSample[]>;
  /** The value of the query at `time`; undefined when it has none. */
  queryInstant(
    query: string,
    time: number,
    signal?: AbortSignal,
  ): Promise<number | undefined>;
}

/** A source that did not answer, or answered with an error. */
export class SliSourceError extends Error {
  constructor(source: string, message: string) {
    super(`SLI source ${source}: ${message}`);
    this.name = 'SliSourceError';
  }
}
