import {
  openStates,
  type RecordHeadline,
  type RecordType,
} from '@valuestream/plugin-value-stream-common';
import type { Collection, CollectionRecords } from '../api';

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

const NOUNS: Record<Collection, string> = {
  changes: 'change',
  releases: 'release',
  deployments: 'deployment',
  incidents: 'incident',
  problems: 'problem',
  'service-levels': 'service level',
};

/** `change`, `service level`: the singular noun of a collection. */
export function recordNoun(collection: Collection): string {
  return NOUNS[collection];
}

/** A one-line name of any record. */
export function recordTitle<C extends Collection>(
  collection: C,
  record: RecordHeadline<CollectionRecords[C]>,
): string {
  const r = record as RecordHeadline<CollectionRecords[Collection]>;
  if ('title' in r && r.title) {
    return 'releaseVersion' in r ? `${r.releaseVersion} ${r.title}` : r.title;
  }
  if ('name' in r && r.name) {
    return r.name;
  }
  if ('environment' in r) {
    return `${r.deployedVersion} to ${r.environment}`;
  }
  return `${recordNoun(collection)} ${record.id}`;
}

/** States in which a record still needs attention: the lifecycles' open states. */
export const OPEN_STATES = {
  changes: openStates('change'),
  incidents: openStates('incident'),
  problems: openStates('problem'),
  releases: openStates('release'),
  'service-levels': openStates('serviceLevel'),
};
