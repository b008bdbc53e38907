import * as schemas from '../schemas';
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
    create: schemas.createChangeSchema,
    update: schemas.updateChangeSchema,
  },
  releases: {
    create: schemas.createReleaseSchema,
    update: schemas.updateReleaseSchema,
  },
  deployments: {
    create: schemas.createDeploymentSchema,
    update: schemas.updateDeploymentSchema,
  },
  incidents: {
    create: schemas.createIncidentSchema,
    update: schemas.updateIncidentSchema,
  },
  problems: {
    create: schemas.createProblemSchema,
    update: schemas.updateProblemSchema,
  },
  'service-levels': {
    create: schemas.createServiceLevelSchema,
    update: schemas.updateServiceLevelSchema,
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
  [C in Collection]: schemas.RequestBody<
    (typeof COLLECTION_BODY_SCHEMAS)[C]['create']
  >;
};

/**
 * The body that updates a record in each collection; it names the version
 * it read (optimistic concurrency).
 * @public
 */
export type CollectionUpdateBodies = {
  [C in Collection]: schemas.RequestBody<
    (typeof COLLECTION_BODY_SCHEMAS)[C]['update']
  >;
};

/**
 * A request to move a record along its lifecycle.
 * @public
 */
export type TransitionRequest = schemas.RequestBody<
  typeof schemas.transitionSchema
>;
