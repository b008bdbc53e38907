import {
  allowedTransitions,
  COLLECTION_RECORD_TYPES,
  type LifecycleRecordType,
  type LifecycleRecords,
  type RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import type { Collection, CollectionRecords } from '../api';

/** The record type of a REST collection. */
export function recordTypeOf(collection: Collection): LifecycleRecordType {
  return COLLECTION_RECORD_TYPES[collection];
}

/**
 * The states a record may move to from where it is, by the lifecycle in
 * -common that the backend enforces too.
 */
export function transitionsFor<C extends Collection>(
  collection: C,
  record: RecordHeadline<CollectionRecords[C]>,
): string[] {
  const type = recordTypeOf(collection);
  return allowedTransitions(type, record as LifecycleRecords[typeof type]);
}
