/**
 * Builders of complete practice records for the tests of the Value Stream
 * plugins, so that every package's tests build records of the same shape.
 *
 * @packageDocumentation
 */

export {
  APPROVER,
  NOW,
  REQUESTER,
  approval,
  change,
  deployment,
  incident,
  problem,
  release,
  serviceLevel,
} from './testUtils/records';
// The records' types, so that the builders' signatures resolve from this
// entry point alone.
export type * from './types';
// And the types the records' fields name from other modules.
export type { ChangeConflict, ConflictRelation } from './changeConflicts';
