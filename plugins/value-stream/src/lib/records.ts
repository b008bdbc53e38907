import {
  openStates,
  type RecordType,
} from '@valuestream/plugin-value-stream-common';
import type { Collection } from '../api';

const COLLECTION_BY_TYPE: Partial<Record<RecordType, Collection>> = {
  change: 'changes',
  release: 'releases',
  deployment: 'deployments',
  incident: 'incidents',
  problem: 'problems',
  serviceLevel: 'service-levels',
};

/** The REST collection of a record type; events have no single-record route. */
export function collectionOf(type: RecordType): Collection | undefined {
  return COLLECTION_BY_TYPE[type];
}

/** States in which a record still needs attention: the lifecycles' open states. */
export const OPEN_STATES = {
  changes: openStates('change'),
  incidents: openStates('incident'),
  problems: openStates('problem'),
  releases: openStates('release'),
  'service-levels': openStates('serviceLevel'),
};
