import { sameRef } from './entityRefs';
import type { HistoryEntry, RiskLevel } from './types';
import { RISK_LEVELS } from './types';
import type { FieldError } from './validation';

/*
 * The standard-change catalog: models the change authority approved, what
 * they apply to, and whether one authorizes a given change. A standard
 * change skips the board, so this is the only gate it passes.
 */

/**
 * The states of a standard-change model: proposed, approved by the change
 * authority, retired (withdrawn, declined or no longer used).
 * @public
 */
export const STANDARD_CHANGE_MODEL_STATES = [
  'proposed',
  'approved',
  'retired',
] as const;

/** @public */
export type StandardChangeModelState =
  (typeof STANDARD_CHANGE_MODEL_STATES)[number];

/**
 * What a model applies to. Each list that is not empty must include the
 * target entity's kind, system or owner; a model names at least one list.
 * @public
 */
export interface StandardChangeModelScope {
  /** Catalog kinds, lower-case, e.g. `component`. */
  kinds: string[];
  /** System entity refs, e.g. `system:default/checkout`. */
  systems: string[];
  /** Owner entity refs (groups or users), e.g. `group:default/payments`. */
  owners: string[];
}

/**
 * A pre-authorized, repeatable change: changes created from an approved,
 * unexpired model within its scope and risk ceiling are standard changes.
 * @public
 */
export interface StandardChangeModel {
  id: string;
  name: string;
  /** What the change does and how: the procedure the authority approved. */
  description: string;
  scope: StandardChangeModelScope;
  /** The highest risk level a change from the model may have. */
  riskCeiling: RiskLevel;
  /** From this time the model authorizes no change. */
  expiresAt: string;
  /** When the change authority reviews the model next. */
  reviewAt: string;
  state: StandardChangeModelState;
  /** Who proposed the model, or last changed what it authorizes. */
  proposedBy: string;
  approvedBy?: string;
  approvedAt?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  version: number;
  history: HistoryEntry[];
}

/**
 * What a scope is judged by: the target entity's kind, and its system and
 * owner refs when it has them.
 * @public
 */
export interface ScopeFacts {
  kind: string;
  system?: string;
  owner?: string;
}

/**
 * Why a model's scope does not cover an entity, or undefined when it does.
 * @public
 */
export function scopeRefusal(
  scope: StandardChangeModelScope,
  facts: ScopeFacts,
): string | undefined {
  const { kinds, systems, owners } = scope;
  if (!kinds.length && !systems.length && !owners.length) {
    return 'the model names no kinds, systems or owners';
  }
  const within = (list: readonly string[], value: string | undefined) =>
    !list.length || (!!value && list.some(item => sameRef(item, value)));
  if (!within(kinds, facts.kind)) {
    return `its kind ${facts.kind.toLocaleLowerCase(
      'en-US',
    )} is not one of ${kinds.join(', ')}`;
  }
  if (!within(systems, facts.system)) {
    return `its system ${facts.system ?? '(none)'} is not one of ${systems.join(
      ', ',
    )}`;
  }
  if (!within(owners, facts.owner)) {
    return `its owner ${facts.owner ?? '(none)'} is not one of ${owners.join(
      ', ',
    )}`;
  }
  return undefined;
}

/**
 * Whether a model's scope covers an entity.
 * @public
 */
export function scopeCovers(
  scope: StandardChangeModelScope,
  facts: ScopeFacts,
): boolean {
  return scopeRefusal(scope, facts) === undefined;
}

/**
 * Why a model cannot authorize a change at `now` (not approved, expired),
 * or undefined when it can.
 * @public
 */
export function modelUnusable(
  model: Pick<StandardChangeModel, 'state' | 'expiresAt' | 'name'>,
  now: string,
): string | undefined {
  if (model.state !== 'approved') {
    return `the standard-change model "${model.name}" is ${model.state}, not approved`;
  }
  if (Date.parse(model.expiresAt) <= Date.parse(now)) {
    return `the standard-change model "${model.name}" expired at ${model.expiresAt}`;
  }
  return undefined;
}

/**
 * Whether a risk level is at most the ceiling.
 * @public
 */
export function withinRiskCeiling(
  level: RiskLevel,
  ceiling: RiskLevel,
): boolean {
  return RISK_LEVELS.indexOf(level) <= RISK_LEVELS.indexOf(ceiling);
}

/**
 * Whether a model lists for an entity at `now`: approved, unexpired and
 * covering it. What the request-change form offers.
 * @public
 */
export function modelApplies(
  model: StandardChangeModel,
  facts: ScopeFacts,
  now: string,
): boolean {
  return !modelUnusable(model, now) && scopeCovers(model.scope, facts);
}

/**
 * What a standard change is judged by: the model it names (undefined when
 * none, or none by that id), the target entity and the change's risk.
 * @public
 */
export interface StandardChangeContext {
  model?: StandardChangeModel;
  entity: ScopeFacts;
  /** The change's risk level, as scored when it is created or edited. */
  riskLevel?: RiskLevel;
  now: string;
}

/**
 * The field errors that keep a change from being a standard change from its
 * model: each names the field and the reason. Empty when the model
 * authorizes the change. `modelId` is what the change names.
 * @public
 */
export function standardChangeRefusals(
  modelId: string | undefined,
  context: StandardChangeContext,
): FieldError[] {
  const path = 'standardChangeModelId';
  if (!modelId) {
    return [
      {
        path,
        message:
          'Required for a standard change: name an approved standard-change model that covers the service',
      },
    ];
  }
  const { model } = context;
  if (!model) {
    return [{ path, message: `No standard-change model ${modelId}` }];
  }
  const unusable = modelUnusable(model, context.now);
  if (unusable) {
    return [{ path, message: `Cannot use it: ${unusable}` }];
  }
  const outside = scopeRefusal(model.scope, context.entity);
  if (outside) {
    return [
      {
        path: 'entityRef',
        message: `Outside the scope of the standard-change model "${model.name}": ${outside}`,
      },
    ];
  }
  const level = context.riskLevel ?? 'very_high';
  if (!withinRiskCeiling(level, model.riskCeiling)) {
    return [
      {
        path,
        message: `The change's risk (${level}) is above the risk ceiling of the standard-change model "${model.name}" (${model.riskCeiling}); raise a normal change instead`,
      },
    ];
  }
  return [];
}
