import { sameRef } from '../entityRefs';
import {
  STANDARD_CHANGE_MODEL_STATES,
  type StandardChangeModel,
  type StandardChangeModelState,
} from '../standardChanges';
import type { FieldChange } from '../types';
import { defineLifecycle, type TransitionGuard } from './defineLifecycle';
import type { EditResult } from './edits';
import { fieldChanges } from './fieldChanges';

const notOwnProposal: TransitionGuard<StandardChangeModel> = (model, ctx) =>
  sameRef(model.proposedBy, ctx.actor)
    ? 'nobody approves a model they proposed or last changed'
    : undefined;

const notExpired: TransitionGuard<StandardChangeModel> = (model, ctx) =>
  Date.parse(model.expiresAt) <= Date.parse(ctx.now)
    ? `it expired at ${model.expiresAt}; set a later expiresAt first`
    : undefined;

/**
 * The lifecycle of a standard-change model: the change authority approves
 * a proposal (not their own) or retires it; an approved model is retired
 * when it is no longer used. A retired model is final.
 * @public
 */
export const standardChangeModelLifecycle = defineLifecycle<
  StandardChangeModel,
  StandardChangeModelState
>({
  name: 'standard-change model',
  states: STANDARD_CHANGE_MODEL_STATES,
  closedStates: ['retired'],
  transitions: {
    proposed: ['approved', 'retired'],
    approved: ['retired'],
    retired: [],
  },
  forbids: { 'proposed->approved': [notOwnProposal] },
  requires: { 'proposed->approved': [notExpired] },
  patch: (_, to, { actor, now }) =>
    to === 'approved' ? { approvedBy: actor, approvedAt: now } : {},
});

/**
 * The fields of a model whose edit changes what it authorizes: editing one
 * of an approved model returns it to `proposed`, for the change authority
 * to approve again. Only the name is not.
 * @public
 */
export const MATERIAL_MODEL_FIELDS: readonly string[] = [
  'description',
  'scope',
  'riskCeiling',
  'expiresAt',
  'reviewAt',
];

/**
 * Judges an edit of a model: a retired model takes none; a material edit
 * makes the editor its proposer (so they cannot approve their own edit) and
 * returns an approved model to `proposed`. The outcome's `patch` holds the
 * fields to write besides the request's.
 * @public
 */
export function checkModelEdit(
  model: StandardChangeModel,
  patch: Readonly<Record<string, unknown>>,
  actor: string,
):
  | (Extract<EditResult, { ok: true }> & { patch: Record<string, unknown> })
  | Extract<EditResult, { ok: false }> {
  if (!standardChangeModelLifecycle.isOpen(model.state)) {
    return {
      ok: false,
      reason: 'illegal',
      message: `Cannot edit a ${model.state} standard-change model; propose a new one`,
    };
  }
  const changes: FieldChange[] = fieldChanges(model, patch);
  const material = changes
    .map(c => c.field)
    .filter(field => MATERIAL_MODEL_FIELDS.includes(field));
  const expiresAt = (patch.expiresAt as string | undefined) ?? model.expiresAt;
  const reviewAt = (patch.reviewAt as string | undefined) ?? model.reviewAt;
  if (Date.parse(reviewAt) > Date.parse(expiresAt)) {
    const field = patch.reviewAt !== undefined ? 'reviewAt' : 'expiresAt';
    const message = `reviewAt (${reviewAt}) must not be after expiresAt (${expiresAt})`;
    return {
      ok: false,
      reason: 'invalid',
      message: `${field}: ${message}`,
      fields: [{ path: field, message }],
    };
  }
  if (material.length === 0) {
    return { ok: true, changes, voidsApprovals: false, patch: {} };
  }
  const extra: Record<string, unknown> = { proposedBy: actor };
  if (model.state !== 'approved') {
    return { ok: true, changes, voidsApprovals: false, patch: extra };
  }
  return {
    ok: true,
    changes,
    voidsApprovals: true,
    state: 'proposed',
    note: `Back to proposed: ${material.join(
      ', ',
    )} changed after the approval; the change authority approves it again`,
    patch: { ...extra, state: 'proposed', approvedBy: null, approvedAt: null },
  };
}
