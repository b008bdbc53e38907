/*
 * IngestPorts over the real store and the software catalog. One instance
 * serves one request (one webhook delivery): catalog answers are cached for
 * its length only, so replicas share nothing but the database.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ConflictError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ALERT_SELECTOR,
  checkTransition,
  DEFAULT_SLA_TARGETS,
  IncidentRecord,
  IngestEntity,
  IngestEventInput,
  IngestSource,
  Priority,
  PriorityTarget,
  startSlaClock,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { entityRefOf, normalizeRef } from '../services/CatalogGateway';
import type {
  CreateIncidentResult,
  IncidentFieldsUpdate,
  IncidentTransitionRequest,
  IngestDeploymentInput,
  IngestPorts,
  IngestReleaseInput,
  NewIngestIncident,
  RecordEventResult,
} from './ports';

/** The annotations ingestion maps by. */
export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';

/** The fields ingestion reads of an entity. */
const INGEST_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

const annotationKey = (name: string) => `metadata.annotations.${name}`;

function toIngestEntity(entity: Entity): IngestEntity {
  return {
    entityRef: entityRefOf(entity),
    annotations: entity.metadata.annotations ?? {},
  };
}

/** Only users' writes count as a person taking an incident over. */
function isUserRef(actor: string): boolean {
  return actor.trim().toLocaleLowerCase('en-US').startsWith('user:');
}

/** Options of {@link DatabaseIngestPorts.create}. */
export interface DatabaseIngestPortsOptions {
  store: ValueStreamStore;
  catalog: CatalogService;
  /** Credentials the catalog is read with (the plugin's own). */
  credentials: BackstageCredentials;
}

/**
 * {@link IngestPorts} over {@link ValueStreamStore} and the catalog. Catalog
 * lookups are filter queries on annotations and names with a field
 * projection, answered once per instance; create one per delivery.
 */
export class DatabaseIngestPorts implements IngestPorts {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogService;
  readonly #credentials: BackstageCredentials;
  readonly #cache = new Map<string, Promise<IngestEntity[]>>();

  static create(options: DatabaseIngestPortsOptions): DatabaseIngestPorts {
    return new DatabaseIngestPorts(options);
  }

  private constructor(options: DatabaseIngestPortsOptions) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#credentials = options.credentials;
  }

  // ------------------------------------------------------------- catalog

  /** Entities matching a catalog filter, projected, cached per instance. */
  #query(filter: Record<string, string | symbol>): Promise<IngestEntity[]> {
    const key = JSON.stringify(
      Object.entries(filter).map(([k, v]) => [
        k,
        typeof v === 'symbol' ? '<exists>' : v.toLocaleLowerCase('en-US'),
      ]),
    );
    let result = this.#cache.get(key);
    if (!result) {
      result = (async () => {
        const entities: IngestEntity[] = [];
        for await (const page of this.#catalog.streamEntities(
          { filter, fields: INGEST_FIELDS },
          { credentials: this.#credentials },
        )) {
          entities.push(...page.map(toIngestEntity));
        }
        return entities;
      })();
      this.#cache.set(key, result);
      // A failed lookup is not cached.
      result.catch(() => this.#cache.delete(key));
    }
    return result;
  }

  alertEntities = {
    byRef: async (entityRef: string): Promise<IngestEntity | undefined> => {
      const ref = normalizeRef(entityRef);
      const key = `ref:${ref}`;
      let result = this.#cache.get(key);
      if (!result) {
        result = this.#catalog
          .getEntitiesByRefs(
            { entityRefs: [ref], fields: INGEST_FIELDS },
            { credentials: this.#credentials },
          )
          .then(({ items }) =>
            items.filter((e): e is Entity => Boolean(e)).map(toIngestEntity),
          );
        this.#cache.set(key, result);
        result.catch(() => this.#cache.delete(key));
      }
      return (await result)[0];
    },
    byName: (name: string) => this.#query({ 'metadata.name': name }),
    withAlertSelector: () =>
      this.#query({
        [annotationKey(ANNOTATION_ALERT_SELECTOR)]: CATALOG_FILTER_EXISTS,
      }),
  };

  async entitiesForGithubRepo(fullName: string): Promise<IngestEntity[]> {
    const slug = fullName.toLocaleLowerCase('en-US');
    // The catalog compares filter values case-insensitively; check anyway.
    return (
      await this.#query({ [annotationKey(GITHUB_SLUG_ANNOTATION)]: fullName })
    ).filter(
      e =>
        e.annotations?.[GITHUB_SLUG_ANNOTATION]?.toLocaleLowerCase('en-US') ===
        slug,
    );
  }

  async entitiesForPagerDutyService(
    serviceId: string,
  ): Promise<IngestEntity[]> {
    return (
      await this.#query({
        [annotationKey(PAGERDUTY_SERVICE_ANNOTATION)]: serviceId,
      })
    ).filter(e => e.annotations?.[PAGERDUTY_SERVICE_ANNOTATION] === serviceId);
  }

  // -------------------------------------------------------------- events

  async recordEvent(
    event: IngestEventInput,
    _idempotencyKey: string,
  ): Promise<RecordEventResult> {
    // The store is unique on (source, fingerprint, startsAt), of which the
    // key is a function (see eventIdempotencyKey).
    return this.#store.upsertEvent(event);
  }

  listEventsForFingerprint(
    source: IngestSource,
    fingerprint: string,
    since: string,
  ) {
    return this.#store.listEventsByFingerprint(source, fingerprint, since);
  }

  linkEventToIncident(eventId: string, incidentId: string): Promise<void> {
    return this.#store.setEventIncident(eventId, incidentId);
  }

  // ----------------------------------------------------------- incidents

  getIncident(id: string) {
    return this.#store.getIncident(id);
  }

  findOpenIncidentForFingerprint(source: IngestSource, fingerprint: string) {
    return this.#store.findOpenIncidentForFingerprint(source, fingerprint);
  }

  findIncidentByExternalId(
    source: 'alertmanager' | 'pagerduty',
    externalId: string,
  ) {
    return this.#store.getIncidentByExternalId(source, externalId);
  }

  async createIncident(
    input: NewIngestIncident,
  ): Promise<CreateIncidentResult> {
    const { eventId, at, actor, ...draft } = input;
    const targets = await this.#targetsFor(draft.entityRef);
    return this.#store.createIncidentForEvent(
      {
        ...draft,
        entityRef: normalizeRef(draft.entityRef),
        state: 'new',
        major: false,
        reporter: actor,
        waitingOnReporter: false,
        knowledgeLinks: [],
        sla: startSlaClock({ openedAt: at, targets: targets[draft.priority] }),
      },
      eventId,
      actor,
      { at },
    );
  }

  async transitionIncident(
    request: IncidentTransitionRequest,
  ): Promise<IncidentRecord | undefined> {
    const incident = await this.#store.getIncident(request.id);
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
      return await this.#store.updateIncident(
        incident.id,
        incident.version,
        patch,
        request.actor,
        { from: incident.state, to: request.to, note: request.note },
        { at: request.at },
      );
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
      return await this.#store.updateIncident(
        request.id,
        request.expectedVersion,
        request.patch,
        request.actor,
        undefined,
        { at: request.at },
      );
    } catch (error) {
      if (error instanceof ConflictError) {
        return undefined;
      }
      throw error;
    }
  }

  // ------------------------------------------------------------- changes

  async findChange(id: string) {
    const change = await this.#store.getChange(id);
    return change && { id: change.id, entityRef: change.entityRef };
  }

  async findAuthorizedChangeFor(entityRef: string, at: string) {
    const change = await this.#store.findAuthorizedChange(entityRef, at);
    return change && { id: change.id };
  }

  // --------------------------------------------------------- deployments

  async findDeploymentByExternalId(externalId: string) {
    const { items } = await this.#store.listDeployments({
      externalId,
      limit: 1,
    });
    return items[0];
  }

  async upsertDeploymentByExternalId(input: IngestDeploymentInput) {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const record = {
      ...fields,
      entityRef: normalizeRef(fields.entityRef),
    };
    let current = await this.findDeploymentByExternalId(input.externalId);
    if (!current) {
      try {
        const deployment = await this.#store.createDeployment(record, actor, {
          at,
        });
        return { deployment, created: true };
      } catch (error) {
        // Created meanwhile by a concurrent delivery: update that one.
        current = await this.findDeploymentByExternalId(input.externalId);
        if (!(error instanceof ConflictError) || !current) {
          throw error;
        }
      }
    } else if (
      expectedVersion !== undefined &&
      current.version !== expectedVersion
    ) {
      throw new ConflictError(
        `Deployment ${current.id} changed since version ${expectedVersion}`,
      );
    }
    const { entityRef: _entityRef, ...patch } = record;
    const deployment = await this.#store.updateDeployment(
      current.id,
      current.version,
      {
        startedAt: null,
        finishedAt: null,
        gitSha: null,
        url: null,
        changeId: null,
        releaseId: null,
        ...patch,
      },
      actor,
      current.state === fields.state
        ? undefined
        : { from: current.state, to: fields.state, note },
      { at },
    );
    return { deployment, created: false };
  }

  // ------------------------------------------------------------ releases

  async findReleaseByExternalId(externalId: string) {
    const { items } = await this.#store.listReleases({ externalId, limit: 1 });
    return items[0];
  }

  async findReleaseForTag(entityRef: string, tag: string) {
    const { items } = await this.#store.listReleases({
      entityRefs: [entityRef],
      gitTag: tag,
      limit: 1,
    });
    return items[0];
  }

  async upsertReleaseByExternalId(input: IngestReleaseInput) {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const record = { ...fields, entityRef: normalizeRef(fields.entityRef) };
    let current = await this.findReleaseByExternalId(input.externalId);
    if (!current) {
      try {
        const release = await this.#store.createRelease(record, actor, { at });
        return { release, created: true };
      } catch (error) {
        current = await this.findReleaseByExternalId(input.externalId);
        if (!(error instanceof ConflictError) || !current) {
          throw error;
        }
      }
    } else if (
      expectedVersion !== undefined &&
      current.version !== expectedVersion
    ) {
      throw new ConflictError(
        `Release ${current.id} changed since version ${expectedVersion}`,
      );
    }
    const { entityRef: _entityRef, ...patch } = record;
    const release = await this.#store.updateRelease(
      current.id,
      current.version,
      { gitTag: null, gitSha: null, url: null, ...patch },
      actor,
      current.state === fields.state
        ? undefined
        : { from: current.state, to: fields.state, note },
      { at },
    );
    return { release, created: false };
  }

  // ------------------------------------------------------------ internals

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
}
