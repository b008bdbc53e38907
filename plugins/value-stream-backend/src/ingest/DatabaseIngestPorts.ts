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
  IncidentRecord,
} from '@valuestream/plugin-value-stream-common';
import {
  IngestEntity,
  IngestEventInput,
  IngestIncidentDraft,
  IngestSource,
} from './mappers';
import { normalizeRef } from '../lib/refs';
import { chunks } from '../database/records';
import type { EntityLookupStore } from './EntityLookupCache';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { entityRefOf } from '../domain/CatalogGateway';
import { agreedSlaTargets, newIncident, SlaTargets } from '../domain/incidents';
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

/** Entity names per catalog read when prefetching a notification's names. */
const NAMES_PER_READ = 100;

function toIngestEntity(entity: Entity): IngestEntity {
  return {
    entityRef: entityRefOf(entity),
    annotations: entity.metadata.annotations ?? {},
  };
}

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
  catalog: CatalogService;
  /** Credentials the catalog is read with (the plugin's own). */
  credentials: BackstageCredentials;
  /**
   * Catalog answers of the alert lookups shared between deliveries (by
   * ref, by name, the selector list); without it each instance reads the
   * catalog afresh.
   */
  alertEntityCache?: EntityLookupStore;
}

/**
 * {@link IngestPorts} over {@link ValueStreamStore} and the catalog. Catalog
 * lookups are filter queries on annotations and names with a field
 * projection, answered once per instance; create one per delivery. The
 * alert lookups may also come from a cache shared between deliveries.
 */
export class DatabaseIngestPorts implements IngestPorts {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogService;
  readonly #credentials: BackstageCredentials;
  readonly #cache = new Map<string, Promise<IngestEntity[]>>();
  readonly #shared?: EntityLookupStore;

  static create(options: DatabaseIngestPortsOptions): DatabaseIngestPorts {
    return new DatabaseIngestPorts(options);
  }

  private constructor(options: DatabaseIngestPortsOptions) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#credentials = options.credentials;
    this.#shared = options.alertEntityCache;
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

  /**
   * A cached answer to an alert lookup: this instance's, else the shared
   * cache's (then kept for this instance too, so that one delivery sees one
   * answer throughout).
   */
  #cached(key: string): Promise<IngestEntity[]> | undefined {
    let result = this.#cache.get(key);
    if (!result) {
      result = this.#shared?.get(key);
      if (result) {
        this.#cache.set(key, result);
      }
    }
    return result;
  }

  /** Keeps an alert lookup's answer here and in the shared cache; not a failure. */
  #remember(key: string, result: Promise<IngestEntity[]>) {
    this.#cache.set(key, result);
    result.catch(() => this.#cache.delete(key));
    this.#shared?.set(key, result);
    return result;
  }

  /** Entities by ref, one catalog read for all of them; [] for a missing one. */
  #fetchByRefs(refs: string[]): Promise<IngestEntity[][]> {
    return this.#catalog
      .getEntitiesByRefs(
        { entityRefs: refs, fields: INGEST_FIELDS },
        { credentials: this.#credentials },
      )
      .then(({ items }) => items.map(e => (e ? [toIngestEntity(e)] : [])));
  }

  /** Entities named any of `names` (lower-case), grouped by name. */
  async #fetchByNames(names: string[]): Promise<Map<string, IngestEntity[]>> {
    const byName = new Map<string, IngestEntity[]>(names.map(n => [n, []]));
    // Name lists go into the query string: keep each read's URL short.
    for (const part of chunks(names, NAMES_PER_READ)) {
      for await (const page of this.#catalog.streamEntities(
        { filter: { 'metadata.name': part }, fields: INGEST_FIELDS },
        { credentials: this.#credentials },
      )) {
        for (const entity of page) {
          byName
            .get(entity.metadata.name.toLocaleLowerCase('en-US'))
            ?.push(toIngestEntity(entity));
        }
      }
    }
    return byName;
  }

  /**
   * Reads, in one catalog request each, the refs and the names of a
   * notification that are not cached yet.
   */
  async prefetchAlertEntities(request: {
    refs: readonly string[];
    names: readonly string[];
  }): Promise<void> {
    const refs = [...new Set(request.refs.map(normalizeRef))].filter(
      ref => !this.#cached(`ref:${ref}`),
    );
    const names = [
      ...new Set(request.names.map(n => n.toLocaleLowerCase('en-US'))),
    ].filter(name => !this.#cached(`name:${name}`));
    const pending: Promise<unknown>[] = [];
    if (refs.length) {
      const byRefs = this.#fetchByRefs(refs);
      refs.forEach((ref, i) =>
        this.#remember(
          `ref:${ref}`,
          byRefs.then(items => items[i]),
        ),
      );
      pending.push(byRefs);
    }
    if (names.length) {
      const byNames = this.#fetchByNames(names);
      names.forEach(name =>
        this.#remember(
          `name:${name}`,
          byNames.then(groups => groups.get(name) ?? []),
        ),
      );
      pending.push(byNames);
    }
    await Promise.all(pending);
  }

  alertEntities = {
    byRef: async (entityRef: string): Promise<IngestEntity | undefined> => {
      const ref = normalizeRef(entityRef);
      const key = `ref:${ref}`;
      const result =
        this.#cached(key) ??
        this.#remember(
          key,
          this.#fetchByRefs([ref]).then(items => items[0]),
        );
      return (await result)[0];
    },
    byName: (name: string): Promise<IngestEntity[]> => {
      const lower = name.toLocaleLowerCase('en-US');
      const key = `name:${lower}`;
      return (
        this.#cached(key) ??
        this.#remember(
          key,
          this.#fetchByNames([lower]).then(groups => groups.get(lower) ?? []),
        )
      );
    },
    withAlertSelector: (): Promise<IngestEntity[]> =>
      this.#cached('selectors') ??
      this.#remember(
        'selectors',
        this.#query({
          [annotationKey(ANNOTATION_ALERT_SELECTOR)]: CATALOG_FILTER_EXISTS,
        }),
      ),
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

  async upsertDeploymentByExternalId(input: IngestDeploymentInput) {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const record = {
      ...fields,
      entityRef: normalizeRef(fields.entityRef),
    };
    let current = await this.findDeploymentByExternalId(input.externalId);
    if (!current) {
      try {
        const deployment = await this.#store.records.create(
          'deployment',
          record,
          { actor, at },
        );
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
    const deployment = await this.#store.records.update('deployment', {
      id: current.id,
      expectedVersion: current.version,
      patch: {
        startedAt: null,
        finishedAt: null,
        gitSha: null,
        url: null,
        changeId: null,
        releaseId: null,
        ...patch,
      },
      actor,
      history:
        current.state === fields.state
          ? undefined
          : { from: current.state, to: fields.state, note },
      at,
    });
    return { deployment, created: false };
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
    const { expectedVersion, at, actor, note, ...fields } = input;
    const record = { ...fields, entityRef: normalizeRef(fields.entityRef) };
    let current = await this.findReleaseByExternalId(input.externalId);
    if (!current) {
      try {
        const release = await this.#store.records.create('release', record, {
          actor,
          at,
        });
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
    const release = await this.#store.records.update('release', {
      id: current.id,
      expectedVersion: current.version,
      patch: { gitTag: null, gitSha: null, url: null, ...patch },
      actor,
      history:
        current.state === fields.state
          ? undefined
          : { from: current.state, to: fields.state, note },
      at,
    });
    return { release, created: false };
  }
}
