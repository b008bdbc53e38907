import type { FieldError } from '../validation';
import type { LifecycleRecordType } from '.';

/**
 * Two timestamps of a record of which the second may not come before the
 * first. A request body is checked on its own by its schema; these pairs are
 * checked again on the record as it will be stored, because a request that
 * sends only one side of a pair is judged against the stored other side.
 * @public
 */
export interface FieldOrder {
  first: string;
  second: string;
  /** True when the two may not be equal either. */
  strict: boolean;
}

/**
 * The ordered timestamp pairs of each record type.
 * @public
 */
export const FIELD_ORDERS: Readonly<
  Partial<Record<LifecycleRecordType, readonly FieldOrder[]>>
> = {
  change: [{ first: 'plannedStart', second: 'plannedEnd', strict: true }],
  deployment: [{ first: 'startedAt', second: 'finishedAt', strict: false }],
};

function timeOf(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

/**
 * The pairs of `FIELD_ORDERS` that a record breaks, each as a field error on
 * the second field that names the first and its value. A pair with a side
 * missing is not checked, and with `touched` only the pairs with a side
 * among those fields are: an edit answers for what it changes, not for a
 * stored pair it leaves alone.
 * @public
 */
export function checkFieldOrder(
  recordType: LifecycleRecordType,
  record: object,
  touched?: readonly string[],
): FieldError[] {
  const values = record as Readonly<Record<string, unknown>>;
  const problems: FieldError[] = [];
  for (const { first, second, strict } of FIELD_ORDERS[recordType] ?? []) {
    if (touched && !touched.includes(first) && !touched.includes(second)) {
      continue;
    }
    const from = timeOf(values[first]);
    const to = timeOf(values[second]);
    if (Number.isNaN(from) || Number.isNaN(to)) {
      continue;
    }
    if (strict ? to <= from : to < from) {
      problems.push({
        path: second,
        message: `Must ${
          strict ? 'be after' : 'not be before'
        } ${first} (${String(values[first])})`,
      });
    }
  }
  return problems;
}
