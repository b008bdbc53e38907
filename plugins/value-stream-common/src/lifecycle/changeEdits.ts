import {
  standardChangeRefusals,
  type StandardChangeContext,
} from '../standardChanges';
import type {
  ChangeRecord,
  ChangeState,
  ChangeType,
  FieldChange,
  RiskLevel,
} from '../types';
import type { FieldError } from '../validation';
import { changeLifecycle } from './change';
import type { EditOutcome, EditResult } from './edits';

/**
 * The fields of a change that its approvers decide on: the window, the type,
 * the configuration item, the scope (the description) and, where a change
 * carries them, its implementation and backout plans. Editing one after a
 * decision voids the decisions; the title, a link or the proposes-service
 * flag do not.
 * @public
 */
export const MATERIAL_CHANGE_FIELDS: readonly string[] = [
  'plannedStart',
  'plannedEnd',
  'type',
  'entityRef',
  'description',
  'implementationPlan',
  'backoutPlan',
];

/** Fields set when a change is created and never after. */
const FIXED_CHANGE_FIELDS: readonly string[] = ['type', 'entityRef'];

/** The state an edit that voids the decisions returns a change to. */
const REAUTHORIZE: ChangeState = 'authorize';

/**
 * Whether a change has been decided on: an approval or a rejection.
 * @public
 */
export function hasDecisions(change: Pick<ChangeRecord, 'approvals'>): boolean {
  return change.approvals.length > 0;
}

/**
 * The first rejection of a change, if any. A rejection is final: it is never
 * voided, and the change can only be rejected or cancelled after it.
 * @public
 */
export function rejectionOf(change: Pick<ChangeRecord, 'approvals'>) {
  return change.approvals.find(a => a.decision === 'rejected');
}

/**
 * The answer of {@link checkNewChange}: for `invalid`, each field and why.
 * @public
 */
export type NewChangeCheckResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'illegal' | 'forbidden' | 'invalid';
      message: string;
      fields?: FieldError[];
    };

/**
 * Whether a change may be opened as it is: `standard` only from an approved,
 * unexpired standard-change model whose scope covers the target entity and
 * whose risk ceiling the change's risk does not exceed; a model only for a
 * standard change. The type cannot change afterwards (see
 * {@link checkEdit}), so this is the one gate; the backend asks it with the
 * change's risk scored, before it stores the change.
 * @public
 */
export function checkNewChange(
  change: {
    type: ChangeType;
    standardChangeModelId?: string;
    riskLevel?: RiskLevel;
  },
  context: Omit<StandardChangeContext, 'riskLevel'>,
): NewChangeCheckResult {
  const fields = newChangeRefusals(change, context);
  if (fields.length === 0) {
    return { ok: true };
  }
  return {
    ok: false,
    reason: 'invalid',
    message: fields.map(f => `${f.path}: ${f.message}`).join('; '),
    fields,
  };
}

function newChangeRefusals(
  change: Parameters<typeof checkNewChange>[0],
  context: Parameters<typeof checkNewChange>[1],
): FieldError[] {
  if (change.type === 'standard') {
    return standardChangeRefusals(change.standardChangeModelId, {
      ...context,
      riskLevel: change.riskLevel,
    });
  }
  if (change.standardChangeModelId) {
    return [
      {
        path: 'standardChangeModelId',
        message: `Only a standard change comes from a standard-change model; this change is ${change.type}`,
      },
    ];
  }
  return [];
}

function refuse(
  reason: 'illegal' | 'invalid',
  message: string,
): Extract<EditResult, { ok: false }> {
  return { ok: false, reason, message };
}

function list(fields: readonly string[]) {
  return fields.join(', ');
}

/**
 * What no edit of a change may do: touch a closed change, or change what is
 * fixed at creation (the type and the configuration item).
 */
export function changeEditRefusal(
  change: ChangeRecord,
  changes: readonly FieldChange[],
): Extract<EditResult, { ok: false }> | undefined {
  if (!changeLifecycle.isOpen(change.state)) {
    return refuse(
      'illegal',
      `Cannot edit a change in "${change.state}": a closed change is immutable`,
    );
  }
  const fixed = changes.filter(c => FIXED_CHANGE_FIELDS.includes(c.field));
  if (fixed.length === 0) {
    return undefined;
  }
  const type = fixed.find(c => c.field === 'type');
  return refuse(
    'illegal',
    type
      ? `A change's type is fixed at creation: this change is ${
          change.type
        }; raise a new ${String(type.after)} change instead`
      : `Cannot change ${list(
          fixed.map(c => c.field),
        )} of a change; raise a new change instead`,
  );
}

/**
 * What an allowed edit of a change does to its decisions: a material edit
 * after a decision voids the decisions and returns the change to
 * `authorize`, unless one of them is a rejection, which is final.
 */
export function changeEditOutcome(
  change: ChangeRecord,
  changes: readonly FieldChange[],
): EditResult {
  const material = changes
    .filter(c => MATERIAL_CHANGE_FIELDS.includes(c.field))
    .map(c => c.field);
  const outcome: EditOutcome = { changes: [...changes], voidsApprovals: false };
  if (material.length === 0 || !hasDecisions(change)) {
    return { ok: true, ...outcome };
  }
  const rejection = rejectionOf(change);
  if (rejection) {
    return refuse(
      'illegal',
      `Cannot change ${list(material)}: ${
        rejection.approver
      } rejected this change, and a rejection is final; raise a new change instead`,
    );
  }
  return {
    ok: true,
    ...outcome,
    voidsApprovals: true,
    state: REAUTHORIZE,
    note: `Approvals voided: ${list(
      material,
    )} changed after the decision; the change needs approval again`,
  };
}
