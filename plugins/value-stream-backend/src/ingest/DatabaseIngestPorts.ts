/*
 * IngestPorts over the stores and ingestion's catalog lookups. One
 * instance serves one request (one webhook delivery): catalog answers are
 * cached for its length only, so replicas share nothing but the database.
 */
import { ConflictError } from '@backstage/errors';
import {
  authorizationInputsChanged,
  checkTransition,
  IncidentRecord,
} from '@valuestream/plugin-value-stream-common';
import {
  IngestEntity,
  IngestEventInput,
  IngestIncidentDraft,
  IngestSource,
} from './mappers';
import { normalizeRef } from '../lib/refs';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { IngestEntityLookup } from './IngestEntityLookup';
import type {
  NewRecords,
  StoredRecords,
  UpdateOptions,
} from '../database/types';
import { agreedSlaTargets, newIncident, SlaTargets } from '../domain/incidents';
import {
  type AuthorizationDeps,
  judgeDeployment,
} from '../domain/deploymentAuthorization';
import type { UnauthorizedDeploymentSettings } from '../settings';
import type {
  CreateIncidentResult,
  IncidentFieldsUpdate,
  IncidentTransitionRequest,
  IngestDeploymentInput,
  IngestPorts,
  IngestReleaseInput,
  NewIngestIncident,
  RecordEventResult,
  RecordEventsInput,
  RecordEventsResult,
} from './ports';

/** The incident an ingested draft opens, reported by the tool. */
function ingestedIncident(
  draft: IngestIncidentDraft,
  writer: { at: string; actor: string },
  targets: Map<string, SlaTargets>,
) {
  return newIncident(
    { ...draft, major: false, knowledgeLinks: [] },
    {
      reporter: writer.actor,
      openedAt: writer.at,
      targets: targets.get(normalizeRef(draft.entityRef)),
    },
  );
}

/** Only users' writes count as a person taking an incident over. */
function isUserRef(actor: string): boolean {
  return actor.trim().toLocaleLowerCase('en-US').startsWith('user:');
}

/** Options of {@link DatabaseIngestPorts.create}. */
export interface DatabaseIngestPortsOptions {
  store: ValueStreamStore;
  /** The catalog lookups of this delivery (`IngestEntityLookup`). */
  entities: IngestEntityLookup;
  /** How production deployments are judged for authorization. */
  unauthorizedDeployments: UnauthorizedDeploymentSettings;
}

/**
 * {@link IngestPorts} over the stores and ingestion's catalog lookups
 * (`IngestEntityLookup`); create one per delivery.
 */
export class DatabaseIngestPorts implements IngestPorts {
  readonly #store: ValueStreamStore;
  readonly #entities: IngestEntityLookup;
  readonly #authorization: AuthorizationDeps;

  static create(options: DatabaseIngestPortsOptions): DatabaseIngestPorts {
    return new DatabaseIngestPorts(options);
  }

  private constructor(options: DatabaseIngestPortsOptions) {
    this.#store = options.store;
    this.#entities = options.entities;
    this.#authorization = {
      store: options.store,
      settings: { unauthorizedDeployments: options.unauthorizedDeployments },
    };
  }

  // ------------------------------------------------------------- catalog

  prefetchAlertEntities(request: {
    refs: readonly string[];
    names: readonly string[];
  }): Promise<void> {
    return this.#entities.prefetchAlertEntities(request);
  }

  get alertEntities() {
    return this.#entities.alertEntities;
  }

  entitiesForGithubRepo(fullName: string): Promise<IngestEntity[]> {
    return this.#entities.entitiesForGithubRepo(fullName);
  }

  entitiesForPagerDutyService(serviceId: string): Promise<IngestEntity[]> {
    return this.#entities.entitiesForPagerDutyService(serviceId);
  }

  // -------------------------------------------------------------- events

  async recordEvent(
    event: IngestEventInput,
    _idempotencyKey: string,
  ): Promise<RecordEventResult> {
    // The store is unique on (source, fingerprint, startsAt), of which the
    // key is a function (see eventIdempotencyKey).
    return this.#store.events.upsert(event);
  }

  async recordEvents(
    events: readonly RecordEventsInput[],
    writer: { at: string; actor: string },
  ): Promise<RecordEventsResult[]> {
    if (!events.some(e => e.openIncident)) {
      return this.#store.events.writeBatch(
        events.map(e => ({ event: e.event })),
        writer,
      );
    }
    const targets = await agreedSlaTargets(
      this.#store.records,
      events.flatMap(e => (e.openIncident ? [e.openIncident.entityRef] : [])),
    );
    const items = events.map(({ event, openIncident }) => ({
      event,
      ...(openIncident
        ? { incident: ingestedIncident(openIncident, writer, targets) }
        : {}),
    }));
    return this.#store.events.writeBatch(items, writer);
  }

  listEventsForFingerprint(
    source: IngestSource,
    fingerprint: string,
    since: string,
  ) {
    return this.#store.events.listByFingerprint(source, fingerprint, since);
  }

  linkEventToIncident(eventId: string, incidentId: string): Promise<void> {
    return this.#store.events.setIncident(eventId, incidentId);
  }

  // ----------------------------------------------------------- incidents

  getIncident(id: string) {
    return this.#store.records.get('incident', id);
  }

  findOpenIncidentForFingerprint(source: IngestSource, fingerprint: string) {
    return this.#store.events.findOpenIncidentForFingerprint(
      source,
      fingerprint,
    );
  }

  findIncidentByExternalId(
    source: 'alertmanager' | 'pagerduty',
    externalId: string,
  ) {
    return this.#store.records.getIncidentByExternalId(source, externalId);
  }

  async createIncident(
    input: NewIngestIncident,
  ): Promise<CreateIncidentResult> {
    const { eventId, at, actor, ...draft } = input;
    const targets = await agreedSlaTargets(this.#store.records, [
      draft.entityRef,
    ]);
    return this.#store.events.createIncidentFor(
      ingestedIncident(draft, { at, actor }, targets),
      { eventId, actor, at },
    );
  }

  async transitionIncident(
    request: IncidentTransitionRequest,
  ): Promise<IncidentRecord | undefined> {
    const incident = await this.#store.records.get('incident', request.id);
    if (!incident || incident.version !== request.expectedVersion) {
      return undefined;
    }
    const result = checkTransition('incident', incident, request.to, {
      actor: request.actor,
      now: request.at,
      input: { resolutionNote: request.note },
    });
    if (!result.ok) {
      return undefined;
    }
    const patch = { ...(result.patch as Record<string, unknown>) };
    if (!isUserRef(request.actor)) {
      // A tool acknowledging an incident does not take it over.
      delete patch.assignee;
    }
    try {
      return await this.#store.records.update('incident', {
        id: incident.id,
        expectedVersion: incident.version,
        patch,
        actor: request.actor,
        history: { from: incident.state, to: request.to, note: request.note },
        at: request.at,
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        return undefined;
      }
      throw error;
    }
  }

  async updateIncidentFields(
    request: IncidentFieldsUpdate,
  ): Promise<IncidentRecord | undefined> {
    try {
      return await this.#store.records.update('incident', {
        id: request.id,
        expectedVersion: request.expectedVersion,
        patch: request.patch,
        actor: request.actor,
        at: request.at,
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        return undefined;
      }
      throw error;
    }
  }

  // ------------------------------------------------------------- changes

  async findChange(id: string) {
    const change = await this.#store.records.get('change', id);
    return change && { id: change.id, entityRef: change.entityRef };
  }

  async findAuthorizedChangeFor(entityRef: string, at: string) {
    const change = await this.#store.records.findAuthorizedChange(
      entityRef,
      at,
    );
    return change && { id: change.id };
  }

  // --------------------------------------------------------- deployments

  async findDeploymentByExternalId(externalId: string) {
    const { items } = await this.#store.records.list('deployment', {
      externalId,
      limit: 1,
    });
    return items[0];
  }

  /**
   * Also judges a production deployment's authorization when it is first
   * recorded, and again when a delivery changes its production flag or its
   * time; a delivery that only moves its state keeps the verdict.
   */
  async upsertDeploymentByExternalId(input: IngestDeploymentInput) {
    const existing = await this.findDeploymentByExternalId(input.externalId);
    const next = {
      ...input,
      entityRef: normalizeRef(existing?.entityRef ?? input.entityRef),
      createdAt: existing?.createdAt ?? input.at,
    };
    const verdict =
      !existing || authorizationInputsChanged(existing, next)
        ? await judgeDeployment(this.#authorization, next)
        : {};
    const { record: deployment, created } = await this.#upsertByExternalId(
      'deployment',
      { ...input, ...verdict } as IngestDeploymentInput,
      {
        startedAt: null,
        finishedAt: null,
        gitSha: null,
        url: null,
        changeId: null,
        releaseId: null,
      },
    );
    return { deployment, created };
  }

  // ------------------------------------------------------------ releases

  async findReleaseByExternalId(externalId: string) {
    const { items } = await this.#store.records.list('release', {
      externalId,
      limit: 1,
    });
    return items[0];
  }

  async findReleaseForTag(entityRef: string, tag: string) {
    const { items } = await this.#store.records.list('release', {
      entityRefs: [entityRef],
      gitTag: tag,
      limit: 1,
    });
    return items[0];
  }

  async upsertReleaseByExternalId(input: IngestReleaseInput) {
    const { record: release, created } = await this.#upsertByExternalId(
      'release',
      input,
      { gitTag: null, gitSha: null, url: null },
    );
    return { release, created };
  }

  /**
   * Creates the record with this external id, or replaces the fields of the
   * one that exists: a field the tool no longer sends is cleared (`cleared`
   * lists them), and a new state is recorded as a transition. A concurrent
   * delivery that created it first turns the create into that update.
   */
  async #upsertByExternalId<K extends 'deployment' | 'release'>(
    kind: K,
    input: IngestDeploymentInput | IngestReleaseInput,
    cleared: Record<string, null>,
  ): Promise<{ record: StoredRecords[K]; created: boolean }> {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const record = {
      ...fields,
      entityRef: normalizeRef(fields.entityRef),
    } as NewRecords[K];
    const find = async () => {
      const { items } = await this.#store.records.list(kind, {
        externalId: input.externalId,
        limit: 1,
      });
      return items[0];
    };
    let current = await find();
    if (!current) {
      try {
        const created = await this.#store.records.create(kind, record, {
          actor,
          at,
        });
        return { record: created, created: true };
      } catch (error) {
        current = await find();
        if (!(error instanceof ConflictError) || !current) {
          throw error;
        }
      }
    } else if (
      expectedVersion !== undefined &&
      current.version !== expectedVersion
    ) {
      throw new ConflictError(
        `${kind === 'release' ? 'Release' : 'Deployment'} ${
          current.id
        } changed since version ${expectedVersion}`,
      );
    }
    const { entityRef: _entityRef, ...patch } = record as Record<
      string,
      unknown
    >;
    const updated = await this.#store.records.update(kind, {
      id: current.id,
      expectedVersion: current.version,
      patch: { ...cleared, ...patch } as UpdateOptions<K>['patch'],
      actor,
      history:
        current.state === fields.state
          ? undefined
          : { from: current.state, to: fields.state, note },
      at,
    });
    return { record: updated, created: false };
  }
}
