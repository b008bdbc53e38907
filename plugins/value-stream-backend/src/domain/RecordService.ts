import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  approvalSchema,
  assessChangeRisk,
  ChangeRecord,
  changeApprovePermission,
  checkApproval,
  checkTransition,
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  DEFAULT_SLA_TARGETS,
  DeploymentRecord,
  EventRecord,
  IncidentRecord,
  isProductionEnvironment,
  ListQuery,
  Page,
  parseOrThrow,
  pauseSlaClock,
  Priority,
  priorityFor,
  PriorityTarget,
  ProblemRecord,
  recordPermissions,
  ReleaseRecord,
  resumeSlaClock,
  ServiceLevelRecord,
  serviceLevelAgreePermission,
  SlaClockState,
  startSlaClock,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type {
  HistoryInput,
  ListFilter,
  ValueStreamStore,
} from '../database/ValueStreamStore';
import type { CollectionInfo } from './collections';
import { CatalogGateway, entityRefOf } from './CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { ImpactService } from './ImpactService';
import type { RequestContext } from './RequestContext';
import type { ValueStreamSettings } from '../settings';
import type { StageService } from './StageService';

/** Any practice record with a lifecycle. */
export type AnyRecord =
  | ChangeRecord
  | ReleaseRecord
  | DeploymentRecord
  | IncidentRecord
  | ProblemRecord
  | ServiceLevelRecord;

/** How far back failed changes count towards the risk of a new one. */
const RECENT_FAILURE_DAYS = 90;
/** Terms of an agreed service level that only a new agreement changes. */
const AGREED_TERMS = ['availabilityTarget', 'targets', 'slos', 'tier'];

function daysBefore(now: string, days: number): string {
  return new Date(Date.parse(now) - days * 86_400_000).toISOString();
}

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

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    impact: ImpactService;
    stages: StageService;
    settings: ValueStreamSettings;
    logger: LoggerService;
  }) {
    return new RecordService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    impact: ImpactService;
    stages: StageService;
    settings: ValueStreamSettings;
    logger: LoggerService;
  }) {
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
      return this.#listAwaitingApproval(query, ctx);
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
    return this.#listOf(collection, filter);
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
    return this.#store.listEvents({
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

  // ----------------------------------------------------------------- writes

  async create(
    collection: CollectionInfo,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    const now = new Date().toISOString();
    const store = this.#store;
    let record: AnyRecord;
    switch (collection.type) {
      case 'change': {
        const input = parseOrThrow(createChangeSchema, body, 'change');
        const entity = await this.#entityFor(collection, input.entityRef, ctx);
        const risk = await this.#assessRisk(entity, input, now, ctx);
        record = await store.createChange(
          {
            ...input,
            entityRef: normalizeRef(input.entityRef),
            state: 'new',
            requestedBy: ctx.actorRef,
            riskScore: risk.score,
            riskLevel: risk.level,
          },
          ctx.actorRef,
        );
        break;
      }
      case 'release': {
        const input = parseOrThrow(createReleaseSchema, body, 'release');
        await this.#entityFor(collection, input.entityRef, ctx);
        record = await store.createRelease(
          {
            ...input,
            entityRef: normalizeRef(input.entityRef),
            state: 'planned',
          },
          ctx.actorRef,
        );
        break;
      }
      case 'deployment': {
        const input = parseOrThrow(createDeploymentSchema, body, 'deployment');
        await this.#entityFor(collection, input.entityRef, ctx);
        const finished = input.state === 'success' || input.state === 'failure';
        record = await store.createDeployment(
          {
            ...input,
            entityRef: normalizeRef(input.entityRef),
            production:
              input.production ?? this.#isProduction(input.environment),
            ...(input.state !== 'pending' && !input.startedAt
              ? { startedAt: now }
              : {}),
            ...(finished && !input.finishedAt ? { finishedAt: now } : {}),
          },
          ctx.actorRef,
        );
        break;
      }
      case 'incident': {
        const input = parseOrThrow(createIncidentSchema, body, 'incident');
        await this.#entityFor(collection, input.entityRef, ctx);
        const entityRef = normalizeRef(input.entityRef);
        const priority = priorityFor(
          input.impact,
          input.urgency,
          this.#settings.priorityMatrix,
        );
        const targets = await this.#targetsFor(entityRef);
        record = await store.createIncident(
          {
            ...input,
            entityRef,
            state: 'new',
            priority,
            reporter: ctx.actorRef,
            waitingOnReporter: false,
            source: 'portal',
            sla: startSlaClock({ openedAt: now, targets: targets[priority] }),
          },
          ctx.actorRef,
        );
        break;
      }
      case 'problem': {
        const input = parseOrThrow(createProblemSchema, body, 'problem');
        await this.#entityFor(collection, input.entityRef, ctx);
        record = await store.createProblem(
          {
            ...input,
            entityRef: normalizeRef(input.entityRef),
            state: 'new',
          },
          ctx.actorRef,
        );
        break;
      }
      case 'serviceLevel': {
        const input = parseOrThrow(
          createServiceLevelSchema,
          body,
          'service level',
        );
        await this.#entityFor(collection, input.entityRef, ctx);
        record = await store.createServiceLevel(
          {
            ...input,
            entityRef: normalizeRef(input.entityRef),
            state: 'draft',
            fromAnnotation: false,
          },
          ctx.actorRef,
        );
        break;
      }
      default:
        throw new NotFoundError(`No collection ${collection.name}`);
    }
    await this.#stages.recomputeQuietly(record.entityRef);
    return record;
  }

  async update(
    collection: CollectionInfo,
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<AnyRecord> {
    const now = new Date().toISOString();
    const store = this.#store;
    let record: AnyRecord;
    switch (collection.type) {
      case 'change': {
        const input = parseOrThrow(updateChangeSchema, body, 'change');
        const current = await this.#requireFor(collection, id, ctx);
        const change = current as ChangeRecord;
        const patch = patchOf(input);
        if (
          input.type !== undefined ||
          input.plannedStart !== undefined ||
          input.plannedEnd !== undefined
        ) {
          const entity = await this.#catalog.getEntity(change.entityRef);
          if (entity) {
            const risk = await this.#assessRisk(
              entity,
              { ...change, ...input },
              now,
              ctx,
            );
            patch.riskScore = risk.score;
            patch.riskLevel = risk.level;
          }
        }
        record = await store.updateChange(
          id,
          input.version,
          patch,
          ctx.actorRef,
        );
        break;
      }
      case 'release': {
        const input = parseOrThrow(updateReleaseSchema, body, 'release');
        await this.#requireFor(collection, id, ctx);
        record = await store.updateRelease(
          id,
          input.version,
          patchOf(input),
          ctx.actorRef,
        );
        break;
      }
      case 'deployment': {
        const input = parseOrThrow(updateDeploymentSchema, body, 'deployment');
        await this.#requireFor(collection, id, ctx);
        const patch = patchOf(input);
        if (input.environment !== undefined && input.production === undefined) {
          patch.production = this.#isProduction(input.environment);
        }
        record = await store.updateDeployment(
          id,
          input.version,
          patch,
          ctx.actorRef,
        );
        break;
      }
      case 'incident': {
        const input = parseOrThrow(updateIncidentSchema, body, 'incident');
        const incident = (await this.#requireFor(
          collection,
          id,
          ctx,
        )) as IncidentRecord;
        const patch = patchOf(input);
        let sla: SlaClockState = incident.sla;
        if (input.impact !== undefined || input.urgency !== undefined) {
          const priority = priorityFor(
            input.impact ?? incident.impact,
            input.urgency ?? incident.urgency,
            this.#settings.priorityMatrix,
          );
          if (priority !== incident.priority) {
            patch.priority = priority;
            const targets = await this.#targetsFor(incident.entityRef);
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
        record = await store.updateIncident(
          id,
          input.version,
          patch,
          ctx.actorRef,
        );
        break;
      }
      case 'problem': {
        const input = parseOrThrow(updateProblemSchema, body, 'problem');
        await this.#requireFor(collection, id, ctx);
        record = await store.updateProblem(
          id,
          input.version,
          patchOf(input),
          ctx.actorRef,
        );
        break;
      }
      case 'serviceLevel': {
        const input = parseOrThrow(
          updateServiceLevelSchema,
          body,
          'service level',
        );
        const current = (await this.#requireFor(
          collection,
          id,
          ctx,
        )) as ServiceLevelRecord;
        const patch = patchOf(input);
        const terms = AGREED_TERMS.filter(key => key in patch);
        if (current.state === 'agreed' && terms.length > 0) {
          throw new ConflictError(
            `Cannot change ${terms.join(
              ', ',
            )} of an agreed service level; retire it and propose a new one`,
          );
        }
        record = await store.updateServiceLevel(
          id,
          input.version,
          patch,
          ctx.actorRef,
        );
        break;
      }
      default:
        throw new NotFoundError(`No collection ${collection.name}`);
    }
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
    const updated = await this.#updateOf(collection)(
      id,
      input.version,
      patch,
      ctx.actorRef,
      history,
    );
    await this.#stages.recomputeQuietly(updated.entityRef);
    return updated;
  }

  async approve(
    id: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<ChangeRecord> {
    const input = parseOrThrow(approvalSchema, body, 'approval');
    const change = await this.#store.getChange(id);
    if (!change) {
      throw new NotFoundError(`No change with id ${id}`);
    }
    await ctx.authorizeOn(changeApprovePermission, change.entityRef);
    if (!ctx.isUser) {
      throw new NotAllowedError('Only a user can decide on a change');
    }
    const check = checkApproval(change, ctx.actorRef);
    if (!check.ok) {
      if (check.reason === 'forbidden') {
        throw new NotAllowedError(check.message);
      }
      throw new ConflictError(check.message);
    }
    const updated = await this.#store.addApproval(
      id,
      {
        approver: ctx.actorRef,
        decision: input.decision,
        ...(input.comment ? { comment: input.comment } : {}),
      },
      change.version,
    );
    return updated;
  }

  // ---------------------------------------------------------------- helpers

  async #listAwaitingApproval(
    query: ListQuery,
    ctx: RequestContext,
  ): Promise<Page<ChangeRecord>> {
    if (!ctx.isUser) {
      throw new InputError(
        'Invalid query: awaitingApprovalBy: Only a user has changes to approve',
      );
    }
    const access = await ctx.entityAccess(changeApprovePermission);
    if (access.kind === 'none') {
      return { items: [] };
    }
    const page = await this.#store.listChangesAwaitingApproval({
      excludeRequestedBy: ctx.actorRef,
      approverRef: ctx.actorRef,
      entityRefs: query.entityRef ? [query.entityRef] : undefined,
      cursor: query.cursor,
      limit: query.limit,
    });
    return this.#restrict(page, access, ctx);
  }

  /** Keeps the items whose entity the caller may see. */
  async #restrict<T extends { entityRef: string | null }>(
    page: Page<T>,
    access: Awaited<ReturnType<RequestContext['entityAccess']>>,
    ctx: RequestContext,
  ): Promise<Page<T>> {
    if (access.kind === 'all') {
      return page;
    }
    if (access.kind === 'none') {
      return {
        items: [],
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    }
    const refs = page.items
      .map(item => item.entityRef)
      .filter((ref): ref is string => !!ref);
    const entities = await this.#catalog.getEntities(refs, ctx.credentials);
    return {
      ...page,
      items: page.items.filter(item => {
        const entity = item.entityRef
          ? entities.get(normalizeRef(item.entityRef))
          : undefined;
        return !!entity && access.allows(entity);
      }),
    };
  }

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

  #getOf(
    collection: CollectionInfo,
  ): (id: string) => Promise<AnyRecord | undefined> {
    const store = this.#store;
    switch (collection.type) {
      case 'change':
        return id => store.getChange(id);
      case 'release':
        return id => store.getRelease(id);
      case 'deployment':
        return id => store.getDeployment(id);
      case 'incident':
        return id => store.getIncident(id);
      case 'problem':
        return id => store.getProblem(id);
      case 'serviceLevel':
        return id => store.getServiceLevel(id);
      default:
        throw new NotFoundError(`No collection ${collection.name}`);
    }
  }

  #updateOf(
    collection: CollectionInfo,
  ): (
    id: string,
    version: number,
    patch: Record<string, unknown>,
    actor: string,
    history?: HistoryInput,
  ) => Promise<AnyRecord> {
    const store = this.#store;
    switch (collection.type) {
      case 'change':
        return (...a) => store.updateChange(...a);
      case 'release':
        return (...a) => store.updateRelease(...a);
      case 'deployment':
        return (...a) => store.updateDeployment(...a);
      case 'incident':
        return (...a) => store.updateIncident(...a);
      case 'problem':
        return (...a) => store.updateProblem(...a);
      case 'serviceLevel':
        return (...a) => store.updateServiceLevel(...a);
      default:
        throw new NotFoundError(`No collection ${collection.name}`);
    }
  }

  #listOf(
    collection: CollectionInfo,
    filter: ListFilter,
  ): Promise<Page<AnyRecord>> {
    const store = this.#store;
    switch (collection.type) {
      case 'change':
        return store.listChanges(filter);
      case 'release':
        return store.listReleases(filter);
      case 'deployment':
        return store.listDeployments(filter);
      case 'incident':
        return store.listIncidents(filter);
      case 'problem':
        return store.listProblems(filter);
      case 'serviceLevel':
        return store.listServiceLevels(filter);
      default:
        throw new NotFoundError(`No collection ${collection.name}`);
    }
  }

  #isProduction(environment: string): boolean {
    const configured = this.#settings.productionEnvironments;
    if (configured) {
      const name = environment.toLocaleLowerCase('en-US');
      return configured.some(env => env.toLocaleLowerCase('en-US') === name);
    }
    return isProductionEnvironment(environment);
  }

  /** Response and resolution targets from the entity's agreed service level. */
  async #targetsFor(
    entityRef: string,
  ): Promise<Readonly<Record<Priority, PriorityTarget>>> {
    const { items } = await this.#store.listServiceLevels({
      entityRefs: [entityRef],
      states: ['agreed'],
      limit: 1,
    });
    return items[0]?.targets ?? DEFAULT_SLA_TARGETS;
  }

  async #assessRisk(
    entity: Entity,
    change: {
      type: ChangeRecord['type'];
      plannedStart?: string | null;
      plannedEnd?: string | null;
    },
    now: string,
    ctx: RequestContext,
  ) {
    const entityRef = entityRefOf(entity);
    const [dependents, failed, production] = await Promise.all([
      // What a change touches, through up to three hops of relations.
      this.#impact.downstreamDependents(entity, entityRef, ctx),
      this.#store.listChanges({
        entityRefs: [entityRef],
        states: ['failed'],
        from: daysBefore(now, RECENT_FAILURE_DAYS),
        limit: 50,
      }),
      this.#store.latestProductionVersions([entityRef]),
    ]);
    this.#logger.debug(
      `Risk of change on ${entityRef}: ${dependents.length} dependents, ${failed.items.length} recent failures`,
    );
    return assessChangeRisk({
      type: change.type,
      dependentCount: dependents.length,
      production:
        entity.spec?.lifecycle === 'production' || production.has(entityRef),
      recentFailedChanges: failed.items.length,
      plannedStart: change.plannedStart ?? undefined,
      plannedEnd: change.plannedEnd ?? undefined,
      freezeWindows: this.#settings.freezeWindows,
    });
  }
}

/**
 * The clock of an incident whose priority changed: due times from the new
 * targets, counted from when the incident was opened plus the time it was
 * paused; what already happened (response, breaches, a pause) stays.
 */
function retargetClock(
  incident: IncidentRecord,
  targets: PriorityTarget,
): SlaClockState {
  const fresh = startSlaClock({
    openedAt: new Date(
      Date.parse(incident.createdAt) + incident.sla.pausedMs,
    ).toISOString(),
    targets,
    ...(incident.sla.businessHours
      ? { businessHours: incident.sla.businessHours }
      : {}),
  });
  return {
    ...incident.sla,
    responseDueAt: incident.sla.respondedAt
      ? incident.sla.responseDueAt
      : fresh.responseDueAt,
    resolutionDueAt: fresh.resolutionDueAt,
  };
}
