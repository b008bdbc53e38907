import type { FieldChange, ServiceLevelRecord } from '../types';
import type { FieldError } from '../validation';
import type { LifecycleRecords, LifecycleRecordType } from '.';
import { changeEditOutcome, changeEditRefusal } from './changeEdits';
import type { TransitionRefusal } from './defineLifecycle';
import { applyEdit, fieldChanges } from './fieldChanges';
import { checkFieldOrder } from './fieldOrder';

/**
 * Why an edit was refused: the reasons of a transition (`illegal` and
 * `requirement` are a 409, `forbidden` a 403), or `invalid` (a 400): the
 * record the edit would leave is not valid, e.g. its end before its start.
 * @public
 */
export type EditRefusal = TransitionRefusal | 'invalid';

/**
 * What an allowed edit does.
 * @public
 */
export interface EditOutcome {
  /** The fields the edit changes, before and after, for the history. */
  changes: FieldChange[];
  /** True when the edit voids the change's approval decisions. */
  voidsApprovals: boolean;
  /** The state the edit moves the record to, when it moves it. */
  state?: string;
  /** Why the edit moves the record, for the history. */
  note?: string;
}

/**
 * The answer of {@link checkEdit}.
 * @public
 */
export type EditResult =
  | ({ ok: true } & EditOutcome)
  | {
      ok: false;
      reason: EditRefusal;
      message: string;
      /** For `invalid`: each field and why. */
      fields?: FieldError[];
    };

/**
 * Terms of an agreed service level that only a new agreement changes.
 * @public
 */
export const AGREED_SERVICE_LEVEL_TERMS: readonly string[] = [
  'availabilityTarget',
  'targets',
  'slos',
  'tier',
];

function checkServiceLevelEdit(
  serviceLevel: ServiceLevelRecord,
  changes: readonly FieldChange[],
): EditResult | undefined {
  const terms = changes
    .map(c => c.field)
    .filter(field => AGREED_SERVICE_LEVEL_TERMS.includes(field));
  if (serviceLevel.state === 'agreed' && terms.length > 0) {
    return {
      ok: false,
      reason: 'illegal',
      message: `Cannot change ${terms.join(
        ', ',
      )} of an agreed service level; retire it and propose a new one`,
    };
  }
  return undefined;
}

/**
 * Judges an edit (a PATCH) of a record: the fields it changes, whether the
 * record it leaves keeps its timestamps in order, and the rules of the
 * record's type: a closed change is immutable, its type and configuration
 * item are fixed, a rejection is final, a material edit after a decision
 * voids the decisions (`MATERIAL_CHANGE_FIELDS`); the terms of an agreed
 * service level are fixed. `patch` holds the
 * fields as the request sets them: `undefined` leaves a field, `null` clears
 * it. The caller writes the outcome's changes to the history.
 * @public
 */
export function checkEdit<T extends LifecycleRecordType>(
  recordType: T,
  record: LifecycleRecords[T],
  patch: Readonly<Record<string, unknown>>,
): EditResult {
  const changes = fieldChanges(record, patch);
  if (recordType === 'change') {
    const refusal = changeEditRefusal(
      record as LifecycleRecords['change'],
      changes,
    );
    if (refusal) {
      return refusal;
    }
  }
  const touched = changes.map(c => c.field);
  const order = checkFieldOrder(recordType, applyEdit(record, patch), touched);
  if (order.length > 0) {
    return {
      ok: false,
      reason: 'invalid',
      message: order.map(p => `${p.path}: ${p.message}`).join('; '),
      fields: order,
    };
  }
  if (recordType === 'change') {
    return changeEditOutcome(record as LifecycleRecords['change'], changes);
  }
  if (recordType === 'serviceLevel') {
    const refusal = checkServiceLevelEdit(
      record as LifecycleRecords['serviceLevel'],
      changes,
    );
    if (refusal) {
      return refusal;
    }
  }
  return { ok: true, changes, voidsApprovals: false };
}
