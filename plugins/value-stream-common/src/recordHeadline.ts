import type { RecordBase } from './types';
import type { RecordHeadline } from './readModels';

/**
 * The headline of a record: all but its history, creator and last update,
 * which only the record's own page shows.
 * @public
 */
export function recordHeadline<T extends RecordBase>(
  record: T,
): RecordHeadline<T> {
  const { history, createdBy, updatedAt, ...headline } = record;
  // The conditional type distributes over unions; for one T it is this Omit.
  return headline as RecordHeadline<T>;
}
