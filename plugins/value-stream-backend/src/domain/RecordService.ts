import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  type ChangeApprovalStatus,
  ChangeRecord,
  checkEdit,
  checkFieldOrder,
  checkTransition,
  COLLECTION_BODY_SCHEMAS,
  DeploymentRecord,
  type EditOutcome,
  EventRecord,
  fieldChanges,
  IncidentRecord,
  ListQuery,
  Page,
  parseOrThrow,
  ProblemRecord,
  recordPermissions,
  ReleaseRecord,
  ServiceLevelRecord,
  serviceLevelAgreePermission,
  transitionSchema,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type {
  HistoryInput,
  ListFilter,
  NewRecords,
  RecordKind,
  UpdateOptions,
} from '../database/types';
import type { CollectionInfo } from './collections';
import { CatalogGateway, REF_FIELDS } from './CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { ImpactService } from './ImpactService';
import type { RequestContext } from './RequestContext';
import { approveChange, listAwaitingApproval } from './changeApprovals';
import { ApprovalPolicyService } from './approvalPolicy';
import { ChangeGates } from './changeGates';
import { checkChangeMove } from './changeScheduling';
import { exhaustedBudgetsOf } from './slo/errorBudgets';
import { StandardChangeModelService } from './StandardChangeModelService';
import { KnownErrorQuery, searchKnownErrors } from './knownErrors';
import { derivedFields, initialFields, RecordFieldDeps } from './recordFields';
import { invalidRecord, refusalError } from './refusals';
import type { StageService } from './StageService';
import type { ServiceDeps } from './ServiceDeps';

/** Any practice record with a lifecycle. */
export type AnyRecord =
  | ChangeRecord
  | ReleaseRecord
  | DeploymentRecord
  | IncidentRecord
  | ProblemRecord
  | ServiceLevelRecord;

/** The body fields that name a user of the catalog. */
const USER_REF_FIELDS = ['assignee'];

/** Drops `version` and the keys whose value is `undefined`. */
function patchOf(body: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'version' && value !== undefined) {
      patch[key] = value;
    }
  }
  return patch;
}

/** A write must name the version it read: refused before it is judged. */
function checkVersion(
  collection: CollectionInfo,
  record: AnyRecord,
  version: number,
) {
  if (record.version !== version) {
    throw new ConflictError(
      `Stale version: the ${collection.label} is at version ${record.version}, the request names ${version}`,
    );
  }
}

/**
 * The history entry of an edit: the fields it changes (derived ones too,
 * such as a change's risk score), the decisions it voids, and the state it
 * returns the record to. None for an edit that changes nothing.
 */
function editHistory(
  current: AnyRecord,
  patch: Record<string, unknown>,
  edit: EditOutcome,
): HistoryInput | undefined {
  const changes = fieldChanges(current, patch);
  if (edit.voidsApprovals) {
    changes.push({
      field: 'approvals',
      before: (current as ChangeRecord).approvals.map(a => ({
        approver: a.approver,
        decision: a.decision,
        at: a.at,
        ...(a.comment ? { comment: a.comment } : {}),
      })),
      after: [],
    });
  }
  if (changes.length === 0 && !edit.state) {
    return undefined;
  }
  return {
    from: current.state,
    to: edit.state ?? current.state,
    ...(edit.note ? { note: edit.note } : {}),
    changes,
  };
}

/** Options of {@link RecordService.create}. */
export interface RecordServiceOptions extends ServiceDeps {
  impact: ImpactService;
  stages: StageService;
}

/**
 * Creates, reads, updates and moves practice records. Every write is checked
 * before it is made (schema, catalog entity, permission, lifecycle), so a
 * refused request writes nothing; the store's compare-and-set on `version`
 * refuses stale updates.
 */
export class RecordService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #stages: StageService;
  readonly #fields: RecordFieldDeps;
  readonly #approvals: ApprovalPolicyService;
  readonly #changes: ChangeGates;

  static create(options: RecordServiceOptions) {
    return new RecordService(options);
  }

  private constructor(options: RecordServiceOptions) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#stages = options.stages;
    this.#fields = options;
    this.#approvals = new ApprovalPolicyService({
      policy: options.settings.changeApproval,
      catalog: options.catalog,
    });
    this.#changes = new ChangeGates({
      models: new StandardChangeModelService({
        models: options.store.standardChangeModels,
        catalog: options.catalog,
      }),
      approvals: this.#approvals,
    });
  }

  // ------------------------------------------------------------------ reads

  async list(
    collection: CollectionInfo,
    query: ListQuery,
    ctx: RequestContext,
  ): Promise<Page<AnyRecord>> {
    if (query.unmatched !== undefined) {
      throw new InputError('Invalid query: unmatched: Only for events');
    }
    if (query.awaitingApprovalBy && collection.type !== 'change') {
      throw new InputError(
        'Invalid query: awaitingApprovalBy: Only for changes',
      );
    }
    const unknown = (query.state ?? []).filter(
      state => !collection.states.includes(state),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `Invalid query: state: Unknown ${collection.label} state ${unknown
          .map(s => `"${s}"`)
          .join(', ')}, expected one of ${collection.states.join(', ')}`,
      );
    }
    if (query.awaitingApprovalBy) {
      return listAwaitingApproval(
        {
          records: this.#store.records,
          catalog: this.#catalog,
          policy: this.#approvals,
        },
        query,
        ctx,
      );
    }

    const filter: ListFilter = {
      entityRefs: query.entityRef ? [query.entityRef] : undefined,
      states: query.state?.length ? query.state : undefined,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
      limit: query.limit,
    };
    await ctx.authorize(valueStreamReadPermission);
    return this.#store.records.list(collection.type, filter);
  }

  async listEvents(
    query: ListQuery,
    ctx: RequestContext,
  ): Promise<Page<EventRecord>> {
    for (const key of ['state', 'from', 'to', 'awaitingApprovalBy'] as const) {
      if (query[key] !== undefined) {
        throw new InputError(`Invalid query: ${key}: Not supported for events`);
      }
    }
    await ctx.authorize(valueStreamReadPermission);
    return this.#store.events.list({
      entityRef: query.entityRef,
      unmatched: query.unmatched || undefined,
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  async get(
    collection: CollectionInfo,
    id: string,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    await ctx.authorize(valueStreamReadPermission);
    return this.#require(collection, id);
  }

  /** Known errors, by entity and text: see {@link searchKnownErrors}. */
  async searchKnownErrors(
    query: KnownErrorQuery,
    ctx: RequestContext,
  ): Promise<Page<ProblemRecord>> {
    return searchKnownErrors(this.#store.records, query, ctx);
  }

  // ----------------------------------------------------------------- writes

  async create(
    collection: CollectionInfo,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    ctx.authorizeRecordWrite();
    const now = new Date().toISOString();
    const input = parseOrThrow(
      COLLECTION_BODY_SCHEMAS[collection.name].create,
      body,
      collection.label,
    );
    const entity = await this.#entityFor(collection, input.entityRef, ctx);
    const fields = {
      ...input,
      entityRef: normalizeRef(input.entityRef),
      ...(await initialFields(
        this.#fields,
        collection.type,
        input,
        entity,
        now,
        ctx,
      )),
    };
    // The body was checked on its own; what the backend filled in (a
    // finished deployment's finishedAt) is checked with it.
    const order = checkFieldOrder(collection.type, fields);
    if (order.length > 0) {
      throw invalidRecord(collection.label, order);
    }
    if (collection.type === 'change') {
      await this.#changes.checkNew(fields as ChangeRecord, entity, now);
    }
    const record = await this.#store.records.create(
      collection.type,
      fields as NewRecords[RecordKind],
      { actor: ctx.actorRef },
    );
    await this.#stages.recomputeQuietly(record.entityRef);
    return record;
  }

  /**
   * Edits a record's fields. The rules of -common judge the edit against the
   * stored record (`checkEdit`); every field it changes is written to the
   * history with its value before and after, and an edit that voids a
   * change's decisions removes them and returns the change to `authorize`
   * in the same transaction.
   */
  async update(
    collection: CollectionInfo,
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    ctx.authorizeRecordWrite();
    const input = parseOrThrow(
      COLLECTION_BODY_SCHEMAS[collection.name].update,
      body,
      collection.label,
    );
    const current = await this.#requireFor(collection, id, ctx);
    checkVersion(collection, current, input.version);
    const patch = patchOf(input);
    await this.#checkUserRefs(collection, patch, ctx);
    const edit = checkEdit(collection.type, current as never, patch);
    if (!edit.ok) {
      throw refusalError(edit, collection.label);
    }
    await derivedFields(this.#fields, collection.type, current, patch, ctx);
    if (collection.type === 'change') {
      await this.#changes.checkEdit(current as ChangeRecord, patch);
    }
    const record = await this.#update(collection, {
      id,
      expectedVersion: input.version,
      patch,
      actor: ctx.actorRef,
      history: editHistory(current, patch, edit),
      voidApprovals: edit.voidsApprovals,
    });
    await this.#stages.recomputeQuietly(record.entityRef);
    return record;
  }

  async transition(
    collection: CollectionInfo,
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    ctx.authorizeRecordWrite();
    const input = parseOrThrow(transitionSchema, body, 'transition');
    const now = new Date().toISOString();
    const record = await this.#require(collection, id);
    // Agreeing a service level is decided by its own permission (the change
    // authority or the owner), the other moves by the transition permission.
    const permission =
      collection.type === 'serviceLevel' && input.to === 'agreed'
        ? serviceLevelAgreePermission
        : recordPermissions[collection.type].transition;
    await ctx.authorizeOn(permission, record.entityRef);

    checkVersion(collection, record, input.version);
    const result = checkTransition(collection.type, record as never, input.to, {
      actor: ctx.actorRef,
      now,
      input,
    });
    if (!result.ok) {
      throw refusalError(result, collection.label);
    }
    const patch = result.patch as Record<string, unknown>;
    if (collection.type === 'deployment') {
      // Starting or finishing stamps a time the deployment may be judged at.
      await derivedFields(this.#fields, 'deployment', record, patch, ctx);
    }
    if (collection.type === 'change') {
      // A window set at scheduling (a standard change) is scored with it.
      await derivedFields(this.#fields, 'change', record, patch, ctx);
      // The approvals (or the standard model) first, then the calendar:
      // freezes and, where they block, conflicts.
      await this.#changes.checkTransition(
        record as ChangeRecord,
        patch,
        input.to,
        ctx,
      );
      const settings = this.#fields.settings;
      checkChangeMove(
        settings,
        record as ChangeRecord,
        input.to,
        patch,
        now,
        settings.slo.requireOverride && input.to === 'scheduled'
          ? await exhaustedBudgetsOf(this.#store, record.entityRef)
          : [],
      );
    }
    // The state is the entry's from and to; the other fields it sets are
    // its changes.
    const changes = fieldChanges(record, { ...patch, state: undefined });
    const history: HistoryInput = {
      from: record.state,
      to: input.to,
      ...(input.note ? { note: input.note } : {}),
      ...(changes.length > 0 ? { changes } : {}),
    };
    const updated = await this.#update(collection, {
      id,
      expectedVersion: input.version,
      patch,
      actor: ctx.actorRef,
      history,
    });
    await this.#stages.recomputeQuietly(updated.entityRef);
    return updated;
  }

  async approve(
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<ChangeRecord> {
    return approveChange(this.#store.records, id, body, ctx, {
      policy: this.#approvals,
      changeAuthorityGroup: this.#fields.settings.changeAuthorityGroup,
    });
  }

  /** Who still has to decide on a change, under the approval policy. */
  async approvalStatus(
    id: string,
    ctx: RequestContext,
  ): Promise<ChangeApprovalStatus> {
    await ctx.authorize(valueStreamReadPermission);
    const change = await this.#store.records.get('change', id);
    if (!change) {
      throw new NotFoundError(`No change with id ${id}`);
    }
    return this.#approvals.status(change, ctx);
  }

  // ---------------------------------------------------------------- helpers

  /** The catalog entity a new record belongs to, after the permission check. */
  async #entityFor(
    collection: CollectionInfo,
    entityRef: string,
    ctx: RequestContext,
  ): Promise<Entity> {
    const entity = await this.#catalog.requireEntity(
      entityRef,
      ctx.credentials,
    );
    await ctx.authorizeOn(
      recordPermissions[collection.type].create,
      normalizeRef(entityRef),
    );
    return entity;
  }

  /**
   * The users a body names (an incident's assignee) must be users of the
   * catalog, as the caller sees it: otherwise a 400 that names the field.
   */
  async #checkUserRefs(
    collection: CollectionInfo,
    patch: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<void> {
    const refs = Object.entries(patch).filter(
      (entry): entry is [string, string] =>
        USER_REF_FIELDS.includes(entry[0]) && typeof entry[1] === 'string',
    );
    if (refs.length === 0) {
      return;
    }
    const found = await this.#catalog.getEntities(
      refs.map(([, ref]) => ref),
      ctx.credentials,
      REF_FIELDS,
    );
    const fields = refs.flatMap(([path, ref]) => {
      const entity = found.get(normalizeRef(ref));
      if (!entity) {
        return [{ path, message: `No catalog entity ${ref}` }];
      }
      return entity.kind.toLocaleLowerCase('en-US') === 'user'
        ? []
        : [{ path, message: `Must be a user, ${ref} is a ${entity.kind}` }];
    });
    if (fields.length > 0) {
      throw invalidRecord(collection.label, fields);
    }
  }

  async #require(collection: CollectionInfo, id: string): Promise<AnyRecord> {
    const record = await this.#getOf(collection)(id);
    if (!record) {
      throw new NotFoundError(`No ${collection.label} with id ${id}`);
    }
    return record;
  }

  /** The record to update, after the update permission check. */
  async #requireFor(
    collection: CollectionInfo,
    id: string,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    const record = await this.#require(collection, id);
    await ctx.authorizeOn(
      recordPermissions[collection.type].update,
      record.entityRef,
    );
    return record;
  }

  #getOf(collection: CollectionInfo) {
    return (id: string): Promise<AnyRecord | undefined> =>
      this.#store.records.get(collection.type, id);
  }

  #update(
    collection: CollectionInfo,
    options: Omit<UpdateOptions<RecordKind>, 'patch'> & {
      patch: Record<string, unknown>;
    },
  ): Promise<AnyRecord> {
    return this.#store.records.update(
      collection.type,
      options as UpdateOptions<RecordKind>,
    );
  }
}
