import {
  CHANGE_STATES,
  COLLECTIONS as COLLECTION_NAMES,
  DEPLOYMENT_STATES,
  INCIDENT_STATES,
  PROBLEM_STATES,
  RecordType,
  RELEASE_STATES,
  SERVICE_LEVEL_STATES,
  type Collection,
} from '@valuestream/plugin-value-stream-common';

/** The URL segments of the record collections, the contract's list. */
export { COLLECTION_NAMES };

/** @internal */
export type CollectionName = Collection;

/** @internal */
export type CollectionRecordType = Exclude<RecordType, 'event'>;

/** What the router needs to know of one collection. */
export interface CollectionInfo {
  name: CollectionName;
  type: CollectionRecordType;
  /** For messages: `change`, `service level`. */
  label: string;
  states: readonly string[];
}

/** @internal */
export const COLLECTIONS: Record<CollectionName, CollectionInfo> = {
  changes: {
    name: 'changes',
    type: 'change',
    label: 'change',
    states: CHANGE_STATES,
  },
  releases: {
    name: 'releases',
    type: 'release',
    label: 'release',
    states: RELEASE_STATES,
  },
  deployments: {
    name: 'deployments',
    type: 'deployment',
    label: 'deployment',
    states: DEPLOYMENT_STATES,
  },
  incidents: {
    name: 'incidents',
    type: 'incident',
    label: 'incident',
    states: INCIDENT_STATES,
  },
  problems: {
    name: 'problems',
    type: 'problem',
    label: 'problem',
    states: PROBLEM_STATES,
  },
  'service-levels': {
    name: 'service-levels',
    type: 'serviceLevel',
    label: 'service level',
    states: SERVICE_LEVEL_STATES,
  },
};
