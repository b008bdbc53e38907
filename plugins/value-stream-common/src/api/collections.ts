import type {
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  RequestBody,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
} from '../schemas';
import type {
  ChangeRecord,
  DeploymentRecord,
  IncidentRecord,
  ProblemRecord,
  RecordType,
  ReleaseRecord,
  ServiceLevelRecord,
} from '../types';

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
 * The record each collection holds.
 * @public
 */
export interface CollectionRecords {
  changes: ChangeRecord;
  releases: ReleaseRecord;
  deployments: DeploymentRecord;
  incidents: IncidentRecord;
  problems: ProblemRecord;
  'service-levels': ServiceLevelRecord;
}

/**
 * The body that creates a record in each collection.
 * @public
 */
export interface CollectionCreateBodies {
  changes: RequestBody<typeof createChangeSchema>;
  releases: RequestBody<typeof createReleaseSchema>;
  deployments: RequestBody<typeof createDeploymentSchema>;
  incidents: RequestBody<typeof createIncidentSchema>;
  problems: RequestBody<typeof createProblemSchema>;
  'service-levels': RequestBody<typeof createServiceLevelSchema>;
}

/**
 * The body that updates a record in each collection; it names the version
 * it read (optimistic concurrency).
 * @public
 */
export interface CollectionUpdateBodies {
  changes: RequestBody<typeof updateChangeSchema>;
  releases: RequestBody<typeof updateReleaseSchema>;
  deployments: RequestBody<typeof updateDeploymentSchema>;
  incidents: RequestBody<typeof updateIncidentSchema>;
  problems: RequestBody<typeof updateProblemSchema>;
  'service-levels': RequestBody<typeof updateServiceLevelSchema>;
}

/**
 * A request to move a record along its lifecycle.
 * @public
 */
export type TransitionRequest = RequestBody<typeof transitionSchema>;
