import type { FieldChange } from '../types';

/**
 * Fields an edit's history leaves out: the bookkeeping of the store, and
 * derived detail that the recorded fields already explain (an incident's
 * SLA clock follows its priority and waiting flag, a change's risk factors
 * its risk score, its conflicts its window).
 */
const UNRECORDED_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'version',
  'history',
  'approvals',
  'createdAt',
  'updatedAt',
  'createdBy',
  'sla',
  'riskFactors',
  'conflicts',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; key order does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(key => sameValue(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

/**
 * The fields a patch changes on a record, with their values before and
 * after, in the patch's key order. `undefined` in the patch leaves a field
 * as it is and `null` clears it; a value equal to the stored one is no
 * change.
 * @public
 */
export function fieldChanges(
  record: object,
  patch: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const stored = record as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || UNRECORDED_FIELDS.has(field)) {
      continue;
    }
    const before = stored[field] ?? null;
    const after = value ?? null;
    if (!sameValue(before, after)) {
      changes.push({ field, before, after });
    }
  }
  return changes;
}

/**
 * The record as a patch leaves it: `undefined` keeps a field, `null`
 * removes it.
 * @public
 */
export function applyEdit<R extends object>(
  record: R,
  patch: Readonly<Record<string, unknown>>,
): R {
  const next: Record<string, unknown> = {
    ...(record as Record<string, unknown>),
  };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) {
      delete next[field];
    } else if (value !== undefined) {
      next[field] = value;
    }
  }
  return next as R;
}
