import {
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
  type RequestBody,
} from '../schemas';
import type { LifecycleRecords } from '../lifecycle';
import type { RecordType } from '../types';

/**
 * The record collections of the REST API, as they appear in its paths.
 * @public
 */
export const COLLECTIONS = [
  'changes',
  'releases',
  'deployments',
  'incidents',
  'problems',
  'service-levels',
] as const;

/** @public */
export type Collection = (typeof COLLECTIONS)[number];

/**
 * The record type each collection holds.
 * @public
 */
export const COLLECTION_RECORD_TYPES = {
  changes: 'change',
  releases: 'release',
  deployments: 'deployment',
  incidents: 'incident',
  problems: 'problem',
  'service-levels': 'serviceLevel',
} as const satisfies Record<Collection, Exclude<RecordType, 'event'>>;

/**
 * The request schemas that create and update a record in each collection:
 * the one place the backend, the route table and the client types take
 * them from.
 * @public
 */
export const COLLECTION_BODY_SCHEMAS = {
  changes: {
    create: createChangeSchema,
    update: updateChangeSchema,
  },
  releases: {
    create: createReleaseSchema,
    update: updateReleaseSchema,
  },
  deployments: {
    create: createDeploymentSchema,
    update: updateDeploymentSchema,
  },
  incidents: {
    create: createIncidentSchema,
    update: updateIncidentSchema,
  },
  problems: {
    create: createProblemSchema,
    update: updateProblemSchema,
  },
  'service-levels': {
    create: createServiceLevelSchema,
    update: updateServiceLevelSchema,
  },
} as const satisfies Record<Collection, { create: unknown; update: unknown }>;

/**
 * The record each collection holds.
 * @public
 */
export type CollectionRecords = {
  [C in Collection]: LifecycleRecords[(typeof COLLECTION_RECORD_TYPES)[C]];
};

/**
 * The body that creates a record in each collection.
 * @public
 */
export type CollectionCreateBodies = {
  [C in Collection]: RequestBody<(typeof COLLECTION_BODY_SCHEMAS)[C]['create']>;
};

/**
 * The body that updates a record in each collection; it names the version
 * it read (optimistic concurrency).
 * @public
 */
export type CollectionUpdateBodies = {
  [C in Collection]: RequestBody<(typeof COLLECTION_BODY_SCHEMAS)[C]['update']>;
};

/**
 * A request to move a record along its lifecycle.
 * @public
 */
export type TransitionRequest = RequestBody<typeof transitionSchema>;
