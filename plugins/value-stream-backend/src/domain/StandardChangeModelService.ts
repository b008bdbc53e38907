/*
 * The standard-change catalog: proposing, editing, approving and retiring
 * models, listing the ones a service can use, and the one check a standard
 * change passes (its model authorizes it). The rules are -common's.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  checkModelEdit,
  checkNewChange,
  fieldChanges,
  modelApplies,
  parseOrThrow,
  proposeStandardChangeModelSchema,
  type RiskLevel,
  type ScopeFacts,
  standardChangeModelApprovePermission,
  standardChangeModelLifecycle,
  standardChangeModelProposePermission,
  standardChangeModelQuerySchema,
  standardChangeModelTransitionSchema,
  standardChangeRefusals,
  type StandardChangeModel,
  type StandardChangeModelScope,
  type Page,
  updateStandardChangeModelSchema,
  valueStreamReadPermission,
  type ChangeType,
} from '@valuestream/plugin-value-stream-common';
import type {
  StandardChangeModelPatch,
  StandardChangeModelStore,
} from '../database/StandardChangeModelStore';
import { normalizeRef } from '../lib/refs';
import { fillPage } from './approvalPolicy';
import { type CatalogGateway, ownerRefOf, systemRefOf } from './CatalogGateway';
import { invalidRecord, refusalError } from './refusals';
import type { RequestContext } from './RequestContext';

const LABEL = 'standard-change model';

/** What a model's scope is judged by, from the catalog entity. */
function scopeFactsOf(entity: Entity): ScopeFacts {
  const system = systemRefOf(entity);
  const owner = ownerRefOf(entity);
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    ...(system ? { system: normalizeRef(system) } : {}),
    ...(owner ? { owner: normalizeRef(owner) } : {}),
  };
}

/** A scope as stored: kinds and refs lower-case. */
function normalizeScope(
  scope: StandardChangeModelScope,
): StandardChangeModelScope {
  return {
    kinds: scope.kinds.map(k => k.toLocaleLowerCase('en-US')),
    systems: scope.systems.map(normalizeRef),
    owners: scope.owners.map(normalizeRef),
  };
}

/** A new or edited model must not expire in the past. */
function checkFuture(expiresAt: string | undefined, now: string) {
  if (expiresAt && Date.parse(expiresAt) <= Date.parse(now)) {
    throw invalidRecord(LABEL, [
      { path: 'expiresAt', message: `Must be after now (${now})` },
    ]);
  }
}

/** The standard-change catalog. */
export class StandardChangeModelService {
  readonly #models: StandardChangeModelStore;
  readonly #catalog: CatalogGateway;

  constructor(options: {
    models: StandardChangeModelStore;
    catalog: CatalogGateway;
  }) {
    this.#models = options.models;
    this.#catalog = options.catalog;
  }

  /**
   * Models, newest first; with `entityRef`, only those a standard change
   * of that entity can be created from now.
   */
  async list(
    query: unknown,
    ctx: RequestContext,
  ): Promise<Page<StandardChangeModel>> {
    await ctx.authorize(valueStreamReadPermission);
    const q = parseOrThrow(standardChangeModelQuerySchema, query, 'query');
    if (!q.entityRef) {
      return this.#models.list({
        states: q.state,
        cursor: q.cursor,
        limit: q.limit,
      });
    }
    const entity = await this.#catalog.requireEntity(
      q.entityRef,
      ctx.credentials,
    );
    const facts = scopeFactsOf(entity);
    const now = new Date().toISOString();
    return fillPage(
      cursor =>
        this.#models.list({
          states: q.state,
          usableAt: now,
          cursor,
          limit: q.limit,
        }),
      async items => items.filter(m => modelApplies(m, facts, now)),
      { cursor: q.cursor, limit: q.limit },
    );
  }

  async get(id: string, ctx: RequestContext): Promise<StandardChangeModel> {
    await ctx.authorize(valueStreamReadPermission);
    return this.#require(id);
  }

  /** Proposes a model, for the change authority to approve. */
  async propose(
    body: unknown,
    ctx: RequestContext,
  ): Promise<StandardChangeModel> {
    ctx.authorizeRecordWrite();
    const input = parseOrThrow(proposeStandardChangeModelSchema, body, LABEL);
    await ctx.authorize(standardChangeModelProposePermission);
    checkFuture(input.expiresAt, new Date().toISOString());
    return this.#models.create(
      {
        ...input,
        scope: normalizeScope(input.scope),
        proposedBy: ctx.actorRef,
      },
      { actor: ctx.actorRef },
    );
  }

  /**
   * Edits a model. Editing what it authorizes makes the editor its proposer
   * and returns an approved model to `proposed`; every field edited is in
   * its history.
   */
  async update(
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<StandardChangeModel> {
    ctx.authorizeRecordWrite();
    const input = parseOrThrow(updateStandardChangeModelSchema, body, LABEL);
    await ctx.authorize(standardChangeModelProposePermission);
    const model = await this.#require(id);
    this.#checkVersion(model, input.version);
    const { version: _version, ...fields } = input;
    const patch: Record<string, unknown> = {
      ...fields,
      ...(fields.scope ? { scope: normalizeScope(fields.scope) } : {}),
    };
    checkFuture(input.expiresAt, new Date().toISOString());
    const edit = checkModelEdit(model, patch, ctx.actorRef);
    if (!edit.ok) {
      throw refusalError(edit, LABEL);
    }
    if (edit.changes.length === 0) {
      return model;
    }
    return this.#models.update(id, {
      expectedVersion: input.version,
      patch: { ...patch, ...edit.patch } as StandardChangeModelPatch,
      actor: ctx.actorRef,
      history: {
        from: model.state,
        to: edit.state ?? model.state,
        ...(edit.note ? { note: edit.note } : {}),
        changes: edit.changes,
      },
    });
  }

  /** Approves or retires a model: the change authority, as a user. */
  async transition(
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<StandardChangeModel> {
    const input = parseOrThrow(
      standardChangeModelTransitionSchema,
      body,
      'transition',
    );
    await ctx.authorize(standardChangeModelApprovePermission);
    if (!ctx.isUser) {
      throw new NotAllowedError(
        'Only a user approves or retires a standard-change model',
      );
    }
    const model = await this.#require(id);
    this.#checkVersion(model, input.version);
    const now = new Date().toISOString();
    const result = standardChangeModelLifecycle.checkTransition(
      model,
      input.to,
      { actor: ctx.actorRef, now, input: { note: input.note } },
    );
    if (!result.ok) {
      throw refusalError(result, LABEL);
    }
    const patch = result.patch as StandardChangeModelPatch;
    const changes = fieldChanges(model, { ...patch, state: undefined });
    return this.#models.update(id, {
      expectedVersion: input.version,
      patch,
      actor: ctx.actorRef,
      history: {
        from: model.state,
        to: input.to,
        ...(input.note ? { note: input.note } : {}),
        ...(changes.length ? { changes } : {}),
      },
    });
  }

  /**
   * Throws a 400 naming the field and why unless the change may be opened
   * as it is: `standard` only from an approved, unexpired model covering
   * the entity, within its risk ceiling; a model only for `standard`.
   */
  async checkNewChange(
    change: {
      type: ChangeType;
      standardChangeModelId?: string;
      riskLevel?: RiskLevel;
    },
    entity: Entity,
    now: string,
  ): Promise<void> {
    const check = checkNewChange(change, {
      model: await this.#modelOf(change.standardChangeModelId),
      entity: scopeFactsOf(entity),
      now,
    });
    if (!check.ok) {
      throw refusalError(check, 'change');
    }
  }

  /**
   * Throws a 400 naming why unless the change's model still authorizes it
   * as it is now (approved, unexpired, in scope, within the ceiling).
   */
  async checkStandardChange(
    change: {
      standardChangeModelId?: string;
      riskLevel?: RiskLevel;
      entityRef: string;
    },
    now: string,
  ): Promise<void> {
    const entity = await this.#catalog.requireEntity(change.entityRef);
    const fields = standardChangeRefusals(change.standardChangeModelId, {
      model: await this.#modelOf(change.standardChangeModelId),
      entity: scopeFactsOf(entity),
      riskLevel: change.riskLevel,
      now,
    });
    if (fields.length > 0) {
      throw invalidRecord('change', fields);
    }
  }

  async #modelOf(id: string | undefined) {
    return id ? this.#models.get(id) : undefined;
  }

  async #require(id: string): Promise<StandardChangeModel> {
    const model = await this.#models.get(id);
    if (!model) {
      throw new NotFoundError(`No standard-change model with id ${id}`);
    }
    return model;
  }

  #checkVersion(model: StandardChangeModel, version: number) {
    if (model.version !== version) {
      throw new ConflictError(
        `Stale version: the ${LABEL} is at version ${model.version}, the request names ${version}`,
      );
    }
  }
}
