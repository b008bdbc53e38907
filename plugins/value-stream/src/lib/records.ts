import type {
  ChangeState,
  IncidentState,
  ProblemState,
  RecordHeadline,
  RecordType,
  ReleaseState,
  ServiceLevelState,
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

/** States in which a record still needs attention. */
export const OPEN_STATES = {
  changes: [
    'new',
    'assess',
    'authorize',
    'scheduled',
    'implement',
    'review',
  ] as ChangeState[],
  incidents: ['new', 'acknowledged', 'in_progress'] as IncidentState[],
  problems: ['new', 'investigating', 'known_error'] as ProblemState[],
  releases: ['planned', 'building', 'ready'] as ReleaseState[],
  'service-levels': ['draft', 'proposed', 'agreed'] as ServiceLevelState[],
};
