import type {
  ChangeRecord,
  DeploymentRecord,
  IncidentRecord,
  ProblemRecord,
  RecordType,
  ReleaseRecord,
  ServiceLevelRecord,
} from '../types';
import { changeLifecycle } from './change';
import type {
  Lifecycle,
  TransitionContext,
  TransitionResult,
} from './defineLifecycle';
import { deploymentLifecycle } from './deployment';
import { incidentLifecycle } from './incident';
import { problemLifecycle } from './problem';
import { releaseLifecycle } from './release';
import { serviceLevelLifecycle } from './serviceLevel';

/*
 * The lifecycles by record type. The package entry point exports each
 * lifecycle module's names itself, so they are listed once.
 */

/**
 * The record of each type that has a lifecycle (events have a status, not a
 * lifecycle).
 * @public
 */
export interface LifecycleRecords {
  change: ChangeRecord;
  release: ReleaseRecord;
  deployment: DeploymentRecord;
  incident: IncidentRecord;
  problem: ProblemRecord;
  serviceLevel: ServiceLevelRecord;
}

/** @public */
export type LifecycleRecordType = keyof LifecycleRecords & RecordType;

/**
 * The lifecycle of each record type.
 * @public
 */
export const LIFECYCLES: {
  [T in LifecycleRecordType]: Lifecycle<
    LifecycleRecords[T],
    LifecycleRecords[T]['state']
  >;
} = {
  change: changeLifecycle,
  release: releaseLifecycle,
  deployment: deploymentLifecycle,
  incident: incidentLifecycle,
  problem: problemLifecycle,
  serviceLevel: serviceLevelLifecycle,
};

function lifecycleOf<T extends LifecycleRecordType>(recordType: T) {
  const lifecycle = LIFECYCLES[recordType] as unknown as
    | Lifecycle<LifecycleRecords[T], LifecycleRecords[T]['state']>
    | undefined;
  if (!lifecycle) {
    throw new TypeError(`No lifecycle for record type "${recordType}"`);
  }
  return lifecycle;
}

/**
 * Judges a request to move a record to state `to`. On success the patch
 * holds the new `state` and the fields the transition sets; the caller
 * appends the history entry.
 * @public
 */
export function checkTransition<T extends LifecycleRecordType>(
  recordType: T,
  record: LifecycleRecords[T],
  to: string,
  ctx: TransitionContext,
): TransitionResult<LifecycleRecords[T]> {
  return lifecycleOf(recordType).checkTransition(record, to, ctx);
}

/**
 * The states a record may move to from where it is, for the UI's buttons;
 * requirements are checked only when the move is made.
 * @public
 */
export function allowedTransitions<T extends LifecycleRecordType>(
  recordType: T,
  record: LifecycleRecords[T],
): Array<LifecycleRecords[T]['state']> {
  return lifecycleOf(recordType).allowedTransitions(record);
}

/**
 * Whether a record in `state` still counts as open work.
 * @public
 */
export function isOpen(
  recordType: LifecycleRecordType,
  state: string,
): boolean {
  return lifecycleOf(recordType).isOpen(state);
}

/**
 * The states of a record type that count as open work, in lifecycle order;
 * what a list filtered to open records asks for.
 * @public
 */
export function openStates<T extends LifecycleRecordType>(
  recordType: T,
): Array<LifecycleRecords[T]['state']> {
  const lifecycle = lifecycleOf(recordType);
  return lifecycle.states.filter(state => lifecycle.isOpen(state));
}
