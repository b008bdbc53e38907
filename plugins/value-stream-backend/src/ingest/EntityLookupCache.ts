/*
 * A bounded cache of catalog answers with a time to live, for the lookups
 * that map alerts to entities. Alertmanager sends the same services' alerts
 * over and over; reading the catalog for each notification would cost more
 * than storing its alerts.
 */
import type { IngestEntity } from './mappers';

/** Default time to live of a cached catalog answer. */
export const DEFAULT_ENTITY_CACHE_SECONDS = 60;

/** Default number of answers kept (names, refs and the selector list). */
const DEFAULT_ENTITY_CACHE_ENTRIES = 20_000;

/** Where catalog answers are kept; see {@link EntityLookupCache}. */
export interface EntityLookupStore {
  get(key: string): Promise<IngestEntity[]> | undefined;
  /** Keeps the answer; a rejected one is forgotten when it rejects. */
  set(key: string, value: Promise<IngestEntity[]>): Promise<IngestEntity[]>;
}

/**
 * Catalog answers for `ttlSeconds`, at most `maxEntries` of them (the oldest
 * go first). An answer still on its way is shared, so concurrent requests
 * that ask the same ask the catalog once. Nothing in it is needed by another
 * replica: each keeps its own, and each is at most `ttlSeconds` behind the
 * catalog.
 */
export class EntityLookupCache implements EntityLookupStore {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<
    string,
    { at: number; value: Promise<IngestEntity[]> }
  >();

  constructor(options: {
    ttlSeconds: number;
    maxEntries?: number;
    now?: () => number;
  }) {
    this.#ttlMs = options.ttlSeconds * 1000;
    this.#maxEntries = options.maxEntries ?? DEFAULT_ENTITY_CACHE_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): Promise<IngestEntity[]> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (this.#now() - entry.at >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: Promise<IngestEntity[]>): Promise<IngestEntity[]> {
    if (this.#ttlMs <= 0) {
      return value;
    }
    const entry = { at: this.#now(), value };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    value.catch(() => {
      if (this.#entries.get(key) === entry) {
        this.#entries.delete(key);
      }
    });
    return value;
  }
}
