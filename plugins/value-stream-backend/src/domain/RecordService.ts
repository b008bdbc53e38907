import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ChangeRecord,
  checkTransition,
  COLLECTION_BODY_SCHEMAS,
  type Collection,
  DeploymentRecord,
  EventRecord,
  IncidentRecord,
  isProductionEnvironment,
  ListQuery,
  Page,
  parseOrThrow,
  pauseSlaClock,
  priorityFor,
  ProblemRecord,
  recordPermissions,
  ReleaseRecord,
  resumeSlaClock,
  ServiceLevelRecord,
  serviceLevelAgreePermission,
  SlaClockState,
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
import { CatalogGateway } from './CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { ImpactService } from './ImpactService';
import type { RequestContext } from './RequestContext';
import type { ValueStreamSettings } from '../settings';
import { approveChange, listAwaitingApproval } from './changeApprovals';
import { KnownErrorQuery, searchKnownErrors } from './knownErrors';
import { assessRisk, ChangeRiskInput } from './changeRisk';
import { newIncident, retargetClock, slaTargetsOf } from './incidents';
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

/** A create or update body of a collection, as its schema parses it. */
type CreateBody<C extends Collection> = ReturnType<
  (typeof COLLECTION_BODY_SCHEMAS)[C]['create']['parse']
>;
type UpdateBody<C extends Collection> = ReturnType<
  (typeof COLLECTION_BODY_SCHEMAS)[C]['update']['parse']
>;

/** Terms of an agreed service level that only a new agreement changes. */
const AGREED_TERMS = ['availabilityTarget', 'targets', 'slos', 'tier'];

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
  readonly #impact: ImpactService;
  readonly #stages: StageService;
  readonly #settings: ValueStreamSettings;
  readonly #logger: LoggerService;

  static create(options: RecordServiceOptions) {
    return new RecordService(options);
  }

  private constructor(options: RecordServiceOptions) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#impact = options.impact;
    this.#stages = options.stages;
    this.#settings = options.settings;
    this.#logger = options.logger;
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
        { records: this.#store.records, catalog: this.#catalog },
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
      ...(await this.#initialFields(collection.type, input, entity, now, ctx)),
    };
    const record = await this.#store.records.create(
      collection.type,
      fields as NewRecords[RecordKind],
      { actor: ctx.actorRef },
    );
    await this.#stages.recomputeQuietly(record.entityRef);
    return record;
  }

  async update(
    collection: CollectionInfo,
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    const input = parseOrThrow(
      COLLECTION_BODY_SCHEMAS[collection.name].update,
      body,
      collection.label,
    );
    const current = await this.#requireFor(collection, id, ctx);
    const patch = patchOf(input);
    await this.#completePatch(collection.type, current, patch, ctx);
    const record = await this.#update(collection, {
      id,
      expectedVersion: input.version,
      patch,
      actor: ctx.actorRef,
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

    if (record.version !== input.version) {
      throw new ConflictError(
        `Stale version: the ${collection.label} is at version ${record.version}, the request names ${input.version}`,
      );
    }
    const result = checkTransition(collection.type, record as never, input.to, {
      actor: ctx.actorRef,
      now,
      input,
    });
    if (!result.ok) {
      if (result.reason === 'forbidden') {
        throw new NotAllowedError(result.message);
      }
      throw new ConflictError(result.message);
    }
    const history: HistoryInput = {
      from: record.state,
      to: input.to,
      ...(input.note ? { note: input.note } : {}),
    };
    const patch = result.patch as Record<string, unknown>;
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
    return approveChange(this.#store.records, id, body, ctx);
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

  /** What the store needs beyond the request body to open a record. */
  async #initialFields(
    type: RecordKind,
    input: Record<string, unknown>,
    entity: Entity,
    now: string,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>> {
    switch (type) {
      case 'change': {
        const change = input as CreateBody<'changes'>;
        const risk = await this.#risk(entity, change, now, ctx);
        return {
          state: 'new',
          requestedBy: ctx.actorRef,
          riskScore: risk.score,
          riskLevel: risk.level,
        };
      }
      case 'deployment': {
        const deployment = input as CreateBody<'deployments'>;
        const finished =
          deployment.state === 'success' || deployment.state === 'failure';
        return {
          production:
            deployment.production ?? this.#isProduction(deployment.environment),
          ...(deployment.state !== 'pending' && !deployment.startedAt
            ? { startedAt: now }
            : {}),
          ...(finished && !deployment.finishedAt ? { finishedAt: now } : {}),
        };
      }
      case 'incident': {
        const incident = input as CreateBody<'incidents'>;
        const priority = priorityFor(
          incident.impact,
          incident.urgency,
          this.#settings.priorityMatrix,
        );
        return newIncident(
          { ...incident, priority, source: 'portal' },
          {
            reporter: ctx.actorRef,
            openedAt: now,
            targets: await slaTargetsOf(
              this.#store.records,
              incident.entityRef,
            ),
          },
        );
      }
      case 'release':
        return { state: 'planned' };
      case 'problem':
        return { state: 'new' };
      case 'serviceLevel':
        return { state: 'draft', fromAnnotation: false };
      default:
        throw new NotFoundError(`No record type ${type}`);
    }
  }

  /**
   * Adds to an update's patch what follows from it (risk, production flag,
   * priority and SLA clock), or refuses it (terms of an agreed service level).
   */
  async #completePatch(
    type: RecordKind,
    current: AnyRecord,
    patch: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<void> {
    const now = new Date().toISOString();
    switch (type) {
      case 'change': {
        const input = patch as UpdateBody<'changes'>;
        const reassess =
          input.type !== undefined ||
          input.plannedStart !== undefined ||
          input.plannedEnd !== undefined;
        const entity = reassess
          ? await this.#catalog.getEntity(current.entityRef)
          : undefined;
        if (entity) {
          const change = { ...(current as ChangeRecord), ...input };
          const risk = await this.#risk(entity, change, now, ctx);
          patch.riskScore = risk.score;
          patch.riskLevel = risk.level;
        }
        return;
      }
      case 'deployment': {
        const input = patch as UpdateBody<'deployments'>;
        if (input.environment !== undefined && input.production === undefined) {
          patch.production = this.#isProduction(input.environment);
        }
        return;
      }
      case 'incident': {
        const incident = current as IncidentRecord;
        const input = patch as UpdateBody<'incidents'>;
        let sla: SlaClockState = incident.sla;
        if (input.impact !== undefined || input.urgency !== undefined) {
          const priority = priorityFor(
            input.impact ?? incident.impact,
            input.urgency ?? incident.urgency,
            this.#settings.priorityMatrix,
          );
          if (priority !== incident.priority) {
            patch.priority = priority;
            const targets = await slaTargetsOf(
              this.#store.records,
              incident.entityRef,
            );
            sla = retargetClock(incident, targets[priority]);
          }
        }
        if (
          input.waitingOnReporter !== undefined &&
          input.waitingOnReporter !== incident.waitingOnReporter
        ) {
          sla = input.waitingOnReporter
            ? pauseSlaClock(sla, now)
            : resumeSlaClock(sla, now);
        }
        if (sla !== incident.sla) {
          patch.sla = sla;
        }
        return;
      }
      case 'serviceLevel': {
        const terms = AGREED_TERMS.filter(key => key in patch);
        if (current.state === 'agreed' && terms.length > 0) {
          throw new ConflictError(
            `Cannot change ${terms.join(
              ', ',
            )} of an agreed service level; retire it and propose a new one`,
          );
        }
        return;
      }
      default:
        return;
    }
  }

  #risk(
    entity: Entity,
    change: ChangeRiskInput,
    now: string,
    ctx: RequestContext,
  ) {
    return assessRisk(
      {
        impact: this.#impact,
        store: this.#store,
        freezeWindows: this.#settings.freezeWindows,
        logger: this.#logger,
      },
      { entity, change, now },
      ctx,
    );
  }

  #isProduction(environment: string): boolean {
    const configured = this.#settings.productionEnvironments;
    if (configured) {
      const name = environment.toLocaleLowerCase('en-US');
      return configured.some(env => env.toLocaleLowerCase('en-US') === name);
    }
    return isProductionEnvironment(environment);
  }
}
