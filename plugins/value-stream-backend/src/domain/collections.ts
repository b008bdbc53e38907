import {
  CHANGE_STATES,
  DEPLOYMENT_STATES,
  INCIDENT_STATES,
  PROBLEM_STATES,
  RecordType,
  RELEASE_STATES,
  SERVICE_LEVEL_STATES,
} from '@valuestream/plugin-value-stream-common';

/** The URL segments of the record collections. */
export const COLLECTION_NAMES = [
  'changes',
  'releases',
  'deployments',
  'incidents',
  'problems',
  'service-levels',
] as const;

/** @internal */
export type CollectionName = (typeof COLLECTION_NAMES)[number];

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
