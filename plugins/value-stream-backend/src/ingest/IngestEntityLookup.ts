/*
 * The catalog lookups of ingestion: which entities a repository, a PagerDuty
 * service or an alert belongs to. Filter queries with a field projection,
 * answered once per instance (one per webhook delivery); the alert lookups
 * may also come from a cache shared between deliveries.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_ALERT_SELECTOR } from '@valuestream/plugin-value-stream-common';
import { chunks } from '../database/records';
import type { EntityLookupStore } from './EntityLookupCache';
import type { IngestEntity } from './mappers';
import { normalizeRef } from '../lib/refs';
import { entityRefOf } from '../domain/CatalogGateway';

/** The annotations ingestion maps by. */
const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';

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

/** Options of {@link IngestEntityLookup.create}. */
export interface IngestEntityLookupOptions {
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

/** The entities of one delivery's events; create one per delivery. */
export class IngestEntityLookup {
  readonly #catalog: CatalogService;
  readonly #credentials: BackstageCredentials;
  readonly #cache = new Map<string, Promise<IngestEntity[]>>();
  readonly #shared?: EntityLookupStore;

  static create(options: IngestEntityLookupOptions): IngestEntityLookup {
    return new IngestEntityLookup(options);
  }

  private constructor(options: IngestEntityLookupOptions) {
    this.#catalog = options.catalog;
    this.#credentials = options.credentials;
    this.#shared = options.alertEntityCache;
  }

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
}
